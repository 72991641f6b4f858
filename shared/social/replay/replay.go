// Package replay provides the replay provider: SIMULATED social data for the local stack
// and the demo, never for a real campaign. It serves responses recorded in the platforms'
// own shapes from events/social/ through the real youtube, tiktok and instagram clients,
// over an in-process http.Handler (no sockets, no network), so the local stack exercises
// the same decoders production uses. Every Post and Profile it returns has Simulated set,
// and the UI shows them as simulated.
//
// So that a local time series is not flat, counts grow with the run time: views follow a
// per-post curve picked deterministically from the post id (steady, viral jump, or fading
// plateau), interactions grow a little slower than views, followers grow slowly. The same
// run time always yields the same numbers, so a retried run stores the same snapshot.
//
// Recorded files (Dir is usually events/social):
//
//	youtube/videos.json                     videos.list response with every recorded video
//	youtube/channels.json                   channels.list response with every recorded channel
//	youtube/playlistItems.<playlistId>.json playlistItems.list response of an uploads playlist
//	tiktok/video_query.json                 /v2/video/query/ response with every recorded video
//	tiktok/user_info.<open_id>.json         /v2/user/info/ response for the creator's token
//	tiktok/video_list.<open_id>.json        /v2/video/list/ response, newest first
//	instagram/media.json                    the creator's /<ig-user-id>/media edge (fields per media)
//	instagram/insights.<media-id>.json      /<media-id>/insights response
//	instagram/business_discovery.<username>.json  business discovery response
//	instagram/hashtag_search.<tag>.json     ig_hashtag_search response
//	instagram/recent_media.<hashtag-id>.json  a hashtag's recent_media edge (timestamps are
//	                                        moved so the newest is the run time)
package replay

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/instagram"
	"github.com/hypetrack/hypetrack/shared/social/tiktok"
	"github.com/hypetrack/hypetrack/shared/social/youtube"
)

// DefaultDir is where the recordings live, relative to the repository root.
const DefaultDir = "events/social"

// Options configure a replay provider.
type Options struct {
	// Dir holds the recordings (DefaultDir when empty).
	Dir string
	// Account is the simulated credential: for TikTok the creator's open_id (it picks the
	// user_info and video_list files), for Instagram the querying account's id. YouTube
	// ignores it.
	Account string
	// Epoch is when simulated growth starts; recorded counts are the counts at Epoch. Pass
	// the local stack's start (or the demo seed's) time. Zero means the time New is called.
	Epoch time.Time
	// Speed is how many simulated hours pass per real hour (default 1). A local stack that
	// runs the job every minute can pass 60 to see an hour of growth per run.
	Speed float64
	// Now is the run time (default time.Now).
	Now func() time.Time
}

// Provider is the replay provider: a real platform client wired to recorded responses. It
// implements social.Provider and marks everything it returns as simulated.
type Provider struct {
	inner social.Provider
}

var _ social.Provider = (*Provider)(nil)
var _ social.Coster = (*Provider)(nil)

// New returns a replay provider for platform.
func New(platform social.Platform, opts Options) (*Provider, error) {
	if opts.Dir == "" {
		opts.Dir = DefaultDir
	}
	if _, err := os.Stat(opts.Dir); err != nil {
		return nil, fmt.Errorf("replay %s: recordings: %w", platform, err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Epoch.IsZero() {
		opts.Epoch = opts.Now()
	}
	if opts.Speed <= 0 {
		opts.Speed = 1
	}
	h := &handler{dir: opts.Dir, platform: platform, account: opts.Account,
		grow: growth{platform: platform, epoch: opts.Epoch, speed: opts.Speed, now: opts.Now}}
	hc := &http.Client{Transport: inProcess{h}}
	const base = "http://replay.invalid"
	var inner social.Provider
	switch platform {
	case social.YouTube:
		inner = youtube.New("replay", youtube.WithBaseURL(base), youtube.WithHTTPClient(hc), youtube.WithClock(opts.Now))
	case social.TikTok:
		if opts.Account == "" {
			return nil, fmt.Errorf("replay tiktok: Options.Account must name the creator's open_id")
		}
		inner = tiktok.New(opts.Account, tiktok.WithBaseURL(base), tiktok.WithHTTPClient(hc), tiktok.WithClock(opts.Now))
	case social.Instagram:
		account := opts.Account
		if account == "" {
			account = "17841405309211844"
		}
		h.account = account
		inner = instagram.New("replay", instagram.WithBaseURL(base), instagram.WithUserID(account),
			instagram.WithHTTPClient(hc), instagram.WithClock(opts.Now))
	default:
		return nil, fmt.Errorf("replay: no recordings for platform %q", platform)
	}
	return &Provider{inner: inner}, nil
}

// Platform returns the replayed platform.
func (p *Provider) Platform() social.Platform { return p.inner.Platform() }

// MaxBatch returns the real client's batch size.
func (p *Provider) MaxBatch() int { return p.inner.MaxBatch() }

// Requests returns the real client's request cost.
func (p *Provider) Requests(kind social.CallKind, n int) int {
	if c, ok := p.inner.(social.Coster); ok {
		return c.Requests(kind, n)
	}
	return 1
}

// FetchPosts serves recorded posts, grown to the run time and marked simulated.
func (p *Provider) FetchPosts(ctx context.Context, ids []string) ([]social.PostResult, error) {
	res, err := p.inner.FetchPosts(ctx, ids)
	for i := range res {
		if res[i].Err == nil {
			res[i].Post.Simulated = true
		}
	}
	return res, err
}

// FetchProfile serves a recorded profile, grown to the run time and marked simulated.
func (p *Provider) FetchProfile(ctx context.Context, id string) (social.Profile, error) {
	prof, err := p.inner.FetchProfile(ctx, id)
	if err == nil {
		prof.Simulated = true
	}
	return prof, err
}

// FetchHashtag serves a recorded hashtag's recent use, grown to the run time and marked
// simulated, where the replayed platform reads hashtags (Instagram).
func (p *Provider) FetchHashtag(ctx context.Context, tag string) (social.Hashtag, error) {
	hr, ok := p.inner.(social.HashtagReader)
	if !ok {
		return social.Hashtag{}, &social.Error{Kind: social.KindRejected, Platform: p.Platform(), Op: "hashtag",
			Message: "this platform's hashtags are not replayed"}
	}
	h, err := hr.FetchHashtag(ctx, tag)
	if err == nil {
		h.Simulated = true
	}
	return h, err
}

var _ social.HashtagReader = (*Provider)(nil)

// inProcess hands requests straight to the handler, so the real clients run unchanged
// without opening a socket.
type inProcess struct{ h http.Handler }

// RoundTrip serves req with the handler and returns the recorded response.
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
