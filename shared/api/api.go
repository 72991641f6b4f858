// Package api is the api function's handler: it dispatches API Gateway events on their
// route key to the campaign API's operations and answers health checks.
package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/auth"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/system"
)

// operation serves one route.
type operation func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// API serves every route the route table gives the api function.
type API struct {
	ops map[string]operation
}

// New builds the API.
func New() *API {
	a := &API{}
	a.ops = map[string]operation{
		system.RouteHealth: a.health,
		system.RouteMe:     a.me,
	}
	return a
}

// Handle is the Lambda entry point.
func (a *API) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	op, ok := a.ops[req.RouteKey]
	if !ok {
		// The route table sent a route here that this build does not serve: a deploy mismatch.
		return httpapi.Problem(httpapi.NewProblem(http.StatusNotFound, "no-such-route", "No operation serves "+req.RouteKey+".")), nil
	}
	return op(ctx, req)
}

// health answers liveness checks; it touches no dependency so that it stays cheap and
// says only that the function runs.
func (a *API) health(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return httpapi.JSON(http.StatusOK, map[string]string{"status": "ok"}), nil
}

// me answers who the verified token says the caller is, so the UI can show it and tests can
// prove a token travelled from the issuer through the authorizer to a function.
func (a *API) me(_ context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	id, err := auth.FromRequest(req)
	if errors.Is(err, auth.ErrUnauthenticated) {
		// Only a route deployed without the authorizer gets here: answer as it would.
		return httpapi.Problem(httpapi.NewProblem(http.StatusUnauthorized, "unauthenticated", "Sign in to use this API.")), nil
	}
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return httpapi.JSON(http.StatusOK, struct {
		Subject string `json:"sub"`
		Email   string `json:"email"`
	}{id.Subject, id.Email}), nil
}
