package api

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) workspaceOps() {
	a.ops[system.RouteWorkspaces] = operation{run: a.listWorkspaces}
	a.ops[system.RouteWorkspaceCreate] = operation{run: a.createWorkspace}
	a.ops[system.RouteWorkspace] = operation{role: workspaces.Viewer, run: a.getWorkspace}
	a.ops[system.RouteWorkspaceUpdate] = operation{role: workspaces.Admin, run: a.updateWorkspace}
	a.ops[system.RouteMembers] = operation{role: workspaces.Viewer, run: a.listMembers}
	a.ops[system.RouteMemberInvite] = operation{role: workspaces.Admin, run: a.inviteMember}
	a.ops[system.RouteMemberUpdate] = operation{role: workspaces.Admin, run: a.updateMember}
	a.ops[system.RouteMemberRemove] = operation{role: workspaces.Admin, run: a.removeMember}
}

// workspaceView is a workspace with the caller's role in it.
type workspaceView struct {
	workspaces.Workspace
	Role workspaces.Role `json:"role"`
}

func (a *API) listWorkspaces(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	spaces, members, err := a.svc.Workspaces.Mine(ctx, c.who)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	out := list[workspaceView]{Items: make([]workspaceView, len(spaces))}
	for i, ws := range spaces {
		out.Items[i] = workspaceView{Workspace: ws, Role: members[i].Role}
	}
	return ok(http.StatusOK, out, 0), nil
}

func (a *API) createWorkspace(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in workspaces.Workspace
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	ws, err := a.svc.Workspaces.Create(ctx, c.who, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, workspaceView{Workspace: ws, Role: workspaces.Owner}, ws.Version), nil
}

func (a *API) getWorkspace(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	ws, err := a.svc.Workspaces.Get(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, workspaceView{Workspace: ws, Role: c.member.Role}, ws.Version), nil
}

func (a *API) updateWorkspace(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in workspaces.Workspace
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	ws, err := a.svc.Workspaces.Update(ctx, c.ws(), version, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, workspaceView{Workspace: ws, Role: c.member.Role}, ws.Version), nil
}

func (a *API) listMembers(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	members, err := a.svc.Workspaces.Members(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[workspaces.Member]{Items: members}, 0), nil
}

type inviteInput struct {
	Email string          `json:"email"`
	Role  workspaces.Role `json:"role"`
}

func (a *API) inviteMember(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in inviteInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.svc.Workspaces.Invite(ctx, c.member, in.Email, in.Role)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, m, m.Version), nil
}

type roleInput struct {
	Role workspaces.Role `json:"role"`
}

func (a *API) updateMember(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in roleInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.svc.Workspaces.ChangeRole(ctx, c.member, c.param("user"), in.Role, version)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}

func (a *API) removeMember(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	if err := a.svc.Workspaces.Remove(ctx, c.member, c.param("user")); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusNoContent}, nil
}
