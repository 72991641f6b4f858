package socialmetrics

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

var k = social.Known

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestEngagementRate(t *testing.T) {
	cases := []struct {
		name string
		post social.Post
		want Ratio
	}{
		{"tiktok", social.Post{Views: k(10000), Likes: k(800), Comments: k(150), Shares: k(50)}, Ratio{0.1, true}},
		{"youtube has no shares", social.Post{Views: k(2000), Likes: k(90), Comments: k(10)}, Ratio{0.05, true}},
		{"zero views is no data", social.Post{Views: k(0), Likes: k(3)}, Ratio{}},
		{"missing views is no data", social.Post{Likes: k(3)}, Ratio{}},
		{"no interaction exposed is no data", social.Post{Views: k(100)}, Ratio{}},
		{"known zero interactions is 0", social.Post{Views: k(100), Likes: k(0)}, Ratio{0, true}},
	}
	for _, tc := range cases {
		got := EngagementRate(tc.post)
		if got.Valid != tc.want.Valid || !near(got.Value, tc.want.Value) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	per := EngagementPerFollower(social.Post{Likes: k(500), Comments: k(100)}, k(48200))
	if !per.Valid || !near(per.Value, 600.0/48200) {
		t.Errorf("per follower %v", per)
	}
	if EngagementPerFollower(social.Post{Likes: k(5)}, k(0)).Valid || EngagementPerFollower(social.Post{Likes: k(5)}, social.Count{}).Valid {
		t.Error("no followers figure means no data")
	}
}

func TestProfileEngagement(t *testing.T) {
	p := social.Profile{Followers: k(10000), RecentPosts: 10, RecentViews: k(50000), RecentInteractions: k(2500)}
	perView, perFollower := ProfileEngagement(p)
	if !near(perView.Value, 0.05) || !near(perFollower.Value, 0.025) {
		t.Errorf("per view %v per follower %v", perView, perFollower)
	}
	// Instagram business discovery: no views for other accounts.
	p.RecentViews = social.Count{}
	perView, perFollower = ProfileEngagement(p)
	if perView.Valid || !perFollower.Valid {
		t.Errorf("per view %v per follower %v", perView, perFollower)
	}
}

func TestRatioRendering(t *testing.T) {
	cases := []struct {
		r         Ratio
		str, json string
	}{
		{Ratio{0.05, true}, "0.0500", "0.05"},
		{Ratio{}, "no data", "null"},
		{Ratio{math.Inf(1), true}, "+Inf", "null"},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.r)
		if tc.r.String() != tc.str || err != nil || string(b) != tc.json {
			t.Errorf("%#v: %q %s %v", tc.r, tc.r.String(), b, err)
		}
	}
}

func TestGrowth(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		prev, cur Point
		delta     int64
		valid     bool
		pct, day  Ratio
	}{
		{"hourly", Point{t0, k(1000)}, Point{t0.Add(time.Hour), k(1500)}, 500, true, Ratio{0.5, true}, Ratio{12000, true}},
		{"two days", Point{t0, k(200)}, Point{t0.Add(48 * time.Hour), k(1200)}, 1000, true, Ratio{5, true}, Ratio{500, true}},
		{"from zero", Point{t0, k(0)}, Point{t0.Add(time.Hour), k(10)}, 10, true, Ratio{}, Ratio{240, true}},
		{"same instant", Point{t0, k(5)}, Point{t0, k(9)}, 4, true, Ratio{0.8, true}, Ratio{}},
		{"correction down", Point{t0, k(100)}, Point{t0.Add(24 * time.Hour), k(90)}, -10, true, Ratio{-0.1, true}, Ratio{-10, true}},
		{"missing before", Point{t0, social.Count{}}, Point{t0.Add(time.Hour), k(10)}, 0, false, Ratio{}, Ratio{}},
	}
	for _, tc := range cases {
		g := Growth(tc.prev, tc.cur)
		if g.Delta != tc.delta || g.Valid != tc.valid || g.Percent.Valid != tc.pct.Valid || !near(g.Percent.Value, tc.pct.Value) ||
			g.PerDay.Valid != tc.day.Valid || !near(g.PerDay.Value, tc.day.Value) {
			t.Errorf("%s: %+v", tc.name, g)
		}
	}
}

// series builds hourly snapshots from cumulative view counts.
func series(views ...int64) []Point {
	t0 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	out := make([]Point, len(views))
	for i, v := range views {
		out[i] = Point{At: t0.Add(time.Duration(i) * time.Hour), Value: k(v)}
	}
	return out
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name     string
		points   []Point
		want     State
		velocity float64
	}{
		{"single snapshot", series(100), NoTrend, 0},
		{"two snapshots", series(100, 200), NoTrend, 100},
		{"steady growth", series(0, 1000, 2100, 3000, 4050, 5000), Steady, 950},
		{"viral jump", series(0, 1000, 2000, 3000, 4000, 9000), Viral, 5000},
		{"small numbers never viral", series(0, 3, 6, 9, 12, 60), Steady, 48},
		{"one earlier spike does not hide the next", series(0, 1000, 9000, 10000, 11000, 12000, 17000), Viral, 5000},
		{"fading", series(0, 1000, 2000, 3000, 3050, 3080), Fading, 30},
		{"one slow hour is not fading", series(0, 1000, 2000, 3000, 4000, 4050), Steady, 50},
		{"a post that never moved is not fading", series(10, 10, 10, 10, 10), Steady, 0},
		{"count correction is a stall", series(0, 1000, 2000, 3000, 2990, 2995), Fading, 5},
		{"smooth decay fades against its peak", series(0, 1000, 1500, 1750, 1875, 1937, 1968, 1983), Fading, 15},
		{"slow square-root growth keeps going", series(0, 1000, 1414, 1732, 2000, 2236, 2449, 2646, 2828, 3000), Steady, 172},
	}
	for _, tc := range cases {
		got := Classify(tc.points, DefaultThresholds)
		if got.State != tc.want || (len(tc.points) > 1 && !near(got.Velocity.Value, tc.velocity)) {
			t.Errorf("%s: %+v, want %s at %v/h", tc.name, got, tc.want, tc.velocity)
		}
	}
}

func TestClassifyIrregularPulls(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	pts := []Point{
		{t0, k(0)},
		{t0.Add(1 * time.Hour), k(1000)},
		{t0.Add(2 * time.Hour), k(2000)},
		// A deferred run: four hours between pulls at the same pace is not a jump.
		{t0.Add(6 * time.Hour), k(6000)},
		{t0.Add(6 * time.Hour), k(6100)},        // duplicate instant, ignored
		{t0.Add(7 * time.Hour), social.Count{}}, // views missing, ignored
	}
	if got := Classify(pts, DefaultThresholds); got.State != Steady || !near(got.Velocity.Value, 1000) {
		t.Errorf("irregular pulls: %+v", got)
	}
}
