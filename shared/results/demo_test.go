package results

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/ids"
)

// TestDemoShowsEveryScreen: the demo's entities are valid, and both campaigns give every
// screen something to show.
func TestDemoShowsEveryScreen(t *testing.T) {
	const ws = "demoworkspace234"
	today := Day("2026-06-15")
	demo := DemoData(ws, today)
	for _, c := range demo.Creators {
		if err := creators.Check(c); err != nil || !ids.Valid(c.ID) {
			t.Fatalf("creator %s: %v", c.Name, err)
		}
	}
	if len(demo.Campaigns) != 2 {
		t.Fatalf("%d campaigns", len(demo.Campaigns))
	}
	for _, c := range demo.Campaigns {
		if err := campaigns.Check(c.Campaign); err != nil || !ids.Valid(c.Campaign.ID) {
			t.Fatalf("campaign %s: %v", c.Campaign.Name, err)
		}
		for _, m := range c.Members {
			if err := campaigns.CheckTerms(campaigns.MemberTerms{Compensation: m.Compensation, AgreedCost: m.AgreedCost,
				Deliverables: m.Deliverables, Relevance: m.Relevance, Revisions: m.Revisions, Notes: m.Notes}); err != nil {
				t.Fatalf("%s in %s: %v", m.CreatorName, c.Campaign.Name, err)
			}
		}
	}
	svc := NewService(demo.Reader(), WithClock(func() time.Time { return time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC) }))
	ctx := context.Background()

	finished, err := svc.PostMortem(ctx, ws, demo.Campaigns[0].Campaign.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := finished.Figures
	if finished.GoalReached == nil || !*finished.GoalReached || *finished.Goal.Status != GoalReached {
		t.Errorf("the finished campaign should have reached its goal: %+v", finished.Goal)
	}
	if f.Refunds["USD"] == 0 || f.NetRevenue["EUR"] == 0 || f.Cost["EUR"] == 0 || *f.BotClicks == 0 {
		t.Errorf("refunds %v, EUR revenue %v, EUR cost %v, bots %d", f.Refunds, f.NetRevenue, f.Cost, *f.BotClicks)
	}
	if *f.DisclosureCompliance >= 1 || finished.Conversion.Creators != 4 || finished.DaysToFirstPost.Creators != 4 || finished.Revisions == 0 {
		t.Errorf("compliance %v, conversions %d, delays %d, revisions %d", *f.DisclosureCompliance, finished.Conversion.Creators,
			finished.DaysToFirstPost.Creators, finished.Revisions)
	}
	if finished.Benchmark == nil || finished.Notes == "" {
		t.Errorf("benchmark %v, notes %q", finished.Benchmark, finished.Notes)
	}

	live, err := svc.Dashboard(ctx, ws, demo.Campaigns[1].Campaign.ID, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if s := *live.Goal.Status; s != GoalOnTrack && s != GoalAtRisk && s != GoalOffTrack {
		t.Errorf("live goal %s", s)
	}
	if live.Series[len(live.Series)-1].Orders != nil || live.Series[0].Clicks == nil {
		t.Error("the live series should run to today and stop")
	}
	var stages []string
	for _, r := range live.Leaderboard.Rows {
		stages = append(stages, r.Stage)
		if r.Stage == "contracted" && *r.Figures.PostsLive != 0 {
			t.Errorf("%s has posts before posting", r.Name)
		}
	}
	for _, want := range []string{"live", "content_review", "contracted"} {
		if !slices.Contains(stages, want) {
			t.Errorf("no %s creator on the live leaderboard: %v", want, stages)
		}
	}
	cmp, err := svc.Comparison(ctx, ws, demo.Campaigns[1].Campaign.ID)
	if err != nil || len(cmp.Campaigns) != 2 || cmp.Benchmark == nil {
		t.Fatalf("comparison: %v, %+v", err, cmp)
	}

	// The same day gives the same demo, so a reseed writes the same items.
	a, _ := json.Marshal(DemoData(ws, today))
	b, _ := json.Marshal(demo)
	if string(a) != string(b) {
		t.Error("the demo is not deterministic")
	}
	t.Logf("finished: revenue %v of %d, cost %v, ROAS %v; live: %d of %d orders, projected %d (%s)",
		f.NetRevenue, finished.Goal.Target, f.Cost, deref(f.ROAS["USD"]), *live.Goal.Actual, live.Goal.Target, *live.Goal.Projected, *live.Goal.Status)
}

func deref(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
