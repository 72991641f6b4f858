package disclosure

import (
	"slices"
	"testing"
)

func TestHashtags(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Loving these shoes #Ad #trail", []string{"#ad", "#trail"}},
		{"#AD. Also #ad again", []string{"#ad"}},
		{"#adventure time, #ad_campaign", []string{"#adventure", "#ad_campaign"}},
		{"see https://shop.example/page#ad and foo#sponsored", nil},
		{"it&#39;s great", nil},
		{"#1 fan #2024", nil},
		{"(#sponsored) [#Partner]", []string{"#sponsored", "#partner"}},
		{"##ad", []string{"#ad"}},
		{"＃ad full width", []string{"#ad"}},
		{"#Werbung #Anzeige", []string{"#werbung", "#anzeige"}},
		{"#ad\n#sponsored", []string{"#ad", "#sponsored"}},
		{"#", nil},
	}
	for _, tc := range cases {
		if got := Hashtags(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("Hashtags(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{"ad": "#ad", " #AD ": "#ad", "＃Sponsored": "#sponsored", "#": "", "two words": "", "#ad!": ""}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	yes, no := true, false
	std := Requirement{AnyOf: DefaultAnyOf}
	cases := []struct {
		name      string
		caption   string
		req       Requirement
		label     *bool
		disclosed bool
		found     []string
		missAll   []string
		missAny   bool
		byLabel   bool
	}{
		{"tagged", "Best run of the year #ad", std, nil, true, []string{"#ad"}, nil, false, false},
		{"case and punctuation", "Thanks @northpeak! #Sponsored.", std, nil, true, []string{"#sponsored"}, nil, false, false},
		{"adventure is not ad", "Pure #adventure today", std, nil, false, nil, nil, true, false},
		{"no caption", "", std, nil, false, nil, nil, true, false},
		{"label accepted", "New gear day", Requirement{AnyOf: DefaultAnyOf, AcceptPlatformLabel: true}, &yes, true, nil, nil, false, true},
		{"label not accepted", "New gear day", std, &yes, false, nil, nil, true, false},
		{"label false", "New gear day", Requirement{AnyOf: DefaultAnyOf, AcceptPlatformLabel: true}, &no, false, nil, nil, true, false},
		{"campaign tag required too", "#ad climbing", Requirement{AnyOf: DefaultAnyOf, AllOf: []string{"NorthPeakChallenge"}}, nil,
			false, []string{"#ad"}, []string{"#northpeakchallenge"}, false, false},
		{"both present", "#NorthPeakChallenge accepted! #ad", Requirement{AnyOf: DefaultAnyOf, AllOf: []string{"#northpeakchallenge"}}, nil,
			true, []string{"#ad", "#northpeakchallenge"}, nil, false, false},
		{"only all-of", "#NorthPeakChallenge", Requirement{AllOf: []string{"#NorthPeakChallenge"}}, nil, true, []string{"#northpeakchallenge"}, nil, false, false},
		{"nothing required", "anything", Requirement{}, nil, true, nil, nil, false, false},
		{"blank requirement entries ignored", "hello", Requirement{AnyOf: []string{" ", "#"}}, nil, true, nil, nil, false, false},
	}
	for _, tc := range cases {
		got := Check(tc.caption, tc.req, tc.label)
		if got.Disclosed != tc.disclosed || !slices.Equal(got.Found, tc.found) || !slices.Equal(got.MissingAll, tc.missAll) ||
			got.MissingAnyOf != tc.missAny || got.ByLabel != tc.byLabel || got.PlatformLabel != tc.label {
			t.Errorf("%s: %+v", tc.name, got)
		}
	}
}
