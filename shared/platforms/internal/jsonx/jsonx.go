// Package jsonx decodes the loosely typed JSON values shop platforms send without going
// through float64: Shopify order ids exceed 2^53 and would lose digits, and a price read
// as a float is no longer the price the shop stated.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Literal is a JSON string or number kept as its exact text; null decodes to "".
type Literal string

// UnmarshalJSON keeps a number's literal digits and a string's contents.
func (l *Literal) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*l = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = Literal(s)
		return nil
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		// encoding/json has already checked the number's syntax; an exponent is refused
		// because no platform writes ids or prices that way.
		if bytes.ContainsAny(b, "eE") {
			return fmt.Errorf("number %s in exponent form", b)
		}
		*l = Literal(b)
		return nil
	}
	return fmt.Errorf("want a string or a number, got %s", truncate(b))
}

// Ref is an expandable reference: an id string, an object whose "id" is taken, or null.
// Stripe sends ids unless a field was expanded.
type Ref string

// UnmarshalJSON reads an id or an expanded object's id.
func (r *Ref) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*r = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = Ref(s)
		return nil
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			return err
		}
		*r = Ref(obj.ID)
		return nil
	}
	return errors.New("want an id or an object with an id")
}

func truncate(b []byte) []byte {
	if len(b) > 32 {
		return append(b[:32:32], "..."...)
	}
	return b
}
