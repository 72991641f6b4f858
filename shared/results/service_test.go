package results

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/validate"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// seededReader serves the seeded campaign and records the days it was asked for.
type seededReader struct {
	mu       sync.Mutex
	asked    []Range
	previous []campaigns.Campaign
}

func (r *seededReader) Campaign(_ context.Context, _, id string) (Setup, error) {
	s := seededSetup()
	for _, p := range r.previous {
		if p.ID == id {
			s.Campaign = p
			return s, nil
		}
	}
	if id != s.Campaign.ID {
		return Setup{}, apperr.ErrNotFound
	}
	return s, nil
}

func (r *seededReader) Days(ctx context.Context, s Setup, rng Range) (Aggregates, error) {
	r.mu.Lock()
	r.asked = append(r.asked, rng)
	r.mu.Unlock()
	m := NewMemoryReader()
	m.aggregates[s.Campaign.WorkspaceID+"/"+s.Campaign.ID] = seededAggregates()
	return m.Days(ctx, s, rng)
}

func (r *seededReader) Campaigns(context.Context, string) ([]campaigns.Campaign, error) {
	return append([]campaigns.Campaign{seededCampaign()}, r.previous...), nil
}

func clock(day string) Option {
	return WithClock(func() time.Time {
		t, _ := time.Parse("2006-01-02 15:04", day+" 12:00")
		return t
	})
}

const seededWS, seededID = "workspace0000001", "springtrailcampa"

func TestServiceRanges(t *testing.T) {
	ctx := context.Background()
	r := &seededReader{}
	svc := NewService(r, clock("2026-03-05"))
	// The default range is the campaign's days; the goal needs only its days so far.
	d, err := svc.Dashboard(ctx, seededWS, "campaignaaaaaaaa", Query{})
	if !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("unknown campaign: %v", err)
	}
	r.asked = nil
	d, err = svc.Dashboard(ctx, seededWS, seededID, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Range != march || d.Today != "2026-03-05" || len(r.asked) != 1 || r.asked[0] != march {
		t.Fatalf("range %v today %s asked %v", d.Range, d.Today, r.asked)
	}
	// A week in February still reads the goal's days so far, in the same one read.
	r.asked = nil
	d, err = svc.Dashboard(ctx, seededWS, seededID, Query{From: "2026-02-20", To: "2026-02-26"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Range{From: "2026-02-20", To: "2026-03-05"}); len(r.asked) != 1 || r.asked[0] != want {
		t.Fatalf("asked %v, want %v", r.asked, want)
	}
	if *d.Figures.Views != 0 || *d.Goal.Actual != 30000 || len(d.Series) != 7 {
		t.Fatalf("views %d, goal %d, %d days", *d.Figures.Views, *d.Goal.Actual, len(d.Series))
	}
	for _, q := range []Query{{From: "2026-03-10", To: "2026-03-01"}, {From: "2020-01-01"}, {Sort: "luck"}} {
		var v *validate.Error
		if _, err := svc.Dashboard(ctx, seededWS, seededID, q); !errors.As(err, &v) {
			t.Errorf("%+v: %v", q, err)
		}
	}
	if _, err := ParseQuery(map[string]string{"from": "March"}); err == nil {
		t.Error("a bad date parsed")
	}
	if _, err := svc.Creator(ctx, seededWS, seededID, "dan", Query{}); err != nil {
		t.Errorf("a creator off the leaderboard still has results: %v", err)
	}
	if _, err := svc.Creator(ctx, seededWS, seededID, "nobody", Query{}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown creator: %v", err)
	}
}

func TestServiceComparisonAndExports(t *testing.T) {
	ctx := context.Background()
	older := seededCampaign()
	older.ID, older.Name, older.StartDate, older.EndDate = "campaignbbbbbbbb", "Winter Trail", "2025-11-01", "2025-11-30"
	older.Goal.Deadline = "2025-11-30"
	draft, other, later := older, older, older
	draft.ID, draft.Status = "campaigncccccccc", "draft"
	other.ID, other.Objective = "campaigndddddddd", "awareness"
	later.ID, later.StartDate = "campaigneeeeeeee", "2026-05-01"
	r := &seededReader{previous: []campaigns.Campaign{older, draft, other, later}}
	svc := NewService(r, clock("2026-04-10"))
	c, err := svc.Comparison(ctx, seededWS, seededID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Campaigns) != 2 || c.Campaigns[1].Campaign.ID != older.ID || c.Campaigns[1].Range.From != "2025-11-01" {
		t.Fatalf("compared with %+v", c.Campaigns)
	}
	// November has no buckets in the seed: zeros, with sources present.
	if *c.Campaigns[1].Figures.Orders != 0 || c.Benchmark == nil {
		t.Fatalf("previous orders %v, benchmark %v", c.Campaigns[1].Figures.Orders, c.Benchmark)
	}
	for _, table := range Tables {
		var b bytes.Buffer
		name, err := svc.Export(ctx, seededWS, seededID, table, Query{}, &b)
		if err != nil || name != "spring-trail-"+table+".csv" || !strings.Contains(b.String(), "\r\n") {
			t.Errorf("%s: %q, %v", table, name, err)
		}
	}
	if _, err := svc.Export(ctx, seededWS, seededID, "secrets", Query{}, &bytes.Buffer{}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown table: %v", err)
	}
	pm, err := svc.PostMortem(ctx, seededWS, seededID)
	if err != nil || pm.Range != march {
		t.Fatalf("post-mortem: %v %v", pm.Range, err)
	}
}

func TestPrevious(t *testing.T) {
	this := campaigns.Campaign{ID: "now", Objective: "sales", StartDate: "2026-03-01"}
	var all []campaigns.Campaign
	for _, c := range []struct{ id, objective, status, start string }{
		{"a", "sales", "completed", "2025-01-01"}, {"b", "sales", "completed", "2025-06-01"}, {"c", "sales", "archived", "2025-09-01"},
		{"d", "sales", "draft", "2025-10-01"}, {"e", "traffic", "completed", "2025-11-01"}, {"f", "sales", "active", "2026-03-01"},
		{"now", "sales", "active", "2026-03-01"},
	} {
		all = append(all, campaigns.Campaign{ID: c.id, Objective: c.objective, Status: c.status, StartDate: c.start})
	}
	var ids []string
	for _, c := range Previous(this, all, 2) {
		ids = append(ids, c.ID)
	}
	if strings.Join(ids, ",") != "c,b" {
		t.Fatalf("previous %v", ids)
	}
}

// fakeStore is the campaign API's items in memory, for EntityReader.
type fakeStore struct {
	failRoster bool
}

func (fakeStore) Workspace(context.Context, string) (workspaces.Workspace, error) {
	return workspaces.Workspace{ID: seededWS, TimeZone: "America/New_York"}, nil
}

func (fakeStore) Campaign(_ context.Context, _, id string) (campaigns.Campaign, error) {
	if id != seededID {
		return campaigns.Campaign{}, apperr.ErrNotFound
	}
	return seededCampaign(), nil
}

func (fakeStore) Campaigns(context.Context, string) ([]campaigns.Campaign, error) {
	return []campaigns.Campaign{seededCampaign()}, nil
}

func (fakeStore) CampaignMembers(context.Context, string, string) ([]campaigns.Member, error) {
	return []campaigns.Member{
		{CreatorID: "ana", CreatorName: "Ana Runs", Stage: "live", AgreedCost: campaigns.Money{Amount: 100000, Currency: "USD"},
			Compensation: campaigns.Compensation{Model: "commission", CommissionBps: 1000, GiftValue: 5000, Currency: "USD"},
			History:      []campaigns.StageChange{{To: "contracted", At: time.Date(2026, 2, 21, 3, 0, 0, 0, time.UTC)}}},
		{CreatorID: "cleo", CreatorName: "Cleo Cooks", Stage: "contracted", AgreedCost: campaigns.Money{Amount: 30000, Currency: "USD"},
			Compensation: campaigns.Compensation{Currency: "USD"}},
	}, nil
}

func (s fakeStore) Roster(context.Context, string) ([]creators.Summary, error) {
	if s.failRoster {
		return nil, errors.New("throttled")
	}
	return []creators.Summary{{ID: "ana", Followers: 50000, ActiveShare: 0.5}}, nil
}

// TestEntityReaderWithoutAggregates is what the API serves until the counters exist:
// the deals' fixed costs, dates and notes; every measured figure no data.
func TestEntityReaderWithoutAggregates(t *testing.T) {
	ctx := context.Background()
	svc := NewService(NewEntityReader(fakeStore{}, NoAggregates{}), clock("2026-03-15"))
	d, err := svc.Dashboard(ctx, seededWS, seededID, Query{})
	if err != nil {
		t.Fatal(err)
	}
	f := d.Figures
	if f.Views != nil || f.Clicks != nil || f.Orders != nil || f.Cost != nil || f.Commission != nil || d.Goal.Status != nil {
		t.Fatalf("fabricated figures: %+v", f)
	}
	if f.FixedCost["USD"] != 135000 || *f.Followers != 50000 || d.Sources != (Sources{}) {
		t.Fatalf("fixed cost %v followers %v", f.FixedCost, *f.Followers)
	}
	// Cleo's deal pays no commission, so her cost is known without the ledger.
	if rows := d.Leaderboard.Rows; len(rows) != 2 || rows[1].Figures.Cost["USD"] != 30000 || rows[0].Figures.Cost != nil {
		t.Fatalf("rows %+v", rows)
	}
	pm, err := svc.PostMortem(ctx, seededWS, seededID)
	if err != nil {
		t.Fatal(err)
	}
	// 03:00 UTC on 21 February is 22:00 on 20 February in New York.
	if pm.Creators[0].ContractedOn != "2026-02-20" || pm.Budget.Cost != nil || pm.GoalReached != nil {
		t.Fatalf("post-mortem %+v", pm)
	}
	svc = NewService(NewEntityReader(fakeStore{failRoster: true}, NoAggregates{}), clock("2026-03-15"))
	if _, err := svc.Dashboard(ctx, seededWS, seededID, Query{}); err == nil || !strings.Contains(err.Error(), "read roster") {
		t.Fatalf("a failed read: %v", err)
	}
}
