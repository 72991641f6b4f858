// Package validate collects what is wrong with an input, field by field, so a client can
// show each message next to the field that caused it. Domain packages use it; the API turns
// an *Error into an RFC 9457 problem.
package validate

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// FieldError says what is wrong with one field.
type FieldError struct {
	// Field is the JSON path of the field, such as "goal.target".
	Field string `json:"field"`
	// Code is machine-readable: required, too-long, out-of-range, not-allowed, invalid.
	Code string `json:"code"`
	// Message is for people.
	Message string `json:"message"`
}

// Error is a rejected input: one or more field errors.
type Error struct {
	Fields []FieldError
}

// Error lists the fields.
func (e *Error) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Errors accumulates field errors. The zero value is ready to use.
type Errors struct {
	fields []FieldError
}

// Add records a problem with field.
func (e *Errors) Add(field, code, format string, args ...any) {
	e.fields = append(e.fields, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was recorded, else an *Error.
func (e *Errors) Err() error {
	if len(e.fields) == 0 {
		return nil
	}
	return &Error{Fields: e.fields}
}

// Required records a missing or blank string.
func (e *Errors) Required(field, value string) bool {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "required", "is required")
		return false
	}
	return true
}

// MaxLen records a string longer than max characters.
func (e *Errors) MaxLen(field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		e.Add(field, "too-long", "must be at most %d characters", max)
	}
}

// Text checks a required, bounded, single-line name.
func (e *Errors) Text(field, value string, max int) {
	if e.Required(field, value) {
		e.MaxLen(field, value, max)
		if strings.ContainsAny(value, "\r\n\x00") {
			e.Add(field, "invalid", "must be a single line")
		}
	}
}

// OneOf records a value outside allowed.
func (e *Errors) OneOf(field, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	e.Add(field, "not-allowed", "must be one of %s", strings.Join(allowed, ", "))
}

// Range records a number outside [min, max].
func (e *Errors) Range(field string, value, min, max float64) {
	if value < min || value > max {
		e.Add(field, "out-of-range", "must be between %g and %g", min, max)
	}
}

// Email records a malformed e-mail address.
func (e *Errors) Email(field, value string) {
	if !e.Required(field, value) {
		return
	}
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value {
		e.Add(field, "invalid", "must be an e-mail address like name@example.com")
	}
}

// Date parses an ISO date (2006-01-02), recording a problem if it is not one.
func (e *Errors) Date(field, value string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, value)
	if err != nil {
		e.Add(field, "invalid", "must be a date like 2026-03-31")
		return time.Time{}, false
	}
	return t, true
}
