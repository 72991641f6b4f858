// Package ordertest builds a small world for the tests of the order path: a workspace on
// DynamoDB Local with a campaign, creators holding coupon codes on shop connections, the
// webhook handler, the order processor and its stream handler, and deliveries signed the
// way each platform signs them, from the samples in events/.
package ordertest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/orderstream"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/streamimage"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// Secrets the test connections sign with.
const (
	ShopifySecret = "shpss_test_4f7d1c2b9a0e8f6d"
	WooSecret     = "wc_test_secret_9e8d7c6b"
	StripeSecret  = "whsec_test_5a4b3c2d1e0f"
)

// SampleConnectionID and SampleSecret are the connection and secret that
// events/apigateway/webhook-shopify.json was signed for.
const (
	SampleConnectionID = "k7shopifysample2"
	SampleSecret       = "shpss_sample_webhook_secret"
)

// World is one workspace with one campaign, ready to receive orders.
type World struct {
	T        testing.TB
	Table    *store.Table
	Sealer   secrets.Sealer
	WS       workspaces.Workspace
	Campaign campaigns.Campaign
	Intake   *intake.Handler
	Proc     *orderflow.Processor
	Stream   *orderstream.Handler
	// Conns are the connections by platform name.
	Conns map[string]connections.Connection
	// Now is the handler's clock; Stripe signatures are made at it.
	Now time.Time

	mu      sync.Mutex
	pending []pendingDelivery
	seq     int
}

type pendingDelivery struct{ conn, key string }

// Options shape a World.
type Options struct {
	// Table is the table to use; a fresh one when nil.
	Table *store.Table
	// WindowDays is the campaign's attribution window (default 30).
	WindowDays int
	// Precedence is the workspace's ("coupon" or "click").
	Precedence string
	// Processor options, such as orderflow.WithMaxAttempts.
	ProcOptions []orderflow.Option
	// Store, when set, is what the processor writes through (a fault-injecting wrapper).
	Store orderflow.Store
	// Sealer seals the connections' secrets; a fixed test key when nil.
	Sealer secrets.Sealer
}

// New builds a world on DynamoDB Local with Shopify, WooCommerce and Stripe connections.
func New(t testing.TB, o Options) *World {
	t.Helper()
	ctx := context.Background()
	table := o.Table
	if table == nil {
		table = dynamotest.NewTable(t)
	}
	sealer := o.Sealer
	if sealer == nil {
		var err error
		if sealer, err = secrets.NewLocalSealer(bytes.Repeat([]byte{7}, 32)); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC()
	w := &World{T: t, Table: table, Sealer: sealer, Now: now, Conns: map[string]connections.Connection{}}
	if o.Precedence == "" {
		o.Precedence = "coupon"
	}
	w.WS = workspaces.Workspace{ID: ids.New(), Name: "Trail Co", TimeZone: "America/New_York", Currency: "USD",
		Settings: workspaces.Settings{Precedence: o.Precedence, ClickParam: "htclid"}, Created: now, Version: 1}
	owner := workspaces.Member{WorkspaceID: w.WS.ID, UserID: "sub-ana", Email: "ana@brand.example.com", Role: workspaces.Owner, Version: 1}
	must(t, table.CreateWorkspace(ctx, w.WS, owner))
	window := o.WindowDays
	if window == 0 {
		window = 30
	}
	w.Campaign = campaigns.Campaign{ID: ids.New(), WorkspaceID: w.WS.ID, Name: "Spring", Slug: "spring", Objective: "sales",
		Status: "active", AttributionWindowDays: window, Budget: campaigns.Money{Currency: "USD"}, Created: now, Version: 1}
	must(t, table.CreateCampaign(ctx, w.Campaign))
	svc := connections.NewService(table, sealer, "https://api.example.com")
	for _, c := range []struct{ platform, shop, secret string }{
		{"shopify", "hypetrack-demo.myshopify.com", ShopifySecret},
		{"woocommerce", "https://shop.example.com", WooSecret},
		{"stripe", "", StripeSecret},
	} {
		v, err := svc.Create(ctx, w.WS.ID, connections.Input{Platform: c.platform, Shop: c.shop, Secret: c.secret})
		must(t, err)
		conn, err := table.Connection(ctx, v.ID)
		must(t, err)
		w.Conns[c.platform] = conn
	}
	w.Intake = intake.New(intake.Deps{Connections: table, Secrets: svc, Inbox: table, Notes: table},
		intake.WithClock(func() time.Time { return w.Now }))
	var st orderflow.Store = table
	if o.Store != nil {
		st = o.Store
	}
	w.Proc = orderflow.New(st, table, table.Clicks(), o.ProcOptions...)
	w.Stream = orderstream.New(w.Proc)
	return w
}

// AddSampleConnection stores the connection the sample API Gateway event was signed for.
func (w *World) AddSampleConnection() connections.Connection {
	w.T.Helper()
	sealed, err := w.Sealer.Seal(context.Background(), []byte(SampleSecret), SampleConnectionID)
	must(w.T, err)
	c := connections.Connection{ID: SampleConnectionID, WorkspaceID: w.WS.ID, Platform: "shopify",
		Shop: "hypetrack-demo.myshopify.com", SealedSecret: sealed, Created: w.Now, Version: 1}
	must(w.T, w.Table.CreateConnection(context.Background(), c))
	return c
}

// Creator adds a creator to the campaign with terms and, when code is set, a coupon code
// on the platform's connection. It returns the creator's id.
func (w *World) Creator(name string, comp campaigns.Compensation, platform, code string) string {
	w.T.Helper()
	ctx := context.Background()
	m := campaigns.Member{WorkspaceID: w.WS.ID, CampaignID: w.Campaign.ID, CreatorID: ids.New(), CreatorName: name,
		Stage: "live", Compensation: comp, Codes: []campaigns.Code{}, Added: w.Now, Updated: w.Now, Version: 1}
	must(w.T, w.Table.AddMember(ctx, m))
	if code != "" {
		w.AssignCode(m.CreatorID, platform, code)
	}
	return m.CreatorID
}

// AssignCode gives a creator a code on the platform's connection.
func (w *World) AssignCode(creatorID, platform, code string) {
	w.T.Helper()
	ctx := context.Background()
	svc := campaigns.NewService(w.Table, nil)
	m, err := svc.Member(ctx, w.WS.ID, w.Campaign.ID, creatorID)
	must(w.T, err)
	_, err = svc.AssignCode(ctx, m, w.Conns[platform].ID, code)
	must(w.T, err)
}

// Click records a tracking-link click of a creator, as the redirect stores it.
func (w *World) Click(id, creatorID string, at time.Time) {
	w.T.Helper()
	type clickItem struct {
		PK           string    `json:"pk"`
		SK           string    `json:"sk"`
		ClickID      string    `json:"clickId"`
		At           time.Time `json:"at"`
		WorkspaceID  string    `json:"workspaceId"`
		CampaignID   string    `json:"campaignId"`
		MembershipID string    `json:"membershipId"`
	}
	must(w.T, w.Table.Put(context.Background(), clickItem{PK: "CLICK#" + id, SK: "CLICK", ClickID: id, At: at,
		WorkspaceID: w.WS.ID, CampaignID: w.Campaign.ID, MembershipID: creatorID}, store.Condition{}))
}

// Sample reads a platform sample's body and headers (name without extension, such as
// "shopify/orders-create").
func (w *World) Sample(name string) (map[string]string, []byte) {
	w.T.Helper()
	body := sampleevents.Read(w.T, name+".json")
	h := map[string]string{}
	for k, v := range sampleevents.Headers(w.T, name+".headers.json") {
		h[strings.ToLower(k)] = v
	}
	return h, body
}

// Signed builds the API Gateway event of a delivery to the platform's connection, signed
// with secret the way the platform signs.
func (w *World) Signed(platform string, headers map[string]string, body []byte, secret string) events.APIGatewayV2HTTPRequest {
	h := map[string]string{}
	for k, v := range headers {
		h[k] = v
	}
	switch platform {
	case "shopify":
		h["x-shopify-hmac-sha256"] = B64HMAC(body, secret)
	case "woocommerce":
		h["x-wc-webhook-signature"] = B64HMAC(body, secret)
	case "stripe":
		h["stripe-signature"] = StripeSignature(body, secret, w.Now)
	}
	return w.Request(platform, w.Conns[platform].ID, h, body)
}

// Request is the API Gateway event of a POST to /webhooks/{platform}/{connection}.
func (w *World) Request(platform, conn string, headers map[string]string, body []byte) events.APIGatewayV2HTTPRequest {
	path := "/webhooks/" + platform + "/" + conn
	return events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: system.RouteWebhook, RawPath: path, Headers: headers, Body: string(body),
		PathParameters: map[string]string{"platform": platform, "connection": conn},
		RequestContext: events.APIGatewayV2HTTPRequestContext{RouteKey: system.RouteWebhook,
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST", Path: path}},
	}
}

// Deliver posts a platform sample, optionally changed by edit, signed with the
// connection's secret, and returns the handler's answer.
func (w *World) Deliver(platform, sample string, edit func([]byte) []byte) events.APIGatewayV2HTTPResponse {
	w.T.Helper()
	h, body := w.Sample(platform + "/" + sample)
	if edit != nil {
		body = edit(body)
	}
	return w.Post(w.Signed(platform, h, body, SecretOf(platform)))
}

// Post hands a request to the webhook handler and queues an accepted event for Process.
func (w *World) Post(req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
	w.T.Helper()
	res, err := w.Intake.Handle(context.Background(), req)
	must(w.T, err)
	var a intake.Answer
	if res.StatusCode == 200 && json.Unmarshal([]byte(res.Body), &a) == nil && a.Status == "accepted" {
		w.mu.Lock()
		w.pending = append(w.pending, pendingDelivery{conn: req.PathParameters["connection"], key: a.Key})
		w.mu.Unlock()
	}
	return res
}

// Process feeds every accepted and not yet processed delivery to the stream handler, one
// DynamoDBEvent built from the stored inbox items, in the order they were accepted, and
// returns the handler's response.
func (w *World) Process() events.DynamoDBEventResponse {
	w.T.Helper()
	w.mu.Lock()
	pending := w.pending
	w.pending = nil
	w.mu.Unlock()
	var ev events.DynamoDBEvent
	for _, p := range pending {
		ev.Records = append(ev.Records, w.StreamRecord(p.conn, p.key))
	}
	res, err := w.Stream.Handle(context.Background(), ev)
	must(w.T, err)
	return res
}

// StreamRecord builds the stream record of a stored inbox item.
func (w *World) StreamRecord(conn, key string) events.DynamoDBEventRecord {
	w.T.Helper()
	out, err := w.Table.DB.GetItem(context.Background(), &dynamodb.GetItemInput{
		TableName: aws.String(w.Table.Name), ConsistentRead: aws.Bool(true),
		Key: map[string]ddbAttr{"pk": str(system.InboxItemPrefix + conn), "sk": str(key)},
	})
	must(w.T, err)
	if out.Item == nil {
		w.T.Fatalf("no inbox item %s on %s", key, conn)
	}
	w.mu.Lock()
	w.seq++
	seq := strconv.Itoa(100000000000000000 + w.seq)
	w.mu.Unlock()
	rec, err := streamimage.Record(seq, out.Item)
	must(w.T, err)
	return rec
}

// Order reads an order record.
func (w *World) Order(platform, orderID string) orderflow.Record {
	w.T.Helper()
	r, err := w.Table.OrderRecord(context.Background(), w.WS.ID, w.Conns[platform].ID, orderID)
	if err != nil {
		w.T.Fatalf("order %s on %s: %v", orderID, platform, err)
	}
	return r
}

// Ledger reads a creator's ledger.
func (w *World) Ledger(creatorID string) []orderflow.LedgerEntry {
	w.T.Helper()
	l, err := w.Table.LedgerEntries(context.Background(), w.WS.ID, w.Campaign.ID, creatorID)
	must(w.T, err)
	return l
}

// Total reads a campaign's (creatorID empty) or creator's all-time counter in a currency.
func (w *World) Total(creatorID, currency string) orderflow.Counter {
	w.T.Helper()
	all, err := w.Table.OrderCounters(context.Background(), w.WS.ID, w.Campaign.ID, creatorID)
	must(w.T, err)
	i := slices.IndexFunc(all, func(c orderflow.Counter) bool { return c.Day == "" && c.Currency == currency })
	if i < 0 {
		return orderflow.Counter{CounterKey: orderflow.CounterKey{Currency: currency}}
	}
	return all[i]
}

// InboxCount counts a connection's inbox items.
func (w *World) InboxCount(platform string) int {
	w.T.Helper()
	list, err := w.Table.Deliveries(context.Background(), w.Conns[platform].ID, time.Time{})
	must(w.T, err)
	return len(list)
}

// SecretOf returns the test secret of a platform's connection.
func SecretOf(platform string) string {
	switch platform {
	case "shopify":
		return ShopifySecret
	case "woocommerce":
		return WooSecret
	}
	return StripeSecret
}

// B64HMAC is base64(HMAC-SHA256(secret, body)), Shopify's and WooCommerce's signature.
func B64HMAC(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// StripeSignature is the Stripe-Signature header for body signed at t.
func StripeSignature(body []byte, secret string, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return fmt.Sprintf("t=%s,v1=%s", ts, hex.EncodeToString(mac.Sum(nil)))
}

// Replace swaps the first old in body for new, failing the test when old is missing.
func Replace(t testing.TB, old, new string) func([]byte) []byte {
	return func(b []byte) []byte {
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("sample has no %q", old)
		}
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
