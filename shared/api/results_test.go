package api

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/system"
)

// TestResultsWithoutAggregates drives every results route against DynamoDB Local with the
// entities that exist today: the deals' costs, dates and notes come back, and every
// figure that needs click, order or content counters is null, never a made-up zero.
func TestResultsWithoutAggregates(t *testing.T) {
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
	if d.Sources != (results.Sources{}) || d.Figures.Views != nil || d.Figures.Clicks != nil || d.Figures.Orders != nil || d.Figures.NetRevenue != nil {
		t.Fatalf("figures without counters: %+v", d.Figures)
	}
	// Before the campaign's start the goal is "not started", a date fact; after it, with
	// no order ledger, no data.
	if d.Figures.FixedCost["USD"] != 128000 || d.Figures.Cost["USD"] != 128000 || d.Goal.Actual != nil || d.Goal.Target != 5000000 ||
		(d.Goal.Status != nil && *d.Goal.Status != results.GoalNotStarted) {
		t.Fatalf("fixed cost %v, cost %v, goal %+v", d.Figures.FixedCost, d.Figures.Cost, d.Goal)
	}
	if d.Range != (results.Range{From: "2027-01-15", To: "2027-03-31"}) || len(d.Series) != 76 || d.Series[0].Clicks != nil {
		t.Fatalf("range %v, %d days", d.Range, len(d.Series))
	}
	if len(d.Leaderboard.Rows) != 1 || d.Leaderboard.Rows[0].Stage != "contracted" || d.Leaderboard.Sort != "netRevenue.USD" {
		t.Fatalf("leaderboard %+v", d.Leaderboard)
	}
	// The JSON says null, not 0.
	raw := h.must(200, ana, system.RouteResults, C, "", "?", "from=2027-01-15&to=2027-01-21&sort=-cpa").body
	for _, want := range []string{`"views":null`, `"conversion":null`, `"cpa":null`, `"sort":"-cpa.USD"`} {
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
	for _, want := range []string{"Post-mortem: Spring trail shoes", "Codes on screen &lt;b&gt;worked&lt;/b&gt;.", "USD\u00a01,280.00", "Not available yet"} {
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
