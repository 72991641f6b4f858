// Package gateway emulates API Gateway's HTTP API for the local stack: it matches a request
// against the shared route table, checks a marketer's token where the route needs one, builds
// the exact events.APIGatewayV2HTTPRequest (payload format 2.0) that API Gateway would send,
// calls the function's handler in-process, and writes its response back.
package gateway

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/system"
)

// MaxBody is HTTP API's request payload limit.
const MaxBody = 10 << 20

// Authorizer checks a bearer token the way API Gateway's JWT authorizer does (signature,
// issuer, audience, expiry) and returns the claims it would pass on.
type Authorizer interface {
	Authorize(ctx context.Context, token string) (claims map[string]string, scopes []string, err error)
}

// Gateway serves the route table over HTTP.
type Gateway struct {
	routes    []compiledRoute
	handlers  map[system.FunctionName]httpapi.Handler
	timeouts  map[system.FunctionName]time.Duration
	auth      Authorizer
	accountID string
	apiID     string
	now       func() time.Time
}

// New builds a gateway for routes. Every route's function must have a handler. auth may be
// nil, in which case every marketer route answers 401 as it would without a token.
func New(routes []system.Route, handlers map[system.FunctionName]httpapi.Handler, auth Authorizer) (*Gateway, error) {
	g := &Gateway{
		handlers:  handlers,
		timeouts:  map[system.FunctionName]time.Duration{},
		auth:      auth,
		accountID: "000000000000",
		apiID:     "local",
		now:       time.Now,
	}
	for _, r := range routes {
		if handlers[r.Function] == nil {
			return nil, errors.New("gateway: no handler for function " + string(r.Function) + " (route " + r.Key + ")")
		}
		if f, ok := system.FunctionByName(r.Function); ok {
			g.timeouts[r.Function] = f.Timeout
		}
		g.routes = append(g.routes, compile(r))
	}
	return g, nil
}

// Match finds the route API Gateway would choose for method and escaped path.
func (g *Gateway) Match(method, escapedPath string) (system.Route, map[string]string, bool) {
	parts := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	var (
		best   *compiledRoute
		params map[string]string
	)
	for i := range g.routes {
		c := &g.routes[i]
		p, ok := c.match(method, parts)
		if !ok || (best != nil && !moreSpecific(*c, *best)) {
			continue
		}
		best, params = c, p
	}
	if best == nil {
		return system.Route{}, nil, false
	}
	return best.route, params, true
}

// ServeHTTP answers one request as API Gateway would.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, params, ok := g.Match(r.Method, r.URL.EscapedPath())
	if !ok {
		writeMessage(w, http.StatusNotFound, "Not Found")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		writeMessage(w, http.StatusBadRequest, "Bad Request")
		return
	}
	if len(body) > MaxBody {
		writeMessage(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large")
		return
	}
	event := g.Event(r, route, params, body)
	if route.Auth == system.Marketer {
		if !g.authorize(r.Context(), r, &event) {
			w.Header().Set("www-authenticate", `Bearer error="invalid_token"`)
			writeMessage(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), g.timeouts[route.Function])
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: event.RequestContext.RequestID})
	res, err := g.handlers[route.Function](ctx, event)
	if err != nil {
		// A function error reaches the client as API Gateway's generic 500, never its text.
		slog.Error("function failed", "function", route.Function, "route", route.Key, "err", err)
		writeMessage(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	writeResponse(w, res)
}

func (g *Gateway) authorize(ctx context.Context, r *http.Request, event *events.APIGatewayV2HTTPRequest) bool {
	// API Gateway's identity source is the Authorization header, holding the token alone
	// or prefixed with "Bearer".
	token := strings.TrimSpace(r.Header.Get("Authorization"))
	if scheme, rest, ok := strings.Cut(token, " "); ok && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(rest)
	}
	if g.auth == nil || token == "" {
		return false
	}
	claims, scopes, err := g.auth.Authorize(ctx, token)
	if err != nil {
		slog.Info("token rejected", "err", err)
		return false
	}
	event.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims, Scopes: scopes},
	}
	return true
}

// Event builds the payload API Gateway sends for r on route: header names lower-cased and
// repeated headers joined by commas, cookies moved into their own list, repeated query keys
// joined by commas, path parameters decoded, and the body base64-encoded unless its
// content type is text.
func (g *Gateway) Event(r *http.Request, route system.Route, params map[string]string, body []byte) events.APIGatewayV2HTTPRequest {
	now := g.now()
	headers := map[string]string{}
	var cookies []string
	for name, values := range r.Header {
		lower := strings.ToLower(name)
		if lower == "cookie" {
			for _, v := range values {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[lower] = strings.Join(values, ",")
	}
	headers["host"] = r.Host
	sourceIP, port := clientAddress(r)
	headers["x-forwarded-for"] = sourceIP
	headers["x-forwarded-port"] = port
	headers["x-forwarded-proto"] = "http"
	if len(body) > 0 {
		headers["content-length"] = strconv.Itoa(len(body))
	}
	requestID := newRequestID()
	headers["x-amzn-trace-id"] = fmt.Sprintf("Root=1-%08x-%s", now.Unix(), requestID[:24])

	var query map[string]string
	if values, err := url.ParseQuery(r.URL.RawQuery); err == nil && len(values) > 0 {
		query = make(map[string]string, len(values))
		for k, v := range values {
			query[k] = strings.Join(v, ",")
		}
	}
	event := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              route.Key,
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     route.Key,
			AccountID:    g.accountID,
			Stage:        "$default",
			RequestID:    requestID,
			APIID:        g.apiID,
			DomainName:   r.Host,
			DomainPrefix: domainPrefix(r.Host),
			Time:         now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:    now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method:    r.Method,
				Path:      r.URL.EscapedPath(),
				Protocol:  r.Proto,
				SourceIP:  sourceIP,
				UserAgent: r.UserAgent(),
			},
		},
	}
	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type")) {
			event.Body = string(body)
		} else {
			event.Body = base64.StdEncoding.EncodeToString(body)
			event.IsBase64Encoded = true
		}
	}
	return event
}

// isText follows what HTTP API does: only text/*, JSON, XML and JavaScript arrive as text;
// everything else, form posts and a missing content type included, arrives base64-encoded.
func isText(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(media, "text/"):
		return true
	case media == "application/json", media == "application/xml", media == "application/javascript":
		return true
	}
	return false
}

// clientAddress returns the caller's IP and the port it called, as API Gateway reports them
// in sourceIp and x-forwarded-port.
func clientAddress(r *http.Request) (ip, port string) {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	if _, port, err = net.SplitHostPort(r.Host); err != nil {
		port = "80"
	}
	return ip, port
}

func domainPrefix(host string) string {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	prefix, _, _ := strings.Cut(h, ".")
	return prefix
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// writeResponse turns a function's response into HTTP as API Gateway does: headers, one
// Set-Cookie per cookie, and a base64 body decoded back to bytes.
func writeResponse(w http.ResponseWriter, res events.APIGatewayV2HTTPResponse) {
	if res.StatusCode == 0 {
		slog.Error("function returned no status code")
		writeMessage(w, http.StatusInternalServerError, "Internal Server Error")
		return
	}
	body := []byte(res.Body)
	if res.IsBase64Encoded {
		decoded, err := base64.StdEncoding.DecodeString(res.Body)
		if err != nil {
			slog.Error("function returned bad base64 body", "err", err)
			writeMessage(w, http.StatusInternalServerError, "Internal Server Error")
			return
		}
		body = decoded
	}
	names := make([]string, 0, len(res.Headers))
	for name := range res.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w.Header().Set(name, res.Headers[name])
	}
	for name, values := range res.MultiValueHeaders {
		for _, v := range values {
			w.Header().Add(name, v)
		}
	}
	for _, c := range res.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	if w.Header().Get("Content-Type") == "" && len(body) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(res.StatusCode)
	_, _ = io.Copy(w, bytes.NewReader(body))
}

// writeMessage answers with API Gateway's own error shape: {"message":"..."}.
func writeMessage(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(map[string]string{"message": message})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
