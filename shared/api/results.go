package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) resultsOps() {
	a.ops[system.RouteFigures] = operation{run: a.figures}
	a.ops[system.RouteResults] = operation{role: workspaces.Viewer, run: a.campaignResults}
	a.ops[system.RouteResultsCreator] = operation{role: workspaces.Viewer, run: a.creatorResults}
	a.ops[system.RouteResultsComparison] = operation{role: workspaces.Viewer, run: a.resultsComparison}
	a.ops[system.RouteResultsExport] = operation{role: workspaces.Viewer, run: a.exportResults}
	a.ops[system.RoutePostMortem] = operation{role: workspaces.Viewer, run: a.postMortem}
	a.ops[system.RoutePostMortemPage] = operation{role: workspaces.Viewer, run: a.postMortemPage}
	a.ops[system.RoutePostMortemNotes] = operation{role: workspaces.Editor, run: a.updatePostMortemNotes}
}

// resultsQuery documents the range and sort every results route takes.
var resultsQuery = []queryParam{
	{"from", "first day, ISO date in the workspace's time zone (default: the campaign's start)"},
	{"to", "last day, ISO date (default: the later of the campaign's end and its goal's deadline); at most 731 days"},
	{"sort", "leaderboard order: a figure key from GET /api/figures, money figures as key.CUR (default currency: the campaign's); prefix - to reverse; default: the goal's figure"},
}

// notesInput is the marketer's post-mortem notes.
type notesInput struct {
	Notes string `json:"notes"`
}

// figures lists every figure's definition, so the UI labels and explains each the way
// the API computes it.
func (a *API) figures(context.Context, *call) (events.APIGatewayV2HTTPResponse, error) {
	return ok(http.StatusOK, list[results.Definition]{Items: results.Definitions}, 0), nil
}

func (a *API) campaignResults(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	q, err := results.ParseQuery(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	d, err := a.svc.Results.Dashboard(ctx, c.ws(), c.param("campaign"), q)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, d, 0), nil
}

func (a *API) creatorResults(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	q, err := results.ParseQuery(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	r, err := a.svc.Results.Creator(ctx, c.ws(), c.param("campaign"), c.param("creator"), q)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, r, 0), nil
}

func (a *API) resultsComparison(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	cmp, err := a.svc.Results.Comparison(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, cmp, 0), nil
}

func (a *API) exportResults(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	q, err := results.ParseQuery(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var buf bytes.Buffer
	name, err := a.svc.Results.Export(ctx, c.ws(), c.param("campaign"), c.param("table"), q, &buf)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return csvFile(name, buf.String()), nil
}

func (a *API) postMortem(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	pm, err := a.svc.Results.PostMortem(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, pm, 0), nil
}

// postMortemPage answers the printable post-mortem. The page loads nothing and runs no
// script, and its policy says so: what marketers typed into notes can never execute.
func (a *API) postMortemPage(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	pm, err := a.svc.Results.PostMortem(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var buf bytes.Buffer
	if err := results.RenderPostMortem(&buf, pm); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers: map[string]string{
			"content-type":            "text/html; charset=utf-8",
			"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
			"x-content-type-options":  "nosniff",
			"cache-control":           "no-store",
		},
		Body: buf.String(),
	}, nil
}

// updatePostMortemNotes replaces the campaign's notes, which the post-mortem reports.
func (a *API) updatePostMortemNotes(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in notesInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp.Notes = in.Notes
	camp, err = a.svc.Campaigns.Update(ctx, c.ws(), camp.ID, version, camp)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, camp, camp.Version), nil
}
