// Package orders is the one shape every shop platform's order and refund webhooks are
// parsed into. The webhook function stores it, the order processor applies it, and
// attribution reads it; none of them needs to know which platform sent it.
//
// Amounts keep the currencies the platform sent: Revenue and Total are in the shop's
// currency, the Presentment figures in the currency the customer saw. Nothing here
// converts between currencies.
package orders

import (
	"errors"
	"fmt"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
)

// Platform names the shop platform that sent an event; it is also the {platform} path
// segment of the webhook route.
type Platform string

// The platforms Hypetrack takes webhooks from.
const (
	// Shopify is a Shopify store, subscribed through the Admin API.
	Shopify Platform = "shopify"
	// WooCommerce is a WordPress shop running WooCommerce.
	WooCommerce Platform = "woocommerce"
	// Stripe is a Stripe account selling through Checkout or Payment Links.
	Stripe Platform = "stripe"
)

// Kind says what an event reports.
type Kind string

// Event kinds. A kind follows the platform's topic; the state itself (cancelled,
// refunded) is read from the snapshot, because platforms also report a cancellation
// or a refund inside an ordinary update.
const (
	// OrderCreated carries the first snapshot of a new order.
	OrderCreated Kind = "order.created"
	// OrderUpdated carries a later snapshot of an order.
	OrderUpdated Kind = "order.updated"
	// OrderPaid says the order was paid; it carries a snapshot when the platform sends one.
	OrderPaid Kind = "order.paid"
	// OrderCancelled says the order was cancelled or its payment failed for good.
	OrderCancelled Kind = "order.cancelled"
	// OrderDeleted says the shop deleted the order; only its id is known.
	OrderDeleted Kind = "order.deleted"
	// RefundCreated carries one or more refunds of an order, possibly before the order
	// itself has arrived.
	RefundCreated Kind = "refund.created"
	// Ping is WooCommerce's unsigned check when a webhook is created: answer 200, store
	// nothing.
	Ping Kind = "ping"
	// Ignored is a topic Hypetrack does not use: answer 200, store nothing, so the
	// platform does not count it as a failure.
	Ignored Kind = "ignored"
)

// Storable reports whether events of this kind go to the inbox. Pings and ignored topics
// are acknowledged without a write.
func (k Kind) Storable() bool {
	switch k {
	case OrderCreated, OrderUpdated, OrderPaid, OrderCancelled, OrderDeleted, RefundCreated:
		return true
	}
	return false
}

// Event is one verified webhook delivery in platform-neutral form.
type Event struct {
	// Platform sent the event.
	Platform Platform
	// ConnectionID is the shop connection the delivery was addressed to. Parsers cannot
	// know it; the webhook handler sets it from the {connection} path segment.
	ConnectionID string
	// Topic is the platform's own topic or event type, as sent ("orders/create",
	// "order.updated", "charge.refunded").
	Topic string
	// EventID is the platform's identity for this change, the same on every redelivery:
	// Shopify X-Shopify-Event-Id (X-Shopify-Webhook-Id when absent), Stripe event.id,
	// WooCommerce order id and date_modified_gmt (its delivery id changes per attempt).
	EventID string
	// Kind says what the event reports.
	Kind Kind
	// OrderID is the platform's order identity: Shopify and WooCommerce order ids, the
	// Stripe PaymentIntent id (Checkout Session id when there is none), which is what a
	// later Stripe refund names.
	OrderID string
	// OccurredAt is when the platform says the change happened (zero when it does not say).
	OccurredAt time.Time
	// Order is the order as of this event, when the event carries a full snapshot.
	Order *Order
	// Refunds are the refunds this event reports: the one refund of a refund event, or
	// every refund a snapshot lists. Each counts once by ID.
	Refunds []Refund
}

// IdempotencyKey identifies the change this event reports within its connection; the
// inbox writes an event only if no event with the same key exists. The topic is part of
// the key because Shopify's X-Shopify-Event-Id is shared by every delivery one merchant
// action causes, orders/create and orders/paid alike.
func (e Event) IdempotencyKey() string {
	return string(e.Platform) + "|" + e.Topic + "|" + e.EventID
}

// ErrInvalid is wrapped by Validate's errors.
var ErrInvalid = errors.New("invalid order event")

// Validate checks that an event read back from storage has what the processor needs.
func (e Event) Validate() error {
	switch {
	case e.Platform == "":
		return fmt.Errorf("%w: no platform", ErrInvalid)
	case !e.Kind.Storable():
		return fmt.Errorf("%w: kind %q is not processed", ErrInvalid, e.Kind)
	case e.EventID == "":
		return fmt.Errorf("%w: no event id", ErrInvalid)
	case e.OrderID == "":
		return fmt.Errorf("%w: no order id", ErrInvalid)
	case e.Kind == OrderCreated && e.Order == nil:
		return fmt.Errorf("%w: %s without an order snapshot", ErrInvalid, e.Kind)
	case e.Kind == RefundCreated && len(e.Refunds) == 0:
		return fmt.Errorf("%w: refund event without refunds", ErrInvalid)
	}
	if e.Order != nil && e.Order.ID != e.OrderID {
		return fmt.Errorf("%w: snapshot of order %q in an event for order %q", ErrInvalid, e.Order.ID, e.OrderID)
	}
	for _, r := range e.Refunds {
		if r.ID == "" {
			return fmt.Errorf("%w: refund without id", ErrInvalid)
		}
	}
	return nil
}

// Order is an order snapshot.
type Order struct {
	// ID is the platform's order id.
	ID string
	// Name is the human order number the shop shows ("#1001", "727"), for the ledger.
	Name string
	// CreatedAt is when the platform says the order was created; the click attribution
	// window is measured to it, never to when Hypetrack received the order.
	CreatedAt time.Time
	// UpdatedAt is when the platform says this snapshot was taken; an older snapshot
	// never replaces a newer one.
	UpdatedAt time.Time
	// Currency is the shop's currency, the one Revenue and Total are in.
	Currency money.Currency
	// PresentmentCurrency is the currency the customer paid in.
	PresentmentCurrency money.Currency
	// Revenue is the attributed-revenue basis before refunds: the subtotal after
	// discounts, excluding shipping and tax, in the shop currency.
	Revenue money.Amount
	// PresentmentRevenue is Revenue in the presentment currency as the platform states it;
	// zero when the platform states only the total there (Stripe Adaptive Pricing).
	PresentmentRevenue money.Amount
	// Total is the order total including shipping and tax, before refunds; WooCommerce
	// refunds are pro-rated against it.
	Total money.Amount
	// PresentmentTotal is Total in the presentment currency.
	PresentmentTotal money.Amount
	// DiscountCodes are the codes applied to the order, as the customer typed them. For
	// Stripe they are the promotion code and coupon ids the Checkout Session names.
	DiscountCodes []string
	// ClickID is the tracking-link click id the order carries, empty when none.
	ClickID string
	// ClickIDSource says where ClickID was found ("note_attributes", "landing_site",
	// "meta_data", "metadata", "client_reference_id").
	ClickIDSource string
	// Cancelled is set when the platform reports the order cancelled (Shopify
	// cancelled_at, WooCommerce status cancelled, a failed Stripe payment).
	Cancelled bool
	// PaymentStatus is the platform's payment state as sent (Shopify financial_status,
	// WooCommerce status, Stripe payment_status), for display.
	PaymentStatus string
	// Test is set for the platforms' test orders.
	Test bool
	// TaxesIncluded is set when the shop's prices include tax (Shopify taxes_included,
	// WooCommerce prices_include_tax); Shopify's subtotal then includes tax.
	TaxesIncluded bool
	// Referrer is the site the customer came from, when the platform records it.
	Referrer string
	// LandingSite is the first page of the customer's visit, when the platform records it.
	LandingSite string
	// CustomerCountry is the ISO 3166-1 alpha-2 country of the shipping address, else the
	// billing address; empty when unknown.
	CustomerCountry string
}

// RefundRule says how a refund reduces attributed revenue; each platform reports refunds
// differently.
type RefundRule string

// Refund rules.
const (
	// ByLineItems reduces revenue by the refunded line items' subtotal (Shopify, whose
	// refund lines carry exactly what leaves current_subtotal_price). Shipping and tax
	// refunds do not touch revenue.
	ByLineItems RefundRule = "line_items"
	// ProRataTotal reduces revenue by Amount × revenue / order total, because the refund
	// total includes tax and shipping (WooCommerce).
	ProRataTotal RefundRule = "pro_rata_total"
	// ProRataCaptured treats Amount as the charge's cumulative refunded amount: all of it
	// removes the revenue, part of it reduces revenue pro rata to Captured (Stripe).
	ProRataCaptured RefundRule = "pro_rata_captured"
)

// Refund is one refund of an order.
type Refund struct {
	// ID is the platform's refund id (for Stripe, the refunded charge's id, since
	// charge.refunded reports a running total per charge).
	ID string
	// OrderID is the refunded order.
	OrderID string
	// CreatedAt is when the platform says the refund happened; for Stripe, when the
	// running total was reported. Zero when the platform does not say (WooCommerce
	// snapshots).
	CreatedAt time.Time
	// Rule says how the refund reduces revenue.
	Rule RefundRule
	// Amount is the money returned to the customer, tax and shipping included, for the
	// pro-rata rules; zero for ByLineItems.
	Amount money.Amount
	// LineSubtotal is the refunded line items' subtotal for ByLineItems.
	LineSubtotal money.Amount
	// Captured is the charge's captured amount for ProRataCaptured.
	Captured money.Amount
}
