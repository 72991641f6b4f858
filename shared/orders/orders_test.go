package orders

import (
	"errors"
	"testing"
)

func TestKindStorable(t *testing.T) {
	for _, k := range []Kind{OrderCreated, OrderUpdated, OrderPaid, OrderCancelled, OrderDeleted, RefundCreated} {
		if !k.Storable() {
			t.Errorf("%s should be stored", k)
		}
	}
	for _, k := range []Kind{Ping, Ignored, ""} {
		if k.Storable() {
			t.Errorf("%q should not be stored", k)
		}
	}
}

func TestIdempotencyKeySeparatesTopics(t *testing.T) {
	create := Event{Platform: Shopify, Topic: "orders/create", EventID: "59d6d79c"}
	paid := Event{Platform: Shopify, Topic: "orders/paid", EventID: "59d6d79c"}
	if create.IdempotencyKey() == paid.IdempotencyKey() {
		t.Fatalf("one merchant action's deliveries to two topics share the key %q", create.IdempotencyKey())
	}
	if got := create.IdempotencyKey(); got != "shopify|orders/create|59d6d79c" {
		t.Errorf("key = %q", got)
	}
}

func TestValidate(t *testing.T) {
	order := &Order{ID: "1"}
	tests := []struct {
		name string
		e    Event
		ok   bool
	}{
		{"created with snapshot", Event{Platform: Shopify, Kind: OrderCreated, EventID: "e", OrderID: "1", Order: order}, true},
		{"refund before order", Event{Platform: Shopify, Kind: RefundCreated, EventID: "e", OrderID: "1", Refunds: []Refund{{ID: "r"}}}, true},
		{"deleted without snapshot", Event{Platform: WooCommerce, Kind: OrderDeleted, EventID: "e", OrderID: "1"}, true},
		{"no platform", Event{Kind: OrderDeleted, EventID: "e", OrderID: "1"}, false},
		{"ping", Event{Platform: WooCommerce, Kind: Ping, EventID: "e", OrderID: "1"}, false},
		{"no event id", Event{Platform: Shopify, Kind: OrderDeleted, OrderID: "1"}, false},
		{"no order id", Event{Platform: Shopify, Kind: OrderDeleted, EventID: "e"}, false},
		{"created without snapshot", Event{Platform: Shopify, Kind: OrderCreated, EventID: "e", OrderID: "1"}, false},
		{"refund without refunds", Event{Platform: Shopify, Kind: RefundCreated, EventID: "e", OrderID: "1"}, false},
		{"snapshot of another order", Event{Platform: Shopify, Kind: OrderUpdated, EventID: "e", OrderID: "2", Order: order}, false},
		{"refund without id", Event{Platform: Shopify, Kind: RefundCreated, EventID: "e", OrderID: "1", Refunds: []Refund{{}}}, false},
	}
	for _, tt := range tests {
		err := tt.e.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error %v does not wrap ErrInvalid", tt.name, err)
		}
	}
}
