// Package orderflow applies accepted webhook events to what Hypetrack knows of each order:
// the latest snapshot, the set of refunds, the attribution decision with its reason, the
// ledger of each campaign membership and the daily counters, all changed together in one
// transaction per event and exactly once (an "applied" marker guards each event).
//
// It is the storage-free part of the orders function: it declares the Store it needs and
// the ClickFinder that resolves a click id, and it imports no Lambda or SDK types.
package orderflow

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/orders"
)

// Errors the store returns from Commit; both wrap nothing else the caller needs.
var (
	// ErrAlreadyApplied means the event's applied marker exists: a redelivery or a replay
	// of an event whose effects are already stored.
	ErrAlreadyApplied = errors.New("orderflow: event already applied")
	// ErrStale means the order record changed since it was read (another event of the
	// same order was applied meanwhile); read it again and plan again.
	ErrStale = errors.New("orderflow: order record changed concurrently")
	// ErrBusy means an event could not be applied after several reads in a row lost the
	// race for the order record; the stream retries it.
	ErrBusy = errors.New("orderflow: order record too contended, retry later")
)

// MembershipID names a campaign membership, which is a creator in a campaign: attribution
// credits memberships, the store keys ledgers by campaign and creator.
func MembershipID(campaignID, creatorID string) string { return campaignID + "/" + creatorID }

// SplitMembership returns the campaign and creator of a MembershipID.
func SplitMembership(id string) (campaignID, creatorID string, ok bool) {
	campaignID, creatorID, ok = strings.Cut(id, "/")
	return campaignID, creatorID, ok && campaignID != "" && creatorID != ""
}

// Status is where an order stands for listings.
type Status string

// Order statuses.
const (
	// Pending orders have refunds or a cancellation but no snapshot yet.
	Pending Status = "pending"
	// Unattributed orders match no membership; a re-attribution can still credit them.
	Unattributed Status = "unattributed"
	// Attributed orders count for a membership.
	Attributed Status = "attributed"
	// Cancelled orders are credited to a membership but contribute nothing.
	Cancelled Status = "cancelled"
)

// Record is everything Hypetrack knows of one order of one connection.
type Record struct {
	// WorkspaceID, ConnectionID, Platform and OrderID identify the order.
	WorkspaceID  string          `json:"workspaceId"`
	ConnectionID string          `json:"connectionId"`
	Platform     orders.Platform `json:"platform"`
	OrderID      string          `json:"orderId"`
	// Order is the newest snapshot received; nil while only refunds or a cancellation
	// have arrived.
	Order *orders.Order `json:"order,omitempty"`
	// Refunds is every refund learned of, each once by id.
	Refunds []orders.Refund `json:"refunds,omitempty"`
	// CancelledBy names the event that cancelled the order without carrying a snapshot
	// (Stripe payment_intent.canceled); a later snapshot cannot undo it.
	CancelledBy string `json:"cancelledBy,omitempty"`
	// DeletedBy names the event that deleted the order (WooCommerce order.deleted); a
	// deleted order contributes nothing, like a cancelled one.
	DeletedBy string `json:"deletedBy,omitempty"`
	// Decision is the attribution, decided when the first snapshot arrived or by the last
	// re-attribution; its Method is empty until then.
	Decision attribution.Decision `json:"decision"`
	// DecidedAt is when Decision was taken; DecidedBy says by what (an event key or a
	// marketer's re-attribution).
	DecidedAt time.Time `json:"decidedAt,omitempty"`
	DecidedBy string    `json:"decidedBy,omitempty"`
	// State is what the ledger holds for the order.
	State attribution.State `json:"state"`
	// CampaignID and CreatorID split State.MembershipID, for listings by campaign.
	CampaignID string `json:"campaignId,omitempty"`
	CreatorID  string `json:"creatorId,omitempty"`
	// Events counts the events that changed the record.
	Events int `json:"events"`
	// FirstSeen and Updated are when Hypetrack first stored and last changed the record.
	FirstSeen time.Time `json:"firstSeenAt"`
	Updated   time.Time `json:"updatedAt"`
	// Version increases with every write; writes are conditional on it.
	Version int64 `json:"version"`
}

// Status says where the order stands.
func (r Record) Status() Status {
	switch {
	case r.Order == nil:
		return Pending
	case r.State.MembershipID == "":
		return Unattributed
	case r.State.Cancelled:
		return Cancelled
	}
	return Attributed
}

// effective is the snapshot as attribution must see it: cancelled as well when an event
// without a snapshot cancelled or deleted the order.
func (r Record) effective() *orders.Order {
	if r.Order == nil {
		return nil
	}
	o := *r.Order
	if r.CancelledBy != "" || r.DeletedBy != "" {
		o.Cancelled = true
	}
	return &o
}

// clone copies r deeply enough that changing the copy's slices leaves r alone.
func (r Record) clone() Record {
	c := r
	if r.Order != nil {
		o := *r.Order
		o.DiscountCodes = append([]string(nil), r.Order.DiscountCodes...)
		c.Order = &o
	}
	c.Refunds = append([]orders.Refund(nil), r.Refunds...)
	return c
}

// Outcome says what applying an event did.
type Outcome string

// Outcomes of Apply and Reattribute.
const (
	// Applied events changed the record, the ledger or both.
	Applied Outcome = "applied"
	// Unchanged events were stored as applied but changed nothing: an older snapshot, a
	// refund already known, an unused payment confirmation.
	Unchanged Outcome = "unchanged"
	// AlreadyApplied events had been applied before; nothing was written.
	AlreadyApplied Outcome = "already_applied"
)

// Marker records that an event was applied, and how. Its write is conditional, so an
// event can be applied once only; it doubles as the connection's delivery log.
type Marker struct {
	// WorkspaceID, ConnectionID and Key identify the event; Topic, Kind, OrderID, Source,
	// Platform and ReceivedAt repeat what the inbox item says of it.
	WorkspaceID  string          `json:"workspaceId"`
	ConnectionID string          `json:"connectionId"`
	Key          string          `json:"key"`
	Topic        string          `json:"topic"`
	Kind         orders.Kind     `json:"kind"`
	OrderID      string          `json:"orderId"`
	Source       inbox.Source    `json:"source"`
	Platform     orders.Platform `json:"platform"`
	ReceivedAt   time.Time       `json:"receivedAt"`
	// AppliedAt is when the event was applied, with what Outcome.
	AppliedAt time.Time `json:"appliedAt"`
	Outcome   Outcome   `json:"outcome"`
	// Summary says in words what the event did to the order.
	Summary string `json:"summary"`
	// Entries is how many ledger entries the event posted.
	Entries int `json:"entries"`
}

// Failure is an event that could not be applied: retried by the stream until it has
// failed MaxAttempts times or failed in a way retrying cannot fix, then dead-lettered until
// a replay applies it.
type Failure struct {
	// WorkspaceID, ConnectionID and Key identify the event; Topic, OrderID, Platform and
	// ReceivedAt repeat what the inbox item says of it.
	WorkspaceID  string          `json:"workspaceId"`
	ConnectionID string          `json:"connectionId"`
	Key          string          `json:"key"`
	Topic        string          `json:"topic"`
	OrderID      string          `json:"orderId"`
	Platform     orders.Platform `json:"platform"`
	ReceivedAt   time.Time       `json:"receivedAt"`
	// Attempts counts the failed attempts.
	Attempts int `json:"attempts"`
	// Error is the last failure, for the people who fix it.
	Error string `json:"error"`
	// Permanent is set when retrying cannot help (a payload the parser refuses now, a
	// fee in another currency than the order's).
	Permanent bool `json:"permanent"`
	// Dead is set once the stream stopped retrying; only a replay applies the event now.
	Dead bool `json:"dead"`
	// FirstFailedAt and LastFailedAt bound the failed attempts.
	FirstFailedAt time.Time `json:"firstFailedAt"`
	LastFailedAt  time.Time `json:"lastFailedAt"`
}

// LedgerEntry is one line of a membership's ledger: what changed for one order, caused by
// which event, and why.
type LedgerEntry struct {
	// WorkspaceID, CampaignID and CreatorID name the membership whose ledger it is.
	WorkspaceID string `json:"workspaceId"`
	CampaignID  string `json:"campaignId"`
	CreatorID   string `json:"creatorId"`
	// ConnectionID, OrderID and OrderName name the order the entry is about.
	ConnectionID string `json:"connectionId"`
	OrderID      string `json:"orderId"`
	OrderName    string `json:"orderName,omitempty"`
	// Kind says whether the entry posts an order, adjusts one or reverses one.
	Kind attribution.EntryKind `json:"kind"`
	// Source is the event's idempotency key, or the re-attribution that caused the entry.
	Source string `json:"source"`
	// Reason says in words what changed and why.
	Reason string `json:"reason"`
	// At is when the entry was posted; Day is the workspace-local day its counters count on.
	At       time.Time `json:"at"`
	Day      string    `json:"day"`
	Currency string    `json:"currency"`
	// Differences, in minor units of Currency for the amounts.
	Orders        int   `json:"orders"`
	Cancelled     int   `json:"cancelled"`
	FullyRefunded int   `json:"fullyRefunded"`
	Revenue       int64 `json:"revenue"`
	Refunded      int64 `json:"refunded"`
	Net           int64 `json:"net"`
	Commission    int64 `json:"commission"`
	// Method says how the credit the entry changes was attributed; on an order's
	// posting, Code and ClickID say which code or click.
	Method  attribution.Method `json:"method,omitempty"`
	Code    string             `json:"code,omitempty"`
	ClickID string             `json:"clickId,omitempty"`
	// Referrer (host) and Country are the order's, kept on order entries for the
	// coupon-leak signal.
	Referrer string `json:"referrer,omitempty"`
	Country  string `json:"country,omitempty"`
	// Seq orders the entries one event posted.
	Seq int `json:"seq"`
}

// CounterKey names one counter: a campaign's (CreatorID empty) or a membership's, for one
// day (Day "YYYY-MM-DD" in the workspace's time zone) or all time (Day empty), in one
// currency, because amounts are never converted.
type CounterKey struct {
	// CampaignID is the campaign counted.
	CampaignID string `json:"campaignId"`
	// CreatorID narrows the counter to one membership; empty for the campaign's.
	CreatorID string `json:"creatorId,omitempty"`
	// Day is the workspace-local date counted; empty for all time.
	Day string `json:"day,omitempty"`
	// Currency is what the amounts are in.
	Currency string `json:"currency"`
}

// Counter is a counter's figures, or a change to them.
type Counter struct {
	CounterKey
	// Orders, Cancelled and FullyRefunded count orders; Revenue, Refunded, Net and
	// Commission are sums in minor units of the currency.
	Orders        int64 `json:"orders"`
	Cancelled     int64 `json:"cancelled"`
	FullyRefunded int64 `json:"fullyRefunded"`
	Revenue       int64 `json:"revenue"`
	Refunded      int64 `json:"refunded"`
	Net           int64 `json:"net"`
	Commission    int64 `json:"commission"`
	// OrdersByCode, OrdersByClick, NetByCode and NetByClick split Orders and Net by what
	// attributed the orders, for the campaign results' per-method figures.
	OrdersByCode  int64 `json:"ordersByCode"`
	OrdersByClick int64 `json:"ordersByClick"`
	NetByCode     int64 `json:"netByCode"`
	NetByClick    int64 `json:"netByClick"`
}

func (c *Counter) add(e LedgerEntry) {
	c.Orders += int64(e.Orders)
	c.Cancelled += int64(e.Cancelled)
	c.FullyRefunded += int64(e.FullyRefunded)
	c.Revenue += e.Revenue
	c.Refunded += e.Refunded
	c.Net += e.Net
	c.Commission += e.Commission
	switch e.Method {
	case attribution.ByCoupon:
		c.OrdersByCode += int64(e.Orders)
		c.NetByCode += e.Net
	case attribution.ByClick:
		c.OrdersByClick += int64(e.Orders)
		c.NetByClick += e.Net
	}
}

// Change is everything one event or re-attribution writes, in one transaction.
type Change struct {
	// Record is the order record to save, at PrevVersion+1.
	Record Record
	// PrevVersion is the version the record was read at; 0 when it did not exist.
	PrevVersion int64
	// SaveRecord is false when the event left the record as it was.
	SaveRecord bool
	// Marker, when set, is written only if absent: the exactly-once guard.
	Marker *Marker
	// Entries are the ledger lines to post.
	Entries []LedgerEntry
	// Counters are the changes to add to counters, at most one per key.
	Counters []Counter
}

// Store is what the processor needs from storage.
type Store interface {
	// OrderRecord reads a record with a strongly consistent read; apperr.ErrNotFound when
	// there is none.
	OrderRecord(ctx context.Context, workspaceID, connectionID, orderID string) (Record, error)
	// IsApplied reports whether an event's marker exists.
	IsApplied(ctx context.Context, workspaceID, connectionID, key string) (bool, error)
	// Commit writes a change in one transaction: ErrAlreadyApplied when the marker exists,
	// ErrStale when the record moved on.
	Commit(ctx context.Context, c Change) error
	// NoteFailure adds one failed attempt to the event's failure record and returns the
	// attempts counted so far.
	NoteFailure(ctx context.Context, f Failure) (int, error)
	// MarkDead dead-letters a failed event.
	MarkDead(ctx context.Context, workspaceID, connectionID, key string) error
	// Failures lists a connection's failed events.
	Failures(ctx context.Context, workspaceID, connectionID string) ([]Failure, error)
	// Delivery reads an inbox item back.
	Delivery(ctx context.Context, connectionID, key string) (inbox.Delivery, error)
	// CodeOwner finds the campaign membership holding a normalized coupon code on a
	// connection; apperr.ErrNotFound when nobody does.
	CodeOwner(ctx context.Context, workspaceID, connectionID, code string) (campaignID, creatorID string, err error)
}

// Click is a tracking-link click as attribution needs it.
type Click struct {
	// ID is the click id the redirect issued.
	ID string
	// At is when the click happened.
	At time.Time
	// WorkspaceID, CampaignID and CreatorID say whose link was clicked.
	WorkspaceID string
	CampaignID  string
	CreatorID   string
}

// ClickFinder resolves the click id an order carries. Click reports ok false when no
// click has the id (never recorded, or expired); an error means the lookup itself failed
// and the event must be retried rather than decided without the click.
type ClickFinder interface {
	Click(ctx context.Context, clickID string) (c Click, ok bool, err error)
}
