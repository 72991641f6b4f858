// Package links holds tracking links: the short codes creators share, where each one
// leads, and the rules for both.
package links

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound means no link has the code.
var ErrNotFound = errors.New("link not found")

// Link is a tracking link of one creator in one campaign.
type Link struct {
	Code         string
	WorkspaceID  string
	CampaignID   string
	MembershipID string
	// Destination is the brand page the link leads to, validated when the link is saved.
	Destination string
	// BrandURL is where a disabled or expired link's page sends people instead.
	BrandURL string
	Disabled bool
	// EndsAt, when not zero, is when the link stops redirecting.
	EndsAt time.Time
}

// Live reports whether the link redirects at now.
func (l Link) Live(now time.Time) bool {
	return !l.Disabled && (l.EndsAt.IsZero() || now.Before(l.EndsAt))
}

// Reader finds links by code.
type Reader interface {
	Link(ctx context.Context, code string) (Link, error)
}
