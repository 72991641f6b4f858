package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) pipelineOps() {
	a.ops[system.RouteCampaignCreators] = operation{role: workspaces.Viewer, run: a.listCampaignCreators}
	a.ops[system.RouteCampaignCreatorAdd] = operation{role: workspaces.Editor, run: a.addCampaignCreator}
	a.ops[system.RouteCampaignCreatorExport] = operation{role: workspaces.Viewer, run: a.exportCampaignCreators}
	a.ops[system.RouteCampaignCreator] = operation{role: workspaces.Viewer, run: a.getCampaignCreator}
	a.ops[system.RouteCampaignCreatorUpdate] = operation{role: workspaces.Editor, run: a.updateCampaignCreator}
	a.ops[system.RouteCampaignCreatorRemove] = operation{role: workspaces.Editor, run: a.removeCampaignCreator}
	a.ops[system.RouteCampaignCreatorStage] = operation{role: workspaces.Editor, run: a.moveCampaignCreator}
	a.ops[system.RouteCodeAssign] = operation{role: workspaces.Editor, run: a.assignCode}
	a.ops[system.RouteCodeRelease] = operation{role: workspaces.Editor, run: a.releaseCode}
}

func (a *API) listCampaignCreators(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	members, err := a.svc.Campaigns.Members(ctx, c.ws(), camp.ID, c.req.QueryStringParameters["archived"] == "include")
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	if stage := c.req.QueryStringParameters["stage"]; stage != "" {
		kept := members[:0]
		for _, m := range members {
			if m.Stage == stage {
				kept = append(kept, m)
			}
		}
		members = kept
	}
	return ok(http.StatusOK, list[campaigns.Member]{Items: members}, 0), nil
}

type addCreatorInput struct {
	CreatorID string `json:"creatorId"`
	Stage     string `json:"stage"`
}

func (a *API) addCampaignCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in addCreatorInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.svc.Campaigns.AddCreator(ctx, camp, in.CreatorID, in.Stage, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, m, m.Version), nil
}

// member loads the campaign member the path names.
func (a *API) member(ctx context.Context, c *call) (campaigns.Member, error) {
	return a.svc.Campaigns.Member(ctx, c.ws(), c.param("campaign"), c.param("creator"))
}

func (a *API) getCampaignCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}

func (a *API) updateCampaignCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in campaigns.MemberTerms
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err = a.svc.Campaigns.UpdateTerms(ctx, m, version, in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}

func (a *API) removeCampaignCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err = a.svc.Campaigns.Remove(ctx, m)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}

type stageInput struct {
	Stage string `json:"stage"`
	Note  string `json:"note"`
}

func (a *API) moveCampaignCreator(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	version, err := c.version()
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var in stageInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err = a.svc.Campaigns.MoveStage(ctx, m, version, in.Stage, in.Note, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}

type codeInput struct {
	ConnectionID string `json:"connectionId"`
	Code         string `json:"code"`
}

func (a *API) assignCode(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in codeInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	conn, err := a.svc.Connections.Get(ctx, c.ws(), in.ConnectionID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err = a.svc.Campaigns.AssignCode(ctx, m, conn.ID, in.Code)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, m, m.Version), nil
}

func (a *API) releaseCode(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err = a.svc.Campaigns.ReleaseCode(ctx, m, c.param("code"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, m, m.Version), nil
}

// exportCampaignCreators writes the campaign's creators as CSV, one row per member.
func (a *API) exportCampaignCreators(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	members, err := a.svc.Campaigns.Members(ctx, c.ws(), c.param("campaign"), true)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"creator_id", "name", "tiktok", "instagram", "youtube", "stage", "compensation_model",
		"agreed_cost", "currency", "commission_bps", "relevance", "codes", "revisions", "archived", "added_at"})
	for _, m := range members {
		codes := make([]string, len(m.Codes))
		for i, code := range m.Codes {
			codes[i] = code.Code
		}
		_ = w.Write([]string{m.CreatorID, m.CreatorName, m.Handles["tiktok"], m.Handles["instagram"], m.Handles["youtube"],
			m.Stage, m.Compensation.Model, strconv.FormatInt(m.AgreedCost.Amount, 10), m.AgreedCost.Currency,
			strconv.FormatInt(m.Compensation.CommissionBps, 10), strconv.FormatFloat(m.Relevance, 'f', -1, 64),
			strings.Join(codes, ";"), strconv.Itoa(m.Revisions), strconv.FormatBool(m.Archived), m.Added.Format("2006-01-02T15:04:05Z")})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return csvFile("campaign-creators.csv", buf.String()), nil
}
