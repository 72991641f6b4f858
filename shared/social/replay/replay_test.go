package replay

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/socialmetrics"
)

const dir = "../../../events/social"

const lenaOpenID = "7f3c2a10-5b8e-4d1a-9e2f-lenatrails01"

var epoch = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// at returns options whose run time is epoch + h hours.
func at(account string, h float64) Options {
	return Options{Dir: dir, Account: account, Epoch: epoch,
		Now: func() time.Time { return epoch.Add(time.Duration(h * float64(time.Hour))) }}
}

func mustNew(t *testing.T, p social.Platform, o Options) *Provider {
	t.Helper()
	prov, err := New(p, o)
	if err != nil {
		t.Fatal(err)
	}
	return prov
}

func TestRecordedPostsAtEpoch(t *testing.T) {
	cases := []struct {
		platform social.Platform
		account  string
		ids      []string
		want     social.Post // figures of ids[0] as recorded
	}{
		{social.YouTube, "", []string{"nPkTrail001", "nPkTrail002", "gone0000000"},
			social.Post{Views: social.Known(48210), Likes: social.Known(2960), Comments: social.Known(311)}},
		{social.TikTok, lenaOpenID, []string{"7334455667788990011", "7334455667788990022", "7000000000000000000"},
			social.Post{Views: social.Known(152300), Likes: social.Known(18240), Comments: social.Known(410), Shares: social.Known(960)}},
		{social.Instagram, "", []string{"17895695668004550", "17912345678901234", "17000000000000000"},
			social.Post{Views: social.Known(48211), Likes: social.Known(1204), Comments: social.Known(38), Shares: social.Known(96),
				Saves: social.Known(412), Reach: social.Known(30120)}},
	}
	for _, tc := range cases {
		t.Run(string(tc.platform), func(t *testing.T) {
			p := mustNew(t, tc.platform, at(tc.account, 0))
			var res []social.PostResult
			for _, batch := range social.Chunk(tc.ids, p.MaxBatch()) {
				r, err := p.FetchPosts(context.Background(), batch)
				if err != nil {
					t.Fatal(err)
				}
				res = append(res, r...)
			}
			got := res[0].Post
			if !got.Simulated || got.Caption == "" || got.PublishedAt.IsZero() || got.URL == "" {
				t.Errorf("post %+v", got)
			}
			counts := social.Post{Views: got.Views, Likes: got.Likes, Comments: got.Comments, Shares: got.Shares, Saves: got.Saves, Reach: got.Reach}
			if counts != tc.want {
				t.Errorf("counts at the epoch\n got %+v\nwant %+v", counts, tc.want)
			}
			if res[1].Err != nil || !res[1].Post.Simulated {
				t.Errorf("second post %+v %v", res[1].Post, res[1].Err)
			}
			if !errors.Is(res[2].Err, social.ErrNotFound) {
				t.Errorf("an id that was never recorded is not found, got %v", res[2].Err)
			}
		})
	}
}

func TestRecordedProfiles(t *testing.T) {
	cases := []struct {
		platform  social.Platform
		account   string
		id        string
		followers int64
		recent    int
		views     bool
	}{
		{social.YouTube, "", "UCLenaTrailsRuns2026abcd", 184000, 8, true},
		{social.YouTube, "", "UCMaxClimbsDaily2026wxyz", 412000, 4, true},
		{social.TikTok, lenaOpenID, lenaOpenID, 48200, 10, true},
		{social.Instagram, "", "lena.trails", 92400, 10, false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.platform, "/", tc.id), func(t *testing.T) {
			p := mustNew(t, tc.platform, at(tc.account, 0))
			prof, err := p.FetchProfile(context.Background(), tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if !prof.Simulated || prof.Followers != social.Known(tc.followers) || prof.RecentPosts != tc.recent ||
				prof.AvgViews().Valid != tc.views || !prof.AvgInteractions().Valid {
				t.Errorf("profile %+v", prof)
			}
		})
	}
	yt := mustNew(t, social.YouTube, at("", 0))
	if _, err := yt.FetchProfile(context.Background(), "UCnobody"); !errors.Is(err, social.ErrNotFound) {
		t.Errorf("unknown channel: %v", err)
	}
	ig := mustNew(t, social.Instagram, at("", 0))
	if _, err := ig.FetchProfile(context.Background(), "nobody.here"); !errors.Is(err, social.ErrNotFound) {
		t.Errorf("unknown username: %v", err)
	}
	tt := mustNew(t, social.TikTok, at("someone-unrecorded", 0))
	if _, err := tt.FetchProfile(context.Background(), ""); !errors.Is(err, social.ErrUnauthorized) {
		t.Errorf("unrecorded token: %v", err)
	}
}

func TestGrowthIsDeterministicAndMonotonic(t *testing.T) {
	ids := []string{"7334455667788990011", "7334455667788990022", "7334455667788990033"}
	fetch := func(h float64) []social.PostResult {
		p := mustNew(t, social.TikTok, at(lenaOpenID, h))
		res, err := p.FetchPosts(context.Background(), ids)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if a, b := fetch(17.5), fetch(17.5); !reflect.DeepEqual(a, b) {
		t.Error("the same run time must give the same snapshot (a retried run stores no new numbers)")
	}
	prev := fetch(0)
	for h := 1.0; h <= 72; h++ {
		cur := fetch(h)
		for i := range cur {
			p, c := prev[i].Post, cur[i].Post
			if c.Views.Value < p.Views.Value || c.Likes.Value < p.Likes.Value || c.Shares.Value < p.Shares.Value {
				t.Fatalf("%s went backwards at hour %v: %+v -> %+v", ids[i], h, p, c)
			}
		}
		prev = cur
	}
	if prev[1].Post.Views.Value <= 40120 {
		t.Error("three days on, a steady post has more views than recorded")
	}
	// Every curve starts at the recording and never falls.
	for _, key := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		for _, kind := range []fieldKind{viewLike, interactionLike, followerLike} {
			g := growth{platform: social.YouTube, epoch: epoch, speed: 1}
			last := 0.0
			for h := 0.0; h < 500; h += 0.5 {
				g.now = func() time.Time { return epoch.Add(time.Duration(h * float64(time.Hour))) }
				f := g.factor(key, kind)
				if (h == 0 && f != 1) || f < last {
					t.Fatalf("factor(%s, %v) at %vh = %v after %v", key, kind, h, f, last)
				}
				last = f
			}
		}
	}
}

// TestSimulatedSeriesShowMomentum pulls hourly for two days and checks that the local
// time series shows what the demo needs: a post that goes viral and one that fades.
func TestSimulatedSeriesShowMomentum(t *testing.T) {
	cases := []struct {
		platform social.Platform
		account  string
		id       string
		want     socialmetrics.State
	}{
		{social.YouTube, "", "nPkTrail003", socialmetrics.Viral},
		{social.TikTok, lenaOpenID, "7334455667788990011", socialmetrics.Viral},
		{social.Instagram, "", "17912345678901234", socialmetrics.Fading},
		{social.YouTube, "", "nPkTrail001", socialmetrics.Steady},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.platform, "/", tc.id), func(t *testing.T) {
			var series []socialmetrics.Point
			seen := map[socialmetrics.State]bool{}
			for h := 0; h <= 48; h++ {
				o := at(tc.account, float64(h))
				p := mustNew(t, tc.platform, o)
				res, err := p.FetchPosts(context.Background(), []string{tc.id})
				if err != nil || res[0].Err != nil {
					t.Fatal(err, res[0].Err)
				}
				series = append(series, socialmetrics.Point{At: o.Now(), Value: res[0].Post.Views})
				seen[socialmetrics.Classify(series, socialmetrics.DefaultThresholds).State] = true
			}
			if !seen[tc.want] {
				t.Errorf("never %s over 48 hourly pulls; saw %v", tc.want, seen)
			}
			if tc.want == socialmetrics.Steady && (seen[socialmetrics.Viral] || seen[socialmetrics.Fading]) {
				t.Errorf("a steady post was flagged: %v", seen)
			}
		})
	}
}

func TestSpeedAndOptions(t *testing.T) {
	// One real hour at speed 24 is a simulated day.
	fast := Options{Dir: dir, Epoch: epoch, Speed: 24, Now: func() time.Time { return epoch.Add(time.Hour) }}
	slow := at("", 24)
	a, _ := mustNew(t, social.YouTube, fast).FetchPosts(context.Background(), []string{"nPkTrail001"})
	b, _ := mustNew(t, social.YouTube, slow).FetchPosts(context.Background(), []string{"nPkTrail001"})
	if a[0].Post.Views != b[0].Post.Views {
		t.Errorf("speed 24 for 1h = %v, speed 1 for 24h = %v", a[0].Post.Views, b[0].Post.Views)
	}
	if _, err := New(social.YouTube, Options{Dir: "no/such/dir"}); err == nil {
		t.Error("a missing recordings folder is an error")
	}
	if _, err := New(social.TikTok, Options{Dir: dir}); err == nil {
		t.Error("TikTok replay needs the creator's open_id")
	}
	if _, err := New("myspace", Options{Dir: dir}); err == nil {
		t.Error("unknown platform")
	}
	if p := mustNew(t, social.Instagram, Options{Dir: dir}); p.Requests(social.PostsCall, 1) != 2 || p.Platform() != social.Instagram {
		t.Error("replay keeps the real client's cost and platform")
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := mustNew(t, social.YouTube, at("", 0)).FetchPosts(ctx, []string{"nPkTrail001"})
	if !errors.Is(err, social.ErrTransient) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestRecordedHashtag(t *testing.T) {
	cases := []struct {
		name     string
		platform social.Platform
		tag      string
		hours    float64
		posts    int64
		wantKind social.Kind
	}{
		{name: "at the epoch", platform: social.Instagram, tag: "trailchallenge", posts: 12},
		{name: "a day on", platform: social.Instagram, tag: "#TrailChallenge", hours: 24, posts: 12},
		{name: "unused tag", platform: social.Instagram, tag: "nobodyusesthis", wantKind: social.KindNotFound},
		{name: "platform without hashtags", platform: social.YouTube, tag: "trailchallenge", wantKind: social.KindRejected},
	}
	var likesAtEpoch int64
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, err := mustNew(t, tc.platform, at("", tc.hours)).FetchHashtag(context.Background(), tc.tag)
			if tc.wantKind != social.KindUnknown {
				if social.KindOf(err) != tc.wantKind {
					t.Fatalf("error %v, want %v", err, tc.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if h.Posts != tc.posts || !h.Simulated || !h.Likes.Valid {
				t.Fatalf("hashtag %+v", h)
			}
			if tc.hours == 0 {
				likesAtEpoch = h.Likes.Value
			} else if h.Likes.Value <= likesAtEpoch {
				t.Errorf("likes %d a day on, %d at the epoch: the simulation grows", h.Likes.Value, likesAtEpoch)
			}
		})
	}
}
