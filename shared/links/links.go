// Package links holds tracking links: the short codes creators share, where each one
// leads, the tracking parameters added on the way, the clicks they receive, and the rules
// for all of them. It knows no AWS type: storage is behind the Store interface.
package links

import (
	"context"
	"errors"
	"time"
)

// Errors the service returns besides *ValidationError. Callers test them with errors.Is.
var (
	// ErrNotFound means no link has the code, or it belongs to another workspace.
	ErrNotFound = errors.New("link not found")
	// ErrTaken means the code or vanity slug is already used on that domain.
	ErrTaken = errors.New("link code already taken")
	// ErrStale means the link changed since it was read; read it again and retry.
	ErrStale = errors.New("link changed concurrently")
)

// DefaultDomain is the short-link domain links are created on unless configured otherwise.
const DefaultDomain = "hypt.link"

// Link is a tracking link of one creator (a campaign membership) in one campaign. It
// carries everything the redirect needs, denormalized from the campaign and the creator,
// so that a click costs one read at most.
type Link struct {
	// Domain and Code together are the link's identity: https://Domain/Code.
	Domain string
	Code   string
	// Vanity is true when the marketer chose the code.
	Vanity bool

	WorkspaceID   string
	CampaignID    string
	MembershipID  string
	CampaignSlug  string
	CreatorHandle string
	// Platform is where the creator posts (tiktok, instagram, youtube...): the default
	// utm_source.
	Platform string

	// Destination is the brand page the link leads to, validated when the link is saved.
	Destination string
	// BrandURL is where a disabled or expired link's page sends people instead.
	BrandURL string
	// Tracking is the resolved set of parameters added at redirect time: defaults, then
	// the campaign's settings, then the link's own Override.
	Tracking Tracking
	// Override is the link's own tracking settings, kept so that a change to the
	// campaign's settings can be resolved again without losing them.
	Override Tracking

	Disabled bool
	// EndsAt, when not zero, is when the link stops redirecting.
	EndsAt time.Time
	// ArchivedAt, when not zero, is when the link was archived: it no longer redirects and
	// is left out of lists, but its code is never given to another link.
	ArchivedAt time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Version increases with every update; updates are conditional on it.
	Version int64
}

// Ref names a link.
type Ref struct {
	Domain string
	Code   string
}

// Ref returns the link's reference.
func (l Link) Ref() Ref { return Ref{Domain: l.Domain, Code: l.Code} }

// Live reports whether the link redirects at now.
func (l Link) Live(now time.Time) bool {
	return !l.Disabled && l.ArchivedAt.IsZero() && (l.EndsAt.IsZero() || now.Before(l.EndsAt))
}

// Click is one tap on a link, as the redirect records it. It never holds a raw IP
// address: VisitorKey is a salted hash that changes every day.
type Click struct {
	// ID is random and URL-safe; it travels to the brand's page in the click id parameter
	// so that an order can be attributed to this click.
	ID string
	At time.Time

	Domain       string
	Code         string
	WorkspaceID  string
	CampaignID   string
	MembershipID string

	// Bot is true for crawlers, link-preview fetchers and headless browsers.
	Bot bool
	// Country is the ISO 3166-1 alpha-2 code from the viewer-country header, if present.
	Country string
	// Device is "mobile", "tablet", "desktop", "bot" or "other".
	Device string
	// OS is "iOS", "Android", "Windows", "macOS", "ChromeOS", "Linux" or "other".
	OS string
	// Referrer is the host of the Referer header, without "www.", if present.
	Referrer string
	// VisitorKey identifies the visitor within one UTC day and nowhere else.
	VisitorKey string
	// ExpiresAt is when the raw click is deleted (retention).
	ExpiresAt time.Time
}

// Reader finds links by domain and code: the redirect's one read.
type Reader interface {
	Link(ctx context.Context, domain, code string) (Link, error)
}

// Store keeps links. Implementations return ErrNotFound, ErrTaken and ErrStale (wrapped)
// for the cases they name.
type Store interface {
	Reader
	// CreateLink stores a new link; ErrTaken when its domain and code are in use.
	CreateLink(ctx context.Context, l Link) error
	// UpdateLink replaces a link if its stored version is still prevVersion; ErrStale
	// otherwise.
	UpdateLink(ctx context.Context, l Link, prevVersion int64) error
	// CampaignLinks lists a campaign's links, newest first, or only one membership's when
	// membershipID is not empty.
	CampaignLinks(ctx context.Context, workspaceID, campaignID, membershipID string) ([]Link, error)
}
