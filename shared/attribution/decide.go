// Package attribution holds the rules that decide which creator earned an order and what
// the order is worth to them, as pure functions of data the order processor has already
// loaded: the order snapshot, its refunds, the membership codes on the connection, the
// click the order's click id points to, and the membership's compensation.
//
// The processor keeps a State per order; when anything changes it evaluates the new
// State and posts Diff(previous, current) to the ledger, so every ledger line is an
// exact difference of two rounded states and a figure is never rounded twice.
package attribution

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/orders"
)

// DefaultWindow is how long after a click an order is still credited to it when the
// campaign sets no window of its own.
const DefaultWindow = 30 * 24 * time.Hour

// Method says how an order was attributed.
type Method string

// Attribution methods.
const (
	// Unattributed orders match no membership; they are kept so that a code added later
	// can be applied by re-attribution.
	Unattributed Method = "none"
	// ByCoupon orders carry a membership's discount code.
	ByCoupon Method = "coupon"
	// ByClick orders carry the id of a membership's tracking-link click inside the window.
	ByClick Method = "click"
)

// Precedence settles an order whose coupon and click name different memberships; it is
// a workspace setting.
type Precedence string

// Precedences.
const (
	// CouponFirst credits the coupon's membership: typing a creator's code is an explicit
	// choice, a click may be incidental. It is the default.
	CouponFirst Precedence = "coupon_first"
	// ClickFirst credits the click's membership.
	ClickFirst Precedence = "click_first"
)

// Code is one membership's coupon code on the order's connection.
type Code struct {
	// MembershipID is the campaign membership the code belongs to.
	MembershipID string
	// Code is the code as the membership spells it.
	Code string
}

// Click is the tracking-link click an order's click id was found to be.
type Click struct {
	// ID is the click id the redirect issued.
	ID string
	// MembershipID is the membership whose tracking link was clicked.
	MembershipID string
	// At is when the click happened.
	At time.Time
	// Window is the campaign's attribution window; zero means DefaultWindow.
	Window time.Duration
}

// Input is everything Decide needs.
type Input struct {
	// Order is the current snapshot; nil while only refunds have arrived.
	Order *orders.Order
	// Codes are the coupon codes of every membership on the order's connection.
	Codes []Code
	// Click is the click the order's click id points to; nil when the order has none or
	// it was not found.
	Click *Click
	// Precedence settles a coupon and a click that disagree; empty means CouponFirst.
	Precedence Precedence
}

// Decision is the attribution of one order, recorded on the order with its reason.
type Decision struct {
	// MembershipID is the credited campaign membership; empty when unattributed.
	MembershipID string
	// Method says whether a code, a click or nothing decided.
	Method Method
	// Code is the matched coupon code as the membership spells it, when a code matched.
	Code string
	// ClickID is the click inside the window, when there is one.
	ClickID string
	// Reason explains the decision in a sentence a marketer can show a creator.
	Reason string
	// UnknownCodes are the order's codes that belong to no membership.
	UnknownCodes []string
}

type codeMatch struct {
	code      string // as the membership spells it
	typed     string // as the order carries it
	member    string
	ambiguous bool
}

// Decide attributes an order by coupon code and by click. Codes match in any letter
// case; the first of the order's codes that belongs to a membership is the order's
// coupon. A click counts when the order was created, by the platform's clock, no
// earlier than the click and no later than the window after it.
func Decide(in Input) Decision {
	if in.Order == nil {
		return Decision{Method: Unattributed, Reason: "no order snapshot yet"}
	}
	var d Decision
	coupon, others := matchCodes(in.Order.DiscountCodes, in.Codes, &d.UnknownCodes)

	var click *Click
	var clickNote string
	if c := in.Click; c != nil && c.MembershipID != "" {
		window := c.Window
		if window <= 0 {
			window = DefaultWindow
		}
		age := in.Order.CreatedAt.Sub(c.At)
		switch {
		case in.Order.CreatedAt.IsZero() || c.At.IsZero():
			clickNote = fmt.Sprintf("click %s has no time to measure the window with", c.ID)
		case age < 0:
			clickNote = fmt.Sprintf("click %s came %s after the order was created", c.ID, span(-age))
		case age > window:
			clickNote = fmt.Sprintf("click %s was %s before the order, outside the window of %s", c.ID, span(age), span(window))
		default:
			click = c
		}
	}

	switch {
	case coupon != nil && click != nil && coupon.member == click.MembershipID:
		d.MembershipID, d.Method, d.Code, d.ClickID = coupon.member, ByCoupon, coupon.code, click.ID
		d.Reason = fmt.Sprintf("code %s and click %s both belong to membership %s", coupon.typed, click.ID, coupon.member)
	case coupon != nil && click != nil && in.Precedence == ClickFirst:
		d.MembershipID, d.Method, d.Code, d.ClickID = click.MembershipID, ByClick, coupon.code, click.ID
		d.Reason = fmt.Sprintf("click %s (membership %s) wins over code %s (membership %s): the workspace gives clicks precedence",
			click.ID, click.MembershipID, coupon.typed, coupon.member)
	case coupon != nil && click != nil:
		d.MembershipID, d.Method, d.Code, d.ClickID = coupon.member, ByCoupon, coupon.code, click.ID
		d.Reason = fmt.Sprintf("code %s (membership %s) wins over click %s (membership %s): codes take precedence",
			coupon.typed, coupon.member, click.ID, click.MembershipID)
	case coupon != nil:
		d.MembershipID, d.Method, d.Code = coupon.member, ByCoupon, coupon.code
		d.Reason = fmt.Sprintf("code %s belongs to membership %s", coupon.typed, coupon.member)
	case click != nil:
		d.MembershipID, d.Method, d.ClickID = click.MembershipID, ByClick, click.ID
		d.Reason = fmt.Sprintf("click %s of membership %s is %s before the order, inside the window",
			click.ID, click.MembershipID, span(in.Order.CreatedAt.Sub(click.At)))
	default:
		d.Method = Unattributed
		switch {
		case len(in.Order.DiscountCodes) > 0:
			d.Reason = fmt.Sprintf("no membership has the code %s", strings.Join(in.Order.DiscountCodes, ", "))
		case clickNote != "":
			d.Reason = "the order's click does not count"
		case in.Order.ClickID != "":
			d.Reason = fmt.Sprintf("click id %s matches no click", in.Order.ClickID)
		default:
			d.Reason = "the order has no discount code and no click id"
		}
	}
	if coupon != nil && coupon.ambiguous {
		d.Reason += fmt.Sprintf("; code %s is registered to more than one membership, the first by id was taken", coupon.code)
	}
	if len(others) > 0 {
		d.Reason += fmt.Sprintf("; the order also carries %s, which a single order cannot credit twice", strings.Join(others, ", "))
	}
	if clickNote != "" {
		d.Reason += "; " + clickNote
	}
	return d
}

// matchCodes returns the first order code that belongs to a membership, descriptions of
// later codes that belong to other memberships, and fills unknown with codes of nobody.
func matchCodes(orderCodes []string, codes []Code, unknown *[]string) (*codeMatch, []string) {
	if len(orderCodes) == 0 {
		return nil, nil
	}
	byCode := make(map[string][]Code, len(codes))
	for _, c := range codes {
		k := fold(c.Code)
		if k != "" && c.MembershipID != "" {
			byCode[k] = append(byCode[k], c)
		}
	}
	var first *codeMatch
	var others []string
	for _, typed := range orderCodes {
		owners := byCode[fold(typed)]
		if len(owners) == 0 {
			*unknown = append(*unknown, typed)
			continue
		}
		sort.Slice(owners, func(i, j int) bool { return owners[i].MembershipID < owners[j].MembershipID })
		m := &codeMatch{code: owners[0].Code, typed: typed, member: owners[0].MembershipID, ambiguous: len(owners) > 1}
		if first == nil {
			first = m
			continue
		}
		if m.member != first.member {
			others = append(others, fmt.Sprintf("code %s (membership %s)", typed, m.member))
		}
	}
	return first, others
}

// span formats a duration for a reason a marketer reads: whole days, then the rest to the
// second ("30 days 1s", "2 days 3h0m0s", "45m0s").
func span(d time.Duration) string {
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	rest := d % (24 * time.Hour)
	switch {
	case days == 0:
		return rest.String()
	case rest == 0 && days == 1:
		return "1 day"
	case rest == 0:
		return fmt.Sprintf("%d days", days)
	case days == 1:
		return "1 day " + rest.String()
	}
	return fmt.Sprintf("%d days %s", days, rest)
}

// fold is the form codes are compared in: customers type codes in any case and shops
// often keep surrounding spaces.
func fold(code string) string {
	return strings.ToLower(strings.TrimSpace(code))
}

// ReplacesSnapshot reports whether next should replace the stored snapshot cur: a late,
// older snapshot never overwrites a newer one. At equal times a cancelled snapshot wins,
// because cancellation is the one change platforms report in the same second as the
// state it ends (a failed Stripe payment right after its checkout).
func ReplacesSnapshot(cur, next *orders.Order) bool {
	switch {
	case next == nil:
		return false
	case cur == nil:
		return true
	case next.UpdatedAt.After(cur.UpdatedAt):
		return true
	case next.UpdatedAt.Equal(cur.UpdatedAt):
		return next.Cancelled && !cur.Cancelled
	}
	return false
}
