package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/system"
)

func TestHealth(t *testing.T) {
	h := newHarness(t)
	res := h.do(user{}, system.RouteHealth, nil, "")
	if res.status != 200 || res.body != `{"status":"ok"}` {
		t.Fatalf("health: %d %s", res.status, res.body)
	}
}

const campaignJSON = `{"name":"Spring trail shoes","objective":"sales",
	"goal":{"metric":"revenue","target":5000000,"deadline":"2027-03-31"},
	"startDate":"2027-01-15","endDate":"2027-03-31","budget":{"amount":2500000,"currency":"USD"},
	"platforms":["tiktok","instagram"],"destinationUrl":"https://shop.example.com/trail",
	"persona":{"countries":["US","GB"],"genders":["female"],"ages":["18-24","25-34"]}}`

// TestMarketerWorkflow runs the scenario through the handler against DynamoDB Local:
// a workspace, an invited member, a campaign with a SMART goal, 100 creators from CSV, ten
// shortlisted and moved through the pipeline, a Shopify connection and unique coupon codes.
func TestMarketerWorkflow(t *testing.T) {
	h := newHarness(t)

	var ws workspaceView
	h.must(201, ana, system.RouteWorkspaceCreate, nil, `{"name":"Trail Co","timeZone":"Europe/Berlin","currency":"usd"}`).decode(t, &ws)
	if ws.Role != "owner" || ws.Currency != "USD" || ws.Settings.ClickParam != "htclid" || ws.Settings.Precedence != "coupon" {
		t.Fatalf("workspace defaults: %+v", ws)
	}
	W := p("ws", ws.ID)

	h.must(201, ana, system.RouteMemberInvite, W, `{"email":"Ben@Brand.example.com","role":"editor"}`)
	var mine list[workspaceView]
	h.must(200, ben, system.RouteWorkspaces, nil, "").decode(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != ws.ID || mine.Items[0].Role != "editor" {
		t.Fatalf("invited member's workspaces: %+v", mine.Items)
	}

	var camp campaigns.Campaign
	res := h.must(201, ben, system.RouteCampaignCreate, W, campaignJSON)
	res.decode(t, &camp)
	if camp.Slug != "spring-trail-shoes" || camp.Status != "draft" || camp.AttributionWindowDays != 30 ||
		len(camp.DisclosureTags) != 1 || camp.DisclosureTags[0] != "#ad" || res.headers["etag"] != `"1"` {
		t.Fatalf("campaign defaults: %+v etag %s", camp, res.headers["etag"])
	}
	C := p("ws", ws.ID, "campaign", camp.ID)

	csv := string(sampleevents.Read(t, "api/creators-import.csv"))
	var report creators.ImportReport
	h.must(200, ben, system.RouteCreatorImport, W, csv, "content-type", "text/csv").decode(t, &report)
	if report.Rows != 100 || report.Imported != 100 || len(report.Rejected) != 0 {
		t.Fatalf("import: %+v", report)
	}
	var page creators.Page
	h.must(200, ben, system.RouteCreators, W, "", "?", "tier=micro,mid&minEngagement=0.02&sort=impact&limit=10&campaign="+camp.ID).decode(t, &page)
	if len(page.Items) != 10 || page.Next == "" || page.Items[0].AudienceMatch == nil {
		t.Fatalf("search: %d items, next %q", len(page.Items), page.Next)
	}
	for i, c := range page.Items {
		if c.Tier != creators.Micro && c.Tier != creators.Mid {
			t.Errorf("result %d has tier %s", i, c.Tier)
		}
		if i > 0 && c.ImpactScore > page.Items[i-1].ImpactScore {
			t.Errorf("results not sorted by impact at %d", i)
		}
	}

	var conn connections.View
	h.must(201, ana, system.RouteConnectionCreate, W, `{"platform":"shopify","name":"US shop","shop":"trail-co.myshopify.com","secret":"shpss_0123456789abcdef"}`).decode(t, &conn)
	if conn.WebhookURL != "https://api.example.com/webhooks/shopify/"+conn.ID || strings.Contains(h.do(ana, system.RouteConnection, p("ws", ws.ID, "connection", conn.ID), "").body, "shpss_") {
		t.Fatalf("connection view: %+v", conn)
	}

	for i, c := range page.Items {
		var m campaigns.Member
		h.must(201, ben, system.RouteCampaignCreatorAdd, C, fmt.Sprintf(`{"creatorId":%q}`, c.ID)).decode(t, &m)
		M := p("ws", ws.ID, "campaign", camp.ID, "creator", c.ID)
		if m.Stage != "shortlisted" || m.Relevance != *c.AudienceMatch {
			t.Fatalf("member %d: stage %s relevance %v want %v", i, m.Stage, m.Relevance, *c.AudienceMatch)
		}
		version := m.Version
		for _, stage := range []string{"vetted", "contacted", "negotiating", "contracted"} {
			h.must(200, ben, system.RouteCampaignCreatorStage, M, `{"stage":"`+stage+`"}`, "if-match", fmt.Sprintf(`"%d"`, version)).decode(t, &m)
			version = m.Version
		}
		if len(m.History) != 5 || m.History[4].From != "negotiating" || m.History[4].By != ben.email {
			t.Fatalf("history: %+v", m.History)
		}
		code := fmt.Sprintf("trail%02d", i)
		h.must(201, ben, system.RouteCodeAssign, M, fmt.Sprintf(`{"connectionId":%q,"code":%q}`, conn.ID, code)).decode(t, &m)
		if m.Codes[0].Code != strings.ToUpper(code) {
			t.Fatalf("code stored as %q", m.Codes[0].Code)
		}
	}
	// The same code in other letter case, for another creator: taken.
	other := p("ws", ws.ID, "campaign", camp.ID, "creator", page.Items[1].ID)
	res = h.must(409, ben, system.RouteCodeAssign, other, fmt.Sprintf(`{"connectionId":%q,"code":"Trail00"}`, conn.ID))
	if !strings.Contains(res.body, "TRAIL00") {
		t.Fatalf("conflict should name the code: %s", res.body)
	}

	// Two pitch variants tested on the shortlisted creators.
	var pitch campaigns.Pitch
	h.must(201, ben, system.RoutePitchCreate, C, `{"name":"Spring outreach","variants":[{"label":"Short","subject":"Trail shoes?","message":"Hi!"},{"label":"Long","subject":"Paid partnership","message":"Hello, ..."}]}`).decode(t, &pitch)
	for i, c := range page.Items[:4] {
		M := p("ws", ws.ID, "campaign", camp.ID, "creator", c.ID)
		variant := pitch.Variants[i%2].ID
		h.must(200, ben, system.RouteCampaignOutreach, M, fmt.Sprintf(`{"pitchId":%q,"variantId":%q}`, pitch.ID, variant))
		outcome := []string{"accepted", "no_reply", "replied", "declined"}[i]
		h.must(200, ben, system.RouteCampaignOutreach, M, fmt.Sprintf(`{"pitchId":%q,"variantId":%q,"outcome":%q}`, pitch.ID, variant, outcome))
	}
	var pitches list[campaigns.PitchStats]
	h.must(200, ana, system.RoutePitches, C, "").decode(t, &pitches)
	short, long := pitches.Items[0].Variants[0], pitches.Items[0].Variants[1]
	if short.Sent != 2 || *short.ReplyRate != 1 || *short.AcceptanceRate != 0.5 || long.Sent != 2 || *long.ReplyRate != 0.5 || *long.AcceptanceRate != 0 {
		t.Fatalf("pitch stats: short %+v long %+v", short, long)
	}

	// A tracking link for the first creator: destination and UTM from the campaign.
	first := p("ws", ws.ID, "campaign", camp.ID, "creator", page.Items[0].ID)
	var link linkView
	h.must(201, ben, system.RouteLinkCreate, first, `{}`).decode(t, &link)
	if link.Destination != "https://shop.example.com/trail" || link.Tracking.Campaign != "spring-trail-shoes" ||
		link.Tracking.ClickIDParam != "htclid" || len(link.Code) < 7 || !strings.HasSuffix(link.URL, "/"+link.Code) {
		t.Fatalf("link: %+v", link)
	}
	L := p("ws", ws.ID, "domain", link.Domain, "code", link.Code)
	if svg := h.must(200, ana, system.RouteLinkQR, L, ""); !strings.HasPrefix(svg.headers["content-type"], "image/svg+xml") || !strings.Contains(svg.body, "<svg") {
		t.Fatalf("QR svg: %s", svg.headers["content-type"])
	}
	if png := h.must(200, ana, system.RouteLinkQR, L, "", "?", "format=png&size=256"); png.headers["content-type"] != "image/png" {
		t.Fatalf("QR png: %s", png.headers["content-type"])
	}
	var clicks clicksView
	h.must(200, ana, system.RouteCampaignClicks, C, "", "?", "from=2027-01-15&to=2027-01-22").decode(t, &clicks)
	if len(clicks.Series.Points) != 7 || clicks.Totals.Clicks != 0 || clicks.TimeZone != "Europe/Berlin" {
		t.Fatalf("clicks of a campaign without any: %d points, %+v, %s", len(clicks.Series.Points), clicks.Totals, clicks.TimeZone)
	}
	var campLinks list[linkView]
	h.must(200, ana, system.RouteCampaignLinks, C, "").decode(t, &campLinks)
	if len(campLinks.Items) != 1 {
		t.Fatalf("campaign links: %d", len(campLinks.Items))
	}

	var board list[campaigns.Member]
	h.must(200, ana, system.RouteCampaignCreators, C, "", "?", "stage=contracted").decode(t, &board)
	if len(board.Items) != 10 {
		t.Fatalf("board: %d contracted, want 10", len(board.Items))
	}
	export := h.must(200, ana, system.RouteCampaignCreatorExport, C, "")
	if lines := strings.Count(export.body, "\n"); lines != 11 || !strings.HasPrefix(export.headers["content-type"], "text/csv") {
		t.Fatalf("export: %d lines, %s", lines, export.headers["content-type"])
	}
	if lines := strings.Count(h.must(200, ana, system.RouteCreatorExport, W, "").body, "\n"); lines != 101 {
		t.Fatalf("creator export: %d lines, want header + 100", lines)
	}
}

func TestImportReportsRejectedRows(t *testing.T) {
	h := newHarness(t)
	var ws workspaceView
	h.must(201, ana, system.RouteWorkspaceCreate, nil, `{"name":"Trail Co"}`).decode(t, &ws)
	var report creators.ImportReport
	csv := string(sampleevents.Read(t, "api/creators-import-errors.csv"))
	h.must(200, ana, system.RouteCreatorImport, p("ws", ws.ID), csv, "content-type", "text/csv").decode(t, &report)
	if report.Rows != 5 || report.Imported != 1 || len(report.Rejected) != 4 {
		t.Fatalf("report: %+v", report)
	}
	want := map[int]string{3: "required", 4: "invalid", 5: "duplicate", 6: "out-of-range"}
	for _, r := range report.Rejected {
		if r.Errors[0].Code != want[r.Row] {
			t.Errorf("row %d: %+v, want code %s", r.Row, r.Errors, want[r.Row])
		}
	}
}

func TestOptimisticConcurrency(t *testing.T) {
	h := newHarness(t)
	var ws workspaceView
	h.must(201, ana, system.RouteWorkspaceCreate, nil, `{"name":"Trail Co"}`).decode(t, &ws)
	var camp campaigns.Campaign
	h.must(201, ana, system.RouteCampaignCreate, p("ws", ws.ID), campaignJSON).decode(t, &camp)
	C := p("ws", ws.ID, "campaign", camp.ID)
	edit := strings.Replace(campaignJSON, "Spring trail shoes", "Spring trail shoes II", 1)
	h.must(http.StatusPreconditionRequired, ana, system.RouteCampaignUpdate, C, edit)
	h.must(200, ana, system.RouteCampaignUpdate, C, edit, "if-match", `"1"`)
	h.must(http.StatusPreconditionFailed, ana, system.RouteCampaignUpdate, C, campaignJSON, "if-match", `"1"`)
	var got campaigns.Campaign
	h.must(200, ana, system.RouteCampaign, C, "").decode(t, &got)
	if got.Name != "Spring trail shoes II" || got.Version != 2 {
		t.Fatalf("after a stale write: %q v%d", got.Name, got.Version)
	}
	h.must(200, ana, system.RouteCampaignArchive, C, "")
	h.must(422, ana, system.RouteCampaignUpdate, C, edit, "if-match", `"3"`)
	var active list[campaigns.Campaign]
	h.must(200, ana, system.RouteCampaigns, p("ws", ws.ID), "").decode(t, &active)
	if len(active.Items) != 0 {
		t.Fatalf("archived campaigns are listed only on request: %d", len(active.Items))
	}
}
