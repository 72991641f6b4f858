// Package tiktok reads a creator's videos and profile through the TikTok Display API (v2)
// with the access token the creator granted Hypetrack (scopes user.info.basic,
// user.info.profile, user.info.stats, video.list).
//
// Calls used:
//   - POST /v2/video/query/?fields=... with {"filters":{"video_ids":[up to 20]}} for posts;
//     the API only answers for videos that belong to the token's user;
//   - GET /v2/user/info/?fields=... and POST /v2/video/list/ (cursor paging, 20 a page) for
//     the profile and its recent videos.
//
// Each endpoint is rate limited to 600 requests per minute (sliding window); above it the
// API answers 429 rate_limit_exceeded.
package tiktok

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/internal/wire"
)

// DefaultBaseURL is the TikTok API host.
const DefaultBaseURL = "https://open.tiktokapis.com"

// MaxVideoIDs is the most video ids /v2/video/query/ takes per request.
const MaxVideoIDs = 20

// maxListCount is the largest page /v2/video/list/ returns.
const maxListCount = 20

// DefaultRecentPosts is how many of the creator's latest videos a profile averages.
const DefaultRecentPosts = 30

// RequestsPerMinute is the documented default limit of each endpoint.
const RequestsPerMinute = 600

// videoFields are the Video Object fields the job needs; the API returns only what is asked.
var videoFields = []string{"id", "create_time", "share_url", "title", "video_description",
	"view_count", "like_count", "comment_count", "share_count"}

var userFields = []string{"open_id", "union_id", "display_name", "profile_deep_link", "is_verified",
	"follower_count", "following_count", "likes_count", "video_count"}

// Client reads TikTok with one creator's access token. It is safe for concurrent use.
type Client struct {
	baseURL string
	token   string
	http    *http.Client
	now     func() time.Time
	recent  int
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL points the client at another host (an httptest server, the replay handler).
func WithBaseURL(u string) Option { return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") } }

// WithHTTPClient sets the HTTP client; its Timeout bounds each request.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithRecentPosts sets how many recent videos a profile averages.
func WithRecentPosts(n int) Option { return func(c *Client) { c.recent = n } }

// WithClock sets the clock used to read Retry-After dates.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// New returns a client acting with the creator's access token.
func New(accessToken string, opts ...Option) *Client {
	c := &Client{
		baseURL: DefaultBaseURL,
		token:   accessToken,
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

// Platform returns social.TikTok.
func (c *Client) Platform() social.Platform { return social.TikTok }

// MaxBatch returns MaxVideoIDs.
func (c *Client) MaxBatch() int { return MaxVideoIDs }

// Requests is one request per posts call; a profile is user info plus the video list pages.
func (c *Client) Requests(kind social.CallKind, n int) int {
	if kind == social.PostsCall {
		return 1
	}
	return 1 + max(1, (c.recent+maxListCount-1)/maxListCount)
}

// FetchPosts queries up to MaxVideoIDs of the creator's videos. Videos the API leaves out
// (deleted, private, or not the token owner's) come back with social.ErrNotFound.
func (c *Client) FetchPosts(ctx context.Context, ids []string) ([]social.PostResult, error) {
	const op = "POST /v2/video/query/"
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > MaxVideoIDs {
		return nil, &social.Error{Kind: social.KindRejected, Platform: social.TikTok, Op: op,
			Message: fmt.Sprintf("%d ids in one request; the API takes at most %d", len(ids), MaxVideoIDs)}
	}
	// A malformed id would make TikTok reject the whole request (invalid_params) and, run
	// after run, sink the good ids batched with it; it is answered "not found" locally.
	var valid []string
	for _, id := range ids {
		if numeric(id) {
			valid = append(valid, id)
		}
	}
	var data struct {
		Videos []videoObject `json:"videos"`
	}
	if len(valid) > 0 {
		body := map[string]any{"filters": map[string]any{"video_ids": valid}}
		if err := c.call(ctx, http.MethodPost, "/v2/video/query/", videoFields, body, op, &data); err != nil {
			return nil, err
		}
	}
	byID := make(map[string]social.Post, len(data.Videos))
	for _, v := range data.Videos {
		byID[string(v.ID)] = v.post()
	}
	out := make([]social.PostResult, len(ids))
	for i, id := range ids {
		p, ok := byID[id]
		if !ok {
			out[i] = social.PostResult{ID: id, Err: &social.Error{Kind: social.KindNotFound, Platform: social.TikTok, Op: op,
				Message: "video " + id + " not returned (deleted, private, or not this creator's)"}}
			continue
		}
		out[i] = social.PostResult{ID: id, Post: p}
	}
	return out, nil
}

// FetchProfile reads the token owner's profile and the figures of their latest videos.
// openID, when not empty, must be the token owner's: a token that belongs to someone else
// is a wiring mistake worth failing loudly on.
func (c *Client) FetchProfile(ctx context.Context, openID string) (social.Profile, error) {
	const op = "GET /v2/user/info/"
	var data struct {
		User struct {
			OpenID          string     `json:"open_id"`
			DisplayName     string     `json:"display_name"`
			ProfileDeepLink string     `json:"profile_deep_link"`
			FollowerCount   wire.Int64 `json:"follower_count"`
			LikesCount      wire.Int64 `json:"likes_count"`
			VideoCount      wire.Int64 `json:"video_count"`
		} `json:"user"`
	}
	if err := c.call(ctx, http.MethodGet, "/v2/user/info/", userFields, nil, op, &data); err != nil {
		return social.Profile{}, err
	}
	u := data.User
	if openID != "" && u.OpenID != openID {
		return social.Profile{}, &social.Error{Kind: social.KindRejected, Platform: social.TikTok, Op: op,
			Message: fmt.Sprintf("token belongs to open_id %q, not %q", u.OpenID, openID)}
	}
	prof := social.Profile{
		Platform:    social.TikTok,
		ID:          u.OpenID,
		DisplayName: u.DisplayName,
		URL:         u.ProfileDeepLink,
		Followers:   u.FollowerCount.Count(),
		TotalLikes:  u.LikesCount.Count(),
		MediaCount:  u.VideoCount.Count(),
	}
	if err := c.recentVideos(ctx, &prof); err != nil {
		return social.Profile{}, err
	}
	return prof, nil
}

// recentVideos pages /v2/video/list/ (newest first) until c.recent videos are counted.
func (c *Client) recentVideos(ctx context.Context, prof *social.Profile) error {
	const op = "POST /v2/video/list/"
	fields := []string{"id", "create_time", "view_count", "like_count", "comment_count", "share_count"}
	var cursor *int64
	var views, inter social.Count
	for prof.RecentPosts < c.recent {
		body := map[string]any{"max_count": min(maxListCount, c.recent-prof.RecentPosts)}
		if cursor != nil {
			body["cursor"] = *cursor
		}
		var page struct {
			Videos  []videoObject `json:"videos"`
			Cursor  int64         `json:"cursor"`
			HasMore bool          `json:"has_more"`
		}
		if err := c.call(ctx, http.MethodPost, "/v2/video/list/", fields, body, op, &page); err != nil {
			return err
		}
		for _, v := range page.Videos {
			if prof.RecentPosts == c.recent {
				break
			}
			prof.RecentPosts++
			views = social.SumCounts(views, v.ViewCount.Count())
			inter = social.SumCounts(inter, v.LikeCount.Count(), v.CommentCount.Count(), v.ShareCount.Count())
		}
		if !page.HasMore || len(page.Videos) == 0 {
			break
		}
		next := page.Cursor
		cursor = &next
	}
	prof.RecentViews, prof.RecentInteractions = views, inter
	return nil
}

// call sends one request and decodes the envelope {"data":...,"error":{"code":"ok",...}}.
func (c *Client) call(ctx context.Context, method, path string, fields []string, body any, op string, out any) error {
	u := c.baseURL + path + "?" + url.Values{"fields": {strings.Join(fields, ",")}}.Encode()
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("tiktok %s: encode body: %w", op, err)
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, reader)
	if err != nil {
		return fmt.Errorf("tiktok %s: build request: %w", op, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := wire.Do(c.http, req, social.TikTok, op)
	if err != nil {
		return err
	}
	var env struct {
		Data  json.RawMessage `json:"data"`
		Error *apiError       `json:"error"`
	}
	decodeErr := json.Unmarshal(resp.Body, &env)
	if resp.Status/100 != 2 || (decodeErr == nil && env.Error != nil && env.Error.Code != "" && env.Error.Code != "ok") {
		return c.apiError(op, resp, env.Error)
	}
	if decodeErr != nil {
		return wire.Malformed(social.TikTok, op, resp.Status, resp.Body, decodeErr)
	}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return wire.Malformed(social.TikTok, op, resp.Status, resp.Body, fmt.Errorf("no data object"))
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return wire.Malformed(social.TikTok, op, resp.Status, resp.Body, err)
	}
	return nil
}

// apiError classifies by TikTok's documented error codes, falling back to the HTTP status.
func (c *Client) apiError(op string, resp wire.Response, ae *apiError) error {
	e := &social.Error{Platform: social.TikTok, Op: op, Status: resp.Status, RetryAfter: wire.RetryAfter(resp.Header, c.now())}
	if ae == nil || ae.Code == "" {
		e.Kind = wire.StatusKind(resp.Status)
		e.Message = wire.Snippet(resp.Body)
		return e
	}
	e.Code, e.Message = ae.Code, ae.Message
	if ae.LogID != "" {
		// TikTok support asks for the log id; keep it with the message.
		e.Message += " (log_id " + ae.LogID + ")"
	}
	switch ae.Code {
	case "access_token_invalid", "scope_not_authorized", "scope_permission_missed":
		e.Kind = social.KindUnauthorized
	case "rate_limit_exceeded":
		e.Kind = social.KindRateLimited
	case "internal_error":
		e.Kind = social.KindTransient
	case "invalid_params":
		e.Kind = social.KindRejected
	default:
		e.Kind = wire.StatusKind(resp.Status)
		if e.Kind == social.KindUnknown {
			e.Kind = social.KindRejected
		}
	}
	return e
}

// apiError is TikTok's error struct: {"code":"...","message":"...","log_id":"..."}.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

// flexID reads a video id sent as a string (Display API) or as a number.
type flexID string

// UnmarshalJSON accepts "7334..." and 7334....
func (f *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("video id %s: %w", b, err)
	}
	*f = flexID(n.String())
	return nil
}

// videoObject is the documented Video Object, reduced to the fields we request.
type videoObject struct {
	ID               flexID     `json:"id"`
	CreateTime       int64      `json:"create_time"`
	ShareURL         string     `json:"share_url"`
	Title            string     `json:"title"`
	VideoDescription string     `json:"video_description"`
	ViewCount        wire.Int64 `json:"view_count"`
	LikeCount        wire.Int64 `json:"like_count"`
	CommentCount     wire.Int64 `json:"comment_count"`
	ShareCount       wire.Int64 `json:"share_count"`
}

func (v videoObject) post() social.Post {
	caption := v.VideoDescription
	if v.Title != "" && !strings.Contains(caption, v.Title) {
		caption = strings.TrimSpace(v.Title + "\n\n" + caption)
	}
	p := social.Post{
		Platform: social.TikTok,
		ID:       string(v.ID),
		URL:      v.ShareURL,
		Caption:  caption,
		Views:    v.ViewCount.Count(),
		Likes:    v.LikeCount.Count(),
		Comments: v.CommentCount.Count(),
		Shares:   v.ShareCount.Count(),
	}
	if v.CreateTime > 0 {
		p.PublishedAt = time.Unix(v.CreateTime, 0).UTC()
	}
	return p
}

func numeric(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
