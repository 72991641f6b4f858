package redirect

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"
)

// VisitorKeys turns a visitor's IP address and User-Agent into a key that identifies them
// for one UTC day and nowhere else, so unique visitors can be counted without storing an
// IP address. The day's salt is derived from a secret that never leaves the function;
// yesterday's keys cannot be linked to today's, and without the secret no key can be
// traced back to an address.
type VisitorKeys struct {
	secret []byte
	mu     sync.Mutex
	day    string
	salt   []byte
}

// NewVisitorKeys builds keys on a secret of at least 32 bytes.
func NewVisitorKeys(secret []byte) *VisitorKeys {
	return &VisitorKeys{secret: append([]byte(nil), secret...)}
}

// daySalt derives the salt of at's UTC day: HMAC-SHA256(secret, "visitor-salt:" + day).
func (v *VisitorKeys) daySalt(at time.Time) []byte {
	day := at.UTC().Format(time.DateOnly)
	v.mu.Lock()
	defer v.mu.Unlock()
	if day != v.day {
		mac := hmac.New(sha256.New, v.secret)
		mac.Write([]byte("visitor-salt:" + day))
		v.day, v.salt = day, mac.Sum(nil)
	}
	return v.salt
}

// Key returns the visitor key of ip and userAgent at time at: the first 96 bits of
// SHA-256(salt ‖ ip ‖ 0 ‖ userAgent), base64url-encoded. The salt is secret and changes
// daily, which is what makes the hash unlinkable; a plain hash suffices on top of it.
func (v *VisitorKeys) Key(at time.Time, ip, userAgent string) string {
	salt := v.daySalt(at)
	var buf [512]byte
	msg := append(append(append(append(buf[:0], salt...), ip...), 0), userAgent...)
	sum := sha256.Sum256(msg)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}
