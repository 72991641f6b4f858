package wire

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{" 2 ", 2 * time.Second},
		{"-5", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tc := range cases {
		h := http.Header{}
		if tc.header != "" {
			h.Set("Retry-After", tc.header)
		}
		if got := RetryAfter(h, now); got != tc.want {
			t.Errorf("RetryAfter(%q) = %v, want %v", tc.header, got, tc.want)
		}
	}
}

func TestInt64(t *testing.T) {
	cases := []struct {
		in   string
		want Int64
		err  bool
	}{
		{`"48"`, Int64{48, true}, false},
		{`48`, Int64{48, true}, false},
		{`48.0`, Int64{48, true}, false},
		{`null`, Int64{}, false},
		{`"4.5"`, Int64{}, true},
		{`"many"`, Int64{}, true},
	}
	for _, tc := range cases {
		var got Int64
		err := json.Unmarshal([]byte(tc.in), &got)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("Int64(%s) = %+v, %v", tc.in, got, err)
		}
	}
	if (Int64{}).Count().Valid || (Int64{7, true}).Count() != social.Known(7) {
		t.Error("Count conversion")
	}
}

func TestStatusKind(t *testing.T) {
	cases := map[int]social.Kind{401: social.KindUnauthorized, 403: social.KindUnauthorized, 404: social.KindNotFound,
		429: social.KindRateLimited, 500: social.KindTransient, 502: social.KindTransient, 408: social.KindTransient,
		400: social.KindRejected, 200: social.KindUnknown}
	for status, want := range cases {
		if got := StatusKind(status); got != want {
			t.Errorf("StatusKind(%d) = %v, want %v", status, got, want)
		}
	}
}

func TestDoStripsURLFromTransportErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	url := srv.URL + "/videos?key=SECRET"
	srv.Close()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	_, err := Do(http.DefaultClient, req, social.YouTube, "videos.list")
	if !errors.Is(err, social.ErrTransient) {
		t.Fatalf("a refused connection is transient, got %v", err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error leaks the query string: %v", err)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("é", 200)
	s := Snippet([]byte(long))
	if !strings.HasSuffix(s, "…") || len(s) > 170 || !strings.HasPrefix(long, strings.TrimSuffix(s, "…")) {
		t.Errorf("snippet %q", s)
	}
	if Snippet([]byte("ok")) != "ok" {
		t.Error("short bodies stay whole")
	}
}
