package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/store"
)

// campaignChanges are the counter changes a campaign of n creators has over days: every
// day, click buckets of each creator and of the campaign, a USD sales counter and the
// level of one post per creator. They are what the resultspack function receives from
// the stream, in the form the tests check the writers produce.
func campaignChanges(ws, campaign string, n int, days results.Range) (results.Setup, []store.ResultsChange) {
	setup := results.Setup{TimeZone: "UTC", Campaign: campaigns.Campaign{ID: campaign, WorkspaceID: ws, Name: "Year",
		Objective: "sales", StartDate: string(days.From), EndDate: string(days.To),
		Goal: campaigns.Goal{Metric: "revenue", Target: 100_000_000, Deadline: string(days.To)}}}
	var changes []store.ResultsChange
	for j, d := range days.Days() {
		changes = append(changes, store.ResultsChange{WorkspaceID: ws, CampaignID: campaign,
			Change: results.Change{Traffic: &results.TrafficDay{Day: d, Clicks: 5000, HumanClicks: 4600, UniqueVisitors: 4000}}})
		for i := range n {
			creator := fmt.Sprintf("creator%09d", i)
			if j == 0 {
				setup.Members = append(setup.Members, results.MemberInput{CreatorID: creator, Name: creator, Stage: "live", Followers: 50_000})
			}
			c := store.ResultsChange{WorkspaceID: ws, CampaignID: campaign, CreatorID: creator}
			traffic, sales, content := c, c, c
			traffic.Traffic = &results.TrafficDay{Day: d, Clicks: 100, HumanClicks: 92, UniqueVisitors: 80}
			sales.Sales = &results.SalesDay{Day: d, Currency: "USD", Orders: 3, OrdersByClick: 3, NetRevenue: 27_000, NetRevenueByClick: 27_000}
			content.Day, content.Levels = d, []results.PostLevel{{Post: fmt.Sprintf("youtube-post%07d", i),
				Views: int64(4000 * (j + 1)), Likes: int64(300 * (j + 1)), Checked: true, Disclosed: true}}
			changes = append(changes, traffic, sales, content)
		}
	}
	return setup, changes
}

// pack writes changes into their packed months a stream batch (1,000) at a time.
func pack(tb testing.TB, table *store.Table, changes []store.ResultsChange) {
	for i := 0; i < len(changes); i += 1000 {
		if _, err := table.PackResults(context.Background(), changes[i:min(i+1000, len(changes))]); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkDashboard reads a campaign's packed months from DynamoDB Local (one paged
// Query) and computes its dashboard: the year-long campaign of 50 creators, and a
// typical eight-week campaign of 20.
func BenchmarkDashboard(b *testing.B) {
	for _, size := range []struct {
		creators int
		days     results.Range
	}{
		{20, results.Range{From: "2025-03-01", To: "2025-04-25"}},
		{50, results.Range{From: "2025-01-01", To: "2025-12-31"}},
	} {
		b.Run(fmt.Sprintf("creators=%d/days=%d", size.creators, size.days.Len()), func(b *testing.B) {
			table := dynamotest.NewTable(b)
			setup, changes := campaignChanges("benchworkspace00", "benchcampaign000", size.creators, size.days)
			pack(b, table, changes)
			reader := table.Results()
			ctx := context.Background()
			sort := results.Sort{Key: "netRevenue", Currency: "USD", Desc: true}
			days, n := int64(size.days.Len()), int64(size.creators)
			b.ReportAllocs()
			for b.Loop() {
				agg, err := reader.Days(ctx, setup, size.days)
				if err != nil {
					b.Fatal(err)
				}
				d := results.Compute(&results.Input{Setup: setup, Range: size.days, Aggregates: agg}, size.days, "2026-02-01", sort)
				if len(d.Leaderboard.Rows) != size.creators || *d.Figures.Orders != n*3*days || *d.Figures.Views != n*4000*days {
					b.Fatalf("%d rows, %d orders, %d views", len(d.Leaderboard.Rows), *d.Figures.Orders, *d.Figures.Views)
				}
			}
		})
	}
}

// BenchmarkPackResults applies stream batches of 1,000 counter changes of one day of a
// 50-creator campaign (each creator's click bucket, order counter and post level, and
// the campaign's bucket, changing again and again) to their packed months: 51 months read
// and written per batch.
func BenchmarkPackResults(b *testing.B) {
	table := dynamotest.NewTable(b)
	_, changes := campaignChanges("benchworkspace00", "benchcampaign000", 50, results.Range{From: "2025-06-01", To: "2025-06-30"})
	pack(b, table, changes) // a month already full of days
	var batch []store.ResultsChange
	for len(batch) < 1000 {
		batch = append(batch, changes[len(changes)-151:]...) // the month's last day, again
	}
	batch = batch[:1000]
	ctx := context.Background()
	b.ReportAllocs()
	round := int64(0)
	for b.Loop() {
		round++
		for i := range batch {
			if t := batch[i].Traffic; t != nil {
				moved := *t
				moved.Clicks += round // a new value each round, so every month is written
				batch[i].Traffic = &moved
			}
		}
		if failed, err := table.PackResults(ctx, batch); err != nil || len(failed) > 0 {
			b.Fatal(failed, err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "changes/s")
}
