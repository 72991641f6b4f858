package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// The campaign results read the counters the other paths keep, never raw clicks, orders
// or snapshots:
//   - traffic: the click counters' day buckets (counters.go), the campaign's and each
//     membership's;
//   - sales: the order ledger's per-membership day counters (orders.go);
//   - content: one item per creator and day holding each tracked post's level at its last
//     pull of the day, written by SavePost below.
//
// Click counters and content levels are kept per UTC day; order counters per the
// workspace's day. A day of the results is therefore exact for sales and, for a workspace
// off UTC, shifted by its offset for clicks and views (docs/metrics.md says so).

// contentPK is the partition of a campaign's content levels.
func contentPK(ws, campaign string) string { return workspacePK(ws) + "#C#" + campaign + "#CONTENT" }

// contentSKPrefix starts the sort keys of one creator's content levels.
func contentSKPrefix(creator string) string { return "M#" + creator + "#D#" }

// postLevel is a post's level as stored under its attribute in a content item.
type postLevel struct {
	// At is the run time of the pull, so a late retry of an older run cannot overwrite
	// a newer level of the same day.
	At        string `json:"at"`
	Views     int64  `json:"views"`
	Likes     int64  `json:"likes"`
	Comments  int64  `json:"comments"`
	Shares    int64  `json:"shares"`
	Saves     int64  `json:"saves"`
	Checked   bool   `json:"checked"`
	Disclosed bool   `json:"disclosed"`
}

// putContentLevel records a pull as the post's level for the run's UTC day, unless the day
// holds a level from a later run already. One UpdateItem of a small item (1 WCU) per
// pulled post; a retried run writes the same values again.
func (t *Table) putContentLevel(ctx context.Context, p tracking.Post, u tracking.PostUpdate) error {
	l := u.Latest
	level := postLevel{At: sortTime(l.At), Views: deref(l.Views), Likes: deref(l.Likes), Comments: deref(l.Comments),
		Shares: deref(l.Shares), Saves: deref(l.Saves)}
	level.Checked, level.Disclosed = !u.Disclosure.CheckedAt.IsZero(), u.Disclosure.Disclosed
	av, err := marshal(level)
	if err != nil {
		return fmt.Errorf("encode content level of %s: %w", p.ID, err)
	}
	key := Key{PK: contentPK(p.WorkspaceID, p.CampaignID), SK: contentSKPrefix(p.CreatorID) + l.At.UTC().Format(time.DateOnly)}
	_, err = t.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                aws.String(t.Name),
		Key:                      key.attributes(),
		UpdateExpression:         aws.String("SET #p = :level"),
		ConditionExpression:      aws.String("attribute_not_exists(#p) OR #p.#at <= :at"),
		ExpressionAttributeNames: map[string]string{"#p": "p#" + p.ID, "#at": "at"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":level": av, ":at": &types.AttributeValueMemberS{Value: level.At},
		},
	})
	if err != nil {
		if err := classify(err); !errors.Is(err, ErrConflict) {
			return fmt.Errorf("save content level of %s: %w", p.ID, err)
		}
	}
	return nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// ResultsAggregates serves the campaign results' daily aggregates from the counters.
type ResultsAggregates struct {
	t *Table
	// parallel bounds the queries in flight for one dashboard.
	parallel int
}

var _ results.AggregateReader = ResultsAggregates{}

// Results returns the table's reader of campaign aggregates.
func (t *Table) Results() ResultsAggregates { return ResultsAggregates{t: t, parallel: 12} }

// Days reads the campaign's traffic and, for each of its creators, traffic, sales and
// content: 1 + 3 × creators Queries, at most parallel at a time. Every source exists in
// this system, so a campaign without clicks has zero clicks, not no data.
func (r ResultsAggregates) Days(ctx context.Context, s results.Setup, rng results.Range) (results.Aggregates, error) {
	ws, campaign := s.Campaign.WorkspaceID, s.Campaign.ID
	out := results.Aggregates{
		Sources:  results.Sources{Traffic: true, Sales: true, Content: true},
		Creators: make([]results.MemberDays, len(s.Members)),
	}
	var (
		wg    sync.WaitGroup
		slots = make(chan struct{}, r.parallel)
		mu    sync.Mutex
		first error
	)
	run := func(what string, read func() error) {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			if err := read(); err != nil {
				mu.Lock()
				if first == nil {
					first = fmt.Errorf("read %s of campaign %s: %w", what, campaign, err)
				}
				mu.Unlock()
			}
		})
	}
	run("traffic", func() (err error) {
		out.Traffic, err = r.traffic(ctx, analytics.Scope{WorkspaceID: ws, Kind: analytics.ScopeCampaign, ID: campaign}, rng)
		return err
	})
	for i, m := range s.Members {
		d := &out.Creators[i]
		d.CreatorID = m.CreatorID
		run("traffic of "+m.CreatorID, func() (err error) {
			d.Traffic, err = r.traffic(ctx, analytics.MembershipScope(ws, campaign, m.CreatorID), rng)
			return err
		})
		run("sales of "+m.CreatorID, func() (err error) {
			d.Sales, err = r.sales(ctx, ws, campaign, m.CreatorID, rng)
			return err
		})
		run("content of "+m.CreatorID, func() (err error) {
			d.Content, err = r.content(ctx, ws, campaign, m.CreatorID, rng)
			return err
		})
	}
	wg.Wait()
	if first != nil {
		return results.Aggregates{}, first
	}
	return out, nil
}

// traffic reads a scope's day buckets of the range.
func (r ResultsAggregates) traffic(ctx context.Context, scope analytics.Scope, rng results.Range) ([]results.TrafficDay, error) {
	from, err := time.Parse(time.DateOnly, string(rng.From))
	if err != nil {
		return nil, fmt.Errorf("range start %q: %w", rng.From, err)
	}
	buckets, err := r.t.Counters(ctx, scope, analytics.Day, from, from.AddDate(0, 0, rng.Len()))
	if err != nil {
		return nil, err
	}
	out := make([]results.TrafficDay, 0, len(buckets))
	for _, b := range buckets {
		out = append(out, results.TrafficDay{Day: results.Day(b.Start.Format(time.DateOnly)),
			Clicks: b.Counters[analytics.Clicks], HumanClicks: b.Counters[analytics.HumanClicks],
			UniqueVisitors: b.Counters[analytics.Uniques]})
	}
	return out, nil
}

// sales reads a membership's day counters of the range, one per currency and day.
func (r ResultsAggregates) sales(ctx context.Context, ws, campaign, creator string, rng results.Range) ([]results.SalesDay, error) {
	prefix := "M#" + creator + "#DAY#"
	var items []counterItem
	if err := r.t.queryBetween(ctx, countersPK(ws, campaign), prefix+string(rng.From), prefix+string(rng.To)+"#~", &items); err != nil {
		return nil, err
	}
	out := make([]results.SalesDay, 0, len(items))
	for _, it := range items {
		c := it.Counter
		out = append(out, results.SalesDay{Day: results.Day(c.Day), Currency: money.Currency(c.Currency),
			Orders: c.Orders, OrdersByCode: c.OrdersByCode, OrdersByClick: c.OrdersByClick,
			NetRevenue: c.Net, NetRevenueByCode: c.NetByCode, NetRevenueByClick: c.NetByClick,
			Refunds: c.Refunded, Commission: c.Commission})
	}
	return out, nil
}

// content reads a creator's post levels up to the range's end, from the first one on: a
// day's views are its levels less the post's previous levels, so the days before the range
// are needed to know what the range added. A campaign's posts have one item a day each
// at most, for the campaign's life.
func (r ResultsAggregates) content(ctx context.Context, ws, campaign, creator string, rng results.Range) ([]results.ContentDay, error) {
	prefix := contentSKPrefix(creator)
	var items []map[string]types.AttributeValue
	if err := r.t.queryBetween(ctx, contentPK(ws, campaign), prefix, prefix+string(rng.To), &items); err != nil {
		return nil, err
	}
	var levels []results.PostLevel
	for _, item := range items {
		sk, _ := item[string(system.Table.SortKey)].(*types.AttributeValueMemberS)
		if sk == nil {
			continue
		}
		day := results.Day(strings.TrimPrefix(sk.Value, prefix))
		for name, av := range item {
			post, ok := strings.CutPrefix(name, "p#")
			if !ok {
				continue
			}
			m, ok := av.(*types.AttributeValueMemberM)
			var l postLevel
			if !ok {
				return nil, fmt.Errorf("decode content level %s of %s: not a map", name, sk.Value)
			}
			if err := unmarshalMap(m.Value, &l); err != nil {
				return nil, fmt.Errorf("decode content level %s of %s: %w", name, sk.Value, err)
			}
			levels = append(levels, results.PostLevel{Post: post, Day: day, Views: l.Views, Likes: l.Likes,
				Comments: l.Comments, Shares: l.Shares, Saves: l.Saves, Checked: l.Checked, Disclosed: l.Disclosed})
		}
	}
	return results.ContentDays(levels), nil
}

// queryBetween reads every item of partition pk whose sort key lies in [from, to] into out
// (a pointer to a slice of structs or of attribute maps).
func (t *Table) queryBetween(ctx context.Context, pk, from, to string, out any) error {
	in := &dynamodb.QueryInput{
		TableName:                aws.String(t.Name),
		KeyConditionExpression:   aws.String("#pk = :pk AND #sk BETWEEN :from AND :to"),
		ExpressionAttributeNames: map[string]string{"#pk": string(system.Table.PartitionKey), "#sk": string(system.Table.SortKey)},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: pk}, ":from": &types.AttributeValueMemberS{Value: from},
			":to": &types.AttributeValueMemberS{Value: to},
		},
	}
	var items []map[string]types.AttributeValue
	pages := dynamodb.NewQueryPaginator(t.DB, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("query %s %s..%s: %w", pk, from, to, classify(err))
		}
		items = append(items, page.Items...)
	}
	if raw, ok := out.(*[]map[string]types.AttributeValue); ok {
		*raw = items
		return nil
	}
	if err := unmarshalListOfMaps(items, out); err != nil {
		return fmt.Errorf("decode %s %s..%s: %w", pk, from, to, err)
	}
	return nil
}
