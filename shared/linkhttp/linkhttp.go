// Package linkhttp maps the errors of the links and analytics services to the RFC 9457
// problems the campaign API answers with, so every link route reports them alike.
package linkhttp

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/store"
)

// Problem returns the problem a client sees for err. Unexpected errors are logged and
// answered with a generic 500 that never carries their text.
func Problem(err error) *httpapi.ProblemDetails {
	var invalid *links.ValidationError
	switch {
	case errors.As(err, &invalid):
		p := httpapi.NewProblem(http.StatusUnprocessableEntity, "validation-failed", "Some fields are not valid; see errors.")
		for _, f := range invalid.Fields {
			p.Errors = append(p.Errors, httpapi.FieldError{Field: f.Field, Code: f.Code, Message: f.Message})
		}
		return p
	case errors.Is(err, links.ErrNotFound):
		return httpapi.NewProblem(http.StatusNotFound, "link-not-found", "No such link in this workspace.")
	case errors.Is(err, links.ErrTaken):
		return httpapi.NewProblem(http.StatusConflict, "link-code-taken", "This code is already used on this domain; choose another.")
	case errors.Is(err, links.ErrStale):
		return httpapi.NewProblem(http.StatusConflict, "link-changed", "The link was changed meanwhile; reload it and try again.")
	case errors.Is(err, analytics.ErrRange):
		return httpapi.NewProblem(http.StatusBadRequest, "invalid-range", err.Error())
	case errors.Is(err, store.ErrThrottled):
		return httpapi.Unavailable(2)
	}
	slog.Error("links request failed", "err", err)
	return httpapi.Internal()
}
