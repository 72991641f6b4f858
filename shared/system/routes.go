package system

import "strings"

// Auth says who may call a route.
type Auth int

const (
	// Public routes are open to anyone: consumers, shop platforms, health checks.
	// Webhook routes are public at the gateway and verified by signature in the function.
	Public Auth = iota
	// Marketer routes need a valid marketer token; API Gateway's JWT authorizer checks it in
	// the cloud and the local gateway checks it the same way.
	Marketer
)

// Route maps an API Gateway HTTP API route key to the function that serves it.
type Route struct {
	// Key is the route key exactly as API Gateway spells it: "METHOD /path/{param}".
	Key      string
	Function FunctionName
	Auth     Auth
}

// Method is the route key's HTTP method.
func (r Route) Method() string {
	method, _, _ := strings.Cut(r.Key, " ")
	return method
}

// Path is the route key's path template.
func (r Route) Path() string {
	_, path, _ := strings.Cut(r.Key, " ")
	return path
}

// Route keys that code dispatches on. Handlers switch on the event's RouteKey, so each key
// is spelled once, here.
const (
	RouteHealth       = "GET /healthz"
	RouteRedirect     = "GET /{code}"
	RouteRedirectHead = "HEAD /{code}"
	RouteWebhook      = "POST /webhooks/{platform}/{connection}"
	// RouteMe answers who the caller's token says they are.
	RouteMe = "GET /api/me"
)

// Routes is the route table of the HTTP API. API Gateway picks the most specific match
// (literal segments before {params}), so /healthz is never taken for a link code.
var Routes = []Route{
	{Key: RouteHealth, Function: API, Auth: Public},
	{Key: RouteRedirect, Function: Redirect, Auth: Public},
	{Key: RouteRedirectHead, Function: Redirect, Auth: Public},
	{Key: RouteWebhook, Function: Webhook, Auth: Public},
	{Key: RouteMe, Function: API, Auth: Marketer},
}

// ReservedPathSegments are first path segments that can never be a link code or vanity
// slug, because a route, the site, a well-known file or the sign-in endpoints (Cognito's
// hosted-UI paths, served locally by the local issuer) own them.
var ReservedPathSegments = []string{
	"api", "webhooks", "healthz", "assets", "static", "config.json", "index.html",
	"favicon.ico", "robots.txt", "sitemap.xml", ".well-known", "oauth2", "login", "logout",
	"signup", "callback", "forgotPassword", "confirmUser", "saml2",
}
