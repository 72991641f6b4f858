package youtube

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

const testKey = "AIzaTESTKEY"

// quotaBody is the documented quotaExceeded answer.
const quotaBody = `{"error":{"code":403,"message":"The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.","errors":[{"message":"The request cannot be completed because you have exceeded your quota.","domain":"youtube.quota","reason":"quotaExceeded"}]}}`

func videoJSON(id, views string, withLikes bool) string {
	likes := ""
	if withLikes {
		likes = `"likeCount":"120",`
	}
	return fmt.Sprintf(`{"kind":"youtube#video","etag":"e-%[1]s","id":"%[1]s",
	 "snippet":{"publishedAt":"2026-03-02T17:00:00Z","channelId":"UCabc","title":"Trail test %[1]s","description":"Thanks to @brand #ad","channelTitle":"Lena"},
	 "statistics":{"viewCount":"%[2]s",%[3]s"favoriteCount":"0","commentCount":"14"}}`, id, views, likes)
}

func newServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	return srv, New(testKey, WithBaseURL(srv.URL), WithClock(func() time.Time { return now }))
}

func TestFetchPostsSuccessAndBatching(t *testing.T) {
	ids := make([]string, 0, MaxIDsPerCall)
	for i := range MaxIDsPerCall {
		ids = append(ids, fmt.Sprintf("vid%08d", i))
	}
	var calls atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		if r.URL.Path != "/videos" || q.Get("part") != "snippet,statistics" || q.Get("key") != testKey {
			t.Errorf("unexpected request %s", r.URL)
		}
		got := strings.Split(q.Get("id"), ",")
		if len(got) != MaxIDsPerCall {
			t.Errorf("one call should carry all %d ids, got %d", MaxIDsPerCall, len(got))
		}
		// The API silently leaves out videos it cannot show: answer for all but the last.
		var items []string
		for i, id := range got[:len(got)-1] {
			items = append(items, videoJSON(id, fmt.Sprint(1000+i), i != 0))
		}
		fmt.Fprintf(w, `{"kind":"youtube#videoListResponse","etag":"x","items":[%s],"pageInfo":{"totalResults":%d,"resultsPerPage":%d}}`,
			strings.Join(items, ","), len(items), len(items))
	})
	res, err := c.FetchPosts(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 || c.QuotaUsed() != 1 {
		t.Fatalf("calls=%d quota=%d, want one call costing one unit", calls.Load(), c.QuotaUsed())
	}
	if len(res) != len(ids) {
		t.Fatalf("got %d results for %d ids", len(res), len(ids))
	}
	first := res[0].Post
	if res[0].Err != nil || first.Views != social.Known(1000) || first.Comments != social.Known(14) {
		t.Errorf("first = %+v, %v", first, res[0].Err)
	}
	if first.Likes.Valid {
		t.Errorf("a hidden like count must stay missing, got %v", first.Likes)
	}
	if res[1].Post.Likes != social.Known(120) || res[1].Post.Shares.Valid || res[1].Post.Saves.Valid {
		t.Errorf("second = %+v: likes 120, no shares or saves on YouTube", res[1].Post)
	}
	if !strings.Contains(first.Caption, "#ad") || !strings.HasPrefix(first.Caption, "Trail test") {
		t.Errorf("caption should join title and description, got %q", first.Caption)
	}
	if want := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC); !first.PublishedAt.Equal(want) || first.PaidPartnership != nil {
		t.Errorf("published %v label %v", first.PublishedAt, first.PaidPartnership)
	}
	last := res[len(res)-1]
	if !errors.Is(last.Err, social.ErrNotFound) {
		t.Errorf("missing video should be ErrNotFound, got %v", last.Err)
	}
	if _, err := c.FetchPosts(context.Background(), append(ids, "one-too-many")); !errors.Is(err, social.ErrRejected) {
		t.Errorf("51 ids should be rejected before calling, got %v", err)
	}
}

func TestFetchProfilePaginates(t *testing.T) {
	var playlistCalls, videoCalls atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch r.URL.Path {
		case "/channels":
			if q.Get("id") != "UCabc" || q.Get("part") != "snippet,statistics,contentDetails" {
				t.Errorf("channels query %s", r.URL.RawQuery)
			}
			fmt.Fprint(w, `{"kind":"youtube#channelListResponse","items":[{"kind":"youtube#channel","id":"UCabc",
			  "snippet":{"title":"Lena Trails","customUrl":"@lenatrails"},
			  "contentDetails":{"relatedPlaylists":{"likes":"","uploads":"UUabc"}},
			  "statistics":{"viewCount":"9000000","subscriberCount":"184000","hiddenSubscriberCount":false,"videoCount":"212"}}]}`)
		case "/playlistItems":
			n := playlistCalls.Add(1)
			if q.Get("playlistId") != "UUabc" {
				t.Errorf("playlist %q", q.Get("playlistId"))
			}
			start, next := 0, `"nextPageToken":"PAGE2",`
			if n == 2 {
				if q.Get("pageToken") != "PAGE2" || q.Get("maxResults") != "10" {
					t.Errorf("second page query %s", r.URL.RawQuery)
				}
				start, next = 50, ""
			}
			var items []string
			for i := range 50 {
				items = append(items, fmt.Sprintf(`{"kind":"youtube#playlistItem","contentDetails":{"videoId":"v%010d","videoPublishedAt":"2026-01-01T00:00:00Z"}}`, start+i))
			}
			fmt.Fprintf(w, `{"kind":"youtube#playlistItemListResponse",%s"items":[%s]}`, next, strings.Join(items, ","))
		case "/videos":
			videoCalls.Add(1)
			var items []string
			for _, id := range strings.Split(q.Get("id"), ",") {
				items = append(items, fmt.Sprintf(`{"id":%q,"statistics":{"viewCount":"1000","likeCount":"40","commentCount":"10"}}`, id))
			}
			fmt.Fprintf(w, `{"items":[%s]}`, strings.Join(items, ","))
		default:
			t.Errorf("unexpected path %s", r.URL.Path)
		}
	})
	c.recent = 60
	p, err := c.FetchProfile(context.Background(), "UCabc")
	if err != nil {
		t.Fatal(err)
	}
	if playlistCalls.Load() != 2 || videoCalls.Load() != 2 {
		t.Errorf("playlist pages %d, videos batches %d; want 2 and 2", playlistCalls.Load(), videoCalls.Load())
	}
	if p.Followers != social.Known(184000) || p.MediaCount != social.Known(212) || p.Handle != "@lenatrails" {
		t.Errorf("profile %+v", p)
	}
	if p.RecentPosts != 60 || p.AvgViews() != social.Known(1000) || p.AvgInteractions() != social.Known(50) {
		t.Errorf("recent %d avg views %v avg interactions %v", p.RecentPosts, p.AvgViews(), p.AvgInteractions())
	}
	if c.QuotaUsed() != 5 {
		t.Errorf("quota used %d, want 5 (channels + 2 pages + 2 batches)", c.QuotaUsed())
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		kind       social.Kind
		code       string
		retryAfter time.Duration
	}{
		{"401 invalid credentials", 401, nil,
			`{"error":{"code":401,"message":"Request had invalid authentication credentials.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError"}],"status":"UNAUTHENTICATED"}}`,
			social.KindUnauthorized, "authError", 0},
		{"400 bad api key", 400, nil,
			`{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"message":"API key not valid.","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`,
			social.KindUnauthorized, "badRequest", 0},
		{"403 quota", 403, nil, quotaBody, social.KindQuotaExhausted, "quotaExceeded", 0},
		{"403 rate", 403, nil,
			`{"error":{"code":403,"message":"rate","errors":[{"domain":"youtube.quota","reason":"rateLimitExceeded"}]}}`,
			social.KindRateLimited, "rateLimitExceeded", 0},
		{"429 with Retry-After", 429, map[string]string{"Retry-After": "7"},
			`{"error":{"code":429,"message":"Too many requests","errors":[{"reason":"rateLimitExceeded"}]}}`,
			social.KindRateLimited, "rateLimitExceeded", 7 * time.Second},
		{"500 backend", 500, nil,
			`{"error":{"code":500,"message":"Backend Error","errors":[{"domain":"global","reason":"backendError"}]}}`,
			social.KindTransient, "backendError", 0},
		{"503 html page", 503, nil, `<html>Service Unavailable</html>`, social.KindTransient, "", 0},
		{"200 malformed", 200, nil, `{"items":[{"id":"abc","statistics":{"viewCount":`, social.KindMalformed, "", 0},
		{"200 wrong type", 200, nil, `{"items":[{"id":"abc","statistics":{"viewCount":"lots"}}]}`, social.KindMalformed, "", 0},
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
			_, err := c.FetchPosts(context.Background(), []string{"abcdefghijk"})
			var se *social.Error
			if !errors.As(err, &se) {
				t.Fatalf("want *social.Error, got %v", err)
			}
			if se.Kind != tc.kind || se.Code != tc.code || se.RetryAfter != tc.retryAfter {
				t.Errorf("got kind %v code %q retry %v; want %v %q %v", se.Kind, se.Code, se.RetryAfter, tc.kind, tc.code, tc.retryAfter)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error leaks the API key: %v", err)
			}
		})
	}
}

func TestQuotaExhaustionStopsCalling(t *testing.T) {
	var calls atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(403)
		fmt.Fprint(w, quotaBody)
	})
	_, err := c.FetchPosts(context.Background(), []string{"abcdefghijk"})
	if !errors.Is(err, social.ErrQuotaExhausted) {
		t.Fatalf("want quota error, got %v", err)
	}
	var se *social.Error
	errors.As(err, &se)
	// 2026-03-10 12:00 UTC is 05:00 PDT; the quota refills at the next Pacific midnight.
	if want := time.Date(2026, 3, 11, 7, 0, 0, 0, time.UTC); !se.ResetAt.Equal(want) {
		t.Errorf("reset at %v, want %v", se.ResetAt.UTC(), want)
	}
	if _, err := c.FetchProfile(context.Background(), "UCabc"); !errors.Is(err, social.ErrQuotaExhausted) {
		t.Errorf("later call: %v", err)
	}
	if calls.Load() != 1 {
		t.Errorf("the platform was asked %d times; once it said quotaExceeded we stop", calls.Load())
	}
}

func TestLocalBudget(t *testing.T) {
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"items":[]}`) })
	WithQuotaBudget(2)(c)
	for i := range 3 {
		_, err := c.FetchPosts(context.Background(), []string{"abcdefghijk"})
		if i < 2 && err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if i == 2 && !errors.Is(err, social.ErrQuotaExhausted) {
			t.Fatalf("third call should hit the local budget, got %v", err)
		}
	}
	if c.QuotaUsed() != 2 {
		t.Errorf("used %d", c.QuotaUsed())
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

	t.Run("client timeout", func(t *testing.T) {
		c := New(testKey, WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Timeout: 20 * time.Millisecond}))
		_, err := c.FetchPosts(context.Background(), []string{"abcdefghijk"})
		if !errors.Is(err, social.ErrTransient) || strings.Contains(err.Error(), testKey) {
			t.Fatalf("want transient error without the key, got %v", err)
		}
	})
	t.Run("context deadline", func(t *testing.T) {
		c := New(testKey, WithBaseURL(srv.URL))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := c.FetchPosts(ctx, []string{"abcdefghijk"})
		if !errors.Is(err, social.ErrTransient) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("want transient wrapping DeadlineExceeded, got %v", err)
		}
	})
}

func TestNextPacificMidnight(t *testing.T) {
	cases := []struct{ now, want time.Time }{
		{time.Date(2026, 1, 15, 7, 59, 0, 0, time.UTC), time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)},
		{time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC), time.Date(2026, 1, 16, 8, 0, 0, 0, time.UTC)},
		{time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), time.Date(2026, 7, 2, 7, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		if got := nextPacificMidnight(tc.now); !got.Equal(tc.want) {
			t.Errorf("nextPacificMidnight(%v) = %v, want %v", tc.now, got.UTC(), tc.want)
		}
	}
}
