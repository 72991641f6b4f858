// Package socialmetrics derives the figures marketers read from pulled snapshots: engagement
// rates, growth between snapshots, and whether a post is going viral or fading. Every
// function is pure. A figure that cannot be computed (a missing count, a division by zero)
// is "no data", never 0: a post with no views has no engagement rate, not a 0 % one.
package socialmetrics

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

// Ratio is a derived figure that may be "no data".
type Ratio struct {
	Value float64
	Valid bool
}

// Of returns a/b, or no data when either is missing or b is 0.
func Of(a, b social.Count) Ratio {
	if !a.Valid || !b.Valid || b.Value == 0 {
		return Ratio{}
	}
	return Ratio{Value: float64(a.Value) / float64(b.Value), Valid: true}
}

// String renders the ratio with four decimals, or "no data".
func (r Ratio) String() string {
	if !r.Valid {
		return "no data"
	}
	return strconv.FormatFloat(r.Value, 'f', 4, 64)
}

// MarshalJSON writes the value, or null for no data.
func (r Ratio) MarshalJSON() ([]byte, error) {
	if !r.Valid || math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(r.Value)
}

// EngagementRate is (likes + comments + shares) / views. Interactions a platform does not
// expose (shares on YouTube) are left out of the sum rather than voiding it.
func EngagementRate(p social.Post) Ratio { return Of(p.Interactions(), p.Views) }

// EngagementPerFollower is (likes + comments + shares) / followers: how much of the
// creator's audience reacted to the post.
func EngagementPerFollower(p social.Post, followers social.Count) Ratio {
	return Of(p.Interactions(), followers)
}

// ProfileEngagement is a creator's typical engagement over their recent posts: average
// interactions per view, and per follower (the figure creator search filters on).
func ProfileEngagement(p social.Profile) (perView, perFollower Ratio) {
	return Of(p.RecentInteractions, p.RecentViews), Of(p.AvgInteractions(), p.Followers)
}

// Point is one snapshot of a figure.
type Point struct {
	At    time.Time
	Value social.Count
}

// Change is how a figure moved between two snapshots.
type Change struct {
	// Delta is current minus previous; Valid is false when either value is missing.
	Delta int64
	Valid bool
	// Percent is Delta over the previous value (no data when that was 0).
	Percent Ratio
	// PerDay is Delta per 24 hours elapsed (no data when no time elapsed).
	PerDay Ratio
}

// Growth compares the last snapshot with the current one.
func Growth(prev, cur Point) Change {
	if !prev.Value.Valid || !cur.Value.Valid {
		return Change{}
	}
	c := Change{Delta: cur.Value.Value - prev.Value.Value, Valid: true}
	c.Percent = Of(social.Known(c.Delta), prev.Value)
	if hours := cur.At.Sub(prev.At).Hours(); hours > 0 {
		c.PerDay = Ratio{Value: float64(c.Delta) / hours * 24, Valid: true}
	}
	return c
}

// State is a post's momentum.
type State string

// The momentum states.
const (
	// NoTrend: too few snapshots to judge.
	NoTrend State = "no data"
	// Steady: views move along the post's own trend.
	Steady State = "steady"
	// Viral: the latest views per hour jumped well above the post's own trend.
	Viral State = "viral"
	// Fading: views per hour stalled against what the post used to get.
	Fading State = "fading"
)

// Thresholds tune Classify. Velocities are views per hour, so pulls at irregular times (a
// deferred run, a missed schedule) compare fairly.
type Thresholds struct {
	// Baseline is how many intervals before the judged ones form the post's own trend; their
	// median is used so one earlier spike does not hide the next.
	Baseline int
	// MinBaseline is the fewest baseline intervals Classify needs before judging.
	MinBaseline int
	// ViralFactor: the latest velocity must be at least this multiple of the baseline.
	ViralFactor float64
	// ViralMinGain: and the latest interval must have gained at least this many views, so
	// a post going from 3 to 12 views an hour is not called viral.
	ViralMinGain int64
	// FadeFactor: a post fades when each of the last FadeIntervals velocities is at most
	// this fraction of its best pace (the highest median over Baseline consecutive
	// intervals before them). Against the best pace rather than the recent trend, because
	// views usually decay smoothly and a smooth decay never looks sudden next to itself.
	FadeFactor    float64
	FadeIntervals int
}

// DefaultThresholds are the documented defaults: viral at 3x the median of the previous six
// intervals with at least 1,000 new views; fading when two intervals in a row run at 10 % or
// less of the post's best six-interval median. With hourly pulls that is "tripled its pace
// this hour" and "for two hours now, under a tenth of the views an hour it used to get".
var DefaultThresholds = Thresholds{
	Baseline:      6,
	MinBaseline:   2,
	ViralFactor:   3,
	ViralMinGain:  1000,
	FadeFactor:    0.1,
	FadeIntervals: 2,
}

// Trend is Classify's verdict with the numbers behind it.
type Trend struct {
	State State
	// Velocity is the latest views per hour. Baseline is what it was judged against: the
	// median of the intervals before (steady, viral) or the best pace (fading).
	Velocity Ratio
	Baseline Ratio
}

// Classify judges a post's momentum from its view snapshots, oldest first. Snapshots with
// missing views or out of order are ignored; a drop in views (platforms correct counts)
// counts as no growth.
func Classify(series []Point, th Thresholds) Trend {
	vel := velocities(series)
	n := len(vel)
	if n == 0 {
		return Trend{State: NoTrend}
	}
	latest := vel[n-1]
	t := Trend{State: NoTrend, Velocity: Ratio{Value: latest.perHour, Valid: true}}

	// Viral: the latest interval against the ones before it.
	if base := window(vel[:n-1], th.Baseline); len(base) >= th.MinBaseline {
		med := median(base)
		t.State, t.Baseline = Steady, Ratio{Value: med, Valid: true}
		if latest.gain >= th.ViralMinGain && latest.perHour >= th.ViralFactor*med {
			t.State = Viral
			return t
		}
	}
	// Fading: the last FadeIntervals against the best pace the post had before them.
	k := max(1, th.FadeIntervals)
	if n-k < th.MinBaseline {
		return t
	}
	peak := peakPace(vel[:n-k], th.Baseline, th.MinBaseline)
	if peak <= 0 {
		return t
	}
	for _, v := range vel[n-k:] {
		if v.perHour > th.FadeFactor*peak {
			return t
		}
	}
	t.State, t.Baseline = Fading, Ratio{Value: peak, Valid: true}
	return t
}

// peakPace is the highest median velocity over any run of up to size consecutive intervals
// (at least minLen long). Medians keep a single spike from setting the bar.
func peakPace(vs []interval, size, minLen int) float64 {
	size = max(size, 1)
	var peak float64
	for end := max(minLen, 1); end <= len(vs); end++ {
		peak = max(peak, median(window(vs[:end], size)))
	}
	return peak
}

type interval struct {
	gain    int64
	perHour float64
}

func velocities(series []Point) []interval {
	var out []interval
	var prev *Point
	for i := range series {
		p := &series[i]
		if !p.Value.Valid {
			continue
		}
		if prev != nil {
			hours := p.At.Sub(prev.At).Hours()
			if hours <= 0 {
				continue
			}
			gain := max(0, p.Value.Value-prev.Value.Value)
			out = append(out, interval{gain: gain, perHour: float64(gain) / hours})
		}
		prev = p
	}
	return out
}

// window returns the last n intervals' velocities.
func window(vs []interval, n int) []float64 {
	if n > 0 && len(vs) > n {
		vs = vs[len(vs)-n:]
	}
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v.perHour
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}
