package api

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// TestResultsFromCounters drives every results route against DynamoDB Local: first with
// the entities alone (the deals' costs, dates and notes; zero clicks and orders, and every
// ratio over them "no data", never a made-up zero), then with clicks counted by the click
// aggregator, an order committed by the order ledger and two pulls saved by the metrics
// job, each through its own store path, so the figures come from the real counters.
func TestResultsFromCounters(t *testing.T) {
	h := newHarness(t)
	f := newFixture(h, ana)
	C := p("ws", f.ws, "campaign", f.campaign)
	M := p("ws", f.ws, "campaign", f.campaign, "creator", f.creator)
	h.must(200, ana, system.RouteCampaignCreatorUpdate, M, `{"agreedCost":{"amount":120000,"currency":"USD"},
		"compensation":{"model":"flat_fee","giftValue":8000},"relevance":0.7,"revisions":2,"notes":"Second cut was better."}`, "if-match", `"2"`)
	for i, stage := range []string{"contacted", "negotiating", "contracted"} {
		h.must(200, ana, system.RouteCampaignCreatorStage, M, `{"stage":"`+stage+`"}`, "if-match", fmt.Sprintf(`"%d"`, 3+i))
	}

	var d results.Dashboard
	h.must(200, ana, system.RouteResults, C, "").decode(t, &d)
	if d.Sources != (results.Sources{Traffic: true, Sales: true, Content: true}) || *d.Figures.Views != 0 || *d.Figures.Clicks != 0 ||
		*d.Figures.Orders != 0 || d.Figures.Conversion != nil || d.Figures.CPA["USD"] != nil {
		t.Fatalf("figures before any counter: %+v", d.Figures)
	}
	// Before the campaign's start the goal is "not started", a date fact.
	if d.Figures.FixedCost["USD"] != 128000 || d.Figures.Cost["USD"] != 128000 || d.Goal.Target != 5000000 ||
		(d.Goal.Status != nil && *d.Goal.Status != results.GoalNotStarted) {
		t.Fatalf("fixed cost %v, cost %v, goal %+v", d.Figures.FixedCost, d.Figures.Cost, d.Goal)
	}
	if d.Range != (results.Range{From: "2027-01-15", To: "2027-03-31"}) || len(d.Series) != 76 {
		t.Fatalf("range %v, %d days", d.Range, len(d.Series))
	}
	if len(d.Leaderboard.Rows) != 1 || d.Leaderboard.Rows[0].Stage != "contracted" || d.Leaderboard.Sort != "netRevenue.USD" {
		t.Fatalf("leaderboard %+v", d.Leaderboard)
	}
	// The JSON says null, not 0, where a figure divides by zero.
	raw := h.must(200, ana, system.RouteResults, C, "", "?", "from=2027-01-15&to=2027-01-21&sort=-cpa").body
	for _, want := range []string{`"conversion":null`, `"cpa":{"USD":null}`, `"sort":"-cpa.USD"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("results lack %s", want)
		}
	}
	for _, q := range []string{"from=2027-02-30", "from=2027-03-01&to=2027-02-01", "sort=fame"} {
		res := h.do(ana, system.RouteResults, C, "", "?", q)
		if res.status != 422 {
			t.Errorf("%s: %d %s", q, res.status, res.body)
		}
	}

	seedCounters(t, h, f)
	h.must(200, ana, system.RouteResults, C, "", "?", "from=2027-01-15&to=2027-01-31").decode(t, &d)
	got := d.Figures
	if *got.Clicks != 3 || *got.HumanClicks != 2 || *got.BotClicks != 1 || *got.UniqueVisitors != 2 ||
		*got.Orders != 1 || *got.OrdersByCode != 1 || got.NetRevenue["USD"] != 12000 ||
		*got.Views != 1500 || *got.Likes != 95 || *got.PostsLive != 1 || *got.DisclosureCompliant != 1 {
		t.Fatalf("figures from the counters: clicks %v/%v/%v uniques %v orders %v net %v views %v likes %v posts %v compliant %v",
			*got.Clicks, *got.HumanClicks, *got.BotClicks, *got.UniqueVisitors, *got.Orders, got.NetRevenue,
			*got.Views, *got.Likes, *got.PostsLive, *got.DisclosureCompliant)
	}
	// Conversion is orders per unique visitor: 1 / 2.
	if got.Conversion == nil || *got.Conversion != 0.5 || got.CPA["USD"] == nil || *got.CPA["USD"] != 128000 {
		t.Fatalf("conversion %v, cpa %v", got.Conversion, got.CPA)
	}
	// The fixture's campaign lies ahead of today, and a series says nothing of days to
	// come, counted or not.
	for _, pt := range d.Series {
		if pt.Day > d.Today && (pt.Clicks != nil || pt.Views != nil || pt.Orders != nil) {
			t.Errorf("series figures for %s, after today %s: %+v", pt.Day, d.Today, pt)
		}
	}
	if row := d.Leaderboard.Rows[0]; row.Figures.NetRevenue["USD"] != 12000 || *row.Figures.HumanClicks != 2 {
		t.Errorf("leaderboard row %+v", row.Figures)
	}
	// The counters of another campaign of the same creator stay out of this one.
	var other campaigns.Campaign
	h.must(201, ana, system.RouteCampaignCreate, p("ws", f.ws), strings.Replace(campaignJSON, "Spring trail shoes", "Autumn", 1)).decode(t, &other)
	h.must(201, ana, system.RouteCampaignCreatorAdd, p("ws", f.ws, "campaign", other.ID), fmt.Sprintf(`{"creatorId":%q}`, f.creator))
	h.must(200, ana, system.RouteResults, p("ws", f.ws, "campaign", other.ID), "", "?", "from=2027-01-15&to=2027-01-31").decode(t, &d)
	if *d.Figures.Clicks != 0 || *d.Figures.Views != 0 || *d.Figures.Orders != 0 {
		t.Errorf("another campaign sees %v clicks, %v views, %v orders", *d.Figures.Clicks, *d.Figures.Views, *d.Figures.Orders)
	}

	var cr results.CreatorResults
	h.must(200, asViewer(h, f), system.RouteResultsCreator, M, "").decode(t, &cr)
	if cr.Creator.Name != "Lena Trails" || cr.Creator.Figures.Cost["USD"] != 128000 {
		t.Fatalf("creator results %+v", cr.Creator)
	}
	h.must(404, ana, system.RouteResultsCreator, p("ws", f.ws, "campaign", f.campaign, "creator", "nosuchcreator000"), "")

	var cmp results.Comparison
	h.must(200, ana, system.RouteResultsComparison, C, "").decode(t, &cmp)
	if len(cmp.Campaigns) != 1 || cmp.Objective != "sales" {
		t.Fatalf("comparison %+v", cmp)
	}

	for _, table := range results.Tables {
		res := h.must(200, ana, system.RouteResultsExport, p("ws", f.ws, "campaign", f.campaign, "table", table), "")
		if !strings.HasPrefix(res.headers["content-type"], "text/csv") || res.headers["content-disposition"] != `attachment; filename="spring-trail-shoes-`+table+`.csv"` {
			t.Fatalf("%s: %v", table, res.headers)
		}
		if _, err := csv.NewReader(strings.NewReader(res.body)).ReadAll(); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
	}
	h.must(404, ana, system.RouteResultsExport, p("ws", f.ws, "campaign", f.campaign, "table", "passwords"), "")

	// Notes: an editor's change, versioned like any campaign update.
	var camp campaigns.Campaign
	h.must(200, ana, system.RouteCampaign, C, "").decode(t, &camp)
	h.must(412, ana, system.RoutePostMortemNotes, C, `{"notes":"late"}`, "if-match", fmt.Sprintf(`"%d"`, camp.Version-1))
	h.must(428, ana, system.RoutePostMortemNotes, C, `{"notes":"no version"}`)
	h.must(200, ana, system.RoutePostMortemNotes, C, `{"notes":"Codes on screen <b>worked</b>."}`, "if-match", fmt.Sprintf(`"%d"`, camp.Version)).decode(t, &camp)
	if camp.Notes != "Codes on screen <b>worked</b>." || camp.Name != "Spring trail shoes" {
		t.Fatalf("notes update changed %+v", camp)
	}

	var pm results.PostMortem
	h.must(200, ana, system.RoutePostMortem, C, "").decode(t, &pm)
	if pm.Notes != camp.Notes || pm.Revisions != 2 || pm.Creators[0].Notes != "Second cut was better." || pm.GoalReached != nil {
		t.Fatalf("post-mortem %+v", pm)
	}
	page := h.must(200, ana, system.RoutePostMortemPage, C, "")
	if !strings.HasPrefix(page.headers["content-type"], "text/html") || !strings.Contains(page.headers["content-security-policy"], "default-src 'none'") {
		t.Fatalf("page headers %v", page.headers)
	}
	for _, want := range []string{"Post-mortem: Spring trail shoes", "Codes on screen &lt;b&gt;worked&lt;/b&gt;.", "USD\u00a01,280.00"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	var defs list[results.Definition]
	h.must(200, cleo, system.RouteFigures, nil, "").decode(t, &defs)
	if len(defs.Items) != len(results.Definitions) || defs.Items[0].Key != "postsLive" || defs.Items[0].Definition == "" {
		t.Fatalf("definitions %+v", defs.Items[:1])
	}
}

// asViewer makes ben a viewer of f's workspace: results are for everyone who may see
// the campaign.
func asViewer(h *harness, f fixture) user {
	h.t.Helper()
	h.must(201, ana, system.RouteMemberInvite, p("ws", f.ws), `{"email":"`+ben.email+`","role":"viewer"}`)
	h.must(200, ben, system.RouteWorkspaces, nil, "")
	return ben
}

// seedCounters writes what the other paths would have counted for f's creator: three
// clicks on 2027-01-20 (two visitors, one bot) through the click aggregator, a USD 120
// coupon order on 2027-01-21 through the order ledger's commit, and two daily pulls of
// the tracked post (1,000 then 1,500 views, disclosed) through the metrics job's save.
func seedCounters(t *testing.T, h *harness, f fixture) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
	var clicks []links.Click
	for i, c := range []struct {
		visitor string
		bot     bool
	}{{"v1", false}, {"v2", false}, {"crawler", true}} {
		clicks = append(clicks, links.Click{ID: fmt.Sprintf("seedclick%d", i), At: at.Add(time.Duration(i) * time.Minute),
			Domain: f.domain, Code: f.code, WorkspaceID: f.ws, CampaignID: f.campaign, MembershipID: f.creator,
			Bot: c.bot, VisitorKey: c.visitor})
	}
	clicks[2].At = at.AddDate(0, 0, 1) // the bot comes the next day
	for _, c := range clicks {
		if err := h.table.PutClick(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := analytics.NewAggregator(h.table).Count(ctx, clicks); err != nil {
		t.Fatal(err)
	}
	order := orderflow.Counter{Orders: 1, Revenue: 12000, Net: 12000, OrdersByCode: 1, NetByCode: 12000}
	member, campaign := order, order
	member.CounterKey = orderflow.CounterKey{CampaignID: f.campaign, CreatorID: f.creator, Day: "2027-01-21", Currency: "USD"}
	campaign.CounterKey = orderflow.CounterKey{CampaignID: f.campaign, Day: "2027-01-21", Currency: "USD"}
	if err := h.table.Commit(ctx, orderflow.Change{Record: orderflow.Record{WorkspaceID: f.ws, OrderID: "seed-1"},
		Counters: []orderflow.Counter{member, campaign}}); err != nil {
		t.Fatal(err)
	}
	post := tracking.Post{ID: f.post, WorkspaceID: f.ws, CampaignID: f.campaign, CreatorID: f.creator}
	for i, views := range []int64{1000, 1500} {
		run := time.Date(2027, 1, 21+i, 10, 0, 0, 0, time.UTC)
		likes := 80 + 15*int64(i)
		u := tracking.PostUpdate{Latest: tracking.Latest{At: run, Counts: tracking.Counts{Views: &views, Likes: &likes}},
			Disclosure: tracking.Disclosure{Disclosed: true, CheckedAt: run}}
		if err := h.table.SavePost(ctx, post, u); err != nil {
			t.Fatal(err)
		}
	}
	// A late retry of the first day's run does not lower the second day's level.
	views, likes := int64(900), int64(1)
	late := tracking.PostUpdate{Latest: tracking.Latest{At: time.Date(2027, 1, 22, 9, 0, 0, 0, time.UTC),
		Counts: tracking.Counts{Views: &views, Likes: &likes}}}
	if err := h.table.SavePost(ctx, post, late); err != nil {
		t.Fatal(err)
	}
	// In the stacks the resultspack function packs these from the table's stream; here
	// they are packed from the counters themselves, with the same code.
	if err := h.table.RepackResults(ctx, f.ws, f.campaign, []string{f.creator}); err != nil {
		t.Fatal(err)
	}
}
