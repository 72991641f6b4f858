// Package metricsjob is the metrics function: on every scheduled event it pulls the public
// figures of every tracked post, hashtag and creator profile in a running campaign (and for
// a grace period after), stores a snapshot of each, derives engagement, growth, momentum and
// the disclosure check, and refreshes the creators' roster figures.
//
// A run is split into units, one per shard of the pull index. The scheduled invocation
// plans them and hands them to a Dispatcher: in the cloud, asynchronous invocations of the
// function itself; locally and in tests, goroutines. A unit that runs short of time hands
// the rest of its shard to a continuation. Every snapshot is keyed by the run's scheduled
// time and written only if absent, and units are claimed before they run, so the same
// event delivered twice does the work once and a retried unit adds no duplicate.
package metricsjob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/metricspull"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// Store is what the job needs from storage.
type Store interface {
	// Targets reads up to limit index entries of shard whose window ends after from,
	// following the cursor after; it returns the cursor of the last one read, or "" when
	// the shard has no more.
	Targets(ctx context.Context, shard int, from time.Time, after string, limit int) ([]tracking.Target, string, error)
	// ExpiredTargets reads up to limit entries of shard whose window ended before before.
	ExpiredTargets(ctx context.Context, shard int, before time.Time, limit int) ([]tracking.Target, error)
	// RetireTarget removes an entry from the index.
	RetireTarget(ctx context.Context, t tracking.Target) error
	// MoveTarget rewrites an entry for a campaign window that moved.
	MoveTarget(ctx context.Context, t tracking.Target, until time.Time) error

	Campaign(ctx context.Context, workspaceID, id string) (campaigns.Campaign, error)
	// LoadPosts and LoadHashtags read the items of targets, keyed by Target.Key; missing
	// items are left out.
	LoadPosts(ctx context.Context, targets []tracking.Target) (map[string]tracking.Post, error)
	LoadHashtags(ctx context.Context, targets []tracking.Target) (map[string]tracking.Hashtag, error)
	// LoadAccounts reads the accounts of creators, keyed by workspace and creator id.
	LoadAccounts(ctx context.Context, creators []tracking.CreatorRef) ([]tracking.Account, error)
	// LoadCredentials reads the credentials of workspaces.
	LoadCredentials(ctx context.Context, workspaceIDs []string) ([]tracking.Credential, error)
	// Quota reads how much of a platform's daily quota a workspace spent on day.
	Quota(ctx context.Context, workspaceID string, p social.Platform, day string) (tracking.Quota, error)
	// AddQuota adds used units to day's count and, when set, records until when the quota
	// is spent.
	AddQuota(ctx context.Context, workspaceID string, p social.Platform, day string, used int, exhaustedUntil *time.Time) error

	// PutPostSnapshot adds a snapshot unless one exists for the same run; false when it did.
	PutPostSnapshot(ctx context.Context, p tracking.Post, s tracking.Snapshot) (bool, error)
	// SavePost writes a pull's latest values unless the post holds as recent ones.
	SavePost(ctx context.Context, p tracking.Post, u tracking.PostUpdate) error
	SetPostPull(ctx context.Context, p tracking.Post, s tracking.PullState) error
	PutHashtagSnapshot(ctx context.Context, h tracking.Hashtag, s tracking.HashtagSnapshot) (bool, error)
	SaveHashtag(ctx context.Context, h tracking.Hashtag, u tracking.HashtagUpdate) error
	SetHashtagPull(ctx context.Context, h tracking.Hashtag, s tracking.PullState) error
	PutProfileSnapshot(ctx context.Context, a tracking.Account, s tracking.ProfileSnapshot) (bool, error)
	SaveProfile(ctx context.Context, a tracking.Account, s tracking.ProfileSnapshot) error
	// SetAccountStatus and SetCredentialStatus record that a platform rejected a
	// credential, unless it was replaced in the meantime.
	SetAccountStatus(ctx context.Context, a tracking.Account, status, reason string, at time.Time) error
	SetCredentialStatus(ctx context.Context, c tracking.Credential, status, reason string, at time.Time) error

	Creator(ctx context.Context, workspaceID, id string) (creators.Creator, error)
	// UpdateCreator replaces a creator whose stored version is c.Version-1, keeping the
	// roster summary in step.
	UpdateCreator(ctx context.Context, c creators.Creator) error

	// StartRun records a run; when one exists for the same time it returns that one and
	// true.
	StartRun(ctx context.Context, r Run) (Run, bool, error)
	MarkRunDispatched(ctx context.Context, r Run) error
	// ClaimUnit takes a unit for owner until leaseUntil; false when it is done or another
	// owner holds a live lease.
	ClaimUnit(ctx context.Context, u Unit, owner string, now, leaseUntil time.Time) (bool, error)
	// ReleaseUnit gives a unit back after a failure, so a retry may claim it at once.
	ReleaseUnit(ctx context.Context, u Unit, owner string) error
	// FinishUnit marks the unit done with its summary and adds its counts to the run,
	// together, so a unit's counts are added once.
	FinishUnit(ctx context.Context, u Unit, owner string, s Summary) error
}

// Dispatcher hands units to workers that call Job.Work. Nil in Config runs them in this
// process.
type Dispatcher interface {
	Dispatch(ctx context.Context, units []Unit) error
}

// Config wires and tunes a Job. Zero fields take the defaults documented on each.
type Config struct {
	Store     Store
	Sealer    secrets.Sealer
	Providers Providers
	// Dispatcher hands units to other invocations; nil runs them here, Parallel at once.
	Dispatcher Dispatcher
	Parallel   int
	// Shards is how many index shards a run covers (the store's PullShards).
	Shards int
	// PageSize is how many index entries a unit pulls at a time (default 2,000).
	PageSize int
	// Concurrency is the puller's concurrent provider calls per page (default 16);
	// Writers the concurrent store writes (default 16).
	Concurrency int
	Writers     int
	// Rates are the puller's token buckets by group (default DefaultRates(Shards)).
	Rates map[string]metricspull.Rate
	// SourceRates limit each source of a platform on its own (default DefaultSourceRates;
	// an empty map sets no limit).
	SourceRates map[social.Platform]metricspull.Rate
	// Puller tunes retries; its Sources, Rates, Concurrency and Logger are set per page,
	// and its Clock defaults to Now with real sleeps.
	Puller metricspull.Config
	// Lookback is how long after its window closed a target is still read, so a campaign
	// whose end date is moved later picks its items up again (default 30 days); older
	// targets are retired.
	Lookback time.Duration
	// Reserve is the time a unit keeps before its deadline: with less left it hands the
	// rest of its shard to a continuation instead of starting another page (default 90 s).
	Reserve time.Duration
	// Lease is how long a claimed unit is held before another invocation may take it
	// over (default 6 minutes: the function's timeout and a margin).
	Lease time.Duration
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Defaults for Config's zero fields.
const (
	DefaultPageSize    = 2000
	DefaultConcurrency = 16
	DefaultWriters     = 16
	DefaultParallel    = 4
	DefaultLookback    = 30 * 24 * time.Hour
	DefaultReserve     = 90 * time.Second
	DefaultLease       = 6 * time.Minute
)

// Job runs scheduled pulls.
type Job struct {
	cfg Config
}

// New validates cfg and fills in defaults.
func New(cfg Config) (*Job, error) {
	if cfg.Store == nil || cfg.Sealer == nil || cfg.Providers == nil {
		return nil, errors.New("metricsjob: Store, Sealer and Providers are required")
	}
	if cfg.Shards <= 0 {
		return nil, errors.New("metricsjob: Shards must be the store's shard count")
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&cfg.PageSize, DefaultPageSize)
	def(&cfg.Concurrency, DefaultConcurrency)
	def(&cfg.Writers, DefaultWriters)
	def(&cfg.Parallel, DefaultParallel)
	for v, d := range map[*time.Duration]time.Duration{&cfg.Lookback: DefaultLookback, &cfg.Reserve: DefaultReserve, &cfg.Lease: DefaultLease} {
		if *v <= 0 {
			*v = d
		}
	}
	if cfg.Rates == nil {
		cfg.Rates = DefaultRates(cfg.Shards)
	}
	if cfg.SourceRates == nil {
		cfg.SourceRates = DefaultSourceRates
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Puller.Clock == nil {
		cfg.Puller.Clock = jobClock{now: cfg.Now}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Job{cfg: cfg}, nil
}

// Plan splits a run into its units: one per index shard.
func Plan(runAt time.Time, shards int) []Unit {
	units := make([]Unit, shards)
	for i := range units {
		units[i] = Unit{RunAt: runAt, Shard: i}
	}
	return units
}

// Run starts the run scheduled at runAt: it records the run, splits it into units and
// dispatches them. With an in-process dispatcher it returns the run's summary; otherwise
// the units report to the run's record as they finish. The same event delivered again
// finds the run dispatched and does nothing.
func (j *Job) Run(ctx context.Context, runAt time.Time, eventID string) (Summary, error) {
	runAt = runAt.UTC().Truncate(time.Second)
	started := j.cfg.Now()
	units := Plan(runAt, j.cfg.Shards)
	run, existed, err := j.cfg.Store.StartRun(ctx, Run{At: runAt, EventID: eventID, Started: started.UTC(), Units: len(units)})
	if err != nil {
		return Summary{}, fmt.Errorf("start metrics run %s: %w", runAt.Format(time.RFC3339), err)
	}
	if existed && run.Dispatched {
		j.cfg.Logger.InfoContext(ctx, "metrics run already dispatched; duplicate event ignored",
			"runAt", runAt, "event", eventID, "firstEvent", run.EventID)
		return Summary{RunAt: runAt}, nil
	}
	total := Summary{RunAt: runAt}
	if j.cfg.Dispatcher != nil {
		if err := j.cfg.Dispatcher.Dispatch(ctx, units); err != nil {
			return Summary{}, fmt.Errorf("dispatch %d units of run %s: %w", len(units), runAt.Format(time.RFC3339), err)
		}
	} else {
		sums, err := j.runHere(ctx, units)
		for _, s := range sums {
			total.Add(s)
		}
		if err != nil {
			return total, err
		}
	}
	if err := j.cfg.Store.MarkRunDispatched(ctx, run); err != nil {
		return total, fmt.Errorf("mark run %s dispatched: %w", runAt.Format(time.RFC3339), err)
	}
	total.DurationMS = j.cfg.Now().Sub(started).Milliseconds()
	j.cfg.Logger.InfoContext(ctx, "metrics run", "summary", total, "dispatched", j.cfg.Dispatcher != nil)
	return total, nil
}

// runHere works units in this process, Parallel at a time.
func (j *Job) runHere(ctx context.Context, units []Unit) ([]Summary, error) {
	sums := make([]Summary, len(units))
	errs := make([]error, len(units))
	sem := make(chan struct{}, j.cfg.Parallel)
	var wg sync.WaitGroup
	for i, u := range units {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			sums[i], errs[i] = j.Work(ctx, u)
		})
	}
	wg.Wait()
	return sums, errors.Join(errs...)
}

// Work runs one unit: it claims it, pulls its shard page by page, retires expired index
// entries, and records its summary. A unit already done or held by another invocation is
// left alone. Without a Dispatcher a unit runs its whole shard; with one, it hands what is
// left to a continuation when its deadline nears.
func (j *Job) Work(ctx context.Context, u Unit) (Summary, error) {
	u.RunAt = u.RunAt.UTC().Truncate(time.Second)
	start := j.cfg.Now()
	owner := newOwner()
	claimed, err := j.cfg.Store.ClaimUnit(ctx, u, owner, start, start.Add(j.cfg.Lease))
	if err != nil {
		return Summary{}, fmt.Errorf("claim unit %d.%d of %s: %w", u.Shard, u.Part, u.RunAt.Format(time.RFC3339), err)
	}
	if !claimed {
		j.cfg.Logger.InfoContext(ctx, "metrics unit done or held elsewhere; skipped", "runAt", u.RunAt, "shard", u.Shard, "part", u.Part)
		return Summary{RunAt: u.RunAt}, nil
	}
	sum, err := j.work(ctx, u)
	sum.RunAt, sum.Units = u.RunAt, 1
	sum.DurationMS = j.cfg.Now().Sub(start).Milliseconds()
	if err != nil {
		if rerr := j.cfg.Store.ReleaseUnit(context.WithoutCancel(ctx), u, owner); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return sum, fmt.Errorf("unit %d.%d of %s: %w", u.Shard, u.Part, u.RunAt.Format(time.RFC3339), err)
	}
	if err := j.cfg.Store.FinishUnit(context.WithoutCancel(ctx), u, owner, sum); err != nil {
		return sum, fmt.Errorf("finish unit %d.%d of %s: %w", u.Shard, u.Part, u.RunAt.Format(time.RFC3339), err)
	}
	level := slog.LevelInfo
	if sum.Targets == 0 && sum.Retired == 0 {
		level = slog.LevelDebug
	}
	j.cfg.Logger.Log(ctx, level, "metrics unit", "shard", u.Shard, "part", u.Part, "summary", sum)
	return sum, nil
}

func (j *Job) work(ctx context.Context, u Unit) (Summary, error) {
	var sum Summary
	if u.Part == 0 {
		n, err := j.retireExpired(ctx, u)
		sum.Retired += n
		if err != nil {
			return sum, err
		}
	}
	p := j.newPage(u.RunAt)
	after := u.After
	for {
		targets, next, err := j.cfg.Store.Targets(ctx, u.Shard, u.RunAt.Add(-j.cfg.Lookback), after, j.cfg.PageSize)
		if err != nil {
			return sum, fmt.Errorf("read index shard %d: %w", u.Shard, err)
		}
		if len(targets) > 0 {
			s, err := p.pull(ctx, targets)
			sum.Add(s)
			if err != nil {
				return sum, err
			}
		}
		if next == "" {
			return sum, nil
		}
		after = next
		if j.cfg.Dispatcher != nil && j.shortOfTime(ctx) {
			cont := Unit{RunAt: u.RunAt, Shard: u.Shard, Part: u.Part + 1, After: after}
			if err := j.cfg.Dispatcher.Dispatch(ctx, []Unit{cont}); err != nil {
				return sum, fmt.Errorf("hand shard %d on to part %d: %w", u.Shard, cont.Part, err)
			}
			sum.Continued = true
			return sum, nil
		}
	}
}

// shortOfTime reports whether less than Reserve is left before ctx's deadline.
func (j *Job) shortOfTime(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && d.Sub(j.cfg.Now()) < j.cfg.Reserve
}

// pullContext ends a page's provider calls a little before the invocation's deadline, so
// what is left is deferred and recorded instead of lost when the function is stopped.
func (j *Job) pullContext(ctx context.Context) (context.Context, context.CancelFunc) {
	d, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, d.Add(-j.cfg.Reserve/3))
}

// retireExpired removes index entries whose window closed more than Lookback ago.
func (j *Job) retireExpired(ctx context.Context, u Unit) (int, error) {
	const batch = 500
	expired, err := j.cfg.Store.ExpiredTargets(ctx, u.Shard, u.RunAt.Add(-j.cfg.Lookback), batch)
	if err != nil {
		return 0, fmt.Errorf("read expired entries of shard %d: %w", u.Shard, err)
	}
	n := 0
	for _, t := range expired {
		if err := j.cfg.Store.RetireTarget(ctx, t); err != nil {
			j.cfg.Logger.WarnContext(ctx, "retire index entry", "target", t.String(), "err", err)
			continue
		}
		n++
	}
	return n, nil
}

// jobClock gives the puller the job's time, so a pull's time and its run's agree, and
// sleeps for real.
type jobClock struct{ now func() time.Time }

// Now returns the job's time.
func (c jobClock) Now() time.Time { return c.now() }

// Sleep waits d or until ctx ends.
func (c jobClock) Sleep(ctx context.Context, d time.Duration) error {
	return metricspull.SystemClock().Sleep(ctx, d)
}

func newOwner() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
