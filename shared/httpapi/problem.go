package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/validate"
)

// ProblemDetails is an RFC 9457 problem document, extended with a machine-readable code
// and per-field errors so a client can show each message next to the field that caused it.
type ProblemDetails struct {
	Type   string                `json:"type"`
	Title  string                `json:"title"`
	Status int                   `json:"status"`
	Detail string                `json:"detail,omitempty"`
	Code   string                `json:"code"`
	Errors []validate.FieldError `json:"errors,omitempty"`
	// RetryAfter, in seconds, is sent as the Retry-After header, not in the body.
	RetryAfter int `json:"-"`
}

// Error lets a problem travel as an error from domain code to the one place that answers.
func (p *ProblemDetails) Error() string { return p.Code + ": " + p.Detail }

// NewProblem builds a problem with the given status, machine code and human message.
func NewProblem(status int, code, detail string) *ProblemDetails {
	return &ProblemDetails{
		Type:   "https://hypetrack.dev/problems/" + code,
		Title:  http.StatusText(status),
		Status: status,
		Code:   code,
		Detail: detail,
	}
}

// Internal is the problem a client sees for any failure we did not expect. It never
// carries the internal error's text.
func Internal() *ProblemDetails {
	return NewProblem(http.StatusInternalServerError, "internal", "Something went wrong on our side. It has been logged.")
}

// Unavailable tells the client to retry after the given seconds.
func Unavailable(retryAfter int) *ProblemDetails {
	p := NewProblem(http.StatusServiceUnavailable, "unavailable", "The service is briefly unavailable. Please retry.")
	p.RetryAfter = retryAfter
	return p
}

// Problem answers with p as application/problem+json.
func Problem(p *ProblemDetails) events.APIGatewayV2HTTPResponse {
	body, _ := json.Marshal(p)
	res := events.APIGatewayV2HTTPResponse{
		StatusCode: p.Status,
		Headers:    map[string]string{"content-type": "application/problem+json", "cache-control": "no-store"},
		Body:       string(body),
	}
	if p.RetryAfter > 0 {
		res.Headers["retry-after"] = strconv.Itoa(p.RetryAfter)
	}
	return res
}
