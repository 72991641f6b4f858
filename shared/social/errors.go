package social

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind classifies a provider failure by what the caller should do about it.
type Kind int

// The kinds of provider failure.
const (
	// KindUnknown is any failure a client did not classify.
	KindUnknown Kind = iota
	// KindUnauthorized: the credential was rejected or lacks a scope (401, revoked token,
	// invalid API key). Retrying cannot help; the creator or workspace must re-authorise.
	KindUnauthorized
	// KindQuotaExhausted: the platform's daily quota is spent (YouTube 403 quotaExceeded).
	// The remaining items wait for the next run after ResetAt.
	KindQuotaExhausted
	// KindRateLimited: too many requests for now (429, Graph API codes 4/17/32/613).
	// Retry after RetryAfter, or with backoff when the platform gave no hint.
	KindRateLimited
	// KindTransient: an outage or timeout (5xx, connection reset, deadline). Retry with
	// backoff.
	KindTransient
	// KindNotFound: the post or profile does not exist or is not visible to this
	// credential (deleted, private). Permanent for this item.
	KindNotFound
	// KindMalformed: the platform answered 2xx with a body that does not parse as its
	// documented shape.
	KindMalformed
	// KindRejected: the platform refused the request itself (400 invalid parameter).
	// Permanent until the request changes.
	KindRejected
)

// Sentinel errors, one per Kind, for errors.Is. A *Error unwraps to the sentinel of its
// Kind, so errors.Is(err, social.ErrQuotaExhausted) works on any client's error.
var (
	ErrUnauthorized   = errors.New("credentials rejected")
	ErrQuotaExhausted = errors.New("quota exhausted")
	ErrRateLimited    = errors.New("rate limited")
	ErrTransient      = errors.New("transient failure")
	ErrNotFound       = errors.New("not found or not visible")
	ErrMalformed      = errors.New("malformed response")
	ErrRejected       = errors.New("request rejected")
	ErrUnknown        = errors.New("unclassified failure")
)

var sentinels = map[Kind]error{
	KindUnknown:        ErrUnknown,
	KindUnauthorized:   ErrUnauthorized,
	KindQuotaExhausted: ErrQuotaExhausted,
	KindRateLimited:    ErrRateLimited,
	KindTransient:      ErrTransient,
	KindNotFound:       ErrNotFound,
	KindMalformed:      ErrMalformed,
	KindRejected:       ErrRejected,
}

// String names the kind as the sentinel error does.
func (k Kind) String() string {
	if s, ok := sentinels[k]; ok {
		return s.Error()
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is a classified provider failure. Its message never contains a credential: clients
// put tokens and API keys in URLs, so transport errors are stripped of the URL before they
// are wrapped.
type Error struct {
	Kind     Kind
	Platform Platform
	// Op is the platform operation, e.g. "videos.list" or "POST /v2/video/query/".
	Op string
	// Status is the HTTP status, or 0 when no response arrived.
	Status int
	// Code is the platform's own error code or reason ("quotaExceeded",
	// "access_token_invalid", "190").
	Code    string
	Message string
	// RetryAfter is how long the platform asked us to wait (Retry-After header, Graph API
	// estimated_time_to_regain_access); 0 when it gave no hint.
	RetryAfter time.Duration
	// ResetAt is when an exhausted quota refills, when the platform's rules say so.
	ResetAt time.Time
	// Err is the underlying cause (a transport or decoding error), if any.
	Err error
}

// Error describes the failure: platform, operation, kind, and the platform's code and
// message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Platform))
	if e.Op != "" {
		b.WriteString(" ")
		b.WriteString(e.Op)
	}
	b.WriteString(": ")
	b.WriteString(e.Kind.String())
	var detail []string
	if e.Status != 0 {
		detail = append(detail, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Code != "" {
		detail = append(detail, e.Code)
	}
	if e.RetryAfter > 0 {
		detail = append(detail, "retry after "+e.RetryAfter.String())
	}
	if len(detail) > 0 {
		b.WriteString(" (" + strings.Join(detail, ", ") + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap exposes both the Kind's sentinel and the underlying cause, so errors.Is matches
// social.ErrTransient as well as context.DeadlineExceeded.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{sentinels[e.Kind]}
	}
	return []error{sentinels[e.Kind], e.Err}
}

// KindOf returns the Kind of the first *Error in err's chain, or KindUnknown.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// RetryAfterOf returns the wait the platform asked for, or 0.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// Retryable reports whether the same call may succeed later in this run: rate limits and
// transient failures.
func Retryable(err error) bool {
	switch KindOf(err) {
	case KindRateLimited, KindTransient:
		return true
	}
	return false
}
