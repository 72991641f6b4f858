package api

import (
	"fmt"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/system"
)

// TestOrderRoutes follows an order a code was assigned for too late: it arrives
// unattributed, shows up among the campaign's unattributed orders once the code is on its
// shop, is re-attributed (twice, the second time changing nothing), and then appears in
// the creator's ledger, the campaign's orders and the connection's delivery log.
func TestOrderRoutes(t *testing.T) {
	h := newHarness(t)
	w := ordertest.New(t, ordertest.Options{Table: h.table})
	anna := w.Creator("Anna", campaigns.Compensation{Model: "commission", CommissionBps: 1000, Currency: "USD"}, "", "")
	conn := w.Conns["shopify"].ID
	if res := w.Deliver("shopify", "orders-create", nil); res.StatusCode != 200 {
		t.Fatalf("deliver: %d %s", res.StatusCode, res.Body)
	}
	if res := w.Process(); len(res.BatchItemFailures) > 0 {
		t.Fatalf("process: %+v", res)
	}
	C := p("ws", w.WS.ID, "campaign", w.Campaign.ID)
	M := p("ws", w.WS.ID, "campaign", w.Campaign.ID, "creator", anna)
	O := p("ws", w.WS.ID, "connection", conn, "order", "820982911946154508")
	K := p("ws", w.WS.ID, "connection", conn)

	var orders orderflow.CampaignOrders
	h.must(200, ana, system.RouteCampaignOrders, C, "").decode(t, &orders)
	if len(orders.Items) != 0 {
		t.Fatalf("credited orders before the code: %+v", orders.Items)
	}
	h.must(201, ana, system.RouteCodeAssign, M, fmt.Sprintf(`{"connectionId":%q,"code":"anna10"}`, conn))
	h.must(200, ana, system.RouteCampaignOrders, C, "", "?", "status=unattributed").decode(t, &orders)
	if len(orders.Items) != 1 || orders.Items[0].Status != orderflow.Unattributed || orders.Items[0].Reason != "no membership has the code Anna10" {
		t.Fatalf("unattributed: %+v", orders.Items)
	}
	h.must(422, ana, system.RouteCampaignOrders, C, "", "?", "status=lost")

	var re reattributeResult
	h.must(200, ana, system.RouteOrderReattribute, O, "").decode(t, &re)
	if re.Outcome != orderflow.Applied || re.Order.CreatorID != anna || len(re.Entries) != 1 || re.Entries[0].Commission != 2400 {
		t.Fatalf("re-attribution: %+v", re)
	}
	h.must(200, ana, system.RouteOrderReattribute, O, `{}`).decode(t, &re)
	if re.Outcome != orderflow.Unchanged || len(re.Entries) != 0 {
		t.Fatalf("second re-attribution: %+v", re)
	}

	h.must(200, ana, system.RouteCampaignOrders, C, "").decode(t, &orders)
	if len(orders.Items) != 1 || orders.Items[0].Net != 23998 || len(orders.Totals) != 1 || orders.Totals[0].Orders != 1 ||
		len(orders.Days) != 1 || orders.Days[0].Day != "2026-11-02" {
		t.Fatalf("campaign orders: %+v", orders)
	}
	var ledger orderflow.Ledger
	h.must(200, ana, system.RouteCampaignCreatorLedger, M, "").decode(t, &ledger)
	if len(ledger.Entries) != 1 || ledger.Entries[0].Reason != "order: net revenue 239.98 USD, commission 24.00 USD" ||
		len(ledger.Totals) != 1 || ledger.Totals[0].Commission != 2400 || len(ledger.Codes) != 1 || ledger.Codes[0].Flagged {
		t.Fatalf("ledger: %+v", ledger)
	}

	var dl orderflow.Deliveries
	h.must(200, ana, system.RouteConnectionDeliveries, K, "").decode(t, &dl)
	if len(dl.Items) != 1 || dl.Items[0].Outcome != "applied" || dl.Items[0].Key != "shopify|orders/create|98880550-7158-44d4-b7cd-2c97c8a091b5" {
		t.Fatalf("deliveries: %+v", dl)
	}

	var view connections.View
	h.must(200, ana, system.RouteConnectionCredentials, K, `{"adminToken":"shpat_0123456789abcdef"}`, "if-match", `"1"`).decode(t, &view)
	var rec inbox.Reconciliation
	h.must(200, ana, system.RouteConnectionReconciliation, K, "").decode(t, &rec)
	if !view.Reconciles || !rec.Enabled || rec.Recovered != 0 {
		t.Fatalf("reconciliation: %+v %+v", view, rec)
	}
	var detail connectionDetail
	h.must(200, ana, system.RouteConnection, K, "").decode(t, &detail)
	if detail.ID != conn || !detail.Reconciliation.Enabled || detail.WebhookURL == "" {
		t.Fatalf("connection: %+v", detail)
	}
	var replay orderflow.ReplayReport
	h.must(200, ana, system.RouteConnectionReplay, K, "").decode(t, &replay)
	if replay.Tried != 0 {
		t.Fatalf("replay: %+v", replay)
	}
	h.must(404, ana, system.RouteConnectionDeliveries, p("ws", w.WS.ID, "connection", "nosuchconnectio2"), "")
}
