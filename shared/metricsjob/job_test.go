package metricsjob_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/metricsjob"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// mixed is a workspace with healthy and failing items of every kind:
//   - lena connected all three platforms: three YouTube videos (one deleted, one without
//     disclosure), two TikTok videos, one Instagram reel;
//   - max's TikTok token was revoked;
//   - nora has a YouTube video and no accounts (read with the workspace key);
//   - omar never connected TikTok;
//   - a draft campaign's post waits; an archived campaign's entries are retired.
type mixed struct {
	*env
	active                      campaigns.Campaign
	lena, max, nora, omar       creators.Creator
	ytOK, ytGone, ytNoDisc      tracking.Post
	ttLena, igLena, ttMax, ttOm tracking.Post
	ytNora, draftPost           tracking.Post
}

func newMixed(t *testing.T) *mixed {
	e := newEnv(t, 0, nil)
	m := &mixed{env: e}
	m.active = e.campaign("active", "2026-12-31")
	draft := e.campaign("draft", "2026-12-31")
	archived := e.campaign("active", "2026-12-31")
	m.lena = e.creator("Lena", map[string]string{"tiktok": "lena.trails", "youtube": "lenatrails", "instagram": "lena.trails"}, 10_000)
	m.max = e.creator("Max", map[string]string{"tiktok": "maxclimbs"}, 5_000)
	m.nora = e.creator("Nora", map[string]string{"youtube": "nora"}, 3_000)
	m.omar = e.creator("Omar", map[string]string{"tiktok": "omar"}, 2_000)
	lena := e.member(m.active, m.lena)
	m.ytOK = e.track(m.active, lena, "youtube", "ytLena00001")
	m.ytGone = e.track(m.active, lena, "youtube", "ytLenaGone1")
	m.ytNoDisc = e.track(m.active, lena, "youtube", "ytLenanodis")
	m.ttLena = e.track(m.active, lena, "tiktok", "7334455667788990011")
	_ = e.track(m.active, lena, "tiktok", "7334455667788990022")
	m.igLena = e.track(m.active, lena, "instagram", "17895695668004550")
	maxM := e.member(m.active, m.max)
	m.ttMax = e.track(m.active, maxM, "tiktok", "7334455667788990044")
	_ = e.track(m.active, maxM, "tiktok", "7334455667788990055")
	m.ytNora = e.track(m.active, e.member(m.active, m.nora), "youtube", "ytNora00001")
	m.ttOm = e.track(m.active, e.member(m.active, m.omar), "tiktok", "7334455667788990066")
	m.draftPost = e.track(draft, e.member(draft, m.lena), "youtube", "ytDraft0001")
	e.track(archived, e.member(archived, m.lena), "youtube", "ytArch00001")
	archived.Status, archived.Version = "archived", 2
	if err := e.table.UpdateCampaign(e.ctx, archived); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.TrackHashtag(e.ctx, m.active, tracking.HashtagInput{Platform: "instagram", Tag: "#TrailChallenge"}, "ana"); err != nil {
		t.Fatal(err)
	}

	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey})
	e.credential("instagram", tracking.CredentialInput{AccountID: "17841405309211844", AccessToken: "IGQVJbrand-token-0123456789"})
	e.connect(m.lena, "youtube", "UCLenaTrailsRuns2026abcd", "")
	e.connect(m.lena, "tiktok", "lena-open-id-0001", "tok-lena-open-id-0001")
	e.connect(m.lena, "instagram", "17841400000000001", "IGQVJlena-token-0123456789")
	e.connect(m.max, "tiktok", "max-open-id-0001", "tok-max-open-id-0001")
	e.fake.set(func(f *platforms) {
		f.gone["ytLenaGone1"] = true
		f.revoked["tok-max-open-id-0001"] = true
	})
	return m
}

// TestRunPullsHealthyItemsAndRecordsFailingOnes runs the job once over the mixed workspace
// and checks every kind of item ended as it should, in the summary and in the table.
func TestRunPullsHealthyItemsAndRecordsFailingOnes(t *testing.T) {
	m := newMixed(t)
	sum := m.run(firstRun)

	// Posts: 6 pulled (lena's 2 YouTube, 2 TikTok, 1 Instagram; nora's), 1 failed (gone),
	// 3 skipped (max's revoked token, omar's missing one). Profiles: lena's 3 pulled, max's
	// skipped. The hashtag: pulled.
	want := metricsjob.Summary{Units: 16, Pulled: 10, Failed: 1, Skipped: 4, Inactive: 2, Retired: 2}
	got := sum
	got.Targets, got.Calls, got.Retries, got.DurationMS, got.Sources, got.RunAt, got.RosterUpdates = 0, 0, 0, 0, nil, time.Time{}, 0
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("summary\n got %+v\nwant %+v", got, want)
	}
	if sum.Targets != 19 || sum.RosterUpdates != 1 || len(sum.Sources) == 0 {
		t.Errorf("targets %d, roster updates %d, troubled sources %+v", sum.Targets, sum.RosterUpdates, sum.Sources)
	}
	// The run record adds up its units.
	rec, err := m.table.DB.GetItem(m.ctx, &dynamodb.GetItemInput{TableName: aws.String(m.table.Name), Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "METRICS#RUN#2026-11-23T19:00:00Z"}, "sk": &types.AttributeValueMemberS{Value: "RUN"}}})
	if err != nil {
		t.Fatal(err)
	}
	var run struct {
		Pulled     int  `dynamodbav:"totalPulled"`
		Failed     int  `dynamodbav:"totalFailed"`
		Skipped    int  `dynamodbav:"totalSkipped"`
		Units      int  `dynamodbav:"totalUnits"`
		Dispatched bool `dynamodbav:"dispatched"`
		DurationMS int  `dynamodbav:"durationMs"`
	}
	if err := attributevalue.UnmarshalMap(rec.Item, &run); err != nil || run.Pulled != 10 || run.Failed != 1 || run.Skipped != 4 ||
		run.Units != 16 || !run.Dispatched || run.DurationMS <= 0 {
		t.Errorf("run record %+v %v", run, err)
	}

	ok := m.post(m.ytOK)
	if ok.Latest == nil || *ok.Latest.Views != 1100 || *ok.Latest.Likes != 55 || ok.Latest.Shares != nil ||
		ok.Latest.Simulated || ok.Pull.Status != "pulled" || !ok.Latest.At.Equal(firstRun) {
		t.Fatalf("youtube post %+v latest %+v", ok, ok.Latest)
	}
	if !ok.Disclosure.Disclosed || ok.Disclosure.Found[0] != "#ad" || !ok.Disclosure.CheckedAt.After(firstRun) {
		t.Errorf("disclosure %+v", ok.Disclosure)
	}
	if nd := m.post(m.ytNoDisc); nd.Disclosure == nil || nd.Disclosure.Disclosed {
		t.Errorf("a post without #ad is not disclosed: %+v", nd.Disclosure)
	}
	if tt := m.post(m.ttLena); *tt.Latest.Shares != 9 || *tt.Latest.EngagementRate != 0.126364 || !tt.Latest.PulledAt.Equal(firstRun.Add(5*time.Second)) {
		t.Errorf("tiktok post %+v", tt.Latest)
	}
	if ig := m.post(m.igLena); *ig.Latest.Views != 1100 || *ig.Latest.Saves != 12 || *ig.Latest.Reach != 550 {
		t.Errorf("instagram post %+v", ig.Latest)
	}
	gone := m.post(m.ytGone)
	if gone.Pull.Status != "failed" || gone.Pull.Failures != 1 || !strings.Contains(gone.Pull.Reason, "not returned") || gone.Latest != nil {
		t.Errorf("deleted post %+v", gone.Pull)
	}
	if om := m.post(m.ttOm); om.Pull.Status != "skipped" || !strings.Contains(om.Pull.Reason, "not connected") {
		t.Errorf("unconnected creator's post %+v", om.Pull)
	}
	if mx := m.post(m.ttMax); mx.Pull.Status != "skipped" || mx.Latest != nil {
		t.Errorf("revoked creator's post %+v", mx.Pull)
	}
	if d := m.post(m.draftPost); d.Pull.Status != "" {
		t.Errorf("a draft campaign's post is not pulled: %+v", d.Pull)
	}
	for _, p := range []tracking.Post{m.ytOK, m.ttLena, m.igLena, m.ytNora} {
		if s := m.snapshots(p); len(s) != 1 || !s[0].At.Equal(firstRun) {
			t.Errorf("%s snapshots %+v", p.ID, s)
		}
	}

	// Max's rejected token is recorded; lena's profiles refreshed her roster figures.
	maxTT, err := m.table.Account(m.ctx, m.ws, m.max.ID, social.TikTok)
	if err != nil || maxTT.Status != tracking.StatusUnauthorized || !strings.Contains(maxTT.StatusReason, "access_token_invalid") {
		t.Errorf("max's tiktok account %+v %v", maxTT, err)
	}
	lena, err := m.table.Creator(m.ctx, m.ws, m.lena.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 12,000 YouTube subscribers + 48,000 TikTok + 24,000 Instagram followers.
	if lena.Followers != 84_000 || lena.Version != 2 || creators.TierOf(lena.Followers) != creators.Micro {
		t.Errorf("lena's roster figures: followers %d avg views %d engagement %v v%d", lena.Followers, lena.AvgViews, lena.EngagementRate, lena.Version)
	}
	roster, err := m.table.Roster(m.ctx, m.ws)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range roster {
		if s.ID == m.lena.ID && s.Followers != 84_000 {
			t.Errorf("the roster summary (search, tiers) is kept in step: %+v", s)
		}
	}
	yt, _ := m.table.Account(m.ctx, m.ws, m.lena.ID, social.YouTube)
	if yt.Latest == nil || *yt.Latest.Followers != 12_000 || *yt.Latest.AvgViews != 9000 {
		t.Errorf("lena's youtube profile %+v", yt.Latest)
	}
	history, _ := m.table.ProfileSnapshots(m.ctx, yt, tracking.Range{})
	tags, _ := m.table.Hashtags(m.ctx, m.ws, m.active.ID)
	if len(history.Items) != 1 || len(tags) != 1 || tags[0].Latest == nil || tags[0].Latest.Posts != 2 || *tags[0].Latest.Likes != 100 {
		t.Errorf("profile history %+v; hashtag %+v", history.Items, tags)
	}
}

// TestSameEventTwiceDoesTheWorkOnce delivers one scheduled event twice, as EventBridge may:
// the second delivery calls no platform and writes nothing.
func TestSameEventTwiceDoesTheWorkOnce(t *testing.T) {
	m := newMixed(t)
	m.run(firstRun)
	calls := m.fake.callCount()
	again := m.run(firstRun)
	if again.Total() != 0 || m.fake.callCount() != calls {
		t.Fatalf("second delivery pulled %d items with %d calls", again.Total(), m.fake.callCount()-calls)
	}
	if s := m.snapshots(m.ytOK); len(s) != 1 {
		t.Fatalf("snapshots %d", len(s))
	}
}

// finishFails is the table with FinishUnit failing, as when an invocation dies after its
// writes and before it records the unit done.
type finishFails struct {
	metricsjob.Store
	mu    sync.Mutex
	fails int
}

func (f *finishFails) FinishUnit(ctx context.Context, u metricsjob.Unit, owner string, s metricsjob.Summary) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails > 0 {
		f.fails--
		return errors.New("invocation stopped")
	}
	return f.Store.FinishUnit(ctx, u, owner, s)
}

// TestRetriedUnitWritesNoDuplicateSnapshots lets every unit of a run die before it records
// itself done; once their leases run out the retries redo the pulls and find every
// snapshot written: no duplicate, the latest values applied once.
func TestRetriedUnitWritesNoDuplicateSnapshots(t *testing.T) {
	failing := &finishFails{fails: 1 << 10}
	m := newMixed(t)
	failing.Store = m.table
	cfg := m.cfg
	cfg.Store = failing
	job, err := metricsjob.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.clock.set(firstRun.Add(5 * time.Second))
	if _, err := job.Handle(m.ctx, scheduled(firstRun)); err == nil {
		t.Fatal("units that could not finish are reported")
	}
	first := m.post(m.ytOK)

	failing.fails = 0
	m.clock.set(firstRun.Add(metricsjob.DefaultLease + time.Minute))
	var sum metricsjob.Summary
	for _, u := range metricsjob.Plan(firstRun, m.cfg.Shards) {
		s, err := job.Work(m.ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		sum.Add(s)
	}
	// Each pulled post, profile and hashtag finds its snapshot there already.
	if sum.Pulled != 10 || sum.Duplicates != 10 {
		t.Fatalf("retried units: %+v", sum)
	}
	for _, p := range []tracking.Post{m.ytOK, m.ttLena, m.igLena, m.ytNora} {
		if s := m.snapshots(p); len(s) != 1 {
			t.Errorf("%s: %d snapshots after a retried run", p.ID, len(s))
		}
	}
	if again := m.post(m.ytOK); *again.Latest.Views != *first.Latest.Views || len(again.Recent.At) != 1 {
		t.Errorf("a retried run re-applied the latest values: %d then %d views, %d recent points",
			*first.Latest.Views, *again.Latest.Views, len(again.Recent.At))
	}
	if gone := m.post(m.ytGone); gone.Pull.Failures != 1 {
		t.Errorf("a retried run counted a failure twice: %+v", gone.Pull)
	}
	// A unit done is not worked again.
	if s, err := job.Work(m.ctx, metricsjob.Unit{RunAt: firstRun, Shard: 3}); err != nil || s.Total() != 0 {
		t.Errorf("done unit worked again: %+v %v", s, err)
	}
}

// TestGrowthMomentumAndRosterAcrossRuns runs hourly: growth is measured against the previous
// pull, the series grows by one snapshot a run, and roster figures follow the profiles.
func TestGrowthMomentumAndRosterAcrossRuns(t *testing.T) {
	m := newMixed(t)
	for h := range 4 {
		if h == 3 {
			m.fake.set(func(f *platforms) { f.followers = 30_000 })
		}
		m.run(firstRun.Add(time.Duration(h) * time.Hour))
	}
	p := m.post(m.ytOK)
	if len(m.snapshots(m.ytOK)) != 4 || *p.Latest.Views != 1400 || *p.Latest.Growth.Delta != 100 || *p.Latest.Growth.PerDay != 2400 {
		t.Fatalf("after 4 hourly runs: %d snapshots, latest %+v growth %+v", len(m.snapshots(m.ytOK)), p.Latest.Counts, p.Latest.Growth)
	}
	if p.Latest.Momentum.State != "steady" || len(p.Recent.At) != 4 {
		t.Errorf("momentum %+v recent %d", p.Latest.Momentum, len(p.Recent.At))
	}
	// Per follower: the creator's TikTok followers as the previous run measured them.
	if tt := m.post(m.ttLena); tt.Latest.EngagementPerFollower == nil || *tt.Latest.EngagementPerFollower != 0.003521 {
		t.Errorf("tiktok engagement per follower %v", *tt.Latest.EngagementPerFollower)
	}
	lena, _ := m.table.Creator(m.ctx, m.ws, m.lena.ID)
	// 12,000 subscribers + 120,000 TikTok + 60,000 Instagram followers, from the fourth run.
	if lena.Followers != 192_000 || creators.TierOf(lena.Followers) != creators.Mid || lena.Version != 3 {
		t.Errorf("lena after growth: %d followers v%d", lena.Followers, lena.Version)
	}
}

// TestQuotaDeferral spends YouTube's daily quota mid-run: the rest of YouTube waits for the
// next run after the Pacific midnight reset, without a call, while other platforms go on.
func TestQuotaDeferral(t *testing.T) {
	e := newEnv(t, 0, func(c *metricsjob.Config) { c.Concurrency = 1 })
	camp := e.campaign("active", "2026-12-31")
	cr := e.creator("Lena", map[string]string{"youtube": "lena", "tiktok": "lena"}, 10_000)
	m := e.member(camp, cr)
	var yt []tracking.Post
	for i := range 60 {
		yt = append(yt, e.track(camp, m, "youtube", fmt.Sprintf("ytQuota%04d", i)))
	}
	tt := e.track(camp, m, "tiktok", "7334455667788990011")
	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey})
	e.connect(cr, "tiktok", "lena-open-id-0001", "tok-lena-open-id-0001")
	e.fake.set(func(f *platforms) { f.quotaAfter = 1 })

	// 50 videos in the first call; its TikTok post and profile too.
	sum := e.run(firstRun)
	if sum.Deferred != 10 || sum.Pulled != 52 {
		t.Fatalf("first run: %+v", sum)
	}
	deferred := 0
	for _, p := range yt {
		if got := e.post(p); got.Pull.Status == "deferred" && strings.Contains(got.Pull.Reason, "quota") {
			deferred++
		}
	}
	q, err := e.table.Quota(e.ctx, e.ws, social.YouTube, "2026-11-23")
	// Quota resets at midnight Pacific: 08:00 UTC in November.
	reset := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	if err != nil || deferred != 10 || q.Used != 2 || q.ExhaustedUntil == nil || !q.ExhaustedUntil.Equal(reset) {
		t.Fatalf("deferred posts %d; quota %+v %v", deferred, q, err)
	}

	calls := e.fake.callCount()
	sum = e.run(firstRun.Add(time.Hour))
	if sum.Deferred != 60 || sum.Pulled != 2 || e.fake.callCount()-calls != 3 {
		t.Fatalf("before the reset: %+v with %d calls (TikTok's three only)", sum, e.fake.callCount()-calls)
	}
	if got := e.post(tt); len(e.snapshots(got)) != 2 {
		t.Errorf("TikTok goes on while YouTube waits")
	}

	e.fake.set(func(f *platforms) { f.quotaAfter = 0 })
	sum = e.run(reset.Add(time.Hour))
	if sum.Deferred != 0 || sum.Pulled != 62 {
		t.Fatalf("after the reset: %+v", sum)
	}
}

// TestDailyBudgetIsKeptAcrossRuns gives the key a budget of 3 units a day: the job stops
// before YouTube has to say quotaExceeded.
func TestDailyBudgetIsKeptAcrossRuns(t *testing.T) {
	e := newEnv(t, 0, nil)
	camp := e.campaign("active", "2026-12-31")
	m := e.member(camp, e.creator("Lena", map[string]string{"youtube": "lena"}, 10_000))
	e.track(camp, m, "youtube", "ytBudget001")
	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey, DailyQuota: 3})
	for h, want := range []struct{ pulled, deferred int }{{1, 0}, {1, 0}, {1, 0}, {0, 1}} {
		sum := e.run(firstRun.Add(time.Duration(h) * time.Hour))
		if sum.Pulled != want.pulled || sum.Deferred != want.deferred {
			t.Fatalf("run %d: %+v", h+1, sum)
		}
	}
}

// TestItemThatKeepsFailingSitsOut fails a deleted video FailAfter runs in a row: then it is
// skipped, without a request, until RetryFailing has passed.
func TestItemThatKeepsFailingSitsOut(t *testing.T) {
	e := newEnv(t, 0, nil)
	camp := e.campaign("active", "2026-12-31")
	m := e.member(camp, e.creator("Lena", map[string]string{"youtube": "lena"}, 10_000))
	gone := e.track(camp, m, "youtube", "ytGone00001")
	e.track(camp, m, "youtube", "ytFine00001")
	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey})
	e.fake.set(func(f *platforms) { f.gone["ytGone00001"] = true })
	for h := range tracking.FailAfter {
		e.run(firstRun.Add(time.Duration(h) * time.Hour))
	}
	p := e.post(gone)
	if p.Pull.Failures != tracking.FailAfter || p.Pull.RetryAt == nil {
		t.Fatalf("after %d failed runs: %+v", tracking.FailAfter, p.Pull)
	}
	sum := e.run(firstRun.Add(10 * time.Hour))
	if sum.Skipped != 1 || sum.Pulled != 1 || e.fake.timesRequested("ytGone00001") != tracking.FailAfter {
		t.Fatalf("while it waits: %+v, requested %d times", sum, e.fake.timesRequested("ytGone00001"))
	}
	e.run(p.Pull.RetryAt.Add(time.Hour))
	if e.fake.timesRequested("ytGone00001") != tracking.FailAfter+1 {
		t.Errorf("tried again after RetryFailing: %d requests", e.fake.timesRequested("ytGone00001"))
	}
}

// dispatcher records the units a job hands on instead of invoking anything.
type dispatcher struct {
	mu    sync.Mutex
	units []metricsjob.Unit
}

func (d *dispatcher) Dispatch(_ context.Context, units []metricsjob.Unit) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.units = append(d.units, units...)
	return nil
}

// TestRunFansOutAndUnitsHandOn dispatches a run's units instead of working them, then works
// one whose invocation runs short of time: it pulls a page and hands the rest of its shard
// to a continuation, which finishes it.
func TestRunFansOutAndUnitsHandOn(t *testing.T) {
	d := &dispatcher{}
	e := newEnv(t, 0, func(c *metricsjob.Config) {
		c.Dispatcher, c.PageSize, c.Reserve, c.Now = d, 4, time.Minute, time.Now
	})
	camp := e.campaign("active", "2026-12-31")
	// One creator's entries share a shard: 10 posts and a member entry, 3 pages of 4.
	m := e.member(camp, e.creator("Lena", map[string]string{"youtube": "lena"}, 10_000))
	var posts []tracking.Post
	for i := range 10 {
		posts = append(posts, e.track(camp, m, "youtube", fmt.Sprintf("ytFanOut%03d", i)))
	}
	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey})
	sum, err := e.job.Handle(e.ctx, scheduled(firstRun))
	if err != nil || sum.Total() != 0 || len(d.units) != e.cfg.Shards || e.fake.callCount() != 0 {
		t.Fatalf("the scheduled invocation plans and dispatches only: %+v %v, %d units", sum, err, len(d.units))
	}
	var shard metricsjob.Unit
	for _, u := range d.units {
		if s, err := e.job.Work(e.ctx, u); err != nil {
			t.Fatal(err)
		} else if s.Targets > 0 {
			shard = u
		}
	}
	if shard.RunAt.IsZero() {
		t.Fatal("no unit found the creator's entries")
	}
	// Work the creator's shard again as a fresh run with 50 s left and a 60 s reserve.
	d.units = nil
	later := firstRun.Add(time.Hour)
	ctx, cancel := context.WithTimeout(e.ctx, 50*time.Second)
	defer cancel()
	first, err := e.job.Work(ctx, metricsjob.Unit{RunAt: later, Shard: shard.Shard})
	if err != nil || !first.Continued || first.Targets != 4 || len(d.units) != 1 || d.units[0].Part != 1 || d.units[0].After == "" {
		t.Fatalf("short of time: %+v %v, handed on %+v", first, err, d.units)
	}
	rest, err := e.job.Work(e.ctx, d.units[0])
	if err != nil || rest.Continued || rest.Targets != 7 {
		t.Fatalf("continuation: %+v %v", rest, err)
	}
	for _, p := range posts {
		if n := len(e.snapshots(p)); n != 2 {
			t.Errorf("%s: %d snapshots, want one per run", p.ID, n)
		}
	}
}

func TestHandleAcceptsOnlyScheduledEvents(t *testing.T) {
	e := newEnv(t, 0, nil)
	var ev events.EventBridgeEvent
	sampleevents.Load(t, "eventbridge/scheduled.json", &ev)
	if _, err := e.job.Handle(e.ctx, ev); err != nil {
		t.Fatalf("scheduled event: %v", err)
	}
	ev.DetailType = "Object Created"
	if _, err := e.job.Handle(e.ctx, ev); err == nil {
		t.Fatal("a non-scheduled event must be refused")
	}
}

func TestInvokeTakesScheduledEventsAndUnits(t *testing.T) {
	e := newEnv(t, 0, nil)
	camp := e.campaign("active", "2026-12-31")
	m := e.member(camp, e.creator("Lena", map[string]string{"youtube": "lena"}, 10_000))
	p := e.track(camp, m, "youtube", "ytInvoke001")
	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey})
	cases := []struct {
		name    string
		payload string
		pulled  int
		fails   bool
	}{
		{"scheduled event", string(sampleevents.Read(t, "eventbridge/scheduled.json")), 1, false},
		{"unit of a later run", `{"metricsUnit":{"runAt":"2026-11-23T20:00:00Z","shard":` + fmt.Sprint(shardOf(t, e, p)) + `}}`, 1, false},
		{"not JSON", `{`, 0, true},
		{"another event", `{"detail-type":"Object Created","source":"aws.s3","time":"2026-11-23T19:00:00Z"}`, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := e.job.Invoke(e.ctx, json.RawMessage(tc.payload))
			if (err != nil) != tc.fails || s.Pulled != tc.pulled {
				t.Fatalf("invoke: %+v %v", s, err)
			}
		})
	}
}

// shardOf finds the index shard of a post's entry by working each shard of a dry run.
func shardOf(t *testing.T, e *env, p tracking.Post) int {
	t.Helper()
	for shard := range e.cfg.Shards {
		targets, _, err := e.table.Targets(e.ctx, shard, firstRun, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range targets {
			if tg.ItemID == p.ID {
				return shard
			}
		}
	}
	t.Fatalf("no entry for %s", p.ID)
	return 0
}

// TestCampaignWindowDecidesWhatIsPulled follows a campaign past its end: within the grace
// period its posts are pulled; after it they wait; moving the end date later brings them
// back; long after the window closed their index entries are retired.
func TestCampaignWindowDecidesWhatIsPulled(t *testing.T) {
	e := newEnv(t, 0, nil)
	camp := e.campaign("completed", "2026-11-20")
	m := e.member(camp, e.creator("Lena", map[string]string{"youtube": "lena"}, 10_000))
	p := e.track(camp, m, "youtube", "ytWindow001")
	e.credential("youtube", tracking.CredentialInput{APIKey: ytKey})
	steps := []struct {
		name     string
		at       time.Time
		end      string
		pulled   int
		inactive int
		retired  int
	}{
		{name: "within the grace period", at: firstRun, pulled: 1},
		{name: "after it", at: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), inactive: 2},
		{name: "end moved later", at: time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC), end: "2026-12-15", pulled: 1},
		{name: "long after the window", at: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), retired: 2},
		{name: "nothing left to read", at: time.Date(2027, 3, 1, 1, 0, 0, 0, time.UTC)},
	}
	for _, st := range steps {
		if st.end != "" {
			camp.EndDate, camp.Version = st.end, camp.Version+1
			if err := e.table.UpdateCampaign(e.ctx, camp); err != nil {
				t.Fatal(err)
			}
		}
		sum := e.run(st.at)
		if sum.Pulled != st.pulled || sum.Inactive != st.inactive || sum.Retired != st.retired {
			t.Fatalf("%s: %+v", st.name, sum)
		}
	}
	if n := len(e.snapshots(p)); n != 2 {
		t.Errorf("%d snapshots, want the two runs inside the window", n)
	}
}
