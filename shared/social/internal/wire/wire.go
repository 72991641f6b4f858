// Package wire holds the HTTP plumbing the social clients share: sending a request, reading
// a bounded body, turning transport failures into classified errors without leaking the
// credentials that sit in request URLs, and reading Retry-After.
package wire

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hypetrack/hypetrack/shared/social"
)

// MaxBody caps how much of a response is read. The largest documented answer (50 videos
// with snippets) is a few hundred KB; anything past this is not a platform response.
const MaxBody = 8 << 20

// DefaultTimeout bounds one request when the caller supplies no http.Client.
const DefaultTimeout = 20 * time.Second

// MaxConnsPerHost is how many idle connections a client keeps to one platform host. The
// standard transport keeps 2, which at the puller's concurrency would close and re-handshake
// most connections after every request.
const MaxConnsPerHost = 32

// NewHTTPClient returns the client a platform client uses unless given one: the standard
// transport's settings with more idle connections per host, and DefaultTimeout per request.
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = MaxConnsPerHost
	return &http.Client{Transport: t, Timeout: DefaultTimeout}
}

// Response is a fully read HTTP response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends req and reads the whole body. A failure to send or to read is a transient
// *social.Error (timeouts included) whose cause keeps errors.Is working for
// context.DeadlineExceeded, but whose message carries no URL: API keys and access tokens
// travel in the query string.
func Do(client *http.Client, req *http.Request, platform social.Platform, op string) (Response, error) {
	resp, err := client.Do(req)
	if err != nil {
		return Response{}, &social.Error{Kind: social.KindTransient, Platform: platform, Op: op, Err: stripURL(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return Response{}, &social.Error{Kind: social.KindTransient, Platform: platform, Op: op, Status: resp.StatusCode,
			Err: fmt.Errorf("read body: %w", stripURL(err))}
	}
	if len(body) > MaxBody {
		return Response{}, &social.Error{Kind: social.KindMalformed, Platform: platform, Op: op, Status: resp.StatusCode,
			Message: fmt.Sprintf("body larger than %d bytes", MaxBody)}
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// stripURL drops the *url.Error layer, whose message repeats the request URL.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// RetryAfter reads a Retry-After header given as seconds or as an HTTP date; 0 when absent
// or unreadable.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// StatusKind classifies a failed HTTP status when the body named no better reason.
func StatusKind(status int) social.Kind {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return social.KindUnauthorized
	case status == http.StatusNotFound || status == http.StatusGone:
		return social.KindNotFound
	case status == http.StatusTooManyRequests:
		return social.KindRateLimited
	case status == http.StatusRequestTimeout || status >= 500:
		return social.KindTransient
	case status >= 400:
		return social.KindRejected
	}
	return social.KindUnknown
}

// Snippet returns the start of a body for an error message, valid UTF-8 and short enough to
// log.
func Snippet(body []byte) string {
	const n = 160
	if len(body) > n {
		body = body[:n]
		for !utf8.Valid(body) && len(body) > 0 {
			body = body[:len(body)-1]
		}
		return string(body) + "…"
	}
	return string(body)
}

// Malformed builds the error for a 2xx body that does not decode as documented.
func Malformed(platform social.Platform, op string, status int, body []byte, err error) error {
	return &social.Error{Kind: social.KindMalformed, Platform: platform, Op: op, Status: status,
		Message: fmt.Sprintf("body %q", Snippet(body)), Err: err}
}

// Int64 decodes a count sent either as a JSON number or as a decimal string: YouTube sends
// statistics as strings ("viewCount": "48"), the other platforms as numbers.
type Int64 struct {
	Value int64
	Set   bool
}

// UnmarshalJSON accepts 12, "12" and null.
func (n *Int64) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*n = Int64{}
		return nil
	}
	s = strings.Trim(s, `"`)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// A float-shaped integer ("12.0") is still a count; anything else is not.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("count %s is not an integer", b)
		}
		v = int64(f)
	}
	*n = Int64{Value: v, Set: true}
	return nil
}

// Count converts to a social.Count.
func (n Int64) Count() social.Count {
	if !n.Set {
		return social.Count{}
	}
	return social.Known(n.Value)
}
