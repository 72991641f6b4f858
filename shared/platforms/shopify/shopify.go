// Package shopify verifies and parses Shopify order and refund webhooks.
//
// Shopify signs the raw body with the app's client secret and sends
// base64(HMAC-SHA256) in X-Shopify-Hmac-Sha256. Order topics carry the whole order; the
// refunds/create topic carries one refund object, which can arrive before the order.
package shopify

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms/internal/jsonx"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// Header names Shopify sends with every delivery.
const (
	// HeaderHmac carries base64(HMAC-SHA256(client secret, raw body)).
	HeaderHmac = "X-Shopify-Hmac-Sha256"
	// HeaderTopic names the topic, such as "orders/create".
	HeaderTopic = "X-Shopify-Topic"
	// HeaderEventID is shared by every delivery one merchant action causes.
	HeaderEventID = "X-Shopify-Event-Id"
	// HeaderWebhookID identifies one delivery and stays the same on its retries.
	HeaderWebhookID = "X-Shopify-Webhook-Id"
	// HeaderTriggeredAt is when Shopify triggered the delivery.
	HeaderTriggeredAt = "X-Shopify-Triggered-At"
	// HeaderShopDomain is the store's myshopify.com domain.
	HeaderShopDomain = "X-Shopify-Shop-Domain"
)

// topicKinds maps the topics Hypetrack subscribes to onto event kinds; any other topic
// is acknowledged and ignored.
var topicKinds = map[string]orders.Kind{
	"orders/create":    orders.OrderCreated,
	"orders/updated":   orders.OrderUpdated,
	"orders/paid":      orders.OrderPaid,
	"orders/cancelled": orders.OrderCancelled,
	"orders/delete":    orders.OrderDeleted,
	"refunds/create":   orders.RefundCreated,
}

// Platform verifies and parses Shopify deliveries.
type Platform struct {
	settings webhook.Settings
}

var _ webhook.Platform = (*Platform)(nil)

// New returns the Shopify platform; WithClickParam changes the click id's name.
func New(opts ...webhook.Option) *Platform {
	return &Platform{settings: webhook.NewSettings(opts...)}
}

// Name returns "shopify".
func (p *Platform) Name() orders.Platform { return orders.Shopify }

// Verify checks X-Shopify-Hmac-Sha256 against the raw body in constant time.
func (p *Platform) Verify(h webhook.Headers, body []byte, secret string, _ time.Time) error {
	if err := webhook.CheckSize(body); err != nil {
		return err
	}
	return webhook.VerifyBase64HMAC(HeaderHmac, h.Get(HeaderHmac), body, secret)
}

// Parse reads a verified delivery. The event id is X-Shopify-Event-Id, falling back to
// X-Shopify-Webhook-Id, both stable across Shopify's retries.
func (p *Platform) Parse(h webhook.Headers, body []byte) (orders.Event, error) {
	if err := webhook.CheckSize(body); err != nil {
		return orders.Event{}, err
	}
	topic := h.Get(HeaderTopic)
	if topic == "" {
		return orders.Event{}, webhook.Malformed(HeaderTopic, "missing", nil)
	}
	ev := orders.Event{Platform: orders.Shopify, Topic: topic}
	kind, ok := topicKinds[topic]
	if !ok {
		ev.Kind = orders.Ignored
		return ev, nil
	}
	ev.Kind = kind
	ev.EventID = h.Get(HeaderEventID)
	if ev.EventID == "" {
		ev.EventID = h.Get(HeaderWebhookID)
	}
	if ev.EventID == "" {
		return orders.Event{}, webhook.Malformed(HeaderEventID, "missing, and no "+HeaderWebhookID+" either", nil)
	}
	if at := h.Get(HeaderTriggeredAt); at != "" {
		// Informational only: a malformed value must not cost a delivery.
		if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
			ev.OccurredAt = t.UTC()
		}
	}

	switch kind {
	case orders.RefundCreated:
		var r refund
		if err := decode(body, &r); err != nil {
			return orders.Event{}, err
		}
		ref, err := r.toRefund()
		if err != nil {
			return orders.Event{}, err
		}
		ev.OrderID = ref.OrderID
		ev.Refunds = []orders.Refund{ref}
	case orders.OrderDeleted:
		var d struct {
			ID jsonx.Literal `json:"id"`
		}
		if err := decode(body, &d); err != nil {
			return orders.Event{}, err
		}
		if d.ID == "" {
			return orders.Event{}, webhook.Malformed("id", "missing", nil)
		}
		ev.OrderID = string(d.ID)
	default:
		var o order
		if err := decode(body, &o); err != nil {
			return orders.Event{}, err
		}
		snap, refunds, err := o.toOrder(p.settings.ClickParam)
		if err != nil {
			return orders.Event{}, err
		}
		ev.OrderID = snap.ID
		ev.Order = snap
		ev.Refunds = refunds
	}
	return ev, nil
}

func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return webhook.Malformed("body", "not a JSON object of the expected shape", err)
	}
	return nil
}

// moneySet is a Shopify amount's *_set form: the amount in shop and in presentment money.
type moneySet struct {
	ShopMoney        moneyValue `json:"shop_money"`
	PresentmentMoney moneyValue `json:"presentment_money"`
}

type moneyValue struct {
	Amount       jsonx.Literal `json:"amount"`
	CurrencyCode string        `json:"currency_code"`
}

type address struct {
	CountryCode string `json:"country_code"`
}

type order struct {
	ID                      jsonx.Literal  `json:"id"`
	Name                    string         `json:"name"`
	CreatedAt               string         `json:"created_at"`
	UpdatedAt               string         `json:"updated_at"`
	CancelledAt             *string        `json:"cancelled_at"`
	Currency                string         `json:"currency"`
	PresentmentCurrency     string         `json:"presentment_currency"`
	CurrentSubtotalPrice    jsonx.Literal  `json:"current_subtotal_price"`
	CurrentSubtotalPriceSet *moneySet      `json:"current_subtotal_price_set"`
	TotalPrice              jsonx.Literal  `json:"total_price"`
	TotalPriceSet           *moneySet      `json:"total_price_set"`
	DiscountCodes           []discountCode `json:"discount_codes"`
	LandingSite             *string        `json:"landing_site"`
	ReferringSite           *string        `json:"referring_site"`
	NoteAttributes          []noteAttr     `json:"note_attributes"`
	FinancialStatus         *string        `json:"financial_status"`
	TaxesIncluded           bool           `json:"taxes_included"`
	Test                    bool           `json:"test"`
	ShippingAddress         *address       `json:"shipping_address"`
	BillingAddress          *address       `json:"billing_address"`
	Refunds                 []refund       `json:"refunds"`
}

type discountCode struct {
	Code string `json:"code"`
}

// noteAttr is a cart attribute. Its value is kept raw: storefront scripts write what they
// like, and an odd value must not make a whole order unreadable.
type noteAttr struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

func (a noteAttr) text() string {
	var l jsonx.Literal
	if len(a.Value) == 0 || json.Unmarshal(a.Value, &l) != nil {
		return ""
	}
	return strings.TrimSpace(string(l))
}

type refund struct {
	ID              jsonx.Literal `json:"id"`
	OrderID         jsonx.Literal `json:"order_id"`
	CreatedAt       string        `json:"created_at"`
	RefundLineItems []struct {
		SubtotalSet *moneySet `json:"subtotal_set"`
	} `json:"refund_line_items"`
}

func (o *order) toOrder(clickParam string) (*orders.Order, []orders.Refund, error) {
	if o.ID == "" {
		return nil, nil, webhook.Malformed("id", "missing", nil)
	}
	created, err := parseTime("created_at", o.CreatedAt)
	if err != nil {
		return nil, nil, err
	}
	updated, err := parseTime("updated_at", o.UpdatedAt)
	if err != nil {
		return nil, nil, err
	}
	cur, err := money.ParseCurrency(o.Currency)
	if err != nil {
		return nil, nil, webhook.Malformed("currency", "not an ISO 4217 code", err)
	}
	pcur := cur
	if o.PresentmentCurrency != "" {
		if pcur, err = money.ParseCurrency(o.PresentmentCurrency); err != nil {
			return nil, nil, webhook.Malformed("presentment_currency", "not an ISO 4217 code", err)
		}
	}

	subtotal, psubtotal, err := amounts("current_subtotal_price", o.CurrentSubtotalPrice, o.CurrentSubtotalPriceSet, cur, pcur)
	if err != nil {
		return nil, nil, err
	}
	total, ptotal, err := amounts("total_price", o.TotalPrice, o.TotalPriceSet, cur, pcur)
	if err != nil {
		return nil, nil, err
	}

	refunds := make([]orders.Refund, 0, len(o.Refunds))
	revenue, prevenue := subtotal, psubtotal
	for i := range o.Refunds {
		r := &o.Refunds[i]
		if r.OrderID == "" {
			r.OrderID = o.ID // refunds inside an order snapshot may leave it out
		}
		ref, err := r.toRefund()
		if err != nil {
			return nil, nil, err
		}
		// current_subtotal_price already has this snapshot's refunded lines taken out.
		// Adding them back gives the basis before refunds, from which attribution takes
		// every refund exactly once by id, wherever it learned of it.
		if revenue, err = addIfAny(revenue, ref.LineSubtotal); err != nil {
			return nil, nil, webhook.Malformed("refunds.refund_line_items", "currency differs from the order's", err)
		}
		if prevenue, err = addIfAny(prevenue, r.presentmentLineSubtotal(pcur)); err != nil {
			return nil, nil, webhook.Malformed("refunds.refund_line_items", "presentment currency differs from the order's", err)
		}
		refunds = append(refunds, ref)
	}

	snap := &orders.Order{
		ID:                  string(o.ID),
		Name:                o.Name,
		CreatedAt:           created.UTC(),
		UpdatedAt:           updated.UTC(),
		Currency:            cur,
		PresentmentCurrency: pcur,
		Revenue:             revenue,
		PresentmentRevenue:  prevenue,
		Total:               total,
		PresentmentTotal:    ptotal,
		Cancelled:           o.CancelledAt != nil && *o.CancelledAt != "",
		PaymentStatus:       deref(o.FinancialStatus),
		Test:                o.Test,
		TaxesIncluded:       o.TaxesIncluded,
		Referrer:            deref(o.ReferringSite),
		LandingSite:         deref(o.LandingSite),
	}
	for _, d := range o.DiscountCodes {
		if c := strings.TrimSpace(d.Code); c != "" {
			snap.DiscountCodes = append(snap.DiscountCodes, c)
		}
	}
	snap.ClickID, snap.ClickIDSource = clickID(o.NoteAttributes, snap.LandingSite, clickParam)
	switch {
	case o.ShippingAddress != nil && o.ShippingAddress.CountryCode != "":
		snap.CustomerCountry = o.ShippingAddress.CountryCode
	case o.BillingAddress != nil:
		snap.CustomerCountry = o.BillingAddress.CountryCode
	}
	return snap, refunds, nil
}

// clickID looks in the cart attributes first, because a storefront script writes the
// latest click there, then in the landing page's query, which is the session's first page.
func clickID(attrs []noteAttr, landing, param string) (string, string) {
	for _, a := range attrs {
		if strings.EqualFold(strings.TrimSpace(a.Name), param) {
			if v := a.text(); v != "" {
				return v, "note_attributes"
			}
		}
	}
	if landing != "" {
		if u, err := url.Parse(landing); err == nil {
			if v := strings.TrimSpace(u.Query().Get(param)); v != "" {
				return v, "landing_site"
			}
		}
	}
	return "", ""
}

func (r *refund) toRefund() (orders.Refund, error) {
	if r.ID == "" {
		return orders.Refund{}, webhook.Malformed("refund.id", "missing", nil)
	}
	if r.OrderID == "" {
		return orders.Refund{}, webhook.Malformed("refund.order_id", "missing", nil)
	}
	out := orders.Refund{ID: string(r.ID), OrderID: string(r.OrderID), Rule: orders.ByLineItems}
	if r.CreatedAt != "" {
		t, err := parseTime("refund.created_at", r.CreatedAt)
		if err != nil {
			return orders.Refund{}, err
		}
		out.CreatedAt = t.UTC()
	}
	for _, li := range r.RefundLineItems {
		if li.SubtotalSet == nil {
			return orders.Refund{}, webhook.Malformed("refund_line_items.subtotal_set", "missing", nil)
		}
		cur, err := money.ParseCurrency(li.SubtotalSet.ShopMoney.CurrencyCode)
		if err != nil {
			return orders.Refund{}, webhook.Malformed("refund_line_items.subtotal_set.shop_money.currency_code", "not an ISO 4217 code", err)
		}
		a, err := money.Parse(string(li.SubtotalSet.ShopMoney.Amount), cur)
		if err != nil {
			return orders.Refund{}, webhook.Malformed("refund_line_items.subtotal_set.shop_money.amount", "not an amount", err)
		}
		if out.LineSubtotal, err = addIfAny(out.LineSubtotal, a); err != nil {
			return orders.Refund{}, webhook.Malformed("refund_line_items", "lines in different currencies", err)
		}
	}
	return out, nil
}

// presentmentLineSubtotal sums the refunded lines in the presentment currency; lines in
// another currency are left out rather than failing the delivery over a display figure.
func (r *refund) presentmentLineSubtotal(pcur money.Currency) money.Amount {
	sum := money.Zero(pcur)
	for _, li := range r.RefundLineItems {
		if li.SubtotalSet == nil || !strings.EqualFold(li.SubtotalSet.PresentmentMoney.CurrencyCode, string(pcur)) {
			continue
		}
		if a, err := money.Parse(string(li.SubtotalSet.PresentmentMoney.Amount), pcur); err == nil {
			if s, err := sum.Add(a); err == nil {
				sum = s
			}
		}
	}
	return sum
}

// amounts reads a Shopify amount from its *_set form when present, else from the plain
// shop-currency field, in which case the presentment figure is only known when both
// currencies are the same.
func amounts(field string, plain jsonx.Literal, set *moneySet, cur, pcur money.Currency) (money.Amount, money.Amount, error) {
	if set != nil && set.ShopMoney.Amount != "" {
		shop, err := money.Parse(string(set.ShopMoney.Amount), cur)
		if err != nil {
			return money.Amount{}, money.Amount{}, webhook.Malformed(field+"_set.shop_money.amount", "not an amount in "+string(cur), err)
		}
		if set.PresentmentMoney.Amount == "" {
			// The shop figure is what attribution uses; a missing display figure is no
			// reason to refuse the order.
			if pcur == cur {
				return shop, shop, nil
			}
			return shop, money.Zero(pcur), nil
		}
		pres, err := money.Parse(string(set.PresentmentMoney.Amount), pcur)
		if err != nil {
			return money.Amount{}, money.Amount{}, webhook.Malformed(field+"_set.presentment_money.amount", "not an amount in "+string(pcur), err)
		}
		return shop, pres, nil
	}
	if plain == "" {
		return money.Amount{}, money.Amount{}, webhook.Malformed(field, "missing", nil)
	}
	shop, err := money.Parse(string(plain), cur)
	if err != nil {
		return money.Amount{}, money.Amount{}, webhook.Malformed(field, "not an amount in "+string(cur), err)
	}
	pres := money.Zero(pcur)
	if pcur == cur {
		pres = shop
	}
	return shop, pres, nil
}

// addIfAny adds b to a, treating a zero amount without currency as nothing to add.
func addIfAny(a, b money.Amount) (money.Amount, error) {
	switch {
	case b.Currency == "" && b.Minor == 0:
		return a, nil
	case a.Currency == "" && a.Minor == 0:
		return b, nil
	}
	return a.Add(b)
}

func parseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, webhook.Malformed(field, "missing", nil)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, webhook.Malformed(field, "not an RFC 3339 time", err)
	}
	return t, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
