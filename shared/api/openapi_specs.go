package api

import (
	"net/http"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// creatorQuery documents the roster search's filters (creators.ParseQuery).
var creatorQuery = []queryParam{
	{"tier", "nano, micro, mid, macro, mega (comma-separated)"},
	{"country", "creator's country, ISO 3166 alpha-2"},
	{"topic", "a topic the creator covers"},
	{"tag", "a tag"},
	{"list", "a favourites list"},
	{"q", "text in the name or a handle"},
	{"minFollowers", "whole number"},
	{"maxFollowers", "whole number"},
	{"minAvgViews", "whole number"},
	{"minEngagement", "share 0-1"},
	{"audienceCountry", "ISO 3166 alpha-2; with minCountryShare"},
	{"minCountryShare", "share 0-1 of the audience in audienceCountry"},
	{"minFemale", "share 0-1"},
	{"maxFemale", "share 0-1"},
	{"ageBracket", "13-17, 18-24, 25-34, 35-44, 45-54, 55+; with minAgeShare"},
	{"minAgeShare", "share 0-1"},
	{"minIos", "share 0-1"},
	{"campaign", "a campaign id: adds the audience match against its persona and uses it as relevance"},
	{"archived", "include: list archived creators too"},
	{"sort", "impact (default), followers, avgViews, engagement, match, name, created; prefix - to reverse"},
	{"limit", "1-200, default 50"},
	{"cursor", "the next cursor of the previous page"},
}

// seriesQuery documents the time-series routes' parameters.
var seriesQuery = []queryParam{
	{"from", "start (RFC 3339)"}, {"to", "end (RFC 3339)"}, {"limit", "points per page"}, {"after", "the next cursor of the previous page"},
}

// clicksQuery documents the analytics routes' parameters.
var clicksQuery = []queryParam{
	{"from", "start: a date (in tz) or an RFC 3339 time; default 30 days ago"},
	{"to", "end: a date (in tz) or an RFC 3339 time; default now"},
	{"granularity", "hour or day (default)"},
	{"tz", "IANA time zone of the buckets; default the workspace's"},
}

var specs = map[string]spec{
	system.RouteHealth:       {summary: "Liveness check", response: map[string]string{}},
	system.RouteRedirect:     {summary: "Follow a tracking link", response: htmlBody{}, status: http.StatusFound},
	system.RouteRedirectHead: {summary: "Check a tracking link without counting a click", status: http.StatusFound},
	system.RouteWebhook:      {summary: "Receive a shop platform's order or refund webhook (signed)", request: map[string]any{}},

	system.RouteMe: {summary: "Who the verified token says I am", response: struct {
		Subject string `json:"sub"`
		Email   string `json:"email"`
	}{}},
	system.RouteWorkspaces:      {summary: "List my workspaces (accepting invitations to my verified e-mail)", response: list[workspaceView]{}},
	system.RouteWorkspaceCreate: {summary: "Create a workspace I own", request: workspaces.Workspace{}, response: workspaceView{}, status: http.StatusCreated},
	system.RouteWorkspace:       {summary: "Read a workspace", response: workspaceView{}},
	system.RouteWorkspaceUpdate: {summary: "Update a workspace's name, time zone, currency and settings (admin)", request: workspaces.Workspace{}, response: workspaceView{}},
	system.RouteMembers:         {summary: "List members and pending invitations", response: list[workspaces.Member]{}},
	system.RouteMemberInvite:    {summary: "Invite a marketer by e-mail (admin)", request: inviteInput{}, response: workspaces.Member{}, status: http.StatusCreated},
	system.RouteMemberUpdate:    {summary: "Change a member's role (admin; ownership by owners)", request: roleInput{}, response: workspaces.Member{}},
	system.RouteMemberRemove:    {summary: "Remove a member (admin)", status: http.StatusNoContent},

	system.RouteCampaigns:       {summary: "List campaigns, newest first", response: list[campaigns.Campaign]{}, query: []queryParam{{"status", "draft, active, paused, completed, archived (comma-separated)"}}},
	system.RouteCampaignCreate:  {summary: "Create a campaign around a SMART goal", request: campaigns.Campaign{}, response: campaigns.Campaign{}, status: http.StatusCreated},
	system.RouteCampaign:        {summary: "Read a campaign", response: campaigns.Campaign{}},
	system.RouteCampaignUpdate:  {summary: "Update a campaign", request: campaigns.Campaign{}, response: campaigns.Campaign{}},
	system.RouteCampaignArchive: {summary: "Archive a campaign (its history stays)", response: campaigns.Campaign{}},

	system.RouteCreators:       {summary: "Search the roster: filter, rank, page", response: creators.Page{}, query: creatorQuery},
	system.RouteCreatorCreate:  {summary: "Add a creator to the roster", request: creators.Creator{}, response: creatorView{}, status: http.StatusCreated},
	system.RouteCreatorImport:  {summary: "Import creators from CSV, with a per-row report of rejected rows", request: csvBody{}, response: creators.ImportReport{}},
	system.RouteCreatorExport:  {summary: "Export the roster as CSV", response: csvBody{}},
	system.RouteCreator:        {summary: "Read a creator", response: creatorView{}},
	system.RouteCreatorUpdate:  {summary: "Update a creator", request: creators.Creator{}, response: creatorView{}},
	system.RouteCreatorArchive: {summary: "Archive a creator (hidden from searches, history kept)", response: creatorView{}},

	system.RouteCampaignCreators:      {summary: "List a campaign's creators (the pipeline board)", response: list[campaigns.Member]{}, query: []queryParam{{"stage", "only this stage"}, {"archived", "include: removed creators too"}}},
	system.RouteCampaignCreatorAdd:    {summary: "Add a roster creator to a campaign", request: addCreatorInput{}, response: campaigns.Member{}, status: http.StatusCreated},
	system.RouteCampaignCreatorExport: {summary: "Export a campaign's creators as CSV", response: csvBody{}},
	system.RouteCampaignCreator:       {summary: "Read a creator's membership of a campaign", response: campaigns.Member{}},
	system.RouteCampaignCreatorUpdate: {summary: "Set a campaign creator's deal, cost, deliverables, relevance and notes", request: campaigns.MemberTerms{}, response: campaigns.Member{}},
	system.RouteCampaignCreatorRemove: {summary: "Remove a creator from a campaign (archived, history kept)", response: campaigns.Member{}},
	system.RouteCampaignCreatorStage:  {summary: "Move a campaign creator to another pipeline stage", request: stageInput{}, response: campaigns.Member{}},
	system.RouteCodeAssign:            {summary: "Assign a coupon code on a shop connection", request: codeInput{}, response: campaigns.Member{}, status: http.StatusCreated},
	system.RouteCodeRelease:           {summary: "Take a coupon code back", response: campaigns.Member{}},
	system.RouteCampaignOutreach:      {summary: "Record a pitch variant sent to a creator, or its outcome", request: outreachInput{}, response: campaigns.Member{}},
	system.RoutePitches:               {summary: "List a campaign's pitches with reply and acceptance rates per variant", response: list[campaigns.PitchStats]{}},
	system.RoutePitchCreate:           {summary: "Create a pitch with variants to test", request: campaigns.Pitch{}, response: campaigns.Pitch{}, status: http.StatusCreated},

	system.RouteCampaignLinks:         {summary: "List a campaign's tracking links", response: list[linkView]{}, query: []queryParam{{"creator", "only this creator's links"}}},
	system.RouteLinkCreate:            {summary: "Create a tracking link for a campaign creator (destination defaults to the campaign's)", request: linkInput{}, response: linkView{}, status: http.StatusCreated},
	system.RouteLink:                  {summary: "Read a tracking link", response: linkView{}},
	system.RouteLinkUpdate:            {summary: "Change a link's destination, end date, tracking, or disable it", request: linkUpdate{}, response: linkView{}},
	system.RouteLinkArchive:           {summary: "Archive a link (it stops redirecting; its code is never reused)", response: linkView{}},
	system.RouteLinkQR:                {summary: "The link's QR code", response: qrBody{}, query: []queryParam{{"format", "svg (default) or png"}, {"size", "64-2048 pixels, default 512"}}},
	system.RouteLinkClicks:            {summary: "A link's clicks over time, totals and breakdowns", response: clicksView{}, query: clicksQuery},
	system.RouteCampaignClicks:        {summary: "A campaign's clicks over time, totals and breakdowns (by creator too)", response: clicksView{}, query: clicksQuery},
	system.RouteCampaignCreatorClicks: {summary: "A campaign creator's clicks over time, totals and breakdowns", response: clicksView{}, query: clicksQuery},

	system.RouteCampaignPosts:          {summary: "A campaign's tracked posts with latest figures and disclosure status", response: list[postView]{}, query: []queryParam{{"creator", "only this creator's posts"}, {"stopped", "include: posts no longer tracked too"}}},
	system.RouteMemberPosts:            {summary: "A campaign creator's tracked posts", response: list[postView]{}},
	system.RoutePostTrack:              {summary: "Track a sponsored post by URL or platform id", request: tracking.PostInput{}, response: postView{}, status: http.StatusCreated},
	system.RoutePost:                   {summary: "Read a tracked post", response: postView{}},
	system.RoutePostStop:               {summary: "Stop tracking a post (its time series stays)", response: postView{}},
	system.RoutePostSnapshots:          {summary: "A post's time series, oldest first", response: tracking.Page[tracking.Snapshot]{}, query: seriesQuery},
	system.RouteHashtags:               {summary: "A campaign's tracked hashtags", response: list[hashtagView]{}},
	system.RouteHashtagTrack:           {summary: "Track a challenge hashtag where a platform supports it", request: tracking.HashtagInput{}, response: hashtagView{}, status: http.StatusCreated},
	system.RouteHashtagStop:            {summary: "Stop tracking a hashtag", response: hashtagView{}},
	system.RouteHashtagSnapshots:       {summary: "A hashtag's time series, oldest first", response: tracking.Page[tracking.HashtagSnapshot]{}, query: seriesQuery},
	system.RouteCreatorAccounts:        {summary: "A creator's connected social accounts (tokens never shown)", response: list[tracking.AccountView]{}},
	system.RouteCreatorConnect:         {summary: "Connect a creator's account on a platform with their authorised token", request: tracking.AccountInput{}, response: tracking.AccountView{}},
	system.RouteCreatorDisconnect:      {summary: "Disconnect a creator's account", response: tracking.AccountView{}},
	system.RouteCreatorProfile:         {summary: "A creator's profile figures on one platform over time", response: tracking.Page[tracking.ProfileSnapshot]{}, query: seriesQuery},
	system.RouteSocialCredentials:      {summary: "The workspace's social API credentials (never shown)", response: list[tracking.CredentialView]{}},
	system.RouteSocialCredential:       {summary: "Set the workspace's API key for a platform (admin)", request: tracking.CredentialInput{}, response: tracking.CredentialView{}},
	system.RouteSocialCredentialRemove: {summary: "Remove the workspace's API key for a platform (admin)", response: list[tracking.CredentialView]{}},
	system.RouteFigures:                {summary: "Every results figure with its one definition, unit and the sources it needs", response: list[results.Definition]{}},
	system.RouteResults:                {summary: "A campaign's results over a range: figures, goal progress and projection, day series, creator leaderboard", response: results.Dashboard{}, query: resultsQuery},
	system.RouteResultsCreator:         {summary: "One creator's results in a campaign over a range, with their day series", response: results.CreatorResults{}, query: resultsQuery[:2]},
	system.RouteResultsComparison:      {summary: "The campaign beside the workspace's previous campaigns of the same objective and its paid-ads benchmark CPA", response: results.Comparison{}},
	system.RouteResultsExport:          {summary: "Export a results table as CSV: figures, goal, series, leaderboard, comparison or postmortem", response: csvBody{}, query: resultsQuery},
	system.RoutePostMortem:             {summary: "The campaign's post-mortem: goal reached, conversion spread, costs against budget and deals, delays, revisions, notes", response: results.PostMortem{}},
	system.RoutePostMortemPage:         {summary: "The post-mortem as a printable, self-contained HTML page", response: htmlBody{}},
	system.RoutePostMortemNotes:        {summary: "Replace the campaign's post-mortem notes", request: notesInput{}, response: campaigns.Campaign{}},

	system.RouteConnections:       {summary: "List shop connections", response: list[connections.View]{}},
	system.RouteConnectionCreate:  {summary: "Connect a Shopify shop, WooCommerce site or Stripe account (admin)", request: connections.Input{}, response: connections.View{}, status: http.StatusCreated},
	system.RouteConnection:        {summary: "Read a connection, its webhook URL and how its reconciliation went", response: connectionDetail{}},
	system.RouteConnectionDisable: {summary: "Stop accepting a connection's webhooks (admin)", response: connections.View{}},

	system.RouteConnectionCredentials:    {summary: "Set or remove the API credentials reconciliation reads the shop's orders with (admin)", request: connections.Credentials{}, response: connections.View{}},
	system.RouteConnectionDeliveries:     {summary: "Recent deliveries of a connection and what became of them: applied, retrying, dead-lettered; duplicates and rejections with their reasons", response: orderflow.Deliveries{}},
	system.RouteConnectionReconciliation: {summary: "How the connection's reconciliation runs went and how many orders they recovered", response: inbox.Reconciliation{}},
	system.RouteConnectionReplay:         {summary: "Apply the connection's failed events again after their cause was fixed (admin)", request: struct{}{}, response: orderflow.ReplayReport{}},
	system.RouteOrderReattribute:         {summary: "Decide an order's attribution again with today's codes and clicks (idempotent)", request: struct{}{}, response: reattributeResult{}},
	system.RouteCampaignOrders:           {summary: "A campaign's orders with its totals and daily figures per currency", response: orderflow.CampaignOrders{}, query: []queryParam{{"status", "attributed, cancelled, or unattributed (orders of the campaign's shops nobody was credited with); default: attributed and cancelled"}}},
	system.RouteCampaignCreatorLedger:    {summary: "A campaign creator's ledger: every order and adjustment with its source event and reason, totals, and coupon-leak signals", response: orderflow.Ledger{}},
}
