package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

const (
	packWS       = "packworkspace001"
	packCampaign = "packcampaign0001"
)

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// seedPackSources writes, through the writers the click aggregator, the order ledger and
// the metrics job use, counters of two months for ana, a creator in another campaign,
// and nothing for ben.
func seedPackSources(t *testing.T, table *store.Table) {
	t.Helper()
	ctx := context.Background()
	campaign := analytics.Scope{WorkspaceID: packWS, Kind: analytics.ScopeCampaign, ID: packCampaign}
	ana := analytics.MembershipScope(packWS, packCampaign, "ana")
	other := analytics.MembershipScope(packWS, "othercampaign001", "ana")
	tally := func(s analytics.Scope, g analytics.Granularity, at string, clicks, human, uniques int64) analytics.Tally {
		return analytics.Tally{Scope: s, Granularity: g, Start: day(at),
			Add: analytics.Counters{analytics.Clicks: clicks, analytics.HumanClicks: human, analytics.Uniques: uniques}}
	}
	for _, batch := range [][]analytics.Tally{
		{tally(campaign, analytics.Day, "2026-02-27", 4, 3, 3), tally(ana, analytics.Day, "2026-02-27", 4, 3, 3),
			tally(ana, analytics.Hour, "2026-02-27", 4, 3, 3), tally(other, analytics.Day, "2026-02-27", 50, 50, 50)},
		// A second batch adds to the same day: the packed month holds the sum.
		{tally(campaign, analytics.Day, "2026-02-27", 2, 1, 1), tally(ana, analytics.Day, "2026-02-27", 2, 1, 1)},
		{tally(campaign, analytics.Day, "2026-03-02", 10, 9, 8), tally(ana, analytics.Day, "2026-03-02", 10, 9, 8)},
	} {
		if err := table.Count(ctx, nil, batch); err != nil {
			t.Fatal(err)
		}
	}
	counter := func(creator, d, cur string, orders, net, refunded int64) orderflow.Counter {
		return orderflow.Counter{CounterKey: orderflow.CounterKey{CampaignID: packCampaign, CreatorID: creator, Day: d, Currency: cur},
			Orders: orders, Revenue: net + refunded, Refunded: refunded, Net: net, OrdersByCode: orders, NetByCode: net, Commission: net / 10}
	}
	for i, cs := range [][]orderflow.Counter{
		// The campaign's own counters and the totals are not the results' sales.
		{counter("ana", "2026-02-27", "USD", 1, 12000, 0), counter("", "2026-02-27", "USD", 1, 12000, 0),
			counter("ana", "", "USD", 1, 12000, 0)},
		{counter("ana", "2026-03-02", "EUR", 2, 9000, 0)},
		// A refund booked on the day.
		{counter("ana", "2026-03-02", "USD", 0, -4000, 4000)},
	} {
		if err := table.Commit(ctx, orderflow.Change{Record: orderflow.Record{WorkspaceID: packWS, OrderID: fmt.Sprint("o", i)}, Counters: cs}); err != nil {
			t.Fatal(err)
		}
	}
	post := tracking.Post{ID: "youtube-vid1", WorkspaceID: packWS, CampaignID: packCampaign, CreatorID: "ana"}
	if err := table.TrackPost(ctx, post, nil); err != nil {
		t.Fatal(err)
	}
	for _, pull := range []struct {
		at           string
		views, likes int64
	}{{"2026-02-27", 1000, 50}, {"2026-03-02", 1800, 70}, {"2026-03-03", 1700, 70}} {
		views, likes := pull.views, pull.likes
		at := day(pull.at).Add(20 * time.Hour)
		u := tracking.PostUpdate{Latest: tracking.Latest{At: at, Counts: tracking.Counts{Views: &views, Likes: &likes}},
			Disclosure: tracking.Disclosure{Disclosed: true, CheckedAt: at}}
		if err := table.SavePost(ctx, post, u); err != nil {
			t.Fatal(err)
		}
	}
}

func packSetup() results.Setup {
	return results.Setup{TimeZone: "UTC", Campaign: campaigns.Campaign{ID: packCampaign, WorkspaceID: packWS},
		Members: []results.MemberInput{{CreatorID: "ana"}, {CreatorID: "ben"}}}
}

// Repacking a campaign from its counters and reading the packed months gives exactly the
// counters' values, by range.
func TestRepackedResultsAreTheCounters(t *testing.T) {
	table := dynamotest.NewTable(t)
	seedPackSources(t, table)
	ctx := context.Background()
	for range 2 { // a second repack changes nothing
		if err := table.RepackResults(ctx, packWS, packCampaign, []string{"ana", "ben"}); err != nil {
			t.Fatal(err)
		}
	}
	all := results.Sources{Traffic: true, Sales: true, Content: true}
	febContent := results.ContentDay{Day: "2026-02-27", PostsLive: 1, Views: 1000, Likes: 50, DisclosureChecked: 1, DisclosureCompliant: 1}
	cases := []struct {
		name string
		rng  results.Range
		want results.Aggregates
	}{
		{
			name: "March only: February's level is the base of March's views",
			rng:  results.Range{From: "2026-03-01", To: "2026-03-31"},
			want: results.Aggregates{Sources: all,
				Traffic: []results.TrafficDay{{Day: "2026-03-02", Clicks: 10, HumanClicks: 9, UniqueVisitors: 8}},
				Creators: []results.MemberDays{
					{CreatorID: "ana",
						Traffic: []results.TrafficDay{{Day: "2026-03-02", Clicks: 10, HumanClicks: 9, UniqueVisitors: 8}},
						Sales: []results.SalesDay{
							{Day: "2026-03-02", Currency: "EUR", Orders: 2, OrdersByCode: 2, NetRevenue: 9000, NetRevenueByCode: 9000, Commission: 900},
							{Day: "2026-03-02", Currency: "USD", NetRevenue: -4000, NetRevenueByCode: -4000, Refunds: 4000, Commission: -400},
						},
						Content: []results.ContentDay{febContent,
							{Day: "2026-03-02", PostsLive: 1, Views: 800, Likes: 20, DisclosureChecked: 1, DisclosureCompliant: 1},
							// YouTube took 100 views back.
							{Day: "2026-03-03", PostsLive: 1, Views: -100, DisclosureChecked: 1, DisclosureCompliant: 1},
						}},
					{CreatorID: "ben"},
				}},
		},
		{
			name: "February: two click batches summed, the other campaign's clicks left out",
			rng:  results.Range{From: "2026-02-01", To: "2026-02-28"},
			want: results.Aggregates{Sources: all,
				Traffic: []results.TrafficDay{{Day: "2026-02-27", Clicks: 6, HumanClicks: 4, UniqueVisitors: 4}},
				Creators: []results.MemberDays{
					{CreatorID: "ana",
						Traffic: []results.TrafficDay{{Day: "2026-02-27", Clicks: 6, HumanClicks: 4, UniqueVisitors: 4}},
						Sales: []results.SalesDay{{Day: "2026-02-27", Currency: "USD", Orders: 1, OrdersByCode: 1,
							NetRevenue: 12000, NetRevenueByCode: 12000, Commission: 1200}},
						Content: []results.ContentDay{febContent}},
					{CreatorID: "ben"},
				}},
		},
		{
			name: "before the campaign: zeros, every source present",
			rng:  results.Range{From: "2026-01-01", To: "2026-01-31"},
			want: results.Aggregates{Sources: all, Creators: []results.MemberDays{{CreatorID: "ana"}, {CreatorID: "ben"}}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := table.Results().Days(ctx, packSetup(), tc.rng)
			if err != nil {
				t.Fatal(err)
			}
			sameAggregates(t, got, tc.want)
		})
	}
}

func sameAggregates(t *testing.T, got, want results.Aggregates) {
	t.Helper()
	g, w := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", want)
	if g != w {
		t.Fatalf("aggregates\n got %s\nwant %s", g, w)
	}
}

// Months written at once by several stream shards keep every shard's changes, and a
// replayed batch writes nothing.
func TestPackResultsRacesAndReplays(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	const writers, rounds = 4, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for r := range rounds {
				d := results.Day(fmt.Sprintf("2026-05-%02d", 1+w*rounds+r))
				c := store.ResultsChange{WorkspaceID: packWS, CampaignID: packCampaign, CreatorID: "ana",
					Change: results.Change{Traffic: &results.TrafficDay{Day: d, Clicks: int64(w + 1)}}}
				if failed, err := table.PackResults(ctx, []store.ResultsChange{c}); err != nil || len(failed) > 0 {
					t.Error(failed, err)
				}
			}
		})
	}
	wg.Wait()
	got, err := table.Results().Days(ctx, packSetup(), results.Range{From: "2026-05-01", To: "2026-05-31"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Creators[0].Traffic); n != writers*rounds {
		t.Fatalf("%d days of %d survived the race: %+v", n, writers*rounds, got.Creators[0].Traffic)
	}
	version := func() string {
		res, err := table.DB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table.Name), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{
				"pk": &types.AttributeValueMemberS{Value: "WS#" + packWS + "#C#" + packCampaign + "#RESULTS"},
				"sk": &types.AttributeValueMemberS{Value: "2026-05#M#ana"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := res.Item["v"].(*types.AttributeValueMemberN)
		if v == nil {
			t.Fatalf("no packed month: %v", res.Item)
		}
		return v.Value
	}
	before := version()
	replay := store.ResultsChange{WorkspaceID: packWS, CampaignID: packCampaign, CreatorID: "ana",
		Change: results.Change{Traffic: &got.Creators[0].Traffic[0]}}
	if _, err := table.PackResults(ctx, []store.ResultsChange{replay, replay}); err != nil {
		t.Fatal(err)
	}
	if after := version(); after != before || before != fmt.Sprint(writers*rounds) {
		t.Fatalf("version %s after %d writes, %s after a replay", before, writers*rounds, after)
	}
}

func TestDecodeResultsChange(t *testing.T) {
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	cases := []struct {
		name    string
		item    map[string]types.AttributeValue
		ok      bool
		wantErr bool
		want    string
	}{
		{name: "campaign day bucket", ok: true, want: "campaign c1  traffic 2026-03-02 clicks 3",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#STATS#CAMPAIGN#c1"), "sk": s("D#2026-03-02"), "clicks": n("3")}},
		{name: "membership day bucket", ok: true, want: "campaign c1 ana traffic 2026-03-02 clicks 2",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#STATS#MEMBER#c1/ana"), "sk": s("D#2026-03-02"), "clicks": n("2")}},
		{name: "hour bucket",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#STATS#MEMBER#c1/ana"), "sk": s("H#2026-03-02T10"), "clicks": n("2")}},
		{name: "link bucket",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#STATS#LINK#l1"), "sk": s("D#2026-03-02"), "clicks": n("2")}},
		{name: "campaign order total",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#C#c1#COUNTERS"), "sk": s("TOTAL#USD")}},
		{name: "membership order day", ok: true, want: "campaign c1 ana sales 2026-03-02 USD orders 1",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#C#c1#COUNTERS"), "sk": s("M#ana#DAY#2026-03-02#USD"), "orders": n("1")}},
		{name: "membership order day without a currency", wantErr: true,
			item: map[string]types.AttributeValue{"pk": s("WS#w1#C#c1#COUNTERS"), "sk": s("M#ana#DAY#2026-03-02")}},
		{name: "content level", ok: true, want: "campaign c1 ana content 2026-03-02 posts 1",
			item: map[string]types.AttributeValue{"pk": s("WS#w1#C#c1#CONTENT"), "sk": s("M#ana#D#2026-03-02"),
				"p#yt-1": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"views": n("10")}}}},
		{name: "content level that is not a map", wantErr: true,
			item: map[string]types.AttributeValue{"pk": s("WS#w1#C#c1#CONTENT"), "sk": s("M#ana#D#2026-03-02"), "p#yt-1": s("10")}},
		{name: "membership without a creator", wantErr: true,
			item: map[string]types.AttributeValue{"pk": s("WS#w1#STATS#MEMBER#c1"), "sk": s("D#2026-03-02")}},
		{name: "not a workspace item", item: map[string]types.AttributeValue{"pk": s("CLICK#abc"), "sk": s("CLICK")}},
		{name: "no key", wantErr: true, item: map[string]types.AttributeValue{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok, err := store.DecodeResultsChange(tc.item)
			if (err != nil) != tc.wantErr || ok != tc.ok {
				t.Fatalf("ok %v, err %v", ok, err)
			}
			if !ok {
				return
			}
			var got string
			switch {
			case c.Traffic != nil:
				got = fmt.Sprintf("traffic %s clicks %d", c.Traffic.Day, c.Traffic.Clicks)
			case c.Sales != nil:
				got = fmt.Sprintf("sales %s %s orders %d", c.Sales.Day, c.Sales.Currency, c.Sales.Orders)
			default:
				got = fmt.Sprintf("content %s posts %d", c.Day, len(c.Levels))
			}
			if got = fmt.Sprintf("campaign %s %s %s", c.CampaignID, c.CreatorID, got); got != tc.want || c.WorkspaceID != "w1" {
				t.Errorf("got %q in %s, want %q", got, c.WorkspaceID, tc.want)
			}
		})
	}
}
