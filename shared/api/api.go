// Package api is the api function's handler: it dispatches API Gateway events on their
// route key to the campaign API's operations, checks the caller's role in the workspace
// the path names, and turns results and errors into responses.
package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// Services are the domain services the API calls.
type Services struct {
	Workspaces  *workspaces.Service
	Creators    *creators.Service
	Campaigns   *campaigns.Service
	Connections *connections.Service
	Links       *links.Service
	Analytics   *analytics.Service
	// Orders answers the ledger, order and delivery views.
	Orders *orderflow.Views
	// Processor re-attributes orders and replays failed events.
	Processor *orderflow.Processor
	Tracking  *tracking.Service
	Results   *results.Service
}

// operation serves one route. role is the least role the caller needs in the path's
// workspace; routes without a {ws} use none.
type operation struct {
	role workspaces.Role
	run  func(context.Context, *call) (events.APIGatewayV2HTTPResponse, error)
}

// API serves every route the route table gives the api function.
type API struct {
	svc Services
	ops map[string]operation
}

// New builds the API on its services.
func New(svc Services) *API {
	a := &API{svc: svc}
	a.ops = map[string]operation{
		system.RouteHealth: {run: a.health},
		system.RouteMe:     {run: a.me},
	}
	a.workspaceOps()
	a.campaignOps()
	a.creatorOps()
	a.pipelineOps()
	a.pitchOps()
	a.linkOps()
	a.connectionOps()
	a.orderOps()
	a.trackingOps()
	a.socialOps()
	a.resultsOps()
	return a
}

// Handle is the Lambda entry point.
func (a *API) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	op, ok := a.ops[req.RouteKey]
	if !ok {
		// The route table sent a route here that this build does not serve: a deploy mismatch.
		slog.ErrorContext(ctx, "no operation for route", "route", req.RouteKey)
		return httpapi.Problem(httpapi.NewProblem(http.StatusNotFound, "no-such-route", "No operation serves "+req.RouteKey+".")), nil
	}
	c := &call{req: req}
	if req.RouteKey != system.RouteHealth {
		who, err := identity(req)
		if err != nil {
			return respondError(ctx, err), nil
		}
		c.who = who
		if op.role != "" {
			member, err := a.svc.Workspaces.Access(ctx, req.PathParameters["ws"], who, op.role)
			if err != nil {
				return respondError(ctx, err), nil
			}
			c.member = member
		}
	}
	res, err := op.run(ctx, c)
	if err != nil {
		return respondError(ctx, err), nil
	}
	return res, nil
}

// health answers liveness checks; it touches no dependency so that it stays cheap and
// says only that the function runs.
func (a *API) health(context.Context, *call) (events.APIGatewayV2HTTPResponse, error) {
	return httpapi.JSON(http.StatusOK, map[string]string{"status": "ok"}), nil
}

// me answers who the verified token says the caller is, so the UI can show it and tests can
// prove a token travelled from the issuer through the authorizer to a function.
func (a *API) me(_ context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	return httpapi.JSON(http.StatusOK, struct {
		Subject string `json:"sub"`
		Email   string `json:"email"`
	}{c.who.Subject, c.who.Email}), nil
}
