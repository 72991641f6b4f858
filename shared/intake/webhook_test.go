package intake_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var tenPercent = campaigns.Compensation{Model: "commission", CommissionBps: 1000, Currency: "USD"}

// TestSampleEventIsAccepted hands the handler events/apigateway/webhook-shopify.json as API
// Gateway delivers it, as is and base64-encoded, and checks what the inbox keeps.
func TestSampleEventIsAccepted(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	w.AddSampleConnection()
	var req events.APIGatewayV2HTTPRequest
	sampleevents.Load(t, "apigateway/webhook-shopify.json", &req)
	raw := req.Body

	res := w.Post(req)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"status":"accepted"`) {
		t.Fatalf("sample event: %d %s", res.StatusCode, res.Body)
	}
	list, err := w.Table.Deliveries(context.Background(), ordertest.SampleConnectionID, time.Time{})
	if err != nil || len(list) != 1 {
		t.Fatalf("inbox: %d items, %v", len(list), err)
	}
	d := list[0]
	if string(d.Body) != raw || d.Key != "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5" ||
		d.WorkspaceID != w.WS.ID || d.OrderID != "820982911946154508" || d.Source != "webhook" {
		t.Fatalf("stored delivery: %+v", d)
	}
	if _, ok := d.Headers["x-shopify-hmac-sha256"]; ok || d.Headers["x-shopify-topic"] != "orders/create" || d.Headers["host"] != "" {
		t.Fatalf("kept headers: %v", d.Headers)
	}

	// The same delivery, base64-encoded as API Gateway sends non-JSON content types, is
	// verified on the decoded bytes and recognised as the same event.
	req.Body, req.IsBase64Encoded = base64.StdEncoding.EncodeToString([]byte(raw)), true
	res = w.Post(req)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"status":"duplicate"`) {
		t.Fatalf("base64 redelivery: %d %s", res.StatusCode, res.Body)
	}
}

// TestDeliveries covers every way a delivery can be answered, and what each leaves in the
// inbox and the connection's rejection log.
func TestDeliveries(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	ctx := context.Background()
	svc := connections.NewService(w.Table, w.Sealer, "")
	disabled, err := svc.Create(ctx, w.WS.ID, connections.Input{Platform: "shopify", Shop: "old.myshopify.com", Secret: ordertest.ShopifySecret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Disable(ctx, w.WS.ID, disabled.ID); err != nil {
		t.Fatal(err)
	}

	shopH, shopBody := w.Sample("shopify/orders-create")
	wooH, wooBody := w.Sample("woocommerce/order-created")
	stripeH, stripeBody := w.Sample("stripe/checkout-session-completed")
	pingH := map[string]string{}
	for k, v := range sampleevents.Headers(t, "woocommerce/ping.headers.json") {
		pingH[strings.ToLower(k)] = v
	}
	pingBody := sampleevents.Read(t, "woocommerce/ping.txt")
	tampered := bytes.Replace(shopBody, []byte(`"239.98"`), []byte(`"2399.80"`), 1)
	withoutID := bytes.Replace(shopBody, []byte(`"id": 820982911946154508,`), []byte(``), 1)
	stripeStale := func() events.APIGatewayV2HTTPRequest {
		h := map[string]string{"content-type": "application/json", "stripe-signature": ordertest.StripeSignature(stripeBody, ordertest.StripeSecret, w.Now.Add(-10*time.Minute))}
		return w.Request("stripe", w.Conns["stripe"].ID, h, stripeBody)
	}
	stripeRotated := func() events.APIGatewayV2HTTPRequest {
		old := ordertest.StripeSignature(stripeBody, "whsec_the_old_one_1234", w.Now)
		cur := ordertest.StripeSignature(stripeBody, ordertest.StripeSecret, w.Now)
		h := map[string]string{"stripe-signature": old + "," + cur[strings.Index(cur, "v1="):]}
		return w.Request("stripe", w.Conns["stripe"].ID, h, stripeBody)
	}
	withHeader := func(req events.APIGatewayV2HTTPRequest, k, v string) events.APIGatewayV2HTTPRequest {
		req.Headers[k] = v
		return req
	}
	unsigned := func(platform string, h map[string]string, body []byte) events.APIGatewayV2HTTPRequest {
		return w.Request(platform, w.Conns[platform].ID, h, body)
	}

	tests := []struct {
		name       string
		req        events.APIGatewayV2HTTPRequest
		status     int
		answer     string // the 200 answer's status
		platform   string // whose inbox to count
		stored     int    // inbox items of platform after the request
		rejections int    // rejections noted on platform's connection after the request
	}{
		{"valid shopify", w.Signed("shopify", shopH, shopBody, ordertest.ShopifySecret), 200, "accepted", "shopify", 1, 0},
		{"tampered body", w.Signed("shopify", shopH, shopBody, ordertest.ShopifySecret), 200, "duplicate", "shopify", 1, 0},
		{"tampered body really", withHeader(w.Request("shopify", w.Conns["shopify"].ID, copyOf(shopH), tampered), "x-shopify-hmac-sha256", ordertest.B64HMAC(shopBody, ordertest.ShopifySecret)), 401, "", "shopify", 1, 1},
		{"wrong secret", w.Signed("shopify", shopH, shopBody, "shpss_someone_else_entirely"), 401, "", "shopify", 1, 2},
		{"missing signature", unsigned("shopify", copyOf(shopH), shopBody), 401, "", "shopify", 1, 3},
		{"malformed json", w.Signed("shopify", shopH, []byte(`{"id": 1, "created_at": `), ordertest.ShopifySecret), 400, "", "shopify", 1, 4},
		{"missing required field", w.Signed("shopify", shopH, withoutID, ordertest.ShopifySecret), 400, "", "shopify", 1, 5},
		{"missing topic", w.Signed("shopify", map[string]string{"x-shopify-event-id": "e1"}, shopBody, ordertest.ShopifySecret), 400, "", "shopify", 1, 6},
		{"unused topic", w.Signed("shopify", map[string]string{"x-shopify-topic": "products/update", "x-shopify-event-id": "e2"}, []byte(`{"id":5}`), ordertest.ShopifySecret), 200, "ignored", "shopify", 1, 6},
		{"oversized", w.Signed("shopify", shopH, make([]byte, webhook.MaxBodyBytes+1), ordertest.ShopifySecret), 413, "", "shopify", 1, 6},
		{"valid woocommerce", w.Signed("woocommerce", wooH, wooBody, ordertest.WooSecret), 200, "accepted", "woocommerce", 1, 0},
		{"woocommerce ping", unsigned("woocommerce", copyOf(pingH), pingBody), 200, "ignored", "woocommerce", 1, 0},
		{"valid stripe", w.Signed("stripe", stripeH, stripeBody, ordertest.StripeSecret), 200, "accepted", "stripe", 1, 0},
		{"stale stripe timestamp", stripeStale(), 401, "", "stripe", 1, 1},
		{"stripe secret rotation", stripeRotated(), 200, "duplicate", "stripe", 1, 1},
		{"unknown connection", w.Request("shopify", "nosuchconnectio2", copyOf(shopH), shopBody), 404, "", "shopify", 1, 6},
		{"malformed connection id", w.Request("shopify", "../../etc", copyOf(shopH), shopBody), 404, "", "shopify", 1, 6},
		{"unknown platform", w.Request("magento", w.Conns["shopify"].ID, copyOf(shopH), shopBody), 404, "", "shopify", 1, 6},
		{"platform does not match the connection", w.Request("stripe", w.Conns["shopify"].ID, copyOf(shopH), shopBody), 404, "", "shopify", 1, 6},
		{"disabled connection", withHeader(w.Request("shopify", disabled.ID, copyOf(shopH), shopBody), "x-shopify-hmac-sha256", ordertest.B64HMAC(shopBody, ordertest.ShopifySecret)), 404, "", "shopify", 1, 6},
		{"bad base64", func() events.APIGatewayV2HTTPRequest {
			r := w.Signed("shopify", shopH, shopBody, ordertest.ShopifySecret)
			r.Body, r.IsBase64Encoded = "%%%not base64", true
			return r
		}(), 400, "", "shopify", 1, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := w.Post(tt.req)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, res.Body)
			}
			if tt.answer != "" && !strings.Contains(res.Body, `"status":"`+tt.answer+`"`) {
				t.Fatalf("answer %s, want %s", res.Body, tt.answer)
			}
			if tt.status >= 400 && res.Headers["content-type"] != "application/problem+json" {
				t.Fatalf("a refusal must be a problem document: %v", res.Headers)
			}
			if got := w.InboxCount(tt.platform); got != tt.stored {
				t.Fatalf("inbox of %s holds %d items, want %d", tt.platform, got, tt.stored)
			}
			stats, err := w.Table.ConnectionStats(ctx, w.WS.ID, w.Conns[tt.platform].ID)
			if err != nil {
				t.Fatal(err)
			}
			if int(stats.Rejected) != tt.rejections || len(stats.Rejections) != tt.rejections {
				t.Fatalf("rejections %d (%d kept), want %d", stats.Rejected, len(stats.Rejections), tt.rejections)
			}
			for _, r := range stats.Rejections {
				if strings.Contains(r.Reason, "239.98") || strings.Contains(r.Reason, ordertest.ShopifySecret) {
					t.Fatalf("a rejection keeps payload or secret: %q", r.Reason)
				}
			}
		})
	}
	stats, err := w.Table.ConnectionStats(ctx, w.WS.ID, w.Conns["shopify"].ID)
	if err != nil || stats.Duplicates != 1 || stats.Rejections[0].Status != 400 || stats.Rejections[len(stats.Rejections)-1].Status != 401 {
		t.Fatalf("shopify stats %+v, %v", stats, err)
	}
}

func copyOf(h map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	return out
}

// TestSignatureRejectionsAreLogged checks the exact message the cloud stack's alarm counts.
func TestSignatureRejectionsAreLogged(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	var buf syncBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	defer slog.SetDefault(prev)

	h, body := w.Sample("shopify/orders-create")
	w.Post(w.Signed("shopify", h, body, "shpss_wrong_wrong_wrong"))
	var line struct {
		Msg, Platform, Connection string
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if json.Unmarshal([]byte(l), &line) == nil && line.Msg == "webhook signature rejected" {
			break
		}
	}
	if line.Msg != "webhook signature rejected" || line.Platform != "shopify" || line.Connection != w.Conns["shopify"].ID {
		t.Fatalf("log: %+v in %s", line, buf.String())
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDuplicatesAreOneEvent delivers the same order five times in a row and five times at
// the same moment: one inbox item each time, every answer 200.
func TestDuplicatesAreOneEvent(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	w.Creator("Anna", tenPercent, "shopify", "ANNA10")
	lena := w.Creator("Lena", campaigns.Compensation{Model: "commission", CommissionBps: 1000, Currency: "EUR"}, "woocommerce", "ANNA10")
	for i := range 5 {
		res := w.Deliver("shopify", "orders-create", nil)
		want := map[bool]string{true: "accepted", false: "duplicate"}[i == 0]
		if res.StatusCode != 200 || !strings.Contains(res.Body, want) {
			t.Fatalf("delivery %d: %d %s", i, res.StatusCode, res.Body)
		}
	}
	h, body := w.Sample("woocommerce/order-created")
	req := w.Signed("woocommerce", h, body, ordertest.WooSecret)
	var wg sync.WaitGroup
	var accepted, duplicates atomic.Int32
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := req
			r.Headers = copyOf(req.Headers)
			res, err := w.Intake.Handle(context.Background(), r)
			switch {
			case err != nil || res.StatusCode != 200:
				t.Errorf("concurrent delivery: %d %v %s", res.StatusCode, err, res.Body)
			case strings.Contains(res.Body, "accepted"):
				accepted.Add(1)
			case strings.Contains(res.Body, "duplicate"):
				duplicates.Add(1)
			}
		}()
	}
	wg.Wait()
	if accepted.Load() != 1 || duplicates.Load() != 4 || w.InboxCount("woocommerce") != 1 || w.InboxCount("shopify") != 1 {
		t.Fatalf("accepted %d, duplicates %d, inbox %d/%d", accepted.Load(), duplicates.Load(), w.InboxCount("woocommerce"), w.InboxCount("shopify"))
	}
	stats, err := w.Table.ConnectionStats(context.Background(), w.WS.ID, w.Conns["shopify"].ID)
	if err != nil || stats.Duplicates != 4 {
		t.Fatalf("shopify duplicates %d, %v", stats.Duplicates, err)
	}
	// The one stored event becomes one order, however often the stream hands it over.
	rec := w.StreamRecord(w.Conns["woocommerce"].ID, "woocommerce|order.created|727@2026-11-02T15:28:08")
	batch := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{rec, rec, rec, rec, rec}}
	if res, err := w.Stream.Handle(context.Background(), batch); err != nil || len(res.BatchItemFailures) > 0 {
		t.Fatalf("process: %+v %v", res, err)
	}
	if got := w.Total(lena, "EUR"); got.Orders != 1 || got.Revenue != 2880 {
		t.Fatalf("creator totals %+v, want one order", got)
	}
}

// faultyDynamo is a proxy in front of DynamoDB Local that can answer chosen operations
// with DynamoDB's throttling error, or slowly, as a struggling store does.
type faultyDynamo struct {
	*httptest.Server
	throttle atomic.Value // the X-Amz-Target operation to throttle, "" for none
	delay    atomic.Int64 // nanoseconds added to every request
	hits     atomic.Int32 // throttled requests
}

func newFaultyDynamo(t *testing.T) *faultyDynamo {
	target, err := url.Parse(dynamotest.Endpoint(t))
	if err != nil {
		t.Fatal(err)
	}
	f := &faultyDynamo{}
	f.throttle.Store("")
	proxy := httputil.NewSingleHostReverseProxy(target)
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the body first lets the server notice a client that gave up.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if d := time.Duration(f.delay.Load()); d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		op := r.Header.Get("X-Amz-Target")
		if t := f.throttle.Load().(string); t != "" && strings.HasSuffix(op, "."+t) {
			f.hits.Add(1)
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			w.Header().Set("X-Amzn-ErrorType", "ThrottlingException")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// faultyWorld is a world whose webhook handler reaches the table through the proxy, with
// the webhook function's own store settings.
func faultyWorld(t *testing.T) (*ordertest.World, *faultyDynamo, *intake.Handler) {
	w := ordertest.New(t, ordertest.Options{})
	f := newFaultyDynamo(t)
	slow, err := store.Open(context.Background(), store.Config{Table: w.Table.Name, Endpoint: f.URL, Region: "us-east-1",
		MaxAttempts: intake.StoreAttempts, RequestTimeout: intake.StoreAttemptTimeout, MaxBackoff: intake.StoreMaxBackoff})
	if err != nil {
		t.Fatal(err)
	}
	h := intake.New(intake.Deps{Connections: slow, Secrets: connections.NewService(slow, w.Sealer, ""), Inbox: slow, Notes: slow},
		intake.WithClock(func() time.Time { return w.Now }))
	return w, f, h
}

// TestStoreFailureMidRequest throttles the inbox write after the connection was read: the
// platform gets a 503 it retries, nothing is stored, and the retry stores the event once,
// which becomes exactly one order.
func TestStoreFailureMidRequest(t *testing.T) {
	w, f, h := faultyWorld(t)
	anna := w.Creator("Anna", tenPercent, "shopify", "ANNA10")
	head, body := w.Sample("shopify/orders-create")
	req := w.Signed("shopify", head, body, ordertest.ShopifySecret)

	f.throttle.Store("PutItem")
	res, err := h.Handle(context.Background(), req)
	if err != nil || res.StatusCode != 503 || res.Headers["retry-after"] == "" {
		t.Fatalf("throttled store: %d %v %v %s", res.StatusCode, err, res.Headers, res.Body)
	}
	if f.hits.Load() != intake.StoreAttempts || w.InboxCount("shopify") != 0 {
		t.Fatalf("throttled puts %d, inbox %d", f.hits.Load(), w.InboxCount("shopify"))
	}

	f.throttle.Store("")
	for range 2 { // Shopify retries; a second retry is a duplicate.
		res, err = h.Handle(context.Background(), req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("redelivery: %d %v %s", res.StatusCode, err, res.Body)
		}
	}
	if w.InboxCount("shopify") != 1 {
		t.Fatalf("inbox holds %d items", w.InboxCount("shopify"))
	}
	w.Post(req) // queues the stored event for processing, as a duplicate answer does not
	rec := w.StreamRecord(w.Conns["shopify"].ID, "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5")
	for range 2 { // the stream delivers at least once
		if out, err := w.Stream.Handle(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{rec}}); err != nil || len(out.BatchItemFailures) > 0 {
			t.Fatalf("process: %+v %v", out, err)
		}
	}
	if got := w.Total(anna, "USD"); got.Orders != 1 || got.Revenue != 23998 {
		t.Fatalf("creator totals %+v, want one order of 239.98", got)
	}
	if l := w.Ledger(anna); len(l) != 1 {
		t.Fatalf("ledger has %d entries", len(l))
	}
}

// TestSlowStoreAnswersInTime makes every store request hang: the answer is a 503 well
// inside Shopify's five seconds.
func TestSlowStoreAnswersInTime(t *testing.T) {
	w, f, h := faultyWorld(t)
	head, body := w.Sample("shopify/orders-create")
	req := w.Signed("shopify", head, body, ordertest.ShopifySecret)
	f.delay.Store(int64(10 * time.Second))
	start := time.Now()
	res, err := h.Handle(context.Background(), req)
	took := time.Since(start)
	if err != nil || res.StatusCode != 503 || took > intake.Budget+500*time.Millisecond {
		t.Fatalf("slow store: %d %v after %s", res.StatusCode, err, took)
	}
	f.delay.Store(0)
	if w.InboxCount("shopify") != 0 {
		t.Fatal("a timed-out request stored its event")
	}
}

// TestSecretsAreCached opens a connection's secret once per warm container and minute.
func TestSecretsAreCached(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	counting := &countingSealer{Sealer: w.Sealer}
	h := intake.New(intake.Deps{Connections: w.Table, Secrets: connections.NewService(w.Table, counting, ""), Inbox: w.Table, Notes: w.Table},
		intake.WithClock(func() time.Time { return w.Now }))
	head, body := w.Sample("shopify/orders-create")
	for range 3 {
		if res, err := h.Handle(context.Background(), w.Signed("shopify", head, body, ordertest.ShopifySecret)); err != nil || res.StatusCode != 200 {
			t.Fatalf("%d %v", res.StatusCode, err)
		}
	}
	if counting.opens.Load() != 1 {
		t.Fatalf("secret opened %d times", counting.opens.Load())
	}
	w.Now = w.Now.Add(2 * time.Minute)
	if res, _ := h.Handle(context.Background(), w.Signed("shopify", head, body, ordertest.ShopifySecret)); res.StatusCode != 200 || counting.opens.Load() != 2 {
		t.Fatalf("after the cache expired: %d, %d opens", res.StatusCode, counting.opens.Load())
	}
}

type countingSealer struct {
	secrets.Sealer
	opens atomic.Int32
}

func (c *countingSealer) Open(ctx context.Context, sealed []byte, context string) ([]byte, error) {
	c.opens.Add(1)
	return c.Sealer.Open(ctx, sealed, context)
}

// TestSecretFailureIsRetried answers 500 when the secret cannot be opened (KMS down), so
// the platform retries, and stores nothing.
func TestSecretFailureIsRetried(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	h := intake.New(intake.Deps{Connections: w.Table, Secrets: failingSecrets{}, Inbox: w.Table, Notes: w.Table})
	head, body := w.Sample("shopify/orders-create")
	res, err := h.Handle(context.Background(), w.Signed("shopify", head, body, ordertest.ShopifySecret))
	if err != nil || res.StatusCode != 500 || w.InboxCount("shopify") != 0 {
		t.Fatalf("%d %v, inbox %d", res.StatusCode, err, w.InboxCount("shopify"))
	}
}

type failingSecrets struct{}

func (failingSecrets) Secret(context.Context, connections.Connection) ([]byte, error) {
	return nil, errors.New("kms: service unavailable")
}
