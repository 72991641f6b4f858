package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/validate"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) orderOps() {
	a.ops[system.RouteCampaignOrders] = operation{role: workspaces.Viewer, run: a.campaignOrders}
	a.ops[system.RouteCampaignCreatorLedger] = operation{role: workspaces.Viewer, run: a.ledger}
	a.ops[system.RouteOrderReattribute] = operation{role: workspaces.Editor, run: a.reattribute}
	a.ops[system.RouteConnectionDeliveries] = operation{role: workspaces.Viewer, run: a.deliveries}
	a.ops[system.RouteConnectionReconciliation] = operation{role: workspaces.Viewer, run: a.reconciliation}
	a.ops[system.RouteConnectionReplay] = operation{role: workspaces.Admin, run: a.replay}
	a.ops[system.RouteConnectionCredentials] = operation{role: workspaces.Admin, run: a.setCredentials}
}

// campaignOrders lists a campaign's orders; ?status= narrows to attributed, cancelled or
// unattributed (orders of the campaign's shops that nobody was credited with).
func (a *API) campaignOrders(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	status := c.req.QueryStringParameters["status"]
	if status != "" && !slices.Contains(orderflow.ListFilters, status) {
		var v validate.Errors
		v.OneOf("status", status, orderflow.ListFilters...)
		return events.APIGatewayV2HTTPResponse{}, v.Err()
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var conns []string
	if status == orderflow.ListUnattributed {
		members, err := a.svc.Campaigns.Members(ctx, c.ws(), camp.ID, true)
		if err != nil {
			return events.APIGatewayV2HTTPResponse{}, err
		}
		for _, m := range members {
			for _, code := range m.Codes {
				if !slices.Contains(conns, code.ConnectionID) {
					conns = append(conns, code.ConnectionID)
				}
			}
		}
	}
	list, err := a.svc.Orders.CampaignOrders(ctx, c.ws(), camp.ID, conns, status)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list, 0), nil
}

// ledger shows a campaign creator's ledger: every order and adjustment with its source
// event and reason, totals and daily figures per currency, and the codes' leak signals.
func (a *API) ledger(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	var audience map[string]float64
	cr, err := a.svc.Creators.Get(ctx, c.ws(), m.CreatorID)
	switch {
	case err == nil:
		audience = cr.Audience.Countries
	case !errors.Is(err, apperr.ErrNotFound):
		return events.APIGatewayV2HTTPResponse{}, err
	}
	l, err := a.svc.Orders.Ledger(ctx, c.ws(), m.CampaignID, m.CreatorID, audience)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, l, 0), nil
}

// reattributeResult is what a re-attribution did.
type reattributeResult struct {
	// Outcome is applied when the order's credit moved, unchanged when today's codes and
	// clicks decide as before.
	Outcome orderflow.Outcome       `json:"outcome"`
	Order   orderflow.OrderView     `json:"order"`
	Entries []orderflow.LedgerEntry `json:"entries"`
}

// reattribute decides an order's attribution again with today's codes and clicks.
func (a *API) reattribute(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	if err := c.decodeOptional(&struct{}{}); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	conn, err := a.svc.Connections.Get(ctx, c.ws(), c.param("connection"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	order := c.param("order")
	if !validOrderID(order) {
		return events.APIGatewayV2HTTPResponse{}, httpapi.NewProblem(http.StatusNotFound, "not-found", "There is no such order on this connection.")
	}
	res, err := a.svc.Processor.Reattribute(ctx, c.ws(), conn.ID, order, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, orderError(err)
	}
	out := reattributeResult{Outcome: res.Outcome, Order: orderflow.View(res.Record), Entries: res.Entries}
	if out.Entries == nil {
		out.Entries = []orderflow.LedgerEntry{}
	}
	return ok(http.StatusOK, out, 0), nil
}

// validOrderID accepts the platforms' order ids (digits, Stripe's pi_...).
func validOrderID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == ""
}

// orderError gives processing errors a client can act on their statuses.
func orderError(err error) error {
	switch {
	case errors.Is(err, orderflow.ErrBusy):
		return apperr.ErrUnavailable
	case errors.Is(err, money.ErrCurrencyMismatch):
		return &apperr.Conflict{Msg: "The creator's fee is agreed in another currency than the order's; amounts are never converted. Fix the creator's terms first."}
	}
	return err
}

// deliveries shows a connection's recent deliveries and what became of them.
func (a *API) deliveries(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	conn, err := a.svc.Connections.Get(ctx, c.ws(), c.param("connection"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	d, err := a.svc.Orders.Deliveries(ctx, c.ws(), conn.ID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	d.Reconciliation.Enabled = conn.Reconciles()
	return ok(http.StatusOK, d, 0), nil
}

// reconciliation shows how the connection's reconciliation runs went and how many
// orders they recovered.
func (a *API) reconciliation(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	conn, err := a.svc.Connections.Get(ctx, c.ws(), c.param("connection"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	r, err := a.svc.Orders.Reconciliation(ctx, c.ws(), conn.ID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	r.Enabled = conn.Reconciles()
	return ok(http.StatusOK, r, 0), nil
}

// replay applies the connection's failed events again, after their cause was fixed.
func (a *API) replay(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	if err := c.decodeOptional(&struct{}{}); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	conn, err := a.svc.Connections.Get(ctx, c.ws(), c.param("connection"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	r, err := a.svc.Processor.Replay(ctx, c.ws(), conn.ID)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, orderError(err)
	}
	if r.Failed == nil {
		r.Failed = []orderflow.Failure{}
	}
	return ok(http.StatusOK, r, 0), nil
}

// setCredentials gives a connection the API credentials reconciliation reads orders with.
func (a *API) setCredentials(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in connections.Credentials
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	v, err := a.svc.Connections.SetCredentials(ctx, c.ws(), c.param("connection"), in)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, v, v.Version), nil
}
