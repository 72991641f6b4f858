package woocommerce

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

const testSecret = "wc_webhook_secret_9d8c7b6a"

func sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func delivery(t testing.TB, name, ext string) (webhook.HeaderMap, []byte) {
	body := sampleevents.Read(t, "woocommerce/"+name+ext)
	h := webhook.HeaderMap{}
	for k, v := range sampleevents.Headers(t, "woocommerce/"+name+".headers.json") {
		h[strings.ToLower(k)] = v
	}
	if ext == ".json" {
		h[strings.ToLower(HeaderSignature)] = sign(body, testSecret)
	}
	return h, body
}

func eur(minor int64) money.Amount { return money.New(minor, "EUR") }

func TestVerify(t *testing.T) {
	p := New()
	h, body := delivery(t, "order-created", ".json")
	ph, ping := delivery(t, "ping", ".txt")
	tests := []struct {
		name    string
		headers webhook.HeaderMap
		body    []byte
		secret  string
		want    error
	}{
		{"valid", h, body, testSecret, nil},
		{"tampered body", h, bytes.Replace(body, []byte(`"40.22"`), []byte(`"4.22"`), 1), testSecret, webhook.ErrUnauthorized},
		{"wrong secret", h, body, "another", webhook.ErrUnauthorized},
		{"unsigned order", webhook.HeaderMap{"x-wc-webhook-topic": "order.created"}, body, testSecret, webhook.ErrUnauthorized},
		{"unsigned creation ping", ph, ping, testSecret, nil},
		{"ping body that also claims a topic", webhook.HeaderMap{"x-wc-webhook-topic": "order.created"}, ping, testSecret, webhook.ErrUnauthorized},
		{"ping-like body with trailing data", ph, []byte("webhook_id=12&x=1"), testSecret, webhook.ErrUnauthorized},
		{"oversized", h, make([]byte, webhook.MaxBodyBytes+1), testSecret, webhook.ErrTooLarge},
	}
	for _, tt := range tests {
		err := p.Verify(tt.headers, tt.body, tt.secret, time.Now())
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
			t.Errorf("%s: Verify = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParsePing(t *testing.T) {
	h, body := delivery(t, "ping", ".txt")
	ev, err := New().Parse(h, body)
	if err != nil || ev.Kind != orders.Ping || ev.Kind.Storable() {
		t.Errorf("ping parsed as %+v, %v", ev, err)
	}
}

func TestParseOrderCreated(t *testing.T) {
	h, body := delivery(t, "order-created", ".json")
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	modified := time.Date(2026, 11, 2, 15, 28, 8, 0, time.UTC)
	want := orders.Event{
		Platform:   orders.WooCommerce,
		Topic:      "order.created",
		EventID:    "727@2026-11-02T15:28:08",
		Kind:       orders.OrderCreated,
		OrderID:    "727",
		OccurredAt: modified,
		Order: &orders.Order{
			ID:                  "727",
			Name:                "727",
			CreatedAt:           time.Date(2026, 11, 2, 15, 28, 2, 0, time.UTC),
			UpdatedAt:           modified,
			Currency:            "EUR",
			PresentmentCurrency: "EUR",
			Revenue:             eur(2880), // 10.80 + 18.00: line totals after the coupon, before tax
			PresentmentRevenue:  eur(2880),
			Total:               eur(4022),
			PresentmentTotal:    eur(4022),
			DiscountCodes:       []string{"anna10"},
			ClickID:             "ck_Wc55tQ",
			ClickIDSource:       "meta_data",
			PaymentStatus:       "processing",
			Referrer:            "https://www.instagram.com/",
			LandingSite:         "https://shop.example.com/product/woo-single-1/?htclid=ck_Wc55tQ",
			CustomerCountry:     "FR",
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

func TestParseOrderUpdatedWithRefund(t *testing.T) {
	h, body := delivery(t, "order-updated-refund", ".json")
	ev, err := New().Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != orders.OrderUpdated || ev.EventID != "727@2026-11-06T08:01:44" {
		t.Errorf("kind %s event id %q", ev.Kind, ev.EventID)
	}
	want := []orders.Refund{{ID: "731", OrderID: "727", Rule: orders.ProRataTotal, Amount: eur(1285)}}
	if !reflect.DeepEqual(ev.Refunds, want) {
		t.Errorf("refunds = %+v, want %+v", ev.Refunds, want)
	}
	// The snapshot keeps the order's own figures; the refund is applied by attribution.
	if ev.Order.Revenue != eur(2880) || ev.Order.Total != eur(4022) {
		t.Errorf("revenue %v total %v", ev.Order.Revenue, ev.Order.Total)
	}
	// Another delivery of the same state has the same key; a later state has another.
	ch, cbody := delivery(t, "order-created", ".json")
	created, _ := New().Parse(ch, cbody)
	again, _ := New().Parse(h, body)
	if again.IdempotencyKey() != ev.IdempotencyKey() || created.EventID == ev.EventID {
		t.Errorf("keys: created %q, updated %q, again %q", created.IdempotencyKey(), ev.IdempotencyKey(), again.IdempotencyKey())
	}
}

func TestParseCancelledAndDeleted(t *testing.T) {
	h, body := delivery(t, "order-updated-cancelled", ".json")
	ev, err := New().Parse(h, body)
	if err != nil || !ev.Order.Cancelled || ev.Order.PaymentStatus != "cancelled" {
		t.Errorf("cancelled order parsed as %+v, %v", ev.Order, err)
	}
	h, body = delivery(t, "order-deleted", ".json")
	ev, err = New().Parse(h, body)
	want := orders.Event{Platform: orders.WooCommerce, Topic: "order.deleted", Kind: orders.OrderDeleted, OrderID: "727", EventID: "727@deleted"}
	if err != nil || !reflect.DeepEqual(ev, want) {
		t.Errorf("deleted = %+v, %v; want %+v", ev, err, want)
	}
}

func TestParseTopicsAndClickParam(t *testing.T) {
	_, body := delivery(t, "order-created", ".json")
	for _, topic := range []string{"order.restored", "product.updated", "coupon.created", "action.woocommerce_new_order"} {
		ev, err := New().Parse(webhook.HeaderMap{"x-wc-webhook-topic": topic}, body)
		if err != nil || ev.Kind != orders.Ignored {
			t.Errorf("%s: kind %s, %v; want ignored", topic, ev.Kind, err)
		}
	}
	h := webhook.HeaderMap{"x-wc-webhook-topic": "order.created"}
	// Hidden meta (leading underscore) under a configured name.
	hidden := bytes.Replace(body, []byte(`"key": "htclid"`), []byte(`"key": "_ref"`), 1)
	ev, err := New(webhook.WithClickParam("ref")).Parse(h, hidden)
	if err != nil || ev.Order.ClickID != "ck_Wc55tQ" || ev.Order.ClickIDSource != "meta_data" {
		t.Errorf("hidden meta: %q from %q, %v", ev.Order.ClickID, ev.Order.ClickIDSource, err)
	}
	// Without the meta entry the attribution landing page still carries the click.
	noMeta := bytes.Replace(body, []byte(`"key": "htclid"`), []byte(`"key": "something_else"`), 1)
	ev, err = New().Parse(h, noMeta)
	if err != nil || ev.Order.ClickID != "ck_Wc55tQ" || ev.Order.ClickIDSource != "landing_site" {
		t.Errorf("landing page: %q from %q, %v", ev.Order.ClickID, ev.Order.ClickIDSource, err)
	}
	// A meta value that is not a string is not a click id.
	arrayValue := bytes.Replace(body, []byte(`"value": "ck_Wc55tQ"`), []byte(`"value": ["ck_Wc55tQ"]`), 1)
	ev, err = New().Parse(h, arrayValue)
	if err != nil || ev.Order.ClickIDSource != "landing_site" {
		t.Errorf("array meta value: %q from %q, %v", ev.Order.ClickID, ev.Order.ClickIDSource, err)
	}
}

func TestParseRoundsShopPrecision(t *testing.T) {
	// A shop set to four decimals sends more digits than euro cents have.
	body := []byte(`{"id":9,"status":"processing","currency":"EUR","date_created_gmt":"2026-11-02T10:00:00",
		"date_modified_gmt":"2026-11-02T10:00:00","total":"12.3450","line_items":[{"total":"10.0049"}],
		"refunds":[{"id":10,"total":"-1.2350"}]}`)
	ev, err := New().Parse(webhook.HeaderMap{"x-wc-webhook-topic": "order.updated"}, body)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Order.Total != eur(1235) || ev.Order.Revenue != eur(1000) || ev.Refunds[0].Amount != eur(124) {
		t.Errorf("total %v revenue %v refund %v", ev.Order.Total, ev.Order.Revenue, ev.Refunds[0].Amount)
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	h, body := delivery(t, "order-created", ".json")
	replace := func(old, new string) []byte {
		out := bytes.Replace(body, []byte(old), []byte(new), 1)
		if bytes.Equal(out, body) {
			t.Fatalf("fixture has no %q", old)
		}
		return out
	}
	tests := []struct {
		name    string
		headers webhook.HeaderMap
		body    []byte
	}{
		{"not JSON", h, []byte(`{"id":`)},
		{"no id", h, replace(`"id": 727,`, ``)},
		{"no date_created_gmt", h, replace(`"date_created_gmt": "2026-11-02T15:28:02",`, ``)},
		{"no date_modified_gmt", h, replace(`"date_modified_gmt": "2026-11-02T15:28:08",`, ``)},
		{"date with a zone", h, replace(`"date_created_gmt": "2026-11-02T15:28:02"`, `"date_created_gmt": "2026-11-02T15:28:02Z"`)},
		{"no currency", h, replace(`"currency": "EUR",`, ``)},
		{"no total", h, replace(`"total": "40.22",`, ``)},
		{"total not an amount", h, replace(`"total": "40.22"`, `"total": "forty"`)},
		{"line total not an amount", h, replace(`"total": "10.80"`, `"total": "10,80"`)},
		{"refund without id", h, replace(`"refunds": []`, `"refunds": [{"total": "-1.00"}]`)},
		{"no topic", webhook.HeaderMap{}, body},
		{"deleted without id", webhook.HeaderMap{"x-wc-webhook-topic": "order.deleted"}, []byte(`{}`)},
	}
	for _, tt := range tests {
		_, err := New().Parse(tt.headers, tt.body)
		if webhook.Status(err) != http.StatusBadRequest {
			t.Errorf("%s: status %d for %v", tt.name, webhook.Status(err), err)
		}
	}
	if _, err := New().Parse(h, make([]byte, webhook.MaxBodyBytes+1)); webhook.Status(err) != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %v", err)
	}
}
