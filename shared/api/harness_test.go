package api

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// user is a signed-in marketer, as the JWT authorizer's verified claims describe them.
type user struct {
	sub, email string
}

var (
	ana  = user{"sub-ana", "ana@brand.example.com"}
	ben  = user{"sub-ben", "ben@brand.example.com"}
	cleo = user{"sub-cleo", "cleo@agency.example.com"}
)

// harness calls the API's handler with events shaped as API Gateway sends them.
type harness struct {
	t     *testing.T
	api   *API
	table *store.Table
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	table := dynamotest.NewTable(t)
	sealer, err := secrets.NewLocalSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, api: New(Wire(table, sealer, "https://api.example.com")), table: table}
}

// response is what a call returned.
type response struct {
	status  int
	body    string
	headers map[string]string
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do calls route as u. params fill the path; extra headers come as name, value pairs.
func (h *harness) do(u user, route string, params map[string]string, body string, headers ...string) response {
	h.t.Helper()
	method, path, _ := strings.Cut(route, " ")
	for k, v := range params {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	req := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: route, RawPath: path, PathParameters: params, Body: body,
		Headers: map[string]string{"content-type": "application/json"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: route, HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path},
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{
					Claims: map[string]string{"sub": u.sub, "email": u.email, "email_verified": "true"},
				},
			},
		},
	}
	if strings.Contains(route, "?") {
		h.t.Fatalf("route %q must not carry a query", route)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "?" {
			req.RawQueryString = headers[i+1]
			req.QueryStringParameters = parseQuery(headers[i+1])
			continue
		}
		req.Headers[strings.ToLower(headers[i])] = headers[i+1]
	}
	res, err := h.api.Handle(context.Background(), req)
	if err != nil {
		h.t.Fatalf("%s: handler error %v", route, err)
	}
	return response{status: res.StatusCode, body: res.Body, headers: res.Headers}
}

// must calls and fails the test unless the status is want.
func (h *harness) must(want int, u user, route string, params map[string]string, body string, headers ...string) response {
	h.t.Helper()
	res := h.do(u, route, params, body, headers...)
	if res.status != want {
		h.t.Fatalf("%s as %s: status %d, want %d: %s", route, u.email, res.status, want, res.body)
	}
	return res
}

func parseQuery(q string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if prev, ok := out[k]; ok {
			v = prev + "," + v
		}
		out[k] = v
	}
	return out
}

// itemCount counts every item in the test's table: a test-only scan that proves a
// rejected request wrote nothing.
func (h *harness) itemCount() int {
	h.t.Helper()
	out, err := h.table.DB.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(h.table.Name), Select: "COUNT"})
	if err != nil {
		h.t.Fatal(err)
	}
	return int(out.Count)
}

func p(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
