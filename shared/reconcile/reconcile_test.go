package reconcile_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/reconcile"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

const (
	shopifyToken = "shpat_test_0123456789"
	wooKey       = "ck_test_0123456789"
	wooSecret    = "cs_test_0123456789"
	stripeKey    = "rk_test_0123456789"
)

// platformAPIs are httptest servers speaking the three APIs' documented formats: Shopify's
// orders.json with a Link header, WooCommerce's orders array with X-WP-TotalPages, Stripe's
// event list with has_more. Each checks its authentication and records the windows asked.
type platformAPIs struct {
	t                      *testing.T
	shopify, woo, stripe   *httptest.Server
	mu                     sync.Mutex
	shopifySince, wooSince []string
	stripeSince            []string
}

func newPlatformAPIs(t *testing.T) *platformAPIs {
	a := &platformAPIs{t: t}
	read := func(name string) json.RawMessage { return sampleevents.Read(t, name) }
	a.shopify = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/admin/api/"+reconcile.ShopifyAPIVersion+"/orders.json" || r.Header.Get("X-Shopify-Access-Token") != shopifyToken {
			http.Error(w, `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page_info") == "" {
			if r.URL.Query().Get("status") != "any" {
				t.Errorf("shopify: status=%q, want any", r.URL.Query().Get("status"))
			}
			a.record(&a.shopifySince, r.URL.Query().Get("updated_at_min"))
			next := "http://" + r.Host + r.URL.Path + "?limit=250&page_info=eyJsYXN0X2lkIjo4MjA5ODI5MTE5NDYxNTQ1MDh9"
			w.Header().Set("Link", `<`+next+`>; rel="next"`)
			fmt.Fprintf(w, `{"orders":[%s]}`, read("shopify/orders-updated.json"))
			return
		}
		fmt.Fprintf(w, `{"orders":[%s]}`, read("shopify/orders-create.json"))
	}))
	a.woo = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if r.URL.Path != "/wp-json/wc/v3/orders" || !ok || user != wooKey || pass != wooSecret {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}`)
			return
		}
		a.record(&a.wooSince, r.URL.Query().Get("modified_after"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-WP-Total", "1")
		w.Header().Set("X-WP-TotalPages", "1")
		fmt.Fprintf(w, `[%s]`, read("woocommerce/order-created.json"))
	}))
	a.stripe = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/events" || r.Header.Get("Authorization") != "Bearer "+stripeKey {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"message":"Invalid API Key provided","type":"invalid_request_error"}}`)
			return
		}
		q := r.URL.Query()
		if len(q["types[]"]) != len(reconcile.StripeEventTypes) {
			t.Errorf("stripe: types[] = %v", q["types[]"])
		}
		w.Header().Set("Content-Type", "application/json")
		if q.Get("starting_after") == "" {
			a.record(&a.stripeSince, q.Get("created[gte]"))
			fmt.Fprintf(w, `{"object":"list","url":"/v1/events","has_more":true,"data":[%s]}`, read("stripe/charge-refunded.json"))
			return
		}
		if q.Get("starting_after") != "evt_3QwT8qLkdIwHu7ix0ChRefund" {
			t.Errorf("stripe: starting_after=%q", q.Get("starting_after"))
		}
		fmt.Fprintf(w, `{"object":"list","url":"/v1/events","has_more":false,"data":[%s]}`, read("stripe/checkout-session-completed.json"))
	}))
	t.Cleanup(func() { a.shopify.Close(); a.woo.Close(); a.stripe.Close() })
	return a
}

func (a *platformAPIs) record(list *[]string, v string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	*list = append(*list, v)
}

// TestReconciliationRecoversMissingOrders: the shop's API knows an update, an order and a
// refund that never arrived by webhook, and an order and a checkout that did. The run
// feeds exactly the three missing ones through the inbox; the next run recovers nothing
// and asks from where the last one stopped.
func TestReconciliationRecoversMissingOrders(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	ctx := context.Background()
	comm := func(cur string) campaigns.Compensation {
		return campaigns.Compensation{Model: "commission", CommissionBps: 1000, Currency: cur}
	}
	anna := w.Creator("Anna", comm("USD"), "shopify", "ANNA10")
	lena := w.Creator("Lena", comm("EUR"), "woocommerce", "ANNA10")
	jordan := w.Creator("Jordan", comm("USD"), "stripe", "promo_1QwT6yLkdIwHu7ixJordan")

	svc := connections.NewService(w.Table, w.Sealer, "")
	for platform, creds := range map[string]connections.Credentials{
		"shopify":     {AdminToken: shopifyToken},
		"woocommerce": {ConsumerKey: wooKey, ConsumerSecret: wooSecret},
		"stripe":      {APIKey: stripeKey},
	} {
		if _, err := svc.SetCredentials(ctx, w.WS.ID, w.Conns[platform].ID, creds); err != nil {
			t.Fatal(err)
		}
	}
	// What did arrive: the Shopify order (applied) and the Stripe checkout (still in the
	// inbox, not yet applied).
	if res := w.Deliver("shopify", "orders-create", nil); res.StatusCode != 200 {
		t.Fatal(res.Body)
	}
	if res := w.Process(); len(res.BatchItemFailures) > 0 {
		t.Fatal(res)
	}
	if res := w.Deliver("stripe", "checkout-session-completed", nil); res.StatusCode != 200 {
		t.Fatal(res.Body)
	}

	apis := newPlatformAPIs(t)
	clock := time.Date(2026, 11, 6, 12, 0, 0, 0, time.UTC)
	job := reconcile.New(w.Table, svc,
		reconcile.WithClock(func() time.Time { return clock }),
		reconcile.WithSource("shopify", &reconcile.Shopify{BaseURL: apis.shopify.URL}),
		reconcile.WithSource("woocommerce", &reconcile.WooCommerce{BaseURL: apis.woo.URL}),
		reconcile.WithSource("stripe", &reconcile.Stripe{BaseURL: apis.stripe.URL}))

	sum, err := job.Handle(ctx, events.EventBridgeEvent{DetailType: "Scheduled Event", Source: "aws.events"})
	if err != nil || sum.Connections != 3 || sum.Recovered != 3 || sum.Checked != 5 || sum.Failed != 0 {
		t.Fatalf("first run: %+v %v", sum, err)
	}
	for platform, want := range map[string]int64{"shopify": 1, "woocommerce": 1, "stripe": 1} {
		r, err := w.Table.Reconciliation(ctx, w.WS.ID, w.Conns[platform].ID)
		if err != nil || r.Recovered != want || r.LastError != "" || !r.Through.Equal(clock.Add(-reconcile.Settle)) {
			t.Fatalf("%s status: %+v %v", platform, r, err)
		}
	}
	if got := apis.shopifySince; len(got) != 1 || got[0] != "2026-11-03T12:00:00Z" {
		t.Fatalf("shopify asked from %v, want three days back", got)
	}

	// The recovered deliveries are applied like any other.
	for platform := range w.Conns {
		list, err := w.Table.Deliveries(ctx, w.Conns[platform].ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range list {
			if _, err := w.Proc.Apply(ctx, d); err != nil {
				t.Fatalf("apply %s: %v", d.Key, err)
			}
		}
	}
	if got := w.Total(anna, "USD"); got.Net != 14999 || got.Orders != 1 {
		t.Fatalf("anna after the recovered update: %+v", got)
	}
	if got := w.Total(lena, "EUR"); got.Net != 2880 || got.Orders != 1 {
		t.Fatalf("lena after the recovered order: %+v", got)
	}
	if got := w.Total(jordan, "USD"); got.Net != 2250 || got.Refunded != 2250 || got.Orders != 1 {
		t.Fatalf("jordan after the recovered refund: %+v", got)
	}

	clock = clock.Add(time.Hour)
	sum, err = job.Run(ctx)
	if err != nil || sum.Recovered != 0 || sum.Checked != 5 {
		t.Fatalf("second run: %+v %v", sum, err)
	}
	if got := apis.shopifySince; len(got) != 2 || got[1] != "2026-11-06T10:50:00Z" {
		t.Fatalf("second run asked from %v, want the last run's end minus the overlap", got)
	}
	if got := apis.wooSince; len(got) != 2 || got[1] != "2026-11-06T10:50:00" {
		t.Fatalf("woocommerce windows %v", got)
	}
	r, _ := w.Table.Reconciliation(ctx, w.WS.ID, w.Conns["stripe"].ID)
	if r.Recovered != 1 || r.LastRecovered != 0 {
		t.Fatalf("stripe totals after two runs: %+v", r)
	}
}

// TestReconciliationRecordsRefusedCredentials keeps the platform's refusal on the
// connection and goes on with the others.
func TestReconciliationRecordsRefusedCredentials(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	ctx := context.Background()
	svc := connections.NewService(w.Table, w.Sealer, "")
	if _, err := svc.SetCredentials(ctx, w.WS.ID, w.Conns["shopify"].ID, connections.Credentials{AdminToken: "shpat_revoked_0000"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetCredentials(ctx, w.WS.ID, w.Conns["woocommerce"].ID, connections.Credentials{ConsumerKey: wooKey, ConsumerSecret: wooSecret}); err != nil {
		t.Fatal(err)
	}
	apis := newPlatformAPIs(t)
	clock := time.Date(2026, 11, 6, 12, 0, 0, 0, time.UTC)
	job := reconcile.New(w.Table, svc, reconcile.WithClock(func() time.Time { return clock }),
		reconcile.WithSource("shopify", &reconcile.Shopify{BaseURL: apis.shopify.URL}),
		reconcile.WithSource("woocommerce", &reconcile.WooCommerce{BaseURL: apis.woo.URL}))
	sum, err := job.Run(ctx)
	if err != nil || sum.Failed != 1 || sum.Recovered != 1 {
		t.Fatalf("run: %+v %v", sum, err)
	}
	r, _ := w.Table.Reconciliation(ctx, w.WS.ID, w.Conns["shopify"].ID)
	if !strings.Contains(r.LastError, "refused the credentials") || !r.Through.IsZero() || r.LastRunAt != clock {
		t.Fatalf("shopify status: %+v", r)
	}
	// Removing the credentials takes the connection out of the runs.
	if _, err := svc.SetCredentials(ctx, w.WS.ID, w.Conns["shopify"].ID, connections.Credentials{}); err != nil {
		t.Fatal(err)
	}
	if sum, _ := job.Run(ctx); sum.Connections != 1 {
		t.Fatalf("connections after removing credentials: %+v", sum)
	}
}
