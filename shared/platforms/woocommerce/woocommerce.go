// Package woocommerce verifies and parses WooCommerce order webhooks.
//
// WooCommerce signs the JSON body with the webhook's secret and sends
// base64(HMAC-SHA256) in X-WC-Webhook-Signature. It never retries a failed delivery and
// its delivery id changes on every attempt, so an order's identity for de-duplication is
// its id and date_modified_gmt. Refunds are not a topic of their own: an order update
// lists them in refunds[] with negative totals that include tax and shipping.
package woocommerce

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms/internal/jsonx"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// Header names WooCommerce sends with every delivery (WC_Webhook::deliver).
const (
	// HeaderSignature carries base64(HMAC-SHA256(webhook secret, raw body)).
	HeaderSignature = "X-WC-Webhook-Signature"
	// HeaderTopic names the topic, such as "order.updated".
	HeaderTopic = "X-WC-Webhook-Topic"
	// HeaderSource is the shop's home URL.
	HeaderSource = "X-WC-Webhook-Source"
	// HeaderWebhookID is the webhook subscription's id in the shop.
	HeaderWebhookID = "X-WC-Webhook-ID"
	// HeaderDeliveryID is new on every attempt, so it cannot de-duplicate.
	HeaderDeliveryID = "X-WC-Webhook-Delivery-ID"
)

// Order meta keys written by WooCommerce's built-in order attribution, read for the
// coupon-leak signal and as a second place to find the click id.
const (
	metaReferrer     = "_wc_order_attribution_referrer"
	metaSessionEntry = "_wc_order_attribution_session_entry"
)

// gmtLayout is WooCommerce's *_gmt date format: UTC without a zone designator.
const gmtLayout = "2006-01-02T15:04:05"

// pingBody is the form body WooCommerce posts, unsigned, when a webhook is saved
// (WC_Webhook::deliver_ping).
var pingBody = regexp.MustCompile(`^webhook_id=[0-9]+$`)

var topicKinds = map[string]orders.Kind{
	"order.created": orders.OrderCreated,
	"order.updated": orders.OrderUpdated,
	"order.deleted": orders.OrderDeleted,
}

// Platform verifies and parses WooCommerce deliveries.
type Platform struct {
	settings webhook.Settings
}

var _ webhook.Platform = (*Platform)(nil)

// New returns the WooCommerce platform; WithClickParam changes the click id's meta key.
func New(opts ...webhook.Option) *Platform {
	return &Platform{settings: webhook.NewSettings(opts...)}
}

// Name returns "woocommerce".
func (p *Platform) Name() orders.Platform { return orders.WooCommerce }

// IsPing reports whether a delivery is WooCommerce's webhook-creation ping: a form body
// webhook_id=N with no signature and no topic.
func IsPing(h webhook.Headers, body []byte) bool {
	return h.Get(HeaderSignature) == "" && h.Get(HeaderTopic) == "" && pingBody.Match(body)
}

// Verify checks X-WC-Webhook-Signature against the raw body in constant time. The
// creation ping is accepted unsigned because WooCommerce sends it that way and refuses to
// save a webhook whose URL does not answer it with 200; nothing from it is stored.
func (p *Platform) Verify(h webhook.Headers, body []byte, secret string, _ time.Time) error {
	if err := webhook.CheckSize(body); err != nil {
		return err
	}
	if IsPing(h, body) {
		return nil
	}
	return webhook.VerifyBase64HMAC(HeaderSignature, h.Get(HeaderSignature), body, secret)
}

// Parse reads a verified delivery.
func (p *Platform) Parse(h webhook.Headers, body []byte) (orders.Event, error) {
	if err := webhook.CheckSize(body); err != nil {
		return orders.Event{}, err
	}
	if IsPing(h, body) {
		return orders.Event{Platform: orders.WooCommerce, Topic: "ping", Kind: orders.Ping, EventID: string(body)}, nil
	}
	topic := h.Get(HeaderTopic)
	if topic == "" {
		return orders.Event{}, webhook.Malformed(HeaderTopic, "missing", nil)
	}
	ev := orders.Event{Platform: orders.WooCommerce, Topic: topic}
	kind, ok := topicKinds[topic]
	if !ok {
		ev.Kind = orders.Ignored
		return ev, nil
	}
	ev.Kind = kind

	if kind == orders.OrderDeleted {
		// A deleted resource's payload is just its id (WC_Webhook::build_payload).
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
		ev.EventID = string(d.ID) + "@deleted"
		return ev, nil
	}

	var o order
	if err := decode(body, &o); err != nil {
		return orders.Event{}, err
	}
	snap, refunds, err := o.toOrder(p.settings.ClickParam)
	if err != nil {
		return orders.Event{}, err
	}
	ev.OrderID = snap.ID
	ev.EventID = snap.ID + "@" + o.DateModifiedGMT
	ev.OccurredAt = snap.UpdatedAt
	ev.Order = snap
	ev.Refunds = refunds
	return ev, nil
}

func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return webhook.Malformed("body", "not a JSON object of the expected shape", err)
	}
	return nil
}

type order struct {
	ID               jsonx.Literal `json:"id"`
	Number           jsonx.Literal `json:"number"`
	Status           string        `json:"status"`
	Currency         string        `json:"currency"`
	PricesIncludeTax bool          `json:"prices_include_tax"`
	DateCreatedGMT   string        `json:"date_created_gmt"`
	DateModifiedGMT  string        `json:"date_modified_gmt"`
	Total            jsonx.Literal `json:"total"`
	Billing          struct {
		Country string `json:"country"`
	} `json:"billing"`
	Shipping struct {
		Country string `json:"country"`
	} `json:"shipping"`
	MetaData  []meta `json:"meta_data"`
	LineItems []struct {
		Total jsonx.Literal `json:"total"`
	} `json:"line_items"`
	CouponLines []struct {
		Code string `json:"code"`
	} `json:"coupon_lines"`
	Refunds []struct {
		ID    jsonx.Literal `json:"id"`
		Total jsonx.Literal `json:"total"`
	} `json:"refunds"`
}

// meta is one order meta entry. Its value may be any JSON (plugins store arrays and
// objects), so it is kept raw and read only when it is a string.
type meta struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

func (m meta) text() string {
	var s string
	if len(m.Value) == 0 || m.Value[0] != '"' || json.Unmarshal(m.Value, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

func (o *order) toOrder(clickParam string) (*orders.Order, []orders.Refund, error) {
	if o.ID == "" {
		return nil, nil, webhook.Malformed("id", "missing", nil)
	}
	created, err := parseGMT("date_created_gmt", o.DateCreatedGMT)
	if err != nil {
		return nil, nil, err
	}
	modified, err := parseGMT("date_modified_gmt", o.DateModifiedGMT)
	if err != nil {
		return nil, nil, err
	}
	cur, err := money.ParseCurrency(o.Currency)
	if err != nil {
		return nil, nil, webhook.Malformed("currency", "not an ISO 4217 code", err)
	}
	if o.Total == "" {
		return nil, nil, webhook.Malformed("total", "missing", nil)
	}
	// WooCommerce writes amounts with the shop's configured number of decimals, which
	// may exceed the currency's; rounding half up to the minor unit is the contract.
	total, err := money.ParseRound(string(o.Total), cur)
	if err != nil {
		return nil, nil, webhook.Malformed("total", "not an amount in "+string(cur), err)
	}
	// Line totals are after discounts and before tax; shipping and fees are other lines.
	revenue := money.Zero(cur)
	for _, li := range o.LineItems {
		a, err := money.ParseRound(string(li.Total), cur)
		if err != nil {
			return nil, nil, webhook.Malformed("line_items.total", "not an amount in "+string(cur), err)
		}
		if revenue, err = revenue.Add(a); err != nil {
			return nil, nil, webhook.Malformed("line_items.total", "sum out of range", err)
		}
	}

	snap := &orders.Order{
		ID:                  string(o.ID),
		Name:                string(o.Number),
		CreatedAt:           created,
		UpdatedAt:           modified,
		Currency:            cur,
		PresentmentCurrency: cur,
		Revenue:             revenue,
		PresentmentRevenue:  revenue,
		Total:               total,
		PresentmentTotal:    total,
		Cancelled:           o.Status == "cancelled",
		PaymentStatus:       o.Status,
		TaxesIncluded:       o.PricesIncludeTax,
		CustomerCountry:     o.Shipping.Country,
	}
	if snap.CustomerCountry == "" {
		snap.CustomerCountry = o.Billing.Country
	}
	for _, c := range o.CouponLines {
		if code := strings.TrimSpace(c.Code); code != "" {
			snap.DiscountCodes = append(snap.DiscountCodes, code)
		}
	}
	for _, m := range o.MetaData {
		switch m.Key {
		case metaReferrer:
			snap.Referrer = m.text()
		case metaSessionEntry:
			snap.LandingSite = m.text()
		}
	}
	snap.ClickID, snap.ClickIDSource = clickID(o.MetaData, snap.LandingSite, clickParam)

	refunds := make([]orders.Refund, 0, len(o.Refunds))
	for _, r := range o.Refunds {
		if r.ID == "" {
			return nil, nil, webhook.Malformed("refunds.id", "missing", nil)
		}
		a, err := money.ParseRound(string(r.Total), cur)
		if err != nil {
			return nil, nil, webhook.Malformed("refunds.total", "not an amount in "+string(cur), err)
		}
		if a.Sign() < 0 {
			a = a.Neg() // listed as a negative total: money leaving the shop
		}
		refunds = append(refunds, orders.Refund{
			ID:      string(r.ID),
			OrderID: snap.ID,
			Rule:    orders.ProRataTotal,
			Amount:  a,
		})
	}
	return snap, refunds, nil
}

// clickID reads the click id from order meta (the key itself, or with WordPress's
// leading underscore for hidden meta), else from the query of the attribution landing
// page.
func clickID(metas []meta, landing, param string) (string, string) {
	for _, m := range metas {
		if m.Key == param || m.Key == "_"+param {
			if v := m.text(); v != "" {
				return v, "meta_data"
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

func parseGMT(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, webhook.Malformed(field, "missing", nil)
	}
	t, err := time.ParseInLocation(gmtLayout, s, time.UTC)
	if err != nil {
		return time.Time{}, webhook.Malformed(field, "not a WooCommerce GMT time", err)
	}
	return t, nil
}
