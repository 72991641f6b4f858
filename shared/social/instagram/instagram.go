// Package instagram reads media and creator figures through the Instagram API with Facebook
// Login (Graph API host graph.facebook.com).
//
// Calls used:
//   - GET /<version>/<media-id>?fields=id,caption,comments_count,like_count,media_product_type,
//     media_type,permalink,timestamp for a post's public fields;
//   - GET /<version>/<media-id>/insights?metric=views,reach,saved,shares for the figures only
//     the media owner's token can read (Story media has no "saved");
//   - GET /<version>/<ig-user-id>?fields=business_discovery.username(<name>){followers_count,
//     media_count,media.limit(n){...}} for any professional account's profile, with cursor
//     paging over its media.
//
// Insights need the creator's own token (instagram_manage_insights); business discovery
// works with the workspace's token. The Graph API has no batch read we rely on, so each post
// is its own pair of requests and MaxBatch is 1; the puller's concurrency does the rest.
package instagram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/internal/wire"
)

// DefaultBaseURL is the Graph API host for the Instagram API with Facebook Login.
const DefaultBaseURL = "https://graph.facebook.com"

// DefaultVersion is the Graph API version the client calls.
const DefaultVersion = "v25.0"

// DefaultRecentPosts is how many of the account's latest media a profile averages.
const DefaultRecentPosts = 30

// mediaPageSize is the page size asked of the business discovery media edge.
const mediaPageSize = 25

const mediaFields = "id,caption,comments_count,like_count,media_product_type,media_type,permalink,timestamp"

// timestampLayout is how the Graph API writes times: ISO 8601 with a +0000 offset.
const timestampLayout = "2006-01-02T15:04:05-0700"

var username = regexp.MustCompile(`^[A-Za-z0-9._]{1,30}$`)

// Client reads Instagram with one access token. It is safe for concurrent use.
type Client struct {
	baseURL string
	version string
	token   string
	userID  string
	http    *http.Client
	now     func() time.Time
	recent  int
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL points the client at another host (an httptest server, the replay handler).
func WithBaseURL(u string) Option { return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") } }

// WithVersion sets the Graph API version, e.g. "v25.0".
func WithVersion(v string) Option { return func(c *Client) { c.version = v } }

// WithUserID sets the Instagram professional account id that business discovery queries run
// on (the workspace's own account).
func WithUserID(id string) Option { return func(c *Client) { c.userID = id } }

// WithHTTPClient sets the HTTP client; its Timeout bounds each request.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithRecentPosts sets how many recent media a profile averages.
func WithRecentPosts(n int) Option { return func(c *Client) { c.recent = n } }

// WithClock sets the clock used to read Retry-After dates.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// New returns a client acting with accessToken.
func New(accessToken string, opts ...Option) *Client {
	c := &Client{
		baseURL: DefaultBaseURL,
		version: DefaultVersion,
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

// Platform returns social.Instagram.
func (c *Client) Platform() social.Platform { return social.Instagram }

// MaxBatch returns 1: every post is read on its own.
func (c *Client) MaxBatch() int { return 1 }

// Requests is two requests per post (fields and insights), one per page of a profile, and
// for a hashtag its search and the pages of its recent media.
func (c *Client) Requests(kind social.CallKind, n int) int {
	switch kind {
	case social.PostsCall:
		return 2 * n
	case social.HashtagCall:
		return 1 + MaxHashtagMedia/hashtagPageSize
	}
	return max(1, (c.recent+mediaPageSize-1)/mediaPageSize)
}

// FetchPosts reads each media's fields and insights. A media that no longer exists or is not
// visible to the token comes back with social.ErrNotFound; insights the API cannot give
// (too few viewers, a metric this media type lacks) leave those counts missing.
func (c *Client) FetchPosts(ctx context.Context, ids []string) ([]social.PostResult, error) {
	out := make([]social.PostResult, 0, len(ids))
	for _, id := range ids {
		p, err := c.fetchPost(ctx, id)
		switch {
		case err == nil:
			out = append(out, social.PostResult{ID: id, Post: p})
		case social.KindOf(err) == social.KindNotFound:
			out = append(out, social.PostResult{ID: id, Err: err})
		default:
			return nil, err
		}
	}
	return out, nil
}

func (c *Client) fetchPost(ctx context.Context, id string) (social.Post, error) {
	if !numericID(id) {
		return social.Post{}, &social.Error{Kind: social.KindNotFound, Platform: social.Instagram, Op: "GET media",
			Message: fmt.Sprintf("%q is not an Instagram media id", id)}
	}
	var m media
	if err := c.get(ctx, "GET media", "/"+id, url.Values{"fields": {mediaFields}}, &m); err != nil {
		return social.Post{}, err
	}
	p := social.Post{
		Platform: social.Instagram,
		ID:       m.ID,
		URL:      m.Permalink,
		Caption:  m.Caption,
		// like_count is omitted when the owner hides likes and the reader is not the owner.
		Likes:    m.LikeCount.Count(),
		Comments: m.CommentsCount.Count(),
	}
	if m.Timestamp != "" {
		t, err := time.Parse(timestampLayout, m.Timestamp)
		if err != nil {
			return social.Post{}, wire.Malformed(social.Instagram, "GET media", http.StatusOK, nil, fmt.Errorf("timestamp: %w", err))
		}
		p.PublishedAt = t.UTC()
	}
	metrics := "views,reach,saved,shares"
	if m.MediaProductType == "STORY" {
		metrics = "views,reach,shares"
	}
	var ins insightsResponse
	err := c.get(ctx, "GET media insights", "/"+id+"/insights", url.Values{"metric": {metrics}}, &ins)
	switch {
	case err == nil:
		values := ins.values()
		p.Views, p.Reach, p.Saves, p.Shares = values["views"], values["reach"], values["saved"], values["shares"]
	case insightsUnavailable(err):
		// The post's public figures still count; the insight figures stay missing.
	default:
		return social.Post{}, err
	}
	return p, nil
}

// insightsUnavailable is an insights error that says "no figures for this media" rather than
// "stop": code 10 (not enough viewers) or 100 (metric not supported for this media type).
func insightsUnavailable(err error) bool {
	var se *social.Error
	if !errors.As(err, &se) {
		return false
	}
	code, _, _ := strings.Cut(se.Code, "/")
	return se.Kind == social.KindRejected && (code == "10" || code == "100")
}

// FetchProfile reads a professional account through business discovery: followers, media
// count, and likes and comments of its recent media. Instagram does not expose other
// accounts' views, so RecentViews stays missing.
func (c *Client) FetchProfile(ctx context.Context, name string) (social.Profile, error) {
	const op = "GET business_discovery"
	name = strings.TrimPrefix(name, "@")
	if !username.MatchString(name) {
		return social.Profile{}, &social.Error{Kind: social.KindRejected, Platform: social.Instagram, Op: op,
			Message: fmt.Sprintf("%q is not an Instagram username", name)}
	}
	if c.userID == "" {
		return social.Profile{}, &social.Error{Kind: social.KindRejected, Platform: social.Instagram, Op: op,
			Message: "business discovery needs the querying account's id (WithUserID)"}
	}
	var prof social.Profile
	var inter social.Count
	after := ""
	for first := true; first || prof.RecentPosts < c.recent; first = false {
		edge := fmt.Sprintf("media.limit(%d)", min(mediaPageSize, max(1, c.recent-prof.RecentPosts)))
		if after != "" {
			edge = fmt.Sprintf("media.after(%s).limit(%d)", after, min(mediaPageSize, c.recent-prof.RecentPosts))
		}
		fields := fmt.Sprintf("business_discovery.username(%s){id,username,name,followers_count,media_count,%s{id,like_count,comments_count,timestamp}}", name, edge)
		var resp struct {
			BusinessDiscovery struct {
				ID             string     `json:"id"`
				Username       string     `json:"username"`
				Name           string     `json:"name"`
				FollowersCount wire.Int64 `json:"followers_count"`
				MediaCount     wire.Int64 `json:"media_count"`
				Media          struct {
					Data   []media `json:"data"`
					Paging struct {
						Cursors struct {
							After string `json:"after"`
						} `json:"cursors"`
						Next string `json:"next"`
					} `json:"paging"`
				} `json:"media"`
			} `json:"business_discovery"`
		}
		if err := c.get(ctx, op, "/"+c.userID, url.Values{"fields": {fields}}, &resp); err != nil {
			return social.Profile{}, err
		}
		bd := resp.BusinessDiscovery
		if bd.ID == "" {
			return social.Profile{}, wire.Malformed(social.Instagram, op, http.StatusOK, nil, fmt.Errorf("no business_discovery object"))
		}
		if first {
			prof = social.Profile{
				Platform:    social.Instagram,
				ID:          bd.ID,
				Handle:      bd.Username,
				DisplayName: bd.Name,
				URL:         "https://www.instagram.com/" + bd.Username + "/",
				Followers:   bd.FollowersCount.Count(),
				MediaCount:  bd.MediaCount.Count(),
			}
		}
		if c.recent <= 0 {
			break
		}
		for _, m := range bd.Media.Data {
			if prof.RecentPosts == c.recent {
				break
			}
			prof.RecentPosts++
			inter = social.SumCounts(inter, m.LikeCount.Count(), m.CommentsCount.Count())
		}
		after = bd.Media.Paging.Cursors.After
		if bd.Media.Paging.Next == "" || after == "" || len(bd.Media.Data) == 0 {
			break
		}
	}
	prof.RecentInteractions = inter
	return prof, nil
}

// get sends a Graph API GET and decodes a 2xx answer into out.
func (c *Client) get(ctx context.Context, op, path string, q url.Values, out any) error {
	q.Set("access_token", c.token)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/"+c.version+path+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("instagram %s: build request: %w", op, err)
	}
	resp, err := wire.Do(c.http, req, social.Instagram, op)
	if err != nil {
		return err
	}
	if resp.Status/100 != 2 {
		return c.apiError(op, resp)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return wire.Malformed(social.Instagram, op, resp.Status, resp.Body, err)
	}
	return nil
}

// apiError classifies a Graph API error by its documented code and subcode.
func (c *Client) apiError(op string, resp wire.Response) error {
	e := &social.Error{Platform: social.Instagram, Op: op, Status: resp.Status}
	var body struct {
		Error *graphError `json:"error"`
	}
	if json.Unmarshal(resp.Body, &body) != nil || body.Error == nil || body.Error.Code == 0 {
		e.Kind = wire.StatusKind(resp.Status)
		e.Message = wire.Snippet(resp.Body)
		e.RetryAfter = wire.RetryAfter(resp.Header, c.now())
		return e
	}
	g := body.Error
	e.Code = strconv.Itoa(g.Code)
	if g.Subcode != 0 {
		e.Code += "/" + strconv.Itoa(g.Subcode)
	}
	e.Message = g.Message
	if g.TraceID != "" {
		e.Message += " (fbtrace_id " + g.TraceID + ")"
	}
	e.Kind = classify(resp.Status, g)
	if e.Kind == social.KindRateLimited {
		e.RetryAfter = max(wire.RetryAfter(resp.Header, c.now()), regainAccess(resp.Header))
	}
	return e
}

// classify maps Graph API error codes (developers.facebook.com/docs/graph-api/guides/
// error-handling) to what the job should do.
func classify(status int, g *graphError) social.Kind {
	switch {
	case g.Code == 190 || g.Code == 102 || g.Type == "OAuthException" && g.Code == 0:
		return social.KindUnauthorized
	case g.Code == 10 && strings.Contains(strings.ToLower(g.Message), "not enough viewers"):
		// Insights for a story with fewer than 5 viewers: nothing to read, not a permission gap.
		return social.KindRejected
	case g.Code == 10 || g.Code >= 200 && g.Code <= 299:
		return social.KindUnauthorized
	case g.Code == 4 || g.Code == 17 || g.Code == 32 || g.Code == 613 || g.Code == 341 || g.Code >= 80000 && g.Code <= 80099:
		return social.KindRateLimited
	case g.Code == 100 && g.Subcode == 33, g.Code == 803, g.Code == 110:
		// 100/33: the object does not exist or the token cannot see it.
		return social.KindNotFound
	case g.Code == 1 || g.Code == 2 || g.IsTransient:
		return social.KindTransient
	case status >= 500:
		return social.KindTransient
	}
	return social.KindRejected
}

// regainAccess reads the Business Use Case usage header, whose entries carry
// estimated_time_to_regain_access in minutes once an account is throttled.
func regainAccess(h http.Header) time.Duration {
	raw := h.Get("X-Business-Use-Case-Usage")
	if raw == "" {
		return 0
	}
	var usage map[string][]struct {
		Type                        string  `json:"type"`
		EstimatedTimeToRegainAccess float64 `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(raw), &usage) != nil {
		return 0
	}
	var longest float64
	for _, entries := range usage {
		for _, e := range entries {
			longest = max(longest, e.EstimatedTimeToRegainAccess)
		}
	}
	return time.Duration(longest * float64(time.Minute))
}

// graphError is the Graph API error envelope's "error" object.
type graphError struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode"`
	IsTransient bool   `json:"is_transient"`
	TraceID     string `json:"fbtrace_id"`
}

type media struct {
	ID               string     `json:"id"`
	Caption          string     `json:"caption"`
	CommentsCount    wire.Int64 `json:"comments_count"`
	LikeCount        wire.Int64 `json:"like_count"`
	MediaProductType string     `json:"media_product_type"`
	MediaType        string     `json:"media_type"`
	Permalink        string     `json:"permalink"`
	Timestamp        string     `json:"timestamp"`
}

// insightsResponse is {"data":[{"name":"views","period":"lifetime","values":[{"value":12}],...}]}.
type insightsResponse struct {
	Data []struct {
		Name   string `json:"name"`
		Values []struct {
			Value wire.Int64 `json:"value"`
		} `json:"values"`
		TotalValue *struct {
			Value wire.Int64 `json:"value"`
		} `json:"total_value"`
	} `json:"data"`
}

func (r insightsResponse) values() map[string]social.Count {
	out := map[string]social.Count{}
	for _, d := range r.Data {
		switch {
		case len(d.Values) > 0:
			out[d.Name] = d.Values[len(d.Values)-1].Value.Count()
		case d.TotalValue != nil:
			out[d.Name] = d.TotalValue.Value.Count()
		}
	}
	return out
}

func numericID(id string) bool {
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
