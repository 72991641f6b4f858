package stripe

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

const (
	testSecret = "whsec_test_5b2f9c1d7e3a"
	oldSecret  = "whsec_test_previous_0a9b8c"
)

// signedAt is when the sample checkout.session.completed was sent.
var signedAt = time.Unix(1793632505, 0)

func v1(body []byte, ts int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.", ts)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func delivery(t testing.TB, name string, at time.Time) (webhook.HeaderMap, []byte) {
	body := sampleevents.Read(t, "stripe/"+name+".json")
	h := webhook.HeaderMap{}
	for k, v := range sampleevents.Headers(t, "stripe/"+name+".headers.json") {
		h[strings.ToLower(k)] = v
	}
	h["stripe-signature"] = fmt.Sprintf("t=%d,v1=%s", at.Unix(), v1(body, at.Unix(), testSecret))
	return h, body
}

func usd(minor int64) money.Amount { return money.New(minor, "USD") }

// replace swaps the first occurrence of old in a sample body, failing the test when the
// sample has no such text (so that a variant can never silently equal the original).
func replace(t testing.TB, b []byte, old, new string) []byte {
	t.Helper()
	out := bytes.Replace(b, []byte(old), []byte(new), 1)
	if bytes.Equal(out, b) {
		t.Fatalf("sample has no %q", old)
	}
	return out
}

func TestVerify(t *testing.T) {
	h, body := delivery(t, "checkout-session-completed", signedAt)
	ts := signedAt.Unix()
	sig := func(header string) webhook.HeaderMap { return webhook.HeaderMap{"stripe-signature": header} }
	rotated := fmt.Sprintf("t=%d,v1=%s,v1=%s", ts, v1(body, ts, oldSecret), v1(body, ts, testSecret))
	tests := []struct {
		name    string
		headers webhook.HeaderMap
		body    []byte
		secret  string
		now     time.Time
		want    error
	}{
		{"valid", h, body, testSecret, signedAt.Add(2 * time.Second), nil},
		{"valid at the edge of the tolerance", h, body, testSecret, signedAt.Add(300 * time.Second), nil},
		{"stale timestamp", h, body, testSecret, signedAt.Add(301 * time.Second), webhook.ErrUnauthorized},
		{"timestamp from the future", h, body, testSecret, signedAt.Add(-301 * time.Second), webhook.ErrUnauthorized},
		{"tampered body", h, bytes.Replace(body, []byte(`"amount_total": 5360`), []byte(`"amount_total": 53600`), 1), testSecret, signedAt, webhook.ErrUnauthorized},
		{"wrong secret", h, body, "whsec_other", signedAt, webhook.ErrUnauthorized},
		{"rotation: new secret matches the second v1", sig(rotated), body, testSecret, signedAt, nil},
		{"rotation: old secret matches the first v1", sig(rotated), body, oldSecret, signedAt, nil},
		{"timestamp swapped for a fresh one", sig(fmt.Sprintf("t=%d,v1=%s", ts+60, v1(body, ts, testSecret))), body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"only a v0 test signature", sig(fmt.Sprintf("t=%d,v0=%s", ts, v1(body, ts, testSecret))), body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"no timestamp", sig("v1=" + v1(body, ts, testSecret)), body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"two timestamps", sig(fmt.Sprintf("t=%d,t=%d,v1=%s", ts, ts, v1(body, ts, testSecret))), body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"timestamp not a number", sig("t=soon,v1=" + v1(body, ts, testSecret)), body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"v1 not hex", sig(fmt.Sprintf("t=%d,v1=zz", ts)), body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"missing header", webhook.HeaderMap{}, body, testSecret, signedAt, webhook.ErrUnauthorized},
		{"no secret configured", h, body, "", signedAt, webhook.ErrUnauthorized},
		{"oversized", h, make([]byte, webhook.MaxBodyBytes+1), testSecret, signedAt, webhook.ErrTooLarge},
	}
	for _, tt := range tests {
		err := New().Verify(tt.headers, tt.body, tt.secret, tt.now)
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
			t.Errorf("%s: Verify = %v, want %v", tt.name, err, tt.want)
		}
	}
	// A longer tolerance accepts what the default refuses.
	if err := New(webhook.WithTolerance(10*time.Minute)).Verify(h, body, testSecret, signedAt.Add(9*time.Minute)); err != nil {
		t.Errorf("10 min tolerance: %v", err)
	}
}

func TestParseCheckoutSessionCompleted(t *testing.T) {
	h, body := delivery(t, "checkout-session-completed", signedAt)
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	want := orders.Event{
		Platform:   orders.Stripe,
		Topic:      "checkout.session.completed",
		EventID:    "evt_1QwT8sLkdIwHu7ixCsCompleted",
		Kind:       orders.OrderCreated,
		OrderID:    "pi_3QwT8qLkdIwHu7ix1a2b3c4d",
		OccurredAt: time.Date(2026, 11, 2, 15, 15, 5, 0, time.UTC),
		Order: &orders.Order{
			ID:                  "pi_3QwT8qLkdIwHu7ix1a2b3c4d",
			Name:                "cs_test_a1QFLXZqOWxmolFgTrTbRywllLMKKCXtFVqWqlmjYNvd5A3sF4UztRNdAA",
			CreatedAt:           time.Date(2026, 11, 2, 15, 10, 0, 0, time.UTC),
			UpdatedAt:           time.Date(2026, 11, 2, 15, 15, 5, 0, time.UTC),
			Currency:            "USD",
			PresentmentCurrency: "USD",
			Revenue:             usd(4500), // 53.60 total - 5.00 shipping - 3.60 tax
			PresentmentRevenue:  usd(4500),
			Total:               usd(5360),
			PresentmentTotal:    usd(5360),
			DiscountCodes:       []string{"promo_1QwT6yLkdIwHu7ixJordan"},
			ClickID:             "ck_St9Lm2",
			ClickIDSource:       "client_reference_id",
			PaymentStatus:       "paid",
			Test:                true,
			CustomerCountry:     "US",
		},
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("Parse =\n%+v\n%+v\nwant\n%+v\n%+v", ev, ev.Order, want, want.Order)
	}
	if err := ev.Validate(); err != nil {
		t.Errorf("parsed event does not validate: %v", err)
	}
}

func TestParseChargeRefunded(t *testing.T) {
	at := time.Unix(1793889012, 0)
	h, body := delivery(t, "charge-refunded", at)
	if err := New().Verify(h, body, testSecret, at.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	want := orders.Event{
		Platform:   orders.Stripe,
		Topic:      "charge.refunded",
		EventID:    "evt_3QwT8qLkdIwHu7ix0ChRefund",
		Kind:       orders.RefundCreated,
		OrderID:    "pi_3QwT8qLkdIwHu7ix1a2b3c4d",
		OccurredAt: at.UTC(),
		Refunds: []orders.Refund{{
			ID:        "ch_3QwT8qLkdIwHu7ix0Refund1",
			OrderID:   "pi_3QwT8qLkdIwHu7ix1a2b3c4d",
			CreatedAt: at.UTC(),
			Rule:      orders.ProRataCaptured,
			Amount:    usd(2680),
			Captured:  usd(5360),
		}},
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("Parse = %+v\nwant %+v", ev, want)
	}
}

func TestParseEventTypes(t *testing.T) {
	_, session := delivery(t, "checkout-session-completed", signedAt)
	_, canceled := delivery(t, "payment-intent-canceled", signedAt)
	retype := func(b []byte, from, to string) []byte {
		return replace(t, b, `"type": "`+from+`"`, `"type": "`+to+`"`)
	}
	tests := []struct {
		name      string
		body      []byte
		kind      orders.Kind
		snapshot  bool
		cancelled bool
	}{
		{"async payment succeeded", retype(session, "checkout.session.completed", "checkout.session.async_payment_succeeded"), orders.OrderPaid, true, false},
		{"async payment failed", retype(session, "checkout.session.completed", "checkout.session.async_payment_failed"), orders.OrderCancelled, true, true},
		{"session expired", retype(session, "checkout.session.completed", "checkout.session.expired"), orders.Ignored, false, false},
		{"setup session", replace(t, session, `"mode": "payment"`, `"mode": "setup"`), orders.Ignored, false, false},
		{"payment intent canceled", canceled, orders.OrderCancelled, false, false},
		{"payment intent succeeded", retype(canceled, "payment_intent.canceled", "payment_intent.succeeded"), orders.OrderPaid, false, false},
		{"unrelated type", retype(canceled, "payment_intent.canceled", "customer.created"), orders.Ignored, false, false},
	}
	for _, tt := range tests {
		ev, err := New().Parse(nil, tt.body)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if ev.Kind != tt.kind || (ev.Order != nil) != tt.snapshot {
			t.Errorf("%s: kind %s snapshot %v", tt.name, ev.Kind, ev.Order != nil)
			continue
		}
		if tt.snapshot && ev.Order.Cancelled != tt.cancelled {
			t.Errorf("%s: cancelled %v", tt.name, ev.Order.Cancelled)
		}
		if ev.Kind.Storable() && ev.OrderID != "pi_3QwT8qLkdIwHu7ix1a2b3c4d" {
			t.Errorf("%s: order id %q", tt.name, ev.OrderID)
		}
	}
}

func TestParseClickIDAndCurrencies(t *testing.T) {
	_, session := delivery(t, "checkout-session-completed", signedAt)
	withMeta := replace(t, session, `"cart_id": "cart_8842"`, `"cart_id": "cart_8842", "htclid": "ck_Meta01"`)
	ev, err := New().Parse(nil, withMeta)
	if err != nil || ev.Order.ClickID != "ck_Meta01" || ev.Order.ClickIDSource != "metadata" {
		t.Errorf("metadata click: %q from %q, %v", ev.Order.ClickID, ev.Order.ClickIDSource, err)
	}
	noPI := replace(t, session, `"payment_intent": "pi_3QwT8qLkdIwHu7ix1a2b3c4d"`, `"payment_intent": null`)
	ev, err = New().Parse(nil, noPI)
	if err != nil || !strings.HasPrefix(ev.OrderID, "cs_test_") {
		t.Errorf("no PaymentIntent: order id %q, %v", ev.OrderID, err)
	}

	tests := []struct {
		currency string
		total    int64
		want     money.Amount
	}{
		{"jpy", 4680, money.New(4680, "JPY")},
		{"kwd", 12340, money.New(12340, "KWD")},
		{"isk", 500000, money.New(5000, "ISK")}, // Stripe's ISK is two-decimal
		{"mga", 15000, money.New(1500000, "MGA")},
		{"eur", 1234, money.New(1234, "EUR")},
	}
	for _, tt := range tests {
		b := replace(t, session, `"currency": "usd"`, `"currency": "`+tt.currency+`"`)
		b = replace(t, b, `"amount_total": 5360`, fmt.Sprintf(`"amount_total": %d`, tt.total))
		b = replace(t, b, `"amount_shipping": 500`, `"amount_shipping": 0`)
		b = replace(t, b, `"amount_tax": 360`, `"amount_tax": 0`)
		ev, err := New().Parse(nil, b)
		if err != nil {
			t.Errorf("%s: %v", tt.currency, err)
			continue
		}
		if ev.Order.Total != tt.want || ev.Order.Revenue != tt.want {
			t.Errorf("%s: total %v revenue %v, want %v", tt.currency, ev.Order.Total, ev.Order.Revenue, tt.want)
		}
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	_, session := delivery(t, "checkout-session-completed", signedAt)
	_, refund := delivery(t, "charge-refunded", signedAt)
	tests := []struct {
		name string
		body []byte
	}{
		{"not JSON", []byte(`{"id":`)},
		{"no event id", replace(t, session, `"id": "evt_1QwT8sLkdIwHu7ixCsCompleted",`, ``)},
		{"no type", replace(t, session, `"type": "checkout.session.completed"`, `"type": ""`)},
		{"no created", replace(t, session, `"created": 1793632505,`, ``)},
		{"null data.object", []byte(`{"id":"evt_1","type":"charge.refunded","created":1,"data":{"object":null}}`)},
		{"session without amount_total", replace(t, session, `"amount_total": 5360,`, ``)},
		{"session with an unknown currency", replace(t, session, `"currency": "usd"`, `"currency": "abc"`)},
		{"session amount not a number", replace(t, session, `"amount_total": 5360`, `"amount_total": "5360"`)},
		{"ISK amount with a fraction of a krona", replace(t, replace(t, session, `"currency": "usd"`, `"currency": "isk"`), `"amount_total": 5360`, `"amount_total": 5361`)},
		{"charge without amount_refunded", replace(t, refund, `"amount_refunded": 2680,`, ``)},
		{"charge without id", replace(t, refund, `"id": "ch_3QwT8qLkdIwHu7ix0Refund1",`, ``)},
		{"payment intent without id", []byte(`{"id":"evt_1","type":"payment_intent.canceled","created":1,"data":{"object":{"object":"payment_intent"}}}`)},
	}
	for _, tt := range tests {
		_, err := New().Parse(nil, tt.body)
		if webhook.Status(err) != http.StatusBadRequest {
			t.Errorf("%s: status %d for %v", tt.name, webhook.Status(err), err)
		}
	}
	if _, err := New().Parse(nil, make([]byte, webhook.MaxBodyBytes+1)); webhook.Status(err) != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %v", err)
	}
}
