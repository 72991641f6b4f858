package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/auth"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/validate"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// respondError is the one place that turns an error into a status. Internal errors are
// logged with their detail and answered without it.
func respondError(ctx context.Context, err error) events.APIGatewayV2HTTPResponse {
	var (
		problem     *httpapi.ProblemDetails
		invalid     *validate.Error
		invalidLink *links.ValidationError
	)
	switch {
	case errors.As(err, &problem):
		return httpapi.Problem(problem)
	case errors.As(err, &invalid):
		p := httpapi.NewProblem(http.StatusUnprocessableEntity, "invalid-input", "Some fields are not valid; see errors.")
		p.Errors = invalid.Fields
		return httpapi.Problem(p)
	case errors.As(err, &invalidLink):
		p := httpapi.NewProblem(http.StatusUnprocessableEntity, "invalid-input", "Some fields are not valid; see errors.")
		for _, f := range invalidLink.Fields {
			p.Errors = append(p.Errors, validate.FieldError{Field: f.Field, Code: f.Code, Message: f.Message})
		}
		return httpapi.Problem(p)
	case errors.Is(err, links.ErrNotFound):
		return httpapi.Problem(httpapi.NewProblem(http.StatusNotFound, "not-found", "No such link in this workspace."))
	case errors.Is(err, links.ErrTaken):
		return httpapi.Problem(httpapi.NewProblem(http.StatusConflict, "link-code-taken", "This code is already used on this domain; choose another."))
	case errors.Is(err, links.ErrStale):
		return httpapi.Problem(httpapi.NewProblem(http.StatusPreconditionFailed, "stale-version",
			"Someone changed this link since you read it. Reload and apply your change again."))
	case errors.Is(err, analytics.ErrRange):
		p := httpapi.NewProblem(http.StatusUnprocessableEntity, "invalid-input", "The date range is not valid; see errors.")
		p.Errors = []validate.FieldError{{Field: "from", Code: "invalid", Message: err.Error()}}
		return httpapi.Problem(p)
	case errors.Is(err, store.ErrThrottled):
		return httpapi.Problem(httpapi.Unavailable(2))
	case errors.Is(err, apperr.ErrNotFound):
		return httpapi.Problem(httpapi.NewProblem(http.StatusNotFound, "not-found", "There is nothing here, or you may not see it."))
	case errors.Is(err, apperr.ErrForbidden):
		return httpapi.Problem(httpapi.NewProblem(http.StatusForbidden, "forbidden", "Your role in this workspace does not allow this."))
	case errors.Is(err, apperr.ErrStale):
		return httpapi.Problem(httpapi.NewProblem(http.StatusPreconditionFailed, "stale-version",
			"Someone changed this since you read it. Reload and apply your change again."))
	case errors.Is(err, apperr.ErrConflict):
		return httpapi.Problem(httpapi.NewProblem(http.StatusConflict, "conflict", conflictDetail(err)))
	case errors.Is(err, apperr.ErrUnavailable):
		slog.WarnContext(ctx, "store unavailable", "err", err)
		return httpapi.Problem(httpapi.Unavailable(2))
	}
	slog.ErrorContext(ctx, "request failed", "err", err)
	return httpapi.Problem(httpapi.Internal())
}

// conflictDetail uses the domain's own words when it wrote them for people (a code
// already taken), else a generic sentence.
func conflictDetail(err error) string {
	var c *apperr.Conflict
	if errors.As(err, &c) {
		return c.Msg
	}
	return "This clashes with something that exists already."
}

// identity reads the caller from the claims API Gateway's JWT authorizer verified. The
// function trusts the gateway's check (in the cloud and in the local stack alike).
func identity(req events.APIGatewayV2HTTPRequest) (workspaces.Identity, error) {
	id, err := auth.FromRequest(req)
	if err != nil {
		return workspaces.Identity{}, httpapi.NewProblem(http.StatusUnauthorized, "unauthenticated", "Sign in to use this API.")
	}
	return workspaces.Identity{Subject: id.Subject, Email: id.Email, EmailVerified: id.Email != ""}, nil
}
