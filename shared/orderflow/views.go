package orderflow

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/inbox"
)

// ViewStore is what the marketers' views of orders read.
type ViewStore interface {
	// LedgerEntries lists a membership's ledger, oldest first.
	LedgerEntries(ctx context.Context, workspaceID, campaignID, creatorID string) ([]LedgerEntry, error)
	// OrderCounters lists a campaign's counters (creatorID empty) or a membership's, all-time
	// ones and daily ones.
	OrderCounters(ctx context.Context, workspaceID, campaignID, creatorID string) ([]Counter, error)
	// CampaignOrders lists the orders credited to a campaign, cancelled ones included.
	CampaignOrders(ctx context.Context, workspaceID, campaignID string) ([]Record, error)
	// UnattributedOrders lists the workspace's orders no membership was credited with.
	UnattributedOrders(ctx context.Context, workspaceID string) ([]Record, error)
	// Markers lists a connection's applied events, newest first, at most limit.
	Markers(ctx context.Context, workspaceID, connectionID string, limit int) ([]Marker, error)
	// Failures lists a connection's failed events.
	Failures(ctx context.Context, workspaceID, connectionID string) ([]Failure, error)
	// ConnectionStats reads a connection's delivery figures.
	ConnectionStats(ctx context.Context, workspaceID, connectionID string) (inbox.Stats, error)
}

// Views answers the marketers' questions about orders: what a creator earned and why,
// which orders a campaign got, and how a connection's deliveries fared.
type Views struct {
	store ViewStore
}

// NewViews builds the views.
func NewViews(s ViewStore) *Views { return &Views{store: s} }

// Ledger is a membership's ledger with its totals and its codes' leak signals.
type Ledger struct {
	// CampaignID and CreatorID name the membership.
	CampaignID string `json:"campaignId"`
	CreatorID  string `json:"creatorId"`
	// Totals are all-time figures, one per currency.
	Totals []Counter `json:"totals"`
	// Days are daily figures by day and currency, oldest first.
	Days []Counter `json:"days"`
	// Entries are every ledger line, oldest first: each order and adjustment with the
	// event that caused it and the reason.
	Entries []LedgerEntry `json:"entries"`
	// Codes assess each code that brought orders for leaks onto deal sites or far from
	// the creator's audience.
	Codes []attribution.LeakSignal `json:"codes"`
}

// Ledger reads a membership's ledger. audience is the creator's audience by country
// (shares 0-1), nil when unknown.
func (v *Views) Ledger(ctx context.Context, ws, campaignID, creatorID string, audience map[string]float64) (Ledger, error) {
	entries, err := v.store.LedgerEntries(ctx, ws, campaignID, creatorID)
	if err != nil {
		return Ledger{}, err
	}
	counters, err := v.store.OrderCounters(ctx, ws, campaignID, creatorID)
	if err != nil {
		return Ledger{}, err
	}
	l := Ledger{CampaignID: campaignID, CreatorID: creatorID, Entries: entries, Codes: leaks(entries, audience)}
	l.Totals, l.Days = splitCounters(counters)
	if l.Entries == nil {
		l.Entries = []LedgerEntry{}
	}
	return l, nil
}

// leaks assesses every code from the orders currently credited through it: an order's
// posting adds it, a reversal (re-attribution) takes it away again.
func leaks(entries []LedgerEntry, audience map[string]float64) []attribution.LeakSignal {
	type credited struct {
		code  string
		order attribution.LeakOrder
	}
	current := map[string]credited{}
	for _, e := range entries {
		key := e.ConnectionID + "/" + e.OrderID
		switch e.Kind {
		case attribution.EntryOrder:
			if e.Code != "" {
				current[key] = credited{code: e.Code, order: attribution.LeakOrder{Referrer: e.Referrer, Country: e.Country}}
			}
		case attribution.EntryReversal:
			delete(current, key)
		}
	}
	byCode := map[string][]attribution.LeakOrder{}
	for _, c := range current {
		byCode[c.code] = append(byCode[c.code], c.order)
	}
	out := make([]attribution.LeakSignal, 0, len(byCode))
	for code, list := range byCode {
		out = append(out, attribution.CouponLeak(code, list, audience))
	}
	slices.SortFunc(out, func(a, b attribution.LeakSignal) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func splitCounters(all []Counter) (totals, days []Counter) {
	totals, days = []Counter{}, []Counter{}
	for _, c := range all {
		if c.Day == "" {
			totals = append(totals, c)
		} else {
			days = append(days, c)
		}
	}
	slices.SortFunc(days, func(a, b Counter) int {
		if c := strings.Compare(a.Day, b.Day); c != 0 {
			return c
		}
		return strings.Compare(a.Currency, b.Currency)
	})
	return totals, days
}

// OrderView is an order as the campaign's order list shows it.
type OrderView struct {
	// ConnectionID, Platform, OrderID and Name identify the order; Name is the shop's
	// order number.
	ConnectionID string `json:"connectionId"`
	Platform     string `json:"platform"`
	OrderID      string `json:"orderId"`
	Name         string `json:"name"`
	// Status is pending, unattributed, attributed or cancelled.
	Status Status `json:"status"`
	// CreatedAt is the order's creation time as the platform reports it.
	CreatedAt time.Time `json:"createdAt"`
	// CampaignID and CreatorID are the credited membership, when there is one.
	CampaignID string `json:"campaignId,omitempty"`
	CreatorID  string `json:"creatorId,omitempty"`
	// Method, Code, ClickID and Reason are the attribution decision.
	Method       attribution.Method `json:"method"`
	Code         string             `json:"code,omitempty"`
	ClickID      string             `json:"clickId,omitempty"`
	Reason       string             `json:"reason"`
	UnknownCodes []string           `json:"unknownCodes"`
	DecidedAt    time.Time          `json:"decidedAt,omitzero"`
	// Amounts in minor units of Currency: the ledger's figures for a credited order, the
	// snapshot's revenue basis for an unattributed one.
	Currency      string `json:"currency"`
	Revenue       int64  `json:"revenue"`
	Refunded      int64  `json:"refunded"`
	Net           int64  `json:"net"`
	Commission    int64  `json:"commission"`
	FullyRefunded bool   `json:"fullyRefunded"`
	// Refunds counts the refunds known; PaymentStatus and Test are the platform's.
	Refunds       int    `json:"refunds"`
	PaymentStatus string `json:"paymentStatus"`
	Test          bool   `json:"test"`
	// UpdatedAt is when Hypetrack last changed the order.
	UpdatedAt time.Time `json:"updatedAt"`
}

// View shows a record.
func View(r Record) OrderView {
	v := OrderView{
		ConnectionID: r.ConnectionID, Platform: string(r.Platform), OrderID: r.OrderID, Status: r.Status(),
		CampaignID: r.CampaignID, CreatorID: r.CreatorID, Method: r.Decision.Method, Code: r.Decision.Code,
		ClickID: r.Decision.ClickID, Reason: r.Decision.Reason, UnknownCodes: r.Decision.UnknownCodes,
		DecidedAt: r.DecidedAt, Currency: string(r.State.Currency), Revenue: r.State.Revenue.Minor,
		Refunded: r.State.Refunded.Minor, Net: r.State.Net.Minor, Commission: r.State.Commission.Minor,
		FullyRefunded: r.State.FullyRefunded, Refunds: len(r.Refunds), UpdatedAt: r.Updated,
	}
	if v.UnknownCodes == nil {
		v.UnknownCodes = []string{}
	}
	if o := r.Order; o != nil {
		v.Name, v.CreatedAt, v.PaymentStatus, v.Test = o.Name, o.CreatedAt, o.PaymentStatus, o.Test
		if r.State.MembershipID == "" {
			v.Currency, v.Revenue, v.Net = string(o.Currency), o.Revenue.Minor, o.Revenue.Minor
		}
	}
	return v
}

// CampaignOrders is a campaign's order list with its totals.
type CampaignOrders struct {
	// Items are the orders, newest first.
	Items []OrderView `json:"items"`
	// Totals and Days are the campaign's counters.
	Totals []Counter `json:"totals"`
	Days   []Counter `json:"days"`
}

// Order list filters.
const (
	// ListCredited lists attributed and cancelled orders (the default).
	ListCredited = ""
	// ListAttributed lists orders that count.
	ListAttributed = string(Attributed)
	// ListCancelled lists credited orders that were cancelled.
	ListCancelled = string(Cancelled)
	// ListUnattributed lists the orders of the campaign's connections that nobody was
	// credited with: candidates for re-attribution.
	ListUnattributed = string(Unattributed)
)

// ListFilters are the accepted order list filters.
var ListFilters = []string{ListAttributed, ListCancelled, ListUnattributed}

// CampaignOrders lists a campaign's orders. connections are the connections the campaign's
// creators hold codes on, which scope the unattributed list.
func (v *Views) CampaignOrders(ctx context.Context, ws, campaignID string, connections []string, filter string) (CampaignOrders, error) {
	var recs []Record
	var err error
	if filter == ListUnattributed {
		recs, err = v.store.UnattributedOrders(ctx, ws)
	} else {
		recs, err = v.store.CampaignOrders(ctx, ws, campaignID)
	}
	if err != nil {
		return CampaignOrders{}, err
	}
	out := CampaignOrders{Items: []OrderView{}}
	for _, r := range recs {
		keep := filter == "" || string(r.Status()) == filter
		if filter == ListUnattributed {
			keep = keep && slices.Contains(connections, r.ConnectionID)
		}
		if keep {
			out.Items = append(out.Items, View(r))
		}
	}
	slices.SortFunc(out.Items, func(a, b OrderView) int { return b.CreatedAt.Compare(a.CreatedAt) })
	counters, err := v.store.OrderCounters(ctx, ws, campaignID, "")
	if err != nil {
		return CampaignOrders{}, err
	}
	out.Totals, out.Days = splitCounters(counters)
	return out, nil
}

// DeliveryView is one event a connection received, with what became of it.
type DeliveryView struct {
	// Key, Topic, OrderID, Source and ReceivedAt describe the event.
	Key        string       `json:"key"`
	Topic      string       `json:"topic"`
	OrderID    string       `json:"orderId"`
	Source     inbox.Source `json:"source,omitempty"`
	ReceivedAt time.Time    `json:"receivedAt"`
	// Outcome is applied, unchanged, retrying or dead_lettered.
	Outcome string `json:"outcome"`
	// AppliedAt is when it was applied.
	AppliedAt time.Time `json:"appliedAt,omitzero"`
	// Summary says what the event did; Error why it failed.
	Summary string `json:"summary,omitempty"`
	Error   string `json:"error,omitempty"`
	// Attempts counts failed attempts.
	Attempts int `json:"attempts,omitempty"`
}

// Deliveries is a connection's delivery log: recent events and what became of them,
// duplicates counted, rejections with their reasons.
type Deliveries struct {
	// Items are the recent events, newest first.
	Items []DeliveryView `json:"items"`
	inbox.Stats
}

// RecentDeliveries is how many applied events the delivery log shows.
const RecentDeliveries = 50

// Deliveries reads a connection's delivery log.
func (v *Views) Deliveries(ctx context.Context, ws, connectionID string) (Deliveries, error) {
	markers, err := v.store.Markers(ctx, ws, connectionID, RecentDeliveries)
	if err != nil {
		return Deliveries{}, err
	}
	failures, err := v.store.Failures(ctx, ws, connectionID)
	if err != nil {
		return Deliveries{}, err
	}
	stats, err := v.store.ConnectionStats(ctx, ws, connectionID)
	if err != nil {
		return Deliveries{}, err
	}
	out := Deliveries{Items: []DeliveryView{}, Stats: stats}
	applied := map[string]bool{}
	for _, m := range markers {
		applied[m.Key] = true
		out.Items = append(out.Items, DeliveryView{Key: m.Key, Topic: m.Topic, OrderID: m.OrderID, Source: m.Source,
			ReceivedAt: m.ReceivedAt, Outcome: string(m.Outcome), AppliedAt: m.AppliedAt, Summary: m.Summary})
	}
	for _, f := range failures {
		if applied[f.Key] {
			continue
		}
		outcome := "retrying"
		if f.Dead {
			outcome = "dead_lettered"
		}
		out.Items = append(out.Items, DeliveryView{Key: f.Key, Topic: f.Topic, OrderID: f.OrderID, ReceivedAt: f.ReceivedAt,
			Outcome: outcome, Error: f.Error, Attempts: f.Attempts})
	}
	slices.SortFunc(out.Items, func(a, b DeliveryView) int { return b.ReceivedAt.Compare(a.ReceivedAt) })
	if out.Rejections == nil {
		out.Rejections = []inbox.Rejection{}
	}
	return out, nil
}

// Reconciliation reads a connection's reconciliation state.
func (v *Views) Reconciliation(ctx context.Context, ws, connectionID string) (inbox.Reconciliation, error) {
	stats, err := v.store.ConnectionStats(ctx, ws, connectionID)
	if err != nil {
		return inbox.Reconciliation{}, err
	}
	return stats.Reconciliation, nil
}
