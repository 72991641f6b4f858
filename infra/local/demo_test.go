package main

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/results"
)

// The seeded demo, read back from DynamoDB Local through the counters as the API reads
// them, shows the figures the demo was built with.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	today := time.Now()
	seeded, err := seedDemo(ctx, table, "Lena@Trail.example", today)
	if err != nil || !seeded {
		t.Fatalf("seed: %v, %v", seeded, err)
	}
	if again, err := seedDemo(ctx, table, "lena@trail.example", today); err != nil || again {
		t.Fatalf("second seed: %v, %v", again, err)
	}
	clock := results.WithClock(func() time.Time { return today })
	stored := results.NewService(results.NewEntityReader(table, table.Results()), clock)
	demo := results.DemoData(demoWorkspaceID, results.DayOf(today, time.UTC))
	built := results.NewService(demo.Reader(), clock)
	if len(demo.Campaigns) != 2 {
		t.Fatalf("%d demo campaigns", len(demo.Campaigns))
	}
	for _, c := range demo.Campaigns {
		got, err := stored.Dashboard(ctx, demoWorkspaceID, c.Campaign.ID, results.Query{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := built.Dashboard(ctx, demoWorkspaceID, c.Campaign.ID, results.Query{})
		if err != nil {
			t.Fatal(err)
		}
		g, w := got.Figures, want.Figures
		for name, pair := range map[string][2]*int64{
			"clicks": {g.Clicks, w.Clicks}, "human clicks": {g.HumanClicks, w.HumanClicks}, "uniques": {g.UniqueVisitors, w.UniqueVisitors},
			"orders": {g.Orders, w.Orders}, "views": {g.Views, w.Views}, "likes": {g.Likes, w.Likes},
			"posts live": {g.PostsLive, w.PostsLive}, "compliant": {g.DisclosureCompliant, w.DisclosureCompliant},
		} {
			if pair[0] == nil || pair[1] == nil || *pair[0] != *pair[1] {
				t.Errorf("%s %s: stored %v, built %v", c.Campaign.Name, name, deref(pair[0]), deref(pair[1]))
			}
		}
		if *g.Clicks == 0 || *g.Orders == 0 || *g.Views == 0 {
			t.Errorf("%s: an empty demo: %d clicks, %d orders, %d views", c.Campaign.Name, *g.Clicks, *g.Orders, *g.Views)
		}
		if !reflect.DeepEqual(g.NetRevenue, w.NetRevenue) || !reflect.DeepEqual(g.Commission, w.Commission) || !reflect.DeepEqual(got.Goal.Actual, want.Goal.Actual) {
			t.Errorf("%s: net %v, commission %v, goal %v; built %v, %v, %v", c.Campaign.Name,
				g.NetRevenue, g.Commission, got.Goal.Actual, w.NetRevenue, w.Commission, want.Goal.Actual)
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
