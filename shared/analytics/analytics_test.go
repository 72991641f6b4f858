package analytics_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var day = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

func click(id string, at time.Time, code, member, visitor string, bot bool, country, device, referrer string) links.Click {
	return links.Click{ID: id, At: at, Domain: "hypt.link", Code: code, WorkspaceID: "w1", CampaignID: "c1", MembershipID: member,
		Bot: bot, Country: country, Device: device, OS: "iOS", Referrer: referrer, VisitorKey: visitor}
}

// sample is a day of clicks on two links of two creators in one campaign.
func sample() []links.Click {
	return []links.Click{
		click("k1", day.Add(9*time.Hour), "AAAAAAA", "m1", "v1", false, "US", "mobile", "tiktok.com"),
		click("k2", day.Add(9*time.Hour+5*time.Minute), "AAAAAAA", "m1", "v1", false, "US", "mobile", "tiktok.com"), // same visitor again
		click("k3", day.Add(9*time.Hour+10*time.Minute), "AAAAAAA", "m1", "v2", false, "DE", "desktop", ""),
		click("k4", day.Add(10*time.Hour), "AAAAAAA", "m1", "bot1", true, "US", "bot", "facebook.com"),
		click("k5", day.Add(23*time.Hour+30*time.Minute), "BBBBBBB", "m2", "v1", false, "US", "mobile", "instagram.com"), // v1 on another creator's link
		click("k6", day.Add(24*time.Hour+time.Hour), "AAAAAAA", "m1", "v1", false, "", "tablet", "tiktok.com"),           // next day: v1's key would differ, but even the same key counts again
	}
}

func put(t *testing.T, table *store.Table, clicks []links.Click) {
	t.Helper()
	for _, c := range clicks {
		if err := table.PutClick(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCountingIsExactlyOnceAcrossRedeliveries(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	clicks := sample()
	put(t, table, clicks)
	agg := analytics.NewAggregator(table)
	// The whole batch, then a redelivery of all of it, then an overlapping tail: as Lambda
	// retries a batch after a timeout that in fact succeeded.
	for _, batch := range [][]links.Click{clicks[:4], clicks, clicks[2:], clicks} {
		if n, err := agg.Count(ctx, batch); err != nil || n != len(batch) {
			t.Fatalf("count: %d, %v", n, err)
		}
	}
	svc := analytics.NewService(table)
	range1 := analytics.Query{From: day, To: day.Add(48 * time.Hour)}
	tests := []struct {
		scope analytics.Scope
		want  analytics.Totals
	}{
		{analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}, analytics.Totals{Clicks: 6, HumanClicks: 5, BotClicks: 1, VisitorDays: 3}},
		{analytics.MembershipScope("w1", "c1", "m1"), analytics.Totals{Clicks: 5, HumanClicks: 4, BotClicks: 1, VisitorDays: 3}},
		{analytics.MembershipScope("w1", "c1", "m2"), analytics.Totals{Clicks: 1, HumanClicks: 1, VisitorDays: 1}},
		{analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeLink, ID: "hypt.link/AAAAAAA"}, analytics.Totals{Clicks: 5, HumanClicks: 4, BotClicks: 1, VisitorDays: 3}},
		{analytics.Scope{WorkspaceID: "w2", Kind: analytics.ScopeCampaign, ID: "c1"}, analytics.Totals{}},
	}
	for _, tt := range tests {
		q := range1
		q.Scope = tt.scope
		got, err := svc.Totals(ctx, q)
		if err != nil || got != tt.want {
			t.Errorf("%+v: got %+v (%v), want %+v", tt.scope, got, err, tt.want)
		}
	}
	campaign := range1
	campaign.Scope = analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}
	breakdowns := map[string][]analytics.Share{
		analytics.DimCountry:  {{"US", 3}, {"DE", 1}, {"unknown", 1}},
		analytics.DimDevice:   {{"mobile", 3}, {"desktop", 1}, {"tablet", 1}},
		analytics.DimReferrer: {{"tiktok.com", 3}, {"direct", 1}, {"instagram.com", 1}},
		analytics.DimCreator:  {{"m1", 4}, {"m2", 1}},
		analytics.DimOS:       {{"iOS", 5}},
	}
	for dim, want := range breakdowns {
		got, err := svc.Breakdown(ctx, campaign, dim)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("breakdown by %s: got %v (%v), want %v", dim, got, err, want)
		}
	}
	if _, err := svc.Breakdown(ctx, campaign, "shoe-size"); err == nil {
		t.Error("unknown dimension accepted")
	}
}

func TestClicksOverTimeInTimeZones(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	clicks := sample()
	put(t, table, clicks)
	if _, err := analytics.NewAggregator(table).Count(ctx, clicks); err != nil {
		t.Fatal(err)
	}
	svc := analytics.NewService(table)
	scope := analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}

	utcDays, err := svc.ClicksOverTime(ctx, analytics.Query{Scope: scope, From: day, To: day.Add(72 * time.Hour)}, analytics.Day)
	if err != nil {
		t.Fatal(err)
	}
	want := []analytics.Point{
		{Start: day, Clicks: 5, HumanClicks: 4, BotClicks: 1, Uniques: 2},
		{Start: day.Add(24 * time.Hour), Clicks: 1, HumanClicks: 1, Uniques: 1},
		{Start: day.Add(48 * time.Hour)},
	}
	if !utcDays.HasUniques || !samePoints(utcDays.Points, want) {
		t.Fatalf("UTC days:\n got %+v\nwant %+v", utcDays.Points, want)
	}

	// In New York (UTC-4 in March after the change, UTC-5 before: 8 March 2026 is the change),
	// 23:30 UTC on the 10th is 19:30 local on the 10th, 01:00 UTC on the 11th is 21:00 on the 10th.
	local := analytics.Query{Scope: scope, From: time.Date(2026, 3, 10, 0, 0, 0, 0, newYork), To: time.Date(2026, 3, 12, 0, 0, 0, 0, newYork), Location: newYork}
	nyDays, err := svc.ClicksOverTime(ctx, local, analytics.Day)
	if err != nil {
		t.Fatal(err)
	}
	want = []analytics.Point{
		{Start: time.Date(2026, 3, 10, 0, 0, 0, 0, newYork), Clicks: 6, HumanClicks: 5, BotClicks: 1},
		{Start: time.Date(2026, 3, 11, 0, 0, 0, 0, newYork)},
	}
	if nyDays.HasUniques || !samePoints(nyDays.Points, want) {
		t.Fatalf("New York days:\n got %+v\nwant %+v", nyDays.Points, want)
	}

	hours, err := svc.ClicksOverTime(ctx, analytics.Query{Scope: scope, From: day.Add(8 * time.Hour), To: day.Add(11 * time.Hour)}, analytics.Hour)
	if err != nil {
		t.Fatal(err)
	}
	want = []analytics.Point{
		{Start: day.Add(8 * time.Hour)},
		{Start: day.Add(9 * time.Hour), Clicks: 3, HumanClicks: 3},
		{Start: day.Add(10 * time.Hour), Clicks: 1, BotClicks: 1},
	}
	if !samePoints(hours.Points, want) {
		t.Fatalf("hours:\n got %+v\nwant %+v", hours.Points, want)
	}

	for name, q := range map[string]analytics.Query{
		"reversed": {Scope: scope, From: day, To: day.Add(-time.Hour)},
		"too long": {Scope: scope, From: day, To: day.Add(analytics.MaxHourlyRange + time.Hour)},
		"empty":    {Scope: scope, From: day, To: day},
	} {
		if _, err := svc.ClicksOverTime(ctx, q, analytics.Hour); err == nil {
			t.Errorf("%s range accepted", name)
		}
	}
}

func samePoints(got, want []analytics.Point) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if !g.Start.Equal(w.Start) || fmt.Sprint(g.Clicks, g.HumanClicks, g.BotClicks, g.Uniques) != fmt.Sprint(w.Clicks, w.HumanClicks, w.BotClicks, w.Uniques) {
			return false
		}
	}
	return true
}

func TestBigBatchesAreSplitIntoTransactions(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	var clicks []links.Click
	for i := range 250 {
		// Spread over many hours and links so that buckets, not clicks, fill transactions.
		clicks = append(clicks, click(fmt.Sprintf("b%03d", i), day.Add(time.Duration(i)*time.Hour), fmt.Sprintf("L%06d", i%7), "m1", fmt.Sprintf("v%d", i%40), i%5 == 0, "US", "mobile", ""))
	}
	put(t, table, clicks)
	if n, err := analytics.NewAggregator(table).Count(ctx, clicks); err != nil || n != len(clicks) {
		t.Fatalf("count: %d, %v", n, err)
	}
	got, err := analytics.NewService(table).Totals(ctx, analytics.Query{Scope: analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}, From: day, To: day.Add(300 * time.Hour)})
	if err != nil || got.Clicks != 250 || got.BotClicks != 50 {
		t.Fatalf("totals %+v, %v", got, err)
	}
}

// A creator in two campaigns has each campaign's clicks apart: the membership scope is the
// creator in one campaign, not the creator in the workspace.
func TestMembershipCountersArePerCampaign(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	inFirst := click("k1", day.Add(9*time.Hour), "AAAAAAA", "m1", "v1", false, "US", "mobile", "")
	inSecond := click("k2", day.Add(10*time.Hour), "CCCCCCC", "m1", "v2", false, "US", "mobile", "")
	inSecond.CampaignID = "c2"
	clicks := []links.Click{inFirst, inSecond, inSecond}
	clicks[2].ID = "k3"
	put(t, table, clicks)
	if _, err := analytics.NewAggregator(table).Count(ctx, clicks); err != nil {
		t.Fatal(err)
	}
	svc := analytics.NewService(table)
	for campaign, want := range map[string]int64{"c1": 1, "c2": 2} {
		q := analytics.Query{Scope: analytics.MembershipScope("w1", campaign, "m1"), From: day, To: day.Add(24 * time.Hour)}
		got, err := svc.Totals(ctx, q)
		if err != nil || got.Clicks != want {
			t.Errorf("m1 in %s: %+v (%v), want %d clicks", campaign, got, err, want)
		}
	}
}
