// Package intake is the webhook function's handler: shop platforms POST order and refund
// events to /webhooks/{platform}/{connection}. It verifies each delivery on its raw body,
// parses it, and stores it once in the inbox before answering 200; everything else happens
// later, in the orders function. The platform gets a 5xx only when the event could not be
// stored, and then retries; every 4xx leaves the inbox untouched.
package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/platforms"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// Time bounds. Shopify gives up 5 s after it connected, and the function's own timeout is
// 4 s: the store gets Budget in all, SDK retries included, so that a slow store is
// answered with a 503 the platform retries instead of a timeout it counts as a failure.
const (
	// Budget bounds the store and secret work of one delivery.
	Budget = 2500 * time.Millisecond
	// StoreAttempts is the SDK's attempts per request for the webhook function.
	StoreAttempts = 3
	// StoreAttemptTimeout bounds one HTTP attempt to DynamoDB.
	StoreAttemptTimeout = 800 * time.Millisecond
	// StoreMaxBackoff caps the pause between attempts, so that every attempt fits the budget.
	StoreMaxBackoff = 150 * time.Millisecond
)

// secretTTL is how long a warm container keeps a connection and its opened secret:
// long enough to spare a KMS call and a read on most deliveries, short enough that a
// disabled connection or a rotated secret takes effect within a minute.
const secretTTL = time.Minute

// Connections finds a connection by the id in the webhook URL.
type Connections interface {
	Connection(ctx context.Context, id string) (connections.Connection, error)
}

// Secrets opens a connection's signing secret (connections.Service does).
type Secrets interface {
	Secret(ctx context.Context, c connections.Connection) ([]byte, error)
}

// Deps are what the handler works with; the table provides all but Secrets.
type Deps struct {
	Connections Connections
	Secrets     Secrets
	Inbox       inbox.Store
	Notes       inbox.Notes
}

// Handler answers POST /webhooks/{platform}/{connection}.
type Handler struct {
	platforms *platforms.Registry
	conns     Connections
	secrets   Secrets
	inbox     inbox.Store
	notes     inbox.Notes
	now       func() time.Time
	budget    time.Duration

	mu    sync.Mutex
	cache map[string]cachedConnection
}

type cachedConnection struct {
	conn    connections.Connection
	secret  string
	expires time.Time
}

// Option changes a Handler.
type Option func(*Handler)

// WithClock sets the handler's clock (Stripe's timestamp tolerance is checked against it).
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// WithBudget changes the time bound of the store work.
func WithBudget(d time.Duration) Option { return func(h *Handler) { h.budget = d } }

// New builds the handler.
func New(d Deps, opts ...Option) *Handler {
	h := &Handler{platforms: platforms.New(), conns: d.Connections, secrets: d.Secrets, inbox: d.Inbox, notes: d.Notes, now: time.Now,
		budget: Budget, cache: map[string]cachedConnection{}}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Answer is the JSON body of a 200.
type Answer struct {
	// Status is accepted, duplicate or ignored.
	Status string `json:"status"`
	// Key is the event's idempotency key, when it has one.
	Key string `json:"key,omitempty"`
}

// Handle is the Lambda entry point.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	body, err := httpapi.Body(req)
	if err != nil {
		return problem(http.StatusBadRequest, "malformed-body", "The body is marked base64 but does not decode."), nil
	}
	if err := webhook.CheckSize(body); err != nil {
		return problem(http.StatusRequestEntityTooLarge, "body-too-large", "Webhook bodies are accepted up to 1 MiB."), nil
	}
	platform, ok := h.platforms.Lookup(req.PathParameters["platform"])
	if !ok {
		return problem(http.StatusNotFound, "unknown-platform", "Webhooks are accepted from shopify, woocommerce and stripe."), nil
	}
	ctx, cancel := context.WithTimeout(ctx, h.budget)
	defer cancel()

	id := req.PathParameters["connection"]
	conn, secret, err := h.connection(ctx, id)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return problem(http.StatusNotFound, "unknown-connection", "No active "+string(platform.Name())+" connection "+id+"."), nil
	case err != nil:
		return h.unavailable(ctx, "load connection", id, err), nil
	}
	if conn.Disabled || conn.Platform != string(platform.Name()) {
		return problem(http.StatusNotFound, "unknown-connection", "No active "+string(platform.Name())+" connection "+id+"."), nil
	}

	headers := webhook.HeaderMap(req.Headers)
	now := h.now()
	if err := platform.Verify(headers, body, secret, now); err != nil {
		status := webhook.Status(err)
		if status == http.StatusUnauthorized {
			slog.WarnContext(ctx, system.LogWebhookSignatureRejected, "platform", platform.Name(), "connection", id, "reason", err.Error())
		}
		h.reject(ctx, conn, headers, status, err)
		return problem(status, "signature-rejected", "The signature does not match the body and the connection's secret."), nil
	}
	ev, err := platform.Parse(headers, body)
	if err != nil {
		status := webhook.Status(err)
		h.reject(ctx, conn, headers, status, err)
		return problem(status, "malformed-payload", err.Error()), nil
	}
	if !ev.Kind.Storable() {
		// A WooCommerce ping or a topic we do not use: answered so the platform keeps the
		// subscription healthy, and nothing is stored.
		return httpapi.JSON(http.StatusOK, Answer{Status: "ignored"}), nil
	}
	ev.ConnectionID = conn.ID
	d := inbox.New(ev, conn.WorkspaceID, headers, body, now, inbox.FromWebhook)
	accepted, err := h.inbox.Accept(ctx, d)
	switch {
	case errors.Is(err, inbox.ErrTooLarge):
		h.reject(ctx, conn, headers, http.StatusRequestEntityTooLarge, err)
		return problem(http.StatusRequestEntityTooLarge, "body-too-large", "The body is too large to store even compressed."), nil
	case err != nil:
		return h.unavailable(ctx, "store delivery", id, err), nil
	case !accepted:
		if nerr := h.notes.NoteDuplicate(ctx, conn.WorkspaceID, conn.ID, d.Key, now); nerr != nil {
			slog.WarnContext(ctx, "note duplicate webhook", "connection", id, "err", nerr)
		}
		return httpapi.JSON(http.StatusOK, Answer{Status: "duplicate", Key: d.Key}), nil
	}
	return httpapi.JSON(http.StatusOK, Answer{Status: "accepted", Key: d.Key}), nil
}

// connection returns an active connection and its opened secret, from the warm
// container's cache when it is fresh.
func (h *Handler) connection(ctx context.Context, id string) (connections.Connection, string, error) {
	if !ids.Valid(id) {
		return connections.Connection{}, "", fmt.Errorf("connection %q: %w", id, apperr.ErrNotFound)
	}
	now := h.now()
	h.mu.Lock()
	c, ok := h.cache[id]
	h.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.conn, c.secret, nil
	}
	conn, err := h.conns.Connection(ctx, id)
	if err != nil {
		return connections.Connection{}, "", err
	}
	var secret string
	if !conn.Disabled {
		raw, err := h.secrets.Secret(ctx, conn)
		if err != nil {
			return connections.Connection{}, "", fmt.Errorf("open secret of %s: %w", id, err)
		}
		secret = string(raw)
	}
	h.mu.Lock()
	h.cache[id] = cachedConnection{conn: conn, secret: secret, expires: now.Add(secretTTL)}
	h.mu.Unlock()
	return conn, secret, nil
}

// reject keeps a refused delivery's reason on its connection, never its body.
func (h *Handler) reject(ctx context.Context, conn connections.Connection, headers webhook.HeaderMap, status int, cause error) {
	topic := headers.Get("X-Shopify-Topic")
	if topic == "" {
		topic = headers.Get("X-WC-Webhook-Topic")
	}
	if len(topic) > 64 {
		topic = topic[:64]
	}
	reason := cause.Error()
	if len(reason) > 300 {
		reason = reason[:300]
	}
	r := inbox.Rejection{At: h.now().UTC(), Status: status, Reason: reason, Topic: strings.TrimSpace(topic)}
	if err := h.notes.NoteRejection(ctx, conn.WorkspaceID, conn.ID, r); err != nil {
		slog.WarnContext(ctx, "note rejected webhook", "connection", conn.ID, "err", err)
	}
}

// unavailable answers a failure to read or store: 503 with Retry-After when the store was
// busy, slow or out of reach, 500 for anything else. Every platform retries both.
func (h *Handler) unavailable(ctx context.Context, what, id string, err error) events.APIGatewayV2HTTPResponse {
	slog.ErrorContext(ctx, "webhook not stored", "step", what, "connection", id, "err", err)
	if errors.Is(err, apperr.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return httpapi.Problem(httpapi.Unavailable(1))
	}
	return httpapi.Problem(httpapi.Internal())
}

func problem(status int, code, detail string) events.APIGatewayV2HTTPResponse {
	return httpapi.Problem(httpapi.NewProblem(status, code, detail))
}
