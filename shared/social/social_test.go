package social

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCountJSON(t *testing.T) {
	cases := []struct {
		in   Count
		json string
	}{
		{Known(42), "42"},
		{Known(0), "0"},
		{Count{}, "null"},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.in)
		if err != nil || string(b) != tc.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.in, b, err, tc.json)
		}
		var back Count
		if err := json.Unmarshal(b, &back); err != nil || back != tc.in {
			t.Errorf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	if err := json.Unmarshal([]byte(`"x"`), new(Count)); err == nil {
		t.Error("a string is not a count")
	}
}

func TestSumsAndAverages(t *testing.T) {
	cases := []struct {
		name string
		in   []Count
		want Count
	}{
		{"all known", []Count{Known(1), Known(2), Known(3)}, Known(6)},
		{"missing shares", []Count{Known(10), Known(5), {}}, Known(15)},
		{"all missing", []Count{{}, {}}, Count{}},
		{"known zero", []Count{Known(0), {}}, Known(0)},
	}
	for _, tc := range cases {
		if got := SumCounts(tc.in...); got != tc.want {
			t.Errorf("%s: SumCounts = %v, want %v", tc.name, got, tc.want)
		}
	}
	p := Profile{RecentPosts: 3, RecentViews: Known(1000), RecentInteractions: Count{}}
	if p.AvgViews() != Known(333) || p.AvgInteractions().Valid {
		t.Errorf("averages %v %v", p.AvgViews(), p.AvgInteractions())
	}
	if (Profile{RecentViews: Known(5)}).AvgViews().Valid {
		t.Error("an average over no posts is no data")
	}
	post := Post{Likes: Known(3), Comments: Known(2)}
	if post.Interactions() != Known(5) {
		t.Errorf("interactions %v", post.Interactions())
	}
}

func TestChunk(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e"}
	got := Chunk(ids, 2)
	want := [][]string{{"a", "b"}, {"c", "d"}, {"e"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Chunk = %v", got)
	}
	got[0] = append(got[0], "x")
	if ids[2] != "c" {
		t.Error("appending to a chunk must not overwrite the next one")
	}
	if Chunk(nil, 3) != nil {
		t.Error("no ids, no chunks")
	}
}

func TestParsePostURL(t *testing.T) {
	cases := []struct {
		url      string
		platform Platform
		id       string
		err      bool
	}{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10s", YouTube, "dQw4w9WgXcQ", false},
		{"https://youtu.be/dQw4w9WgXcQ?si=abc", YouTube, "dQw4w9WgXcQ", false},
		{"https://m.youtube.com/shorts/aBcDeFgHiJk", YouTube, "aBcDeFgHiJk", false},
		{" https://www.tiktok.com/@lena.trails/video/7334455667788990011?lang=en ", TikTok, "7334455667788990011", false},
		{"https://www.youtube.com/watch?v=short", "", "", true},
		{"https://www.instagram.com/reel/C4xYz12AbCd/", Instagram, "", true},
		{"https://example.com/watch?v=dQw4w9WgXcQ", "", "", true},
		{"://bad", "", "", true},
	}
	for _, tc := range cases {
		p, id, err := ParsePostURL(tc.url)
		if (err != nil) != tc.err || p != tc.platform || id != tc.id {
			t.Errorf("ParsePostURL(%q) = %q, %q, %v", tc.url, p, id, err)
		}
	}
	if _, _, err := ParsePostURL("https://www.instagram.com/p/C4xYz12AbCd/"); !errors.Is(err, ErrInstagramPermalink) {
		t.Errorf("instagram permalink error %v", err)
	}
}

func TestErrorClassification(t *testing.T) {
	cause := fmt.Errorf("dial: %w", context.DeadlineExceeded)
	e := &Error{Kind: KindTransient, Platform: TikTok, Op: "POST /v2/video/query/", Err: cause}
	wrapped := fmt.Errorf("pull batch: %w", e)
	if !errors.Is(wrapped, ErrTransient) || !errors.Is(wrapped, context.DeadlineExceeded) || errors.Is(wrapped, ErrRateLimited) {
		t.Error("a transient error matches its sentinel and its cause, nothing else")
	}
	if KindOf(wrapped) != KindTransient || !Retryable(wrapped) {
		t.Error("KindOf/Retryable through wrapping")
	}
	rl := &Error{Kind: KindRateLimited, Platform: Instagram, Op: "GET media", Status: 400, Code: "4", RetryAfter: 90 * time.Second, Message: "Application request limit reached"}
	if RetryAfterOf(rl) != 90*time.Second || !Retryable(rl) {
		t.Error("rate limit carries its wait")
	}
	msg := rl.Error()
	for _, part := range []string{"instagram", "GET media", "rate limited", "HTTP 400", "4", "retry after 1m30s", "Application request limit reached"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q lacks %q", msg, part)
		}
	}
	for _, k := range []Kind{KindUnauthorized, KindQuotaExhausted, KindNotFound, KindMalformed, KindRejected, KindUnknown} {
		if Retryable(&Error{Kind: k}) {
			t.Errorf("%v must not be retried within a run", k)
		}
	}
	if KindOf(errors.New("plain")) != KindUnknown || RetryAfterOf(nil) != 0 {
		t.Error("plain errors are unknown")
	}
}
