package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
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
)

// The packed results: one item per creator and month, and one per month for the
// campaign's own traffic, holding that month's counters as a results.Month:
//
//	packed month   WS#<ws>#C#<campaign>#RESULTS | <yyyy-mm>#C, <yyyy-mm>#M#<creator>
//
// A dashboard reads the partition up to its last month in one paged Query (a year of 50
// creators is 612 items of about 1 KB, one page), never the tens of thousands of counter
// items. The resultspack function keeps them from the counters' stream (PackResults);
// packBackoff is the pause before attempt+1: a random share of a doubling ceiling (10 ms,
// 20 ms, ... up to a second), so writers that lost the same race spread out instead of
// colliding again in step.
func packBackoff(attempt int) time.Duration {
	ceiling := min(10*time.Millisecond<<attempt, time.Second)
	return time.Millisecond + rand.N(ceiling)
}

// RepackResults rebuilds a campaign's from the counters themselves.

// The values of system.ResultsSourceAttribute.
const (
	sourceTraffic = "traffic"
	sourceSales   = "sales"
	sourceContent = "content"
)

// resultsPK is the partition of a campaign's packed months.
func resultsPK(ws, campaign string) string { return workspacePK(ws) + "#C#" + campaign + "#RESULTS" }

// monthSK is the sort key of a packed month: the campaign's own when creator is "".
func monthSK(month, creator string) string {
	if creator == "" {
		return month + "#C"
	}
	return month + "#M#" + creator
}

// packedMonth is a packed month as stored. Version counts its writes, so that two
// writers of one month never overwrite each other's changes.
type packedMonth struct {
	PK      string `json:"pk"`
	SK      string `json:"sk"`
	Version int64  `json:"v"`
	Data    []byte `json:"d"`
}

// ResultsChange is a counter item's new value, addressed to its packed month.
type ResultsChange struct {
	WorkspaceID string
	CampaignID  string
	// CreatorID is "" for the campaign's own traffic.
	CreatorID string
	results.Change
}

func (c ResultsChange) key() Key {
	return Key{PK: resultsPK(c.WorkspaceID, c.CampaignID), SK: monthSK(c.MonthOf(), c.CreatorID)}
}

// DecodeResultsChange reads a counter item (a stream record's new image or a read item)
// as the change of its packed month. ok is false for items the results do not read:
// hour buckets, totals, other scopes.
func DecodeResultsChange(item map[string]types.AttributeValue) (c ResultsChange, ok bool, err error) {
	pk, _ := item[string(system.Table.PartitionKey)].(*types.AttributeValueMemberS)
	sk, _ := item[string(system.Table.SortKey)].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil {
		return ResultsChange{}, false, errors.New("decode counter: no key")
	}
	ws, rest, found := strings.Cut(strings.TrimPrefix(pk.Value, "WS#"), "#")
	if !found || !strings.HasPrefix(pk.Value, "WS#") {
		return ResultsChange{}, false, nil
	}
	c.WorkspaceID = ws
	switch {
	case strings.HasPrefix(rest, "STATS#CAMPAIGN#"):
		c.CampaignID = strings.TrimPrefix(rest, "STATS#CAMPAIGN#")
		return c.traffic(sk.Value, item)
	case strings.HasPrefix(rest, "STATS#MEMBER#"):
		c.CampaignID, c.CreatorID, found = strings.Cut(strings.TrimPrefix(rest, "STATS#MEMBER#"), "/")
		if !found {
			return ResultsChange{}, false, fmt.Errorf("decode counter %s: no campaign/creator", pk.Value)
		}
		return c.traffic(sk.Value, item)
	case strings.HasPrefix(rest, "C#") && strings.HasSuffix(rest, "#COUNTERS"):
		c.CampaignID = strings.TrimSuffix(strings.TrimPrefix(rest, "C#"), "#COUNTERS")
		return c.sales(pk.Value, sk.Value, item)
	case strings.HasPrefix(rest, "C#") && strings.HasSuffix(rest, "#CONTENT"):
		c.CampaignID = strings.TrimSuffix(strings.TrimPrefix(rest, "C#"), "#CONTENT")
		return c.content(sk.Value, item)
	}
	return ResultsChange{}, false, nil
}

// traffic reads a click counter's day bucket (D#<day>); hour buckets are not read.
func (c ResultsChange) traffic(sk string, item map[string]types.AttributeValue) (ResultsChange, bool, error) {
	if !strings.HasPrefix(sk, "D#") {
		return ResultsChange{}, false, nil
	}
	b, err := decodeBucket(analytics.Day, item)
	if err != nil {
		return ResultsChange{}, false, err
	}
	c.Traffic = &results.TrafficDay{Day: results.Day(b.Start.Format(time.DateOnly)),
		Clicks: b.Counters[analytics.Clicks], HumanClicks: b.Counters[analytics.HumanClicks],
		UniqueVisitors: b.Counters[analytics.Uniques]}
	return c, true, nil
}

// sales reads a membership's day counter (M#<creator>#DAY#<day>#<cur>); the campaign's
// own counters and the totals are not read.
func (c ResultsChange) sales(pk, sk string, item map[string]types.AttributeValue) (ResultsChange, bool, error) {
	creator, rest, ok := strings.Cut(strings.TrimPrefix(sk, "M#"), "#DAY#")
	if !ok || !strings.HasPrefix(sk, "M#") {
		return ResultsChange{}, false, nil
	}
	var it counterItem
	if err := unmarshalMap(item, &it); err != nil {
		return ResultsChange{}, false, fmt.Errorf("decode order counter %s %s: %w", pk, sk, err)
	}
	day, cur, _ := strings.Cut(rest, "#")
	if !results.Day(day).Valid() || cur == "" {
		return ResultsChange{}, false, fmt.Errorf("decode order counter %s %s: bad day or currency", pk, sk)
	}
	k := it.Counter
	c.CreatorID = creator
	c.Sales = &results.SalesDay{Day: results.Day(day), Currency: money.Currency(cur),
		Orders: k.Orders, OrdersByCode: k.OrdersByCode, OrdersByClick: k.OrdersByClick,
		NetRevenue: k.Net, NetRevenueByCode: k.NetByCode, NetRevenueByClick: k.NetByClick,
		Refunds: k.Refunded, Commission: k.Commission}
	return c, true, nil
}

// content reads a creator's post levels of a day (M#<creator>#D#<day>).
func (c ResultsChange) content(sk string, item map[string]types.AttributeValue) (ResultsChange, bool, error) {
	creator, day, ok := strings.Cut(strings.TrimPrefix(sk, "M#"), "#D#")
	if !ok || !results.Day(day).Valid() {
		return ResultsChange{}, false, fmt.Errorf("decode content level %s: bad key", sk)
	}
	c.CreatorID, c.Day, c.Levels = creator, results.Day(day), []results.PostLevel{}
	for name, av := range item {
		post, ok := strings.CutPrefix(name, "p#")
		if !ok {
			continue
		}
		m, ok := av.(*types.AttributeValueMemberM)
		if !ok {
			return ResultsChange{}, false, fmt.Errorf("decode content level %s of %s: not a map", name, sk)
		}
		var l postLevel
		if err := unmarshalMap(m.Value, &l); err != nil {
			return ResultsChange{}, false, fmt.Errorf("decode content level %s of %s: %w", name, sk, err)
		}
		c.Levels = append(c.Levels, results.PostLevel{Post: post, Day: c.Day, Views: l.Views, Likes: l.Likes,
			Comments: l.Comments, Shares: l.Shares, Saves: l.Saves, Checked: l.Checked, Disclosed: l.Disclosed})
	}
	return c, true, nil
}

// packAttempts bounds the rewrites of one month that lose a race to another writer (two
// stream shards carrying counters of the same month).
const packAttempts = 10

// packParallel bounds the months written at once by one call.
const packParallel = 16

// PackResults applies changes to their packed months: per month, one consistent read and
// one conditional write for all of its changes, later changes of a counter winning over
// earlier ones. A month written by someone else meanwhile is read and applied again. It
// returns the indexes of the changes whose month could not be written, in order, with
// the errors; the others are stored.
func (t *Table) PackResults(ctx context.Context, changes []ResultsChange) (failed []int, err error) {
	type month struct {
		key     Key
		changes []int
	}
	var months []*month
	byKey := map[Key]*month{}
	for i, c := range changes {
		k := c.key()
		m := byKey[k]
		if m == nil {
			m = &month{key: k}
			byKey[k] = m
			months = append(months, m)
		}
		m.changes = append(m.changes, i)
	}
	var (
		wg    sync.WaitGroup
		slots = make(chan struct{}, packParallel)
		mu    sync.Mutex
		errs  []error
	)
	for _, m := range months {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			apply := make([]results.Change, len(m.changes))
			for j, i := range m.changes {
				apply[j] = changes[i].Change
			}
			if err := t.packMonth(ctx, m.key, apply); err != nil {
				mu.Lock()
				failed = append(failed, m.changes...)
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(failed)
	return failed, errors.Join(errs...)
}

// packMonth reads a packed month, applies the changes and writes it back if that
// changed it, on condition that nobody wrote it in between.
func (t *Table) packMonth(ctx context.Context, key Key, changes []results.Change) error {
	month := key.SK[:7]
	var err error
	for attempt := range packAttempts {
		var stored packedMonth
		m := results.Month{Month: month}
		switch err = t.Get(ctx, key, &stored, true); {
		case err == nil:
			if m, err = results.DecodeMonth(month, stored.Data); err != nil {
				return fmt.Errorf("pack %s %s: %w", key.PK, key.SK, err)
			}
		case !errors.Is(err, ErrNotFound):
			return fmt.Errorf("pack %s %s: %w", key.PK, key.SK, err)
		}
		for _, c := range changes {
			m.Apply(c)
		}
		data := m.Encode()
		if stored.Version > 0 && bytes.Equal(data, stored.Data) {
			return nil // a replayed batch: nothing new
		}
		cond := IfAbsent()
		if stored.Version > 0 {
			cond = Condition{Expr: "#v = :v", Names: map[string]string{"#v": "v"}, Values: map[string]any{":v": stored.Version}}
		}
		err = t.Put(ctx, packedMonth{PK: key.PK, SK: key.SK, Version: stored.Version + 1, Data: data}, cond)
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrConflict) && !errors.Is(err, ErrThrottled) {
			return fmt.Errorf("pack %s %s: %w", key.PK, key.SK, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pack %s %s: %w", key.PK, key.SK, ctx.Err())
		case <-time.After(packBackoff(attempt)):
		}
	}
	return fmt.Errorf("pack %s %s after %d attempts: %w", key.PK, key.SK, packAttempts, err)
}

// RepackResults rebuilds a campaign's packed months from its counters: the campaign's
// and each creator's click day buckets, the order counters and the content levels, read
// with 3 + creators paged Queries. The stream keeps the months current; this is for a
// campaign whose changes the stream could not deliver (records older than its 24 hours)
// and for seeds. Running it any number of times, and while the stream runs, is safe:
// every change is a counter's value at the time it is read.
func (t *Table) RepackResults(ctx context.Context, ws, campaign string, creators []string) error {
	reads := []struct{ pk, prefix string }{
		{StatsPK(analytics.Scope{WorkspaceID: ws, Kind: analytics.ScopeCampaign, ID: campaign}), "D#"},
		{countersPK(ws, campaign), "M#"},
		{contentPK(ws, campaign), "M#"},
	}
	for _, c := range creators {
		reads = append(reads, struct{ pk, prefix string }{StatsPK(analytics.MembershipScope(ws, campaign, c)), "D#"})
	}
	var changes []ResultsChange
	for _, r := range reads {
		items, err := t.queryItems(ctx, r.pk, t.prefixQuery("", r.pk, r.prefix))
		if err != nil {
			return fmt.Errorf("repack results of campaign %s: %w", campaign, err)
		}
		for _, item := range items {
			c, ok, err := DecodeResultsChange(item)
			if err != nil {
				return fmt.Errorf("repack results of campaign %s: %w", campaign, err)
			}
			if ok {
				changes = append(changes, c)
			}
		}
	}
	if _, err := t.PackResults(ctx, changes); err != nil {
		return fmt.Errorf("repack results of campaign %s: %w", campaign, err)
	}
	return nil
}

// PackedResults reads campaign results from the packed months.
type PackedResults struct{ t *Table }

var _ results.AggregateReader = PackedResults{}

// Results returns the table's reader of campaign aggregates.
func (t *Table) Results() PackedResults { return PackedResults{t: t} }

// Days reads the campaign's packed months from its first to the range's last, in one
// paged Query: the months before the range hold the content levels its views are
// counted from. Every source exists in this system, so a campaign without clicks has
// zero clicks, not no data.
func (r PackedResults) Days(ctx context.Context, s results.Setup, rng results.Range) (results.Aggregates, error) {
	pk := resultsPK(s.Campaign.WorkspaceID, s.Campaign.ID)
	if rng.Len() == 0 {
		return results.Packed{}.Aggregates(s, rng), nil
	}
	items, err := r.t.queryItems(ctx, pk, &dynamodb.QueryInput{
		TableName:                aws.String(r.t.Name),
		KeyConditionExpression:   aws.String("#pk = :pk AND #sk <= :to"),
		ExpressionAttributeNames: map[string]string{"#pk": string(system.Table.PartitionKey), "#sk": string(system.Table.SortKey)},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: pk}, ":to": &types.AttributeValueMemberS{Value: string(rng.To)[:7] + "#~"},
		},
	})
	if err != nil {
		return results.Aggregates{}, fmt.Errorf("read results of campaign %s: %w", s.Campaign.ID, err)
	}
	p := results.Packed{Creators: make(map[string][]results.Month, len(s.Members))}
	for _, item := range items {
		sk, _ := item[string(system.Table.SortKey)].(*types.AttributeValueMemberS)
		data, _ := item["d"].(*types.AttributeValueMemberB)
		if sk == nil || data == nil || len(sk.Value) < 9 {
			return results.Aggregates{}, fmt.Errorf("read results of campaign %s: malformed packed month", s.Campaign.ID)
		}
		m, err := results.DecodeMonth(sk.Value[:7], data.Value)
		if err != nil {
			return results.Aggregates{}, fmt.Errorf("read results of campaign %s: %w", s.Campaign.ID, err)
		}
		if creator, ok := strings.CutPrefix(sk.Value[7:], "#M#"); ok {
			p.Creators[creator] = append(p.Creators[creator], m)
		} else {
			p.Campaign = append(p.Campaign, m)
		}
	}
	return p.Aggregates(s, rng), nil
}
