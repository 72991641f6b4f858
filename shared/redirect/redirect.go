// Package redirect is the redirect function's handler: a consumer taps a tracking link and
// lands on the brand's page. It is the product's hot path, so it stays short: look the
// link up, decide, answer.
package redirect

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/links"
)

// Handler answers GET and HEAD /{code}.
type Handler struct {
	links links.Reader
	now   func() time.Time
}

// New builds the handler on a link reader.
func New(r links.Reader) *Handler {
	return &Handler{links: r, now: time.Now}
}

// Handle is the Lambda entry point.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	code := req.PathParameters["code"]
	link, err := h.links.Link(ctx, code)
	switch {
	case errors.Is(err, links.ErrNotFound):
		return page(http.StatusNotFound, notFoundPage), nil
	case err != nil:
		// An outage must never look like a dead link: tell the browser to come back.
		slog.Error("redirect lookup failed", "code", code, "err", err)
		res := page(http.StatusServiceUnavailable, unavailablePage)
		res.Headers["retry-after"] = "5"
		return res, nil
	case !link.Live(h.now()):
		return page(http.StatusGone, gonePage(link.BrandURL)), nil
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusFound,
		Headers: map[string]string{
			"location": link.Destination,
			// Every tap must reach us to be counted: no browser or proxy may replay it.
			"cache-control": "private, no-store",
			// The brand sees that traffic came through a link, not which page or app held it.
			"referrer-policy": "strict-origin-when-cross-origin",
		},
	}, nil
}

func page(status int, html string) events.APIGatewayV2HTTPResponse {
	res := httpapi.HTML(status, html)
	res.Headers["cache-control"] = "no-store"
	return res
}
