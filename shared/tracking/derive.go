package tracking

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/disclosure"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/socialmetrics"
)

// RecentPoints is how many view counts a post keeps for momentum: a day of hourly pulls,
// which covers the viral check (the last interval against the six before it) and the
// fading check (the last two against the best pace within the day).
const RecentPoints = 24

// FailAfter is how many failed runs in a row make an item wait RetryFailing before it is
// tried again, so a deleted post stops costing a call every run.
const FailAfter = 5

// RetryFailing is how long an item that keeps failing waits between attempts.
const RetryFailing = 24 * time.Hour

// Requirement is what a campaign asks every tracked post to carry: any one of its
// disclosure tags (the default set when it names none), or the platform's own
// paid-partnership label where the platform exposes it.
func Requirement(c campaigns.Campaign) disclosure.Requirement {
	tags := c.DisclosureTags
	if len(tags) == 0 {
		tags = disclosure.DefaultAnyOf
	}
	return disclosure.Requirement{AnyOf: tags, AcceptPlatformLabel: true}
}

// PostUpdate is what one pull changes on a tracked post.
type PostUpdate struct {
	Snapshot   Snapshot
	Latest     Latest
	Disclosure Disclosure
	Recent     Recent
	Pull       PullState
	// Fresh is false when the post already holds this run's values or newer ones (a
	// retried run): the snapshot is still written if missing, the item left alone.
	Fresh bool
}

// ApplyPost derives what a pull of p means: the snapshot to add to its series, the latest
// values with engagement, growth and momentum, and the disclosure check. runAt is the
// run's scheduled time, pulledAt when the platform answered, followers the creator's
// follower count on the post's platform (missing when not known).
func ApplyPost(p Post, got social.Post, runAt, pulledAt time.Time, req disclosure.Requirement, followers social.Count) PostUpdate {
	counts := countsOf(got)
	u := PostUpdate{
		Snapshot: Snapshot{At: runAt, PulledAt: pulledAt, Counts: counts, Simulated: got.Simulated},
		Fresh:    p.Latest == nil || p.Latest.At.Before(runAt),
	}
	if !u.Fresh {
		return u
	}
	u.Recent = appendRecent(p.Recent, pulledAt, got.Views)
	trend := socialmetrics.Classify(points(u.Recent), socialmetrics.DefaultThresholds)
	l := Latest{
		At: runAt, PulledAt: pulledAt, Counts: counts,
		Caption:               truncate(got.Caption, CaptionLimit),
		PaidPartnership:       got.PaidPartnership,
		EngagementRate:        ratio(socialmetrics.EngagementRate(got)),
		EngagementPerFollower: ratio(socialmetrics.EngagementPerFollower(got, followers)),
		Momentum: Momentum{State: string(trend.State), ViewsPerHour: ratio(trend.Velocity),
			BaselinePerHour: ratio(trend.Baseline)},
		Simulated: got.Simulated,
	}
	if !got.PublishedAt.IsZero() {
		t := got.PublishedAt.UTC()
		l.PublishedAt = &t
	}
	if p.Latest != nil {
		l.Growth = growth(p.Latest.PulledAt, count(p.Latest.Views), pulledAt, got.Views)
	}
	u.Latest = l
	res := disclosure.Check(got.Caption, req, got.PaidPartnership)
	u.Disclosure = Disclosure{Disclosed: res.Disclosed, Required: normalized(req.AnyOf), Found: orEmpty(res.Found),
		ByLabel: res.ByLabel, PlatformLabel: res.PlatformLabel, CheckedAt: pulledAt}
	u.Pull = PullState{Status: "pulled", At: &runAt}
	return u
}

// Attempted is the pull state after a run that did not pull the item: status is failed,
// skipped or deferred. Only failures count towards FailAfter; a skipped or deferred item
// keeps its count, since the platform was not asked.
func Attempted(prev PullState, status, reason string, runAt time.Time) PullState {
	next := PullState{Status: status, Reason: truncate(reason, 300), At: &runAt, Failures: prev.Failures, RetryAt: prev.RetryAt}
	if status != "failed" {
		return next
	}
	next.Failures++
	next.RetryAt = nil
	if next.Failures >= FailAfter {
		t := runAt.Add(RetryFailing)
		next.RetryAt = &t
	}
	return next
}

// Waiting reports whether an item that keeps failing sits out the run at runAt.
func (s PullState) Waiting(runAt time.Time) bool { return s.RetryAt != nil && runAt.Before(*s.RetryAt) }

// Changed reports whether writing next over s tells a reader anything new; a run that
// defers the same item for the same reason again need not write it.
func (s PullState) Changed(next PullState) bool {
	return s.Status != next.Status || s.Reason != next.Reason || s.Failures != next.Failures ||
		(s.RetryAt == nil) != (next.RetryAt == nil)
}

func growth(prevAt time.Time, prev social.Count, at time.Time, cur social.Count) Growth {
	c := socialmetrics.Growth(socialmetrics.Point{At: prevAt, Value: prev}, socialmetrics.Point{At: at, Value: cur})
	if !c.Valid {
		return Growth{}
	}
	since := prevAt
	return Growth{Delta: &c.Delta, Percent: ratio(c.Percent), PerDay: ratio(c.PerDay), Since: &since}
}

// appendRecent adds a view count, keeping the last RecentPoints in time order. A pull at
// or before the last kept one (a retried run) is not added again.
func appendRecent(r Recent, at time.Time, views social.Count) Recent {
	out := Recent{At: append([]int64(nil), r.At...), Views: append([]int64(nil), r.Views...)}
	if len(out.At) != len(out.Views) {
		out = Recent{}
	}
	if !views.Valid || (len(out.At) > 0 && at.Unix() <= out.At[len(out.At)-1]) {
		return out
	}
	out.At = append(out.At, at.Unix())
	out.Views = append(out.Views, views.Value)
	if n := len(out.At); n > RecentPoints {
		out.At, out.Views = out.At[n-RecentPoints:], out.Views[n-RecentPoints:]
	}
	return out
}

func points(r Recent) []socialmetrics.Point {
	out := make([]socialmetrics.Point, 0, len(r.At))
	for i := range r.At {
		if i < len(r.Views) {
			out = append(out, socialmetrics.Point{At: time.Unix(r.At[i], 0).UTC(), Value: social.Known(r.Views[i])})
		}
	}
	return out
}

func ratio(r socialmetrics.Ratio) *float64 {
	if !r.Valid || math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return nil
	}
	v := math.Round(r.Value*1e6) / 1e6
	return &v
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func normalized(tags []string) []string {
	out := []string{}
	for _, t := range tags {
		if n := disclosure.Normalize(t); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func orEmpty(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// ProfileSnapshot is one pull of a creator's profile on one platform.
type ProfileSnapshot struct {
	At         time.Time `json:"at"`
	PulledAt   time.Time `json:"pulledAt"`
	Followers  *int64    `json:"followers"`
	MediaCount *int64    `json:"mediaCount"`
	// TotalLikes is what the account collected over all its posts (TikTok).
	TotalLikes *int64 `json:"totalLikes"`
	// RecentPosts is how many of the latest posts the recent figures add up.
	RecentPosts        int    `json:"recentPosts"`
	RecentViews        *int64 `json:"recentViews"`
	RecentInteractions *int64 `json:"recentInteractions"`
	// AvgViews and EngagementRate are the recent posts' average views and interactions
	// per view; per follower divides average interactions by followers.
	AvgViews              *int64   `json:"avgViews"`
	EngagementRate        *float64 `json:"engagementRate"`
	EngagementPerFollower *float64 `json:"engagementPerFollower"`
	// Growth is the change in followers since the previous pull.
	Growth    Growth `json:"followerGrowth"`
	Simulated bool   `json:"simulated"`
}

// ApplyProfile derives a profile snapshot; fresh is false when the account already holds
// this run's figures (a retried run).
func ApplyProfile(a Account, got social.Profile, runAt, pulledAt time.Time) (snap ProfileSnapshot, fresh bool) {
	perView, perFollower := socialmetrics.ProfileEngagement(got)
	snap = ProfileSnapshot{
		At: runAt, PulledAt: pulledAt,
		Followers: ptr(got.Followers), MediaCount: ptr(got.MediaCount), TotalLikes: ptr(got.TotalLikes),
		RecentPosts: got.RecentPosts, RecentViews: ptr(got.RecentViews), RecentInteractions: ptr(got.RecentInteractions),
		AvgViews: ptr(got.AvgViews()), EngagementRate: ratio(perView), EngagementPerFollower: ratio(perFollower),
		Simulated: got.Simulated,
	}
	if a.Latest != nil {
		snap.Growth = growth(a.Latest.PulledAt, count(a.Latest.Followers), pulledAt, got.Followers)
	}
	return snap, a.Latest == nil || a.Latest.At.Before(runAt)
}

// HashtagUpdate is what one pull changes on a tracked hashtag.
type HashtagUpdate struct {
	Snapshot HashtagSnapshot
	Pull     PullState
	Fresh    bool
}

// ApplyHashtag derives a hashtag snapshot.
func ApplyHashtag(h Hashtag, got social.Hashtag, runAt, pulledAt time.Time) HashtagUpdate {
	return HashtagUpdate{
		Snapshot: HashtagSnapshot{At: runAt, PulledAt: pulledAt, Posts: got.Posts, Likes: ptr(got.Likes),
			Comments: ptr(got.Comments), WindowHours: int(got.Window.Hours()), Simulated: got.Simulated},
		Pull:  PullState{Status: "pulled", At: &runAt},
		Fresh: h.Latest == nil || h.Latest.At.Before(runAt),
	}
}

// Figures are the roster figures a creator's measured profiles give.
type Figures struct {
	// Followers sums the measured platforms; Complete says every platform the creator
	// has a handle on was measured, so the sum can replace the typed-in total.
	Followers int64
	Complete  bool
	// AvgViews and EngagementRate pool the recent posts of every measured platform.
	AvgViews       int64
	EngagementRate float64
	HasViews       bool
	Measured       int
}

// RosterFigures pools a creator's measured accounts into the figures the roster keeps.
// handles are the platforms the creator lists.
func RosterFigures(handles map[string]string, accounts []Account) Figures {
	var f Figures
	var posts, views, inter int64
	measured := map[string]bool{}
	for _, a := range accounts {
		l := a.Latest
		if l == nil || l.Followers == nil {
			continue
		}
		measured[string(a.Platform)] = true
		f.Measured++
		f.Followers += *l.Followers
		if l.RecentViews != nil && l.RecentPosts > 0 {
			posts += int64(l.RecentPosts)
			views += *l.RecentViews
			if l.RecentInteractions != nil {
				inter += *l.RecentInteractions
			}
		}
	}
	f.Complete = f.Measured > 0
	for p := range handles {
		if !measured[p] {
			f.Complete = false
		}
	}
	if posts > 0 && views > 0 {
		f.HasViews = true
		f.AvgViews = (views + posts/2) / posts
		f.EngagementRate = min(1, math.Round(float64(inter)/float64(views)*1e4)/1e4)
	}
	return f
}

// Refresh says which roster figures of a creator the measured ones should replace, and
// whether the change is worth a write. Small moves are left alone: every write bumps the
// creator's version, and a marketer editing the creator would have to reload for a
// follower count that moved by a handful. A follower count that crosses a tier boundary
// is always written, so tiers are never stale.
func (f Figures) Refresh(followers, avgViews int64, engagement float64) (newFollowers, newAvgViews int64, newEngagement float64, changed bool) {
	newFollowers, newAvgViews, newEngagement = followers, avgViews, engagement
	if f.Complete && (moved(followers, f.Followers) || creators.TierOf(followers) != creators.TierOf(f.Followers)) {
		newFollowers, changed = f.Followers, true
	}
	if f.HasViews && moved(avgViews, f.AvgViews) {
		newAvgViews, changed = f.AvgViews, true
	}
	if f.HasViews && math.Abs(engagement-f.EngagementRate) >= 0.001 {
		newEngagement, changed = f.EngagementRate, true
	}
	return newFollowers, newAvgViews, newEngagement, changed
}

// moved reports a change of at least 1 %, or any change from or to zero.
func moved(old, cur int64) bool {
	if old == cur {
		return false
	}
	if old == 0 || cur == 0 {
		return true
	}
	return math.Abs(float64(cur-old))/float64(old) >= 0.01
}

// Reason renders an error for a pull state: short, and free of credentials (the social
// clients never put one in an error).
func Reason(err error) string {
	if err == nil {
		return ""
	}
	return truncate(fmt.Sprint(err), 300)
}
