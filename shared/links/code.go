package links

import (
	"crypto/rand"
	"fmt"
	"io"
)

// CodeAlphabet is the alphabet of generated codes: URL-safe, and without the characters
// people confuse when they copy a code from a video (0/O, 1/l/I).
const CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// CodeLength is the length of generated codes: 57^7 ≈ 2·10^12 codes, so a collision is
// rare long before the conditional write has to catch one.
const CodeLength = 7

// NewCode returns a random code of n characters read from r (crypto/rand.Reader in
// production). Bytes that would bias the draw are rejected rather than folded, so every
// code is equally likely.
func NewCode(r io.Reader, n int) (string, error) {
	const limit = 256 - 256%len(CodeAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+8)
	for len(out) < n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("read randomness for a link code: %w", err)
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, CodeAlphabet[int(b)%len(CodeAlphabet)])
			if len(out) == n {
				break
			}
		}
	}
	return string(out), nil
}

// randomReader is where codes come from unless a test injects its own.
var randomReader io.Reader = rand.Reader
