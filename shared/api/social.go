package api

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// socialOps serve the credentials the metrics job reads with. Tokens and keys go in and
// never come back out: views say only whether one is set and whether a platform rejected
// it. The workspace's own keys are an admin's, like shop connections; a creator's
// authorisation is an editor's, who works with the creator.
func (a *API) socialOps() {
	a.ops[system.RouteCreatorAccounts] = operation{role: workspaces.Viewer, run: a.listAccounts}
	a.ops[system.RouteCreatorConnect] = operation{role: workspaces.Editor, run: a.connectAccount}
	a.ops[system.RouteCreatorDisconnect] = operation{role: workspaces.Editor, run: a.disconnectAccount}
	a.ops[system.RouteCreatorProfile] = operation{role: workspaces.Viewer, run: a.profileHistory}
	a.ops[system.RouteSocialCredentials] = operation{role: workspaces.Viewer, run: a.listCredentials}
	a.ops[system.RouteSocialCredential] = operation{role: workspaces.Admin, run: a.setCredential}
	a.ops[system.RouteSocialCredentialRemove] = operation{role: workspaces.Admin, run: a.removeCredential}
}

func (a *API) listAccounts(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	cr, err := a.svc.Creators.Get(ctx, c.ws(), c.param("creator"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	views, err := a.svc.Tracking.Accounts(ctx, c.ws(), cr.ID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[tracking.AccountView]{Items: views}, 0), nil
}

func (a *API) connectAccount(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in tracking.AccountInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	cr, err := a.svc.Creators.Get(ctx, c.ws(), c.param("creator"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	v, err := a.svc.Tracking.ConnectAccount(ctx, cr, c.param("platform"), in, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, v, 0), nil
}

func (a *API) account(ctx context.Context, c *call) (tracking.Account, error) {
	cr, err := a.svc.Creators.Get(ctx, c.ws(), c.param("creator"))
	if err != nil {
		return tracking.Account{}, err
	}
	return a.svc.Tracking.Account(ctx, c.ws(), cr.ID, c.param("platform"))
}

func (a *API) disconnectAccount(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	acct, err := a.account(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if err := a.svc.Tracking.DisconnectAccount(ctx, acct); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, acct.View(), 0), nil
}

// profileHistory returns a creator's profile figures on one platform over time, oldest
// first, paged like a post's snapshots.
func (a *API) profileHistory(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	r, err := tracking.ParseRange(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	acct, err := a.account(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	page, err := a.svc.Tracking.ProfileSeries(ctx, acct, r)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, page, 0), nil
}

func (a *API) listCredentials(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	views, err := a.svc.Tracking.Credentials(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[tracking.CredentialView]{Items: views}, 0), nil
}

func (a *API) setCredential(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in tracking.CredentialInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	v, err := a.svc.Tracking.SetCredential(ctx, c.ws(), c.param("platform"), in, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, v, 0), nil
}

func (a *API) removeCredential(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	if err := a.svc.Tracking.RemoveCredential(ctx, c.ws(), c.param("platform")); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	views, err := a.svc.Tracking.Credentials(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[tracking.CredentialView]{Items: views}, 0), nil
}
