// Package reconcile is the reconcile function's job: every half hour it asks each connection's
// platform API for the orders (Stripe: events) changed since its last run, and feeds the
// ones Hypetrack never received through the same inbox the webhook writes to, where the
// orders function applies them like any delivery. WooCommerce never retries a failed
// delivery and any platform can drop one; this is how such orders still count.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// Windows of a run.
const (
	// Lookback is how far back a connection's first run looks, and the furthest any run
	// looks: Shopify's retries end after 4 hours, so three days is ample.
	Lookback = 72 * time.Hour
	// Overlap re-reads the end of the previous run's window, for orders the platform
	// dated slightly before it indexed them.
	Overlap = time.Hour
	// Settle leaves alone what changed in the last minutes: its webhook is probably on
	// its way, and the next run still sees it if not.
	Settle = 10 * time.Minute
)

// Store is what the job reads and writes.
type Store interface {
	inbox.Store
	// ReconcilingConnections lists connections with API credentials.
	ReconcilingConnections(ctx context.Context) ([]connections.Connection, error)
	// Reconciliation and SaveReconciliation keep each connection's runs.
	Reconciliation(ctx context.Context, workspaceID, connectionID string) (inbox.Reconciliation, error)
	SaveReconciliation(ctx context.Context, workspaceID, connectionID string, r inbox.Reconciliation) error
	// OrderRecord tells whether an order's newest snapshot is already known.
	OrderRecord(ctx context.Context, workspaceID, connectionID, orderID string) (orderflow.Record, error)
}

// Credentials opens a connection's API credentials (connections.Service does).
type Credentials interface {
	Credentials(ctx context.Context, c connections.Connection) (connections.Credentials, error)
}

// Job reconciles every connection with API credentials.
type Job struct {
	store     Store
	creds     Credentials
	sources   map[string]Source
	platforms *platforms.Registry
	now       func() time.Time
}

// Option changes a Job.
type Option func(*Job)

// WithSource replaces a platform's API client (tests point them at httptest servers).
func WithSource(platform string, s Source) Option { return func(j *Job) { j.sources[platform] = s } }

// WithClock sets the job's clock.
func WithClock(now func() time.Time) Option { return func(j *Job) { j.now = now } }

// New builds the job with the platforms' real API clients.
func New(s Store, creds Credentials, opts ...Option) *Job {
	client := &http.Client{Timeout: 20 * time.Second}
	j := &Job{store: s, creds: creds, platforms: platforms.New(), now: time.Now, sources: map[string]Source{
		"shopify": &Shopify{HTTP: client}, "woocommerce": &WooCommerce{HTTP: client}, "stripe": &Stripe{HTTP: client},
	}}
	for _, o := range opts {
		o(j)
	}
	return j
}

// Summary reports one run over all connections.
type Summary struct {
	// Connections is how many connections were visited, Failed how many of them failed;
	// Checked and Recovered add up their orders and events looked at and recovered.
	Connections int `json:"connections"`
	Checked     int `json:"checked"`
	Recovered   int `json:"recovered"`
	Failed      int `json:"failed"`
}

// Handle is the Lambda entry point for the EventBridge schedule.
func (j *Job) Handle(ctx context.Context, ev events.EventBridgeEvent) (Summary, error) {
	if ev.DetailType != "Scheduled Event" {
		return Summary{}, fmt.Errorf("reconcile: unexpected event %q from %q", ev.DetailType, ev.Source)
	}
	return j.Run(ctx)
}

// Run reconciles every connection with credentials. A connection's failure is recorded on
// it and does not stop the others; only failing to list connections fails the run.
func (j *Job) Run(ctx context.Context) (Summary, error) {
	conns, err := j.store.ReconcilingConnections(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("reconcile: list connections: %w", err)
	}
	var s Summary
	for _, c := range conns {
		if !c.Reconciles() {
			continue
		}
		s.Connections++
		r, err := j.Connection(ctx, c)
		s.Checked += int(r.LastChecked)
		s.Recovered += int(r.LastRecovered)
		if err != nil {
			s.Failed++
			slog.WarnContext(ctx, "reconcile connection", "connection", c.ID, "platform", c.Platform, "err", err)
		}
	}
	slog.InfoContext(ctx, "reconcile run", "connections", s.Connections, "checked", s.Checked, "recovered", s.Recovered, "failed", s.Failed)
	return s, nil
}

// Connection reconciles one connection and records the run on it.
func (j *Job) Connection(ctx context.Context, c connections.Connection) (inbox.Reconciliation, error) {
	now := j.now().UTC()
	prev, err := j.store.Reconciliation(ctx, c.WorkspaceID, c.ID)
	if err != nil {
		return inbox.Reconciliation{}, err
	}
	until := now.Add(-Settle)
	since := now.Add(-Lookback)
	if !prev.Through.IsZero() && prev.Through.Add(-Overlap).After(since) {
		since = prev.Through.Add(-Overlap)
	}
	run := inbox.Reconciliation{LastRunAt: now, LastSuccessAt: prev.LastSuccessAt, Through: prev.Through}
	checked, recovered, err := j.fetchAndFeed(ctx, c, since, until)
	run.LastChecked, run.LastRecovered = int64(checked), int64(recovered)
	if err != nil {
		run.LastError = err.Error()
	} else {
		run.LastSuccessAt, run.Through = now, until
	}
	if serr := j.store.SaveReconciliation(ctx, c.WorkspaceID, c.ID, run); serr != nil {
		return run, errors.Join(err, serr)
	}
	return run, err
}

// fetchAndFeed fetches what changed in [since, until] and writes every order or event the
// inbox does not know to it. It reports how many it looked at and how many were new.
func (j *Job) fetchAndFeed(ctx context.Context, c connections.Connection, since, until time.Time) (int, int, error) {
	src, ok := j.sources[c.Platform]
	platform, known := j.platforms.Lookup(c.Platform)
	if !ok || !known {
		return 0, 0, fmt.Errorf("no reconciliation for platform %q", c.Platform)
	}
	creds, err := j.creds.Credentials(ctx, c)
	if err != nil {
		return 0, 0, err
	}
	found, fetchErr := src.Fetch(ctx, c, creds, since)
	checked, recovered := 0, 0
	for _, f := range found {
		headers := webhook.HeaderMap(f.Headers)
		ev, err := platform.Parse(headers, f.Body)
		if err != nil {
			slog.WarnContext(ctx, "reconcile: unreadable order skipped", "connection", c.ID, "err", err)
			continue
		}
		if !ev.Kind.Storable() || ev.OccurredAt.After(until) || (ev.Order != nil && ev.Order.UpdatedAt.After(until)) {
			continue
		}
		checked++
		ev.ConnectionID = c.ID
		have, err := j.known(ctx, c, ev.Order, ev.OrderID)
		if err != nil {
			return checked, recovered, err
		}
		if have {
			continue
		}
		accepted, err := j.store.Accept(ctx, inbox.New(ev, c.WorkspaceID, headers, f.Body, j.now(), inbox.FromReconciliation))
		if err != nil {
			return checked, recovered, fmt.Errorf("store recovered %s: %w", ev.IdempotencyKey(), err)
		}
		if accepted {
			recovered++
		}
	}
	return checked, recovered, fetchErr
}

// known reports whether the order record already holds this snapshot or a newer one.
// Events without a snapshot (Stripe refunds) rely on the inbox's own duplicate check.
func (j *Job) known(ctx context.Context, c connections.Connection, snap *orders.Order, orderID string) (bool, error) {
	if snap == nil {
		return false, nil
	}
	rec, err := j.store.OrderRecord(ctx, c.WorkspaceID, c.ID, orderID)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("load order %s: %w", orderID, err)
	}
	return rec.Order != nil && !rec.Order.UpdatedAt.Before(snap.UpdatedAt), nil
}
