// Package intake is the webhook function's handler: shop platforms POST order and refund
// events to /webhooks/{platform}/{connection}.
package intake

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/httpapi"
)

// Platforms that may post webhooks; the path's {platform} must be one of them.
var Platforms = map[string]bool{"shopify": true, "woocommerce": true, "stripe": true}

// Handler answers POST /webhooks/{platform}/{connection}.
type Handler struct{}

// New builds the handler.
func New() *Handler { return &Handler{} }

// Handle is the Lambda entry point. Until a marketer registers a connection there is
// nothing a webhook can be delivered to, so every delivery is refused with 404 and nothing
// is written.
func (h *Handler) Handle(_ context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	platform := req.PathParameters["platform"]
	if !Platforms[platform] {
		return httpapi.Problem(httpapi.NewProblem(http.StatusNotFound, "unknown-platform",
			"Webhooks are accepted from shopify, woocommerce and stripe.")), nil
	}
	return httpapi.Problem(httpapi.NewProblem(http.StatusNotFound, "unknown-connection",
		"No connection "+req.PathParameters["connection"]+" is registered for "+platform+".")), nil
}
