// Package metricspull runs one scheduled pull of social metrics: it batches tracked posts
// per provider, calls providers with bounded concurrency under per-platform rate limits,
// retries rate limits, outages and timeouts with capped exponential backoff and full jitter
// (honouring Retry-After), stops calling a source whose credential is rejected or which
// keeps failing, defers everything a spent quota or a long throttle leaves, and never aborts
// the run as a whole. Every task ends in exactly one Outcome, and the run in a Summary.
//
// It knows nothing of storage: the metrics job turns Outcomes into snapshots.
package metricspull

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

// Kind says what a task pulls.
type Kind int

// The things a task can pull.
const (
	// PostTask pulls one post's figures.
	PostTask Kind = iota
	// ProfileTask pulls one creator profile.
	ProfileTask
	// HashtagTask pulls one hashtag's recent use, from a provider that is a
	// social.HashtagReader.
	HashtagTask
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case ProfileTask:
		return "profile"
	case HashtagTask:
		return "hashtag"
	}
	return "post"
}

// Task is one thing to pull in this run.
type Task struct {
	// Source names the provider (platform plus credential) in Config.Sources.
	Source string
	Kind   Kind
	// ID is the platform id: a post id, the profile id FetchProfile takes, or a hashtag
	// without its #.
	ID string
}

// Status is how a task ended.
type Status int

// The ways a task ends.
const (
	// Pulled: the figures were read.
	Pulled Status = iota + 1
	// Failed: this item could not be read (not found, private, malformed, retries spent).
	Failed
	// Skipped: the source was not called for this item, because its credential was rejected
	// or it kept failing earlier in the run.
	Skipped
	// Deferred: left for the next run (quota spent, throttled for longer than the run waits,
	// or the run ran out of time).
	Deferred
)

// String names the status.
func (s Status) String() string {
	switch s {
	case Pulled:
		return "pulled"
	case Failed:
		return "failed"
	case Skipped:
		return "skipped"
	case Deferred:
		return "deferred"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Outcome is how one task ended.
type Outcome struct {
	Task   Task
	Status Status
	// Post is set for a pulled PostTask, Profile for a pulled ProfileTask, Hashtag for a
	// pulled HashtagTask.
	Post    social.Post
	Profile social.Profile
	Hashtag social.Hashtag
	// Err says why the task was not pulled.
	Err error
	// Attempts is how many provider calls were made for the task's batch.
	Attempts int
	// At is when the outcome was decided (the snapshot time of pulled figures).
	At time.Time
}

// Source is one provider the run may call.
type Source struct {
	Provider social.Provider
	// RateGroup names the token bucket the source draws from. Sources that share an
	// app-level limit (every creator token of the same TikTok app) share a group. Empty
	// means the platform's name.
	RateGroup string
}

// Rate is a token bucket: PerSecond requests on average, up to Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// Clock is the time the puller waits on; tests pass a fake one so backoff and rate limits
// take no real time.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done, returning ctx's error in that case.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock returns the real clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

// Now returns the wall-clock time.
func (systemClock) Now() time.Time { return time.Now() }

// Sleep waits on a timer, or until ctx is done.
func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Config tunes a Puller. Zero fields take the defaults documented on each.
type Config struct {
	// Sources are the providers tasks name.
	Sources map[string]Source
	// Rates are the token buckets by rate group; a group without a Rate is unlimited.
	Rates map[string]Rate
	// Concurrency is how many provider calls run at once (default 8).
	Concurrency int
	// MaxAttempts caps the calls for one batch, first try included (default 4).
	MaxAttempts int
	// BaseDelay and MaxDelay bound the backoff: attempt n waits a uniformly random time in
	// [0, min(MaxDelay, BaseDelay*2^(n-1))) (defaults 500 ms and 30 s).
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// MaxWait is the longest the run waits for one throttle (Retry-After, a paused bucket);
	// a longer wait defers the batch to the next run instead (default 60 s).
	MaxWait time.Duration
	// BreakAfter is how many batches of one source may fail in a row before the rest of
	// that source is skipped (default 3).
	BreakAfter int
	// CallTimeout bounds each provider call (default 30 s).
	CallTimeout time.Duration
	// Clock defaults to SystemClock.
	Clock Clock
	// Rand returns a float in [0, 1) for jitter (default math/rand/v2).
	Rand func() float64
	// Logger receives one line when a source is halted; nil discards.
	Logger *slog.Logger
}

// Defaults for Config's zero fields.
const (
	DefaultConcurrency = 8
	DefaultMaxAttempts = 4
	DefaultBaseDelay   = 500 * time.Millisecond
	DefaultMaxDelay    = 30 * time.Second
	DefaultMaxWait     = 60 * time.Second
	DefaultBreakAfter  = 3
	DefaultCallTimeout = 30 * time.Second
)

// ErrUnknownSource is the outcome error of a task naming a source the config lacks.
var ErrUnknownSource = errors.New("unknown source")

// Puller runs pulls with one configuration. It is safe to reuse across runs.
type Puller struct {
	cfg Config
}

// New validates cfg and fills in defaults.
func New(cfg Config) (*Puller, error) {
	for name, s := range cfg.Sources {
		if s.Provider == nil {
			return nil, fmt.Errorf("metricspull: source %q has no provider", name)
		}
		if s.Provider.MaxBatch() < 1 {
			return nil, fmt.Errorf("metricspull: source %q: MaxBatch %d < 1", name, s.Provider.MaxBatch())
		}
	}
	for group, r := range cfg.Rates {
		if r.PerSecond < 0 || r.Burst < 0 {
			return nil, fmt.Errorf("metricspull: rate %q must not be negative", group)
		}
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&cfg.Concurrency, DefaultConcurrency)
	def(&cfg.MaxAttempts, DefaultMaxAttempts)
	def(&cfg.BreakAfter, DefaultBreakAfter)
	defDur(&cfg.BaseDelay, DefaultBaseDelay)
	defDur(&cfg.MaxDelay, DefaultMaxDelay)
	defDur(&cfg.MaxWait, DefaultMaxWait)
	defDur(&cfg.CallTimeout, DefaultCallTimeout)
	if cfg.Clock == nil {
		cfg.Clock = SystemClock()
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Puller{cfg: cfg}, nil
}

// Run pulls every task once and returns the run's summary. sink, if not nil, receives each
// task's Outcome as soon as it is decided; it is called from several goroutines at once.
// Run returns when every task has an outcome; when ctx ends, the tasks not yet pulled are
// Deferred.
func (p *Puller) Run(ctx context.Context, tasks []Task, sink func(Outcome)) Summary {
	r := &run{
		p:       p,
		ctx:     ctx,
		sink:    sink,
		states:  map[string]*sourceState{},
		buckets: map[string]*bucket{},
		summary: Summary{Started: p.cfg.Clock.Now(), Sources: map[string]SourceSummary{}},
	}
	for name, s := range p.cfg.Sources {
		r.states[name] = &sourceState{}
		group := r.group(name, s)
		if _, ok := r.buckets[group]; !ok {
			r.buckets[group] = newBucket(p.cfg.Rates[group])
		}
	}
	units := r.plan(tasks)
	work := make(chan unit, len(units))
	for _, u := range units {
		work <- u
	}
	close(work)
	var wg sync.WaitGroup
	for range min(p.cfg.Concurrency, len(units)) {
		wg.Go(func() {
			for u := range work {
				r.do(u)
			}
		})
	}
	wg.Wait()
	r.summary.Duration = p.cfg.Clock.Now().Sub(r.summary.Started)
	return r.summary
}

// unit is one provider call's worth of tasks: a batch of distinct post ids of one source, or
// one profile or hashtag.
type unit struct {
	source string
	kind   Kind
	ids    []string
	tasks  map[string][]Task
}

type run struct {
	p       *Puller
	ctx     context.Context
	sink    func(Outcome)
	states  map[string]*sourceState
	buckets map[string]*bucket

	mu      sync.Mutex
	summary Summary
}

func (r *run) group(name string, s Source) string {
	if s.RateGroup != "" {
		return s.RateGroup
	}
	return string(s.Provider.Platform())
}

// plan batches post tasks per source (duplicate posts or profiles share a call) and
// interleaves sources so that one slow or broken source does not hold up the others' first
// batches.
func (r *run) plan(tasks []Task) []unit {
	var order []string
	perSource := map[string][]unit{}
	// Indexes into perSource[source], not pointers: appends move the backing array.
	openBatch := map[string]int{}
	profiles := map[string]int{}
	posts := map[string]int{}
	for _, t := range tasks {
		src, ok := r.p.cfg.Sources[t.Source]
		if !ok {
			r.finish(Outcome{Task: t, Status: Failed, Err: fmt.Errorf("source %q: %w", t.Source, ErrUnknownSource)})
			continue
		}
		if _, seen := perSource[t.Source]; !seen {
			order = append(order, t.Source)
			perSource[t.Source] = nil
		}
		units := perSource[t.Source]
		if t.Kind == ProfileTask || t.Kind == HashtagTask {
			key := t.Kind.String() + "\x00" + t.Source + "\x00" + t.ID
			if i, ok := profiles[key]; ok {
				units[i].tasks[t.ID] = append(units[i].tasks[t.ID], t)
				continue
			}
			profiles[key] = len(units)
			perSource[t.Source] = append(units, unit{source: t.Source, kind: t.Kind,
				ids: []string{t.ID}, tasks: map[string][]Task{t.ID: {t}}})
			continue
		}
		key := t.Source + "\x00" + t.ID
		if i, ok := posts[key]; ok {
			units[i].tasks[t.ID] = append(units[i].tasks[t.ID], t)
			continue
		}
		i, ok := openBatch[t.Source]
		if !ok || len(units[i].ids) == src.Provider.MaxBatch() {
			i = len(units)
			units = append(units, unit{source: t.Source, kind: PostTask, tasks: map[string][]Task{}})
			perSource[t.Source] = units
			openBatch[t.Source] = i
		}
		posts[key] = i
		units[i].ids = append(units[i].ids, t.ID)
		units[i].tasks[t.ID] = []Task{t}
	}
	var out []unit
	for i := 0; ; i++ {
		added := false
		for _, s := range order {
			if i < len(perSource[s]) {
				out = append(out, perSource[s][i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// do runs one unit to its end: pulled, failed, skipped or deferred.
func (r *run) do(u unit) {
	cfg := r.p.cfg
	src := cfg.Sources[u.source]
	st := r.states[u.source]
	b := r.buckets[r.group(u.source, src)]
	cost := 1
	if c, ok := src.Provider.(social.Coster); ok {
		kind := social.PostsCall
		switch u.kind {
		case ProfileTask:
			kind = social.ProfileCall
		case HashtagTask:
			kind = social.HashtagCall
		}
		cost = max(1, c.Requests(kind, len(u.ids)))
	}
	attempts := 0
	for {
		if status, err := st.check(); status != 0 {
			r.finishUnit(u, status, err, attempts)
			return
		}
		if err := r.ctx.Err(); err != nil {
			r.finishUnit(u, Deferred, fmt.Errorf("run ended before the call: %w", err), attempts)
			return
		}
		wait, ok := b.reserve(cfg.Clock.Now(), cost, cfg.MaxWait)
		if !ok {
			r.finishUnit(u, Deferred, fmt.Errorf("%s is throttled for %s, longer than a run waits: %w",
				src.Provider.Platform(), wait.Round(time.Second), social.ErrRateLimited), attempts)
			r.noteState(u.source, "rate limited")
			return
		}
		if wait > 0 {
			if err := cfg.Clock.Sleep(r.ctx, wait); err != nil {
				r.finishUnit(u, Deferred, fmt.Errorf("run ended waiting for the rate limit: %w", err), attempts)
				return
			}
		}
		attempts++
		r.count(func(s *Summary) { s.Calls++ }, u.source, func(s *SourceSummary) { s.Calls++ })
		got, err := r.call(src.Provider, u)
		if err == nil {
			st.succeeded()
			r.finishPulled(u, got, attempts)
			return
		}
		if r.ctx.Err() != nil {
			r.finishUnit(u, Deferred, fmt.Errorf("run ended during the call: %w", err), attempts)
			return
		}
		switch social.KindOf(err) {
		case social.KindUnauthorized:
			r.halt(u.source, st, haltUnauthorized, err)
			r.finishUnit(u, Skipped, err, attempts)
			return
		case social.KindQuotaExhausted:
			r.halt(u.source, st, haltQuota, err)
			r.finishUnit(u, Deferred, err, attempts)
			return
		case social.KindNotFound:
			// The item is gone, the source is fine.
			r.finishUnit(u, Failed, err, attempts)
			return
		case social.KindRateLimited, social.KindTransient:
			if attempts >= cfg.MaxAttempts {
				r.failUnit(u, st, fmt.Errorf("gave up after %d attempts: %w", attempts, err), attempts)
				return
			}
			delay := r.backoff(attempts)
			if ra := social.RetryAfterOf(err); ra > 0 {
				// The platform said when; everyone drawing on this bucket waits too.
				b.pauseUntil(cfg.Clock.Now().Add(ra))
				if ra > cfg.MaxWait {
					r.finishUnit(u, Deferred, err, attempts)
					r.noteState(u.source, "rate limited")
					return
				}
				delay = max(delay, ra)
			}
			r.count(func(s *Summary) { s.Retries++ }, u.source, func(s *SourceSummary) { s.Retries++ })
			if err := cfg.Clock.Sleep(r.ctx, delay); err != nil {
				r.finishUnit(u, Deferred, fmt.Errorf("run ended during backoff: %w", err), attempts)
				return
			}
		default:
			// Malformed, rejected, or unclassified: retrying the same request will not help.
			r.failUnit(u, st, err, attempts)
			return
		}
	}
}

// answer is what one provider call returned.
type answer struct {
	posts   []social.PostResult
	profile social.Profile
	hashtag social.Hashtag
}

// call makes one provider call. A panicking provider fails its batch instead of the run.
func (r *run) call(p social.Provider, u unit) (got answer, err error) {
	ctx, cancel := context.WithTimeout(r.ctx, r.p.cfg.CallTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			got = answer{}
			err = &social.Error{Kind: social.KindUnknown, Platform: p.Platform(), Op: u.kind.String(),
				Message: fmt.Sprintf("provider panicked: %v", v)}
		}
	}()
	switch u.kind {
	case ProfileTask:
		got.profile, err = p.FetchProfile(ctx, u.ids[0])
	case HashtagTask:
		hr, ok := p.(social.HashtagReader)
		if !ok {
			return answer{}, &social.Error{Kind: social.KindRejected, Platform: p.Platform(), Op: "hashtag",
				Message: "this provider does not read hashtags"}
		}
		got.hashtag, err = hr.FetchHashtag(ctx, u.ids[0])
	default:
		got.posts, err = p.FetchPosts(ctx, u.ids)
	}
	return got, err
}

// backoff is full jitter: uniform in [0, min(MaxDelay, BaseDelay*2^(attempt-1))).
func (r *run) backoff(attempt int) time.Duration {
	ceiling := r.p.cfg.MaxDelay
	if shift := attempt - 1; shift < 32 {
		ceiling = min(ceiling, r.p.cfg.BaseDelay<<shift)
	}
	return time.Duration(r.p.cfg.Rand() * float64(ceiling))
}

func (r *run) halt(name string, st *sourceState, h haltKind, err error) {
	if st.halt(h, err) {
		r.p.cfg.Logger.Warn("metrics source halted", "source", name, "reason", h.String(), "error", err.Error())
		r.noteState(name, h.String())
	}
}

func (r *run) failUnit(u unit, st *sourceState, err error, attempts int) {
	r.finishUnit(u, Failed, err, attempts)
	if st.failed(err, r.p.cfg.BreakAfter) {
		r.p.cfg.Logger.Warn("metrics source halted", "source", u.source, "reason", haltBroken.String(), "error", err.Error())
		r.noteState(u.source, haltBroken.String())
	}
}

func (r *run) finishPulled(u unit, got answer, attempts int) {
	now := r.p.cfg.Clock.Now()
	if u.kind != PostTask {
		for _, t := range u.tasks[u.ids[0]] {
			r.finish(Outcome{Task: t, Status: Pulled, Profile: got.profile, Hashtag: got.hashtag, Attempts: attempts, At: now})
		}
		return
	}
	byID := make(map[string]social.PostResult, len(got.posts))
	for _, res := range got.posts {
		byID[res.ID] = res
	}
	for _, id := range u.ids {
		res, ok := byID[id]
		o := Outcome{Status: Pulled, Post: res.Post, Attempts: attempts, At: now}
		switch {
		case !ok:
			o = Outcome{Status: Failed, Err: fmt.Errorf("%s returned no result for %q", u.source, id), Attempts: attempts, At: now}
		case res.Err != nil:
			o = Outcome{Status: Failed, Err: res.Err, Attempts: attempts, At: now}
		}
		for _, t := range u.tasks[id] {
			o.Task = t
			r.finish(o)
		}
	}
}

func (r *run) finishUnit(u unit, status Status, err error, attempts int) {
	now := r.p.cfg.Clock.Now()
	for _, id := range u.ids {
		for _, t := range u.tasks[id] {
			r.finish(Outcome{Task: t, Status: status, Err: err, Attempts: attempts, At: now})
		}
	}
}

func (r *run) finish(o Outcome) {
	r.count(func(s *Summary) { s.add(o.Status) }, o.Task.Source, func(s *SourceSummary) {
		s.add(o.Status)
		if o.Err != nil {
			s.LastError = o.Err.Error()
		}
	})
	if r.sink != nil {
		r.sink(o)
	}
}

func (r *run) count(all func(*Summary), source string, one func(*SourceSummary)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	all(&r.summary)
	s := r.summary.Sources[source]
	one(&s)
	r.summary.Sources[source] = s
}

func (r *run) noteState(source, state string) {
	r.count(func(*Summary) {}, source, func(s *SourceSummary) {
		if s.State == "" || s.State == "rate limited" {
			s.State = state
		}
	})
}
