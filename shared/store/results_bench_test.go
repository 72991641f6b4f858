package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// yearOfCounters writes what a campaign of n creators leaves in the counters over year,
// through the writers the click aggregator, the order ledger and the metrics job use:
// every day, click buckets for each creator and the campaign, a USD sales counter per
// creator, and a pull of each creator's post.
func yearOfCounters(b *testing.B, table *store.Table, ws, campaign string, n int, year results.Range) results.Setup {
	ctx := context.Background()
	start, _ := time.Parse(time.DateOnly, string(year.From))
	days := year.Len()
	setup := results.Setup{TimeZone: "UTC", Campaign: campaigns.Campaign{ID: campaign, WorkspaceID: ws, Name: "Year",
		Objective: "sales", StartDate: string(year.From), EndDate: string(year.To),
		Goal: campaigns.Goal{Metric: "revenue", Target: 100_000_000, Deadline: string(year.To)}}}
	var tallies []analytics.Tally
	var counters []orderflow.Counter
	for i := range n {
		creator := fmt.Sprintf("creator%09d", i)
		setup.Members = append(setup.Members, results.MemberInput{CreatorID: creator, Name: creator, Stage: "live", Followers: 50_000})
		for d := range days {
			at := start.AddDate(0, 0, d)
			tallies = append(tallies, analytics.Tally{Scope: analytics.MembershipScope(ws, campaign, creator), Granularity: analytics.Day,
				Start: at, Add: analytics.Counters{analytics.Clicks: 100, analytics.HumanClicks: 92, analytics.Uniques: 80}})
			counters = append(counters, orderflow.Counter{CounterKey: orderflow.CounterKey{CampaignID: campaign, CreatorID: creator,
				Day: at.Format(time.DateOnly), Currency: "USD"}, Orders: 3, Revenue: 27_000, Net: 27_000, OrdersByClick: 3, NetByClick: 27_000})
		}
	}
	for d := range days {
		tallies = append(tallies, analytics.Tally{Scope: analytics.Scope{WorkspaceID: ws, Kind: analytics.ScopeCampaign, ID: campaign},
			Granularity: analytics.Day, Start: start.AddDate(0, 0, d), Add: analytics.Counters{analytics.Clicks: 5000, analytics.HumanClicks: 4600}})
	}
	var jobs []func() error
	for i := 0; i < len(tallies); i += store.MaxTxItems {
		chunk := tallies[i:min(i+store.MaxTxItems, len(tallies))]
		jobs = append(jobs, func() error { return table.Count(ctx, nil, chunk) })
	}
	for i := 0; i < len(counters); i += store.MaxTxItems {
		chunk := counters[i:min(i+store.MaxTxItems, len(counters))]
		jobs = append(jobs, func() error {
			return table.Commit(ctx, orderflow.Change{Record: orderflow.Record{WorkspaceID: ws, OrderID: "bench"}, Counters: chunk})
		})
	}
	for i := range n {
		post := tracking.Post{ID: fmt.Sprintf("youtube-post%07d", i), WorkspaceID: ws, CampaignID: campaign, CreatorID: setup.Members[i].CreatorID}
		jobs = append(jobs, func() error {
			if err := table.TrackPost(ctx, post, nil); err != nil {
				return err
			}
			for d := range days {
				views, likes := int64(4000*(d+1)), int64(300*(d+1))
				run := start.AddDate(0, 0, d).Add(20 * time.Hour)
				u := tracking.PostUpdate{Latest: tracking.Latest{At: run, Counts: tracking.Counts{Views: &views, Likes: &likes}},
					Disclosure: tracking.Disclosure{Disclosed: true, CheckedAt: run}}
				if err := table.SavePost(ctx, post, u); err != nil {
					return err
				}
			}
			return nil
		})
	}
	work := make(chan func() error)
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	for range 8 {
		wg.Go(func() {
			for job := range work {
				if err := job(); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	return setup
}

// BenchmarkDashboardFromCounters reads a campaign's counters from DynamoDB Local (1 + 3 ×
// creators Queries, 12 at a time) and computes its dashboard: the year-long
// campaign of 50 creators, and a typical eight-week campaign of 20.
func BenchmarkDashboardFromCounters(b *testing.B) {
	for _, size := range []struct {
		creators int
		year     results.Range
	}{
		// The small one first: DynamoDB Local slows down once it holds the year's items.
		{20, results.Range{From: "2025-03-01", To: "2025-04-25"}},
		{50, results.Range{From: "2025-01-01", To: "2025-12-31"}},
	} {
		b.Run(fmt.Sprintf("creators=%d/days=%d", size.creators, size.year.Len()), func(b *testing.B) {
			table := dynamotest.NewTable(b)
			setup := yearOfCounters(b, table, "benchworkspace00", "benchcampaign000", size.creators, size.year)
			reader := table.Results()
			ctx := context.Background()
			sort := results.Sort{Key: "netRevenue", Currency: "USD", Desc: true}
			days := int64(size.year.Len())
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				agg, err := reader.Days(ctx, setup, size.year)
				if err != nil {
					b.Fatal(err)
				}
				d := results.Compute(&results.Input{Setup: setup, Range: size.year, Aggregates: agg}, size.year, "2026-02-01", sort)
				n := int64(size.creators)
				if len(d.Leaderboard.Rows) != size.creators || *d.Figures.Orders != n*3*days || *d.Figures.Views != n*4000*days {
					b.Fatalf("%d rows, %d orders, %d views", len(d.Leaderboard.Rows), *d.Figures.Orders, *d.Figures.Views)
				}
			}
		})
	}
}
