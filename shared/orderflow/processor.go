package orderflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms"
	"github.com/hypetrack/hypetrack/shared/webhook"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// Directory reads the workspace, campaign and membership an order is attributed in.
type Directory interface {
	Workspace(ctx context.Context, id string) (workspaces.Workspace, error)
	Campaign(ctx context.Context, workspaceID, id string) (campaigns.Campaign, error)
	CampaignMember(ctx context.Context, workspaceID, campaignID, creatorID string) (campaigns.Member, error)
}

// DefaultMaxAttempts is how many times the stream delivers a failing event before it is
// dead-lettered: enough to ride out throttling and a deploy, few enough that a bad event
// does not hold back its connection's later events for long.
const DefaultMaxAttempts = 5

// planAttempts bounds how often Apply re-reads a record that another event changed meanwhile.
const planAttempts = 4

// workspaceTTL is how long a warm container trusts a workspace it read: settings change
// rarely, and an event applied with settings a minute old is still applied exactly once.
const workspaceTTL = time.Minute

// Processor applies inbox deliveries to order records, ledgers and counters.
type Processor struct {
	store       Store
	dir         Directory
	clicks      ClickFinder
	now         func() time.Time
	maxAttempts int

	mu         sync.Mutex
	registries map[string]*platforms.Registry
	spaces     map[string]cachedWorkspace
}

type cachedWorkspace struct {
	ws      workspaces.Workspace
	loc     *time.Location
	expires time.Time
}

// Option changes a Processor.
type Option func(*Processor)

// WithClock sets the processor's clock (tests).
func WithClock(now func() time.Time) Option { return func(p *Processor) { p.now = now } }

// WithMaxAttempts sets how many failed attempts dead-letter an event.
func WithMaxAttempts(n int) Option {
	return func(p *Processor) {
		if n > 0 {
			p.maxAttempts = n
		}
	}
}

// New builds a processor. clicks may be nil, in which case click ids never match.
func New(s Store, dir Directory, clicks ClickFinder, opts ...Option) *Processor {
	p := &Processor{store: s, dir: dir, clicks: clicks, now: time.Now, maxAttempts: DefaultMaxAttempts,
		registries: map[string]*platforms.Registry{}, spaces: map[string]cachedWorkspace{}}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Result is what applying an event or a re-attribution did.
type Result struct {
	// Outcome says whether anything changed.
	Outcome Outcome
	// Record is the order record after the change.
	Record Record
	// Entries are the ledger lines posted.
	Entries []LedgerEntry
}

// Apply applies one inbox delivery exactly once: it re-parses the stored body with the
// workspace's click parameter, merges the snapshot and refunds into the order record,
// decides attribution when the first snapshot arrives, and posts the ledger difference
// and counters in one transaction with the event's applied marker. A second Apply of the
// same delivery writes nothing and reports AlreadyApplied.
func (p *Processor) Apply(ctx context.Context, d inbox.Delivery) (Result, error) {
	applied, err := p.store.IsApplied(ctx, d.WorkspaceID, d.ConnectionID, d.Key)
	if err != nil {
		return Result{}, fmt.Errorf("check marker of %s: %w", d.Key, err)
	}
	if applied {
		return Result{Outcome: AlreadyApplied}, nil
	}
	ws, err := p.workspace(ctx, d.WorkspaceID)
	if err != nil {
		return Result{}, fmt.Errorf("apply %s: %w", d.Key, err)
	}
	platform, ok := p.registry(ws.ws.Settings.ClickParam).Lookup(string(d.Platform))
	if !ok {
		return Result{}, permanent(fmt.Errorf("apply %s: unknown platform %q", d.Key, d.Platform))
	}
	ev, err := d.Parse(platform)
	if err != nil {
		return Result{}, permanent(err)
	}
	if err := ev.Validate(); err != nil {
		return Result{}, permanent(fmt.Errorf("apply %s: %w", d.Key, err))
	}
	for range planAttempts {
		rec, prev, err := p.load(ctx, d.WorkspaceID, d.ConnectionID, ev)
		if err != nil {
			return Result{}, err
		}
		change, err := p.planEvent(ctx, ws, rec, ev, d)
		if err != nil {
			return Result{}, err
		}
		change.PrevVersion = prev
		err = p.store.Commit(ctx, change)
		switch {
		case errors.Is(err, ErrAlreadyApplied):
			return Result{Outcome: AlreadyApplied}, nil
		case errors.Is(err, ErrStale):
			continue
		case err != nil:
			return Result{}, fmt.Errorf("apply %s: %w", d.Key, err)
		}
		return Result{Outcome: change.Marker.Outcome, Record: change.Record, Entries: change.Entries}, nil
	}
	return Result{}, fmt.Errorf("apply %s: %w", d.Key, ErrBusy)
}

// load reads the order record of an event, or starts a new one.
func (p *Processor) load(ctx context.Context, ws, conn string, ev orders.Event) (Record, int64, error) {
	rec, err := p.store.OrderRecord(ctx, ws, conn, ev.OrderID)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return Record{WorkspaceID: ws, ConnectionID: conn, Platform: ev.Platform, OrderID: ev.OrderID}, 0, nil
	case err != nil:
		return Record{}, 0, fmt.Errorf("load order %s: %w", ev.OrderID, err)
	}
	return rec, rec.Version, nil
}

// planEvent works out everything one event changes.
func (p *Processor) planEvent(ctx context.Context, ws cachedWorkspace, cur Record, ev orders.Event, d inbox.Delivery) (Change, error) {
	now := p.now().UTC()
	next := cur.clone()
	var notes []string
	if ev.Order != nil {
		if attribution.ReplacesSnapshot(cur.Order, ev.Order) {
			next.Order = ev.Order
			notes = append(notes, "snapshot of "+ev.Order.UpdatedAt.Format(time.RFC3339))
		} else {
			notes = append(notes, "older snapshot ignored")
		}
	}
	if len(ev.Refunds) > 0 {
		merged := attribution.MergeRefunds(cur.Refunds, ev.Refunds...)
		if !same(merged, attribution.MergeRefunds(cur.Refunds)) {
			notes = append(notes, fmt.Sprintf("refunds %d → %d", len(cur.Refunds), len(merged)))
			next.Refunds = merged
		}
	}
	if ev.Kind == orders.OrderCancelled && ev.Order == nil && next.CancelledBy == "" {
		next.CancelledBy = d.Key
		notes = append(notes, "cancelled")
	}
	if ev.Kind == orders.OrderDeleted && next.DeletedBy == "" {
		next.DeletedBy = d.Key
		notes = append(notes, "deleted by the shop")
	}
	if next.Order != nil && next.Decision.Method == "" {
		dec, err := p.decide(ctx, ws, next)
		if err != nil {
			return Change{}, err
		}
		next.Decision, next.DecidedAt, next.DecidedBy = dec, now, d.Key
		notes = append(notes, "decided: "+dec.Reason)
	}
	change, err := p.settle(ctx, ws, cur, next, d.Key, eventTime(ev, d), now)
	if err != nil {
		return Change{}, fmt.Errorf("apply %s: %w", d.Key, err)
	}
	outcome := Unchanged
	if change.SaveRecord || len(change.Entries) > 0 {
		outcome = Applied
	}
	if len(notes) == 0 {
		notes = append(notes, "nothing to change")
	}
	change.Record.Events++
	change.Marker = &Marker{
		WorkspaceID: d.WorkspaceID, ConnectionID: d.ConnectionID, Key: d.Key, Topic: d.Topic, Kind: ev.Kind,
		OrderID: ev.OrderID, Source: d.Source, Platform: d.Platform, ReceivedAt: d.ReceivedAt, AppliedAt: now,
		Outcome: outcome, Summary: strings.Join(notes, "; "), Entries: len(change.Entries),
	}
	return change, nil
}

// settle evaluates the record's ledger state and the entries and counters that take the
// ledger from cur's state to it.
func (p *Processor) settle(ctx context.Context, ws cachedWorkspace, cur, next Record, source string, eventAt, now time.Time) (Change, error) {
	if eff := next.effective(); eff != nil {
		comp, err := p.compensation(ctx, ws.ws.ID, next.Decision.MembershipID)
		if err != nil {
			return Change{}, err
		}
		state, err := attribution.Evaluate(eff, next.Refunds, next.Decision, comp)
		if err != nil {
			return Change{}, permanent(err)
		}
		next.State = state
	}
	next.CampaignID, next.CreatorID, _ = SplitMembership(next.State.MembershipID)
	entries, err := attribution.Diff(cur.State, next.State, source)
	if err != nil {
		return Change{}, permanent(err)
	}
	ledger := make([]LedgerEntry, 0, len(entries))
	for i, e := range entries {
		method := next.Decision.Method
		if e.Kind == attribution.EntryReversal {
			method = cur.Decision.Method // what is reversed was credited under the old decision
		}
		ledger = append(ledger, p.entry(ws, next, e, method, i, eventAt, now))
	}
	saved := !recordsEqual(cur, next)
	if saved {
		next.Updated = now
		if cur.Version == 0 {
			next.FirstSeen = now
		}
	}
	next.Version = cur.Version + 1
	return Change{Record: next, SaveRecord: saved, Entries: ledger, Counters: counters(ledger)}, nil
}

// entry turns an attribution entry into a ledger line. An order's first posting and its
// reversal count on the day the order was created; adjustments on the day of the event
// that caused them.
func (p *Processor) entry(ws cachedWorkspace, rec Record, e attribution.Entry, method attribution.Method, seq int, eventAt, now time.Time) LedgerEntry {
	campaignID, creatorID, _ := SplitMembership(e.MembershipID)
	day := eventAt
	if e.Kind != attribution.EntryAdjustment && rec.Order != nil && !rec.Order.CreatedAt.IsZero() {
		day = rec.Order.CreatedAt
	}
	l := LedgerEntry{
		WorkspaceID: rec.WorkspaceID, CampaignID: campaignID, CreatorID: creatorID,
		ConnectionID: rec.ConnectionID, OrderID: rec.OrderID, Kind: e.Kind, Source: e.Source, Reason: e.Reason,
		At: now, Day: day.In(ws.loc).Format(time.DateOnly), Currency: string(e.Revenue.Currency),
		Orders: e.Orders, Cancelled: e.Cancelled, FullyRefunded: e.FullyRefunded,
		Revenue: e.Revenue.Minor, Refunded: e.Refunded.Minor, Net: e.Net.Minor, Commission: e.Commission.Minor,
		Method: method, Seq: seq,
	}
	if rec.Order != nil {
		l.OrderName = rec.Order.Name
	}
	if e.Kind == attribution.EntryOrder {
		l.Code, l.ClickID = rec.Decision.Code, rec.Decision.ClickID
		if rec.Order != nil {
			l.Referrer, l.Country = referrerHost(rec.Order.Referrer), rec.Order.CustomerCountry
		}
	}
	return l
}

// counters adds each ledger line to its campaign's and membership's all-time and daily
// counters, one change per counter, as a transaction may touch each item once.
func counters(entries []LedgerEntry) []Counter {
	var out []Counter
	index := map[CounterKey]int{}
	for _, e := range entries {
		for _, k := range []CounterKey{
			{CampaignID: e.CampaignID, Currency: e.Currency},
			{CampaignID: e.CampaignID, Day: e.Day, Currency: e.Currency},
			{CampaignID: e.CampaignID, CreatorID: e.CreatorID, Currency: e.Currency},
			{CampaignID: e.CampaignID, CreatorID: e.CreatorID, Day: e.Day, Currency: e.Currency},
		} {
			i, ok := index[k]
			if !ok {
				i = len(out)
				index[k] = i
				out = append(out, Counter{CounterKey: k})
			}
			out[i].add(e)
		}
	}
	return out
}

// decide attributes an order by the coupon codes it carries on its connection and by its
// click id, under the workspace's precedence.
func (p *Processor) decide(ctx context.Context, ws cachedWorkspace, rec Record) (attribution.Decision, error) {
	var codes []attribution.Code
	seen := map[string]bool{}
	for _, typed := range rec.Order.DiscountCodes {
		code := campaigns.NormalizeCode(typed)
		if seen[code] || campaigns.CheckCode(code) != nil {
			continue
		}
		seen[code] = true
		campaignID, creatorID, err := p.store.CodeOwner(ctx, ws.ws.ID, rec.ConnectionID, code)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			continue
		case err != nil:
			return attribution.Decision{}, fmt.Errorf("look up code %s: %w", code, err)
		}
		codes = append(codes, attribution.Code{MembershipID: MembershipID(campaignID, creatorID), Code: code})
	}
	click, err := p.click(ctx, ws.ws.ID, rec.Order.ClickID)
	if err != nil {
		return attribution.Decision{}, err
	}
	prec := attribution.CouponFirst
	if ws.ws.Settings.Precedence == "click" {
		prec = attribution.ClickFirst
	}
	return attribution.Decide(attribution.Input{Order: rec.Order, Codes: codes, Click: click, Precedence: prec}), nil
}

// click resolves an order's click id to the click and its campaign's window; nil when the
// id names no click of this workspace.
func (p *Processor) click(ctx context.Context, ws, id string) (*attribution.Click, error) {
	if id == "" || p.clicks == nil || !validClickID(id) {
		return nil, nil
	}
	c, ok, err := p.clicks.Click(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("look up click %s: %w", id, err)
	}
	if !ok || c.WorkspaceID != ws || c.CampaignID == "" || c.CreatorID == "" {
		return nil, nil
	}
	camp, err := p.dir.Campaign(ctx, ws, c.CampaignID)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("load campaign %s of click %s: %w", c.CampaignID, id, err)
	}
	window := attribution.DefaultWindow
	if camp.AttributionWindowDays > 0 {
		window = time.Duration(camp.AttributionWindowDays) * 24 * time.Hour
	}
	return &attribution.Click{ID: c.ID, MembershipID: MembershipID(c.CampaignID, c.CreatorID), At: c.At, Window: window}, nil
}

// validClickID keeps ids that could be keys: the redirect issues short URL-safe ids.
func validClickID(id string) bool {
	if len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// compensation reads the credited membership's terms for sales. A membership that no
// longer exists earns nothing rather than blocking its order.
func (p *Processor) compensation(ctx context.Context, ws, membership string) (attribution.Compensation, error) {
	campaignID, creatorID, ok := SplitMembership(membership)
	if !ok {
		return attribution.Compensation{}, nil
	}
	m, err := p.dir.CampaignMember(ctx, ws, campaignID, creatorID)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return attribution.Compensation{}, nil
	case err != nil:
		return attribution.Compensation{}, fmt.Errorf("load membership %s: %w", membership, err)
	}
	return Compensation(m.Compensation), nil
}

// Compensation maps a deal's terms onto the ledger's compensation models: a commission
// in basis points is a percent of net revenue, a per-sale fee a fixed amount per order.
// Flat fees, per-click fees and gifting are paid outside the ledger of orders.
func Compensation(c campaigns.Compensation) attribution.Compensation {
	switch c.Model {
	case "commission":
		// One basis point is 0.01 %, a hundred millionths.
		return attribution.Compensation{Model: attribution.PercentOfNet, Rate: money.Rate(c.CommissionBps * 100)}
	case "per_sale":
		return attribution.Compensation{Model: attribution.FixedPerSale, Fixed: money.New(c.PerSale, money.Currency(strings.ToUpper(c.Currency)))}
	}
	return attribution.Compensation{Model: attribution.NoCommission}
}

// Reattribute decides an order's attribution again with today's codes and click, for a
// marketer who assigned a code after the order arrived. It reverses what the old
// membership had and posts the order on the new one; run again, it finds the same
// decision and writes nothing.
func (p *Processor) Reattribute(ctx context.Context, workspaceID, connectionID, orderID, by string) (Result, error) {
	ws, err := p.workspace(ctx, workspaceID)
	if err != nil {
		return Result{}, err
	}
	for range planAttempts {
		cur, err := p.store.OrderRecord(ctx, workspaceID, connectionID, orderID)
		if err != nil {
			return Result{}, fmt.Errorf("re-attribute order %s: %w", orderID, err)
		}
		if cur.Order == nil {
			return Result{}, fmt.Errorf("order %s has no snapshot yet: %w", orderID, apperr.ErrNotFound)
		}
		dec, err := p.decide(ctx, ws, cur)
		if err != nil {
			return Result{}, err
		}
		if dec.MembershipID == cur.Decision.MembershipID {
			return Result{Outcome: Unchanged, Record: cur}, nil
		}
		now := p.now().UTC()
		next := cur.clone()
		next.Decision, next.DecidedAt, next.DecidedBy = dec, now, "re-attribution by "+by
		change, err := p.settle(ctx, ws, cur, next, "re-attribution by "+by+" at "+now.Format(time.RFC3339), now, now)
		if err != nil {
			return Result{}, err
		}
		change.SaveRecord = true
		change.PrevVersion = cur.Version
		err = p.store.Commit(ctx, change)
		if errors.Is(err, ErrStale) {
			continue
		}
		if err != nil {
			return Result{}, fmt.Errorf("re-attribute order %s: %w", orderID, err)
		}
		return Result{Outcome: Applied, Record: change.Record, Entries: change.Entries}, nil
	}
	return Result{}, fmt.Errorf("re-attribute order %s: %w", orderID, ErrBusy)
}

// Fail records a failed attempt to apply d. It reports whether d is now dead-lettered:
// failed MaxAttempts times, or failed in a way retrying cannot fix. A dead-lettered event
// stops holding back the stream; Replay applies it after the fix.
func (p *Processor) Fail(ctx context.Context, d inbox.Delivery, cause error) (bool, error) {
	now := p.now().UTC()
	msg := cause.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	f := Failure{WorkspaceID: d.WorkspaceID, ConnectionID: d.ConnectionID, Key: d.Key, Topic: d.Topic, OrderID: d.OrderID,
		Platform: d.Platform, ReceivedAt: d.ReceivedAt, Error: msg, Permanent: !Transient(cause), FirstFailedAt: now, LastFailedAt: now}
	attempts, err := p.store.NoteFailure(ctx, f)
	if err != nil {
		return false, fmt.Errorf("note failure of %s: %w", d.Key, err)
	}
	if f.Permanent || attempts >= p.maxAttempts {
		if err := p.store.MarkDead(ctx, d.WorkspaceID, d.ConnectionID, d.Key); err != nil {
			return false, fmt.Errorf("dead-letter %s: %w", d.Key, err)
		}
		slog.ErrorContext(ctx, LogDeadLettered, "connection", d.ConnectionID, "key", d.Key, "attempts", attempts, "err", msg)
		return true, nil
	}
	return false, nil
}

// LogDeadLettered is logged, with the connection and the event key, when an event is
// dead-lettered: someone has to fix the cause and replay.
const LogDeadLettered = "order event dead-lettered"

// ReplayReport says what a replay did.
type ReplayReport struct {
	// Tried is how many failed events were found without an applied marker.
	Tried int `json:"tried"`
	// Applied is how many of them applied now (or had been applied meanwhile).
	Applied int `json:"applied"`
	// Failed lists the keys that failed again, with why.
	Failed []Failure `json:"failed"`
}

// Replay applies a connection's failed events again, oldest first: after the cause of a
// failure is fixed, this is how the events it held back take effect. Events applied
// meanwhile are skipped by their markers, so a replay can always be run again.
func (p *Processor) Replay(ctx context.Context, workspaceID, connectionID string) (ReplayReport, error) {
	failures, err := p.store.Failures(ctx, workspaceID, connectionID)
	if err != nil {
		return ReplayReport{}, fmt.Errorf("list failures of %s: %w", connectionID, err)
	}
	slices.SortFunc(failures, func(a, b Failure) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	var r ReplayReport
	for _, f := range failures {
		applied, err := p.store.IsApplied(ctx, workspaceID, connectionID, f.Key)
		if err != nil {
			return r, err
		}
		if applied {
			continue
		}
		r.Tried++
		d, err := p.store.Delivery(ctx, connectionID, f.Key)
		if err != nil {
			return r, fmt.Errorf("read delivery %s: %w", f.Key, err)
		}
		if _, err := p.Apply(ctx, d); err != nil {
			if _, ferr := p.Fail(ctx, d, err); ferr != nil {
				return r, ferr
			}
			f.Error = err.Error()
			r.Failed = append(r.Failed, f)
			continue
		}
		r.Applied++
	}
	return r, nil
}

// ApplyAll applies deliveries in order, as a replay of a whole inbox does: events applied
// before are skipped by their markers, failures are recorded as the stream records them.
func (p *Processor) ApplyAll(ctx context.Context, list []inbox.Delivery) (ReplayReport, error) {
	var r ReplayReport
	for _, d := range list {
		r.Tried++
		if _, err := p.Apply(ctx, d); err != nil {
			if _, ferr := p.Fail(ctx, d, err); ferr != nil {
				return r, ferr
			}
			r.Failed = append(r.Failed, Failure{Key: d.Key, ConnectionID: d.ConnectionID, OrderID: d.OrderID, Error: err.Error()})
			continue
		}
		r.Applied++
	}
	return r, nil
}

// permanentError marks a failure that retrying cannot fix.
type permanentError struct{ err error }

// Error describes the underlying failure.
func (e *permanentError) Error() string { return e.err.Error() }

// Unwrap returns the underlying failure.
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err: err} }

// Transient reports whether err may go away by itself (a busy or unreachable store, a
// contended record), so that the event is worth retrying.
func Transient(err error) bool {
	var perm *permanentError
	if errors.As(err, &perm) {
		return false
	}
	return errors.Is(err, apperr.ErrUnavailable) || errors.Is(err, ErrBusy) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// workspace reads a workspace, cached briefly in the warm container.
func (p *Processor) workspace(ctx context.Context, id string) (cachedWorkspace, error) {
	now := p.now()
	p.mu.Lock()
	c, ok := p.spaces[id]
	p.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c, nil
	}
	ws, err := p.dir.Workspace(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return cachedWorkspace{}, permanent(fmt.Errorf("workspace %s: %w", id, err))
	}
	if err != nil {
		return cachedWorkspace{}, fmt.Errorf("load workspace %s: %w", id, err)
	}
	loc, err := time.LoadLocation(ws.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	c = cachedWorkspace{ws: ws, loc: loc, expires: now.Add(workspaceTTL)}
	p.mu.Lock()
	p.spaces[id] = c
	p.mu.Unlock()
	return c, nil
}

// registry returns the platform parsers for a click parameter name.
func (p *Processor) registry(clickParam string) *platforms.Registry {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.registries[clickParam]
	if !ok {
		r = platforms.New(webhook.WithClickParam(clickParam))
		p.registries[clickParam] = r
	}
	return r
}

// eventTime is when the platform says the event's change happened, else when we got it.
func eventTime(ev orders.Event, d inbox.Delivery) time.Time {
	switch {
	case !ev.OccurredAt.IsZero():
		return ev.OccurredAt
	case ev.Order != nil && !ev.Order.UpdatedAt.IsZero():
		return ev.Order.UpdatedAt
	}
	var latest time.Time
	for _, r := range ev.Refunds {
		if r.CreatedAt.After(latest) {
			latest = r.CreatedAt
		}
	}
	if !latest.IsZero() {
		return latest
	}
	return d.ReceivedAt
}

// referrerHost reduces a referrer URL to its host without "www.", the form the coupon-leak
// signal compares.
func referrerHost(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if !strings.Contains(ref, "://") {
		ref = "https://" + ref
	}
	u, err := url.Parse(ref)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// recordsEqual reports whether two records hold the same facts, ignoring bookkeeping.
// They are compared in their encoded form, which compares instants rather than the
// time.Location pointers a decoded and a parsed time may differ in.
func recordsEqual(a, b Record) bool {
	a.Events, b.Events = 0, 0
	a.Updated, b.Updated = time.Time{}, time.Time{}
	a.FirstSeen, b.FirstSeen = time.Time{}, time.Time{}
	a.Version, b.Version = 0, 0
	return same(a, b)
}

// same reports whether a and b encode to the same JSON.
func same(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
