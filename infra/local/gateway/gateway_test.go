package gateway

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/system"
)

var testRoutes = []system.Route{
	{Key: "GET /healthz", Function: "api"},
	{Key: "GET /{code}", Function: "redirect"},
	{Key: "HEAD /{code}", Function: "redirect"},
	{Key: "POST /webhooks/{platform}/{connection}", Function: "webhook"},
	{Key: "GET /api/workspaces/{ws}", Function: "api", Auth: system.Marketer},
	{Key: "ANY /files/{proxy+}", Function: "api"},
}

// recorder is a function that keeps the event it was given and answers with res.
type recorder struct {
	got events.APIGatewayV2HTTPRequest
	res events.APIGatewayV2HTTPResponse
	err error
}

func (r *recorder) handle(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	r.got = ev
	return r.res, r.err
}

type fakeAuthorizer struct{}

func (fakeAuthorizer) Authorize(_ context.Context, token string) (map[string]string, []string, error) {
	if token != "good" {
		return nil, nil, errors.New("bad token")
	}
	return map[string]string{"sub": "user-1", "email": "a@example.com"}, []string{"openid"}, nil
}

func newTestGateway(t *testing.T, rec *recorder) *Gateway {
	t.Helper()
	if rec.res.StatusCode == 0 {
		rec.res = events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "{}"}
	}
	h := httpapi.Handler(rec.handle)
	g, err := New(testRoutes, map[system.FunctionName]httpapi.Handler{"api": h, "redirect": h, "webhook": h}, fakeAuthorizer{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestRouteSelectionFollowsAPIGatewayPrecedence(t *testing.T) {
	g := newTestGateway(t, &recorder{})
	tests := []struct {
		method, path string
		wantKey      string
		wantParams   map[string]string
	}{
		{"GET", "/healthz", "GET /healthz", nil},
		{"GET", "/Ab3dE9x", "GET /{code}", map[string]string{"code": "Ab3dE9x"}},
		{"HEAD", "/Ab3dE9x", "HEAD /{code}", map[string]string{"code": "Ab3dE9x"}},
		{"GET", "/caf%C3%A9", "GET /{code}", map[string]string{"code": "café"}},
		{"POST", "/webhooks/shopify/c-1", "POST /webhooks/{platform}/{connection}", map[string]string{"platform": "shopify", "connection": "c-1"}},
		{"DELETE", "/files/a/b/c.txt", "ANY /files/{proxy+}", map[string]string{"proxy": "a/b/c.txt"}},
		{"GET", "/", "", nil},
		{"GET", "/a/b", "", nil},
		{"POST", "/Ab3dE9x", "", nil},
		{"GET", "/webhooks/shopify/c-1", "", nil},
	}
	for _, tt := range tests {
		route, params, ok := g.Match(tt.method, tt.path)
		if !ok {
			if tt.wantKey != "" {
				t.Errorf("%s %s: no route, want %q", tt.method, tt.path, tt.wantKey)
			}
			continue
		}
		if route.Key != tt.wantKey || !reflect.DeepEqual(params, tt.wantParams) {
			t.Errorf("%s %s: got %q %v, want %q %v", tt.method, tt.path, route.Key, params, tt.wantKey, tt.wantParams)
		}
	}
}

// TestEventMatchesAPIGatewayPayload sends the request that produced the sample event in
// events/ and compares every field API Gateway fills, except the ones that vary per request.
func TestEventMatchesAPIGatewayPayload(t *testing.T) {
	var want events.APIGatewayV2HTTPRequest
	sampleevents.Load(t, "apigateway/redirect-get.json", &want)

	rec := &recorder{}
	g := newTestGateway(t, rec)
	req := httptest.NewRequest("GET", "http://go.example.com/Ab3dE9x?utm_source=bio&utm_source=story", nil)
	for name, v := range want.Headers {
		if !strings.HasPrefix(name, "x-") && name != "host" && name != "content-length" {
			req.Header.Set(name, v)
		}
	}
	req.Header.Set("Cookie", strings.Join(want.Cookies, "; "))
	g.ServeHTTP(httptest.NewRecorder(), req)
	got := rec.got

	checks := []struct {
		field     string
		got, want any
	}{
		{"version", got.Version, want.Version},
		{"routeKey", got.RouteKey, want.RouteKey},
		{"rawPath", got.RawPath, want.RawPath},
		{"rawQueryString", got.RawQueryString, want.RawQueryString},
		{"cookies", got.Cookies, want.Cookies},
		{"queryStringParameters", got.QueryStringParameters, want.QueryStringParameters},
		{"pathParameters", got.PathParameters, want.PathParameters},
		{"headers[user-agent]", got.Headers["user-agent"], want.Headers["user-agent"]},
		{"headers[cloudfront-viewer-country]", got.Headers["cloudfront-viewer-country"], want.Headers["cloudfront-viewer-country"]},
		{"headers[host]", got.Headers["host"], want.Headers["host"]},
		{"requestContext.routeKey", got.RequestContext.RouteKey, want.RequestContext.RouteKey},
		{"requestContext.stage", got.RequestContext.Stage, want.RequestContext.Stage},
		{"requestContext.domainName", got.RequestContext.DomainName, want.RequestContext.DomainName},
		{"requestContext.domainPrefix", got.RequestContext.DomainPrefix, want.RequestContext.DomainPrefix},
		{"requestContext.http.method", got.RequestContext.HTTP.Method, want.RequestContext.HTTP.Method},
		{"requestContext.http.path", got.RequestContext.HTTP.Path, want.RequestContext.HTTP.Path},
		{"requestContext.http.userAgent", got.RequestContext.HTTP.UserAgent, want.RequestContext.HTTP.UserAgent},
		{"isBase64Encoded", got.IsBase64Encoded, want.IsBase64Encoded},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.field, c.got, c.want)
		}
	}
	if _, ok := got.Headers["cookie"]; ok {
		t.Error("the cookie header must move to cookies, as API Gateway does")
	}
	if got.RequestContext.RequestID == "" || got.RequestContext.TimeEpoch == 0 || got.RequestContext.Time == "" {
		t.Error("request id and time must be set")
	}
}

func TestHeadersAndQueryJoinRepeatedValues(t *testing.T) {
	rec := &recorder{}
	g := newTestGateway(t, rec)
	req := httptest.NewRequest("GET", "/abc?tag=a&tag=b&empty=&q=caf%C3%A9", nil)
	req.Header.Add("X-Custom-Thing", "one")
	req.Header.Add("X-Custom-Thing", "two")
	req.Header.Add("Cookie", "a=1; b=2")
	req.Header.Add("Cookie", "c=3")
	g.ServeHTTP(httptest.NewRecorder(), req)
	ev := rec.got
	if ev.Headers["x-custom-thing"] != "one,two" {
		t.Errorf("repeated header: %q", ev.Headers["x-custom-thing"])
	}
	for name := range ev.Headers {
		if name != strings.ToLower(name) {
			t.Errorf("header name %q is not lower-cased", name)
		}
	}
	wantQuery := map[string]string{"tag": "a,b", "empty": "", "q": "café"}
	if !reflect.DeepEqual(ev.QueryStringParameters, wantQuery) {
		t.Errorf("query: got %v, want %v", ev.QueryStringParameters, wantQuery)
	}
	if want := []string{"a=1", "b=2", "c=3"}; !reflect.DeepEqual(ev.Cookies, want) {
		t.Errorf("cookies: got %v, want %v", ev.Cookies, want)
	}
}

func TestBodiesAreBase64UnlessText(t *testing.T) {
	binary := []byte{0x00, 0xff, 0x10, 'h', 'i'}
	tests := []struct {
		contentType string
		body        []byte
		wantBase64  bool
	}{
		{"application/json", []byte(`{"id":1}`), false},
		{"application/json; charset=utf-8", []byte(`{"id":1}`), false},
		{"text/plain", []byte("hello"), false},
		{"application/xml", []byte("<a/>"), false},
		{"application/octet-stream", binary, true},
		{"application/x-www-form-urlencoded", []byte("webhook_id=12"), true},
		{"", []byte("no type"), true},
	}
	for _, tt := range tests {
		rec := &recorder{}
		g := newTestGateway(t, rec)
		req := httptest.NewRequest("POST", "/webhooks/woocommerce/c1", strings.NewReader(string(tt.body)))
		if tt.contentType != "" {
			req.Header.Set("Content-Type", tt.contentType)
		}
		g.ServeHTTP(httptest.NewRecorder(), req)
		if rec.got.IsBase64Encoded != tt.wantBase64 {
			t.Errorf("%q: isBase64Encoded %v, want %v", tt.contentType, rec.got.IsBase64Encoded, tt.wantBase64)
		}
		decoded, err := httpapi.Body(rec.got)
		if err != nil || string(decoded) != string(tt.body) {
			t.Errorf("%q: body round trip got %q (%v), want %q", tt.contentType, decoded, err, tt.body)
		}
		if rec.got.Headers["content-length"] != strconv.Itoa(len(tt.body)) {
			t.Errorf("%q: content-length %q", tt.contentType, rec.got.Headers["content-length"])
		}
	}
}

func TestGatewayAnswersLikeAPIGateway(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		auth       string
		res        events.APIGatewayV2HTTPResponse
		fnErr      error
		wantStatus int
		wantBody   string
		wantCalled bool
		wantClaims map[string]string
	}{
		{name: "no route", method: "GET", path: "/a/b/c", wantStatus: 404, wantBody: `{"message":"Not Found"}`},
		{name: "marketer route without token", method: "GET", path: "/api/workspaces/w1", wantStatus: 401, wantBody: `{"message":"Unauthorized"}`},
		{name: "marketer route with bad token", method: "GET", path: "/api/workspaces/w1", auth: "Bearer nope", wantStatus: 401},
		{name: "marketer route with good token", method: "GET", path: "/api/workspaces/w1", auth: "Bearer good", wantStatus: 200, wantCalled: true,
			wantClaims: map[string]string{"sub": "user-1", "email": "a@example.com"}},
		{name: "function error hides its text", method: "GET", path: "/abc", fnErr: errors.New("secret detail"), wantStatus: 500,
			wantBody: `{"message":"Internal Server Error"}`, wantCalled: true},
		{name: "base64 response is decoded", method: "GET", path: "/abc", wantStatus: 200, wantBody: "png-bytes", wantCalled: true,
			res: events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: base64.StdEncoding.EncodeToString([]byte("png-bytes")), IsBase64Encoded: true,
				Headers: map[string]string{"content-type": "image/png"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{res: tt.res, err: tt.fnErr}
			g := newTestGateway(t, rec)
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			g.ServeHTTP(w, req)
			body, _ := io.ReadAll(w.Result().Body)
			if w.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d (%s)", w.Code, tt.wantStatus, body)
			}
			if tt.wantBody != "" && string(body) != tt.wantBody {
				t.Fatalf("body %s, want %s", body, tt.wantBody)
			}
			if called := rec.got.RouteKey != ""; called != tt.wantCalled {
				t.Fatalf("function called: %v, want %v", called, tt.wantCalled)
			}
			if tt.wantClaims != nil && !reflect.DeepEqual(rec.got.RequestContext.Authorizer.JWT.Claims, tt.wantClaims) {
				t.Fatalf("claims %v, want %v", rec.got.RequestContext.Authorizer.JWT.Claims, tt.wantClaims)
			}
		})
	}
}

func TestCookiesBecomeSetCookieHeaders(t *testing.T) {
	rec := &recorder{res: events.APIGatewayV2HTTPResponse{StatusCode: 302, Cookies: []string{"a=1; Path=/", "b=2; HttpOnly"},
		Headers: map[string]string{"location": "https://shop.example.com/"}}}
	g := newTestGateway(t, rec)
	w := httptest.NewRecorder()
	g.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/abc", nil))
	if got := w.Result().Header.Values("Set-Cookie"); !reflect.DeepEqual(got, []string{"a=1; Path=/", "b=2; HttpOnly"}) {
		t.Fatalf("Set-Cookie: %v", got)
	}
	if w.Result().Header.Get("Location") != "https://shop.example.com/" {
		t.Fatalf("Location: %q", w.Result().Header.Get("Location"))
	}
}
