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
	// PublicReason says why a Public route needs no token and what protects it instead.
	// Every Public route has one; a security reviewer reads it next to the route.
	PublicReason string
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
)

// Routes is the route table of the HTTP API. API Gateway picks the most specific match
// (literal segments before {params}), so /healthz is never taken for a link code and
// /creators/export never for a creator id.
var Routes = append([]Route{
	{Key: RouteHealth, Function: API, Auth: Public,
		PublicReason: "Health check for uptime monitors; it returns a fixed status and no data."},
	{Key: RouteRedirect, Function: Redirect, Auth: Public, PublicReason: linkReason},
	{Key: RouteRedirectHead, Function: Redirect, Auth: Public, PublicReason: linkReason},
	{Key: RouteWebhook, Function: Webhook, Auth: Public,
		PublicReason: "Shop platforms cannot send our tokens; every delivery is verified by the " +
			"platform's HMAC signature with the connection's secret before anything is stored, " +
			"and rejected deliveries are counted and alarmed on."},
}, marketerRoutes(APIRoutes)...)

func marketerRoutes(keys []string) []Route {
	routes := make([]Route, len(keys))
	for i, k := range keys {
		routes[i] = Route{Key: k, Function: API, Auth: Marketer}
	}
	return routes
}

// linkReason is why tracking links are public: they are the product's public surface.
const linkReason = "Tracking links are followed by anonymous consumers; the route only redirects " +
	"to a destination the marketer configured and records a click, and reveals nothing else."

// ReservedPathSegments are first path segments that can never be a link code or vanity
// slug, because a route, the site or a well-known file owns them.
var ReservedPathSegments = []string{
	"api", "webhooks", "healthz", "assets", "static", "config.json", "index.html",
	"favicon.ico", "robots.txt", "sitemap.xml", ".well-known", "oauth2", "login", "logout",
	"signup", "callback", "forgotPassword", "confirmUser", "saml2", "auth",
}
