package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, http.StatusOK},
		{&SignatureError{Reason: "x"}, http.StatusUnauthorized},
		{fmt.Errorf("shopify: %w", &SignatureError{Reason: "x"}), http.StatusUnauthorized},
		{Malformed("id", "missing", nil), http.StatusBadRequest},
		{fmt.Errorf("parse: %w", Malformed("total", "bad", errors.New("syntax"))), http.StatusBadRequest},
		{CheckSize(make([]byte, MaxBodyBytes+1)), http.StatusRequestEntityTooLarge},
		{errors.New("store down"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	if err := CheckSize(make([]byte, MaxBodyBytes)); err != nil {
		t.Errorf("a body of exactly MaxBodyBytes is refused: %v", err)
	}
}

func TestPayloadErrorUnwraps(t *testing.T) {
	cause := errors.New("cause")
	err := Malformed("created_at", "not a time", cause)
	if !errors.Is(err, cause) || !errors.Is(err, ErrMalformed) {
		t.Errorf("%v should match both its cause and ErrMalformed", err)
	}
	if !strings.Contains(err.Error(), "created_at") {
		t.Errorf("error %q does not name the field", err)
	}
}

func TestVerifyBase64HMAC(t *testing.T) {
	body := []byte(`{"id":1}`)
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write(body)
	good := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	tests := []struct {
		name   string
		header string
		body   []byte
		secret string
		ok     bool
	}{
		{"valid", good, body, "s3cret", true},
		{"valid with surrounding space", " " + good + " ", body, "s3cret", true},
		{"tampered body", good, []byte(`{"id":2}`), "s3cret", false},
		{"wrong secret", good, body, "other", false},
		{"missing header", "", body, "s3cret", false},
		{"no secret configured", good, body, "", false},
		{"not base64", "%%%", body, "s3cret", false},
		{"short digest", base64.StdEncoding.EncodeToString([]byte("short")), body, "s3cret", false},
	}
	for _, tt := range tests {
		err := VerifyBase64HMAC("X-Sig", tt.header, tt.body, tt.secret)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%s: %v does not match ErrUnauthorized", tt.name, err)
		}
	}
}

func TestHeaderMap(t *testing.T) {
	h := HeaderMap{"x-shopify-topic": "orders/create", "Stripe-Signature": "t=1"}
	if got := h.Get("X-Shopify-Topic"); got != "orders/create" {
		t.Errorf("lower-case key: %q", got)
	}
	if got := h.Get("stripe-signature"); got != "t=1" {
		t.Errorf("mixed-case key: %q", got)
	}
	if got := h.Get("absent"); got != "" {
		t.Errorf("absent key: %q", got)
	}
	var _ Headers = http.Header{}
}

func TestSettings(t *testing.T) {
	s := NewSettings()
	if s.ClickParam != DefaultClickParam || s.Tolerance != DefaultTolerance {
		t.Errorf("defaults = %+v", s)
	}
	s = NewSettings(WithClickParam("ref"), WithTolerance(time.Minute))
	if s.ClickParam != "ref" || s.Tolerance != time.Minute {
		t.Errorf("options = %+v", s)
	}
	s = NewSettings(WithClickParam(""), WithTolerance(0))
	if s.ClickParam != DefaultClickParam || s.Tolerance != DefaultTolerance {
		t.Errorf("empty options should keep defaults: %+v", s)
	}
}
