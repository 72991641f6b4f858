// Package webhook is the contract between the webhook function and the shop platforms:
// one Platform interface that verifies a delivery's signature on the raw body and
// parses it into an orders.Event, the errors the handler maps to HTTP statuses, and the
// body size limit.
//
// The handler's order is fixed: size check, Verify, Parse, store. Verify runs before any
// parsing so that nothing from an unauthenticated body is trusted, and before any write.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/orders"
)

// MaxBodyBytes is the largest webhook body accepted; larger bodies get 413 before any
// verification. A Shopify order with a few hundred line items stays well below it.
const MaxBodyBytes = 1 << 20

// DefaultClickParam is the query or attribute name the redirect uses for the click id.
const DefaultClickParam = "htclid"

// DefaultTolerance is how far a Stripe-Signature timestamp may be from now; it is
// Stripe's own default and bounds how long a captured delivery can be replayed.
const DefaultTolerance = 300 * time.Second

// Headers is read access to a delivery's HTTP headers by case-insensitive name.
// http.Header satisfies it, and HeaderMap adapts API Gateway's header map.
type Headers interface {
	Get(name string) string
}

// HeaderMap adapts the header map of an API Gateway HTTP API event, whose names arrive in
// lower case, to Headers.
type HeaderMap map[string]string

// Get returns the header called name in any letter case, or "".
func (h HeaderMap) Get(name string) string {
	if v, ok := h[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// Platform verifies and parses one shop platform's webhooks.
type Platform interface {
	// Name is the platform's {platform} path segment.
	Name() orders.Platform
	// Verify checks the delivery's signature over the raw body with the connection's
	// secret, at time now (Stripe's timestamp tolerance). It returns nil for an authentic
	// delivery and for WooCommerce's unsigned creation ping, an error that matches
	// ErrUnauthorized otherwise, or ErrTooLarge.
	Verify(h Headers, body []byte, secret string, now time.Time) error
	// Parse turns a verified delivery into an event. Unused topics come back as
	// orders.Ignored and pings as orders.Ping, both without error; malformed bodies and
	// missing required fields give an error that matches ErrMalformed.
	Parse(h Headers, body []byte) (orders.Event, error)
}

// Errors the handler maps to statuses with Status.
var (
	// ErrUnauthorized matches every signature failure: answer 401.
	ErrUnauthorized = errors.New("webhook signature not valid")
	// ErrMalformed matches every unreadable or incomplete payload: answer 400.
	ErrMalformed = errors.New("webhook payload malformed")
	// ErrTooLarge is a body above MaxBodyBytes: answer 413.
	ErrTooLarge = errors.New("webhook body too large")
)

// SignatureError says why a delivery's signature was rejected. The reason is for logs;
// the platform only ever sees 401.
type SignatureError struct {
	// Reason says what failed, without secrets.
	Reason string
}

// Error describes the rejection.
func (e *SignatureError) Error() string { return "webhook signature: " + e.Reason }

// Is makes every SignatureError match ErrUnauthorized.
func (e *SignatureError) Is(target error) bool { return target == ErrUnauthorized }

// PayloadError says which part of a payload could not be read.
type PayloadError struct {
	// Field is the JSON field or header at fault.
	Field string
	// Reason says what is wrong with it.
	Reason string
	// Err is the underlying error, if any.
	Err error
}

// Error describes the fault, naming the field.
func (e *PayloadError) Error() string {
	msg := "webhook payload: " + e.Field + ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *PayloadError) Unwrap() error { return e.Err }

// Is makes every PayloadError match ErrMalformed.
func (e *PayloadError) Is(target error) bool { return target == ErrMalformed }

// Malformed returns a PayloadError for field.
func Malformed(field, reason string, err error) error {
	return &PayloadError{Field: field, Reason: reason, Err: err}
}

// Status maps an error from Verify or Parse to the HTTP status the platform gets: 401,
// 400, 413, or 500 for anything unexpected, which makes the platform retry.
func Status(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, ErrMalformed):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// CheckSize returns ErrTooLarge for a body above MaxBodyBytes.
func CheckSize(body []byte) error {
	if len(body) > MaxBodyBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(body), MaxBodyBytes)
	}
	return nil
}

// VerifyBase64HMAC checks a header holding base64(HMAC-SHA256(secret, body)), the scheme
// Shopify and WooCommerce share, comparing in constant time. name is the header's name
// for the error.
func VerifyBase64HMAC(name, header string, body []byte, secret string) error {
	if header == "" {
		return &SignatureError{Reason: "missing " + name}
	}
	if secret == "" {
		return &SignatureError{Reason: "no secret configured for the connection"}
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	if err != nil || len(got) != sha256.Size {
		return &SignatureError{Reason: name + " is not a base64 SHA-256 digest"}
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), got) {
		return &SignatureError{Reason: name + " does not match the body"}
	}
	return nil
}

// Settings are the choices a platform parser is built with.
type Settings struct {
	// ClickParam is the name the click id travels under.
	ClickParam string
	// Tolerance bounds a signed timestamp's distance from now (Stripe).
	Tolerance time.Duration
}

// Option changes Settings.
type Option func(*Settings)

// WithClickParam sets the click id's parameter name; empty keeps the default.
func WithClickParam(name string) Option {
	return func(s *Settings) {
		if name != "" {
			s.ClickParam = name
		}
	}
}

// WithTolerance sets the signed-timestamp tolerance; zero or negative keeps the default.
func WithTolerance(d time.Duration) Option {
	return func(s *Settings) {
		if d > 0 {
			s.Tolerance = d
		}
	}
}

// NewSettings applies opts to the defaults.
func NewSettings(opts ...Option) Settings {
	s := Settings{ClickParam: DefaultClickParam, Tolerance: DefaultTolerance}
	for _, o := range opts {
		o(&s)
	}
	return s
}
