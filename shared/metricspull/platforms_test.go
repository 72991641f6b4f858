package metricspull_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/metricspull"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/instagram"
	"github.com/hypetrack/hypetrack/shared/social/replay"
	"github.com/hypetrack/hypetrack/shared/social/tiktok"
	"github.com/hypetrack/hypetrack/shared/social/youtube"
)

// fakePlatforms answers YouTube, TikTok and Instagram requests in their documented shapes
// after latency, echoing whatever ids are asked for with fixed figures. fail, if set, may
// answer instead (status and body) for a request.
func fakePlatforms(tb testing.TB, latency time.Duration, fail func(r *http.Request) (int, string, bool)) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if latency > 0 {
			time.Sleep(latency)
		}
		if fail != nil {
			if status, body, ok := fail(r); ok {
				w.WriteHeader(status)
				fmt.Fprint(w, body)
				return
			}
		}
		switch {
		case strings.HasSuffix(r.URL.Path, "/youtube/v3/videos"):
			var items []string
			for _, id := range strings.Split(r.URL.Query().Get("id"), ",") {
				items = append(items, fmt.Sprintf(`{"kind":"youtube#video","id":%q,"snippet":{"publishedAt":"2026-03-01T10:00:00Z","title":"t","description":"#ad"},"statistics":{"viewCount":"1000","likeCount":"50","commentCount":"5"}}`, id))
			}
			fmt.Fprintf(w, `{"kind":"youtube#videoListResponse","items":[%s]}`, strings.Join(items, ","))
		case strings.HasSuffix(r.URL.Path, "/v2/video/query/"):
			var body struct {
				Filters struct {
					VideoIDs []string `json:"video_ids"`
				} `json:"filters"`
			}
			json.NewDecoder(r.Body).Decode(&body)
			var vs []string
			for _, id := range body.Filters.VideoIDs {
				vs = append(vs, fmt.Sprintf(`{"id":%q,"create_time":1772470800,"video_description":"#ad","view_count":5000,"like_count":400,"comment_count":20,"share_count":9}`, id))
			}
			fmt.Fprintf(w, `{"data":{"videos":[%s]},"error":{"code":"ok","message":"","log_id":"L"}}`, strings.Join(vs, ","))
		case strings.HasSuffix(r.URL.Path, "/insights"):
			fmt.Fprint(w, `{"data":[{"name":"views","period":"lifetime","values":[{"value":700}]},{"name":"shares","period":"lifetime","values":[{"value":3}]}]}`)
		case strings.Contains(r.URL.Path, "/v25.0/"):
			id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
			fmt.Fprintf(w, `{"id":%q,"caption":"#ad","like_count":70,"comments_count":4,"media_product_type":"FEED","timestamp":"2026-03-01T10:00:00+0000"}`, id)
		default:
			w.WriteHeader(404)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// instantClock is a fake clock: backoff and rate waits advance it instead of sleeping.
type instantClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *instantClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *instantClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return ctx.Err()
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%07d", prefix, i)
	}
	return out
}

func tasks(source string, kind metricspull.Kind, idList []string) []metricspull.Task {
	out := make([]metricspull.Task, len(idList))
	for i, id := range idList {
		out[i] = metricspull.Task{Source: source, Kind: kind, ID: id}
	}
	return out
}

// TestRealClientsMixedHealth runs the real clients against fake platforms where one YouTube
// batch fails once with a 500, one TikTok creator's token is revoked, and Instagram
// throttles one request with Retry-After.
func TestRealClientsMixedHealth(t *testing.T) {
	var ytBatches, igThrottled atomic.Int32
	srv := fakePlatforms(t, 0, func(r *http.Request) (int, string, bool) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/videos") && ytBatches.Add(1) == 2:
			return 500, `{"error":{"code":500,"message":"Backend Error","errors":[{"reason":"backendError"}]}}`, true
		case r.Header.Get("Authorization") == "Bearer revoked":
			return 401, `{"data":{},"error":{"code":"access_token_invalid","message":"The access token is invalid or not found in the request.","log_id":"X"}}`, true
		case strings.Contains(r.URL.Path, "/v25.0/") && !strings.HasSuffix(r.URL.Path, "/insights") && igThrottled.Add(1) == 3:
			return 429, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"T"}}`, true
		}
		return 0, "", false
	})
	yt := youtube.New("key", youtube.WithBaseURL(srv.URL+"/youtube/v3"))
	p, err := metricspull.New(metricspull.Config{
		Sources: map[string]metricspull.Source{
			"yt":       {Provider: yt},
			"tt-lena":  {Provider: tiktok.New("good", tiktok.WithBaseURL(srv.URL))},
			"tt-max":   {Provider: tiktok.New("revoked", tiktok.WithBaseURL(srv.URL))},
			"ig-lena":  {Provider: instagram.New("tok", instagram.WithBaseURL(srv.URL))},
			"replayed": {Provider: mustReplay(t)},
		},
		Clock:       &instantClock{now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)},
		Concurrency: 4,
	})
	if err != nil {
		t.Fatal(err)
	}
	var all []metricspull.Task
	all = append(all, tasks("yt", metricspull.PostTask, ids("yt", 120))...)
	all = append(all, tasks("tt-lena", metricspull.PostTask, ids("7", 45))...)
	all = append(all, tasks("tt-max", metricspull.PostTask, ids("8", 45))...)
	all = append(all, tasks("ig-lena", metricspull.PostTask, ids("1789", 6))...)
	all = append(all, tasks("replayed", metricspull.PostTask, []string{"nPkTrail001", "nPkTrail002"})...)
	var mu sync.Mutex
	outcomes := map[string][]metricspull.Outcome{}
	sum := p.Run(context.Background(), all, func(o metricspull.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		outcomes[o.Task.Source] = append(outcomes[o.Task.Source], o)
	})
	if sum.Total() != len(all) {
		t.Fatalf("summary total %d for %d tasks", sum.Total(), len(all))
	}
	want := map[string]metricspull.SourceSummary{
		"yt":      {Pulled: 120, Calls: 4, Retries: 1},
		"tt-lena": {Pulled: 45, Calls: 3},
		// Calls is left out: batches already in flight when the 401 arrives still finish.
		"tt-max":   {Skipped: 45, State: "unauthorized"},
		"ig-lena":  {Pulled: 6, Calls: 7, Retries: 1},
		"replayed": {Pulled: 2, Calls: 1},
	}
	for name, w := range want {
		got := sum.Sources[name]
		got.LastError = ""
		if name == "tt-max" {
			if got.Calls < 1 || got.Calls > 3 {
				t.Errorf("tt-max made %d calls; at most its 3 batches", got.Calls)
			}
			got.Calls = 0
		}
		if got != w {
			t.Errorf("%s: %+v, want %+v", name, got, w)
		}
	}
	if yt.QuotaUsed() != 4 {
		t.Errorf("youtube units %d", yt.QuotaUsed())
	}
	for _, o := range outcomes["tt-max"] {
		if !errors.Is(o.Err, social.ErrUnauthorized) {
			t.Errorf("tt-max outcome %v", o.Err)
		}
	}
	for _, o := range outcomes["replayed"] {
		if !o.Post.Simulated {
			t.Error("replayed posts are marked simulated")
		}
	}
}

func mustReplay(t testing.TB) social.Provider {
	p, err := replay.New(social.YouTube, replay.Options{Dir: "../../events/social"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// BenchmarkPull measures items pulled per second through the real clients against local
// fake platforms that take 100 ms per request, at the job's concurrency, without rate
// limits (the platforms' own limits are a separate, documented ceiling). Run it with
// -benchtime=1x: one iteration is one full run.
func BenchmarkPull(b *testing.B) {
	const latency = 100 * time.Millisecond
	cases := []struct {
		name        string
		items       int
		concurrency int
		source      func(base string) social.Provider
	}{
		{"youtube/2000posts/c16", 2000, 16, func(base string) social.Provider {
			return youtube.New("key", youtube.WithBaseURL(base+"/youtube/v3"))
		}},
		{"tiktok/2000posts/c16", 2000, 16, func(base string) social.Provider {
			return tiktok.New("tok", tiktok.WithBaseURL(base))
		}},
		{"instagram/160posts/c16", 160, 16, func(base string) social.Provider {
			return instagram.New("tok", instagram.WithBaseURL(base))
		}},
		{"instagram/160posts/c64", 160, 64, func(base string) social.Provider {
			return instagram.New("tok", instagram.WithBaseURL(base))
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			srv := fakePlatforms(b, latency, nil)
			p, err := metricspull.New(metricspull.Config{
				Sources:     map[string]metricspull.Source{"s": {Provider: bc.source(srv.URL)}},
				Concurrency: bc.concurrency,
			})
			if err != nil {
				b.Fatal(err)
			}
			work := tasks("s", metricspull.PostTask, ids("9", bc.items))
			b.ReportAllocs()
			pulled := 0
			for b.Loop() {
				sum := p.Run(context.Background(), work, nil)
				if sum.Pulled != bc.items {
					b.Fatalf("pulled %d of %d: %+v", sum.Pulled, bc.items, sum.Sources)
				}
				pulled += sum.Pulled
			}
			b.ReportMetric(float64(pulled)/b.Elapsed().Seconds(), "items/s")
		})
	}
}
