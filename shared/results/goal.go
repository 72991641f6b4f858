package results

import (
	"github.com/hypetrack/hypetrack/shared/money"
)

// Goal statuses. A goal is judged from the campaign's start to its deadline, whatever
// range the dashboard shows.
const (
	// GoalNotStarted: today is before the campaign's start.
	GoalNotStarted = "not_started"
	// GoalReached: the actual has reached the target (at any time up to the deadline).
	GoalReached = "reached"
	// GoalMissed: the deadline has passed without reaching the target.
	GoalMissed = "missed"
	// GoalOnTrack: the projection reaches at least OnTrackAt of the target.
	GoalOnTrack = "on_track"
	// GoalAtRisk: the projection reaches at least AtRiskAt but less than OnTrackAt.
	GoalAtRisk = "at_risk"
	// GoalOffTrack: the projection stays below AtRiskAt of the target.
	GoalOffTrack = "off_track"
)

// Thresholds on projected ÷ target, in percent: a projection of 80 % to 99.9 % is at risk,
// because the last weeks of a campaign rarely outrun its first (posts decay).
const (
	OnTrackAt = 100
	AtRiskAt  = 80
)

// goalFigures maps each goal metric to the figure that measures it. Leads and mentions
// have no source yet, so such goals are "no data".
var goalFigures = map[string]string{
	"views": "views", "reach": "potentialReach", "engagements": "engagements", "clicks": "humanClicks",
	"unique_visitors": "uniqueVisitors", "orders": "orders", "revenue": "netRevenue", "posts": "postsLive",
}

// Goal is a campaign's progress towards its goal, as of a day.
type Goal struct {
	Metric string `json:"metric"`
	// Figure is the figure that measures the metric; empty when none does.
	Figure string `json:"figure"`
	Target int64  `json:"target"`
	// Currency is the target's currency for revenue goals: the campaign's.
	Currency money.Currency `json:"currency,omitempty"`
	Start    Day            `json:"start"`
	Deadline Day            `json:"deadline"`
	// AsOf is the last day counted: today, or the deadline once it has passed.
	AsOf        Day `json:"asOf"`
	DaysElapsed int `json:"daysElapsed"`
	DaysTotal   int `json:"daysTotal"`
	// Actual is the figure from Start to AsOf.
	Actual *int64 `json:"actual"`
	// Percent is Actual ÷ Target.
	Percent *float64 `json:"percent"`
	// Projected is Actual × DaysTotal ÷ DaysElapsed, rounded half up: where the current
	// pace ends at the deadline.
	Projected        *int64   `json:"projected"`
	ProjectedPercent *float64 `json:"projectedPercent"`
	// Status is one of the Goal* statuses; null when the actual is no data.
	Status *string `json:"status"`
}

// Reached reports whether the goal was reached; nil when that is not known.
func (g Goal) Reached() *bool {
	if g.Actual == nil {
		return nil
	}
	return ptr(*g.Actual >= g.Target)
}

// goal judges the campaign's goal as of today.
func (c *computer) goal(today Day) Goal {
	camp := c.in.Campaign
	g := Goal{Metric: camp.Goal.Metric, Figure: goalFigures[camp.Goal.Metric], Target: camp.Goal.Target,
		Start: Day(camp.StartDate), Deadline: Day(camp.Goal.Deadline)}
	if g.Metric == "revenue" {
		g.Currency = c.base
	}
	g.DaysTotal = Range{From: g.Start, To: g.Deadline}.Len()
	g.AsOf = min(today, g.Deadline)
	if today < g.Start {
		g.Status = ptr(GoalNotStarted)
		return g
	}
	window := Range{From: g.Start, To: g.AsOf}
	g.DaysElapsed = window.Len()
	actual, ok := c.goalActual(g.Figure, window)
	if !ok || g.DaysElapsed == 0 || g.Target <= 0 {
		return g
	}
	g.Actual, g.Percent = &actual, ratio(actual, g.Target)
	projected := actual
	if g.AsOf < g.Deadline {
		p, err := money.MulDiv(actual, int64(g.DaysTotal), int64(g.DaysElapsed))
		if err != nil {
			return g
		}
		projected = p
	}
	g.Projected, g.ProjectedPercent = &projected, ratio(projected, g.Target)
	// Integer comparisons, so a projection of exactly 80 % is at risk, not off track by
	// a rounding error.
	switch {
	case actual >= g.Target:
		g.Status = ptr(GoalReached)
	case today > g.Deadline:
		g.Status = ptr(GoalMissed)
	case projected*100 >= g.Target*OnTrackAt:
		g.Status = ptr(GoalOnTrack)
	case projected*100 >= g.Target*AtRiskAt:
		g.Status = ptr(GoalAtRisk)
	default:
		g.Status = ptr(GoalOffTrack)
	}
	return g
}

// goalActual measures figure over window for the whole campaign.
func (c *computer) goalActual(figure string, window Range) (int64, bool) {
	def, ok := definition(figure)
	if !ok {
		return 0, false
	}
	f := c.total(c.tallies(window), window).figures(c.in.Sources, c.base)
	switch v := def.value(&f).(type) {
	case *int64:
		if v != nil {
			return *v, true
		}
	case Amounts:
		if v != nil {
			return v[c.base], true
		}
	}
	return 0, false
}
