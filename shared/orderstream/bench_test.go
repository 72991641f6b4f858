package orderstream_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/ordertest"
)

// The benchmarks run on DynamoDB Local, whose latency (milliseconds per request on a small
// machine) dominates ns/op; intake's BenchmarkWebhookHandler measures the handler's own
// work. Write units are measured once after the timed loop, on a client that asks
// DynamoDB for the consumed capacity of each write, so that asking does not slow the loop.

// BenchmarkWebhookIntake is the webhook handler in-process on DynamoDB Local: verify the
// signature, parse, and write the event into the inbox, for a new Shopify order event each
// time. It reports the write units of one accepted event.
func BenchmarkWebhookIntake(b *testing.B) {
	w := ordertest.New(b, ordertest.Options{})
	head, body := w.Sample("shopify/orders-create")
	req := w.Signed("shopify", head, body, ordertest.ShopifySecret)
	ctx := context.Background()
	deliver := func(h *intake.Handler, event string) {
		req.Headers["x-shopify-event-id"] = event
		res, err := h.Handle(ctx, req)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("%d %v %s", res.StatusCode, err, res.Body)
		}
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for i := 0; b.Loop(); i++ {
		deliver(w.Intake, fmt.Sprintf("bench-%d", i))
	}
	metered, meter := ordertest.Meter(b, w.Table)
	deliver(intake.New(intake.Deps{Connections: metered, Secrets: connections.NewService(metered, w.Sealer, ""),
		Inbox: metered, Notes: metered}), "bench-metered")
	table, index := meter.Units()
	b.ReportMetric(table, "WCU/event")
	b.ReportMetric(index, "index-WCU/event")
}

// BenchmarkApplyAttributedOrder is the orders function's core per new order credited by a
// coupon code: the reads, then one transaction of the order record, the applied marker,
// the ledger entry and four counters. It reports that transaction's write units.
func BenchmarkApplyAttributedOrder(b *testing.B) {
	w := ordertest.New(b, ordertest.Options{})
	w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	head, body := w.Sample("shopify/orders-create")
	ctx := context.Background()
	stored := func(i int) inbox.Delivery {
		event := fmt.Sprintf("bench-%d", i)
		h := map[string]string{}
		for k, v := range head {
			h[k] = v
		}
		h["x-shopify-event-id"] = event
		order := ordertest.Replace(b, `"id": 820982911946154508,`, fmt.Sprintf(`"id": %d,`, 900000000000000000+i))(body)
		if res := w.Post(w.Signed("shopify", h, order, ordertest.ShopifySecret)); res.StatusCode != 200 {
			b.Fatal(res.Body)
		}
		d, err := w.Table.Delivery(ctx, w.Conns["shopify"].ID, "shopify|orders/create|"+event)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	apply := func(p *orderflow.Processor, d inbox.Delivery) {
		res, err := p.Apply(ctx, d)
		if err != nil || res.Outcome != orderflow.Applied || len(res.Entries) != 1 {
			b.Fatalf("%+v %v", res.Outcome, err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		d := stored(i)
		b.StartTimer()
		apply(w.Proc, d)
	}
	b.StopTimer()
	metered, meter := ordertest.Meter(b, w.Table)
	d := stored(b.N)
	apply(orderflow.New(metered, metered, metered.Clicks()), d)
	table, index := meter.Units()
	b.ReportMetric(table, "WCU/order")
	b.ReportMetric(index, "index-WCU/order")
}
