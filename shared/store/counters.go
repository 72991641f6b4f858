package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/system"
)

var _ analytics.CounterStore = (*Table)(nil)

// visitorTTL keeps a day's visitor claims a little past the day, for late stream records.
const visitorTTL = 3 * 24 * time.Hour

// StatsPK is the partition of one scope's counters: its hour and day buckets sort by time
// under it, so a chart is one Query.
func StatsPK(s analytics.Scope) string {
	return "WS#" + s.WorkspaceID + "#STATS#" + string(s.Kind) + "#" + s.ID
}

// BucketSK is the sort key of the bucket of granularity g starting at start.
func BucketSK(g analytics.Granularity, start time.Time) string {
	if g == analytics.Day {
		return "D#" + start.UTC().Format(time.DateOnly)
	}
	return "H#" + start.UTC().Format("2006-01-02T15")
}

// VisitorKey is the key of a visitor's claims in one campaign on one UTC day. One item per
// visitor, campaign and day holds the first click in each of the campaign's scopes.
func VisitorKey(v analytics.Visit) Key {
	return Key{
		PK: "WS#" + v.WorkspaceID + "#VISITOR#" + v.CampaignID + "#" + v.Day.UTC().Format(time.DateOnly) + "#" + v.VisitorKey,
		SK: "VISITOR",
	}
}

// ClaimVisitor records the click as the visitor's first of the day in each scope where
// none is recorded yet (if_not_exists), and reports where this click is that first one.
// A retry of the same click finds its own id and gets the same answer.
func (t *Table) ClaimVisitor(ctx context.Context, v analytics.Visit) (analytics.Firsts, error) {
	res, err := t.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:        aws.String(t.Name),
		Key:              VisitorKey(v).attributes(),
		UpdateExpression: aws.String("SET #l = if_not_exists(#l, :c), #m = if_not_exists(#m, :c), #cp = if_not_exists(#cp, :c), #exp = if_not_exists(#exp, :exp)"),
		ExpressionAttributeNames: map[string]string{
			"#l": "l#" + v.LinkID, "#m": "m#" + v.MembershipID, "#cp": "c", "#exp": system.Table.TTLAttribute,
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":c":   &types.AttributeValueMemberS{Value: v.ClickID},
			":exp": &types.AttributeValueMemberN{Value: strconv.FormatInt(v.Day.Add(visitorTTL).Unix(), 10)},
		},
		ReturnValues: types.ReturnValueAllNew,
	})
	if err != nil {
		return analytics.Firsts{}, fmt.Errorf("claim visitor for click %s: %w", v.ClickID, classify(err))
	}
	first := func(name string) bool {
		s, ok := res.Attributes[name].(*types.AttributeValueMemberS)
		return ok && s.Value == v.ClickID
	}
	return analytics.Firsts{Link: first("l#" + v.LinkID), Membership: first("m#" + v.MembershipID), Campaign: first("c")}, nil
}

// countAttempts bounds retries of a counting transaction that lost a race with another
// (stream shards are counted in parallel and share campaign counters).
const countAttempts = 5

// Count marks each click counted and adds the tallies to their buckets in one
// transaction. A click counted before fails its condition and cancels the whole
// transaction; Count then reports those clicks in *analytics.AlreadyCounted.
func (t *Table) Count(ctx context.Context, clickIDs []string, tallies []analytics.Tally) error {
	if len(clickIDs)+len(tallies) > MaxTxItems {
		return fmt.Errorf("count %d clicks into %d buckets: more than %d items", len(clickIDs), len(tallies), MaxTxItems)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	var err error
	for attempt := range countAttempts {
		tx := t.Tx()
		for _, id := range clickIDs {
			tx.Update(ClickKey(id),
				Update{Expr: "SET #counted = :now", Names: map[string]string{"#counted": "countedAt"}, Values: map[string]any{":now": now}},
				Condition{Expr: "attribute_exists(#pk) AND attribute_not_exists(#counted)",
					Names: map[string]string{"#pk": string(system.Table.PartitionKey), "#counted": "countedAt"}})
		}
		for _, tl := range tallies {
			tx.Update(Key{PK: StatsPK(tl.Scope), SK: BucketSK(tl.Granularity, tl.Start)}, tallyUpdate(tl), Condition{})
		}
		err = tx.Commit(ctx, "")
		switch {
		case err == nil:
			return nil
		case errors.Is(err, ErrConflict):
			var ids []string
			for _, i := range FailedConditions(err) {
				if i < len(clickIDs) {
					ids = append(ids, clickIDs[i])
				}
			}
			return &analytics.AlreadyCounted{ClickIDs: ids}
		case !errors.Is(err, ErrThrottled):
			return fmt.Errorf("count %d clicks: %w", len(clickIDs), err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("count %d clicks: %w", len(clickIDs), err)
		case <-time.After(time.Duration(10<<attempt)*time.Millisecond + rand.N(10*time.Millisecond)):
		}
	}
	return fmt.Errorf("count %d clicks after %d attempts: %w", len(clickIDs), countAttempts, err)
}

// tallyUpdate adds a tally to its bucket. The day buckets of campaigns and memberships
// are the results' traffic, and are marked as such for the resultspack function.
func tallyUpdate(tl analytics.Tally) Update {
	u := addCounters(tl.Add)
	if tl.Granularity == analytics.Day && (tl.Scope.Kind == analytics.ScopeCampaign || tl.Scope.Kind == analytics.ScopeMembership) {
		u.Expr = "SET #source = :source " + u.Expr
		u.Names["#source"], u.Values[":source"] = system.ResultsSourceAttribute, sourceTraffic
	}
	return u
}

// addCounters is "ADD #n0 :v0, #n1 :v1, ...": atomic increments that create missing
// counters, so buckets need no set-up.
func addCounters(add analytics.Counters) Update {
	u := Update{Names: map[string]string{}, Values: map[string]any{}}
	expr := make([]byte, 0, 16*len(add))
	expr = append(expr, "ADD "...)
	i := 0
	for name, v := range add {
		n, val := "#n"+strconv.Itoa(i), ":v"+strconv.Itoa(i)
		if i > 0 {
			expr = append(expr, ", "...)
		}
		expr = append(expr, n+" "+val...)
		u.Names[n], u.Values[val] = name, v
		i++
	}
	u.Expr = string(expr)
	return u
}

// Counters reads a scope's buckets of granularity g that overlap [from, to).
func (t *Table) Counters(ctx context.Context, scope analytics.Scope, g analytics.Granularity, from, to time.Time) ([]analytics.Bucket, error) {
	if !from.Before(to) {
		return nil, nil
	}
	first, last := g.Start(from), g.Start(to.Add(-time.Nanosecond))
	in := &dynamodb.QueryInput{
		TableName:              aws.String(t.Name),
		KeyConditionExpression: aws.String("#pk = :pk AND #sk BETWEEN :from AND :to"),
		ExpressionAttributeNames: map[string]string{
			"#pk": string(system.Table.PartitionKey), "#sk": string(system.Table.SortKey),
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   &types.AttributeValueMemberS{Value: StatsPK(scope)},
			":from": &types.AttributeValueMemberS{Value: BucketSK(g, first)},
			":to":   &types.AttributeValueMemberS{Value: BucketSK(g, last)},
		},
	}
	var out []analytics.Bucket
	pages := dynamodb.NewQueryPaginator(t.DB, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("read %s counters of %s: %w", g, StatsPK(scope), classify(err))
		}
		for _, item := range page.Items {
			b, err := decodeBucket(g, item)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
	}
	return out, nil
}

func decodeBucket(g analytics.Granularity, item map[string]types.AttributeValue) (analytics.Bucket, error) {
	sk, _ := item[string(system.Table.SortKey)].(*types.AttributeValueMemberS)
	if sk == nil || len(sk.Value) < 2 {
		return analytics.Bucket{}, errors.New("decode counter bucket: no sort key")
	}
	layout := "2006-01-02T15"
	if g == analytics.Day {
		layout = time.DateOnly
	}
	start, err := time.Parse(layout, sk.Value[2:])
	if err != nil {
		return analytics.Bucket{}, fmt.Errorf("decode counter bucket %q: %w", sk.Value, err)
	}
	b := analytics.Bucket{Start: start, Counters: analytics.Counters{}}
	for name, av := range item {
		if n, ok := av.(*types.AttributeValueMemberN); ok && name != system.Table.TTLAttribute {
			v, err := strconv.ParseInt(n.Value, 10, 64)
			if err != nil {
				return analytics.Bucket{}, fmt.Errorf("decode counter %s of %q: %w", name, sk.Value, err)
			}
			b.Counters[name] = v
		}
	}
	return b, nil
}
