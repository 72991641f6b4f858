package streams_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/infra/local/streams"
	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/clickstats"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// TestPollerFiltersRetriesAndCountsOnce writes clicks and other items, fails the consumer's
// first batch halfway and its second batch outright, and checks that the consumer saw
// only click inserts, got the failed records again, and counted every click once.
func TestPollerFiltersRetriesAndCountsOnce(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	const n = 30
	for i := range n {
		c := links.Click{ID: fmt.Sprintf("click-%02d", i), At: at, Domain: "hypt.link", Code: "AAAAAAA",
			WorkspaceID: "w1", CampaignID: "c1", MembershipID: "m1", VisitorKey: fmt.Sprintf("v%d", i%4), Device: "mobile"}
		if err := table.PutClick(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// A link is not a click: the subscription must not deliver it.
	if err := table.CreateLink(ctx, links.Link{Domain: "hypt.link", Code: "AAAAAAA", WorkspaceID: "w1", Destination: "https://shop.example.com/"}); err != nil {
		t.Fatal(err)
	}

	fn, _ := system.FunctionByName(system.ClickStats)
	fn.Stream.BatchSize = 10
	consumer := clickstats.New(table)
	var (
		mu       sync.Mutex
		calls    int
		received = map[string]int{}
	)
	handler := func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		mu.Lock()
		calls++
		call := calls
		for _, r := range ev.Records {
			received[r.Change.Keys["pk"].String()]++
		}
		mu.Unlock()
		switch call {
		case 1: // count the first half, then report the rest failed
			if _, err := consumer.Handle(ctx, events.DynamoDBEvent{Records: ev.Records[:5]}); err != nil {
				return events.DynamoDBEventResponse{}, err
			}
			return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{{ItemIdentifier: ev.Records[5].Change.SequenceNumber}}}, nil
		case 2:
			return events.DynamoDBEventResponse{}, fmt.Errorf("function timed out")
		}
		return consumer.Handle(ctx, ev)
	}
	p, err := streams.New(ctx, table, dynamotest.Endpoint(t), fn, handler)
	if err != nil {
		t.Fatal(err)
	}
	p.Backoff = 10 * time.Millisecond
	go p.Run(ctx)

	svc := analytics.NewService(table)
	q := analytics.Query{Scope: analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeLink, ID: "hypt.link/AAAAAAA"}, From: at.Truncate(24 * time.Hour), To: at.Truncate(24 * time.Hour).Add(24 * time.Hour)}
	deadline := time.Now().Add(30 * time.Second)
	var got analytics.Totals
	for time.Now().Before(deadline) {
		if got, err = svc.Totals(ctx, q); err == nil && got.Clicks >= n {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a double count would show up by now
	if got, err = svc.Totals(ctx, q); err != nil || got != (analytics.Totals{Clicks: n, HumanClicks: n, VisitorDays: 4}) {
		t.Fatalf("totals %+v (%v)", got, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(received) != n {
		t.Fatalf("consumer saw %d distinct records, want the %d clicks only: %v", len(received), n, received)
	}
	if received["CLICK#click-05"] < 2 || received["CLICK#click-00"] != 1 {
		t.Fatalf("failed records must come again, counted ones not: %v", received)
	}
}

// The results packer's subscription delivers the counters the results read, as their
// writers mark them, and nothing else that shares their partitions.
func TestPollerDeliversOnlyTheResultsCounters(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	member := analytics.MembershipScope("w1", "c1", "m1")
	add := analytics.Counters{analytics.Clicks: 1}
	if err := table.Count(ctx, nil, []analytics.Tally{
		{Scope: member, Granularity: analytics.Day, Start: at, Add: add},
		{Scope: analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}, Granularity: analytics.Day, Start: at, Add: add},
		{Scope: member, Granularity: analytics.Hour, Start: at, Add: add},
		{Scope: analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeLink, ID: "hypt.link/AAAAAAA"}, Granularity: analytics.Day, Start: at, Add: add},
	}); err != nil {
		t.Fatal(err)
	}
	day := orderflow.Counter{CounterKey: orderflow.CounterKey{CampaignID: "c1", CreatorID: "m1", Day: "2026-05-01", Currency: "USD"}, Orders: 1}
	total, campaignDay := day, day
	total.Day, campaignDay.CreatorID = "", ""
	if err := table.Commit(ctx, orderflow.Change{Record: orderflow.Record{WorkspaceID: "w1", OrderID: "o1"},
		Counters: []orderflow.Counter{day, total, campaignDay}}); err != nil {
		t.Fatal(err)
	}
	post := tracking.Post{ID: "youtube-v1", WorkspaceID: "w1", CampaignID: "c1", CreatorID: "m1"}
	views := int64(10)
	if err := table.SavePost(ctx, post, tracking.PostUpdate{Latest: tracking.Latest{At: at.Add(time.Hour), Counts: tracking.Counts{Views: &views}}}); err != nil {
		t.Fatal(err)
	}

	fn, _ := system.FunctionByName(system.ResultsPack)
	var (
		mu       sync.Mutex
		received = map[string]bool{}
	)
	p, err := streams.New(ctx, table, dynamotest.Endpoint(t), fn, func(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range ev.Records {
			received[r.Change.Keys["pk"].String()+" "+r.Change.Keys["sk"].String()] = true
		}
		return events.DynamoDBEventResponse{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	go p.Run(ctx)
	want := map[string]bool{
		"WS#w1#STATS#MEMBER#c1/m1 D#2026-05-01":       true,
		"WS#w1#STATS#CAMPAIGN#c1 D#2026-05-01":        true,
		"WS#w1#C#c1#COUNTERS M#m1#DAY#2026-05-01#USD": true,
		"WS#w1#C#c1#CONTENT M#m1#D#2026-05-01":        true,
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(received)
		mu.Unlock()
		if n >= len(want) || time.Now().After(deadline) {
			break
		}
	}
	time.Sleep(300 * time.Millisecond) // a record delivered that should not be shows up by now
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(received) != fmt.Sprint(want) {
		t.Fatalf("delivered %v, want %v", received, want)
	}
}
