package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) campaignOps() {
	a.ops[system.RouteCampaigns] = operation{role: workspaces.Viewer, run: a.listCampaigns}
	a.ops[system.RouteCampaignCreate] = operation{role: workspaces.Editor, run: a.createCampaign}
	a.ops[system.RouteCampaign] = operation{role: workspaces.Viewer, run: a.getCampaign}
	a.ops[system.RouteCampaignUpdate] = operation{role: workspaces.Editor, run: a.updateCampaign}
	a.ops[system.RouteCampaignArchive] = operation{role: workspaces.Editor, run: a.archiveCampaign}
}

func (a *API) listCampaigns(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var statuses []string
	if s := c.req.QueryStringParameters["status"]; s != "" {
		statuses = strings.Split(s, ",")
	}
	found, err := a.svc.Campaigns.List(ctx, c.ws(), statuses)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[campaigns.Campaign]{Items: found}, 0), nil
}

func (a *API) createCampaign(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in campaigns.Campaign
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	ws, err := a.svc.Workspaces.Get(ctx, c.ws())
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Create(ctx, c.ws(), ws.Currency, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, camp, camp.Version), nil
}

func (a *API) getCampaign(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, camp, camp.Version), nil
}

func (a *API) updateCampaign(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in campaigns.Campaign
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Update(ctx, c.ws(), c.param("campaign"), version, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	// Links carry the campaign's slug and tracking settings for the redirect's single read.
	lc, _, err := a.linkCampaign(ctx, camp)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if err := a.svc.Links.RefreshCampaign(ctx, c.ws(), lc); err != nil {
		return events.APIGatewayV2HTTPResponse{}, fmt.Errorf("refresh links of campaign %s: %w", camp.ID, err)
	}
	return ok(http.StatusOK, camp, camp.Version), nil
}

func (a *API) archiveCampaign(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Archive(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, camp, camp.Version), nil
}
