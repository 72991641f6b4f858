package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// demoWorkspaceID is the demo's fixed workspace id, so a second seed finds the first.
const demoWorkspaceID = "northpeakdemo234"

// seedDemo writes the demo workspace of results.DemoData (a finished campaign and a live
// one, as of today) into the table, and invites owner to it as its owner: signing in with
// that address accepts the invitation. The figures are simulated and the workspace says so
// in its name. Entities go through the store's own writers; the daily aggregates through
// the writers of the click counters, the order ledger's counters and the metrics job's post
// levels, so the API reads them exactly as it reads real ones. A demo seeded on an earlier
// day is left as it is (run with -memory for a fresh one).
func seedDemo(ctx context.Context, table *store.Table, owner string, today time.Time) (bool, error) {
	demo := results.DemoData(demoWorkspaceID, results.DayOf(today, time.UTC))
	demo.Workspace.Name += " (demo data)"
	invite := workspaces.Member{WorkspaceID: demoWorkspaceID, Email: strings.ToLower(owner), Role: workspaces.Owner,
		InvitedBy: "demo seed", Version: 1}
	if err := table.CreateWorkspace(ctx, demo.Workspace, invite); err != nil {
		if errors.Is(err, store.ErrConflict) {
			// Packing again is cheap and changes nothing, and it gives a demo seeded
			// before the packed months existed its figures.
			return false, repackDemo(ctx, table, demo)
		}
		return false, fmt.Errorf("seed demo workspace: %w", err)
	}
	if err := table.CreateCreators(ctx, demoWorkspaceID, demo.Creators); err != nil {
		return false, fmt.Errorf("seed demo roster: %w", err)
	}
	for _, c := range demo.Campaigns {
		if err := table.CreateCampaign(ctx, c.Campaign); err != nil {
			return false, fmt.Errorf("seed demo campaign: %w", err)
		}
		for _, m := range c.Members {
			if err := table.AddMember(ctx, m); err != nil {
				return false, fmt.Errorf("seed demo campaign member: %w", err)
			}
		}
		if err := seedAggregates(ctx, table, c); err != nil {
			return false, fmt.Errorf("seed demo figures of %s: %w", c.Campaign.Name, err)
		}
	}
	return true, repackDemo(ctx, table, demo)
}

// repackDemo packs the demo campaigns' counters into the months the results read. The
// stream would do it within seconds; doing it now shows the figures on the first look,
// and the stream's packing after it changes nothing.
func repackDemo(ctx context.Context, table *store.Table, demo results.Demo) error {
	for _, c := range demo.Campaigns {
		creators := make([]string, len(c.Members))
		for i, m := range c.Members {
			creators[i] = m.CreatorID
		}
		if err := table.RepackResults(ctx, c.Campaign.WorkspaceID, c.Campaign.ID, creators); err != nil {
			return fmt.Errorf("pack demo figures of %s: %w", c.Campaign.Name, err)
		}
	}
	return nil
}

// seedAggregates writes a demo campaign's daily aggregates into the counters.
func seedAggregates(ctx context.Context, table *store.Table, c results.DemoCampaign) error {
	ws, campaign := c.Campaign.WorkspaceID, c.Campaign.ID
	var tallies []analytics.Tally
	traffic := func(scope analytics.Scope, days []results.TrafficDay) error {
		for _, d := range days {
			start, err := time.Parse(time.DateOnly, string(d.Day))
			if err != nil {
				return err
			}
			tallies = append(tallies, analytics.Tally{Scope: scope, Granularity: analytics.Day, Start: start,
				Add: analytics.Counters{analytics.Clicks: d.Clicks, analytics.HumanClicks: d.HumanClicks,
					analytics.BotClicks: d.Clicks - d.HumanClicks, analytics.Uniques: d.UniqueVisitors}})
		}
		return nil
	}
	if err := traffic(analytics.Scope{WorkspaceID: ws, Kind: analytics.ScopeCampaign, ID: campaign}, c.Aggregates.Traffic); err != nil {
		return err
	}
	var counters []orderflow.Counter
	for _, m := range c.Aggregates.Creators {
		if err := traffic(analytics.MembershipScope(ws, campaign, m.CreatorID), m.Traffic); err != nil {
			return err
		}
		for _, s := range m.Sales {
			counters = append(counters, orderflow.Counter{
				CounterKey: orderflow.CounterKey{CampaignID: campaign, CreatorID: m.CreatorID, Day: string(s.Day), Currency: string(s.Currency)},
				Orders:     s.Orders, Revenue: s.NetRevenue + s.Refunds, Refunded: s.Refunds, Net: s.NetRevenue, Commission: s.Commission,
				OrdersByCode: s.OrdersByCode, OrdersByClick: s.OrdersByClick, NetByCode: s.NetRevenueByCode, NetByClick: s.NetRevenueByClick})
		}
		if err := seedContent(ctx, table, ws, campaign, m); err != nil {
			return err
		}
	}
	for i := 0; i < len(tallies); i += store.MaxTxItems {
		if err := table.Count(ctx, nil, tallies[i:min(i+store.MaxTxItems, len(tallies))]); err != nil {
			return err
		}
	}
	for i := 0; i < len(counters); i += store.MaxTxItems {
		change := orderflow.Change{Record: orderflow.Record{WorkspaceID: ws, OrderID: "demo"},
			Counters: counters[i:min(i+store.MaxTxItems, len(counters))]}
		if err := table.Commit(ctx, change); err != nil {
			return err
		}
	}
	return nil
}

// seedContent turns a creator's daily content (what each day added, posts live at its
// end) into daily levels of that many posts, as the metrics job would have saved them:
// a day's additions are shared among the posts live, and the posts beyond the compliant
// count are the undisclosed ones.
func seedContent(ctx context.Context, table *store.Table, ws, campaign string, m results.MemberDays) error {
	var levels []tracking.Counts
	for _, d := range m.Content {
		for int64(len(levels)) < d.PostsLive {
			levels = append(levels, tracking.Counts{Views: new(int64), Likes: new(int64), Comments: new(int64), Shares: new(int64), Saves: new(int64)})
		}
		run, err := time.Parse(time.DateOnly, string(d.Day))
		if err != nil {
			return err
		}
		run = run.Add(20 * time.Hour)
		live := d.PostsLive
		for i := range live {
			share := func(total int64) int64 {
				v := total / live
				if i == 0 {
					v += total % live
				}
				return v
			}
			l := &levels[i]
			*l.Views += share(d.Views)
			*l.Likes += share(d.Likes)
			*l.Comments += share(d.Comments)
			*l.Shares += share(d.Shares)
			*l.Saves += share(d.Saves)
			post := tracking.Post{ID: fmt.Sprintf("demo-%s-%d", m.CreatorID, i), WorkspaceID: ws, CampaignID: campaign, CreatorID: m.CreatorID}
			counts := tracking.Counts{Views: ptr(*l.Views), Likes: ptr(*l.Likes), Comments: ptr(*l.Comments), Shares: ptr(*l.Shares), Saves: ptr(*l.Saves)}
			u := tracking.PostUpdate{Latest: tracking.Latest{At: run, Counts: counts, Simulated: true},
				Disclosure: tracking.Disclosure{Disclosed: i < d.DisclosureCompliant, CheckedAt: run}}
			if err := table.SavePost(ctx, post, u); err != nil {
				return err
			}
		}
	}
	return nil
}

func ptr(v int64) *int64 { return &v }
