package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/ordertest"
	"github.com/hypetrack/hypetrack/shared/results"
)

// TestClickThenOrderThroughTheLocalStack follows a sale the way it happens: a consumer
// clicks a creator's link (the redirect records the click and adds htclid to the shop's
// URL), buys, and the shop posts the order webhook, carrying the click id in its landing
// page, over HTTP to the local stack. The stream poller hands the stored event to the
// orders function, which credits the creator by the click.
func TestClickThenOrderThroughTheLocalStack(t *testing.T) {
	s := startStack(t)
	w := ordertest.New(t, ordertest.Options{Table: s.table, Sealer: testSealer(t)})
	ctx := context.Background()
	ben := w.Creator("Ben", campaigns.Compensation{Model: "commission", CommissionBps: 500, Currency: "USD"}, "", "")
	link, err := links.NewService(s.table).Create(ctx, links.CreateInput{
		WorkspaceID: w.WS.ID,
		Campaign:    links.Campaign{ID: w.Campaign.ID, Slug: "spring", BrandURL: "https://hypetrack-demo.myshopify.com/"},
		Membership:  links.Membership{ID: ben, CreatorHandle: "ben", Platform: "tiktok"},
		Destination: "https://hypetrack-demo.myshopify.com/products/aviator-sunglasses",
	})
	if err != nil {
		t.Fatal(err)
	}

	client := noFollow()
	req, _ := http.NewRequest(http.MethodGet, s.url+"/"+link.Code, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	clickID := loc.Query().Get("htclid")
	if res.StatusCode != http.StatusFound || clickID == "" {
		t.Fatalf("redirect: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// Shopping takes a while: by the time of the order, a click the redirect had to park
	// on a loaded machine has been written by the local stack's replay.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if _, err := s.table.Click(ctx, clickID); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("click %s was never stored: %v", clickID, err)
		}
	}

	// The order is placed a minute after the click, with no coupon code.
	placed := time.Now().UTC().Add(time.Minute).Format(time.RFC3339)
	head, body := w.Sample("shopify/orders-create")
	for _, edit := range []func([]byte) []byte{
		ordertest.Replace(t, `htclid=ck_7Hq2mZ`, "htclid="+clickID),
		ordertest.Replace(t, `"code": "Anna10"`, `"code": ""`),
		ordertest.Replace(t, `"created_at": "2026-11-02T10:15:00-05:00"`, fmt.Sprintf(`"created_at": %q`, placed)),
		ordertest.Replace(t, `"updated_at": "2026-11-02T10:15:04-05:00"`, fmt.Sprintf(`"updated_at": %q`, placed)),
	} {
		body = edit(body)
	}
	// Posted as Shopify posts it, and retried as Shopify retries a 5xx: on a loaded machine
	// DynamoDB Local can stall past the webhook's time budget.
	var answer []byte
	for attempt := 1; ; attempt++ {
		post, _ := http.NewRequest(http.MethodPost, s.url+"/webhooks/shopify/"+w.Conns["shopify"].ID, strings.NewReader(string(body)))
		for k, v := range head {
			post.Header.Set(k, v)
		}
		post.Header.Set("X-Shopify-Hmac-Sha256", ordertest.B64HMAC(body, ordertest.ShopifySecret))
		res, err = client.Do(post)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode < 500 || attempt == 10 {
			break
		}
		time.Sleep(time.Second)
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(string(answer), `"accepted"`) && !strings.Contains(string(answer), `"duplicate"`) {
		t.Fatalf("webhook: %d %s", res.StatusCode, answer)
	}

	var rec orderflow.Record
	deadline := time.Now().Add(90 * time.Second)
	for {
		rec, err = s.table.OrderRecord(ctx, w.WS.ID, w.Conns["shopify"].ID, "820982911946154508")
		if err == nil {
			break
		}
		if !errors.Is(err, apperr.ErrNotFound) || time.Now().After(deadline) {
			t.Fatalf("the stream consumer did not apply the order: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if rec.CreatorID != ben || rec.Decision.Method != attribution.ByClick || rec.Decision.ClickID != clickID ||
		rec.State.Commission.Minor != 1200 {
		t.Fatalf("order record: %+v", rec.Decision)
	}

	// The click's and the order's counters reach the campaign results through the
	// stream and the resultspack function.
	setup := results.Setup{Campaign: w.Campaign, Members: []results.MemberInput{{CreatorID: ben}}}
	today := results.DayOf(time.Now(), time.UTC)
	days := results.Range{From: today.Add(-1), To: today.Add(1)}
	var member results.MemberDays
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		agg, err := s.table.Results().Days(ctx, setup, days)
		if err != nil {
			t.Fatal(err)
		}
		member = agg.Creators[0]
		if len(member.Traffic) == 1 && len(member.Sales) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the results never showed the click and the order: %+v", member)
		}
	}
	if member.Traffic[0].Clicks != 1 || member.Sales[0].Orders != 1 || member.Sales[0].OrdersByClick != 1 ||
		member.Sales[0].Commission != 1200 {
		t.Fatalf("results: traffic %+v, sales %+v", member.Traffic, member.Sales)
	}
}
