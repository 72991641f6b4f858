package woocommerce

import (
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

var (
	sampleCodes = []attribution.Code{{MembershipID: "m-anna", Code: "ANNA10"}}
	// A click for another creator, inside the window: the code still wins by default.
	sampleClick = &attribution.Click{ID: "ck_Wc55tQ", MembershipID: "m-ben", At: time.Date(2026, 11, 2, 15, 20, 31, 0, time.UTC)}
)

func tenPercent(t testing.TB) attribution.Compensation {
	r, err := money.ParsePercent("10")
	if err != nil {
		t.Fatal(err)
	}
	return attribution.Compensation{Model: attribution.PercentOfNet, Rate: r}
}

func TestSampleStory(t *testing.T) {
	p := New()
	comp := tenPercent(t)
	var snap *orders.Order
	var refunds []orders.Refund
	var prev attribution.State
	steps := []struct {
		sample          string
		net, commission money.Amount
		counted         bool
	}{
		{"order-created", eur(2880), eur(288), true},
		// 12.85 refunded of a 40.22 total takes 9.20 of the 28.80 revenue.
		{"order-updated-refund", eur(1960), eur(196), true},
		{"order-created", eur(1960), eur(196), true},       // late, older snapshot: ignored
		{"order-updated-cancelled", eur(0), eur(0), false}, // listed as cancelled, contributes nothing
	}
	for _, s := range steps {
		h, body := delivery(t, s.sample, ".json")
		if err := p.Verify(h, body, testSecret, time.Now()); err != nil {
			t.Fatalf("%s: %v", s.sample, err)
		}
		ev, err := p.Parse(h, body)
		if err != nil {
			t.Fatalf("%s: %v", s.sample, err)
		}
		if attribution.ReplacesSnapshot(snap, ev.Order) {
			snap = ev.Order
		}
		refunds = attribution.MergeRefunds(refunds, ev.Refunds...)
		d := attribution.Decide(attribution.Input{Order: snap, Codes: sampleCodes, Click: sampleClick})
		if d.MembershipID != "m-anna" || d.Method != attribution.ByCoupon {
			t.Fatalf("%s: decision %+v", s.sample, d)
		}
		cur, err := attribution.Evaluate(snap, refunds, d, comp)
		if err != nil {
			t.Fatalf("%s: %v", s.sample, err)
		}
		if _, err := attribution.Diff(prev, cur, ev.IdempotencyKey()); err != nil {
			t.Fatalf("%s: %v", s.sample, err)
		}
		prev = cur
		if cur.Net != s.net || cur.Commission != s.commission || cur.Counted != s.counted || cur.Cancelled == s.counted {
			t.Errorf("%s: state %+v, want net %v commission %v counted %v", s.sample, cur, s.net, s.commission, s.counted)
		}
	}
}

// BenchmarkWebhookWoo measures one order.updated delivery with a refund end to end in
// process: signature, parse, attribution, figures, commission and the ledger difference.
func BenchmarkWebhookWoo(b *testing.B) {
	h, body := delivery(b, "order-updated-refund", ".json")
	p := New()
	comp := tenPercent(b)
	now := time.Now()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := p.Verify(h, body, testSecret, now); err != nil {
			b.Fatal(err)
		}
		ev, err := p.Parse(h, body)
		if err != nil {
			b.Fatal(err)
		}
		d := attribution.Decide(attribution.Input{Order: ev.Order, Codes: sampleCodes, Click: sampleClick})
		st, err := attribution.Evaluate(ev.Order, attribution.MergeRefunds(nil, ev.Refunds...), d, comp)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := attribution.Diff(attribution.State{}, st, ev.IdempotencyKey()); err != nil {
			b.Fatal(err)
		}
	}
}
