package tiktok

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

const testToken = "act.example12345Example12345Example"

func newServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, New(testToken, WithBaseURL(srv.URL))
}

func checkAuth(t *testing.T, r *http.Request) {
	t.Helper()
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q", got)
	}
}

func TestFetchPostsSuccessAndBatching(t *testing.T) {
	ids := make([]string, MaxVideoIDs)
	for i := range ids {
		ids[i] = fmt.Sprintf("73344556677889900%02d", i)
	}
	var calls atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		checkAuth(t, r)
		if r.Method != http.MethodPost || r.URL.Path != "/v2/video/query/" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
		fields := strings.Split(r.URL.Query().Get("fields"), ",")
		for _, want := range []string{"id", "create_time", "video_description", "view_count", "like_count", "comment_count", "share_count"} {
			if !slices.Contains(fields, want) {
				t.Errorf("fields %v lack %s", fields, want)
			}
		}
		var body struct {
			Filters struct {
				VideoIDs []string `json:"video_ids"`
			} `json:"filters"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Filters.VideoIDs) != MaxVideoIDs {
			t.Errorf("body filters %v, %v", body.Filters.VideoIDs, err)
		}
		var videos []string
		// Leave out the last id, as the API does for a video that is not the creator's.
		for i, id := range body.Filters.VideoIDs[:MaxVideoIDs-1] {
			videos = append(videos, fmt.Sprintf(`{"id":%q,"create_time":1772470800,"share_url":"https://www.tiktok.com/@lena/video/%s",
			  "title":"","video_description":"Day %d on the ridge #sponsored #hiking","view_count":%d,"like_count":900,"comment_count":41,"share_count":17}`,
				id, id, i, 50000+i))
		}
		fmt.Fprintf(w, `{"data":{"videos":[%s]},"error":{"code":"ok","message":"","log_id":"20260310120000ABCDEF"}}`, strings.Join(videos, ","))
	})
	res, err := c.FetchPosts(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 || len(res) != MaxVideoIDs {
		t.Fatalf("calls %d results %d", calls.Load(), len(res))
	}
	p := res[0].Post
	if p.Views != social.Known(50000) || p.Likes != social.Known(900) || p.Comments != social.Known(41) || p.Shares != social.Known(17) {
		t.Errorf("counts %+v", p)
	}
	if p.Saves.Valid || p.PaidPartnership != nil {
		t.Error("the Display API exposes neither saves nor a paid-partnership label")
	}
	if !p.PublishedAt.Equal(time.Unix(1772470800, 0)) || !strings.Contains(p.Caption, "#sponsored") || !strings.HasPrefix(p.URL, "https://www.tiktok.com/") {
		t.Errorf("post %+v", p)
	}
	if !errors.Is(res[MaxVideoIDs-1].Err, social.ErrNotFound) {
		t.Errorf("omitted video: %v", res[MaxVideoIDs-1].Err)
	}
	if _, err := c.FetchPosts(context.Background(), append(ids, "1")); !errors.Is(err, social.ErrRejected) {
		t.Errorf("21 ids: %v", err)
	}
}

func TestMalformedIDsAreNotSent(t *testing.T) {
	var sent []string
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Filters struct {
				VideoIDs []string `json:"video_ids"`
			} `json:"filters"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		sent = body.Filters.VideoIDs
		fmt.Fprint(w, `{"data":{"videos":[{"id":"7334455667788990011","view_count":5}]},"error":{"code":"ok","message":"","log_id":"L"}}`)
	})
	res, err := c.FetchPosts(context.Background(), []string{"https://www.tiktok.com/@x/video/1", "7334455667788990011"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sent, []string{"7334455667788990011"}) {
		t.Errorf("sent %v", sent)
	}
	if !errors.Is(res[0].Err, social.ErrNotFound) || res[1].Err != nil || res[1].Post.Views != social.Known(5) {
		t.Errorf("results %+v", res)
	}
	sent = nil
	if res, err := c.FetchPosts(context.Background(), []string{"abc"}); err != nil || sent != nil || !errors.Is(res[0].Err, social.ErrNotFound) {
		t.Errorf("only malformed ids: %v %v %v", res, err, sent)
	}
}

func TestFetchProfilePaginates(t *testing.T) {
	var pages atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		switch r.URL.Path {
		case "/v2/user/info/":
			if r.Method != http.MethodGet || !strings.Contains(r.URL.Query().Get("fields"), "follower_count") {
				t.Errorf("user info %s %s", r.Method, r.URL)
			}
			fmt.Fprint(w, `{"data":{"user":{"open_id":"open-lena","union_id":"u-1","display_name":"Lena Trails",
			  "profile_deep_link":"https://vm.tiktok.com/ZMlena/","is_verified":false,"follower_count":48200,
			  "following_count":310,"likes_count":1904000,"video_count":143}},"error":{"code":"ok","message":"","log_id":"L1"}}`)
		case "/v2/video/list/":
			n := pages.Add(1)
			var body map[string]any
			json.NewDecoder(r.Body).Decode(&body)
			if n == 1 && (body["cursor"] != nil || body["max_count"] != float64(20)) {
				t.Errorf("first page body %v", body)
			}
			if n == 2 && (body["cursor"] != float64(1772000000000) || body["max_count"] != float64(5)) {
				t.Errorf("second page body %v", body)
			}
			count, more := 20, true
			if n == 2 {
				count, more = 5, false
			}
			var vs []string
			for i := range count {
				vs = append(vs, fmt.Sprintf(`{"id":"7%018d","create_time":1772000000,"view_count":2000,"like_count":100,"comment_count":10,"share_count":%d}`, int(n)*100+i, i%2))
			}
			fmt.Fprintf(w, `{"data":{"videos":[%s],"cursor":1772000000000,"has_more":%t},"error":{"code":"ok","message":"","log_id":"L2"}}`, strings.Join(vs, ","), more)
		default:
			t.Errorf("unexpected %s", r.URL.Path)
		}
	})
	c.recent = 25
	p, err := c.FetchProfile(context.Background(), "open-lena")
	if err != nil {
		t.Fatal(err)
	}
	if pages.Load() != 2 || p.RecentPosts != 25 {
		t.Fatalf("pages %d recent %d", pages.Load(), p.RecentPosts)
	}
	if p.Followers != social.Known(48200) || p.TotalLikes != social.Known(1904000) || p.MediaCount != social.Known(143) {
		t.Errorf("profile %+v", p)
	}
	if p.AvgViews() != social.Known(2000) || p.AvgInteractions() != social.Known(110) {
		t.Errorf("averages %v %v", p.AvgViews(), p.AvgInteractions())
	}
	if _, err := c.FetchProfile(context.Background(), "someone-else"); !errors.Is(err, social.ErrRejected) {
		t.Errorf("token of another creator: %v", err)
	}
}

func TestErrors(t *testing.T) {
	envelope := func(code, msg string) string {
		return fmt.Sprintf(`{"data":{},"error":{"code":%q,"message":%q,"log_id":"202603101200009012"}}`, code, msg)
	}
	cases := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		kind       social.Kind
		code       string
		retryAfter time.Duration
	}{
		{"401 token", 401, nil, envelope("access_token_invalid", "The access token is invalid or not found in the request."), social.KindUnauthorized, "access_token_invalid", 0},
		{"401 scope", 401, nil, envelope("scope_not_authorized", "The user did not authorize the scope required for completing this request."), social.KindUnauthorized, "scope_not_authorized", 0},
		{"403 no envelope", 403, nil, `Forbidden`, social.KindUnauthorized, "", 0},
		{"429 with Retry-After", 429, map[string]string{"Retry-After": "12"}, envelope("rate_limit_exceeded", "The API rate limit was exceeded. Please try again later."), social.KindRateLimited, "rate_limit_exceeded", 12 * time.Second},
		{"500 internal", 500, nil, envelope("internal_error", "Something went wrong."), social.KindTransient, "internal_error", 0},
		{"400 params", 400, nil, envelope("invalid_params", "The request fields are invalid."), social.KindRejected, "invalid_params", 0},
		{"200 with error code", 200, nil, envelope("scope_permission_missed", "fields need additional scopes"), social.KindUnauthorized, "scope_permission_missed", 0},
		{"200 malformed", 200, nil, `{"data":{"videos":[{"id":"1",`, social.KindMalformed, "", 0},
		{"200 no data", 200, nil, `{"error":{"code":"ok","message":"","log_id":"x"}}`, social.KindMalformed, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, err := c.FetchPosts(context.Background(), []string{"7334455667788990011"})
			var se *social.Error
			if !errors.As(err, &se) {
				t.Fatalf("want *social.Error, got %v", err)
			}
			if se.Kind != tc.kind || se.Code != tc.code || se.RetryAfter != tc.retryAfter {
				t.Errorf("got %v %q %v; want %v %q %v", se.Kind, se.Code, se.RetryAfter, tc.kind, tc.code, tc.retryAfter)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

func TestTimeouts(t *testing.T) {
	block := make(chan struct{})
	srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-block:
		}
	})
	defer close(block)
	c := New(testToken, WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Timeout: 20 * time.Millisecond}))
	if _, err := c.FetchPosts(context.Background(), []string{"1"}); !errors.Is(err, social.ErrTransient) {
		t.Errorf("client timeout: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	c = New(testToken, WithBaseURL(srv.URL))
	if _, err := c.FetchProfile(ctx, ""); !errors.Is(err, social.ErrTransient) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: %v", err)
	}
}
