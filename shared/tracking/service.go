package tracking

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/disclosure"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/youtube"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Store is what tracking needs from storage.
type Store interface {
	// TrackPost writes a new post, or a stopped one tracked again, with its index entries.
	// A post already tracked is a conflict.
	TrackPost(ctx context.Context, p Post, targets []Target) error
	Post(ctx context.Context, workspaceID, campaignID, creatorID, id string) (Post, error)
	// Posts lists a campaign's tracked posts, or one creator's when creatorID is set.
	Posts(ctx context.Context, workspaceID, campaignID, creatorID string) ([]Post, error)
	// StopPost saves p (stopped) and drops its index entry.
	StopPost(ctx context.Context, p Post) error
	PostSnapshots(ctx context.Context, p Post, r Range) (Page[Snapshot], error)

	TrackHashtag(ctx context.Context, h Hashtag, target Target) error
	Hashtag(ctx context.Context, workspaceID, campaignID, id string) (Hashtag, error)
	Hashtags(ctx context.Context, workspaceID, campaignID string) ([]Hashtag, error)
	StopHashtag(ctx context.Context, h Hashtag) error
	HashtagSnapshots(ctx context.Context, h Hashtag, r Range) (Page[HashtagSnapshot], error)

	// PutAccount connects (or reconnects) a creator's account; the job's figures on an
	// account connected before are kept.
	PutAccount(ctx context.Context, a Account) error
	Account(ctx context.Context, workspaceID, creatorID string, p social.Platform) (Account, error)
	Accounts(ctx context.Context, workspaceID, creatorID string) ([]Account, error)
	DeleteAccount(ctx context.Context, a Account) error
	ProfileSnapshots(ctx context.Context, a Account, r Range) (Page[ProfileSnapshot], error)

	PutCredential(ctx context.Context, c Credential) error
	Credentials(ctx context.Context, workspaceID string) ([]Credential, error)
	DeleteCredential(ctx context.Context, c Credential) error
}

// Range selects part of a time series: snapshots taken in [From, To], after the cursor,
// oldest first, at most Limit.
type Range struct {
	From, To time.Time
	// After is the cursor: the time of the last snapshot of the previous page.
	After time.Time
	Limit int
}

// Range limits.
const (
	DefaultLimit = 500
	MaxLimit     = 2000
)

// Page is one page of a time series; Next, when set, is the cursor of the next page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// ParseRange reads from, to (RFC 3339 times or dates), after (a cursor) and limit from a
// query string.
func ParseRange(q map[string]string) (Range, error) {
	var v validate.Errors
	r := Range{Limit: DefaultLimit}
	parse := func(field string) time.Time {
		raw := q[field]
		if raw == "" {
			return time.Time{}
		}
		if t, err := time.Parse(time.RFC3339, raw); err == nil {
			return t.UTC()
		}
		if t, err := time.Parse(time.DateOnly, raw); err == nil {
			if field == "to" {
				return t.Add(24*time.Hour - time.Second)
			}
			return t
		}
		v.Add(field, "invalid", "must be a time such as 2026-03-31T12:00:00Z or a date such as 2026-03-31")
		return time.Time{}
	}
	r.From, r.To, r.After = parse("from"), parse("to"), parse("after")
	if raw := q["limit"]; raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxLimit {
			v.Add("limit", "out-of-range", "must be between 1 and %d", MaxLimit)
		}
		r.Limit = n
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		v.Add("to", "out-of-range", "must not be before from")
	}
	return r, v.Err()
}

// Service tracks posts and hashtags and keeps the social credentials the job reads with.
type Service struct {
	store  Store
	sealer secrets.Sealer
	now    func() time.Time
}

// NewService builds the service; sealer seals credentials before they are stored.
func NewService(s Store, sealer secrets.Sealer) *Service {
	return &Service{store: s, sealer: sealer, now: time.Now}
}

// PostInput names a post to track: a link the marketer pastes, or the platform and the
// post's id (Instagram links carry a shortcode, so Instagram needs the media id).
type PostInput struct {
	URL      string `json:"url"`
	Platform string `json:"platform"`
	PostID   string `json:"postId"`
}

// TrackPost starts tracking a post of member in campaign c. A post tracked before and
// stopped is tracked again with its history.
func (s *Service) TrackPost(ctx context.Context, c campaigns.Campaign, m campaigns.Member, in PostInput, by string) (Post, error) {
	platform, postID, link, err := parsePost(c, m, in)
	if err != nil {
		return Post{}, err
	}
	id := ItemID(platform, postID)
	p, err := s.store.Post(ctx, c.WorkspaceID, c.ID, m.CreatorID, id)
	switch {
	case err == nil && p.StoppedAt == nil:
		return Post{}, &apperr.Conflict{Msg: fmt.Sprintf("This %s post is tracked for the creator already.", platform)}
	case err == nil:
		p.StoppedAt = nil
	case errors.Is(err, apperr.ErrNotFound):
		p = Post{ID: id, WorkspaceID: c.WorkspaceID, CampaignID: c.ID, CreatorID: m.CreatorID, Platform: platform,
			PostID: postID, AddedAt: s.now().UTC(), AddedBy: by}
	default:
		return Post{}, err
	}
	p.URL = link
	until, _ := Window(c)
	if err := s.store.TrackPost(ctx, p, PostTargets(p, until)); err != nil {
		return Post{}, fmt.Errorf("track %s in %s: %w", id, c.ID, err)
	}
	return p, nil
}

func parsePost(c campaigns.Campaign, m campaigns.Member, in PostInput) (social.Platform, string, string, error) {
	var v validate.Errors
	if c.Status == "archived" {
		v.Add("campaign", "archived", "an archived campaign is read-only")
	}
	if m.Archived {
		v.Add("creatorId", "removed", "the creator was removed from this campaign")
	}
	in.URL, in.Platform, in.PostID = strings.TrimSpace(in.URL), strings.ToLower(strings.TrimSpace(in.Platform)), strings.TrimSpace(in.PostID)
	platform, postID, link := social.Platform(in.Platform), in.PostID, in.URL
	switch {
	case in.URL == "" && in.PostID == "":
		v.Add("url", "required", "send the post's link, or its platform and postId")
	case in.URL != "" && len(in.URL) > 2048:
		v.Add("url", "too-long", "must be at most 2048 characters")
	case in.URL != "":
		p, id, err := social.ParsePostURL(in.URL)
		switch {
		case errors.Is(err, social.ErrInstagramPermalink):
			if in.PostID == "" {
				v.Add("postId", "required", "Instagram links do not carry the media id the Graph API needs; send platform instagram and the media id as postId")
			}
			p = social.Instagram
		case err != nil:
			v.Add("url", "invalid", "must be a YouTube, TikTok or Instagram post link")
		case in.PostID != "" && in.PostID != id:
			v.Add("postId", "mismatch", "the link names post %s", id)
		default:
			postID = id
		}
		if in.Platform != "" && p != "" && social.Platform(in.Platform) != p {
			v.Add("platform", "mismatch", "the link is a %s link", p)
		}
		if p != "" {
			platform = p
		}
	}
	if err := v.Err(); err != nil {
		return "", "", "", err
	}
	v.OneOf("platform", string(platform), Platforms...)
	if err := v.Err(); err != nil {
		return "", "", "", err
	}
	if !ValidPostID(platform, postID) {
		v.Add("postId", "invalid", "is not a %s post id", platform)
		return "", "", "", v.Err()
	}
	if link == "" || platform == social.Instagram && !instagramLink(link) {
		link = canonicalURL(platform, postID, m.Handles[string(platform)])
	}
	return platform, postID, link, nil
}

func instagramLink(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https" && strings.TrimPrefix(u.Hostname(), "www.") == "instagram.com"
}

// canonicalURL is a link to the post when the marketer sent none.
func canonicalURL(p social.Platform, id, handle string) string {
	switch p {
	case social.YouTube:
		return "https://www.youtube.com/watch?v=" + id
	case social.TikTok:
		if handle != "" {
			return "https://www.tiktok.com/@" + url.PathEscape(handle) + "/video/" + id
		}
		return "https://www.tiktok.com/video/" + id
	}
	return ""
}

// Posts lists a campaign's tracked posts, or one creator's when creatorID is set; stopped
// posts only when asked.
func (s *Service) Posts(ctx context.Context, workspaceID, campaignID, creatorID string, withStopped bool) ([]Post, error) {
	if creatorID != "" && !ids.Valid(creatorID) {
		return []Post{}, nil
	}
	all, err := s.store.Posts(ctx, workspaceID, campaignID, creatorID)
	if err != nil {
		return nil, err
	}
	out := make([]Post, 0, len(all))
	for _, p := range all {
		if withStopped || p.StoppedAt == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// Post reads one tracked post.
func (s *Service) Post(ctx context.Context, workspaceID, campaignID, creatorID, id string) (Post, error) {
	if _, _, ok := ParseItemID(id); !ok || !ids.Valid(creatorID) || !ids.Valid(campaignID) {
		return Post{}, fmt.Errorf("tracked post %q: %w", id, apperr.ErrNotFound)
	}
	return s.store.Post(ctx, workspaceID, campaignID, creatorID, id)
}

// StopPost stops pulling a post; what was pulled stays readable.
func (s *Service) StopPost(ctx context.Context, p Post) (Post, error) {
	if p.StoppedAt != nil {
		return p, nil
	}
	now := s.now().UTC()
	p.StoppedAt = &now
	if err := s.store.StopPost(ctx, p); err != nil {
		return Post{}, fmt.Errorf("stop %s: %w", p.ID, err)
	}
	return p, nil
}

// PostSeries reads a post's snapshots.
func (s *Service) PostSeries(ctx context.Context, p Post, r Range) (Page[Snapshot], error) {
	return s.store.PostSnapshots(ctx, p, r)
}

// HashtagInput names a hashtag a campaign tracks on a platform.
type HashtagInput struct {
	Platform string `json:"platform"`
	Tag      string `json:"tag"`
}

// HashtagPlatforms are the platforms whose provider reads hashtags: Instagram's hashtag
// search. YouTube's search costs 100 quota units a call and TikTok offers hashtag data
// only through its Research API, so neither is offered.
var HashtagPlatforms = []string{string(social.Instagram)}

// TrackHashtag starts tracking a hashtag for campaign c.
func (s *Service) TrackHashtag(ctx context.Context, c campaigns.Campaign, in HashtagInput, by string) (Hashtag, error) {
	var v validate.Errors
	if c.Status == "archived" {
		v.Add("campaign", "archived", "an archived campaign is read-only")
	}
	platform := strings.ToLower(strings.TrimSpace(in.Platform))
	v.OneOf("platform", platform, HashtagPlatforms...)
	tag := disclosure.Normalize(in.Tag)
	if tag == "" || len(tag) > 101 {
		v.Add("tag", "invalid", "must be one hashtag such as #trailchallenge")
	}
	if err := v.Err(); err != nil {
		return Hashtag{}, err
	}
	id := ItemID(social.Platform(platform), strings.TrimPrefix(tag, "#"))
	h, err := s.store.Hashtag(ctx, c.WorkspaceID, c.ID, id)
	switch {
	case err == nil && h.StoppedAt == nil:
		return Hashtag{}, &apperr.Conflict{Msg: fmt.Sprintf("The campaign tracks %s on %s already.", tag, platform)}
	case err == nil:
		h.StoppedAt = nil
	case errors.Is(err, apperr.ErrNotFound):
		h = Hashtag{ID: id, WorkspaceID: c.WorkspaceID, CampaignID: c.ID, Platform: social.Platform(platform), Tag: tag,
			AddedAt: s.now().UTC(), AddedBy: by}
	default:
		return Hashtag{}, err
	}
	until, _ := Window(c)
	t := Target{Kind: HashtagTarget, WorkspaceID: c.WorkspaceID, CampaignID: c.ID, ItemID: id, Until: until}
	if err := s.store.TrackHashtag(ctx, h, t); err != nil {
		return Hashtag{}, fmt.Errorf("track %s in %s: %w", id, c.ID, err)
	}
	return h, nil
}

// Hashtags lists a campaign's tracked hashtags; stopped ones only when asked.
func (s *Service) Hashtags(ctx context.Context, workspaceID, campaignID string, withStopped bool) ([]Hashtag, error) {
	all, err := s.store.Hashtags(ctx, workspaceID, campaignID)
	if err != nil {
		return nil, err
	}
	out := make([]Hashtag, 0, len(all))
	for _, h := range all {
		if withStopped || h.StoppedAt == nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// Hashtag reads one tracked hashtag.
func (s *Service) Hashtag(ctx context.Context, workspaceID, campaignID, id string) (Hashtag, error) {
	if _, _, ok := ParseItemID(id); !ok || !ids.Valid(campaignID) {
		return Hashtag{}, fmt.Errorf("tracked hashtag %q: %w", id, apperr.ErrNotFound)
	}
	return s.store.Hashtag(ctx, workspaceID, campaignID, id)
}

// StopHashtag stops pulling a hashtag.
func (s *Service) StopHashtag(ctx context.Context, h Hashtag) (Hashtag, error) {
	if h.StoppedAt != nil {
		return h, nil
	}
	now := s.now().UTC()
	h.StoppedAt = &now
	if err := s.store.StopHashtag(ctx, h); err != nil {
		return Hashtag{}, fmt.Errorf("stop %s: %w", h.ID, err)
	}
	return h, nil
}

// HashtagSeries reads a hashtag's snapshots.
func (s *Service) HashtagSeries(ctx context.Context, h Hashtag, r Range) (Page[HashtagSnapshot], error) {
	return s.store.HashtagSnapshots(ctx, h, r)
}

// ConnectAccount stores a creator's account on platform, sealing the token. Connecting
// again replaces the token and clears an earlier rejection.
func (s *Service) ConnectAccount(ctx context.Context, cr creators.Creator, platform string, in AccountInput, by string) (AccountView, error) {
	platform = strings.ToLower(platform)
	in.AccountID, in.Username = strings.TrimSpace(in.AccountID), strings.TrimPrefix(strings.TrimSpace(in.Username), "@")
	if err := CheckAccount(platform, in); err != nil {
		return AccountView{}, err
	}
	a := Account{WorkspaceID: cr.WorkspaceID, CreatorID: cr.ID, Platform: social.Platform(platform), AccountID: in.AccountID,
		Username: strings.ToLower(in.Username), ConnectedAt: s.now().UTC(), ConnectedBy: by, Status: StatusOK}
	if a.Platform == social.Instagram && a.Username == "" {
		a.Username = cr.Handles[platform]
	}
	if prev, err := s.store.Account(ctx, cr.WorkspaceID, cr.ID, a.Platform); err == nil && prev.AccountID == a.AccountID {
		a.Latest = prev.Latest
	} else if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return AccountView{}, err
	}
	if in.AccessToken != "" {
		sealed, err := s.sealer.Seal(ctx, []byte(in.AccessToken), a.SealContext())
		if err != nil {
			return AccountView{}, fmt.Errorf("seal %s token of %s: %w", platform, cr.ID, err)
		}
		a.SealedToken = sealed
	}
	if err := s.store.PutAccount(ctx, a); err != nil {
		return AccountView{}, fmt.Errorf("connect %s account of %s: %w", platform, cr.ID, err)
	}
	return a.View(), nil
}

// Accounts lists a creator's connected accounts.
func (s *Service) Accounts(ctx context.Context, workspaceID, creatorID string) ([]AccountView, error) {
	list, err := s.store.Accounts(ctx, workspaceID, creatorID)
	if err != nil {
		return nil, err
	}
	out := make([]AccountView, len(list))
	for i, a := range list {
		out[i] = a.View()
	}
	return out, nil
}

// Account reads a creator's account on platform.
func (s *Service) Account(ctx context.Context, workspaceID, creatorID, platform string) (Account, error) {
	if !slices.Contains(Platforms, platform) || !ids.Valid(creatorID) {
		return Account{}, fmt.Errorf("%s account of %q: %w", platform, creatorID, apperr.ErrNotFound)
	}
	return s.store.Account(ctx, workspaceID, creatorID, social.Platform(platform))
}

// DisconnectAccount forgets a creator's account and its token; its profile history stays.
func (s *Service) DisconnectAccount(ctx context.Context, a Account) error {
	return s.store.DeleteAccount(ctx, a)
}

// ProfileSeries reads the history of a creator's profile on one platform.
func (s *Service) ProfileSeries(ctx context.Context, a Account, r Range) (Page[ProfileSnapshot], error) {
	return s.store.ProfileSnapshots(ctx, a, r)
}

// SetCredential stores a workspace credential, sealing its secret.
func (s *Service) SetCredential(ctx context.Context, workspaceID, platform string, in CredentialInput, by string) (CredentialView, error) {
	platform = strings.ToLower(platform)
	in.APIKey, in.AccessToken, in.AccountID = strings.TrimSpace(in.APIKey), strings.TrimSpace(in.AccessToken), strings.TrimSpace(in.AccountID)
	if err := CheckCredential(platform, in); err != nil {
		return CredentialView{}, err
	}
	c := Credential{WorkspaceID: workspaceID, Platform: social.Platform(platform), AccountID: in.AccountID,
		SetAt: s.now().UTC(), SetBy: by, Status: StatusOK}
	secret := in.AccessToken
	if c.Platform == social.YouTube {
		secret, c.DailyQuota = in.APIKey, in.DailyQuota
		if c.DailyQuota == 0 {
			c.DailyQuota = youtube.DefaultDailyQuota
		}
	}
	sealed, err := s.sealer.Seal(ctx, []byte(secret), c.SealContext())
	if err != nil {
		return CredentialView{}, fmt.Errorf("seal %s credential of %s: %w", platform, workspaceID, err)
	}
	c.SealedSecret = sealed
	if err := s.store.PutCredential(ctx, c); err != nil {
		return CredentialView{}, fmt.Errorf("set %s credential of %s: %w", platform, workspaceID, err)
	}
	return c.View(), nil
}

// Credentials shows each workspace platform's credential, configured or not.
func (s *Service) Credentials(ctx context.Context, workspaceID string) ([]CredentialView, error) {
	list, err := s.store.Credentials(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	out := make([]CredentialView, 0, len(WorkspacePlatforms))
	for _, p := range WorkspacePlatforms {
		v := CredentialView{Platform: social.Platform(p)}
		for _, c := range list {
			if string(c.Platform) == p {
				v = c.View()
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// RemoveCredential forgets a workspace credential.
func (s *Service) RemoveCredential(ctx context.Context, workspaceID, platform string) error {
	if !slices.Contains(WorkspacePlatforms, platform) {
		return fmt.Errorf("%s credential: %w", platform, apperr.ErrNotFound)
	}
	return s.store.DeleteCredential(ctx, Credential{WorkspaceID: workspaceID, Platform: social.Platform(platform)})
}
