package metricsjob_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/metricsjob"
	"github.com/hypetrack/hypetrack/shared/metricspull"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// clock is the job's clock in tests: it stands still unless moved.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// env is a workspace on a DynamoDB Local table, the fake platforms, and a job wired to both
// as functions/metrics wires it.
type env struct {
	t      testing.TB
	ctx    context.Context
	table  *store.Table
	sealer secrets.Sealer
	fake   *platforms
	svc    *tracking.Service
	clock  *clock
	ws     string
	cfg    metricsjob.Config
	job    *metricsjob.Job
}

// firstRun is the scheduled time of the first run in the tests.
var firstRun = time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, latency time.Duration, tune func(*metricsjob.Config)) *env {
	t.Helper()
	sealer, err := secrets.NewLocalSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), table: dynamotest.NewTable(t), sealer: sealer,
		fake: newPlatforms(t, latency), clock: &clock{now: firstRun.Add(5 * time.Second)}, ws: ids.New()}
	e.svc = tracking.NewService(e.table, sealer)
	e.cfg = metricsjob.Config{
		Store: e.table, Sealer: sealer, Providers: e.fake.providers(), Shards: store.PullShards,
		Puller: metricspull.Config{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond},
		// The platforms' limits are tested in metricspull; here they would only cost time.
		Rates: map[string]metricspull.Rate{}, SourceRates: map[social.Platform]metricspull.Rate{},
		Now: e.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if tune != nil {
		tune(&e.cfg)
	}
	e.job, err = metricsjob.New(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) campaign(status, end string) campaigns.Campaign {
	e.t.Helper()
	c := campaigns.Campaign{ID: ids.New(), WorkspaceID: e.ws, Name: "Spring trail", Status: status, StartDate: "2026-11-01",
		EndDate: end, DisclosureTags: []string{"#ad"}, Version: 1}
	if err := e.table.CreateCampaign(e.ctx, c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) creator(name string, handles map[string]string, followers int64) creators.Creator {
	e.t.Helper()
	c := creators.Creator{ID: ids.New(), WorkspaceID: e.ws, Name: name, Handles: handles, Followers: followers,
		AvgViews: 1000, EngagementRate: 0.05, Version: 1}
	if err := e.table.CreateCreators(e.ctx, e.ws, []creators.Creator{c}); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) member(c campaigns.Campaign, cr creators.Creator) campaigns.Member {
	e.t.Helper()
	m := campaigns.Member{WorkspaceID: e.ws, CampaignID: c.ID, CreatorID: cr.ID, CreatorName: cr.Name, Handles: cr.Handles,
		Stage: "live", Version: 1}
	if err := e.table.AddMember(e.ctx, m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) track(c campaigns.Campaign, m campaigns.Member, platform, id string) tracking.Post {
	e.t.Helper()
	p, err := e.svc.TrackPost(e.ctx, c, m, tracking.PostInput{Platform: platform, PostID: id}, "ana@brand.example.com")
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) connect(cr creators.Creator, platform, accountID, token string) {
	e.t.Helper()
	if _, err := e.svc.ConnectAccount(e.ctx, cr, platform, tracking.AccountInput{AccountID: accountID, AccessToken: token},
		"ana@brand.example.com"); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) credential(platform string, in tracking.CredentialInput) {
	e.t.Helper()
	if _, err := e.svc.SetCredential(e.ctx, e.ws, platform, in, "ana@brand.example.com"); err != nil {
		e.t.Fatal(err)
	}
}

const ytKey = "AIzaSyA-0123456789abcdefghijklmnopqrs"

// run sends the job the scheduled event EventBridge sends for at, with the job's clock
// a few seconds after it.
func (e *env) run(at time.Time) metricsjob.Summary {
	e.t.Helper()
	e.clock.set(at.Add(5 * time.Second))
	s, err := e.job.Handle(e.ctx, scheduled(at))
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func scheduled(at time.Time) events.EventBridgeEvent {
	return events.EventBridgeEvent{Version: "0", ID: "ev-" + at.Format("150405"), DetailType: "Scheduled Event",
		Source: "aws.events", Time: at, Region: "us-east-1", Detail: []byte("{}")}
}

func (e *env) post(p tracking.Post) tracking.Post {
	e.t.Helper()
	got, err := e.table.Post(e.ctx, p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

func (e *env) snapshots(p tracking.Post) []tracking.Snapshot {
	e.t.Helper()
	page, err := e.table.PostSnapshots(e.ctx, p, tracking.Range{Limit: tracking.MaxLimit})
	if err != nil {
		e.t.Fatal(err)
	}
	return page.Items
}
