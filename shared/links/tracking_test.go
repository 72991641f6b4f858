package links

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

func TestResolveTrackingLayers(t *testing.T) {
	l := Link{Platform: "tiktok", CampaignSlug: "spring-26", CreatorHandle: "mia"}
	tests := []struct {
		name     string
		campaign Tracking
		override Tracking
		want     Tracking
	}{
		{name: "defaults", want: Tracking{Source: "tiktok", Medium: "influencer", Campaign: "spring-26", Content: "mia", ClickIDParam: "htclid"}},
		{name: "campaign settings", campaign: Tracking{Medium: "creator", ClickIDParam: "ref", Term: "shoes"},
			want: Tracking{Source: "tiktok", Medium: "creator", Campaign: "spring-26", Content: "mia", Term: "shoes", ClickIDParam: "ref"}},
		{name: "link overrides campaign", campaign: Tracking{Medium: "creator", Campaign: "x"}, override: Tracking{Campaign: "bio-link", Content: "story"},
			want: Tracking{Source: "tiktok", Medium: "creator", Campaign: "bio-link", Content: "story", ClickIDParam: "htclid"}},
		{name: "campaign switches UTM off", campaign: Tracking{NoUTM: true},
			want: Tracking{Source: "tiktok", Medium: "influencer", Campaign: "spring-26", Content: "mia", ClickIDParam: "htclid", NoUTM: true}},
		{name: "link switches UTM off", override: Tracking{NoUTM: true},
			want: Tracking{Source: "tiktok", Medium: "influencer", Campaign: "spring-26", Content: "mia", ClickIDParam: "htclid", NoUTM: true}},
	}
	for _, tt := range tests {
		if got := ResolveTracking(l, tt.campaign, tt.override); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestTargetMergesTrackingIntoDestination(t *testing.T) {
	std := Tracking{Source: "tiktok", Medium: "influencer", Campaign: "spring-26", Content: "mia", ClickIDParam: "htclid"}
	const utm = "utm_source=tiktok&utm_medium=influencer&utm_campaign=spring-26&utm_content=mia"
	tests := []struct {
		name        string
		destination string
		tracking    Tracking
		want        string // with click id "CID"
		wantPlain   string // without a click id (HEAD)
	}{
		{name: "bare", destination: "https://shop.example.com/spring", tracking: std,
			want: "https://shop.example.com/spring?" + utm + "&htclid=CID", wantPlain: "https://shop.example.com/spring?" + utm},
		{name: "existing query kept first and verbatim", destination: "https://shop.example.com/p?color=red&size=M%2FL", tracking: std,
			want: "https://shop.example.com/p?color=red&size=M%2FL&" + utm + "&htclid=CID"},
		{name: "fragment kept last", destination: "https://shop.example.com/p?a=1#reviews", tracking: std,
			want: "https://shop.example.com/p?a=1&" + utm + "&htclid=CID#reviews", wantPlain: "https://shop.example.com/p?a=1&" + utm + "#reviews"},
		{name: "fragment without query", destination: "https://shop.example.com/#/spa/route?x=1", tracking: std,
			want: "https://shop.example.com/?" + utm + "&htclid=CID#/spa/route?x=1"},
		{name: "empty query", destination: "https://shop.example.com/p?", tracking: std,
			want: "https://shop.example.com/p?" + utm + "&htclid=CID"},
		{name: "destination's utm wins", destination: "https://shop.example.com/?utm_source=newsletter&x=1", tracking: std,
			want: "https://shop.example.com/?utm_source=newsletter&x=1&utm_medium=influencer&utm_campaign=spring-26&utm_content=mia&htclid=CID"},
		{name: "destination's click id replaced", destination: "https://shop.example.com/?htclid=forged&x=1", tracking: std,
			want: "https://shop.example.com/?x=1&" + utm + "&htclid=CID"},
		{name: "values escaped", destination: "https://shop.example.com/",
			tracking: Tracking{Source: "tik tok", Content: "@mia&co", Campaign: "a=b", ClickIDParam: "htclid"},
			want:     "https://shop.example.com/?utm_source=tik+tok&utm_campaign=a%3Db&utm_content=%40mia%26co&htclid=CID"},
		{name: "no UTM", destination: "https://shop.example.com/?a=1", tracking: Tracking{Source: "tiktok", NoUTM: true, ClickIDParam: "ref"},
			want: "https://shop.example.com/?a=1&ref=CID", wantPlain: "https://shop.example.com/?a=1"},
		{name: "custom click id without params", destination: "https://shop.example.com/", tracking: Tracking{NoUTM: true, ClickIDParam: "ref_id"},
			want: "https://shop.example.com/?ref_id=CID", wantPlain: "https://shop.example.com/"},
		{name: "empty click id param uses default", destination: "https://shop.example.com/", tracking: Tracking{NoUTM: true},
			want: "https://shop.example.com/?htclid=CID"},
	}
	for _, tt := range tests {
		target := NewTarget(Link{Destination: tt.destination, Tracking: tt.tracking})
		if got := target.URL("CID"); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		if tt.wantPlain != "" {
			if got := target.URL(""); got != tt.wantPlain {
				t.Errorf("%s without click id:\n got %s\nwant %s", tt.name, got, tt.wantPlain)
			}
		}
		if _, err := url.Parse(target.URL("CID")); err != nil {
			t.Errorf("%s: result does not parse: %v", tt.name, err)
		}
	}
}

func TestNewCodeIsUniformOverTheAlphabet(t *testing.T) {
	code, err := NewCode(randomReader, CodeLength)
	if err != nil || len(code) != CodeLength || strings.Trim(code, CodeAlphabet) != "" {
		t.Fatalf("code %q, %v", code, err)
	}
	// Bytes at or above the largest multiple of the alphabet size are skipped, not folded.
	skip := bytes.Repeat([]byte{255}, 8)
	code, err = NewCode(bytes.NewReader(append(skip, make([]byte, 32)...)), 3)
	if err != nil || code != "222" {
		t.Fatalf("after biased bytes: %q, %v; want 222", code, err)
	}
	if _, err := NewCode(bytes.NewReader(nil), 7); err == nil {
		t.Fatal("no error when randomness runs out")
	}
	for _, c := range "0O1lI" {
		if strings.ContainsRune(CodeAlphabet, c) {
			t.Errorf("alphabet has confusable %q", c)
		}
	}
}
