package attribution

import (
	"fmt"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

// State is what the ledger holds for one order: its attribution and its figures as of
// the last change. The zero State is an order the ledger knows nothing about.
type State struct {
	// MembershipID is the credited membership; empty when the order is unattributed.
	MembershipID string
	// Currency is the order's shop currency; every amount below is in it.
	Currency money.Currency
	// Counted is set for an attributed order that is not cancelled: it counts as one order.
	Counted bool
	// Cancelled is set for an attributed order that was cancelled.
	Cancelled bool
	// FullyRefunded is set for an attributed order whose refunds took all its revenue.
	FullyRefunded bool
	// Revenue is the attributed revenue before refunds (zero when cancelled).
	Revenue money.Amount
	// Refunded is the revenue taken back by refunds.
	Refunded money.Amount
	// Net is Revenue minus Refunded.
	Net money.Amount
	// Commission is what the creator earns on Net under the membership's compensation.
	Commission money.Amount
}

// Evaluate computes an order's ledger state from its snapshot, its refunds, its
// attribution and the credited membership's compensation.
func Evaluate(o *orders.Order, refunds []orders.Refund, d Decision, c Compensation) (State, error) {
	if o == nil {
		return State{}, ErrNoOrder
	}
	if d.MembershipID == "" {
		return State{}, nil
	}
	f, err := NetRevenue(o, refunds)
	if err != nil {
		return State{}, err
	}
	com, err := Commission(c, f)
	if err != nil {
		return State{}, fmt.Errorf("order %s, membership %s: %w", o.ID, d.MembershipID, err)
	}
	s := State{
		MembershipID:  d.MembershipID,
		Currency:      o.Currency,
		Counted:       !f.Cancelled,
		Cancelled:     f.Cancelled,
		FullyRefunded: f.FullyRefunded,
		Revenue:       f.Revenue,
		Refunded:      f.Refunded,
		Net:           f.Net,
		Commission:    com,
	}
	if f.Cancelled {
		// A cancelled order contributes nothing; it is listed, not summed.
		s.Revenue, s.Refunded = money.Zero(o.Currency), money.Zero(o.Currency)
	}
	return s, nil
}

// EntryKind says what a ledger entry records.
type EntryKind string

// Ledger entry kinds.
const (
	// EntryOrder is an order's first posting on a membership.
	EntryOrder EntryKind = "order"
	// EntryAdjustment is a change to an order already posted (refund, update,
	// cancellation, new commission terms).
	EntryAdjustment EntryKind = "adjustment"
	// EntryReversal takes an order off a membership it no longer belongs to
	// (re-attribution).
	EntryReversal EntryKind = "reversal"
)

// Entry is one ledger line on a membership: differences to add to its running totals
// and counters, and the event that caused them.
type Entry struct {
	// MembershipID is the membership whose totals the entry changes.
	MembershipID string
	// Kind says what the entry records.
	Kind EntryKind
	// Source names the event that caused the entry (an idempotency key), so that a
	// creator's "why is my commission X?" can be answered line by line.
	Source string
	// Orders is the change in attributed orders: -1, 0 or +1.
	Orders int
	// Cancelled is the change in cancelled orders: -1, 0 or +1.
	Cancelled int
	// FullyRefunded is the change in fully refunded orders: -1, 0 or +1.
	FullyRefunded int
	// Revenue is the change in attributed revenue before refunds.
	Revenue money.Amount
	// Refunded is the change in revenue taken back by refunds.
	Refunded money.Amount
	// Net is the change in net attributed revenue.
	Net money.Amount
	// Commission is the change in commission.
	Commission money.Amount
	// Reason describes the change in words.
	Reason string
}

// Diff returns the ledger entries that take the ledger from prev to cur for one order,
// none when nothing changed. Differences are of two already rounded states, so an
// adjustment is never rounded on its own. When the membership changed, the old one gets
// a reversal of everything it had and the new one a full posting.
func Diff(prev, cur State, source string) ([]Entry, error) {
	if prev.MembershipID == cur.MembershipID {
		if cur.MembershipID == "" {
			return nil, nil
		}
		if prev.Currency != "" && prev.Currency != cur.Currency {
			return nil, fmt.Errorf("attribution: order moved from %s to %s: %w", prev.Currency, cur.Currency, money.ErrCurrencyMismatch)
		}
		kind := EntryAdjustment
		if prev.Currency == "" {
			kind = EntryOrder
		}
		e, changed := delta(prev, cur, cur.Currency)
		if !changed {
			return nil, nil
		}
		e.MembershipID, e.Kind, e.Source = cur.MembershipID, kind, source
		e.Reason = describe(kind, prev, cur)
		return []Entry{e}, nil
	}
	var out []Entry
	if prev.MembershipID != "" {
		e, _ := delta(prev, State{}, prev.Currency)
		e.MembershipID, e.Kind, e.Source = prev.MembershipID, EntryReversal, source
		e.Reason = fmt.Sprintf("order re-attributed away from membership %s", prev.MembershipID)
		if cur.MembershipID == "" {
			e.Reason = fmt.Sprintf("order no longer attributed to membership %s", prev.MembershipID)
		}
		out = append(out, e)
	}
	if cur.MembershipID != "" {
		e, _ := delta(State{}, cur, cur.Currency)
		e.MembershipID, e.Kind, e.Source = cur.MembershipID, EntryOrder, source
		e.Reason = describe(EntryOrder, State{}, cur)
		out = append(out, e)
	}
	return out, nil
}

// delta returns cur minus prev as an entry in currency c, and whether anything differs.
func delta(prev, cur State, c money.Currency) (Entry, bool) {
	sub := func(a, b money.Amount) money.Amount { return money.New(a.Minor-b.Minor, c) }
	e := Entry{
		Orders:        b2i(cur.Counted) - b2i(prev.Counted),
		Cancelled:     b2i(cur.Cancelled) - b2i(prev.Cancelled),
		FullyRefunded: b2i(cur.FullyRefunded) - b2i(prev.FullyRefunded),
		Revenue:       sub(cur.Revenue, prev.Revenue),
		Refunded:      sub(cur.Refunded, prev.Refunded),
		Net:           sub(cur.Net, prev.Net),
		Commission:    sub(cur.Commission, prev.Commission),
	}
	changed := e.Orders != 0 || e.Cancelled != 0 || e.FullyRefunded != 0 || e.Revenue.Minor != 0 ||
		e.Refunded.Minor != 0 || e.Net.Minor != 0 || e.Commission.Minor != 0
	return e, changed
}

func describe(kind EntryKind, prev, cur State) string {
	switch {
	case kind == EntryOrder && cur.Cancelled:
		return "cancelled order: nothing earned"
	case kind == EntryOrder:
		return fmt.Sprintf("order: net revenue %s, commission %s", cur.Net, cur.Commission)
	case cur.Cancelled && !prev.Cancelled:
		return fmt.Sprintf("order cancelled: net revenue %s and commission %s withdrawn", prev.Net, prev.Commission)
	}
	return fmt.Sprintf("net revenue %s → %s, commission %s → %s", prev.Net, cur.Net, prev.Commission, cur.Commission)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
