package orderstream_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

func commission(bps int64, currency string) campaigns.Compensation {
	return campaigns.Compensation{Model: "commission", CommissionBps: bps, Currency: currency}
}

const (
	shopifyOrder = "820982911946154508"
	wooOrder     = "727"
	stripeOrder  = "pi_3QwT8qLkdIwHu7ix1a2b3c4d"
)

// processed fails the test unless the stream handler took every record.
func processed(t *testing.T, w *ordertest.World) {
	t.Helper()
	if res := w.Process(); len(res.BatchItemFailures) > 0 {
		t.Fatalf("batch failures: %+v", res.BatchItemFailures)
	}
}

func deliver(t *testing.T, w *ordertest.World, platform, sample string, edit func([]byte) []byte) {
	t.Helper()
	if res := w.Deliver(platform, sample, edit); res.StatusCode != 200 {
		t.Fatalf("%s/%s: %d %s", platform, sample, res.StatusCode, res.Body)
	}
}

// want compares a counter's figures.
func want(t *testing.T, what string, got orderflow.Counter, orders, cancelled, full, revenue, refunded, net, com int64) {
	t.Helper()
	if got.Orders != orders || got.Cancelled != cancelled || got.FullyRefunded != full || got.Revenue != revenue ||
		got.Refunded != refunded || got.Net != net || got.Commission != com {
		t.Fatalf("%s: got orders %d cancelled %d full %d revenue %d refunded %d net %d commission %d; want %d %d %d %d %d %d %d",
			what, got.Orders, got.Cancelled, got.FullyRefunded, got.Revenue, got.Refunded, got.Net, got.Commission,
			orders, cancelled, full, revenue, refunded, net, com)
	}
}

func kinds(l []orderflow.LedgerEntry) string {
	var k []string
	for _, e := range l {
		k = append(k, string(e.Kind))
	}
	return strings.Join(k, ",")
}

// TestShopifyOrderLifecycle: create (code in another letter case), five deliveries of
// the same event, update with a partial refund, and a redelivered stream batch.
func TestShopifyOrderLifecycle(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	for range 5 {
		deliver(t, w, "shopify", "orders-create", nil)
	}
	processed(t, w)

	rec := w.Order("shopify", shopifyOrder)
	if rec.Status() != orderflow.Attributed || rec.CreatorID != anna || rec.Decision.Method != attribution.ByCoupon ||
		rec.Decision.Code != "ANNA10" || rec.State.Revenue.Minor != 23998 || rec.State.Commission.Minor != 2400 {
		t.Fatalf("after create: %+v", rec)
	}
	if !strings.Contains(rec.Decision.Reason, "code Anna10 belongs to membership "+w.Campaign.ID+"/"+anna) {
		t.Fatalf("reason %q", rec.Decision.Reason)
	}
	want(t, "creator after create", w.Total(anna, "USD"), 1, 0, 0, 23998, 0, 23998, 2400)
	want(t, "campaign after create", w.Total("", "USD"), 1, 0, 0, 23998, 0, 23998, 2400)
	l := w.Ledger(anna)
	if len(l) != 1 || l[0].Kind != attribution.EntryOrder || l[0].Day != "2026-11-02" || l[0].Source != "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5" ||
		l[0].Code != "ANNA10" || l[0].Country != "DE" || l[0].Referrer != "tiktok.com" || l[0].OrderName != "#1001" {
		t.Fatalf("ledger after create: %+v", l)
	}

	deliver(t, w, "shopify", "orders-updated", nil)
	processed(t, w)
	rec = w.Order("shopify", shopifyOrder)
	if rec.State.Revenue.Minor != 23998 || rec.State.Refunded.Minor != 8999 || rec.State.Net.Minor != 14999 ||
		rec.State.Commission.Minor != 1500 || len(rec.Refunds) != 1 || rec.Order.UpdatedAt.Format(time.RFC3339) != "2026-11-05T14:30:12Z" {
		t.Fatalf("after update: %+v", rec.State)
	}
	want(t, "creator after update", w.Total(anna, "USD"), 1, 0, 0, 23998, 8999, 14999, 1500)
	l = w.Ledger(anna)
	if kinds(l) != "order,adjustment" || l[1].Net != -8999 || l[1].Commission != -900 || l[1].Day != "2026-11-05" {
		t.Fatalf("ledger after update: %+v", l)
	}

	// The late refunds/create of the same refund, and the stream delivering the update
	// again: nothing moves.
	deliver(t, w, "shopify", "refunds-create", nil)
	processed(t, w)
	upd := w.StreamRecord(w.Conns["shopify"].ID, "shopify|orders/updated|2f1c4e3a-61f0-4d6e-9a47-0b8d5c2e7f19")
	if res, err := w.Stream.Handle(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{upd, upd}}); err != nil || len(res.BatchItemFailures) > 0 {
		t.Fatalf("redelivered batch: %+v %v", res, err)
	}
	// An older snapshot arriving late never replaces the newer one.
	late := w.StreamRecord(w.Conns["shopify"].ID, "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5")
	if _, err := w.Stream.Handle(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{late}}); err != nil {
		t.Fatal(err)
	}
	want(t, "creator after redeliveries", w.Total(anna, "USD"), 1, 0, 0, 23998, 8999, 14999, 1500)
	if got := w.Total(anna, "USD"); got.OrdersByCode != 1 || got.NetByCode != 14999 || got.OrdersByClick != 0 {
		t.Fatalf("split by method: %+v", got)
	}
	if got := w.Ledger(anna); len(got) != 2 || w.Order("shopify", shopifyOrder).Order.UpdatedAt != rec.Order.UpdatedAt {
		t.Fatalf("ledger after redeliveries: %s", kinds(got))
	}
	if got := w.InboxCount("shopify"); got != 3 {
		t.Fatalf("inbox holds %d events, want create, update and refund", got)
	}
	if days, err := w.Table.OrderCounters(context.Background(), w.WS.ID, w.Campaign.ID, anna); err != nil || len(days) != 3 {
		t.Fatalf("creator counters (total and two days): %+v %v", days, err)
	}
}

// TestRefundBeforeOrder keeps a refund that arrives first and applies it, once, when the
// order arrives; the later snapshot listing the same refund changes nothing.
func TestRefundBeforeOrder(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	deliver(t, w, "shopify", "refunds-create", nil)
	processed(t, w)
	rec := w.Order("shopify", shopifyOrder)
	if rec.Status() != orderflow.Pending || len(rec.Refunds) != 1 || len(w.Ledger(anna)) != 0 {
		t.Fatalf("refund alone: %+v", rec)
	}
	deliver(t, w, "shopify", "orders-create", nil)
	processed(t, w)
	want(t, "after the order", w.Total(anna, "USD"), 1, 0, 0, 23998, 8999, 14999, 1500)
	deliver(t, w, "shopify", "orders-updated", nil)
	processed(t, w)
	want(t, "after the update", w.Total(anna, "USD"), 1, 0, 0, 23998, 8999, 14999, 1500)
	if l := w.Ledger(anna); kinds(l) != "order" || l[0].Refunded != 8999 {
		t.Fatalf("ledger: %+v", l)
	}
}

// TestWooPartialRefundAndCancellation: WooCommerce refunds are totals with tax and
// shipping, taken pro rata; a cancelled order contributes nothing and is listed as such.
func TestWooPartialRefundAndCancellation(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "EUR"), "woocommerce", "Anna10")
	deliver(t, w, "woocommerce", "order-created", nil)
	processed(t, w)
	want(t, "created", w.Total(anna, "EUR"), 1, 0, 0, 2880, 0, 2880, 288)
	deliver(t, w, "woocommerce", "order-updated-refund", nil)
	processed(t, w)
	// 12.85 refunded of a 40.22 total takes 12.85 × 28.80 / 40.22 = 9.20 of the revenue.
	want(t, "partial refund", w.Total(anna, "EUR"), 1, 0, 0, 2880, 920, 1960, 196)
	deliver(t, w, "woocommerce", "order-updated-cancelled", nil)
	processed(t, w)
	want(t, "cancelled", w.Total(anna, "EUR"), 0, 1, 0, 0, 0, 0, 0)
	rec := w.Order("woocommerce", wooOrder)
	if rec.Status() != orderflow.Cancelled || rec.State.Net.Minor != 0 {
		t.Fatalf("record: %+v", rec.State)
	}
	l := w.Ledger(anna)
	if kinds(l) != "order,adjustment,adjustment" || !strings.Contains(l[2].Reason, "order cancelled") || l[2].Orders != -1 || l[2].Cancelled != 1 {
		t.Fatalf("ledger: %+v", l)
	}
	list, err := orderflow.NewViews(w.Table).CampaignOrders(context.Background(), w.WS.ID, w.Campaign.ID, nil, orderflow.ListCancelled)
	if err != nil || len(list.Items) != 1 || list.Items[0].OrderID != wooOrder {
		t.Fatalf("cancelled list: %+v %v", list.Items, err)
	}
	deliver(t, w, "woocommerce", "order-deleted", nil)
	processed(t, w)
	if rec := w.Order("woocommerce", wooOrder); rec.DeletedBy == "" || rec.Status() != orderflow.Cancelled {
		t.Fatalf("deleted: %+v", rec)
	}
}

// TestShopifyCancelledOrderWithFixedFee: a cancelled order is counted as cancelled and
// earns no fee.
func TestShopifyCancelledOrderWithFixedFee(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	yuki := w.Creator("Yuki", campaigns.Compensation{Model: "per_sale", PerSale: 500, Currency: "JPY"}, "shopify", "YUKI-15")
	deliver(t, w, "shopify", "orders-cancelled", nil)
	processed(t, w)
	want(t, "cancelled", w.Total(yuki, "JPY"), 0, 1, 0, 0, 0, 0, 0)
	if l := w.Ledger(yuki); len(l) != 1 || l[0].Reason != "cancelled order: nothing earned" {
		t.Fatalf("ledger: %+v", l)
	}
}

// TestStripeOrderRefundAndCancel: a Stripe order by promotion code, half refunded, then
// its PaymentIntent cancelled by an event without a snapshot.
func TestStripeOrderRefundAndCancel(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	jordan := w.Creator("Jordan", commission(2000, "USD"), "stripe", "promo_1QwT6yLkdIwHu7ixJordan")
	deliver(t, w, "stripe", "checkout-session-completed", nil)
	deliver(t, w, "stripe", "charge-refunded", nil)
	processed(t, w)
	want(t, "half refunded", w.Total(jordan, "USD"), 1, 0, 0, 4500, 2250, 2250, 450)
	deliver(t, w, "stripe", "payment-intent-canceled", nil)
	processed(t, w)
	rec := w.Order("stripe", stripeOrder)
	if rec.CancelledBy == "" || rec.Status() != orderflow.Cancelled {
		t.Fatalf("record: %+v", rec)
	}
	want(t, "cancelled", w.Total(jordan, "USD"), 0, 1, 0, 0, 0, 0, 0)
}

// TestUnknownCodeThenReattribution keeps an order nobody's code matched, lists it as
// unattributed, and credits it once the code is assigned, idempotently.
func TestUnknownCodeThenReattribution(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "USD"), "", "")
	deliver(t, w, "shopify", "orders-create", nil)
	processed(t, w)
	rec := w.Order("shopify", shopifyOrder)
	if rec.Status() != orderflow.Unattributed || rec.Decision.Reason != "no membership has the code Anna10" ||
		len(rec.Decision.UnknownCodes) != 1 {
		t.Fatalf("unknown code: %+v", rec.Decision)
	}
	views := orderflow.NewViews(w.Table)
	list, err := views.CampaignOrders(context.Background(), w.WS.ID, w.Campaign.ID, []string{w.Conns["shopify"].ID}, orderflow.ListUnattributed)
	if err != nil || len(list.Items) != 1 || list.Items[0].Revenue != 23998 {
		t.Fatalf("unattributed list: %+v %v", list.Items, err)
	}

	w.AssignCode(anna, "shopify", "anna10")
	for i, wantOutcome := range []orderflow.Outcome{orderflow.Applied, orderflow.Unchanged} {
		res, err := w.Proc.Reattribute(context.Background(), w.WS.ID, w.Conns["shopify"].ID, shopifyOrder, "ana@brand.example.com")
		if err != nil || res.Outcome != wantOutcome {
			t.Fatalf("re-attribution %d: %+v %v", i, res.Outcome, err)
		}
	}
	want(t, "after re-attribution", w.Total(anna, "USD"), 1, 0, 0, 23998, 0, 23998, 2400)
	l := w.Ledger(anna)
	if len(l) != 1 || !strings.HasPrefix(l[0].Source, "re-attribution by ana@brand.example.com") {
		t.Fatalf("ledger: %+v", l)
	}
	list, _ = views.CampaignOrders(context.Background(), w.WS.ID, w.Campaign.ID, []string{w.Conns["shopify"].ID}, orderflow.ListUnattributed)
	if len(list.Items) != 0 {
		t.Fatalf("still unattributed: %+v", list.Items)
	}
	if _, err := w.Proc.Reattribute(context.Background(), w.WS.ID, w.Conns["shopify"].ID, "nosuchorder", "ana"); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("unknown order: %v", err)
	}
}

// TestClickAttribution credits an order without a code to the click its landing page
// carries, when the click is inside the campaign's window before the order's creation.
func TestClickAttribution(t *testing.T) {
	created := time.Date(2026, 11, 2, 15, 15, 0, 0, time.UTC)
	noCode := func(t *testing.T) func([]byte) []byte { return ordertest.Replace(t, `"code": "Anna10"`, `"code": ""`) }
	tests := []struct {
		name     string
		window   int
		clickAge time.Duration
		credited bool
		reason   string
	}{
		{"inside the default window", 0, 10 * 24 * time.Hour, true, "inside the window"},
		{"exactly at the window's end", 0, 30 * 24 * time.Hour, true, "inside the window"},
		{"outside the default window", 0, 40 * 24 * time.Hour, false, "outside the window of 30 days"},
		{"outside a campaign's shorter window", 7, 10 * 24 * time.Hour, false, "outside the window of 7 days"},
		{"after the order", 0, -time.Hour, false, "after the order was created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := ordertest.New(t, ordertest.Options{WindowDays: tt.window})
			ben := w.Creator("Ben", commission(500, "USD"), "", "")
			w.Click("ck_7Hq2mZ", ben, created.Add(-tt.clickAge))
			deliver(t, w, "shopify", "orders-create", noCode(t))
			processed(t, w)
			rec := w.Order("shopify", shopifyOrder)
			if (rec.CreatorID == ben) != tt.credited || !strings.Contains(rec.Decision.Reason, tt.reason) {
				t.Fatalf("decision %+v", rec.Decision)
			}
			if tt.credited {
				want(t, "credited", w.Total(ben, "USD"), 1, 0, 0, 23998, 0, 23998, 1200)
				if got := w.Total(ben, "USD"); got.OrdersByClick != 1 || got.NetByClick != 23998 || got.OrdersByCode != 0 {
					t.Fatalf("split by method: %+v", got)
				}
				if rec.Decision.Method != attribution.ByClick || rec.Decision.ClickID != "ck_7Hq2mZ" {
					t.Fatalf("method %+v", rec.Decision)
				}
			}
		})
	}
}

// TestTwoCodesAndPrecedence: the first of two codes wins and the reason names the other;
// a click of another creator loses to a code unless the workspace prefers clicks.
func TestTwoCodesAndPrecedence(t *testing.T) {
	twoCodes := func(t *testing.T) func([]byte) []byte {
		return ordertest.Replace(t, `"code": "Anna10",`, `"code": "Anna10", "amount": "5.00", "type": "fixed_amount"}, {"code": "ben20",`)
	}
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	ben := w.Creator("Ben", commission(1000, "USD"), "shopify", "BEN20")
	deliver(t, w, "shopify", "orders-create", twoCodes(t))
	processed(t, w)
	rec := w.Order("shopify", shopifyOrder)
	if rec.CreatorID != anna || !strings.Contains(rec.Decision.Reason, "also carries code ben20 (membership "+w.Campaign.ID+"/"+ben+")") {
		t.Fatalf("two codes: %+v", rec.Decision)
	}
	if len(w.Ledger(ben)) != 0 || w.Total(anna, "USD").Orders != 1 {
		t.Fatal("a single order credited twice")
	}

	created := time.Date(2026, 11, 2, 15, 15, 0, 0, time.UTC)
	for _, prec := range []string{"coupon", "click"} {
		t.Run(prec, func(t *testing.T) {
			w := ordertest.New(t, ordertest.Options{Precedence: prec})
			anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
			ben := w.Creator("Ben", commission(1000, "USD"), "", "")
			w.Click("ck_7Hq2mZ", ben, created.Add(-time.Hour))
			deliver(t, w, "shopify", "orders-create", nil)
			processed(t, w)
			rec := w.Order("shopify", shopifyOrder)
			wantCreator := map[string]string{"coupon": anna, "click": ben}[prec]
			if rec.CreatorID != wantCreator || !strings.Contains(rec.Decision.Reason, "wins over") {
				t.Fatalf("%s precedence: %+v", prec, rec.Decision)
			}
		})
	}
}

// TestDeadLetterAndReplay: a fee agreed in another currency than the order's cannot be
// computed, so retrying cannot help; the event is dead-lettered at once and the stream
// moves on. After the terms are fixed, a replay applies it, and a second replay finds
// nothing to do.
func TestDeadLetterAndReplay(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", campaigns.Compensation{Model: "per_sale", PerSale: 300, Currency: "EUR"}, "shopify", "ANNA10")
	deliver(t, w, "shopify", "orders-create", nil)
	processed(t, w)
	ctx := context.Background()
	fails, err := w.Table.Failures(ctx, w.WS.ID, w.Conns["shopify"].ID)
	if err != nil || len(fails) != 1 || !fails[0].Dead || !fails[0].Permanent || fails[0].Attempts != 1 ||
		!strings.Contains(fails[0].Error, "currency") {
		t.Fatalf("failures: %+v %v", fails, err)
	}
	if _, err := w.Table.OrderRecord(ctx, w.WS.ID, w.Conns["shopify"].ID, shopifyOrder); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("a failed event left a record: %v", err)
	}
	dl, err := orderflow.NewViews(w.Table).Deliveries(ctx, w.WS.ID, w.Conns["shopify"].ID)
	if err != nil || len(dl.Items) != 1 || dl.Items[0].Outcome != "dead_lettered" {
		t.Fatalf("deliveries: %+v %v", dl.Items, err)
	}

	m, err := w.Table.CampaignMember(ctx, w.WS.ID, w.Campaign.ID, anna)
	if err != nil {
		t.Fatal(err)
	}
	m.Compensation.Currency, m.Version = "USD", m.Version+1
	if err := w.Table.UpdateCampaignMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	for i, wantApplied := range []int{1, 0} {
		r, err := w.Proc.Replay(ctx, w.WS.ID, w.Conns["shopify"].ID)
		if err != nil || r.Applied != wantApplied || len(r.Failed) != 0 {
			t.Fatalf("replay %d: %+v %v", i, r, err)
		}
	}
	want(t, "after replay", w.Total(anna, "USD"), 1, 0, 0, 23998, 0, 23998, 300)
	dl, _ = orderflow.NewViews(w.Table).Deliveries(ctx, w.WS.ID, w.Conns["shopify"].ID)
	if len(dl.Items) != 1 || dl.Items[0].Outcome != "applied" {
		t.Fatalf("deliveries after replay: %+v", dl.Items)
	}
}

// flakyStore fails the first n commits as a throttled store does.
type flakyStore struct {
	*store.Table
	failures atomic.Int32
}

func (f *flakyStore) Commit(ctx context.Context, c orderflow.Change) error {
	if f.failures.Add(-1) >= 0 {
		return apperr.ErrUnavailable
	}
	return f.Table.Commit(ctx, c)
}

// TestRetriesThenDeadLetter: a transient failure is reported as a partial batch failure
// at the failing record, so the stream retries it and the records behind it wait; after
// MaxAttempts it is dead-lettered and the rest flows.
func TestRetriesThenDeadLetter(t *testing.T) {
	table := dynamotest.NewTable(t)
	flaky := &flakyStore{Table: table}
	w := ordertest.New(t, ordertest.Options{Table: table, Store: flaky, ProcOptions: []orderflow.Option{orderflow.WithMaxAttempts(3)}})
	anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	deliver(t, w, "shopify", "orders-create", nil)
	deliver(t, w, "woocommerce", "order-created", nil)
	ev := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{
		w.StreamRecord(w.Conns["shopify"].ID, "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5"),
		w.StreamRecord(w.Conns["woocommerce"].ID, "woocommerce|order.created|727@2026-11-02T15:28:08"),
	}}
	flaky.failures.Store(3)
	for attempt := 1; attempt <= 3; attempt++ {
		res, err := w.Stream.Handle(context.Background(), ev)
		failedFirst := len(res.BatchItemFailures) == 1 && res.BatchItemFailures[0].ItemIdentifier == ev.Records[0].Change.SequenceNumber
		if err != nil || (attempt < 3) != failedFirst {
			t.Fatalf("attempt %d: %+v %v", attempt, res, err)
		}
		if attempt < 3 {
			if _, err := w.Table.OrderRecord(context.Background(), w.WS.ID, w.Conns["woocommerce"].ID, wooOrder); !errors.Is(err, apperr.ErrNotFound) {
				t.Fatal("a record behind a failing one was applied out of order")
			}
		}
	}
	fails, _ := w.Table.Failures(context.Background(), w.WS.ID, w.Conns["shopify"].ID)
	if len(fails) != 1 || !fails[0].Dead || fails[0].Permanent || fails[0].Attempts != 3 {
		t.Fatalf("failure record: %+v", fails)
	}
	if rec := w.Order("woocommerce", wooOrder); rec.Order == nil {
		t.Fatal("the record behind the dead-lettered one was not applied")
	}
	r, err := w.Proc.Replay(context.Background(), w.WS.ID, w.Conns["shopify"].ID)
	if err != nil || r.Applied != 1 {
		t.Fatalf("replay: %+v %v", r, err)
	}
	want(t, "after replay", w.Total(anna, "USD"), 1, 0, 0, 23998, 0, 23998, 2400)
}

// TestOtherRecordsAreSkipped: the handler ignores modifications and items that are not
// inbox items, as it would behind a broader filter.
func TestOtherRecordsAreSkipped(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	deliver(t, w, "shopify", "orders-create", nil)
	rec := w.StreamRecord(w.Conns["shopify"].ID, "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5")
	modify := rec
	modify.EventName = "MODIFY"
	other := rec
	other.Change.NewImage = map[string]events.DynamoDBAttributeValue{"pk": events.NewStringAttribute("WS#x"), "sk": events.NewStringAttribute("WS")}
	res, err := w.Stream.Handle(context.Background(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{modify, other}})
	if err != nil || len(res.BatchItemFailures) > 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := w.Table.OrderRecord(context.Background(), w.WS.ID, w.Conns["shopify"].ID, shopifyOrder); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatal("a skipped record was applied")
	}
}

// TestApplyDirectly runs the synchronous core without the stream: the same outcome, and
// a second Apply of the same delivery reports it was applied already.
func TestApplyDirectly(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	deliver(t, w, "shopify", "orders-create", nil)
	d, err := w.Table.Delivery(context.Background(), w.Conns["shopify"].ID, "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5")
	if err != nil {
		t.Fatal(err)
	}
	for i, outcome := range []orderflow.Outcome{orderflow.Applied, orderflow.AlreadyApplied} {
		res, err := w.Proc.Apply(context.Background(), d)
		if err != nil || res.Outcome != outcome {
			t.Fatalf("apply %d: %+v %v", i, res.Outcome, err)
		}
	}
	want(t, "applied", w.Total(anna, "USD"), 1, 0, 0, 23998, 0, 23998, 2400)
}

// TestConcurrentEventsOfOneOrder applies an order's create, update and refund at the same
// time, as parallel consumers could: the record's version makes them take turns, and the
// result is the same as in sequence.
func TestConcurrentEventsOfOneOrder(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", commission(1000, "USD"), "shopify", "ANNA10")
	keys := []string{
		"shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5",
		"shopify|orders/updated|2f1c4e3a-61f0-4d6e-9a47-0b8d5c2e7f19",
		"shopify|refunds/create|2f1c4e3a-61f0-4d6e-9a47-0b8d5c2e7f19",
	}
	for _, s := range []string{"orders-create", "orders-updated", "refunds-create"} {
		deliver(t, w, "shopify", s, nil)
	}
	errs := make(chan error, len(keys)*2)
	for range 2 {
		for _, k := range keys {
			go func() {
				d, err := w.Table.Delivery(context.Background(), w.Conns["shopify"].ID, k)
				if err == nil {
					_, err = w.Proc.Apply(context.Background(), d)
				}
				errs <- err
			}()
		}
	}
	for range len(keys) * 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	want(t, "after concurrent events", w.Total(anna, "USD"), 1, 0, 0, 23998, 8999, 14999, 1500)
	if m, err := w.Table.Markers(context.Background(), w.WS.ID, w.Conns["shopify"].ID, 10); err != nil || len(m) != 3 {
		t.Fatalf("%d events marked applied (%v), want 3", len(m), err)
	}
}
