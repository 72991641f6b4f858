package links

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Service is what the campaign API calls to manage links. Every method takes the caller's
// workspace (from the verified token and membership record) and never touches a link of
// another workspace: such a link reads as ErrNotFound.
type Service struct {
	store         Store
	now           func() time.Time
	random        io.Reader
	defaultDomain string
	domains       map[string]bool
	publicBase    string
}

// Option configures a Service.
type Option func(*Service)

// WithDomains sets the default short-link domain and any further domains (brands' own
// short domains) links may be created on.
func WithDomains(defaultDomain string, more ...string) Option {
	return func(s *Service) {
		s.defaultDomain = strings.ToLower(defaultDomain)
		s.domains = map[string]bool{s.defaultDomain: true}
		for _, d := range more {
			s.domains[strings.ToLower(d)] = true
		}
	}
}

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithRandom replaces crypto/rand as the source of codes, for tests.
func WithRandom(r io.Reader) Option { return func(s *Service) { s.random = r } }

// WithPublicBase makes URL answer base + "/" + code for links on the default domain (the
// local stack serves them on http://localhost:8080, not on the real short domain).
func WithPublicBase(base string) Option {
	return func(s *Service) { s.publicBase = strings.TrimSuffix(base, "/") }
}

// NewService builds the service on a store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, random: randomReader}
	WithDomains(DefaultDomain)(s)
	for _, o := range opts {
		o(s)
	}
	return s
}

// Campaign is what a link needs to know about its campaign. The campaign API loads it.
type Campaign struct {
	ID   string
	Slug string
	// BrandURL is the brand's home page, shown on the page of an ended link.
	BrandURL string
	// Tracking is the campaign's tracking settings (empty fields inherit the defaults).
	Tracking Tracking
}

// Membership is what a link needs to know about the creator it belongs to.
type Membership struct {
	ID            string
	CreatorHandle string
	// Platform is the creator's platform, the default utm_source.
	Platform string
}

// CreateInput is a new link.
type CreateInput struct {
	WorkspaceID string
	Campaign    Campaign
	Membership  Membership
	Destination string
	// Slug, when set, is a vanity code; otherwise a random code is generated.
	Slug string
	// Domain is the short-link domain; empty means the default domain.
	Domain string
	// Tracking overrides the campaign's tracking settings for this link.
	Tracking Tracking
	// EndsAt, when not zero, is when the link stops redirecting.
	EndsAt time.Time
	// AllowedDomains is the workspace's allow-list of brand domains; empty allows any
	// public domain.
	AllowedDomains []string
}

// maxCodeAttempts bounds retries after a generated code collides: with 2·10^12 codes a
// second collision in a row means something is wrong with the randomness.
const maxCodeAttempts = 5

// Create validates and stores a new link. Invalid input returns *ValidationError; a vanity
// slug in use returns ErrTaken.
func (s *Service) Create(ctx context.Context, in CreateInput) (Link, error) {
	now := s.now().UTC()
	domain := strings.ToLower(in.Domain)
	if domain == "" {
		domain = s.defaultDomain
	}
	var e ValidationError
	for field, v := range map[string]string{"workspaceId": in.WorkspaceID, "campaign.id": in.Campaign.ID, "membership.id": in.Membership.ID} {
		if v == "" {
			e.add(field, CodeRequired, "This field is required.")
		}
	}
	if !s.domains[domain] {
		e.add("domain", CodeUnknownDomain, "Links cannot be created on this domain.")
	}
	validateURL(&e, "destination", in.Destination, in.AllowedDomains)
	if in.Campaign.BrandURL != "" {
		validateURL(&e, "campaign.brandUrl", in.Campaign.BrandURL, nil)
	}
	if in.Slug != "" {
		e.Fields = append(e.Fields, ValidateSlug("slug", in.Slug)...)
	}
	validateTracking(&e, "campaign.tracking", in.Campaign.Tracking)
	validateTracking(&e, "tracking", in.Tracking)
	if !in.EndsAt.IsZero() && !in.EndsAt.After(now) {
		e.add("endsAt", CodeEndsInPast, "The end date must be in the future.")
	}
	if err := e.orNil(); err != nil {
		return Link{}, err
	}

	l := Link{
		Domain:        domain,
		WorkspaceID:   in.WorkspaceID,
		CampaignID:    in.Campaign.ID,
		MembershipID:  in.Membership.ID,
		CampaignSlug:  in.Campaign.Slug,
		CreatorHandle: in.Membership.CreatorHandle,
		Platform:      in.Membership.Platform,
		Destination:   in.Destination,
		BrandURL:      in.Campaign.BrandURL,
		Override:      in.Tracking,
		EndsAt:        in.EndsAt.UTC(),
		CreatedAt:     now,
		UpdatedAt:     now,
		Version:       1,
	}
	l.Tracking = ResolveTracking(l, in.Campaign.Tracking, in.Tracking)
	if in.Slug != "" {
		l.Code, l.Vanity = in.Slug, true
		if err := s.store.CreateLink(ctx, l); err != nil {
			return Link{}, fmt.Errorf("create link %s/%s: %w", domain, l.Code, err)
		}
		return l, nil
	}
	for range maxCodeAttempts {
		code, err := NewCode(s.random, CodeLength)
		if err != nil {
			return Link{}, err
		}
		if Reserved(code) {
			continue
		}
		l.Code = code
		err = s.store.CreateLink(ctx, l)
		switch {
		case err == nil:
			return l, nil
		case !errors.Is(err, ErrTaken):
			return Link{}, fmt.Errorf("create link %s/%s: %w", domain, code, err)
		}
	}
	return Link{}, fmt.Errorf("create link on %s: %d generated codes in a row were taken: %w", domain, maxCodeAttempts, ErrTaken)
}

// Get returns one link of the workspace.
func (s *Service) Get(ctx context.Context, workspaceID string, ref Ref) (Link, error) {
	l, err := s.store.Link(ctx, strings.ToLower(ref.Domain), ref.Code)
	if err != nil {
		return Link{}, fmt.Errorf("get link %s/%s: %w", ref.Domain, ref.Code, err)
	}
	if l.WorkspaceID != workspaceID {
		return Link{}, fmt.Errorf("get link %s/%s: %w", ref.Domain, ref.Code, ErrNotFound)
	}
	return l, nil
}

// List returns a campaign's links that are not archived, newest first; only one creator
// membership's when membershipID is not empty.
func (s *Service) List(ctx context.Context, workspaceID, campaignID, membershipID string) ([]Link, error) {
	all, err := s.store.CampaignLinks(ctx, workspaceID, campaignID, membershipID)
	if err != nil {
		return nil, fmt.Errorf("list links of campaign %s: %w", campaignID, err)
	}
	out := all[:0]
	for _, l := range all {
		if l.ArchivedAt.IsZero() {
			out = append(out, l)
		}
	}
	return out, nil
}

// UpdateInput changes a link; nil fields stay as they are.
type UpdateInput struct {
	Destination *string
	Disabled    *bool
	// EndsAt sets the end date; a pointer to the zero time removes it.
	EndsAt *time.Time
	// Tracking replaces the link's override; Campaign must then be given to resolve it.
	Tracking *Tracking
	// Campaign is the campaign's current settings, needed with Tracking.
	Campaign *Campaign
	// AllowedDomains is the workspace's allow-list, checked against a new destination.
	AllowedDomains []string
}

// Update changes a link's destination, state, end date or tracking. An archived link
// cannot change. It returns ErrStale if the link changed meanwhile.
func (s *Service) Update(ctx context.Context, workspaceID string, ref Ref, in UpdateInput) (Link, error) {
	l, err := s.Get(ctx, workspaceID, ref)
	if err != nil {
		return Link{}, err
	}
	now := s.now().UTC()
	var e ValidationError
	if !l.ArchivedAt.IsZero() {
		e.add("archived", CodeInvalid, "An archived link cannot be changed.")
		return Link{}, &e
	}
	if in.Destination != nil {
		validateURL(&e, "destination", *in.Destination, in.AllowedDomains)
		l.Destination = *in.Destination
	}
	if in.Disabled != nil {
		l.Disabled = *in.Disabled
	}
	if in.EndsAt != nil {
		if !in.EndsAt.IsZero() && !in.EndsAt.After(now) {
			e.add("endsAt", CodeEndsInPast, "The end date must be in the future.")
		}
		l.EndsAt = in.EndsAt.UTC()
	}
	if in.Tracking != nil {
		if in.Campaign == nil {
			e.add("campaign", CodeRequired, "The campaign's settings are needed to resolve tracking.")
		} else {
			validateTracking(&e, "tracking", *in.Tracking)
			l.Override = *in.Tracking
			l.Tracking = ResolveTracking(l, in.Campaign.Tracking, l.Override)
		}
	}
	if err := e.orNil(); err != nil {
		return Link{}, err
	}
	return s.save(ctx, l, now)
}

// Archive retires a link: it stops redirecting (its page links to the brand), leaves
// lists, and its code is never reused. Archiving twice is not an error.
func (s *Service) Archive(ctx context.Context, workspaceID string, ref Ref) (Link, error) {
	l, err := s.Get(ctx, workspaceID, ref)
	if err != nil || !l.ArchivedAt.IsZero() {
		return l, err
	}
	now := s.now().UTC()
	l.ArchivedAt = now
	return s.save(ctx, l, now)
}

// RefreshCampaign copies a campaign's current slug, brand URL and tracking settings into
// all its links (they carry a copy so that the redirect reads one item). The campaign API
// calls it after changing any of those.
func (s *Service) RefreshCampaign(ctx context.Context, workspaceID string, c Campaign) error {
	var e ValidationError
	validateTracking(&e, "tracking", c.Tracking)
	if c.BrandURL != "" {
		validateURL(&e, "brandUrl", c.BrandURL, nil)
	}
	if err := e.orNil(); err != nil {
		return err
	}
	all, err := s.store.CampaignLinks(ctx, workspaceID, c.ID, "")
	if err != nil {
		return fmt.Errorf("refresh links of campaign %s: %w", c.ID, err)
	}
	now := s.now().UTC()
	for _, l := range all {
		l.CampaignSlug, l.BrandURL = c.Slug, c.BrandURL
		l.Tracking = ResolveTracking(l, c.Tracking, l.Override)
		if _, err := s.save(ctx, l, now); err != nil {
			return fmt.Errorf("refresh links of campaign %s: %w", c.ID, err)
		}
	}
	return nil
}

func (s *Service) save(ctx context.Context, l Link, now time.Time) (Link, error) {
	prev := l.Version
	l.Version++
	l.UpdatedAt = now
	if err := s.store.UpdateLink(ctx, l, prev); err != nil {
		return Link{}, fmt.Errorf("update link %s/%s: %w", l.Domain, l.Code, err)
	}
	return l, nil
}

// URL is the address creators share for l.
func (s *Service) URL(l Link) string {
	if s.publicBase != "" && l.Domain == s.defaultDomain {
		return s.publicBase + "/" + l.Code
	}
	return "https://" + l.Domain + "/" + l.Code
}

// QRCode renders the QR code of one of the workspace's links (format QRSVG or QRPNG).
func (s *Service) QRCode(ctx context.Context, workspaceID string, ref Ref, format string, size int) ([]byte, string, error) {
	l, err := s.Get(ctx, workspaceID, ref)
	if err != nil {
		return nil, "", err
	}
	return QR(s.URL(l), format, size)
}
