package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

var _ links.Reader = (*Table)(nil)

// linkItem is a link as stored: one item per code, in its own partition, so that the
// redirect's lookup is a single GetItem on a key it can build from the URL alone.
type linkItem struct {
	PK           string    `json:"pk"`
	SK           string    `json:"sk"`
	Code         string    `json:"code"`
	WorkspaceID  string    `json:"workspaceId"`
	CampaignID   string    `json:"campaignId"`
	MembershipID string    `json:"membershipId"`
	Destination  string    `json:"destination"`
	BrandURL     string    `json:"brandUrl,omitempty"`
	Disabled     bool      `json:"disabled,omitempty"`
	EndsAt       time.Time `json:"endsAt,omitempty"`
}

func linkKey(code string) Key { return Key{PK: "LINK#" + code, SK: "LINK"} }

// Link reads one link by its code.
func (t *Table) Link(ctx context.Context, code string) (links.Link, error) {
	var it linkItem
	err := t.Get(ctx, linkKey(code), &it, false)
	switch {
	case errors.Is(err, ErrNotFound):
		return links.Link{}, fmt.Errorf("load link %q: %w", code, links.ErrNotFound)
	case err != nil:
		return links.Link{}, fmt.Errorf("load link %q: %w", code, err)
	}
	return links.Link{
		Code: it.Code, WorkspaceID: it.WorkspaceID, CampaignID: it.CampaignID,
		MembershipID: it.MembershipID, Destination: it.Destination, BrandURL: it.BrandURL,
		Disabled: it.Disabled, EndsAt: it.EndsAt,
	}, nil
}

// PutLink stores a link under a code no other link has.
func (t *Table) PutLink(ctx context.Context, l links.Link) error {
	k := linkKey(l.Code)
	it := linkItem{
		PK: k.PK, SK: k.SK, Code: l.Code, WorkspaceID: l.WorkspaceID, CampaignID: l.CampaignID,
		MembershipID: l.MembershipID, Destination: l.Destination, BrandURL: l.BrandURL,
		Disabled: l.Disabled, EndsAt: l.EndsAt,
	}
	if err := t.Put(ctx, it, IfAbsent()); err != nil {
		return fmt.Errorf("save link %q: %w", l.Code, err)
	}
	return nil
}
