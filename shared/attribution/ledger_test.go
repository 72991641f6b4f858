package attribution

import (
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

// totals is a membership's running ledger totals, the sum of its entries.
type totals struct {
	orders, cancelled, fullyRefunded int
	revenue, refunded, net, comm     int64
}

func apply(book map[string]*totals, entries []Entry) {
	for _, e := range entries {
		t := book[e.MembershipID]
		if t == nil {
			t = &totals{}
			book[e.MembershipID] = t
		}
		t.orders += e.Orders
		t.cancelled += e.Cancelled
		t.fullyRefunded += e.FullyRefunded
		t.revenue += e.Revenue.Minor
		t.refunded += e.Refunded.Minor
		t.net += e.Net.Minor
		t.comm += e.Commission.Minor
	}
}

func fromState(s State) totals {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	return totals{b(s.Counted), b(s.Cancelled), b(s.FullyRefunded), s.Revenue.Minor, s.Refunded.Minor, s.Net.Minor, s.Commission.Minor}
}

// TestLedgerStory plays one order's life through Evaluate and Diff, the way the order
// processor will, and checks after every step that the ledger's sums equal the order's
// current state: nothing double-counted, nothing rounded twice.
func TestLedgerStory(t *testing.T) {
	rate, _ := money.ParsePercent("12.5")
	comp := map[string]Compensation{
		"m-anna": {Model: PercentOfNet, Rate: rate},
		"m-ben":  {Model: FixedPerSale, Fixed: usd(300)},
	}
	codes := []Code{{MembershipID: "m-anna", Code: "ANNA10"}, {MembershipID: "m-ben", Code: "BEN"}}

	o := &orders.Order{ID: "o1", Currency: "USD", CreatedAt: created, UpdatedAt: created, Revenue: usd(4), Total: usd(10)}
	var refunds []orders.Refund
	var prev State
	book := map[string]*totals{}

	type step struct {
		name      string
		change    func()
		codes     []Code
		entries   int
		kinds     []EntryKind
		commDelta []int64
		reason    string
	}
	steps := []step{
		{name: "unattributed order is kept, no entry", change: func() {}, codes: codes, entries: 0},
		{
			name:   "a code added later re-attributes it",
			change: func() { o.DiscountCodes = []string{"anna10"} },
			codes:  codes, entries: 1, kinds: []EntryKind{EntryOrder},
			commDelta: []int64{1}, // 12.5 % of 0.04 = 0.005, half up to 0.01
			reason:    "order: net revenue 0.04 USD, commission 0.01 USD",
		},
		{name: "the same delivery five more times", change: func() {}, codes: codes, entries: 0},
		{
			name: "a partial refund recomputes the commission from the new net",
			change: func() {
				refunds = MergeRefunds(refunds, orders.Refund{ID: "r1", Rule: orders.ByLineItems, LineSubtotal: usd(2)})
			},
			codes: codes, entries: 1, kinds: []EntryKind{EntryAdjustment},
			// 12.5 % of 0.02 = 0.0025 rounds to 0.00: the adjustment is -0.01, where
			// rounding the refund's own share (-0.0025) would have posted nothing.
			commDelta: []int64{-1},
			reason:    "net revenue 0.04 USD → 0.02 USD, commission 0.01 USD → 0.00 USD",
		},
		{
			name:   "the code moves to another membership",
			change: func() { o.DiscountCodes = []string{"BEN"} },
			codes:  codes, entries: 2, kinds: []EntryKind{EntryReversal, EntryOrder},
			commDelta: []int64{0, 300},
			reason:    "re-attributed away from membership m-anna",
		},
		{
			name:   "cancellation withdraws everything but keeps the order listed",
			change: func() { o.Cancelled = true },
			codes:  codes, entries: 1, kinds: []EntryKind{EntryAdjustment},
			commDelta: []int64{-300},
			reason:    "order cancelled",
		},
	}
	for _, s := range steps {
		s.change()
		d := Decide(Input{Order: o, Codes: s.codes})
		cur, err := Evaluate(o, refunds, d, comp[d.MembershipID])
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		entries, err := Diff(prev, cur, "test|"+s.name)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if len(entries) != s.entries {
			t.Fatalf("%s: %d entries %+v, want %d", s.name, len(entries), entries, s.entries)
		}
		for i, e := range entries {
			if e.Kind != s.kinds[i] || e.Commission.Minor != s.commDelta[i] || e.Source != "test|"+s.name {
				t.Errorf("%s: entry %d = %+v, want kind %s commission %d", s.name, i, e, s.kinds[i], s.commDelta[i])
			}
		}
		if s.reason != "" && (len(entries) == 0 || !strings.Contains(entries[0].Reason, s.reason)) {
			t.Errorf("%s: reason %q lacks %q", s.name, entries[0].Reason, s.reason)
		}
		apply(book, entries)
		prev = cur
		// Every membership's sums equal what the order currently gives it.
		for m, got := range book {
			want := totals{}
			if cur.MembershipID == m {
				want = fromState(cur)
			}
			if *got != want {
				t.Errorf("%s: ledger of %s sums to %+v, state says %+v", s.name, m, *got, want)
			}
		}
	}
	if ben := book["m-ben"]; ben.orders != 0 || ben.cancelled != 1 || ben.comm != 0 {
		t.Errorf("after cancellation m-ben has %+v", *ben)
	}
}

func TestLedgerFullRefundStillCounts(t *testing.T) {
	rate, _ := money.ParsePercent("10")
	o := &orders.Order{ID: "o2", Currency: "USD", CreatedAt: created, Revenue: usd(4500), Total: usd(5360)}
	d := Decision{MembershipID: "m-anna", Method: ByClick}
	first, err := Evaluate(o, nil, d, Compensation{Model: PercentOfNet, Rate: rate})
	if err != nil {
		t.Fatal(err)
	}
	refunds := []orders.Refund{chargeRefund("ch_1", created, 5360, 5360)}
	after, err := Evaluate(o, refunds, d, Compensation{Model: PercentOfNet, Rate: rate})
	if err != nil {
		t.Fatal(err)
	}
	if !after.Counted || !after.FullyRefunded || after.Net != usd(0) || after.Commission != usd(0) {
		t.Errorf("fully refunded state %+v", after)
	}
	entries, err := Diff(first, after, "stripe|charge.refunded|evt_1")
	if err != nil || len(entries) != 1 {
		t.Fatalf("entries %+v, %v", entries, err)
	}
	e := entries[0]
	if e.Orders != 0 || e.FullyRefunded != 1 || e.Refunded != usd(4500) || e.Net != usd(-4500) || e.Commission != usd(-450) {
		t.Errorf("entry %+v", e)
	}
}

func TestDiffEdges(t *testing.T) {
	if e, err := Diff(State{}, State{}, "s"); err != nil || e != nil {
		t.Errorf("nothing to nothing: %+v, %v", e, err)
	}
	a := State{MembershipID: "m", Currency: "USD", Counted: true, Revenue: usd(100), Refunded: usd(0), Net: usd(100), Commission: usd(10)}
	b := a
	b.Currency = "EUR"
	b.Revenue, b.Refunded, b.Net, b.Commission = money.New(100, "EUR"), money.New(0, "EUR"), money.New(100, "EUR"), money.New(10, "EUR")
	if _, err := Diff(a, b, "s"); err == nil {
		t.Error("a currency change was posted as a difference")
	}
	e, err := Diff(a, State{}, "s")
	if err != nil || len(e) != 1 || e[0].Kind != EntryReversal || e[0].Orders != -1 || e[0].Commission != usd(-10) {
		t.Errorf("unattributing: %+v, %v", e, err)
	}
	if _, err := Evaluate(nil, nil, Decision{MembershipID: "m"}, Compensation{}); err == nil {
		t.Error("Evaluate without a snapshot succeeded")
	}
	if s, err := Evaluate(&orders.Order{ID: "x", Currency: "USD"}, nil, Decision{}, Compensation{}); err != nil || s != (State{}) {
		t.Errorf("unattributed order: %+v, %v", s, err)
	}
}
