package system

// The campaign API's routes, all served by the api function behind the marketer token
// check. docs/openapi.json describes each; a test keeps the two in step.
const (
	// RouteMe answers who the caller's token says they are.
	RouteMe = "GET /api/me"

	RouteWorkspaces      = "GET /api/workspaces"
	RouteWorkspaceCreate = "POST /api/workspaces"
	RouteWorkspace       = "GET /api/workspaces/{ws}"
	RouteWorkspaceUpdate = "PATCH /api/workspaces/{ws}"

	RouteMembers      = "GET /api/workspaces/{ws}/members"
	RouteMemberInvite = "POST /api/workspaces/{ws}/members"
	RouteMemberUpdate = "PATCH /api/workspaces/{ws}/members/{user}"
	RouteMemberRemove = "DELETE /api/workspaces/{ws}/members/{user}"

	RouteCampaigns       = "GET /api/workspaces/{ws}/campaigns"
	RouteCampaignCreate  = "POST /api/workspaces/{ws}/campaigns"
	RouteCampaign        = "GET /api/workspaces/{ws}/campaigns/{campaign}"
	RouteCampaignUpdate  = "PATCH /api/workspaces/{ws}/campaigns/{campaign}"
	RouteCampaignArchive = "DELETE /api/workspaces/{ws}/campaigns/{campaign}"

	RouteCreators       = "GET /api/workspaces/{ws}/creators"
	RouteCreatorCreate  = "POST /api/workspaces/{ws}/creators"
	RouteCreatorImport  = "POST /api/workspaces/{ws}/creators/import"
	RouteCreatorExport  = "GET /api/workspaces/{ws}/creators/export"
	RouteCreator        = "GET /api/workspaces/{ws}/creators/{creator}"
	RouteCreatorUpdate  = "PATCH /api/workspaces/{ws}/creators/{creator}"
	RouteCreatorArchive = "DELETE /api/workspaces/{ws}/creators/{creator}"

	RouteCampaignCreators      = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators"
	RouteCampaignCreatorAdd    = "POST /api/workspaces/{ws}/campaigns/{campaign}/creators"
	RouteCampaignCreatorExport = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/export"
	RouteCampaignCreator       = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}"
	RouteCampaignCreatorUpdate = "PATCH /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}"
	RouteCampaignCreatorRemove = "DELETE /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}"
	RouteCampaignCreatorStage  = "POST /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/stage"
	RouteCampaignOutreach      = "POST /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/outreach"
	RouteCodeAssign            = "POST /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/codes"
	RouteCodeRelease           = "DELETE /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/codes/{code}"

	RoutePitches     = "GET /api/workspaces/{ws}/campaigns/{campaign}/pitches"
	RoutePitchCreate = "POST /api/workspaces/{ws}/campaigns/{campaign}/pitches"

	RouteCampaignLinks         = "GET /api/workspaces/{ws}/campaigns/{campaign}/links"
	RouteLinkCreate            = "POST /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/links"
	RouteLink                  = "GET /api/workspaces/{ws}/links/{domain}/{code}"
	RouteLinkUpdate            = "PATCH /api/workspaces/{ws}/links/{domain}/{code}"
	RouteLinkArchive           = "DELETE /api/workspaces/{ws}/links/{domain}/{code}"
	RouteLinkQR                = "GET /api/workspaces/{ws}/links/{domain}/{code}/qr"
	RouteLinkClicks            = "GET /api/workspaces/{ws}/links/{domain}/{code}/clicks"
	RouteCampaignClicks        = "GET /api/workspaces/{ws}/campaigns/{campaign}/clicks"
	RouteCampaignCreatorClicks = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/clicks"
	// Campaign results: figures, goal, series, leaderboard, comparison, post-mortem and
	// CSV exports (shared/results); RouteFigures lists the figures' one definition each.
	RouteFigures           = "GET /api/figures"
	RouteResults           = "GET /api/workspaces/{ws}/campaigns/{campaign}/results"
	RouteResultsCreator    = "GET /api/workspaces/{ws}/campaigns/{campaign}/results/creators/{creator}"
	RouteResultsComparison = "GET /api/workspaces/{ws}/campaigns/{campaign}/results/comparison"
	RouteResultsExport     = "GET /api/workspaces/{ws}/campaigns/{campaign}/results/export/{table}"
	RoutePostMortem        = "GET /api/workspaces/{ws}/campaigns/{campaign}/postmortem"
	RoutePostMortemPage    = "GET /api/workspaces/{ws}/campaigns/{campaign}/postmortem/page"
	RoutePostMortemNotes   = "PATCH /api/workspaces/{ws}/campaigns/{campaign}/postmortem/notes"

	RouteConnections       = "GET /api/workspaces/{ws}/connections"
	RouteConnectionCreate  = "POST /api/workspaces/{ws}/connections"
	RouteConnection        = "GET /api/workspaces/{ws}/connections/{connection}"
	RouteConnectionDisable = "DELETE /api/workspaces/{ws}/connections/{connection}"

	RouteConnectionCredentials    = "PUT /api/workspaces/{ws}/connections/{connection}/credentials"
	RouteConnectionDeliveries     = "GET /api/workspaces/{ws}/connections/{connection}/deliveries"
	RouteConnectionReconciliation = "GET /api/workspaces/{ws}/connections/{connection}/reconciliation"
	RouteConnectionReplay         = "POST /api/workspaces/{ws}/connections/{connection}/replay"
	RouteOrderReattribute         = "POST /api/workspaces/{ws}/connections/{connection}/orders/{order}/reattribute"
	RouteCampaignOrders           = "GET /api/workspaces/{ws}/campaigns/{campaign}/orders"
	RouteCampaignCreatorLedger    = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/ledger"
	// Social metrics: tracked posts and hashtags with their time series, creators'
	// connected accounts with their profile history, and the workspace's credentials.
	RouteCampaignPosts          = "GET /api/workspaces/{ws}/campaigns/{campaign}/posts"
	RouteMemberPosts            = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts"
	RoutePostTrack              = "POST /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts"
	RoutePost                   = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts/{post}"
	RoutePostStop               = "DELETE /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts/{post}"
	RoutePostSnapshots          = "GET /api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts/{post}/snapshots"
	RouteHashtags               = "GET /api/workspaces/{ws}/campaigns/{campaign}/hashtags"
	RouteHashtagTrack           = "POST /api/workspaces/{ws}/campaigns/{campaign}/hashtags"
	RouteHashtagStop            = "DELETE /api/workspaces/{ws}/campaigns/{campaign}/hashtags/{hashtag}"
	RouteHashtagSnapshots       = "GET /api/workspaces/{ws}/campaigns/{campaign}/hashtags/{hashtag}/snapshots"
	RouteCreatorAccounts        = "GET /api/workspaces/{ws}/creators/{creator}/social"
	RouteCreatorConnect         = "PUT /api/workspaces/{ws}/creators/{creator}/social/{platform}"
	RouteCreatorDisconnect      = "DELETE /api/workspaces/{ws}/creators/{creator}/social/{platform}"
	RouteCreatorProfile         = "GET /api/workspaces/{ws}/creators/{creator}/social/{platform}/history"
	RouteSocialCredentials      = "GET /api/workspaces/{ws}/social-credentials"
	RouteSocialCredential       = "PUT /api/workspaces/{ws}/social-credentials/{platform}"
	RouteSocialCredentialRemove = "DELETE /api/workspaces/{ws}/social-credentials/{platform}"
)

// APIRoutes lists the campaign API's route keys.
var APIRoutes = []string{
	RouteMe,
	RouteWorkspaces, RouteWorkspaceCreate, RouteWorkspace, RouteWorkspaceUpdate,
	RouteMembers, RouteMemberInvite, RouteMemberUpdate, RouteMemberRemove,
	RouteCampaigns, RouteCampaignCreate, RouteCampaign, RouteCampaignUpdate, RouteCampaignArchive,
	RouteCreators, RouteCreatorCreate, RouteCreatorImport, RouteCreatorExport,
	RouteCreator, RouteCreatorUpdate, RouteCreatorArchive,
	RouteCampaignCreators, RouteCampaignCreatorAdd, RouteCampaignCreatorExport, RouteCampaignCreator,
	RouteCampaignCreatorUpdate, RouteCampaignCreatorRemove, RouteCampaignCreatorStage,
	RouteCodeAssign, RouteCodeRelease, RouteCampaignOutreach, RoutePitches, RoutePitchCreate,
	RouteConnections, RouteConnectionCreate, RouteConnection, RouteConnectionDisable,
	RouteCampaignLinks, RouteLinkCreate, RouteLink, RouteLinkUpdate, RouteLinkArchive, RouteLinkQR,
	RouteLinkClicks, RouteCampaignClicks, RouteCampaignCreatorClicks,
	RouteConnectionCredentials, RouteConnectionDeliveries, RouteConnectionReconciliation,
	RouteConnectionReplay, RouteOrderReattribute, RouteCampaignOrders, RouteCampaignCreatorLedger,
	RouteCampaignPosts, RouteMemberPosts, RoutePostTrack, RoutePost, RoutePostStop, RoutePostSnapshots,
	RouteHashtags, RouteHashtagTrack, RouteHashtagStop, RouteHashtagSnapshots,
	RouteCreatorAccounts, RouteCreatorConnect, RouteCreatorDisconnect, RouteCreatorProfile,
	RouteSocialCredentials, RouteSocialCredential, RouteSocialCredentialRemove,
	RouteFigures, RouteResults, RouteResultsCreator, RouteResultsComparison, RouteResultsExport,
	RoutePostMortem, RoutePostMortemPage, RoutePostMortemNotes,
}
