package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// fixture is a workspace with one of everything, so every route has real ids to aim at.
type fixture struct {
	ws, campaign, creator, connection, code, domain, post, hashtag string
}

// params fill every path parameter. The link's vanity code and the coupon code are the
// same word, so one "code" parameter names both.
func (f fixture) params() map[string]string {
	return p("ws", f.ws, "campaign", f.campaign, "creator", f.creator, "connection", f.connection,
		"code", f.code, "domain", f.domain, "user", ana.sub, "order", "820982911946154508",
		"post", f.post, "hashtag", f.hashtag, "platform", "tiktok", "table", "leaderboard")
}

func newFixture(h *harness, owner user) fixture {
	h.t.Helper()
	var ws workspaceView
	h.must(201, owner, system.RouteWorkspaceCreate, nil, `{"name":"Trail Co"}`).decode(h.t, &ws)
	W := p("ws", ws.ID)
	var camp campaigns.Campaign
	h.must(201, owner, system.RouteCampaignCreate, W, campaignJSON).decode(h.t, &camp)
	var cr creatorView
	h.must(201, owner, system.RouteCreatorCreate, W, `{"name":"Lena Trails","handles":{"tiktok":"@lena.trails"},"followers":48000}`).decode(h.t, &cr)
	var conn connections.View
	h.must(201, owner, system.RouteConnectionCreate, W, `{"platform":"shopify","shop":"trail-co.myshopify.com","secret":"shpss_0123456789"}`).decode(h.t, &conn)
	C := p("ws", ws.ID, "campaign", camp.ID)
	h.must(201, owner, system.RouteCampaignCreatorAdd, C, fmt.Sprintf(`{"creatorId":%q}`, cr.ID))
	M := p("ws", ws.ID, "campaign", camp.ID, "creator", cr.ID)
	// Vanity slugs are unique per short domain across workspaces: each fixture has its own.
	word := "lena" + ws.ID[:6]
	h.must(201, owner, system.RouteCodeAssign, M, fmt.Sprintf(`{"connectionId":%q,"code":%q}`, conn.ID, strings.ToUpper(word)))
	var link linkView
	h.must(201, owner, system.RouteLinkCreate, M, `{"slug":"`+word+`"}`).decode(h.t, &link)
	h.must(201, owner, system.RoutePostTrack, M, `{"url":"https://www.tiktok.com/@lena.trails/video/7334455667788990011"}`)
	h.must(201, owner, system.RouteHashtagTrack, C, `{"platform":"instagram","tag":"#trailchallenge"}`)
	h.must(200, owner, system.RouteCreatorConnect, p("ws", ws.ID, "creator", cr.ID, "platform", "tiktok"),
		`{"accountId":"7f3c2a10-5b8e-4d1a-9e2f-lenatrails01","accessToken":"act.lena-token-0123456789"}`)
	h.must(200, owner, system.RouteSocialCredential, p("ws", ws.ID, "platform", "youtube"), `{"apiKey":"AIzaSyA-0123456789abcdefghijklmnopqrs"}`)
	return fixture{ws: ws.ID, campaign: camp.ID, creator: cr.ID, connection: conn.ID, code: link.Code, domain: link.Domain,
		post: "tiktok-7334455667788990011", hashtag: "instagram-trailchallenge"}
}

// TestEveryRouteKeepsTenantsApart calls every workspace route as the owner of another
// workspace, aimed at real ids of the first: each must answer 404 and write nothing.
func TestEveryRouteKeepsTenantsApart(t *testing.T) {
	h := newHarness(t)
	a := newFixture(h, ana)
	newFixture(h, cleo)
	for _, route := range system.APIRoutes {
		if !strings.Contains(route, "{ws}") {
			continue
		}
		t.Run(route, func(t *testing.T) {
			before := h.itemCount()
			res := h.do(cleo, route, a.params(), `{}`, "if-match", `"1"`)
			if res.status != http.StatusNotFound {
				t.Fatalf("cleo on ana's workspace: %d %s", res.status, res.body)
			}
			if after := h.itemCount(); after != before {
				t.Fatalf("a refused request wrote %d items", after-before)
			}
		})
	}
}

// TestEveryRouteChecksRoles calls every route that needs more than a viewer as a viewer,
// and every admin route as an editor: 403, nothing written.
func TestEveryRouteChecksRoles(t *testing.T) {
	h := newHarness(t)
	a := newFixture(h, ana)
	W := p("ws", a.ws)
	h.must(201, ana, system.RouteMemberInvite, W, `{"email":"`+ben.email+`","role":"viewer"}`)
	h.must(201, ana, system.RouteMemberInvite, W, `{"email":"`+cleo.email+`","role":"editor"}`)
	h.must(200, ben, system.RouteWorkspaces, nil, "")
	h.must(200, cleo, system.RouteWorkspaces, nil, "")
	for _, route := range system.APIRoutes {
		op := h.api.ops[route]
		for _, caller := range []struct {
			who  user
			role workspaces.Role
		}{{ben, workspaces.Viewer}, {cleo, workspaces.Editor}} {
			if op.role == "" || caller.role.AtLeast(op.role) {
				continue
			}
			t.Run(route+" as "+string(caller.role), func(t *testing.T) {
				before := h.itemCount()
				res := h.do(caller.who, route, a.params(), `{}`, "if-match", `"1"`)
				if res.status != http.StatusForbidden {
					t.Fatalf("%s: %d %s", caller.role, res.status, res.body)
				}
				if after := h.itemCount(); after != before {
					t.Fatalf("a refused request wrote %d items", after-before)
				}
			})
		}
	}
	// Roles are not only refused: a viewer reads.
	h.must(200, ben, system.RouteCampaigns, W, "")
	h.must(200, ben, system.RouteCreators, W, "")
}

// TestEveryWriteRouteRejectsBadInput sends each write route bad input: a clear problem with
// a machine code (and the field, where one is at fault), and nothing written.
func TestEveryWriteRouteRejectsBadInput(t *testing.T) {
	h := newHarness(t)
	a := newFixture(h, ana)
	all := a.params()
	cases := []struct {
		route  string
		body   string
		status int
		field  string // the field the problem must name; "" when the body as a whole is bad
	}{
		{system.RouteWorkspaceCreate, `{"name":""}`, 422, "name"},
		{system.RouteWorkspaceCreate, `{"name":"X","timeZone":"Mars/Olympus"}`, 422, "timeZone"},
		{system.RouteWorkspaceCreate, `{"name":"X","colour":"red"}`, 400, ""},
		{system.RouteWorkspaceUpdate, `{"name":"X","currency":"dollars"}`, 422, "currency"},
		{system.RouteWorkspaceUpdate, `{"name":"X","settings":{"attributionPrecedence":"luck"}}`, 422, "settings.attributionPrecedence"},
		{system.RouteMemberInvite, `{"email":"not-an-email","role":"editor"}`, 422, "email"},
		{system.RouteMemberInvite, `{"email":"x@example.com","role":"king"}`, 422, "role"},
		{system.RouteMemberUpdate, `{"role":"king"}`, 422, "role"},
		{system.RouteMemberUpdate, `{"role":"viewer"}`, 422, "role"}, // the last owner
		{system.RouteCampaignCreate, `{"name":"No goal","objective":"sales","startDate":"2027-01-01","endDate":"2027-02-01","destinationUrl":"https://shop.example.com"}`, 422, "goal.metric"},
		{system.RouteCampaignCreate, strings.Replace(campaignJSON, `"target":5000000`, `"target":0`, 1), 422, "goal.target"},
		{system.RouteCampaignCreate, strings.Replace(campaignJSON, `"2027-03-31","budget"`, `"2026-12-31","budget"`, 1), 422, "endDate"},
		{system.RouteCampaignCreate, strings.Replace(campaignJSON, "https://shop.example.com/trail", "javascript:alert(1)", 1), 422, "destinationUrl"},
		{system.RouteCampaignCreate, `{"name":`, 400, ""},
		{system.RouteCampaignUpdate, strings.Replace(campaignJSON, `"objective":"sales"`, `"objective":"fame"`, 1), 422, "objective"},
		{system.RouteCreatorCreate, `{"name":"No handles"}`, 422, "handles"},
		{system.RouteCreatorCreate, `{"name":"Big","handles":{"tiktok":"big"},"engagementRate":3}`, 422, "engagementRate"},
		{system.RouteCreatorCreate, `{"name":"Dupe","handles":{"tiktok":"@Lena.Trails"}}`, 422, "handles.tiktok"},
		{system.RouteCreatorImport, "", 422, "file"},
		{system.RouteCreatorImport, "handle,followers\nx,1\n", 422, "file"},
		{system.RouteCreatorUpdate, `{"name":"Lena","handles":{"myspace":"lena"}}`, 422, "handles.myspace"},
		{system.RouteCampaignCreatorAdd, `{"creatorId":"` + a.creator + `","stage":"famous"}`, 422, "stage"},
		{system.RouteCampaignCreatorAdd, `{"creatorId":"nosuchcreator000"}`, 404, ""},
		{system.RouteCampaignCreatorUpdate, `{"compensation":{"model":"commission"}}`, 422, "compensation.commissionBps"},
		{system.RouteCampaignCreatorUpdate, `{"relevance":1.5}`, 422, "relevance"},
		{system.RouteCampaignCreatorStage, `{"stage":"retired"}`, 422, "stage"},
		{system.RouteCodeAssign, `{"connectionId":"` + a.connection + `","code":"has space"}`, 422, "code"},
		{system.RouteCodeAssign, `{"connectionId":"nosuchconnectio","code":"X1"}`, 404, ""},
		{system.RoutePitchCreate, `{"name":"Spring","variants":[]}`, 422, "variants"},
		{system.RoutePitchCreate, `{"name":"Spring","variants":[{"label":"A","message":""}]}`, 422, "variants[0].message"},
		{system.RouteCampaignOutreach, `{"pitchId":"nosuchpitch00000","variantId":"x"}`, 422, "pitchId"},
		{system.RouteLinkCreate, `{"destination":"javascript:alert(1)"}`, 422, "destination"},
		{system.RouteLinkCreate, `{"destination":"http://10.0.0.1/admin"}`, 422, "destination"},
		{system.RouteLinkCreate, `{"slug":"healthz"}`, 422, "slug"},
		{system.RouteLinkUpdate, `{"destination":"https://user:pass@shop.example.com/"}`, 422, "destination"},
		{system.RouteConnectionCreate, `{"platform":"shopify","shop":"example.com","secret":"shpss_0123456789"}`, 422, "shop"},
		{system.RouteConnectionCreate, `{"platform":"stripe","secret":"sk_live_nope1234"}`, 422, "secret"},
		{system.RouteConnectionCreate, `{"platform":"magento","secret":"0123456789"}`, 422, "platform"},
		{system.RouteConnectionCreate, `{"platform":"woocommerce","shop":"https://shop.example.com","secret":"0123456789","consumerKey":"ck_0123456789"}`, 422, "consumerSecret"},
		{system.RouteConnectionCredentials, `{"adminToken":"short"}`, 422, "adminToken"},
		{system.RouteConnectionCredentials, `{"apiKey":"rk_live_0123456789"}`, 422, "adminToken"},
		{system.RouteConnectionCredentials, `{"token":"shpat_0123456789"}`, 400, ""},
		{system.RouteConnectionReplay, `{"force":true}`, 400, ""},
		{system.RouteOrderReattribute, `{"creatorId":"x"}`, 400, ""},
		{system.RouteOrderReattribute, `{}`, 404, ""}, // no such order on the connection
		{system.RoutePostTrack, `{"url":"https://example.com/watch?v=nPkTrail001"}`, 422, "url"},
		{system.RoutePostTrack, `{"url":"https://www.instagram.com/reel/C4xYz12AbCd/"}`, 422, "postId"},
		{system.RoutePostTrack, `{"platform":"youtube","postId":"short"}`, 422, "postId"},
		{system.RoutePostTrack, `{"platform":"myspace","postId":"123"}`, 422, "platform"},
		{system.RoutePostTrack, `{"url":"https://youtu.be/nPkTrail001","note":"x"}`, 400, ""},
		{system.RoutePostTrack, `{"url":"https://www.tiktok.com/@lena.trails/video/7334455667788990011"}`, 409, ""},
		{system.RouteHashtagTrack, `{"platform":"tiktok","tag":"#trailchallenge"}`, 422, "platform"},
		{system.RouteHashtagTrack, `{"platform":"instagram","tag":"two words"}`, 422, "tag"},
		{system.RoutePostMortemNotes, `{"notes":"` + strings.Repeat("n", 20001) + `"}`, 422, "notes"},
		{system.RoutePostMortemNotes, `{"note":"typo"}`, 400, ""},
	}
	// Routes whose {platform} decides what is valid name it here.
	platformOf := map[string]string{}
	for _, tc := range []struct {
		route, platform, body string
		status                int
		field                 string
	}{
		{system.RouteCreatorConnect, "tiktok", `{"accountId":"7f3c2a10-5b8e-4d1a-9e2f-lenatrails01","accessToken":"short"}`, 422, "accessToken"},
		{system.RouteCreatorConnect, "youtube", `{"accountId":"lena"}`, 422, "accountId"},
		{system.RouteCreatorConnect, "myspace", `{"accountId":"lena.trails"}`, 422, "platform"},
		{system.RouteSocialCredential, "youtube", `{"apiKey":"short"}`, 422, "apiKey"},
		{system.RouteSocialCredential, "youtube", `{"apiKey":"AIzaSyA-0123456789abcdefghijklmnopqrs","dailyQuota":-5}`, 422, "dailyQuota"},
		{system.RouteSocialCredential, "tiktok", `{"accessToken":"act.lena-token-0123456789"}`, 422, "platform"},
		{system.RouteSocialCredential, "youtube", `{"apiKey":"AIzaSyA-0123456789abcdefghijklmnopqrs","key":"x"}`, 400, ""},
	} {
		platformOf[tc.route+" "+tc.body] = tc.platform
		cases = append(cases, struct {
			route  string
			body   string
			status int
			field  string
		}{tc.route, tc.body, tc.status, tc.field})
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.route] = true
		t.Run(tc.route+" "+tc.field, func(t *testing.T) {
			before := h.itemCount()
			headers := []string{"if-match", `"1"`}
			if tc.route == system.RouteCreatorImport {
				headers = append(headers, "content-type", "text/csv")
			}
			params := all
			if platform, ok := platformOf[tc.route+" "+tc.body]; ok {
				params = p("ws", a.ws, "creator", a.creator, "platform", platform)
			}
			res := h.do(ana, tc.route, params, tc.body, headers...)
			if res.status != tc.status || res.headers["content-type"] != "application/problem+json" {
				t.Fatalf("status %d (%s), want %d problem+json: %s", res.status, res.headers["content-type"], tc.status, res.body)
			}
			var problem struct {
				Code   string `json:"code"`
				Detail string `json:"detail"`
				Errors []struct{ Field, Code, Message string }
			}
			res.decode(t, &problem)
			if problem.Code == "" || problem.Detail == "" {
				t.Fatalf("problem without code or detail: %s", res.body)
			}
			if tc.field != "" && (len(problem.Errors) == 0 || problem.Errors[0].Field != tc.field || problem.Errors[0].Message == "") {
				t.Fatalf("want the first error on %s: %s", tc.field, res.body)
			}
			if after := h.itemCount(); after != before {
				t.Fatalf("a rejected request wrote %d items", after-before)
			}
		})
	}
	for _, route := range system.APIRoutes {
		if (strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "PATCH ") || strings.HasPrefix(route, "PUT ")) && !covered[route] {
			t.Errorf("write route %s has no bad-input case", route)
		}
	}
}
