package main

import (
	"context"
	"os"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/ordertest"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// TestReplay dead-letters an event, fixes its cause and replays it through the command,
// then replays the whole inbox, which finds everything applied already.
func TestReplay(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", campaigns.Compensation{Model: "per_sale", PerSale: 300, Currency: "EUR"}, "shopify", "ANNA10")
	if res := w.Deliver("shopify", "orders-create", nil); res.StatusCode != 200 {
		t.Fatal(res.Body)
	}
	w.Process()
	conn := w.Conns["shopify"].ID
	endpoint := dynamotest.Endpoint(t)
	if err := run(endpoint, w.Table.Name, conn, false, ""); err == nil {
		t.Fatal("a replay before the fix must report the event failing again")
	}
	m, err := w.Table.CampaignMember(context.Background(), w.WS.ID, w.Campaign.ID, anna)
	if err != nil {
		t.Fatal(err)
	}
	m.Compensation.Currency, m.Version = "USD", m.Version+1
	if err := w.Table.UpdateCampaignMember(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if err := run(endpoint, w.Table.Name, conn, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := run(endpoint, w.Table.Name, conn, true, "2020-01-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	if got := w.Total(anna, "USD"); got.Orders != 1 || got.Commission != 300 {
		t.Fatalf("after replay: %+v", got)
	}
	if err := run(endpoint, w.Table.Name, "", false, ""); err == nil {
		t.Fatal("a connection is required")
	}
}
