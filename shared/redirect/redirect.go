// Package redirect is the redirect function's handler: a consumer taps a tracking link and
// lands on the brand's page. It is the product's hot path, so it stays short: look the
// link up (cached), tell bot from human, record the click, answer 302.
package redirect

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/links"
)

// DefaultRetention is how long raw clicks are kept (then DynamoDB's TTL deletes them):
// over a year, so that a campaign can be compared with the same season a year before.
const DefaultRetention = 400 * 24 * time.Hour

// ClickRecorder records a click; it never fails the redirect.
type ClickRecorder interface {
	Record(ctx context.Context, c links.Click)
}

// Handler answers GET and HEAD /{code}.
type Handler struct {
	cache         *linkCache
	recorder      ClickRecorder
	visitors      *VisitorKeys
	agents        *agents
	now           func() time.Time
	defaultDomain string
	customDomains map[string]bool
	retention     time.Duration
}

// Option configures a Handler.
type Option func(*Handler)

// WithClock replaces time.Now, for tests of expiry and caching.
func WithClock(now func() time.Time) Option {
	return func(h *Handler) { h.now, h.cache.now = now, now }
}

// WithCacheTTL sets how long a link and an unknown code stay cached.
func WithCacheTTL(link, notFound time.Duration) Option {
	return func(h *Handler) { h.cache.ttl, h.cache.notFoundTTL = link, notFound }
}

// WithDomains sets the default short-link domain, which serves every request whose host
// is not one of the custom domains (the API Gateway host, localhost), and the brands'
// custom short domains, which serve their own links.
func WithDomains(defaultDomain string, custom ...string) Option {
	return func(h *Handler) {
		h.defaultDomain = strings.ToLower(defaultDomain)
		for _, d := range custom {
			h.customDomains[strings.ToLower(d)] = true
		}
	}
}

// WithRetention sets how long raw clicks are kept.
func WithRetention(d time.Duration) Option { return func(h *Handler) { h.retention = d } }

// New builds the handler on a link reader, a click recorder and the visitor keys.
func New(r links.Reader, rec ClickRecorder, visitors *VisitorKeys, opts ...Option) *Handler {
	h := &Handler{
		cache:         newLinkCache(r, time.Now),
		recorder:      rec,
		visitors:      visitors,
		agents:        newAgents(),
		now:           time.Now,
		defaultDomain: links.DefaultDomain,
		customDomains: map[string]bool{},
		retention:     DefaultRetention,
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Handle is the Lambda entry point. Nothing in the request but the host and the code
// decides where the consumer goes: query parameters and headers never reach the Location.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	code := req.PathParameters["code"]
	if !plausibleCode(code) {
		return page(http.StatusNotFound, notFoundPage), nil
	}
	domain := h.domain(req.Headers["host"])
	found, err := h.cache.lookup(ctx, domain, code)
	now := h.now()
	switch {
	case err != nil:
		// An outage must never look like a dead link: tell the browser to come back.
		slog.Error("redirect lookup failed", "link", domain+"/"+code, "err", err)
		res := page(http.StatusServiceUnavailable, unavailablePage)
		res.Headers["retry-after"] = "5"
		return res, nil
	case !found.found:
		return page(http.StatusNotFound, notFoundPage), nil
	case !found.link.Live(now):
		return page(http.StatusGone, gonePage(found.link.BrandURL)), nil
	}
	if req.RequestContext.HTTP.Method == http.MethodHead {
		// Unfurlers send HEADs by the handful: same answer, never counted, so no click id.
		return redirectTo(found.target.URL("")), nil
	}
	click := h.click(req, found.link, now)
	h.recorder.Record(ctx, click)
	return redirectTo(found.target.URL(click.ID)), nil
}

// click describes one GET of a live link.
func (h *Handler) click(req events.APIGatewayV2HTTPRequest, l links.Link, now time.Time) links.Click {
	ua := req.Headers["user-agent"]
	a := h.agents.classify(ua)
	return links.Click{
		ID:           newClickID(),
		At:           now,
		Domain:       l.Domain,
		Code:         l.Code,
		WorkspaceID:  l.WorkspaceID,
		CampaignID:   l.CampaignID,
		MembershipID: l.MembershipID,
		Bot:          a.bot,
		Country:      country(req.Headers["cloudfront-viewer-country"]),
		Device:       a.device,
		OS:           a.os,
		Referrer:     referrerHost(req.Headers["referer"]),
		VisitorKey:   h.visitors.Key(now, req.RequestContext.HTTP.SourceIP, ua),
		ExpiresAt:    now.Add(h.retention),
	}
}

func (h *Handler) domain(host string) string {
	if d := links.NormalizeHost(host); h.customDomains[d] {
		return d
	}
	return h.defaultDomain
}

func redirectTo(location string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusFound,
		Headers: map[string]string{
			"location": location,
			// Every tap must reach us to be counted: no browser or proxy may replay it.
			"cache-control": "private, no-store",
			// The brand sees which site sent the visitor (tiktok.com), never the page or
			// profile path, which can identify the person.
			"referrer-policy": "strict-origin-when-cross-origin",
		},
	}
}

func page(status int, html string) events.APIGatewayV2HTTPResponse {
	res := httpapi.HTML(status, html)
	res.Headers["cache-control"] = "no-store"
	return res
}

// plausibleCode rejects what no link can be called before it costs a read.
func plausibleCode(code string) bool {
	if code == "" || len(code) > 64 || links.Reserved(code) {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// newClickID returns 128 random bits, base64url-encoded (22 characters).
func newClickID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on Linux (getrandom)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// country keeps a viewer-country header only if it looks like an ISO 3166-1 alpha-2 code.
func country(v string) string {
	if len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' {
		return v
	}
	return ""
}

// referrerHost returns the Referer's host without "www." and port, or "" when absent.
func referrerHost(ref string) string {
	_, rest, ok := strings.Cut(ref, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.Contains(rest[i:], "]") {
		rest = rest[:i]
	}
	rest = strings.TrimPrefix(strings.ToLower(rest), "www.")
	if len(rest) > 253 {
		return ""
	}
	return rest
}
