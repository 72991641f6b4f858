package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// maxCSVBody bounds an import: 5,000 rows of a wide spreadsheet fit well inside it.
const maxCSVBody = 5 << 20

func (a *API) creatorOps() {
	a.ops[system.RouteCreators] = operation{role: workspaces.Viewer, run: a.searchCreators}
	a.ops[system.RouteCreatorCreate] = operation{role: workspaces.Editor, run: a.createCreator}
	a.ops[system.RouteCreatorImport] = operation{role: workspaces.Editor, run: a.importCreators}
	a.ops[system.RouteCreatorExport] = operation{role: workspaces.Viewer, run: a.exportCreators}
	a.ops[system.RouteCreator] = operation{role: workspaces.Viewer, run: a.getCreator}
	a.ops[system.RouteCreatorUpdate] = operation{role: workspaces.Editor, run: a.updateCreator}
	a.ops[system.RouteCreatorArchive] = operation{role: workspaces.Editor, run: a.archiveCreator}
}

// creatorView adds the derived figures to a creator.
type creatorView struct {
	creators.Creator
	Tier           creators.Tier `json:"tier"`
	PotentialReach float64       `json:"potentialReach"`
}

func viewCreator(c creators.Creator) creatorView {
	return creatorView{Creator: c, Tier: creators.TierOf(c.Followers), PotentialReach: creators.PotentialReach(c.Followers, c.ActiveShare)}
}

// searchCreators filters and ranks the roster. With ?campaign=<id> the campaign's persona
// adds an audience match to each creator and serves as relevance in the impact score.
func (a *API) searchCreators(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	q, err := creators.ParseQuery(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if id := c.req.QueryStringParameters["campaign"]; id != "" {
		camp, err := a.svc.Campaigns.Get(ctx, c.ws(), id)
		if err != nil {
			return events.APIGatewayV2HTTPResponse{}, err
		}
		q.Persona = camp.Persona
	}
	page, err := a.svc.Creators.Search(ctx, c.ws(), q)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, page, 0), nil
}

func (a *API) createCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in creators.Creator
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	cr, err := a.svc.Creators.Create(ctx, c.ws(), in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, viewCreator(cr), cr.Version), nil
}

func (a *API) importCreators(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	body, err := httpapi.Body(c.req)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, httpapi.NewProblem(http.StatusBadRequest, "malformed-body", "The body could not be decoded.")
	}
	if len(body) > maxCSVBody {
		return events.APIGatewayV2HTTPResponse{}, httpapi.NewProblem(http.StatusRequestEntityTooLarge, "body-too-large", "Import at most 5 MiB of CSV at a time.")
	}
	report, err := a.svc.Creators.Import(ctx, c.ws(), bytes.NewReader(body))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, report, 0), nil
}

func (a *API) exportCreators(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var buf bytes.Buffer
	if err := a.svc.Creators.Export(ctx, c.ws(), &buf); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return csvFile("creators.csv", buf.String()), nil
}

func (a *API) getCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	cr, err := a.svc.Creators.Get(ctx, c.ws(), c.param("creator"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, viewCreator(cr), cr.Version), nil
}

func (a *API) updateCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in creators.Creator
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	cr, err := a.svc.Creators.Update(ctx, c.ws(), c.param("creator"), version, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, viewCreator(cr), cr.Version), nil
}

func (a *API) archiveCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	cr, err := a.svc.Creators.Archive(ctx, c.ws(), c.param("creator"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, viewCreator(cr), cr.Version), nil
}

// csvFile answers a CSV download: RFC 4180, UTF-8, with a header row.
func csvFile(name, body string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers: map[string]string{
			"content-type":        "text/csv; charset=utf-8; header=present",
			"content-disposition": `attachment; filename="` + name + `"`,
			"cache-control":       "no-store",
		},
		Body: body,
	}
}
