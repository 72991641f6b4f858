package shopify

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
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

const testSecret = "shpss_test_4f7d1c2b9a0e8f6d"

func sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// delivery loads a sample body and its headers and signs the body with testSecret, the
// way Shopify would deliver it.
func delivery(t testing.TB, name string) (webhook.HeaderMap, []byte) {
	body := sampleevents.Read(t, "shopify/"+name+".json")
	h := webhook.HeaderMap{}
	for k, v := range sampleevents.Headers(t, "shopify/"+name+".headers.json") {
		h[strings.ToLower(k)] = v
	}
	h[strings.ToLower(HeaderHmac)] = sign(body, testSecret)
	return h, body
}

func usd(minor int64) money.Amount { return money.New(minor, "USD") }
func eur(minor int64) money.Amount { return money.New(minor, "EUR") }
func jpy(minor int64) money.Amount { return money.New(minor, "JPY") }

func TestVerify(t *testing.T) {
	p := New()
	h, body := delivery(t, "orders-create")
	tampered := bytes.Replace(body, []byte(`"239.98"`), []byte(`"2399.80"`), 1)
	tests := []struct {
		name    string
		headers webhook.HeaderMap
		body    []byte
		secret  string
		want    error
	}{
		{"valid", h, body, testSecret, nil},
		{"tampered body", h, tampered, testSecret, webhook.ErrUnauthorized},
		{"wrong secret", h, body, "shpss_someone_else", webhook.ErrUnauthorized},
		{"missing signature", webhook.HeaderMap{"x-shopify-topic": "orders/create"}, body, testSecret, webhook.ErrUnauthorized},
		{"signature of another body", webhook.HeaderMap{"x-shopify-hmac-sha256": sign([]byte("{}"), testSecret)}, body, testSecret, webhook.ErrUnauthorized},
		{"oversized", h, make([]byte, webhook.MaxBodyBytes+1), testSecret, webhook.ErrTooLarge},
	}
	for _, tt := range tests {
		err := p.Verify(tt.headers, tt.body, tt.secret, time.Now())
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
			t.Errorf("%s: Verify = %v, want %v", tt.name, err, tt.want)
		}
	}
	// http.Header works as well as API Gateway's map.
	hh := http.Header{}
	hh.Set(HeaderHmac, h.Get(HeaderHmac))
	if err := p.Verify(hh, body, testSecret, time.Now()); err != nil {
		t.Errorf("http.Header: %v", err)
	}
}

func TestParseOrderCreate(t *testing.T) {
	h, body := delivery(t, "orders-create")
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	want := orders.Event{
		Platform:   orders.Shopify,
		Topic:      "orders/create",
		EventID:    "98880550-7158-44d4-b7cd-2c97c8a091b5",
		Kind:       orders.OrderCreated,
		OrderID:    "820982911946154508",
		OccurredAt: time.Date(2026, 11, 2, 15, 15, 5, 120_000_000, time.UTC),
		Order: &orders.Order{
			ID:                  "820982911946154508",
			Name:                "#1001",
			CreatedAt:           time.Date(2026, 11, 2, 15, 15, 0, 0, time.UTC),
			UpdatedAt:           time.Date(2026, 11, 2, 15, 15, 4, 0, time.UTC),
			Currency:            "USD",
			PresentmentCurrency: "EUR",
			Revenue:             usd(23998),
			PresentmentRevenue:  eur(22078),
			Total:               usd(26918),
			PresentmentTotal:    eur(24764),
			DiscountCodes:       []string{"Anna10"},
			ClickID:             "ck_7Hq2mZ",
			ClickIDSource:       "landing_site",
			PaymentStatus:       "paid",
			Referrer:            "https://www.tiktok.com/",
			LandingSite:         "/products/aviator-sunglasses?htclid=ck_7Hq2mZ&utm_source=tiktok",
			CustomerCountry:     "DE",
		},
		Refunds: []orders.Refund{},
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("Parse =\n%+v\n%+v\nwant\n%+v\n%+v", ev, ev.Order, want, want.Order)
	}
	if err := ev.Validate(); err != nil {
		t.Errorf("parsed event does not validate: %v", err)
	}
}

func TestParseOrderUpdatedAfterRefund(t *testing.T) {
	h, body := delivery(t, "orders-updated")
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != orders.OrderUpdated || ev.Order == nil {
		t.Fatalf("kind %s, order %v", ev.Kind, ev.Order)
	}
	// current_subtotal_price is 149.99 after the refund; the basis adds the snapshot's
	// refunded line back so the refund can be taken once, by id.
	if ev.Order.Revenue != usd(23998) || ev.Order.PresentmentRevenue != eur(22078) {
		t.Errorf("revenue %v / %v, want 239.98 USD / 220.78 EUR", ev.Order.Revenue, ev.Order.PresentmentRevenue)
	}
	if ev.Order.PaymentStatus != "partially_refunded" {
		t.Errorf("payment status %q", ev.Order.PaymentStatus)
	}
	wantRefunds := []orders.Refund{{
		ID:           "890088186047892319",
		OrderID:      "820982911946154508",
		CreatedAt:    time.Date(2026, 11, 5, 14, 30, 10, 0, time.UTC),
		Rule:         orders.ByLineItems,
		LineSubtotal: usd(8999),
	}}
	if !reflect.DeepEqual(ev.Refunds, wantRefunds) {
		t.Errorf("refunds = %+v, want %+v", ev.Refunds, wantRefunds)
	}
}

func TestParseRefundCreate(t *testing.T) {
	h, body := delivery(t, "refunds-create")
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	want := orders.Event{
		Platform:   orders.Shopify,
		Topic:      "refunds/create",
		EventID:    "2f1c4e3a-61f0-4d6e-9a47-0b8d5c2e7f19",
		Kind:       orders.RefundCreated,
		OrderID:    "820982911946154508",
		OccurredAt: time.Date(2026, 11, 5, 14, 30, 11, 980_000_000, time.UTC),
		Refunds: []orders.Refund{{
			ID:           "890088186047892319",
			OrderID:      "820982911946154508",
			CreatedAt:    time.Date(2026, 11, 5, 14, 30, 10, 0, time.UTC),
			Rule:         orders.ByLineItems,
			LineSubtotal: usd(8999),
		}},
	}
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("Parse = %+v\nwant %+v", ev, want)
	}
	// The refund reaches refunds/create and orders/updated with one X-Shopify-Event-Id;
	// both deliveries must be stored.
	uh, ubody := delivery(t, "orders-updated")
	upd, err := New().Parse(uh, ubody)
	if err != nil {
		t.Fatal(err)
	}
	if upd.EventID != ev.EventID || upd.IdempotencyKey() == ev.IdempotencyKey() {
		t.Errorf("keys %q and %q: the shared event id must not collapse two topics", upd.IdempotencyKey(), ev.IdempotencyKey())
	}
}

func TestParseCancelledYenOrder(t *testing.T) {
	h, body := delivery(t, "orders-cancelled")
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	o := ev.Order
	if ev.Kind != orders.OrderCancelled || o == nil || !o.Cancelled {
		t.Fatalf("kind %s, order %+v", ev.Kind, o)
	}
	if o.Revenue != jpy(4080) || o.Total != jpy(4680) || !o.TaxesIncluded {
		t.Errorf("revenue %v total %v taxes included %v", o.Revenue, o.Total, o.TaxesIncluded)
	}
	if o.ClickID != "ck_Yk81Pz" || o.ClickIDSource != "note_attributes" {
		t.Errorf("click %q from %q", o.ClickID, o.ClickIDSource)
	}
	if !o.CreatedAt.Equal(time.Date(2026, 11, 2, 12, 40, 0, 0, time.UTC)) || o.CustomerCountry != "JP" {
		t.Errorf("created %v country %q", o.CreatedAt, o.CustomerCountry)
	}
	if !reflect.DeepEqual(o.DiscountCodes, []string{"yuki-15"}) {
		t.Errorf("codes %v", o.DiscountCodes)
	}
}

func TestParseTopics(t *testing.T) {
	_, body := delivery(t, "orders-create")
	tests := []struct {
		topic string
		body  []byte
		want  orders.Kind
	}{
		{"orders/create", body, orders.OrderCreated},
		{"orders/updated", body, orders.OrderUpdated},
		{"orders/paid", body, orders.OrderPaid},
		{"orders/cancelled", body, orders.OrderCancelled},
		{"orders/delete", []byte(`{"id":820982911946154508}`), orders.OrderDeleted},
		{"products/update", []byte(`{"id":1,"title":"T-shirt"}`), orders.Ignored},
		{"app/uninstalled", []byte(`{}`), orders.Ignored},
	}
	for _, tt := range tests {
		h := webhook.HeaderMap{"x-shopify-topic": tt.topic, "x-shopify-event-id": "e1"}
		ev, err := New().Parse(h, tt.body)
		if err != nil {
			t.Errorf("%s: %v", tt.topic, err)
			continue
		}
		if ev.Kind != tt.want || ev.Topic != tt.topic {
			t.Errorf("%s: kind %s, want %s", tt.topic, ev.Kind, tt.want)
		}
		if ev.Kind.Storable() && ev.OrderID != "820982911946154508" {
			t.Errorf("%s: order id %q", tt.topic, ev.OrderID)
		}
	}
}

func TestParseFallsBackToWebhookID(t *testing.T) {
	h, body := delivery(t, "orders-create")
	delete(h, "x-shopify-event-id")
	ev, err := New().Parse(h, body)
	if err != nil || ev.EventID != "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" {
		t.Errorf("event id %q, %v; want the webhook id", ev.EventID, err)
	}
}

func TestParseClickParam(t *testing.T) {
	h, body := delivery(t, "orders-create")
	ref := bytes.Replace(body, []byte("?htclid="), []byte("?ref="), 1)
	ev, err := New(webhook.WithClickParam("ref")).Parse(h, ref)
	if err != nil || ev.Order.ClickID != "ck_7Hq2mZ" {
		t.Errorf("configured param: click %q, %v", ev.Order.ClickID, err)
	}
	ev, err = New().Parse(h, ref)
	if err != nil || ev.Order.ClickID != "" {
		t.Errorf("default param on a ref= link: click %q, %v", ev.Order.ClickID, err)
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	h, body := delivery(t, "orders-create")
	_, refund := delivery(t, "refunds-create")
	replace := func(b []byte, old, new string) []byte {
		out := bytes.Replace(b, []byte(old), []byte(new), 1)
		if bytes.Equal(out, b) {
			t.Fatalf("fixture has no %q", old)
		}
		return out
	}
	refundHeaders := webhook.HeaderMap{"x-shopify-topic": "refunds/create", "x-shopify-event-id": "e"}
	tests := []struct {
		name    string
		headers webhook.HeaderMap
		body    []byte
	}{
		{"not JSON", h, []byte(`{"id": 1,`)},
		{"JSON array", h, []byte(`[]`)},
		{"empty object", h, []byte(`{}`)},
		{"no id", h, replace(body, `"id": 820982911946154508,`, ``)},
		{"id of the wrong type", h, replace(body, `"id": 820982911946154508,`, `"id": true,`)},
		{"no created_at", h, replace(body, `"created_at": "2026-11-02T10:15:00-05:00",`, ``)},
		{"created_at not a time", h, replace(body, `"created_at": "2026-11-02T10:15:00-05:00"`, `"created_at": "yesterday"`)},
		{"unknown currency", h, replace(body, `"currency": "USD"`, `"currency": "XYZ"`)},
		{"subtotal not an amount", h, replace(body, `"amount": "239.98",`, `"amount": "239,98",`)},
		{"subtotal more precise than cents", h, replace(body, `"amount": "239.98",`, `"amount": "239.985",`)},
		{"no topic header", webhook.HeaderMap{"x-shopify-event-id": "e"}, body},
		{"no event id header", webhook.HeaderMap{"x-shopify-topic": "orders/create"}, body},
		{"refund without order_id", refundHeaders, replace(refund, `"order_id": 820982911946154508,`, ``)},
		{"refund line without subtotal_set", refundHeaders, []byte(`{"id":1,"order_id":2,"refund_line_items":[{"subtotal":1.5}]}`)},
		{"delete without id", webhook.HeaderMap{"x-shopify-topic": "orders/delete", "x-shopify-event-id": "e"}, []byte(`{}`)},
		{"oversized", h, make([]byte, webhook.MaxBodyBytes+1)},
	}
	for _, tt := range tests {
		_, err := New().Parse(tt.headers, tt.body)
		switch {
		case err == nil:
			t.Errorf("%s: parsed without error", tt.name)
		case tt.name == "oversized":
			if webhook.Status(err) != http.StatusRequestEntityTooLarge {
				t.Errorf("%s: status %d for %v", tt.name, webhook.Status(err), err)
			}
		case webhook.Status(err) != http.StatusBadRequest:
			t.Errorf("%s: status %d for %v", tt.name, webhook.Status(err), err)
		}
	}
}

func TestParseToleratesOddNoteAttributes(t *testing.T) {
	h, body := delivery(t, "orders-create")
	odd := bytes.Replace(body, []byte(`"note_attributes": []`),
		[]byte(`"note_attributes": [{"name": "gift", "value": true}, {"name": "htclid", "value": {"id": 1}}, {"name": "HTCLID", "value": 4711}]`), 1)
	ev, err := New().Parse(h, odd)
	if err != nil {
		t.Fatalf("odd cart attributes made the order unreadable: %v", err)
	}
	if ev.Order.ClickID != "4711" || ev.Order.ClickIDSource != "note_attributes" {
		t.Errorf("click %q from %q", ev.Order.ClickID, ev.Order.ClickIDSource)
	}
}

func TestParseAmountsWithoutSets(t *testing.T) {
	// Older or trimmed payloads (a subscription's fields filter) may lack the *_set forms
	// or their presentment side.
	body := []byte(`{"id": 7, "created_at": "2026-11-02T10:15:00-05:00", "updated_at": "2026-11-02T10:15:00-05:00",
		"currency": "USD", "presentment_currency": "EUR", "current_subtotal_price": "20.00", "total_price": "25.00",
		"total_price_set": {"shop_money": {"amount": "25.00", "currency_code": "USD"}}}`)
	ev, err := New().Parse(webhook.HeaderMap{"x-shopify-topic": "orders/updated", "x-shopify-event-id": "e"}, body)
	if err != nil {
		t.Fatal(err)
	}
	o := ev.Order
	if o.Revenue != usd(2000) || o.Total != usd(2500) || o.PresentmentRevenue != eur(0) || o.PresentmentTotal != eur(0) {
		t.Errorf("revenue %v/%v total %v/%v", o.Revenue, o.PresentmentRevenue, o.Total, o.PresentmentTotal)
	}
}
