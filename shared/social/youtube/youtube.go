// Package youtube reads public video and channel statistics from the YouTube Data API v3
// with an API key.
//
// Calls used, each costing 1 quota unit (the default project quota is 10,000 units a day,
// reset at midnight Pacific time):
//   - videos.list?part=snippet,statistics&id=<up to 50 ids> for posts;
//   - channels.list?part=snippet,statistics,contentDetails&id=<channel> for profiles, then
//     playlistItems.list over the channel's uploads playlist and videos.list?part=statistics
//     for the recent posts' views.
//
// The client counts the units it spends against a budget (WithQuotaBudget), so a job that
// remembers today's spend across runs stops before the platform has to say quotaExceeded.
package youtube

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/internal/wire"
)

// DefaultBaseURL is the YouTube Data API v3 endpoint.
const DefaultBaseURL = "https://www.googleapis.com/youtube/v3"

// MaxIDsPerCall is the most ids videos.list and channels.list take in one call.
const MaxIDsPerCall = 50

// DefaultDailyQuota is the quota a new Google Cloud project gets for the YouTube Data API.
const DefaultDailyQuota = 10000

// DefaultRecentPosts is how many of a channel's latest uploads a profile averages.
const DefaultRecentPosts = 30

// Client reads YouTube with one API key. It is safe for concurrent use.
type Client struct {
	baseURL string
	apiKey  string
	http    *http.Client
	now     func() time.Time
	recent  int

	mu     sync.Mutex
	budget int // units this client may spend; <= 0 means no local limit
	used   int
	// exhausted is set once the platform said quotaExceeded, so later calls in the same run
	// do not spend requests learning it again.
	exhausted *social.Error
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL points the client at another endpoint (an httptest server, the replay
// handler).
func WithBaseURL(u string) Option { return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") } }

// WithHTTPClient sets the HTTP client; its Timeout bounds each request.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithQuotaBudget caps the units this client spends: pass what is left of today's quota
// (DefaultDailyQuota minus what earlier runs spent today).
func WithQuotaBudget(units int) Option { return func(c *Client) { c.budget = units } }

// WithRecentPosts sets how many recent uploads a profile averages.
func WithRecentPosts(n int) Option { return func(c *Client) { c.recent = n } }

// WithClock sets the clock used to compute when an exhausted quota resets.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// New returns a client for apiKey.
func New(apiKey string, opts ...Option) *Client {
	c := &Client{
		baseURL: DefaultBaseURL,
		apiKey:  apiKey,
		http:    wire.NewHTTPClient(),
		now:     time.Now,
		recent:  DefaultRecentPosts,
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

var _ social.Provider = (*Client)(nil)
var _ social.Coster = (*Client)(nil)

// Platform returns social.YouTube.
func (c *Client) Platform() social.Platform { return social.YouTube }

// MaxBatch returns MaxIDsPerCall.
func (c *Client) MaxBatch() int { return MaxIDsPerCall }

// Requests is one request per posts call; a profile is a channels.list, the uploads pages
// and the videos.list batches over the recent posts.
func (c *Client) Requests(kind social.CallKind, n int) int {
	if kind == social.PostsCall {
		return 1
	}
	return 1 + ceilDiv(c.recent, MaxIDsPerCall)*2
}

// QuotaUsed returns the units this client has spent; the job adds them to today's total.
func (c *Client) QuotaUsed() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// FetchPosts reads up to MaxIDsPerCall videos in one videos.list call. Ids the API does not
// return (deleted, private, never existed) come back with social.ErrNotFound.
func (c *Client) FetchPosts(ctx context.Context, ids []string) ([]social.PostResult, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > MaxIDsPerCall {
		return nil, &social.Error{Kind: social.KindRejected, Platform: social.YouTube, Op: "videos.list",
			Message: fmt.Sprintf("%d ids in one call; the API takes at most %d", len(ids), MaxIDsPerCall)}
	}
	var resp videoListResponse
	q := url.Values{"part": {"snippet,statistics"}, "id": {strings.Join(ids, ",")}}
	if err := c.get(ctx, "videos.list", "/videos", q, &resp); err != nil {
		return nil, err
	}
	byID := make(map[string]social.Post, len(resp.Items))
	for _, it := range resp.Items {
		p, err := it.post()
		if err != nil {
			return nil, wire.Malformed(social.YouTube, "videos.list", http.StatusOK, nil, err)
		}
		byID[it.ID] = p
	}
	out := make([]social.PostResult, len(ids))
	for i, id := range ids {
		p, ok := byID[id]
		if !ok {
			out[i] = social.PostResult{ID: id, Err: &social.Error{Kind: social.KindNotFound, Platform: social.YouTube,
				Op: "videos.list", Message: "video " + id + " not returned (deleted, private or unknown)"}}
			continue
		}
		out[i] = social.PostResult{ID: id, Post: p}
	}
	return out, nil
}

// FetchProfile reads a channel's statistics and the views and interactions of its latest
// uploads.
func (c *Client) FetchProfile(ctx context.Context, channelID string) (social.Profile, error) {
	var ch channelListResponse
	q := url.Values{"part": {"snippet,statistics,contentDetails"}, "id": {channelID}}
	if err := c.get(ctx, "channels.list", "/channels", q, &ch); err != nil {
		return social.Profile{}, err
	}
	if len(ch.Items) == 0 {
		return social.Profile{}, &social.Error{Kind: social.KindNotFound, Platform: social.YouTube, Op: "channels.list",
			Message: "channel " + channelID + " not returned"}
	}
	it := ch.Items[0]
	prof := social.Profile{
		Platform:    social.YouTube,
		ID:          it.ID,
		Handle:      it.Snippet.CustomURL,
		DisplayName: it.Snippet.Title,
		URL:         "https://www.youtube.com/channel/" + it.ID,
		MediaCount:  it.Statistics.VideoCount.Count(),
	}
	// A channel may hide its subscriber count; then the figure is missing, not zero.
	if !it.Statistics.HiddenSubscriberCount {
		prof.Followers = it.Statistics.SubscriberCount.Count()
	}
	if h := it.Snippet.CustomURL; h != "" {
		prof.URL = "https://www.youtube.com/" + h
	}
	uploads := it.ContentDetails.RelatedPlaylists.Uploads
	if uploads == "" || c.recent <= 0 {
		return prof, nil
	}
	ids, err := c.recentUploads(ctx, uploads)
	if err != nil {
		return social.Profile{}, err
	}
	var views, inter social.Count
	for _, batch := range social.Chunk(ids, MaxIDsPerCall) {
		var vr videoListResponse
		q := url.Values{"part": {"statistics"}, "id": {strings.Join(batch, ",")}}
		if err := c.get(ctx, "videos.list", "/videos", q, &vr); err != nil {
			return social.Profile{}, err
		}
		for _, v := range vr.Items {
			prof.RecentPosts++
			views = social.SumCounts(views, v.Statistics.ViewCount.Count())
			inter = social.SumCounts(inter, v.Statistics.LikeCount.Count(), v.Statistics.CommentCount.Count())
		}
	}
	prof.RecentViews, prof.RecentInteractions = views, inter
	return prof, nil
}

// recentUploads pages through the uploads playlist (newest first) until it has c.recent ids.
func (c *Client) recentUploads(ctx context.Context, playlistID string) ([]string, error) {
	var ids []string
	token := ""
	for len(ids) < c.recent {
		q := url.Values{
			"part":       {"contentDetails"},
			"playlistId": {playlistID},
			"maxResults": {fmt.Sprint(min(MaxIDsPerCall, c.recent-len(ids)))},
		}
		if token != "" {
			q.Set("pageToken", token)
		}
		var page playlistItemListResponse
		err := c.get(ctx, "playlistItems.list", "/playlistItems", q, &page)
		if social.KindOf(err) == social.KindNotFound {
			// A channel that never uploaded answers playlistNotFound for its uploads list.
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			if it.ContentDetails.VideoID != "" {
				ids = append(ids, it.ContentDetails.VideoID)
			}
		}
		if page.NextPageToken == "" || len(page.Items) == 0 {
			break
		}
		token = page.NextPageToken
	}
	return ids[:min(len(ids), c.recent)], nil
}

// get spends one quota unit and decodes a 2xx answer into out.
func (c *Client) get(ctx context.Context, op, path string, q url.Values, out any) error {
	if err := c.spend(op); err != nil {
		return err
	}
	q.Set("key", c.apiKey)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+path+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("youtube %s: build request: %w", op, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := wire.Do(c.http, req, social.YouTube, op)
	if err != nil {
		return err
	}
	if resp.Status/100 != 2 {
		return c.apiError(op, resp)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return wire.Malformed(social.YouTube, op, resp.Status, resp.Body, err)
	}
	return nil
}

func (c *Client) spend(op string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.exhausted != nil {
		e := *c.exhausted
		e.Op = op
		return &e
	}
	if c.budget > 0 && c.used >= c.budget {
		return &social.Error{Kind: social.KindQuotaExhausted, Platform: social.YouTube, Op: op,
			Message: fmt.Sprintf("local budget of %d units spent", c.budget), ResetAt: nextPacificMidnight(c.now())}
	}
	c.used++
	return nil
}

// apiError classifies an error answer by the reasons YouTube documents.
func (c *Client) apiError(op string, resp wire.Response) error {
	e := &social.Error{Platform: social.YouTube, Op: op, Status: resp.Status,
		RetryAfter: wire.RetryAfter(resp.Header, c.now())}
	var body errorResponse
	if json.Unmarshal(resp.Body, &body) != nil || body.Error.Code == 0 && len(body.Error.Errors) == 0 {
		e.Kind = wire.StatusKind(resp.Status)
		e.Message = wire.Snippet(resp.Body)
		return e
	}
	e.Message = body.Error.Message
	reasons := body.reasons()
	if len(reasons) > 0 {
		e.Code = reasons[0]
	}
	e.Kind = classify(resp.Status, reasons)
	if e.Kind == social.KindQuotaExhausted {
		e.ResetAt = nextPacificMidnight(c.now())
		c.mu.Lock()
		c.exhausted = e
		c.mu.Unlock()
	}
	return e
}

func classify(status int, reasons []string) social.Kind {
	for _, r := range reasons {
		switch r {
		case "quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg":
			return social.KindQuotaExhausted
		case "rateLimitExceeded", "userRateLimitExceeded":
			return social.KindRateLimited
		case "keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED", "authError", "unauthorized",
			"accessNotConfigured", "SERVICE_DISABLED", "ipRefererBlocked", "API_KEY_SERVICE_BLOCKED", "forbidden":
			return social.KindUnauthorized
		case "videoNotFound", "channelNotFound", "playlistNotFound", "playlistItemsNotAccessible":
			return social.KindNotFound
		case "backendError", "internalError":
			return social.KindTransient
		}
	}
	return wire.StatusKind(status)
}

// nextPacificMidnight is when a YouTube daily quota refills. Lambda images may lack the tz
// database; then PST (UTC-8) is used, at worst an hour early in summer, which only means
// one more run meets quotaExceeded.
func nextPacificMidnight(now time.Time) time.Time {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		loc = time.FixedZone("PST", -8*3600)
	}
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

func ceilDiv(a, b int) int {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
