// Package disclosure checks whether a sponsored post says it is sponsored: the campaign's
// required hashtags in the caption, or the platform's own paid-partnership label where the
// campaign accepts it (FTC guidance and platform rules ask for one or the other).
//
// Hashtags match whole and case-insensitively, the way platforms read them: "#Ad" and
// "#AD." are "#ad", but "#adventure", "#ad_campaign" and "page#ad" (inside a word or URL)
// are not.
package disclosure

import (
	"strings"
	"unicode"
)

// DefaultAnyOf is the disclosure most campaigns accept: any one of these tags.
var DefaultAnyOf = []string{"#ad", "#sponsored", "#partner", "#paidpartnership"}

// Requirement is what a campaign asks every tracked post to carry.
type Requirement struct {
	// AnyOf: at least one of these tags must appear (e.g. #ad, #sponsored).
	AnyOf []string
	// AllOf: every one of these must appear (e.g. the brand's challenge hashtag).
	AllOf []string
	// AcceptPlatformLabel lets the platform's paid-partnership label stand in for AnyOf.
	AcceptPlatformLabel bool
}

// Result is the verdict for one caption. The job stores it with the time it checked.
type Result struct {
	// Disclosed is true when every AllOf tag and the AnyOf condition are met.
	Disclosed bool
	// Found lists the required tags present, normalised ("#ad"), in requirement order.
	Found []string
	// MissingAll lists the AllOf tags absent.
	MissingAll []string
	// MissingAnyOf is true when none of AnyOf appears and no accepted label stands in.
	MissingAnyOf bool
	// ByLabel is true when the platform label satisfied AnyOf without a tag.
	ByLabel bool
	// PlatformLabel is the platform's paid-partnership flag as pulled (nil: not exposed).
	PlatformLabel *bool
}

// Check reads caption against req; label is the platform's paid-partnership flag, or nil
// when the platform does not expose it.
func Check(caption string, req Requirement, label *bool) Result {
	tags := Hashtags(caption)
	has := func(want string) bool {
		for _, t := range tags {
			if strings.EqualFold(t, want) {
				return true
			}
		}
		return false
	}
	res := Result{PlatformLabel: label}
	anyFound := false
	for _, w := range req.AnyOf {
		w = Normalize(w)
		if w != "" && has(w) {
			res.Found = appendUnique(res.Found, w)
			anyFound = true
		}
	}
	for _, w := range req.AllOf {
		w = Normalize(w)
		if w == "" {
			continue
		}
		if has(w) {
			res.Found = appendUnique(res.Found, w)
		} else {
			res.MissingAll = appendUnique(res.MissingAll, w)
		}
	}
	anyOK := len(nonEmpty(req.AnyOf)) == 0 || anyFound
	if !anyOK && req.AcceptPlatformLabel && label != nil && *label {
		anyOK, res.ByLabel = true, true
	}
	res.MissingAnyOf = !anyOK
	res.Disclosed = anyOK && len(res.MissingAll) == 0
	return res
}

// Normalize turns "Ad", " #AD " or "＃ad" into "#ad". It returns "" for text that is not a
// single hashtag.
func Normalize(tag string) string {
	tag = strings.TrimSpace(tag)
	tag = strings.TrimPrefix(strings.TrimPrefix(tag, "#"), "＃")
	if tag == "" {
		return ""
	}
	for _, r := range tag {
		if !tagRune(r) {
			return ""
		}
	}
	return "#" + strings.ToLower(tag)
}

// Hashtags returns the caption's hashtags, lower-cased, in order of first appearance. A
// hashtag starts with # (or the full-width ＃ some keyboards type) at the start of the text
// or after a character that cannot be part of a word, and runs over letters, digits,
// combining marks and underscores; it must hold at least one letter, as on the platforms.
func Hashtags(text string) []string {
	var out []string
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		if runes[i] != '#' && runes[i] != '＃' {
			continue
		}
		if i > 0 && (tagRune(runes[i-1]) || runes[i-1] == '&') {
			// Inside a word, a URL fragment or an HTML entity such as &#39;.
			continue
		}
		j := i + 1
		letter := false
		for j < len(runes) && tagRune(runes[j]) {
			letter = letter || unicode.IsLetter(runes[j])
			j++
		}
		if letter {
			out = appendUnique(out, "#"+strings.ToLower(string(runes[i+1:j])))
		}
		i = j - 1
	}
	return out
}

func tagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func appendUnique(xs []string, x string) []string {
	for _, v := range xs {
		if v == x {
			return xs
		}
	}
	return append(xs, x)
}

func nonEmpty(tags []string) []string {
	var out []string
	for _, t := range tags {
		if Normalize(t) != "" {
			out = append(out, t)
		}
	}
	return out
}
