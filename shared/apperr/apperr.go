// Package apperr names the kinds of failure the product reports to its clients. Domain
// packages wrap one of these sentinels with context; the API maps each kind to one HTTP
// status in one place.
package apperr

import "errors"

var (
	// ErrNotFound: the thing does not exist, or the caller may not know it exists.
	ErrNotFound = errors.New("not found")
	// ErrForbidden: the caller is known here but their role does not allow this.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict: the request clashes with existing state (a code or slug already taken).
	ErrConflict = errors.New("conflict")
	// ErrStale: the caller updated from an old version; reload and retry.
	ErrStale = errors.New("stale version")
	// ErrUnavailable: a dependency is briefly unavailable; retry later.
	ErrUnavailable = errors.New("temporarily unavailable")
)

// Conflict is an ErrConflict whose message is written for the client.
type Conflict struct{ Msg string }

// Error returns the message.
func (c *Conflict) Error() string { return c.Msg }

// Is makes errors.Is(err, ErrConflict) hold.
func (c *Conflict) Is(target error) bool { return target == ErrConflict }
