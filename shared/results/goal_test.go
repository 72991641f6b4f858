package results

import (
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
)

// goalInput is a 10-day campaign (1 to 10 March) with an orders goal and one creator
// whose orders arrive as given: orders[i] on 1 March + i.
func goalInput(target int64, orders ...int64) *Input {
	in := &Input{
		Setup: Setup{Campaign: campaigns.Campaign{ID: "c", StartDate: "2026-03-01", EndDate: "2026-03-10",
			Goal: campaigns.Goal{Metric: "orders", Target: target, Deadline: "2026-03-10"}, Budget: campaigns.Money{Currency: "USD"}},
			Members: []MemberInput{{CreatorID: "a", Name: "A", Stage: "live"}}},
		Aggregates: Aggregates{Sources: Sources{Sales: true}, Creators: []MemberDays{{CreatorID: "a"}}},
	}
	for i, n := range orders {
		in.Creators[0].Sales = append(in.Creators[0].Sales, SalesDay{Day: Day("2026-03-01").Add(i), Currency: usd, Orders: n})
	}
	return in
}

func TestGoalProjection(t *testing.T) {
	cases := []struct {
		name      string
		in        *Input
		today     Day
		status    *string
		actual    *int64
		projected *int64
		elapsed   int
	}{
		{"before the start", goalInput(100, 5), "2026-02-27", ptr(GoalNotStarted), nil, nil, 0},
		// 30 in 3 of 10 days: pace 10 a day, projected 100 of 100.
		{"on track exactly", goalInput(100, 10, 10, 10), "2026-03-03", ptr(GoalOnTrack), i64(30), i64(100), 3},
		// 24 in 3 days: projected 80 of 100, the at-risk threshold itself.
		{"at risk at 80 %", goalInput(100, 8, 8, 8), "2026-03-03", ptr(GoalAtRisk), i64(24), i64(80), 3},
		// 23 in 3 days: 76.67 rounds half up to 77: off track.
		{"off track below 80 %", goalInput(100, 8, 8, 7), "2026-03-03", ptr(GoalOffTrack), i64(23), i64(77), 3},
		// 7 in 4 days: 17.5 rounds half up to 18 of 18: on track.
		{"rounding half up", goalInput(18, 2, 2, 2, 1), "2026-03-04", ptr(GoalOnTrack), i64(7), i64(18), 4},
		{"reached early", goalInput(10, 4, 6), "2026-03-02", ptr(GoalReached), i64(10), i64(50), 2},
		// On the deadline day the projection is the actual.
		{"deadline day, short", goalInput(100, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9), "2026-03-10", ptr(GoalAtRisk), i64(90), i64(90), 10},
		{"after the deadline, missed", goalInput(100, 50), "2026-04-01", ptr(GoalMissed), i64(50), i64(50), 10},
		// Orders after the deadline never count towards the goal.
		{"late orders do not count", goalInput(60, append(make([]int64, 10), 99)...), "2026-03-20", ptr(GoalMissed), i64(0), i64(0), 10},
		{"after the deadline, reached", goalInput(50, 50), "2026-04-01", ptr(GoalReached), i64(50), i64(50), 10},
		{"nothing yet, day one", goalInput(100), "2026-03-01", ptr(GoalOffTrack), i64(0), i64(0), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newComputer(tc.in).goal(tc.today)
			sameJSON(t, "status", g.Status, tc.status)
			sameJSON(t, "actual", g.Actual, tc.actual)
			sameJSON(t, "projected", g.Projected, tc.projected)
			if g.DaysElapsed != tc.elapsed || g.DaysTotal != 10 {
				t.Fatalf("days %d of %d", g.DaysElapsed, g.DaysTotal)
			}
			if tc.actual != nil {
				sameJSON(t, "percent", g.Percent, div(float64(*tc.actual), float64(g.Target)))
			}
		})
	}
}

func TestGoalWithoutSource(t *testing.T) {
	for _, metric := range []string{"leads", "mentions"} {
		in := goalInput(100, 5)
		in.Campaign.Goal.Metric = metric
		g := newComputer(in).goal("2026-03-05")
		if g.Status != nil || g.Actual != nil || g.Figure != "" {
			t.Fatalf("%s goal: %+v", metric, g)
		}
	}
	in := goalInput(100, 5)
	in.Sources.Sales = false
	if g := newComputer(in).goal("2026-03-05"); g.Status != nil || g.Actual != nil {
		t.Fatalf("orders goal without the ledger: %+v", g)
	}
}

// TestGoalMetricsMapToFigures: every goal metric a campaign can name either maps to a
// figure or is documented as unmeasured.
func TestGoalMetricsMapToFigures(t *testing.T) {
	for _, m := range campaigns.GoalMetrics {
		f, ok := goalFigures[m]
		if !ok {
			if m != "leads" && m != "mentions" {
				t.Errorf("goal metric %s has no figure", m)
			}
			continue
		}
		if _, ok := definition(f); !ok {
			t.Errorf("goal metric %s maps to unknown figure %s", m, f)
		}
	}
}
