package metricspull

import (
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// haltKind is why a source stopped being called in this run.
type haltKind int

const (
	haltNone haltKind = iota
	haltUnauthorized
	haltQuota
	haltBroken
)

// String names the halt as the summary reports it.
func (h haltKind) String() string {
	switch h {
	case haltUnauthorized:
		return "unauthorized"
	case haltQuota:
		return "quota exhausted"
	case haltBroken:
		return "failing"
	}
	return "ok"
}

// sourceState is what the run learned about one source: whether it may still be called, and
// how many batches failed in a row.
type sourceState struct {
	mu          sync.Mutex
	halted      haltKind
	reason      error
	consecutive int
}

// check says how a batch of a halted source ends without a call: skipped for a rejected
// credential or a failing source, deferred for a spent quota.
func (s *sourceState) check() (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.halted {
	case haltUnauthorized:
		return Skipped, fmt.Errorf("source credential rejected earlier in the run: %w", s.reason)
	case haltBroken:
		return Skipped, fmt.Errorf("source skipped after %d failed batches in a row: %w", s.consecutive, s.reason)
	case haltQuota:
		return Deferred, s.reason
	}
	return 0, nil
}

// halt stops the source; it reports whether this call was the one that stopped it.
func (s *sourceState) halt(h haltKind, err error) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.halted != haltNone {
		return false
	}
	s.halted, s.reason = h, err
	return true
}

func (s *sourceState) succeeded() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consecutive = 0
}

// failed counts a failed batch and opens the breaker at limit; it reports whether this
// failure opened it.
func (s *sourceState) failed(err error, limit int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consecutive++
	if s.halted != haltNone || s.consecutive < limit {
		return false
	}
	s.halted, s.reason = haltBroken, err
	return true
}

// bucket is a token bucket on the run's clock. Unlike golang.org/x/time/rate it reads time
// from the injected Clock, so tests of rate limits and Retry-After pauses take no real time.
type bucket struct {
	mu     sync.Mutex
	rate   float64 // tokens per second; <= 0 means unlimited
	burst  float64
	tokens float64
	last   time.Time
	paused time.Time
}

func newBucket(r Rate) *bucket {
	burst := float64(r.Burst)
	if burst < 1 {
		burst = 1
	}
	return &bucket{rate: r.PerSecond, burst: burst, tokens: burst}
}

// reserve takes n tokens and returns how long to wait before spending them. When that wait
// would exceed limit it takes nothing and returns false, so a throttled batch can be
// deferred without starving the ones behind it.
func (b *bucket) reserve(now time.Time, n int, limit time.Duration) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var wait time.Duration
	if now.Before(b.paused) {
		wait = b.paused.Sub(now)
	}
	if b.rate <= 0 {
		return wait, wait <= limit
	}
	if b.last.IsZero() {
		b.last = now
	}
	if now.After(b.last) {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
	after := b.tokens - float64(n)
	if after < 0 {
		wait = max(wait, time.Duration(-after/b.rate*float64(time.Second)))
	}
	if wait > limit {
		return wait, false
	}
	b.tokens = after
	return wait, true
}

// pauseUntil stops the bucket from granting before t (a platform's Retry-After).
func (b *bucket) pauseUntil(t time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.After(b.paused) {
		b.paused = t
	}
}

// Summary is a run's account: how many tasks ended which way, per source too, and how long
// the run took. The job stores it and logs it.
type Summary struct {
	Started  time.Time
	Duration time.Duration
	Pulled   int
	Failed   int
	Skipped  int
	Deferred int
	// Calls is how many provider calls were made; Retries how many of them were retries.
	Calls   int
	Retries int
	Sources map[string]SourceSummary
}

// SourceSummary is one source's share of a run.
type SourceSummary struct {
	Pulled   int
	Failed   int
	Skipped  int
	Deferred int
	Calls    int
	Retries  int
	// State is "" when nothing went wrong, else "unauthorized", "quota exhausted",
	// "failing" or "rate limited".
	State string
	// LastError is the last error an outcome of this source carried.
	LastError string
}

// Total is the number of tasks the run accounted for.
func (s Summary) Total() int { return s.Pulled + s.Failed + s.Skipped + s.Deferred }

// LogValue renders the summary for slog: totals, then one group per source that had trouble.
func (s Summary) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.Int("pulled", s.Pulled), slog.Int("failed", s.Failed), slog.Int("skipped", s.Skipped),
		slog.Int("deferred", s.Deferred), slog.Int("calls", s.Calls), slog.Int("retries", s.Retries),
		slog.Duration("duration", s.Duration),
	}
	for name, src := range s.Sources {
		if src.State == "" && src.Failed == 0 {
			continue
		}
		attrs = append(attrs, slog.Group(name, "state", src.State, "pulled", src.Pulled, "failed", src.Failed,
			"skipped", src.Skipped, "deferred", src.Deferred, "lastError", src.LastError))
	}
	return slog.GroupValue(attrs...)
}

func (s *Summary) add(st Status) {
	switch st {
	case Pulled:
		s.Pulled++
	case Failed:
		s.Failed++
	case Skipped:
		s.Skipped++
	case Deferred:
		s.Deferred++
	}
}

func (s *SourceSummary) add(st Status) {
	switch st {
	case Pulled:
		s.Pulled++
	case Failed:
		s.Failed++
	case Skipped:
		s.Skipped++
	case Deferred:
		s.Deferred++
	}
}
