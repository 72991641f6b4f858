package metricspull

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

// fakeClock advances only when slept on, so backoff and rate limits cost no real time.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	return nil
}

func (c *fakeClock) total() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum time.Duration
	for _, d := range c.slept {
		sum += d
	}
	return sum
}

// fakeProvider answers from a script keyed by call number (1-based).
type fakeProvider struct {
	platform social.Platform
	batch    int
	cost     int
	posts    func(call int, ids []string) ([]social.PostResult, error)
	profile  func(call int, id string) (social.Profile, error)

	mu    sync.Mutex
	calls [][]string
}

func (f *fakeProvider) Platform() social.Platform { return f.platform }
func (f *fakeProvider) MaxBatch() int             { return f.batch }

func (f *fakeProvider) record(ids []string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, slices.Clone(ids))
	return len(f.calls)
}

func (f *fakeProvider) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeProvider) FetchPosts(ctx context.Context, ids []string) ([]social.PostResult, error) {
	n := f.record(ids)
	if f.posts != nil {
		return f.posts(n, ids)
	}
	return okPosts(f.platform, ids), nil
}

func (f *fakeProvider) FetchProfile(ctx context.Context, id string) (social.Profile, error) {
	n := f.record([]string{id})
	if f.profile != nil {
		return f.profile(n, id)
	}
	return social.Profile{Platform: f.platform, ID: id, Followers: social.Known(1000)}, nil
}

type costedProvider struct{ *fakeProvider }

func (c costedProvider) Requests(kind social.CallKind, n int) int { return c.cost }

func okPosts(p social.Platform, ids []string) []social.PostResult {
	out := make([]social.PostResult, len(ids))
	for i, id := range ids {
		out[i] = social.PostResult{ID: id, Post: social.Post{Platform: p, ID: id, Views: social.Known(100)}}
	}
	return out
}

func errOf(kind social.Kind, retryAfter time.Duration) error {
	return &social.Error{Kind: kind, Platform: social.TikTok, Op: "test", RetryAfter: retryAfter}
}

func postTasks(source string, n int) []Task {
	tasks := make([]Task, n)
	for i := range tasks {
		tasks[i] = Task{Source: source, Kind: PostTask, ID: fmt.Sprintf("%s-%03d", source, i)}
	}
	return tasks
}

// collector keeps outcomes and checks that every task ends exactly once.
type collector struct {
	mu  sync.Mutex
	out []Outcome
}

func (c *collector) sink(o Outcome) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out = append(c.out, o)
}

func (c *collector) byStatus(source string) map[Status]int {
	m := map[Status]int{}
	for _, o := range c.out {
		if source == "" || o.Task.Source == source {
			m[o.Status]++
		}
	}
	return m
}

func pull(t *testing.T, cfg Config, tasks []Task) (Summary, *collector) {
	t.Helper()
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := &collector{}
	sum := p.Run(context.Background(), tasks, c.sink)
	if len(c.out) != len(tasks) || sum.Total() != len(tasks) {
		t.Fatalf("%d tasks, %d outcomes, summary total %d", len(tasks), len(c.out), sum.Total())
	}
	return sum, c
}

func maxRand() float64 { return 0.999 }

func TestBatchesDeduplicatesAndPulls(t *testing.T) {
	tt := &fakeProvider{platform: social.TikTok, batch: 20}
	tasks := postTasks("tt", 45)
	// A post tracked by two campaigns is pulled once and reported twice.
	tasks = append(tasks, Task{Source: "tt", Kind: PostTask, ID: "tt-007"})
	tasks = append(tasks, Task{Source: "tt", Kind: ProfileTask, ID: "open-1"})
	sum, c := pull(t, Config{Sources: map[string]Source{"tt": {Provider: tt}}, Clock: newClock()}, tasks)
	if sum.Pulled != len(tasks) || sum.Calls != 4 || tt.callCount() != 4 {
		t.Fatalf("summary %+v, provider calls %d; want 47 pulled in 3 post batches and 1 profile call", sum, tt.callCount())
	}
	for _, call := range tt.calls {
		if len(call) > 20 {
			t.Errorf("batch of %d exceeds MaxBatch", len(call))
		}
	}
	for _, o := range c.out {
		if o.Task.Kind == PostTask && (o.Post.ID != o.Task.ID || o.Post.Views != social.Known(100) || o.Attempts != 1) {
			t.Errorf("outcome %+v", o)
		}
		if o.Task.Kind == ProfileTask && o.Profile.Followers != social.Known(1000) {
			t.Errorf("profile outcome %+v", o)
		}
	}
}

// hashtagProvider is a fakeProvider that reads hashtags too.
type hashtagProvider struct{ *fakeProvider }

func (h hashtagProvider) FetchHashtag(ctx context.Context, tag string) (social.Hashtag, error) {
	h.record([]string{"#" + tag})
	return social.Hashtag{Platform: h.platform, Tag: tag, Posts: 12, Likes: social.Known(400)}, nil
}

func TestHashtagTasks(t *testing.T) {
	cases := []struct {
		name     string
		provider social.Provider
		want     Status
		calls    int
	}{
		{"a hashtag reader", hashtagProvider{&fakeProvider{platform: social.Instagram, batch: 1}}, Pulled, 1},
		{"a provider that reads no hashtags", &fakeProvider{platform: social.YouTube, batch: 50}, Failed, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The same hashtag twice (two campaigns) is one call; a post of the same id is another task.
			tasks := []Task{{Source: "s", Kind: HashtagTask, ID: "trailchallenge"}, {Source: "s", Kind: HashtagTask, ID: "trailchallenge"}}
			_, c := pull(t, Config{Sources: map[string]Source{"s": {Provider: tc.provider}}, Clock: newClock()}, tasks)
			for _, o := range c.out {
				if o.Status != tc.want || (tc.want == Pulled && (o.Hashtag.Posts != 12 || o.Hashtag.Tag != "trailchallenge")) {
					t.Errorf("outcome %+v", o)
				}
			}
			var calls int
			switch p := tc.provider.(type) {
			case hashtagProvider:
				calls = p.callCount()
			case *fakeProvider:
				calls = p.callCount()
			}
			if calls != tc.calls {
				t.Errorf("%d provider calls, want %d", calls, tc.calls)
			}
		})
	}
}

func TestPlanKeepsEveryTaskWhenKindsInterleave(t *testing.T) {
	yt := &fakeProvider{platform: social.YouTube, batch: 3}
	var tasks []Task
	for i := range 10 {
		tasks = append(tasks, Task{Source: "yt", Kind: PostTask, ID: fmt.Sprint("v", i)})
		if i%3 == 0 {
			tasks = append(tasks, Task{Source: "yt", Kind: ProfileTask, ID: "UCabc"})
		}
	}
	// v1 again after its batch is full: it must ride with the first batch, not a new call.
	tasks = append(tasks, Task{Source: "yt", Kind: PostTask, ID: "v1"})
	sum, c := pull(t, Config{Sources: map[string]Source{"yt": {Provider: yt}}, Clock: newClock(), Concurrency: 1}, tasks)
	// 10 distinct posts in batches of 3 is 4 calls, plus one profile call.
	if sum.Pulled != len(tasks) || yt.callCount() != 5 {
		t.Fatalf("summary %+v calls %v", sum, yt.calls)
	}
	if got := c.byStatus(""); got[Pulled] != 15 {
		t.Errorf("outcomes %v", got)
	}
}

func TestRetriesWithFullJitterThenSucceeds(t *testing.T) {
	cases := []struct {
		name       string
		err        error
		wantSleeps []time.Duration
	}{
		{"transient", errOf(social.KindTransient, 0), []time.Duration{499500 * time.Microsecond, 999 * time.Millisecond}},
		{"429 without hint", errOf(social.KindRateLimited, 0), []time.Duration{499500 * time.Microsecond, 999 * time.Millisecond}},
		// Retry-After wins over a shorter jittered backoff.
		{"429 with Retry-After", errOf(social.KindRateLimited, 7*time.Second), []time.Duration{7 * time.Second, 7 * time.Second}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			yt := &fakeProvider{platform: social.YouTube, batch: 50, posts: func(call int, ids []string) ([]social.PostResult, error) {
				if call <= 2 {
					return nil, tc.err
				}
				return okPosts(social.YouTube, ids), nil
			}}
			clock := newClock()
			sum, c := pull(t, Config{Sources: map[string]Source{"yt": {Provider: yt}}, Clock: clock, Rand: maxRand, Concurrency: 1},
				postTasks("yt", 3))
			if sum.Pulled != 3 || sum.Calls != 3 || sum.Retries != 2 || c.out[0].Attempts != 3 {
				t.Fatalf("summary %+v attempts %d", sum, c.out[0].Attempts)
			}
			if !slices.Equal(clock.slept, tc.wantSleeps) {
				t.Errorf("slept %v, want %v", clock.slept, tc.wantSleeps)
			}
		})
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	p, _ := New(Config{BaseDelay: time.Second, MaxDelay: 10 * time.Second})
	cases := []struct {
		attempt int
		rnd     float64
		want    time.Duration
	}{
		{1, 0.5, 500 * time.Millisecond},
		{2, 0.5, time.Second},
		{4, 1, 8 * time.Second},
		{5, 1, 10 * time.Second},
		{70, 1, 10 * time.Second},
		{3, 0, 0},
	}
	for _, tc := range cases {
		p.cfg.Rand = func() float64 { return tc.rnd }
		r := &run{p: p}
		if got := r.backoff(tc.attempt); got != tc.want {
			t.Errorf("backoff(%d, rand %v) = %v, want %v", tc.attempt, tc.rnd, got, tc.want)
		}
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	yt := &fakeProvider{platform: social.YouTube, batch: 50, posts: func(int, []string) ([]social.PostResult, error) {
		return nil, errOf(social.KindTransient, 0)
	}}
	clock := newClock()
	sum, c := pull(t, Config{Sources: map[string]Source{"yt": {Provider: yt}}, Clock: clock, MaxAttempts: 3, Concurrency: 1}, postTasks("yt", 2))
	if sum.Failed != 2 || yt.callCount() != 3 || len(clock.slept) != 2 {
		t.Fatalf("summary %+v calls %d sleeps %v", sum, yt.callCount(), clock.slept)
	}
	if !errors.Is(c.out[0].Err, social.ErrTransient) {
		t.Errorf("outcome error %v", c.out[0].Err)
	}
}

func TestLongRetryAfterDefers(t *testing.T) {
	ig := &fakeProvider{platform: social.Instagram, batch: 1, posts: func(int, []string) ([]social.PostResult, error) {
		return nil, errOf(social.KindRateLimited, 10*time.Minute)
	}}
	clock := newClock()
	sum, _ := pull(t, Config{Sources: map[string]Source{"ig": {Provider: ig}}, Clock: clock, Concurrency: 1}, postTasks("ig", 5))
	// The first call learns of a 10-minute throttle; nothing else is called, nothing waits.
	if sum.Deferred != 5 || ig.callCount() != 1 || clock.total() != 0 {
		t.Fatalf("summary %+v calls %d slept %v", sum, ig.callCount(), clock.total())
	}
	if sum.Sources["ig"].State != "rate limited" {
		t.Errorf("state %q", sum.Sources["ig"].State)
	}
}

func TestUnauthorizedSkipsOnlyThatSource(t *testing.T) {
	bad := &fakeProvider{platform: social.TikTok, batch: 20, posts: func(int, []string) ([]social.PostResult, error) {
		return nil, errOf(social.KindUnauthorized, 0)
	}}
	good := &fakeProvider{platform: social.TikTok, batch: 20}
	tasks := append(postTasks("creator-a", 60), postTasks("creator-b", 60)...)
	sum, c := pull(t, Config{Sources: map[string]Source{"creator-a": {Provider: bad}, "creator-b": {Provider: good}},
		Clock: newClock(), Concurrency: 1}, tasks)
	if bad.callCount() != 1 {
		t.Errorf("a rejected token is tried once, got %d calls", bad.callCount())
	}
	if got := c.byStatus("creator-a"); got[Skipped] != 60 {
		t.Errorf("creator-a outcomes %v", got)
	}
	if got := c.byStatus("creator-b"); got[Pulled] != 60 {
		t.Errorf("creator-b outcomes %v", got)
	}
	if s := sum.Sources["creator-a"]; s.State != "unauthorized" || s.LastError == "" {
		t.Errorf("source summary %+v", s)
	}
}

func TestQuotaDefersTheRest(t *testing.T) {
	yt := &fakeProvider{platform: social.YouTube, batch: 50, posts: func(call int, ids []string) ([]social.PostResult, error) {
		if call >= 2 {
			return nil, &social.Error{Kind: social.KindQuotaExhausted, Platform: social.YouTube, Code: "quotaExceeded",
				ResetAt: time.Date(2026, 3, 11, 7, 0, 0, 0, time.UTC)}
		}
		return okPosts(social.YouTube, ids), nil
	}}
	sum, c := pull(t, Config{Sources: map[string]Source{"yt": {Provider: yt}}, Clock: newClock(), Concurrency: 1}, postTasks("yt", 200))
	if sum.Pulled != 50 || sum.Deferred != 150 || yt.callCount() != 2 {
		t.Fatalf("summary %+v calls %d", sum, yt.callCount())
	}
	for _, o := range c.out {
		if o.Status == Deferred && !errors.Is(o.Err, social.ErrQuotaExhausted) {
			t.Errorf("deferred outcome error %v", o.Err)
		}
	}
	if sum.Sources["yt"].State != "quota exhausted" {
		t.Errorf("state %q", sum.Sources["yt"].State)
	}
}

func TestFailingSourceIsSkippedAfterBreakAfter(t *testing.T) {
	broken := &fakeProvider{platform: social.Instagram, batch: 1, posts: func(int, []string) ([]social.PostResult, error) {
		return nil, errOf(social.KindMalformed, 0)
	}}
	sum, _ := pull(t, Config{Sources: map[string]Source{"ig": {Provider: broken}}, Clock: newClock(), Concurrency: 1, BreakAfter: 3},
		postTasks("ig", 10))
	if broken.callCount() != 3 || sum.Failed != 3 || sum.Skipped != 7 || sum.Retries != 0 {
		t.Fatalf("summary %+v calls %d: malformed answers are not retried, the source stops after 3", sum, broken.callCount())
	}
	if sum.Sources["ig"].State != "failing" {
		t.Errorf("state %q", sum.Sources["ig"].State)
	}
}

func TestPerItemFailuresDoNotBreakTheSource(t *testing.T) {
	p := &fakeProvider{platform: social.TikTok, batch: 2, posts: func(call int, ids []string) ([]social.PostResult, error) {
		res := okPosts(social.TikTok, ids)
		res[0] = social.PostResult{ID: ids[0], Err: errOf(social.KindNotFound, 0)}
		// The second id is left out of the answer altogether.
		return res[:1], nil
	}}
	p.profile = func(int, string) (social.Profile, error) { return social.Profile{}, errOf(social.KindNotFound, 0) }
	tasks := append(postTasks("tt", 8), Task{Source: "tt", Kind: ProfileTask, ID: "gone"})
	sum, c := pull(t, Config{Sources: map[string]Source{"tt": {Provider: p}}, Clock: newClock(), Concurrency: 2, BreakAfter: 1}, tasks)
	// Each batch of two: first id not found, second missing from the answer.
	if sum.Failed != 9 || p.callCount() != 5 || sum.Sources["tt"].State != "" {
		t.Fatalf("summary %+v calls %d", sum, p.callCount())
	}
	notFound := 0
	for _, o := range c.out {
		if errors.Is(o.Err, social.ErrNotFound) {
			notFound++
		}
	}
	if notFound != 5 {
		t.Errorf("%d not-found outcomes, want 5", notFound)
	}
}

func TestRateLimitAndCost(t *testing.T) {
	cases := []struct {
		name      string
		cost      int
		wantSleep time.Duration
	}{
		// 5 calls at 2/s with a burst of 1: the first is free, each next waits 0.5 s.
		{"one request per call", 1, 2 * time.Second},
		// Two requests per call (an Instagram post): 1 s per call after the burst.
		{"two requests per call", 2, 4*time.Second + 500*time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fp := &fakeProvider{platform: social.Instagram, batch: 1, cost: tc.cost}
			clock := newClock()
			sum, _ := pull(t, Config{
				Sources: map[string]Source{"ig": {Provider: costedProvider{fp}}},
				Rates:   map[string]Rate{"instagram": {PerSecond: 2, Burst: 1}},
				Clock:   clock, Concurrency: 1,
			}, postTasks("ig", 5))
			if sum.Pulled != 5 || clock.total() != tc.wantSleep {
				t.Errorf("pulled %d, slept %v, want %v", sum.Pulled, clock.total(), tc.wantSleep)
			}
		})
	}
}

func TestRetryAfterPausesTheWholeGroup(t *testing.T) {
	// Two creators share one TikTok app limit; a 429 on one pauses both.
	a := &fakeProvider{platform: social.TikTok, batch: 20, posts: func(call int, ids []string) ([]social.PostResult, error) {
		if call == 1 {
			return nil, errOf(social.KindRateLimited, 5*time.Second)
		}
		return okPosts(social.TikTok, ids), nil
	}}
	b := &fakeProvider{platform: social.TikTok, batch: 20}
	clock := newClock()
	sum, _ := pull(t, Config{Sources: map[string]Source{"a": {Provider: a}, "b": {Provider: b}}, Clock: clock, Concurrency: 1,
		Rand: func() float64 { return 0 }}, append(postTasks("a", 1), postTasks("b", 1)...))
	// a waits out its Retry-After (5 s); b, queued behind it, then finds the bucket free.
	if sum.Pulled != 2 || clock.total() != 5*time.Second {
		t.Fatalf("summary %+v slept %v", sum, clock.slept)
	}
	r := newBucket(Rate{})
	r.pauseUntil(clock.Now().Add(3 * time.Second))
	if wait, ok := r.reserve(clock.Now(), 1, time.Minute); !ok || wait != 3*time.Second {
		t.Errorf("paused unlimited bucket: wait %v ok %v", wait, ok)
	}
}

func TestContextEndDefersRemaining(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &fakeProvider{platform: social.YouTube, batch: 10}
	p.posts = func(call int, ids []string) ([]social.PostResult, error) {
		if call == 2 {
			// The Lambda deadline arrives while the second batch is in flight.
			cancel()
			return nil, &social.Error{Kind: social.KindTransient, Platform: social.YouTube, Err: context.Canceled}
		}
		return okPosts(social.YouTube, ids), nil
	}
	pl, _ := New(Config{Sources: map[string]Source{"yt": {Provider: p}}, Clock: newClock(), Concurrency: 1})
	c := &collector{}
	sum := pl.Run(ctx, postTasks("yt", 50), c.sink)
	if sum.Pulled != 10 || sum.Deferred != 40 || p.callCount() != 2 || len(c.out) != 50 {
		t.Fatalf("summary %+v calls %d outcomes %d", sum, p.callCount(), len(c.out))
	}
}

func TestPanickingProviderFailsItsBatchOnly(t *testing.T) {
	bad := &fakeProvider{platform: social.TikTok, batch: 20, posts: func(int, []string) ([]social.PostResult, error) {
		panic("nil map")
	}}
	good := &fakeProvider{platform: social.YouTube, batch: 50}
	sum, c := pull(t, Config{Sources: map[string]Source{"bad": {Provider: bad}, "good": {Provider: good}}, Clock: newClock()},
		append(postTasks("bad", 3), postTasks("good", 3)...))
	if sum.Failed != 3 || sum.Pulled != 3 {
		t.Fatalf("summary %+v", sum)
	}
	if got := c.byStatus("bad"); got[Failed] != 3 {
		t.Errorf("bad outcomes %v", got)
	}
}

func TestUnknownSourceAndEmptyRun(t *testing.T) {
	sum, c := pull(t, Config{Clock: newClock()}, []Task{{Source: "nope", Kind: PostTask, ID: "1"}})
	if sum.Failed != 1 || !errors.Is(c.out[0].Err, ErrUnknownSource) {
		t.Fatalf("summary %+v outcome %+v", sum, c.out)
	}
	p, _ := New(Config{})
	if s := p.Run(context.Background(), nil, nil); s.Total() != 0 {
		t.Errorf("empty run %+v", s)
	}
}

func TestNewValidates(t *testing.T) {
	cases := []Config{
		{Sources: map[string]Source{"x": {}}},
		{Sources: map[string]Source{"x": {Provider: &fakeProvider{batch: 0}}}},
		{Rates: map[string]Rate{"g": {PerSecond: -1}}},
	}
	for i, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("case %d: want an error", i)
		}
	}
}

func TestSummaryLogValue(t *testing.T) {
	s := Summary{Pulled: 3, Failed: 1, Sources: map[string]SourceSummary{
		"ok":  {Pulled: 3},
		"bad": {Failed: 1, State: "failing", LastError: "boom"},
	}}
	v := s.LogValue().Group()
	var names []string
	for _, a := range v {
		names = append(names, a.Key)
	}
	if !slices.Contains(names, "bad") || slices.Contains(names, "ok") || !slices.Contains(names, "pulled") {
		t.Errorf("log attrs %v", names)
	}
}
