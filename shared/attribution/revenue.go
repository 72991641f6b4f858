package attribution

import (
	"errors"
	"fmt"
	"sort"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

// ErrNoOrder is returned when figures are asked for an order whose snapshot has not
// arrived; its refunds are kept until it does.
var ErrNoOrder = errors.New("attribution: no order snapshot")

// MergeRefunds adds incoming refunds to the known ones so that each refund counts once by
// its ID, whichever event reported it and in whatever order. For a repeated ID the later
// report (by CreatedAt) is kept, which is what makes Stripe's cumulative charge.refunded
// totals replace each other; at equal times the larger amount is kept, so that the result
// does not depend on delivery order. The result is sorted by ID.
func MergeRefunds(known []orders.Refund, incoming ...orders.Refund) []orders.Refund {
	byID := make(map[string]orders.Refund, len(known)+len(incoming))
	for _, list := range [][]orders.Refund{known, incoming} {
		for _, r := range list {
			if r.ID == "" {
				continue
			}
			if cur, ok := byID[r.ID]; ok && !supersedes(r, cur) {
				continue
			}
			byID[r.ID] = r
		}
	}
	out := make([]orders.Refund, 0, len(byID))
	for _, r := range byID {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func supersedes(next, cur orders.Refund) bool {
	switch {
	case next.CreatedAt.After(cur.CreatedAt):
		return true
	case next.CreatedAt.Before(cur.CreatedAt):
		return false
	}
	return next.Amount.Minor+next.LineSubtotal.Minor > cur.Amount.Minor+cur.LineSubtotal.Minor
}

// Figures are an order's attributed amounts after refunds, in the shop currency.
type Figures struct {
	// Revenue is the order's revenue basis before refunds.
	Revenue money.Amount
	// Refunded is how much of Revenue the refunds took back, capped at Revenue.
	Refunded money.Amount
	// Net is Revenue minus Refunded, and zero for a cancelled order.
	Net money.Amount
	// Cancelled orders contribute nothing.
	Cancelled bool
	// FullyRefunded orders still count as orders, and are also counted as fully refunded.
	FullyRefunded bool
}

// NetRevenue applies refunds to an order's revenue basis, each refund once by ID:
//   - ByLineItems refunds take their line subtotal;
//   - ProRataTotal refunds take refunded × revenue / order total, from the sum of all of
//     them so that the rounding happens once;
//   - ProRataCaptured refunds take everything when the charge is fully refunded, else
//     refunded × revenue / captured.
//
// The total taken is capped at the revenue. A cancelled order nets zero. Refunds in a
// currency other than the order's are an error: amounts are never converted.
func NetRevenue(o *orders.Order, refunds []orders.Refund) (Figures, error) {
	if o == nil {
		return Figures{}, ErrNoOrder
	}
	cur := o.Currency
	rev := o.Revenue
	if rev.Currency == "" && rev.Minor == 0 {
		rev = money.Zero(cur)
	}
	if rev.Currency != cur {
		return Figures{}, fmt.Errorf("attribution: order %s: revenue in %s, order in %s: %w", o.ID, rev.Currency, cur, money.ErrCurrencyMismatch)
	}
	f := Figures{Revenue: rev, Refunded: money.Zero(cur), Net: money.Zero(cur), Cancelled: o.Cancelled}
	if o.Cancelled {
		return f, nil
	}

	lines, totalRefunded, charged, captured := money.Zero(cur), money.Zero(cur), money.Zero(cur), money.Zero(cur)
	merged := MergeRefunds(nil, refunds...)
	for _, r := range merged {
		var err error
		switch r.Rule {
		case orders.ByLineItems:
			lines, err = addSame(lines, r.LineSubtotal)
		case orders.ProRataTotal:
			totalRefunded, err = addSame(totalRefunded, r.Amount)
		case orders.ProRataCaptured:
			if charged, err = addSame(charged, r.Amount); err == nil {
				captured, err = addSame(captured, r.Captured)
			}
		default:
			err = fmt.Errorf("unknown refund rule %q", r.Rule)
		}
		if err != nil {
			return Figures{}, fmt.Errorf("attribution: order %s, refund %s: %w", o.ID, r.ID, err)
		}
	}

	taken := lines
	if totalRefunded.Minor > 0 {
		share := rev
		if o.Total.Minor > 0 && totalRefunded.Minor < o.Total.Minor {
			var err error
			if share, err = rev.ProRata(totalRefunded.Minor, o.Total.Minor); err != nil {
				return Figures{}, fmt.Errorf("attribution: order %s: pro rata to the total: %w", o.ID, err)
			}
		}
		var err error
		if taken, err = taken.Add(share); err != nil {
			return Figures{}, fmt.Errorf("attribution: order %s: %w", o.ID, err)
		}
	}
	if charged.Minor > 0 {
		share := rev
		if captured.Minor > 0 && charged.Minor < captured.Minor {
			var err error
			if share, err = rev.ProRata(charged.Minor, captured.Minor); err != nil {
				return Figures{}, fmt.Errorf("attribution: order %s: pro rata to the captured amount: %w", o.ID, err)
			}
		}
		var err error
		if taken, err = taken.Add(share); err != nil {
			return Figures{}, fmt.Errorf("attribution: order %s: %w", o.ID, err)
		}
	}
	if taken.Minor > rev.Minor {
		taken = rev
	}
	if taken.Minor < 0 {
		taken = money.Zero(cur)
	}
	f.Refunded = taken
	f.Net = money.New(rev.Minor-taken.Minor, cur)
	f.FullyRefunded = len(merged) > 0 && taken.Minor > 0 && taken.Minor == rev.Minor
	return f, nil
}

// addSame adds b to a; a zero amount without a currency (a refund the platform could not
// price) adds nothing.
func addSame(a, b money.Amount) (money.Amount, error) {
	if b.Minor == 0 {
		return a, nil
	}
	return a.Add(b)
}
