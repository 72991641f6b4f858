package shopify

import (
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

var (
	sampleCodes = []attribution.Code{{MembershipID: "m-anna", Code: "ANNA10"}, {MembershipID: "m-yuki", Code: "YUKI-15"}}
	sampleClick = &attribution.Click{ID: "ck_7Hq2mZ", MembershipID: "m-anna", At: time.Date(2026, 10, 30, 18, 0, 0, 0, time.UTC)}
)

func tenPercent(t testing.TB) attribution.Compensation {
	r, err := money.ParsePercent("10")
	if err != nil {
		t.Fatal(err)
	}
	return attribution.Compensation{Model: attribution.PercentOfNet, Rate: r}
}

// TestSampleStory runs the samples through parsing and attribution in the order a
// refund's deliveries can arrive: the refund before the order snapshot that lists it.
func TestSampleStory(t *testing.T) {
	p := New()
	comp := tenPercent(t)
	var snap *orders.Order
	var refunds []orders.Refund
	var prev attribution.State
	steps := []struct {
		sample          string
		net, commission money.Amount
		entries         int
	}{
		{"orders-create", usd(23998), usd(2400), 1},
		{"refunds-create", usd(14999), usd(1500), 1},
		{"orders-updated", usd(14999), usd(1500), 0}, // lists the same refund: no change
		{"orders-create", usd(14999), usd(1500), 0},  // a late, older snapshot changes nothing
	}
	for _, s := range steps {
		h, body := delivery(t, s.sample)
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
		if d.MembershipID != "m-anna" || d.Method != attribution.ByCoupon || d.ClickID != "ck_7Hq2mZ" {
			t.Fatalf("%s: decision %+v", s.sample, d)
		}
		cur, err := attribution.Evaluate(snap, refunds, d, comp)
		if err != nil {
			t.Fatalf("%s: %v", s.sample, err)
		}
		entries, err := attribution.Diff(prev, cur, ev.IdempotencyKey())
		if err != nil {
			t.Fatalf("%s: %v", s.sample, err)
		}
		if cur.Net != s.net || cur.Commission != s.commission || len(entries) != s.entries {
			t.Errorf("%s: net %v commission %v with %d entries; want %v %v %d", s.sample, cur.Net, cur.Commission, len(entries), s.net, s.commission, s.entries)
		}
		prev = cur
	}

	// The cancelled yen order is credited to its code but contributes nothing.
	h, body := delivery(t, "orders-cancelled")
	ev, err := p.Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	d := attribution.Decide(attribution.Input{Order: ev.Order, Codes: sampleCodes})
	st, err := attribution.Evaluate(ev.Order, ev.Refunds, d, comp)
	if err != nil {
		t.Fatal(err)
	}
	if d.MembershipID != "m-yuki" || !st.Cancelled || st.Counted || st.Net != jpy(0) || st.Commission != jpy(0) {
		t.Errorf("cancelled order: decision %+v state %+v", d, st)
	}
}

// BenchmarkWebhookShopify measures one orders/create delivery end to end in process:
// signature, parse, attribution, figures, commission and the ledger difference.
func BenchmarkWebhookShopify(b *testing.B) {
	h, body := delivery(b, "orders-create")
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
