package intake_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

// memory is an in-process connection store and inbox, so that the benchmark measures the
// handler's own work: the store's latency is DynamoDB's, measured elsewhere.
type memory struct {
	conn connections.Connection
	seen map[string]bool
}

func (m *memory) Connection(context.Context, string) (connections.Connection, error) {
	return m.conn, nil
}
func (m *memory) Secret(context.Context, connections.Connection) ([]byte, error) {
	return []byte(ordertest.ShopifySecret), nil
}
func (m *memory) Accept(_ context.Context, d inbox.Delivery) (bool, error) {
	if m.seen[d.Key] {
		return false, nil
	}
	m.seen[d.Key] = true
	return true, nil
}
func (m *memory) NoteDuplicate(context.Context, string, string, string, time.Time) error { return nil }
func (m *memory) NoteRejection(context.Context, string, string, inbox.Rejection) error   { return nil }

// BenchmarkWebhookHandler is the webhook handler's own cost per Shopify order delivery:
// base64 check, size, connection (cached), signature over the raw body, parse, the
// delivery with its kept headers, and the 200 answer.
func BenchmarkWebhookHandler(b *testing.B) {
	m := &memory{conn: connections.Connection{ID: ordertest.SampleConnectionID, WorkspaceID: "w", Platform: "shopify"}, seen: map[string]bool{}}
	h := intake.New(intake.Deps{Connections: m, Secrets: m, Inbox: m, Notes: m})
	body := sampleevents.Read(b, "shopify/orders-create.json")
	headers := map[string]string{}
	for k, v := range sampleevents.Headers(b, "shopify/orders-create.headers.json") {
		headers[strings.ToLower(k)] = v
	}
	headers["x-shopify-hmac-sha256"] = ordertest.B64HMAC(body, ordertest.ShopifySecret)
	w := &ordertest.World{}
	req := w.Request("shopify", ordertest.SampleConnectionID, headers, body)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for i := 0; b.Loop(); i++ {
		req.Headers["x-shopify-event-id"] = fmt.Sprintf("bench-%d", i)
		res, err := h.Handle(ctx, req)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("%d %v %s", res.StatusCode, err, res.Body)
		}
	}
}
