package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/system"
)

// clickItem is one raw click. Each click is its own partition (CLICK#<click id>), so a
// viral link's clicks spread over as many partitions as it has clicks, and an order that
// carries a click id finds its click with one GetItem. Raw clicks expire by TTL.
type clickItem struct {
	PK           string    `json:"pk"`
	SK           string    `json:"sk"`
	ClickID      string    `json:"clickId"`
	At           time.Time `json:"at"`
	Domain       string    `json:"domain"`
	Code         string    `json:"code"`
	WorkspaceID  string    `json:"workspaceId"`
	CampaignID   string    `json:"campaignId"`
	MembershipID string    `json:"membershipId"`
	Bot          bool      `json:"bot,omitempty"`
	Country      string    `json:"country,omitempty"`
	Device       string    `json:"device,omitempty"`
	OS           string    `json:"os,omitempty"`
	Referrer     string    `json:"referrer,omitempty"`
	VisitorKey   string    `json:"visitor,omitempty"`
	ExpiresAt    int64     `json:"expiresAt,omitempty"`
}

// ClickKey is the key of the raw click with id.
func ClickKey(id string) Key { return Key{PK: system.ClickItemPrefix + id, SK: "CLICK"} }

func toClickItem(c links.Click) clickItem {
	k := ClickKey(c.ID)
	it := clickItem{
		PK: k.PK, SK: k.SK, ClickID: c.ID, At: c.At.UTC(),
		Domain: c.Domain, Code: c.Code,
		WorkspaceID: c.WorkspaceID, CampaignID: c.CampaignID, MembershipID: c.MembershipID,
		Bot: c.Bot, Country: c.Country, Device: c.Device, OS: c.OS, Referrer: c.Referrer,
		VisitorKey: c.VisitorKey,
	}
	if !c.ExpiresAt.IsZero() {
		it.ExpiresAt = c.ExpiresAt.Unix()
	}
	return it
}

func (it clickItem) click() links.Click {
	c := links.Click{
		ID: it.ClickID, At: it.At, Domain: it.Domain, Code: it.Code,
		WorkspaceID: it.WorkspaceID, CampaignID: it.CampaignID, MembershipID: it.MembershipID,
		Bot: it.Bot, Country: it.Country, Device: it.Device, OS: it.OS, Referrer: it.Referrer,
		VisitorKey: it.VisitorKey,
	}
	if it.ExpiresAt > 0 {
		c.ExpiresAt = time.Unix(it.ExpiresAt, 0).UTC()
	}
	return c
}

// PutClick stores a raw click once. Writing the same click again (a retry after a
// timeout whose first attempt landed, or a replay from the dead-letter path) succeeds
// without a second item: the click id is the key.
func (t *Table) PutClick(ctx context.Context, c links.Click) error {
	err := t.Put(ctx, toClickItem(c), IfAbsent())
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("record click %s on %s/%s: %w", c.ID, c.Domain, c.Code, err)
	}
	return nil
}

// Click reads one raw click by its id (order attribution follows the click id).
func (t *Table) Click(ctx context.Context, id string) (links.Click, error) {
	var it clickItem
	if err := t.Get(ctx, ClickKey(id), &it, false); err != nil {
		return links.Click{}, fmt.Errorf("load click %s: %w", id, err)
	}
	return it.click(), nil
}

// DecodeClick reads a raw click from an item image (a stream record's new image). ok is
// false for items that are not raw clicks.
func DecodeClick(image map[string]types.AttributeValue) (c links.Click, ok bool, err error) {
	var it clickItem
	if err := unmarshalMap(image, &it); err != nil {
		return links.Click{}, false, fmt.Errorf("decode click item: %w", err)
	}
	if it.SK != "CLICK" || it.PK != system.ClickItemPrefix+it.ClickID || it.ClickID == "" {
		return links.Click{}, false, nil
	}
	return it.click(), true, nil
}
