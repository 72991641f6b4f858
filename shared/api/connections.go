package api

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) connectionOps() {
	a.ops[system.RouteConnections] = operation{role: workspaces.Viewer, run: a.listConnections}
	a.ops[system.RouteConnectionCreate] = operation{role: workspaces.Admin, run: a.createConnection}
	a.ops[system.RouteConnection] = operation{role: workspaces.Viewer, run: a.getConnection}
	a.ops[system.RouteConnectionDisable] = operation{role: workspaces.Admin, run: a.disableConnection}
}

func (a *API) listConnections(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	views, err := a.svc.Connections.List(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[connections.View]{Items: views}, 0), nil
}

func (a *API) createConnection(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in connections.Input
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	v, err := a.svc.Connections.Create(ctx, c.ws(), in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, v, v.Version), nil
}

func (a *API) getConnection(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	conn, err := a.svc.Connections.Get(ctx, c.ws(), c.param("connection"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	r, err := a.svc.Orders.Reconciliation(ctx, c.ws(), conn.ID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	r.Enabled = conn.Reconciles()
	v := connectionDetail{View: a.svc.Connections.View(conn), Reconciliation: &r}
	return ok(http.StatusOK, v, v.Version), nil
}

// connectionDetail is a connection with how its reconciliation went: the connection
// screen shows how many orders were recovered.
type connectionDetail struct {
	connections.View
	// Reconciliation is the state of the connection's reconciliation runs. Reading a
	// connection always includes it; the answers of changes to one (a View) do not.
	Reconciliation *inbox.Reconciliation `json:"reconciliation,omitempty"`
}

func (a *API) disableConnection(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	v, err := a.svc.Connections.Disable(ctx, c.ws(), c.param("connection"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, v, v.Version), nil
}
