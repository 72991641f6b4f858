// Package stripe verifies and parses Stripe webhook events for Checkout orders.
//
// Stripe signs "<timestamp>.<raw body>" with the endpoint's signing secret and sends
// Stripe-Signature: t=<timestamp>,v1=<hex HMAC-SHA256>[,v1=…]. During a secret roll Stripe
// signs with both the old and the new secret, so any v1 may match. The timestamp is
// checked against a tolerance so that a captured delivery cannot be replayed later.
//
// An order is a Checkout Session; its identity is the session's PaymentIntent, because
// that is what a later charge.refunded (and payment_intent.*) event names.
package stripe

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms/internal/jsonx"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// HeaderSignature is Stripe's signature header.
const HeaderSignature = "Stripe-Signature"

// Event types Hypetrack uses. payment_intent.succeeded marks a manually captured order
// paid and payment_intent.canceled cancels an order whose payment never completed; the
// order itself only comes from Checkout, which carries the subtotal, tax and shipping.
var typeKinds = map[string]orders.Kind{
	"checkout.session.completed":               orders.OrderCreated,
	"checkout.session.async_payment_succeeded": orders.OrderPaid,
	"checkout.session.async_payment_failed":    orders.OrderCancelled,
	"charge.refunded":                          orders.RefundCreated,
	"payment_intent.succeeded":                 orders.OrderPaid,
	"payment_intent.canceled":                  orders.OrderCancelled,
}

// Platform verifies and parses Stripe events.
type Platform struct {
	settings webhook.Settings
}

var _ webhook.Platform = (*Platform)(nil)

// New returns the Stripe platform. WithTolerance changes the signature timestamp
// tolerance (default 300 s), WithClickParam the metadata key of the click id.
func New(opts ...webhook.Option) *Platform {
	return &Platform{settings: webhook.NewSettings(opts...)}
}

// Name returns "stripe".
func (p *Platform) Name() orders.Platform { return orders.Stripe }

// Verify checks Stripe-Signature: some v1 value must equal the hex HMAC-SHA256 of
// "t.body" under secret (compared in constant time), and t must be within the tolerance
// of now in either direction.
func (p *Platform) Verify(h webhook.Headers, body []byte, secret string, now time.Time) error {
	if err := webhook.CheckSize(body); err != nil {
		return err
	}
	header := h.Get(HeaderSignature)
	if header == "" {
		return &webhook.SignatureError{Reason: "missing " + HeaderSignature}
	}
	if secret == "" {
		return &webhook.SignatureError{Reason: "no secret configured for the connection"}
	}
	ts, unix, sigs, err := parseSignatureHeader(header)
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	want := mac.Sum(nil)
	match := false
	for _, s := range sigs {
		got, err := hex.DecodeString(s)
		if err == nil && hmac.Equal(got, want) {
			match = true
		}
	}
	if !match {
		return &webhook.SignatureError{Reason: "no v1 signature matches the body"}
	}
	// Checked after the signature, so that an out-of-tolerance error always describes
	// an authentic but old (or early) delivery.
	signed := time.Unix(unix, 0)
	if d := now.Sub(signed); d > p.settings.Tolerance || -d > p.settings.Tolerance {
		return &webhook.SignatureError{Reason: "timestamp " + ts + " is outside the tolerance of " + p.settings.Tolerance.String()}
	}
	return nil
}

// parseSignatureHeader splits "t=…,v1=…,v1=…,v0=…" into the timestamp as sent, its value,
// and the v1 signatures; other schemes are ignored as Stripe's libraries do.
func parseSignatureHeader(header string) (string, int64, []string, error) {
	var ts string
	var sigs []string
	for _, item := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			if ts != "" {
				return "", 0, nil, &webhook.SignatureError{Reason: "more than one timestamp"}
			}
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	if ts == "" {
		return "", 0, nil, &webhook.SignatureError{Reason: "no timestamp in " + HeaderSignature}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", 0, nil, &webhook.SignatureError{Reason: "timestamp is not a number"}
	}
	if len(sigs) == 0 {
		return "", 0, nil, &webhook.SignatureError{Reason: "no v1 signature in " + HeaderSignature}
	}
	return ts, unix, sigs, nil
}

type event struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Created  int64  `json:"created"`
	Livemode bool   `json:"livemode"`
	Data     struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`
}

// Parse reads a verified event. Its id is Stripe's event id, the same on every retry.
func (p *Platform) Parse(_ webhook.Headers, body []byte) (orders.Event, error) {
	if err := webhook.CheckSize(body); err != nil {
		return orders.Event{}, err
	}
	var e event
	if err := decode("body", body, &e); err != nil {
		return orders.Event{}, err
	}
	switch {
	case e.ID == "":
		return orders.Event{}, webhook.Malformed("id", "missing", nil)
	case e.Type == "":
		return orders.Event{}, webhook.Malformed("type", "missing", nil)
	case e.Created <= 0:
		return orders.Event{}, webhook.Malformed("created", "missing", nil)
	}
	ev := orders.Event{
		Platform:   orders.Stripe,
		Topic:      e.Type,
		EventID:    e.ID,
		OccurredAt: time.Unix(e.Created, 0).UTC(),
	}
	kind, ok := typeKinds[e.Type]
	if !ok {
		ev.Kind = orders.Ignored
		return ev, nil
	}
	ev.Kind = kind
	if len(e.Data.Object) == 0 || string(e.Data.Object) == "null" {
		return orders.Event{}, webhook.Malformed("data.object", "missing", nil)
	}

	switch {
	case strings.HasPrefix(e.Type, "checkout.session."):
		var s session
		if err := decode("data.object", e.Data.Object, &s); err != nil {
			return orders.Event{}, err
		}
		if s.Mode == "setup" {
			ev.Kind = orders.Ignored // saves a payment method; no order, no money
			return ev, nil
		}
		snap, err := s.toOrder(p.settings.ClickParam, ev.OccurredAt)
		if err != nil {
			return orders.Event{}, err
		}
		snap.Test = !e.Livemode
		snap.Cancelled = kind == orders.OrderCancelled
		ev.OrderID = snap.ID
		ev.Order = snap
	case e.Type == "charge.refunded":
		var c charge
		if err := decode("data.object", e.Data.Object, &c); err != nil {
			return orders.Event{}, err
		}
		r, err := c.toRefund(ev.OccurredAt)
		if err != nil {
			return orders.Event{}, err
		}
		ev.OrderID = r.OrderID
		ev.Refunds = []orders.Refund{r}
	default: // payment_intent.*
		var pi struct {
			ID string `json:"id"`
		}
		if err := decode("data.object", e.Data.Object, &pi); err != nil {
			return orders.Event{}, err
		}
		if pi.ID == "" {
			return orders.Event{}, webhook.Malformed("data.object.id", "missing", nil)
		}
		ev.OrderID = pi.ID
	}
	return ev, nil
}

func decode(field string, b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return webhook.Malformed(field, "not a JSON object of the expected shape", err)
	}
	return nil
}

type stripeAddress struct {
	Country string `json:"country"`
}

type session struct {
	ID                string            `json:"id"`
	AmountTotal       *int64            `json:"amount_total"`
	Currency          string            `json:"currency"`
	Created           int64             `json:"created"`
	ClientReferenceID string            `json:"client_reference_id"`
	Metadata          map[string]string `json:"metadata"`
	Mode              string            `json:"mode"`
	PaymentIntent     jsonx.Ref         `json:"payment_intent"`
	PaymentStatus     string            `json:"payment_status"`
	Discounts         []struct {
		Coupon        jsonx.Ref `json:"coupon"`
		PromotionCode jsonx.Ref `json:"promotion_code"`
	} `json:"discounts"`
	TotalDetails *struct {
		AmountShipping int64 `json:"amount_shipping"`
		AmountTax      int64 `json:"amount_tax"`
	} `json:"total_details"`
	CustomerDetails *struct {
		Address *stripeAddress `json:"address"`
	} `json:"customer_details"`
	CollectedInformation *struct {
		ShippingDetails *struct {
			Address *stripeAddress `json:"address"`
		} `json:"shipping_details"`
	} `json:"collected_information"`
	PresentmentDetails *struct {
		PresentmentAmount   int64  `json:"presentment_amount"`
		PresentmentCurrency string `json:"presentment_currency"`
	} `json:"presentment_details"`
}

func (s *session) toOrder(clickParam string, asOf time.Time) (*orders.Order, error) {
	if s.ID == "" {
		return nil, webhook.Malformed("data.object.id", "missing", nil)
	}
	if s.Created <= 0 {
		return nil, webhook.Malformed("data.object.created", "missing", nil)
	}
	if s.AmountTotal == nil {
		return nil, webhook.Malformed("data.object.amount_total", "missing", nil)
	}
	cur, err := money.ParseCurrency(s.Currency)
	if err != nil {
		return nil, webhook.Malformed("data.object.currency", "not an ISO 4217 code", err)
	}
	total, err := amount("data.object.amount_total", *s.AmountTotal, cur)
	if err != nil {
		return nil, err
	}
	// amount_total is after discounts and includes shipping and tax (inclusive taxes are
	// reported in amount_tax too), so taking both out leaves the discounted subtotal.
	net := *s.AmountTotal
	if s.TotalDetails != nil {
		net -= s.TotalDetails.AmountShipping + s.TotalDetails.AmountTax
	}
	if net < 0 {
		net = 0
	}
	revenue, err := amount("data.object.total_details", net, cur)
	if err != nil {
		return nil, err
	}

	o := &orders.Order{
		ID:                  string(s.PaymentIntent),
		Name:                s.ID,
		CreatedAt:           time.Unix(s.Created, 0).UTC(),
		UpdatedAt:           asOf,
		Currency:            cur,
		PresentmentCurrency: cur,
		Revenue:             revenue,
		PresentmentRevenue:  revenue,
		Total:               total,
		PresentmentTotal:    total,
		PaymentStatus:       s.PaymentStatus,
	}
	if o.ID == "" {
		o.ID = s.ID // subscription and unpaid sessions have no PaymentIntent yet
	}
	if pd := s.PresentmentDetails; pd != nil && pd.PresentmentCurrency != "" && !strings.EqualFold(pd.PresentmentCurrency, s.Currency) {
		// Adaptive Pricing: the customer paid in another currency. Stripe states only the
		// total there; the presentment revenue stays zero rather than being converted.
		pcur, err := money.ParseCurrency(pd.PresentmentCurrency)
		if err != nil {
			return nil, webhook.Malformed("data.object.presentment_details.presentment_currency", "not an ISO 4217 code", err)
		}
		ptotal, err := amount("data.object.presentment_details.presentment_amount", pd.PresentmentAmount, pcur)
		if err != nil {
			return nil, err
		}
		o.PresentmentCurrency, o.PresentmentTotal, o.PresentmentRevenue = pcur, ptotal, money.Zero(pcur)
	}
	for _, d := range s.Discounts {
		for _, id := range []jsonx.Ref{d.PromotionCode, d.Coupon} {
			if id != "" {
				o.DiscountCodes = append(o.DiscountCodes, string(id))
			}
		}
	}
	if v := strings.TrimSpace(s.Metadata[clickParam]); v != "" {
		o.ClickID, o.ClickIDSource = v, "metadata"
	} else if v := strings.TrimSpace(s.ClientReferenceID); v != "" {
		// Payment Links copy ?client_reference_id= from the link into the session, which
		// is how the redirect hands the click to Stripe.
		o.ClickID, o.ClickIDSource = v, "client_reference_id"
	}
	switch {
	case s.CollectedInformation != nil && s.CollectedInformation.ShippingDetails != nil &&
		s.CollectedInformation.ShippingDetails.Address != nil && s.CollectedInformation.ShippingDetails.Address.Country != "":
		o.CustomerCountry = s.CollectedInformation.ShippingDetails.Address.Country
	case s.CustomerDetails != nil && s.CustomerDetails.Address != nil:
		o.CustomerCountry = s.CustomerDetails.Address.Country
	}
	return o, nil
}

type charge struct {
	ID             string    `json:"id"`
	Amount         int64     `json:"amount"`
	AmountCaptured int64     `json:"amount_captured"`
	AmountRefunded *int64    `json:"amount_refunded"`
	Currency       string    `json:"currency"`
	PaymentIntent  jsonx.Ref `json:"payment_intent"`
}

func (c *charge) toRefund(asOf time.Time) (orders.Refund, error) {
	if c.ID == "" {
		return orders.Refund{}, webhook.Malformed("data.object.id", "missing", nil)
	}
	if c.AmountRefunded == nil {
		return orders.Refund{}, webhook.Malformed("data.object.amount_refunded", "missing", nil)
	}
	cur, err := money.ParseCurrency(c.Currency)
	if err != nil {
		return orders.Refund{}, webhook.Malformed("data.object.currency", "not an ISO 4217 code", err)
	}
	refunded, err := amount("data.object.amount_refunded", *c.AmountRefunded, cur)
	if err != nil {
		return orders.Refund{}, err
	}
	capturedUnits := c.AmountCaptured
	if capturedUnits == 0 {
		capturedUnits = c.Amount // charges from before amount_captured existed
	}
	captured, err := amount("data.object.amount_captured", capturedUnits, cur)
	if err != nil {
		return orders.Refund{}, err
	}
	orderID := string(c.PaymentIntent)
	if orderID == "" {
		orderID = c.ID
	}
	return orders.Refund{
		ID:        c.ID,
		OrderID:   orderID,
		CreatedAt: asOf,
		Rule:      orders.ProRataCaptured,
		Amount:    refunded,
		Captured:  captured,
	}, nil
}

// Stripe's integer amounts are in the currency's smallest unit as Stripe defines it,
// which differs from ISO 4217 for a few currencies (docs.stripe.com/currencies).
// ISK is zero-decimal in ISO 4217 but Stripe keeps it two-decimal for backwards
// compatibility, so it is not in zeroDecimal; MGA is the reverse.
var stripeExceptions = func() map[money.Currency]int {
	m := map[money.Currency]int{}
	for _, c := range strings.Fields("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF") {
		m[money.Currency(c)] = 0
	}
	for _, c := range strings.Fields("BHD JOD KWD OMR TND") {
		m[money.Currency(c)] = 3
	}
	return m
}()

// stripeDecimals returns how many decimals Stripe's integer amounts have in currency c.
func stripeDecimals(c money.Currency) int {
	if d, ok := stripeExceptions[c]; ok {
		return d
	}
	return 2
}

func amount(field string, units int64, c money.Currency) (money.Amount, error) {
	a, err := money.FromUnits(units, stripeDecimals(c), c)
	if err != nil {
		return money.Amount{}, webhook.Malformed(field, "not an amount in "+string(c), err)
	}
	return a, nil
}
