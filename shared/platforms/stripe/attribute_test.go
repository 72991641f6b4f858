package stripe

import (
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

var sampleClick = &attribution.Click{ID: "ck_St9Lm2", MembershipID: "m-jordan", At: time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)}

func tenPercent(t testing.TB) attribution.Compensation {
	r, err := money.ParsePercent("10")
	if err != nil {
		t.Fatal(err)
	}
	return attribution.Compensation{Model: attribution.PercentOfNet, Rate: r}
}

// TestSampleStory credits the Checkout order by its click (client_reference_id) and
// applies the cumulative refund, delivered both before and after the order.
func TestSampleStory(t *testing.T) {
	p := New()
	comp := tenPercent(t)
	for _, order := range [][]string{
		{"checkout-session-completed", "charge-refunded"},
		{"charge-refunded", "checkout-session-completed"}, // refund before order
	} {
		var snap *orders.Order
		var refunds []orders.Refund
		for _, name := range order {
			h, body := delivery(t, name, signedAt)
			if err := p.Verify(h, body, testSecret, signedAt); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			ev, err := p.Parse(h, body)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if attribution.ReplacesSnapshot(snap, ev.Order) {
				snap = ev.Order
			}
			refunds = attribution.MergeRefunds(refunds, ev.Refunds...)
		}
		d := attribution.Decide(attribution.Input{Order: snap, Click: sampleClick})
		st, err := attribution.Evaluate(snap, refunds, d, comp)
		if err != nil {
			t.Fatal(err)
		}
		// 26.80 of 53.60 refunded: half of the 45.00 revenue remains.
		if d.Method != attribution.ByClick || st.MembershipID != "m-jordan" || st.Net != usd(2250) || st.Commission != usd(225) {
			t.Errorf("%v: decision %+v state %+v", order, d, st)
		}
	}
}

// BenchmarkWebhookStripe measures one checkout.session.completed event end to end in
// process: signature, parse, attribution, figures, commission and the ledger difference.
func BenchmarkWebhookStripe(b *testing.B) {
	h, body := delivery(b, "checkout-session-completed", signedAt)
	p := New()
	comp := tenPercent(b)
	codes := []attribution.Code{{MembershipID: "m-jordan", Code: "promo_1QwT6yLkdIwHu7ixJordan"}}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := p.Verify(h, body, testSecret, signedAt); err != nil {
			b.Fatal(err)
		}
		ev, err := p.Parse(h, body)
		if err != nil {
			b.Fatal(err)
		}
		d := attribution.Decide(attribution.Input{Order: ev.Order, Codes: codes, Click: sampleClick})
		st, err := attribution.Evaluate(ev.Order, attribution.MergeRefunds(nil, ev.Refunds...), d, comp)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := attribution.Diff(attribution.State{}, st, ev.IdempotencyKey()); err != nil {
			b.Fatal(err)
		}
	}
}
