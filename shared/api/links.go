package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/validate"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) linkOps() {
	a.ops[system.RouteCampaignLinks] = operation{role: workspaces.Viewer, run: a.listLinks}
	a.ops[system.RouteLinkCreate] = operation{role: workspaces.Editor, run: a.createLink}
	a.ops[system.RouteLink] = operation{role: workspaces.Viewer, run: a.getLink}
	a.ops[system.RouteLinkUpdate] = operation{role: workspaces.Editor, run: a.updateLink}
	a.ops[system.RouteLinkArchive] = operation{role: workspaces.Editor, run: a.archiveLink}
	a.ops[system.RouteLinkQR] = operation{role: workspaces.Viewer, run: a.linkQR}
	a.ops[system.RouteLinkClicks] = operation{role: workspaces.Viewer, run: a.linkClicks}
	a.ops[system.RouteCampaignClicks] = operation{role: workspaces.Viewer, run: a.campaignClicks}
	a.ops[system.RouteCampaignCreatorClicks] = operation{role: workspaces.Viewer, run: a.creatorClicks}
}

// linkView is a link as the API shows it.
type linkView struct {
	ID          string       `json:"id"`
	URL         string       `json:"url"`
	Domain      string       `json:"domain"`
	Code        string       `json:"code"`
	Vanity      bool         `json:"vanity"`
	CampaignID  string       `json:"campaignId"`
	CreatorID   string       `json:"creatorId"`
	Handle      string       `json:"creatorHandle"`
	Platform    string       `json:"platform"`
	Destination string       `json:"destination"`
	Tracking    trackingView `json:"tracking"`
	Override    trackingView `json:"override"`
	Disabled    bool         `json:"disabled"`
	EndsAt      *time.Time   `json:"endsAt"`
	Archived    bool         `json:"archived"`
	Created     time.Time    `json:"createdAt"`
	Version     int64        `json:"version"`
}

// trackingView is a link's tracking parameters: UTM values and the click id's name.
type trackingView struct {
	Source       string `json:"source,omitempty"`
	Medium       string `json:"medium,omitempty"`
	Campaign     string `json:"campaign,omitempty"`
	Content      string `json:"content,omitempty"`
	Term         string `json:"term,omitempty"`
	ClickIDParam string `json:"clickIdParam,omitempty"`
	NoUTM        bool   `json:"noUtm,omitempty"`
}

func (t trackingView) tracking() links.Tracking {
	return links.Tracking{Source: t.Source, Medium: t.Medium, Campaign: t.Campaign, Content: t.Content,
		Term: t.Term, ClickIDParam: t.ClickIDParam, NoUTM: t.NoUTM}
}

func viewTracking(t links.Tracking) trackingView {
	return trackingView{Source: t.Source, Medium: t.Medium, Campaign: t.Campaign, Content: t.Content,
		Term: t.Term, ClickIDParam: t.ClickIDParam, NoUTM: t.NoUTM}
}

func (a *API) viewLink(l links.Link) linkView {
	v := linkView{ID: analytics.LinkID(l.Domain, l.Code), URL: a.svc.Links.URL(l), Domain: l.Domain, Code: l.Code,
		Vanity: l.Vanity, CampaignID: l.CampaignID, CreatorID: l.MembershipID, Handle: l.CreatorHandle,
		Platform: l.Platform, Destination: l.Destination, Tracking: viewTracking(l.Tracking),
		Override: viewTracking(l.Override), Disabled: l.Disabled, Archived: !l.ArchivedAt.IsZero(),
		Created: l.CreatedAt, Version: l.Version}
	if !l.EndsAt.IsZero() {
		end := l.EndsAt
		v.EndsAt = &end
	}
	return v
}

// linkCampaign is what links need to know of a campaign: its slug, the brand's site and
// its tracking settings, with the click id's name from the workspace.
func (a *API) linkCampaign(ctx context.Context, c campaigns.Campaign) (links.Campaign, []string, error) {
	ws, err := a.svc.Workspaces.Get(ctx, c.WorkspaceID)
	if err != nil {
		return links.Campaign{}, nil, err
	}
	brand := ""
	if u, err := url.Parse(c.DestinationURL); err == nil {
		brand = u.Scheme + "://" + u.Host + "/"
	}
	return links.Campaign{ID: c.ID, Slug: c.Slug, BrandURL: brand, Tracking: links.Tracking{
		Source: c.UTM.Source, Medium: c.UTM.Medium, Campaign: c.UTM.Campaign, Content: c.UTM.Content,
		ClickIDParam: ws.Settings.ClickParam, NoUTM: c.UTM.Disabled,
	}}, ws.Settings.AllowedDomains, nil
}

// linkMembership picks the creator's handle on the first of the campaign's platforms they
// are on, for utm_source and utm_content.
func linkMembership(c campaigns.Campaign, m campaigns.Member) links.Membership {
	order := append(slices.Clone(c.Platforms), "tiktok", "instagram", "youtube")
	for _, p := range order {
		if h := m.Handles[p]; h != "" {
			return links.Membership{ID: m.CreatorID, CreatorHandle: h, Platform: p}
		}
	}
	return links.Membership{ID: m.CreatorID}
}

func (a *API) listLinks(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	found, err := a.svc.Links.List(ctx, c.ws(), camp.ID, c.req.QueryStringParameters["creator"])
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	out := list[linkView]{Items: make([]linkView, len(found))}
	for i, l := range found {
		out.Items[i] = a.viewLink(l)
	}
	return ok(http.StatusOK, out, 0), nil
}

type linkInput struct {
	// Destination defaults to the campaign's destination URL.
	Destination string       `json:"destination"`
	Slug        string       `json:"slug"`
	Domain      string       `json:"domain"`
	Tracking    trackingView `json:"tracking"`
	EndsAt      *time.Time   `json:"endsAt"`
}

func (a *API) createLink(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in linkInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	lc, allowed, err := a.linkCampaign(ctx, camp)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if in.Destination == "" {
		in.Destination = camp.DestinationURL
	}
	create := links.CreateInput{WorkspaceID: c.ws(), Campaign: lc, Membership: linkMembership(camp, m),
		Destination: in.Destination, Slug: in.Slug, Domain: in.Domain, Tracking: in.Tracking.tracking(), AllowedDomains: allowed}
	if in.EndsAt != nil {
		create.EndsAt = *in.EndsAt
	}
	l, err := a.svc.Links.Create(ctx, create)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, a.viewLink(l), l.Version), nil
}

func linkRef(c *call) links.Ref { return links.Ref{Domain: c.param("domain"), Code: c.param("code")} }

func (a *API) getLink(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	l, err := a.svc.Links.Get(ctx, c.ws(), linkRef(c))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, a.viewLink(l), l.Version), nil
}

type linkUpdate struct {
	Destination *string       `json:"destination"`
	Disabled    *bool         `json:"disabled"`
	EndsAt      *time.Time    `json:"endsAt"`
	Tracking    *trackingView `json:"tracking"`
}

func (a *API) updateLink(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in linkUpdate
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	cur, err := a.svc.Links.Get(ctx, c.ws(), linkRef(c))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if cur.Version != version {
		return events.APIGatewayV2HTTPResponse{}, links.ErrStale
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), cur.CampaignID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	lc, allowed, err := a.linkCampaign(ctx, camp)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	update := links.UpdateInput{Destination: in.Destination, Disabled: in.Disabled, EndsAt: in.EndsAt, AllowedDomains: allowed}
	if in.Tracking != nil {
		t := in.Tracking.tracking()
		update.Tracking, update.Campaign = &t, &lc
	}
	l, err := a.svc.Links.Update(ctx, c.ws(), linkRef(c), update)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, a.viewLink(l), l.Version), nil
}

func (a *API) archiveLink(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	l, err := a.svc.Links.Archive(ctx, c.ws(), linkRef(c))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, a.viewLink(l), l.Version), nil
}

// linkQR answers the link's QR code as SVG (default) or PNG, for creators who show the
// link on video.
func (a *API) linkQR(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	q := c.req.QueryStringParameters
	format := q["format"]
	if format == "" {
		format = links.QRSVG
	}
	size := 512
	var v validate.Errors
	v.OneOf("format", format, links.QRSVG, links.QRPNG)
	if s := q["size"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 64 || n > 2048 {
			v.Add("size", "out-of-range", "must be between 64 and 2048 pixels")
		}
		size = n
	}
	if err := v.Err(); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	img, contentType, err := a.svc.Links.QRCode(ctx, c.ws(), linkRef(c), format, size)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	res := events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK, Headers: map[string]string{
		"content-type": contentType, "cache-control": "private, max-age=300",
		"content-disposition": `inline; filename="` + c.param("code") + "." + format + `"`,
	}}
	if format == links.QRPNG {
		res.Body, res.IsBase64Encoded = base64.StdEncoding.EncodeToString(img), true
	} else {
		res.Body = string(img)
	}
	return res, nil
}

// clicksView answers the analytics questions for one scope: clicks over time, totals, and
// breakdowns by country, device, OS and referrer (and creator, for a campaign).
type clicksView struct {
	From       time.Time              `json:"from"`
	To         time.Time              `json:"to"`
	TimeZone   string                 `json:"timeZone"`
	Series     seriesView             `json:"series"`
	Totals     analytics.Totals       `json:"totals"`
	Breakdowns map[string][]shareView `json:"breakdowns"`
}

type seriesView struct {
	Granularity string      `json:"granularity"`
	HasUniques  bool        `json:"hasUniques"`
	Points      []pointView `json:"points"`
}

type pointView struct {
	Start       time.Time `json:"start"`
	Clicks      int64     `json:"clicks"`
	HumanClicks int64     `json:"humanClicks"`
	BotClicks   int64     `json:"botClicks"`
	Uniques     int64     `json:"uniques"`
}

type shareView struct {
	Value  string `json:"value"`
	Clicks int64  `json:"clicks"`
}

func (a *API) linkClicks(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	if _, err := a.svc.Links.Get(ctx, c.ws(), linkRef(c)); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return a.clicks(ctx, c, analytics.Scope{WorkspaceID: c.ws(), Kind: analytics.ScopeLink, ID: analytics.LinkID(c.param("domain"), c.param("code"))})
}

func (a *API) campaignClicks(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return a.clicks(ctx, c, analytics.Scope{WorkspaceID: c.ws(), Kind: analytics.ScopeCampaign, ID: camp.ID})
}

func (a *API) creatorClicks(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return a.clicks(ctx, c, analytics.MembershipScope(c.ws(), m.CampaignID, m.CreatorID))
}

// clicks reads ?from, ?to (RFC 3339 or dates; default the last 30 days), ?granularity
// (hour or day) and ?tz (default the workspace's time zone).
func (a *API) clicks(ctx context.Context, c *call, scope analytics.Scope) (events.APIGatewayV2HTTPResponse, error) {
	ws, err := a.svc.Workspaces.Get(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	q := c.req.QueryStringParameters
	var v validate.Errors
	tz := ws.TimeZone
	if q["tz"] != "" {
		tz = q["tz"]
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		v.Add("tz", "invalid", "must be an IANA time zone such as Europe/Berlin")
		loc = time.UTC
	}
	to := time.Now().UTC()
	from := to.AddDate(0, 0, -30)
	parse := func(name string, dst *time.Time) {
		s := q[name]
		if s == "" {
			return
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			*dst = t
		} else if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
			*dst = t
		} else {
			v.Add(name, "invalid", "must be a date (2027-03-01) or a time (2027-03-01T00:00:00Z)")
		}
	}
	parse("from", &from)
	parse("to", &to)
	g := analytics.Day
	if q["granularity"] != "" {
		v.OneOf("granularity", q["granularity"], string(analytics.Hour), string(analytics.Day))
		g = analytics.Granularity(q["granularity"])
	}
	if err := v.Err(); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	query := analytics.Query{Scope: scope, From: from, To: to, Location: loc}
	series, err := a.svc.Analytics.ClicksOverTime(ctx, query, g)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	totals, err := a.svc.Analytics.Totals(ctx, query)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	out := clicksView{From: from, To: to, TimeZone: loc.String(), Totals: totals, Breakdowns: map[string][]shareView{},
		Series: seriesView{Granularity: string(series.Granularity), HasUniques: series.HasUniques, Points: make([]pointView, len(series.Points))}}
	for i, p := range series.Points {
		out.Series.Points[i] = pointView{Start: p.Start, Clicks: p.Clicks, HumanClicks: p.HumanClicks, BotClicks: p.BotClicks, Uniques: p.Uniques}
	}
	dims := []string{analytics.DimCountry, analytics.DimDevice, analytics.DimOS, analytics.DimReferrer}
	if scope.Kind == analytics.ScopeCampaign {
		dims = append(dims, analytics.DimCreator)
	}
	for _, d := range dims {
		shares, err := a.svc.Analytics.Breakdown(ctx, query, d)
		if err != nil {
			return events.APIGatewayV2HTTPResponse{}, err
		}
		out.Breakdowns[d] = make([]shareView, len(shares))
		for i, s := range shares {
			out.Breakdowns[d][i] = shareView{Value: s.Value, Clicks: s.Clicks}
		}
	}
	return ok(http.StatusOK, out, 0), nil
}
