package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/infra/local/gateway"
	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// stack is the local stack's request path on a test table: the API Gateway emulation
// serving every function on loopback, and the stream consumers reading the table's stream.
type stack struct {
	url   string
	table *store.Table
	link  links.Link
}

func startStack(t testing.TB) *stack {
	t.Helper()
	table := dynamotest.NewTable(t)
	ctx, cancel := context.WithCancel(context.Background())
	dir, err := os.MkdirTemp("", "hypetrack-parked-")
	if err != nil {
		t.Fatal(err)
	}
	fns := newFunctionsParking(table, testSealer(t), "http://localhost", deadletter.NewFile(filepath.Join(dir, "parked.jsonl")))
	gw, err := gateway.New(system.Routes, fns.http, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw) // listens on 127.0.0.1 only
	runStreams(ctx, table, dynamotest.Endpoint(t), fns)
	t.Cleanup(func() { cancel(); srv.Close(); _ = os.RemoveAll(dir) })

	l, err := links.NewService(table).Create(ctx, links.CreateInput{
		WorkspaceID: "w1",
		Campaign:    links.Campaign{ID: "c1", Slug: "spring-26", BrandURL: "https://shop.example.com/"},
		Membership:  links.Membership{ID: "m1", CreatorHandle: "mia", Platform: "tiktok"},
		Destination: "https://shop.example.com/spring?color=red#buy",
	})
	if err != nil {
		t.Fatal(err)
	}
	return &stack{url: srv.URL, table: table, link: l}
}

func noFollow() *http.Client {
	return &http.Client{
		// Generous: on a loaded 2-core machine DynamoDB Local can stall for seconds, and a
		// click answered late is still a click answered. Latency is measured by
		// BenchmarkEndToEnd, not here; a client that gave up would break the exact count.
		Timeout:       2 * time.Minute,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Flood shape: 10,000 clicks on one link from 16 concurrent clients; one in ten from a
// link-preview bot, the rest from up to 200 distinct human visitors (one address, many
// browsers).
const (
	floodClicks   = 10000
	floodWorkers  = 16
	floodVisitors = 200
)

func floodAgent(i int) (ua string, bot bool) {
	if i%10 == 0 {
		return "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", true
	}
	return fmt.Sprintf("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram %d.0", i%floodVisitors), false
}

// TestFloodOfClicksIsCountedExactly sends 10,000 concurrent clicks on one link through the
// gateway and the redirect, lets the stream consumer count them, and checks that every
// click is stored once and counted once: 10,000 raw clicks, equal aggregates in every
// scope, and the right number of unique visitors.
func TestFloodOfClicksIsCountedExactly(t *testing.T) {
	waitOutMidnight(t)
	s := startStack(t)
	client := noFollow()
	var (
		next      atomic.Int64
		failures  atomic.Int64
		clickIDs  sync.Map
		visitors  sync.Map
		wg        sync.WaitGroup
		countries = []string{"US", "DE", "FR", "BR"}
	)
	start := time.Now()
	for range floodWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= floodClicks {
					return
				}
				ua, bot := floodAgent(i)
				if !bot {
					visitors.Store(ua, true)
				}
				req, _ := http.NewRequest(http.MethodGet, s.url+"/"+s.link.Code+"?utm_source=evil&url=https://evil.example", nil)
				req.Header.Set("User-Agent", ua)
				req.Header.Set("CloudFront-Viewer-Country", countries[i%len(countries)])
				req.Header.Set("Referer", "https://www.tiktok.com/@mia")
				res, err := client.Do(req)
				if err != nil {
					failures.Add(1)
					continue
				}
				res.Body.Close()
				loc, _ := url.Parse(res.Header.Get("Location"))
				id := loc.Query().Get("htclid")
				if res.StatusCode != http.StatusFound || loc.Host != "shop.example.com" || id == "" || loc.Query().Get("utm_source") != "tiktok" {
					failures.Add(1)
					continue
				}
				if _, dup := clickIDs.LoadOrStore(id, true); dup {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d clicks through the gateway in %s", floodClicks, time.Since(start).Round(time.Millisecond))
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of %d clicks were not answered with a fresh 302", n, floodClicks)
	}

	ctx := context.Background()
	svc := analytics.NewService(s.table)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	q := analytics.Query{From: today, To: today.Add(24 * time.Hour)} // uniques are per UTC day
	campaign := analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}
	deadline := time.Now().Add(90 * time.Second)
	for {
		q.Scope = campaign
		got, err := svc.Totals(ctx, q)
		if err == nil && got.Clicks >= floodClicks {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s the consumer has counted %+v (%v)", got, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("counted in %s after the first click", time.Since(start).Round(time.Millisecond))

	if raw := countRawClicks(t, s.table); raw != floodClicks {
		t.Fatalf("%d raw clicks stored, want %d", raw, floodClicks)
	}
	uniques := 0
	visitors.Range(func(any, any) bool { uniques++; return true })
	want := analytics.Totals{Clicks: floodClicks, HumanClicks: floodClicks * 9 / 10, BotClicks: floodClicks / 10, VisitorDays: int64(uniques)}
	for _, scope := range []analytics.Scope{
		campaign,
		analytics.MembershipScope("w1", "c1", "m1"),
		{WorkspaceID: "w1", Kind: analytics.ScopeLink, ID: analytics.LinkID(s.link.Domain, s.link.Code)},
	} {
		q.Scope = scope
		got, err := svc.Totals(ctx, q)
		if err != nil || got != want {
			t.Errorf("%s totals %+v (%v), want %+v", scope.Kind, got, err, want)
		}
		series, err := svc.ClicksOverTime(ctx, q, analytics.Hour)
		var sum int64
		for _, p := range series.Points {
			sum += p.Clicks
		}
		if err != nil || sum != floodClicks {
			t.Errorf("%s hourly series sums to %d (%v)", scope.Kind, sum, err)
		}
	}
	q.Scope = campaign
	byCountry, err := svc.Breakdown(ctx, q, analytics.DimCountry)
	if err != nil || len(byCountry) != 4 {
		t.Fatalf("by country: %v %v", byCountry, err)
	}
	var human int64
	for _, sh := range byCountry {
		human += sh.Clicks
	}
	byReferrer, _ := svc.Breakdown(ctx, q, analytics.DimReferrer)
	if human != want.HumanClicks || len(byReferrer) != 1 || byReferrer[0].Value != "tiktok.com" {
		t.Fatalf("breakdowns: %v %v", byCountry, byReferrer)
	}
}

// waitOutMidnight keeps the flood inside one UTC day, where the expected unique count holds.
func waitOutMidnight(t testing.TB) {
	now := time.Now().UTC()
	if left := now.Truncate(24 * time.Hour).Add(24 * time.Hour).Sub(now); left < 5*time.Minute {
		t.Logf("waiting %s for UTC midnight to pass", left.Round(time.Second))
		time.Sleep(left + time.Second)
	}
}

func countRawClicks(t testing.TB, table *store.Table) int {
	t.Helper()
	pages := dynamodb.NewScanPaginator(table.DB, &dynamodb.ScanInput{
		TableName:                 aws.String(table.Name),
		FilterExpression:          aws.String("begins_with(pk, :click) AND sk = :sk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":click": &types.AttributeValueMemberS{Value: system.ClickItemPrefix}, ":sk": &types.AttributeValueMemberS{Value: "CLICK"}},
		Select:                    types.SelectCount,
	})
	n := 0
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += int(page.Count)
	}
	return n
}

// BenchmarkEndToEnd clicks one link through the local gateway, the redirect and DynamoDB
// Local (the click write included) from 16 concurrent clients, and reports requests per
// second and the latency percentiles a client sees.
func BenchmarkEndToEnd(b *testing.B) {
	s := startStack(b)
	client := noFollow()
	target := s.url + "/" + s.link.Code
	var (
		mu        sync.Mutex
		latencies []time.Duration
	)
	b.SetParallelism(8) // 8 × GOMAXPROCS (2 here) = 16 clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for i := 0; pb.Next(); i++ {
			ua, _ := floodAgent(i)
			req, _ := http.NewRequest(http.MethodGet, target, nil)
			req.Header.Set("User-Agent", ua)
			t0 := time.Now()
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			res.Body.Close()
			mine = append(mine, time.Since(t0))
			if res.StatusCode != http.StatusFound {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(latencies) == 0 {
		return
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func testSealer(t testing.TB) secrets.Sealer {
	t.Helper()
	s, err := secrets.NewLocalSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
