package redirect_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var secret = []byte("0123456789abcdef0123456789abcdef")

// clicks keeps recorded clicks in memory.
type clicks struct {
	mu  sync.Mutex
	got []links.Click
}

func (c *clicks) Record(_ context.Context, click links.Click) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, click)
}

func (c *clicks) all() []links.Click {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]links.Click(nil), c.got...)
}

// switchable reads through the real table until it is told to fail, and counts reads.
type switchable struct {
	links.Reader
	reads atomic.Int64
	down  atomic.Bool
}

func (s *switchable) Link(ctx context.Context, domain, code string) (links.Link, error) {
	s.reads.Add(1)
	if s.down.Load() {
		return links.Link{}, store.ErrThrottled
	}
	return s.Reader.Link(ctx, domain, code)
}

// fixture is a table with a live, a disabled and an ended link, and a handler on it.
type fixture struct {
	h      *redirect.Handler
	reader *switchable
	clicks *clicks
	now    *time.Time
	live   links.Link
}

func newFixture(t testing.TB, opts ...redirect.Option) *fixture {
	t.Helper()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 19, 2, 41, 0, time.UTC)
	base := links.Link{Domain: links.DefaultDomain, WorkspaceID: "w1", CampaignID: "c1", MembershipID: "m1",
		BrandURL: "https://shop.example.com/", CreatedAt: now, Version: 1,
		Tracking: links.Tracking{Source: "tiktok", Medium: "influencer", Campaign: "spring-26", Content: "mia", ClickIDParam: "htclid"}}
	live, disabled, ended, custom := base, base, base, base
	live.Code, live.Destination = "Ab3dE9x", "https://shop.example.com/spring?color=red#buy"
	disabled.Code, disabled.Destination, disabled.Disabled = "Disab1e", "https://shop.example.com/", true
	ended.Code, ended.Destination, ended.EndsAt = "Ended22", "https://shop.example.com/", now.Add(-time.Minute)
	custom.Domain, custom.Code, custom.Destination = "go.brand.com", "Ab3dE9x", "https://brand.example.com/"
	for _, l := range []links.Link{live, disabled, ended, custom} {
		if err := table.CreateLink(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{reader: &switchable{Reader: table}, clicks: &clicks{}, now: &now, live: live}
	opts = append([]redirect.Option{redirect.WithClock(func() time.Time { return *f.now }), redirect.WithDomains(links.DefaultDomain, "go.brand.com")}, opts...)
	f.h = redirect.New(f.reader, f.clicks, redirect.NewVisitorKeys(secret), opts...)
	return f
}

func (f *fixture) do(t testing.TB, event string, change func(*events.APIGatewayV2HTTPRequest)) events.APIGatewayV2HTTPResponse {
	t.Helper()
	var req events.APIGatewayV2HTTPRequest
	sampleevents.Load(t, event, &req)
	if change != nil {
		change(&req)
	}
	res, err := f.h.Handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func code(c string) func(*events.APIGatewayV2HTTPRequest) {
	return func(r *events.APIGatewayV2HTTPRequest) { r.PathParameters["code"] = c }
}

func TestRedirectStatuses(t *testing.T) {
	f := newFixture(t)
	const tracked = "https://shop.example.com/spring?color=red&utm_source=tiktok&utm_medium=influencer&utm_campaign=spring-26&utm_content=mia"
	tests := []struct {
		name       string
		event      string
		change     func(*events.APIGatewayV2HTTPRequest)
		wantStatus int
		wantLoc    string // prefix; the click id follows
		wantBody   string
		counted    bool
	}{
		{name: "live GET", event: "apigateway/redirect-get.json", wantStatus: 302, wantLoc: tracked + "&htclid=", counted: true},
		{name: "live HEAD", event: "apigateway/redirect-head.json", wantStatus: 302, wantLoc: tracked + "#buy"},
		{name: "unknown", event: "apigateway/redirect-get.json", change: code("Nope123"), wantStatus: 404, wantBody: "does not exist"},
		{name: "unknown HEAD", event: "apigateway/redirect-head.json", change: code("Nope123"), wantStatus: 404},
		{name: "implausible code", event: "apigateway/redirect-get.json", change: code("a.b"), wantStatus: 404},
		{name: "reserved", event: "apigateway/redirect-get.json", change: code("favicon.ico"), wantStatus: 404},
		{name: "disabled", event: "apigateway/redirect-get.json", change: code("Disab1e"), wantStatus: 410, wantBody: `href="https://shop.example.com/"`},
		{name: "ended", event: "apigateway/redirect-get.json", change: code("Ended22"), wantStatus: 410, wantBody: "has ended"},
		{name: "ended HEAD", event: "apigateway/redirect-head.json", change: code("Ended22"), wantStatus: 410},
		{name: "custom domain", event: "apigateway/redirect-get.json", change: func(r *events.APIGatewayV2HTTPRequest) { r.Headers["host"] = "GO.brand.com" },
			wantStatus: 302, wantLoc: "https://brand.example.com/?utm_source=tiktok", counted: true},
		{name: "unknown host falls back to the default domain", event: "apigateway/redirect-get.json",
			change: func(r *events.APIGatewayV2HTTPRequest) { r.Headers["host"] = "abc.execute-api.us-east-1.amazonaws.com" }, wantStatus: 302, wantLoc: tracked, counted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.clicks.all())
			res := f.do(t, tt.event, tt.change)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.wantStatus)
			}
			loc := res.Headers["location"]
			if (tt.wantLoc == "") != (loc == "") || !strings.HasPrefix(loc, tt.wantLoc) {
				t.Fatalf("location %q, want prefix %q", loc, tt.wantLoc)
			}
			if !strings.Contains(res.Body, tt.wantBody) {
				t.Fatalf("body lacks %q: %s", tt.wantBody, res.Body)
			}
			wantCache := "no-store"
			if res.StatusCode == 302 {
				wantCache = "private, no-store"
				if res.Headers["referrer-policy"] != "strict-origin-when-cross-origin" {
					t.Fatalf("referrer-policy %q", res.Headers["referrer-policy"])
				}
			}
			if res.Headers["cache-control"] != wantCache {
				t.Fatalf("cache-control %q, want %q", res.Headers["cache-control"], wantCache)
			}
			if counted := len(f.clicks.all()) > before; counted != tt.counted {
				t.Fatalf("counted %v, want %v", counted, tt.counted)
			}
		})
	}
}

func TestClickRecordCarriesTheLinkAndTheVisitorButNoIP(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, "apigateway/redirect-get.json", nil)
	got := f.clicks.all()
	if len(got) != 1 {
		t.Fatalf("%d clicks recorded", len(got))
	}
	c := got[0]
	loc, _ := url.Parse(res.Headers["location"])
	if c.ID == "" || loc.Query().Get("htclid") != c.ID || loc.Fragment != "buy" {
		t.Fatalf("click id %q not carried in %s", c.ID, loc)
	}
	want := links.Click{ID: c.ID, At: *f.now, Domain: links.DefaultDomain, Code: "Ab3dE9x", WorkspaceID: "w1", CampaignID: "c1", MembershipID: "m1",
		Country: "US", Device: "mobile", OS: "iOS", Referrer: "tiktok.com", VisitorKey: c.VisitorKey, ExpiresAt: f.now.Add(400 * 24 * time.Hour)}
	if c != want {
		t.Fatalf("click\n got %+v\nwant %+v", c, want)
	}
	if len(c.VisitorKey) != 16 || strings.Contains(c.VisitorKey, "198.51.100.23") {
		t.Fatalf("visitor key %q", c.VisitorKey)
	}
}

func TestNothingInTheRequestChangesTheDestination(t *testing.T) {
	f := newFixture(t)
	attacks := []func(*events.APIGatewayV2HTTPRequest){
		func(r *events.APIGatewayV2HTTPRequest) {
			r.RawQueryString = "url=https://evil.example/&next=//evil.example&redirect=https://evil.example"
			r.QueryStringParameters = map[string]string{"url": "https://evil.example/", "next": "//evil.example", "redirect": "https://evil.example"}
		},
		func(r *events.APIGatewayV2HTTPRequest) {
			r.Headers["x-forwarded-host"] = "evil.example"
			r.Headers["referer"] = "https://evil.example/"
			r.Headers["x-original-url"] = "https://evil.example/"
		},
		func(r *events.APIGatewayV2HTTPRequest) { r.RawPath = "//evil.example/Ab3dE9x" },
	}
	for i, attack := range attacks {
		res := f.do(t, "apigateway/redirect-get.json", attack)
		loc, err := url.Parse(res.Headers["location"])
		if err != nil || loc.Host != "shop.example.com" || strings.Contains(res.Headers["location"], "evil") {
			t.Errorf("attack %d: location %q", i, res.Headers["location"])
		}
	}
}

func TestBotsAreRedirectedAndRecordedAsBots(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		ua     string
		bot    bool
		device string
		os     string
	}{
		{ua: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", bot: true},
		{ua: "Twitterbot/1.0", bot: true},
		{ua: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", bot: true},
		{ua: "WhatsApp/2.23.20.0 A", bot: true},
		{ua: "TelegramBot (like TwitterBot)", bot: true},
		{ua: "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", bot: true},
		{ua: "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", bot: true},
		{ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", bot: true},
		{ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36", bot: true},
		{ua: "curl/8.5.0", bot: true},
		{ua: "python-requests/2.31.0", bot: true},
		{ua: "", bot: true},
		{ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_37.2.0", device: "mobile", os: "iOS"},
		{ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Instagram 300.0.0.0", device: "mobile", os: "Android"},
		{ua: "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", device: "tablet", os: "Android"},
		{ua: "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", device: "tablet", os: "iOS"},
		{ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", device: "desktop", os: "Windows"},
		{ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", device: "desktop", os: "macOS"},
		{ua: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", device: "desktop", os: "ChromeOS"},
		{ua: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", device: "desktop", os: "Linux"},
	}
	for _, tt := range tests {
		before := len(f.clicks.all())
		res := f.do(t, "apigateway/redirect-get.json", func(r *events.APIGatewayV2HTTPRequest) { r.Headers["user-agent"] = tt.ua })
		all := f.clicks.all()
		if res.StatusCode != http.StatusFound || len(all) != before+1 {
			t.Errorf("%q: status %d, %d clicks recorded", tt.ua, res.StatusCode, len(all)-before)
			continue
		}
		c := all[len(all)-1]
		wantDevice := tt.device
		if tt.bot {
			wantDevice = "bot"
		}
		if c.Bot != tt.bot || c.Device != wantDevice || (tt.os != "" && c.OS != tt.os) {
			t.Errorf("%q: bot %v device %q os %q; want %v %q %q", tt.ua, c.Bot, c.Device, c.OS, tt.bot, wantDevice, tt.os)
		}
	}
}

func TestCacheTTLAndOutages(t *testing.T) {
	f := newFixture(t, redirect.WithCacheTTL(10*time.Second, 3*time.Second))
	get := func(c string) int { return f.do(t, "apigateway/redirect-get.json", code(c)).StatusCode }
	steps := []struct {
		name      string
		advance   time.Duration
		down      bool
		code      string
		want      int
		wantReads int64
	}{
		{name: "first click reads", code: "Ab3dE9x", want: 302, wantReads: 1},
		{name: "warm click does not", advance: 9 * time.Second, code: "Ab3dE9x", want: 302, wantReads: 1},
		{name: "expired entry is read again", advance: 2 * time.Second, code: "Ab3dE9x", want: 302, wantReads: 2},
		{name: "unknown code reads", code: "Nope123", want: 404, wantReads: 3},
		{name: "unknown code is cached briefly", advance: 2 * time.Second, code: "Nope123", want: 404, wantReads: 3},
		{name: "and read again after", advance: 2 * time.Second, code: "Nope123", want: 404, wantReads: 4},
		{name: "outage with a fresh entry: no read", down: true, code: "Ab3dE9x", want: 302, wantReads: 4},
		{name: "outage with a stale entry serves it", advance: time.Minute, down: true, code: "Ab3dE9x", want: 302, wantReads: 5},
		{name: "outage with nothing cached is 503, not 404", down: true, code: "Zzzzzz9", want: 503, wantReads: 6},
		{name: "outage after a negative entry expired is 503", down: true, code: "Nope123", want: 503, wantReads: 7},
		{name: "outage beyond the stale limit is 503", advance: redirect.DefaultStaleFor, down: true, code: "Ab3dE9x", want: 503, wantReads: 8},
		{name: "recovery", code: "Ab3dE9x", want: 302, wantReads: 9},
	}
	for _, s := range steps {
		*f.now = f.now.Add(s.advance)
		f.reader.down.Store(s.down)
		if got := get(s.code); got != s.want {
			t.Fatalf("%s: status %d, want %d", s.name, got, s.want)
		}
		if got := f.reader.reads.Load(); got != s.wantReads {
			t.Fatalf("%s: %d reads, want %d", s.name, got, s.wantReads)
		}
	}
	f.reader.down.Store(true)
	res := f.do(t, "apigateway/redirect-get.json", code("Other99"))
	if res.StatusCode != 503 || res.Headers["retry-after"] == "" || res.Headers["cache-control"] != "no-store" {
		t.Fatalf("503 without retry-after: %+v", res.Headers)
	}
}

func TestDisabledLinkStopsWithinTheTTL(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	svc := links.NewService(table, links.WithClock(func() time.Time { return now }))
	l, err := svc.Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: links.Campaign{ID: "c1", Slug: "s"}, Membership: links.Membership{ID: "m1"}, Destination: "https://shop.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	h := redirect.New(table, &clicks{}, redirect.NewVisitorKeys(secret), redirect.WithClock(func() time.Time { return now }))
	req := events.APIGatewayV2HTTPRequest{PathParameters: map[string]string{"code": l.Code}, Headers: map[string]string{"host": "localhost:8080"}}
	req.RequestContext.HTTP.Method = "GET"
	status := func() int {
		res, _ := h.Handle(ctx, req)
		return res.StatusCode
	}
	if got := status(); got != 302 {
		t.Fatalf("live link: %d", got)
	}
	yes := true
	if _, err := svc.Update(ctx, "w1", l.Ref(), links.UpdateInput{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(redirect.DefaultLinkTTL)
	if got := status(); got != 410 {
		t.Fatalf("disabled link after the TTL: %d, want 410", got)
	}
}

func TestConcurrentMissesShareOneRead(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.do(t, "apigateway/redirect-get.json", nil)
		}()
	}
	wg.Wait()
	if reads := f.reader.reads.Load(); reads != 1 {
		t.Fatalf("50 concurrent clicks on a cold cache made %d reads, want 1", reads)
	}
	if n := len(f.clicks.all()); n != 50 {
		t.Fatalf("%d clicks recorded, want 50", n)
	}
}

func TestVisitorKeysRotateDaily(t *testing.T) {
	keys := redirect.NewVisitorKeys(secret)
	day := time.Date(2026, 3, 1, 0, 0, 1, 0, time.UTC)
	a := keys.Key(day, "198.51.100.23", "UA")
	if keys.Key(day.Add(23*time.Hour), "198.51.100.23", "UA") != a {
		t.Fatal("same visitor, same day: keys differ")
	}
	for name, other := range map[string]string{
		"next day":      keys.Key(day.Add(24*time.Hour), "198.51.100.23", "UA"),
		"other IP":      keys.Key(day, "198.51.100.24", "UA"),
		"other agent":   keys.Key(day, "198.51.100.23", "UA2"),
		"other secret":  redirect.NewVisitorKeys([]byte("another secret of at least 32 bytes!")).Key(day, "198.51.100.23", "UA"),
		"shifted bytes": keys.Key(day, "198.51.100.2", "3UA"),
	} {
		if other == a {
			t.Errorf("%s: same key", name)
		}
	}
}

// failingWriter fails every write, as a store in an outage does.
type failingWriter struct{ calls atomic.Int64 }

func (w *failingWriter) PutClick(context.Context, links.Click) error {
	w.calls.Add(1)
	return errors.New("store down")
}

type parked struct{ got []links.Click }

func (p *parked) Park(_ context.Context, c links.Click) error {
	p.got = append(p.got, c)
	return nil
}

func TestFailedClickWritesAreRetriedThenParked(t *testing.T) {
	w, dead := &failingWriter{}, &parked{}
	rec := redirect.NewRecorder(w, dead)
	rec.Record(context.Background(), links.Click{ID: "c1"})
	if w.calls.Load() != 2 || len(dead.got) != 1 || dead.got[0].ID != "c1" || rec.Failed() != 1 {
		t.Fatalf("attempts %d, parked %v, failed %d", w.calls.Load(), dead.got, rec.Failed())
	}
}

// slowWriter blocks until its context ends, as a store that hangs does.
type slowWriter struct{}

func (slowWriter) PutClick(ctx context.Context, _ links.Click) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestASlowStoreCannotHoldTheConsumer(t *testing.T) {
	dead := &parked{}
	rec := redirect.NewRecorder(slowWriter{}, dead)
	start := time.Now()
	rec.Record(context.Background(), links.Click{ID: "c1"})
	if took := time.Since(start); took > redirect.DefaultWriteBudget+redirect.ParkBudget {
		t.Fatalf("record took %s", took)
	}
	if len(dead.got) != 1 {
		t.Fatal("the click was not parked")
	}
}
