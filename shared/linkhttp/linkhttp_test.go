package linkhttp

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestProblem(t *testing.T) {
	invalid := &links.ValidationError{Fields: links.ValidateDestination("destination", "javascript:alert(1)", nil)}
	tests := []struct {
		err        error
		status     int
		code       string
		fieldCodes int
	}{
		{err: fmt.Errorf("create: %w", invalid), status: 422, code: "validation-failed", fieldCodes: 1},
		{err: fmt.Errorf("get: %w", links.ErrNotFound), status: 404, code: "link-not-found"},
		{err: fmt.Errorf("create: %w", links.ErrTaken), status: 409, code: "link-code-taken"},
		{err: fmt.Errorf("update: %w", links.ErrStale), status: 409, code: "link-changed"},
		{err: fmt.Errorf("series: %w", analytics.ErrRange), status: 400, code: "invalid-range"},
		{err: fmt.Errorf("list: %w", store.ErrThrottled), status: 503, code: "unavailable"},
		{err: errors.New("secret internal detail"), status: 500, code: "internal"},
	}
	for _, tt := range tests {
		p := Problem(tt.err)
		if p.Status != tt.status || p.Code != tt.code || len(p.Errors) != tt.fieldCodes {
			t.Errorf("%v: got %d %s %v", tt.err, p.Status, p.Code, p.Errors)
		}
		if tt.status == 500 && p.Detail == tt.err.Error() {
			t.Error("an internal error's text reached the client")
		}
	}
	p := Problem(invalid)
	if p.Errors[0] != (httpapi.FieldError{Field: "destination", Code: links.CodeScheme, Message: p.Errors[0].Message}) || p.Errors[0].Message == "" {
		t.Errorf("field error %+v", p.Errors[0])
	}
}
