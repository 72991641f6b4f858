package links

import (
	"net/url"
	"strings"
)

// DefaultClickIDParam names the query parameter that carries the click id to the brand's
// page, so that an order placed there can be attributed to the click.
const DefaultClickIDParam = "htclid"

// DefaultMedium is utm_medium unless a campaign or link says otherwise.
const DefaultMedium = "influencer"

// Tracking is the set of parameters added to a destination at redirect time. In a
// campaign's settings or a link's override an empty field means "inherit"; on a Link's
// resolved Tracking every field holds the value used.
type Tracking struct {
	Source   string
	Medium   string
	Campaign string
	Content  string
	Term     string
	// ClickIDParam names the click id parameter.
	ClickIDParam string
	// NoUTM leaves out every utm_ parameter (the click id is still added). It is set by
	// either the campaign or the link; neither can switch it back on for the other.
	NoUTM bool
}

// maxTrackingValue caps each parameter value.
const maxTrackingValue = 200

// ResolveTracking computes a link's parameters: the defaults (utm_source is the creator's
// platform, utm_medium "influencer", utm_campaign the campaign's slug, utm_content the
// creator's handle, click id parameter "htclid"), then the campaign's settings, then the
// link's override, field by field.
func ResolveTracking(l Link, campaign, override Tracking) Tracking {
	t := Tracking{
		Source:       l.Platform,
		Medium:       DefaultMedium,
		Campaign:     l.CampaignSlug,
		Content:      l.CreatorHandle,
		ClickIDParam: DefaultClickIDParam,
	}
	for _, layer := range []Tracking{campaign, override} {
		t.Source = pick(layer.Source, t.Source)
		t.Medium = pick(layer.Medium, t.Medium)
		t.Campaign = pick(layer.Campaign, t.Campaign)
		t.Content = pick(layer.Content, t.Content)
		t.Term = pick(layer.Term, t.Term)
		t.ClickIDParam = pick(layer.ClickIDParam, t.ClickIDParam)
		t.NoUTM = t.NoUTM || layer.NoUTM
	}
	return t
}

func pick(v, fallback string) string {
	if v != "" {
		return v
	}
	return fallback
}

// validateTracking checks settings given by a marketer.
func validateTracking(e *ValidationError, prefix string, t Tracking) {
	for name, v := range map[string]string{"source": t.Source, "medium": t.Medium, "campaign": t.Campaign, "content": t.Content, "term": t.Term} {
		if len(v) > maxTrackingValue {
			e.add(prefix+"."+name, CodeTooLong, "Use at most 200 characters.")
		}
	}
	p := t.ClickIDParam
	switch {
	case p == "":
	case len(p) > 32 || strings.ContainsFunc(p, func(r rune) bool { return r != '_' && r != '-' && !isAlnum(r) }):
		e.add(prefix+".clickIdParam", CodeInvalid, "Use up to 32 letters, digits, '_' or '-'.")
	case strings.HasPrefix(strings.ToLower(p), "utm_"):
		e.add(prefix+".clickIdParam", CodeInvalid, "The click id parameter cannot be a utm_ parameter.")
	}
}

// Target is a link's destination prepared for the redirect: the tracking parameters are
// merged in once, when the link is loaded, so that a click only appends its id.
type Target struct {
	// withID ends in "<param>=" (the click id follows), plain has no click id; both
	// without the fragment, which fragment holds ("#..." or "").
	withID   string
	plain    string
	fragment string
}

// NewTarget merges l.Tracking into l.Destination. The destination's own query parameters
// and fragment are kept byte for byte; a utm_ parameter the destination already sets wins
// over ours (the marketer typed it on purpose), while a click id parameter already present
// is replaced, because only ours identifies a recorded click.
func NewTarget(l Link) Target {
	rest, fragment, hasFragment := strings.Cut(l.Destination, "#")
	base, query, _ := strings.Cut(rest, "?")
	t := l.Tracking
	param := pick(t.ClickIDParam, DefaultClickIDParam)

	var kept []string
	present := map[string]bool{}
	for _, pair := range strings.Split(query, "&") {
		if pair == "" {
			continue
		}
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if key == param {
			continue
		}
		present[key] = true
		kept = append(kept, pair)
	}
	if !t.NoUTM {
		for _, p := range [...]struct{ key, value string }{
			{"utm_source", t.Source}, {"utm_medium", t.Medium}, {"utm_campaign", t.Campaign},
			{"utm_content", t.Content}, {"utm_term", t.Term},
		} {
			if p.value != "" && !present[p.key] {
				kept = append(kept, p.key+"="+url.QueryEscape(p.value))
			}
		}
	}
	plain := base
	if len(kept) > 0 {
		plain += "?" + strings.Join(kept, "&")
	}
	sep := "?"
	if len(kept) > 0 {
		sep = "&"
	}
	out := Target{withID: plain + sep + url.QueryEscape(param) + "=", plain: plain}
	if hasFragment {
		out.fragment = "#" + fragment
	}
	return out
}

// URL returns where a click goes: the destination with tracking parameters and, when
// clickID is not empty, the click id.
func (t Target) URL(clickID string) string {
	if clickID == "" {
		return t.plain + t.fragment
	}
	return t.withID + clickID + t.fragment
}
