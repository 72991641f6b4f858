// Package ids makes identifiers: random, URL-safe and unguessable, so that an id in a URL
// reveals nothing about how many others exist.
package ids

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

var encoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// New returns a 16-character identifier carrying 80 random bits.
func New() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms.
	return encoding.EncodeToString(b)
}

// Valid reports whether s could be an identifier made by New; handlers check path
// parameters with it before building keys from them.
func Valid(s string) bool {
	if len(s) != 16 {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz234567") == ""
}
