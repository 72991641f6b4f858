package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/connections"
)

// Found is one order or event as the platform's API returned it, dressed as the webhook
// that should have delivered it: the platform's parser reads it like any delivery.
type Found struct {
	// Headers are the headers the parser reads (topic, event id), by lower-case name.
	Headers map[string]string
	// Body is the order or event object exactly as the API returned it.
	Body []byte
}

// Source fetches a connection's orders or events changed at or after since.
type Source interface {
	Fetch(ctx context.Context, c connections.Connection, creds connections.Credentials, since time.Time) ([]Found, error)
}

// ErrRejected means the platform refused the connection's credentials.
var ErrRejected = errors.New("reconcile: the platform refused the credentials")

// maxPages bounds one run's pages per connection; what is left is fetched next hour.
const maxPages = 40

// ShopifyAPIVersion is the Admin API version the orders are read with, the same the
// webhooks are subscribed with, so that both have one shape.
const ShopifyAPIVersion = "2026-07"

// Shopify reads the Admin REST API's orders (GET /admin/api/<version>/orders.json with
// updated_at_min and status=any), following the Link header's rel="next" page.
type Shopify struct {
	HTTP *http.Client
	// BaseURL replaces https://<shop> (tests).
	BaseURL string
}

// Fetch lists the shop's orders updated at or after since.
func (s *Shopify) Fetch(ctx context.Context, c connections.Connection, creds connections.Credentials, since time.Time) ([]Found, error) {
	base := s.BaseURL
	if base == "" {
		base = "https://" + c.Shop
	}
	q := url.Values{"status": {"any"}, "limit": {"250"}, "updated_at_min": {since.UTC().Format(time.RFC3339)}}
	next := base + "/admin/api/" + ShopifyAPIVersion + "/orders.json?" + q.Encode()
	var out []Found
	for page := 0; next != "" && page < maxPages; page++ {
		var body struct {
			Orders []json.RawMessage `json:"orders"`
		}
		res, err := get(ctx, s.HTTP, next, func(r *http.Request) { r.Header.Set("X-Shopify-Access-Token", creds.AdminToken) }, &body)
		if err != nil {
			return out, err
		}
		for _, raw := range body.Orders {
			var o struct {
				ID        json.Number `json:"id"`
				UpdatedAt string      `json:"updated_at"`
			}
			if err := json.Unmarshal(raw, &o); err != nil || o.ID == "" {
				continue
			}
			// The event id names this snapshot; a webhook of the same change has another
			// id, and the order record's updated_at keeps the two from counting twice.
			out = append(out, Found{Body: raw, Headers: map[string]string{
				"x-shopify-topic":       "orders/updated",
				"x-shopify-event-id":    "reconcile-" + o.ID.String() + "-" + o.UpdatedAt,
				"x-shopify-shop-domain": c.Shop,
			}})
		}
		next = nextLink(res.Header.Get("Link"))
	}
	return out, nil
}

var linkNext = regexp.MustCompile(`<([^>]+)>;\s*rel="next"`)

// nextLink returns the rel="next" URL of a Link header, or "".
func nextLink(h string) string {
	if m := linkNext.FindStringSubmatch(h); m != nil {
		return m[1]
	}
	return ""
}

// WooCommerce reads the REST API v3's orders (GET /wp-json/wc/v3/orders with
// modified_after in GMT), page by page up to X-WP-TotalPages, with HTTP Basic
// authentication by consumer key and secret.
type WooCommerce struct {
	HTTP *http.Client
	// BaseURL replaces the connection's site address (tests).
	BaseURL string
}

// Fetch lists the site's orders modified at or after since.
func (w *WooCommerce) Fetch(ctx context.Context, c connections.Connection, creds connections.Credentials, since time.Time) ([]Found, error) {
	base := w.BaseURL
	if base == "" {
		base = strings.TrimRight(c.Shop, "/")
	}
	var out []Found
	for page := 1; page <= maxPages; page++ {
		q := url.Values{"modified_after": {since.UTC().Format("2006-01-02T15:04:05")}, "dates_are_gmt": {"true"},
			"per_page": {"100"}, "page": {strconv.Itoa(page)}, "orderby": {"modified"}, "order": {"asc"}}
		var orders []json.RawMessage
		res, err := get(ctx, w.HTTP, base+"/wp-json/wc/v3/orders?"+q.Encode(), func(r *http.Request) {
			r.SetBasicAuth(creds.ConsumerKey, creds.ConsumerSecret)
		}, &orders)
		if err != nil {
			return out, err
		}
		for _, raw := range orders {
			out = append(out, Found{Body: raw, Headers: map[string]string{
				"x-wc-webhook-topic": "order.updated", "x-wc-webhook-source": c.Shop + "/",
			}})
		}
		total, _ := strconv.Atoi(res.Header.Get("X-WP-TotalPages"))
		if len(orders) == 0 || page >= total {
			break
		}
	}
	return out, nil
}

// StripeEventTypes are the events reconciliation lists: the ones the webhook takes.
var StripeEventTypes = []string{
	"checkout.session.completed", "checkout.session.async_payment_succeeded",
	"checkout.session.async_payment_failed", "charge.refunded", "payment_intent.canceled",
}

// Stripe reads the events API (GET /v1/events with types[] and created[gte]), which
// returns the same event objects the webhook would have delivered, newest first, paged
// with starting_after while has_more.
type Stripe struct {
	HTTP *http.Client
	// BaseURL replaces https://api.stripe.com (tests).
	BaseURL string
}

// Fetch lists the account's events created at or after since.
func (s *Stripe) Fetch(ctx context.Context, c connections.Connection, creds connections.Credentials, since time.Time) ([]Found, error) {
	base := s.BaseURL
	if base == "" {
		base = "https://api.stripe.com"
	}
	var out []Found
	after := ""
	for page := 0; page < maxPages; page++ {
		q := url.Values{"created[gte]": {strconv.FormatInt(since.Unix(), 10)}, "limit": {"100"}, "types[]": StripeEventTypes}
		if after != "" {
			q.Set("starting_after", after)
		}
		var list struct {
			Data    []json.RawMessage `json:"data"`
			HasMore bool              `json:"has_more"`
		}
		if _, err := get(ctx, s.HTTP, base+"/v1/events?"+q.Encode(), func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+creds.APIKey)
			if c.Shop != "" {
				r.Header.Set("Stripe-Account", c.Shop)
			}
		}, &list); err != nil {
			return out, err
		}
		for _, raw := range list.Data {
			var ev struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(raw, &ev) == nil && ev.ID != "" {
				out = append(out, Found{Body: raw, Headers: map[string]string{}})
				after = ev.ID
			}
		}
		if !list.HasMore || len(list.Data) == 0 {
			break
		}
	}
	return out, nil
}

// get fetches u as JSON into out.
func get(ctx context.Context, client *http.Client, u string, auth func(*http.Request), out any) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("reconcile: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	auth(req)
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reconcile: %s: %w", req.URL.Host, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("reconcile: read %s: %w", req.URL.Host, err)
	}
	switch {
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden:
		return nil, fmt.Errorf("%w (HTTP %d from %s)", ErrRejected, res.StatusCode, req.URL.Host)
	case res.StatusCode/100 != 2:
		return nil, fmt.Errorf("reconcile: HTTP %d from %s", res.StatusCode, req.URL.Host)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return nil, fmt.Errorf("reconcile: decode %s: %w", req.URL.Host, err)
	}
	return res, nil
}
