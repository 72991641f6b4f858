package social

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	tiktokID  = regexp.MustCompile(`^[0-9]{8,25}$`)
)

// ErrInstagramPermalink says an Instagram permalink cannot name a post for the Graph API:
// the API addresses media by media id, which the creator's authorised account lists
// (GET /<ig-user-id>/media returns id and permalink side by side).
var ErrInstagramPermalink = errors.New("instagram permalinks carry a shortcode, not the media id the Graph API needs; map it through the creator's media list")

// ParsePostURL turns a post link a marketer pastes into the platform and the id its API
// takes. It understands YouTube watch, short-link, Shorts and embed URLs and TikTok
// video URLs.
func ParsePostURL(raw string) (Platform, string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", "", fmt.Errorf("parse post url %q: %w", raw, err)
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	switch host {
	case "youtube.com", "music.youtube.com":
		var id string
		switch {
		case len(segs) == 1 && segs[0] == "watch":
			id = u.Query().Get("v")
		case len(segs) >= 2 && (segs[0] == "shorts" || segs[0] == "embed" || segs[0] == "live"):
			id = segs[1]
		}
		if youtubeID.MatchString(id) {
			return YouTube, id, nil
		}
	case "youtu.be":
		if len(segs) >= 1 && youtubeID.MatchString(segs[0]) {
			return YouTube, segs[0], nil
		}
	case "tiktok.com":
		// https://www.tiktok.com/@handle/video/7234567890123456789
		for i := 0; i+1 < len(segs); i++ {
			if (segs[i] == "video" || segs[i] == "photo") && tiktokID.MatchString(segs[i+1]) {
				return TikTok, segs[i+1], nil
			}
		}
	case "instagram.com":
		return Instagram, "", fmt.Errorf("parse post url %q: %w", raw, ErrInstagramPermalink)
	}
	return "", "", fmt.Errorf("parse post url %q: not a YouTube or TikTok post link", raw)
}
