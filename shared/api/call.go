package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// maxJSONBody bounds a JSON request body; CSV imports have their own, larger bound.
const maxJSONBody = 1 << 20

// call is one request on its way through an operation.
type call struct {
	req    events.APIGatewayV2HTTPRequest
	who    workspaces.Identity
	member workspaces.Member
}

// ws is the workspace the path names, already checked against the caller's membership.
func (c *call) ws() string { return c.member.WorkspaceID }

func (c *call) param(name string) string { return c.req.PathParameters[name] }

// decode reads a JSON body into v, refusing unknown fields so a typo is an error, not a
// silently ignored setting.
func (c *call) decode(v any) error {
	body, err := httpapi.Body(c.req)
	if err != nil {
		return httpapi.NewProblem(http.StatusBadRequest, "malformed-body", "The body could not be decoded.")
	}
	if len(body) > maxJSONBody {
		return httpapi.NewProblem(http.StatusRequestEntityTooLarge, "body-too-large", "The body is larger than 1 MiB.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return httpapi.NewProblem(http.StatusBadRequest, "malformed-json", "The body is not the JSON this operation takes: "+jsonReason(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return httpapi.NewProblem(http.StatusBadRequest, "malformed-json", "The body has data after the JSON value.")
	}
	return nil
}

func jsonReason(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("syntax error at byte %d.", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q must be %s.", typ.Field, typ.Type)
	case errors.Is(err, io.EOF):
		return "the body is empty."
	}
	return strings.TrimPrefix(err.Error(), "json: ") + "."
}

// version reads the version an update is based on, from If-Match ("3" or W/"3"). Without
// one an update could silently overwrite someone else's: 428 asks the client to send it.
func (c *call) version() (int64, error) {
	raw := strings.TrimPrefix(httpapi.Header(c.req, "if-match"), "W/")
	if raw == "" {
		return 0, httpapi.NewProblem(http.StatusPreconditionRequired, "version-required",
			"Send the version you are updating in If-Match (the ETag of your last read), so no one's change is lost.")
	}
	v, err := strconv.ParseInt(strings.Trim(raw, `"`), 10, 64)
	if err != nil {
		return 0, httpapi.NewProblem(http.StatusBadRequest, "bad-if-match", "If-Match must be the ETag of your last read, such as \"3\".")
	}
	return v, nil
}

// ok answers status with v, and an ETag when v is versioned.
func ok(status int, v any, version int64) events.APIGatewayV2HTTPResponse {
	res := httpapi.JSON(status, v)
	if version > 0 {
		res.Headers["etag"] = strconv.Quote(strconv.FormatInt(version, 10))
	}
	return res
}

// list wraps a collection so it can grow fields (paging) without breaking clients.
type list[T any] struct {
	Items []T `json:"items"`
}

// decodeOptional is decode for operations whose body may be left out.
func (c *call) decodeOptional(v any) error {
	body, err := httpapi.Body(c.req)
	if err == nil && len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return c.decode(v)
}
