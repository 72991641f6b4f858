// Package httpapi speaks API Gateway HTTP API's Lambda payload (format 2.0) for the
// functions: reading a request body as the gateway delivers it, and writing JSON, HTML and
// RFC 9457 problem responses. It holds no domain logic.
package httpapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Handler is the signature every HTTP-facing function exposes to lambda.Start and to the
// local gateway.
type Handler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// Body returns the raw request body, decoding it when API Gateway base64-encoded it (it
// does so for every content type that is not text, JSON, XML or JavaScript). Signatures
// must be checked on these bytes, not on a re-encoding of them.
func Body(req events.APIGatewayV2HTTPRequest) ([]byte, error) {
	if !req.IsBase64Encoded {
		return []byte(req.Body), nil
	}
	b, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return nil, fmt.Errorf("decode base64 body: %w", err)
	}
	return b, nil
}

// Header returns a request header. API Gateway lower-cases header names.
func Header(req events.APIGatewayV2HTTPRequest, name string) string {
	return req.Headers[strings.ToLower(name)]
}

// JSON answers status with v encoded as JSON.
func JSON(status int, v any) events.APIGatewayV2HTTPResponse {
	body, err := json.Marshal(v)
	if err != nil {
		slog.Error("encode response", "err", err)
		return Problem(Internal())
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"content-type": "application/json", "cache-control": "no-store"},
		Body:       string(body),
	}
}

// HTML answers status with an HTML page.
func HTML(status int, page string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"content-type": "text/html; charset=utf-8"},
		Body:       page,
	}
}
