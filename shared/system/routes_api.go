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
	RouteFigures, RouteResults, RouteResultsCreator, RouteResultsComparison, RouteResultsExport,
	RoutePostMortem, RoutePostMortemPage, RoutePostMortemNotes,
}
