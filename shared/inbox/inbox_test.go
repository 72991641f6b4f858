package inbox

import (
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

func TestKeepHeaders(t *testing.T) {
	got := KeepHeaders(webhook.HeaderMap{
		"x-shopify-topic": "orders/create", "X-Shopify-Event-Id": "e1", "x-shopify-hmac-sha256": "sig",
		"x-wc-webhook-topic": "order.updated", "x-wc-webhook-signature": "sig", "stripe-signature": "t=1,v1=x",
		"host": "api.example.com", "cookie": "a=b", "content-type": "application/json",
	})
	want := map[string]string{"x-shopify-topic": "orders/create", "x-shopify-event-id": "e1", "x-wc-webhook-topic": "order.updated"}
	if len(got) != len(want) {
		t.Fatalf("kept %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("kept %v, want %v", got, want)
		}
	}
}

func TestParseAgain(t *testing.T) {
	p, _ := platforms.New().Lookup("woocommerce")
	body := []byte(`{"id":5,"status":"processing","currency":"EUR","date_created_gmt":"2026-11-02T10:00:00","date_modified_gmt":"2026-11-02T10:00:01","total":"10.00","line_items":[{"total":"8.00"}]}`)
	h := webhook.HeaderMap{"x-wc-webhook-topic": "order.created"}
	ev, err := p.Parse(h, body)
	if err != nil {
		t.Fatal(err)
	}
	ev.ConnectionID = "c1"
	d := New(ev, "w1", h, body, time.Now(), FromWebhook)
	again, err := d.Parse(p)
	if err != nil || again.IdempotencyKey() != d.Key || again.ConnectionID != "c1" || again.Kind != orders.OrderCreated {
		t.Fatalf("parse again: %+v %v", again, err)
	}
	d.Key = "woocommerce|order.created|5@other"
	if _, err := d.Parse(p); err == nil || !strings.Contains(err.Error(), "parses as") {
		t.Fatalf("a changed key must be an error, got %v", err)
	}
	shopify, _ := platforms.New().Lookup("shopify")
	if _, err := d.Parse(shopify); err == nil {
		t.Fatal("a WooCommerce delivery parsed as Shopify")
	}
}
