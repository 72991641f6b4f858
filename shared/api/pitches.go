package api

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) pitchOps() {
	a.ops[system.RoutePitches] = operation{role: workspaces.Viewer, run: a.listPitches}
	a.ops[system.RoutePitchCreate] = operation{role: workspaces.Editor, run: a.createPitch}
	a.ops[system.RouteCampaignOutreach] = operation{role: workspaces.Editor, run: a.recordOutreach}
}

func (a *API) listPitches(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	stats, err := a.svc.Campaigns.PitchStats(ctx, camp)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[campaigns.PitchStats]{Items: stats}, 0), nil
}

func (a *API) createPitch(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in campaigns.Pitch
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	pitch, err := a.svc.Campaigns.CreatePitch(ctx, camp, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, pitch, 0), nil
}

type outreachInput struct {
	PitchID   string `json:"pitchId"`
	VariantID string `json:"variantId"`
	// Outcome is empty to record a send, else what came of the last send.
	Outcome string `json:"outcome"`
}

func (a *API) recordOutreach(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in outreachInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err = a.svc.Campaigns.RecordOutreach(ctx, m, in.PitchID, in.VariantID, in.Outcome)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}
