package main

import (
	"context"
	"os"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/results"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// An order applied without the stream's packer running shows in the results only once
// the command has repacked the campaign from the counters.
func TestRepackShowsWhatTheStreamMissed(t *testing.T) {
	w := ordertest.New(t, ordertest.Options{})
	anna := w.Creator("Anna", campaigns.Compensation{Model: "per_sale", PerSale: 300, Currency: "USD"}, "shopify", "ANNA10")
	if res := w.Deliver("shopify", "orders-create", nil); res.StatusCode != 200 {
		t.Fatal(res.Body)
	}
	w.Process()
	ctx := context.Background()
	setup := results.Setup{Campaign: w.Campaign, Members: []results.MemberInput{{CreatorID: anna}}}
	// The sample order is of 2026-11-02; any workspace time zone keeps it in the range.
	days := results.Range{From: "2026-10-01", To: "2026-11-30"}
	orders := func() int64 {
		agg, err := w.Table.Results().Days(ctx, setup, days)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, s := range agg.Creators[0].Sales {
			n += s.Orders
		}
		return n
	}
	if n := orders(); n != 0 {
		t.Fatalf("%d orders before any packing", n)
	}
	endpoint := dynamotest.Endpoint(t)
	for _, campaign := range []string{w.Campaign.ID, ""} { // one campaign, then all of them
		if err := run(endpoint, w.Table.Name, w.WS.ID, campaign); err != nil {
			t.Fatal(err)
		}
		if n := orders(); n != 1 {
			t.Fatalf("%d orders after repacking %q", n, campaign)
		}
	}
	if err := run(endpoint, w.Table.Name, "", ""); err == nil {
		t.Fatal("a workspace is required")
	}
}
