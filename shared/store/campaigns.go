package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
)

var (
	_ campaigns.Store   = (*Table)(nil)
	_ connections.Store = (*Table)(nil)
)

// Campaigns live in the workspace partition (WS#<ws> | CAMPAIGN#<id>); a campaign's
// creators in a partition of their own (WS#<ws>#C#<campaign> | CREATOR#<creator>), read
// together for the board. Coupon codes are claimed per connection
// (WS#<ws>#CONN#<conn> | CODE#<CODE>), which makes them unique per shop in any letter case.

type campaignItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	campaigns.Campaign
}

type campaignMemberItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	campaigns.Member
}

// codeItem claims a coupon code on a connection for one campaign member.
type codeItem struct {
	PK          string `json:"pk"`
	SK          string `json:"sk"`
	WorkspaceID string `json:"workspaceId"`
	CampaignID  string `json:"campaignId"`
	CreatorID   string `json:"creatorId"`
	Code        string `json:"code"`
}

func campaignKey(ws, id string) Key { return Key{PK: workspacePK(ws), SK: "CAMPAIGN#" + id} }

func campaignMemberKey(ws, campaign, creator string) Key {
	return Key{PK: workspacePK(ws) + "#C#" + campaign, SK: "CREATOR#" + creator}
}

func codeKey(ws, connection, code string) Key {
	return Key{PK: workspacePK(ws) + "#CONN#" + connection, SK: "CODE#" + code}
}

// CreateCampaign stores a new campaign.
func (t *Table) CreateCampaign(ctx context.Context, c campaigns.Campaign) error {
	k := campaignKey(c.WorkspaceID, c.ID)
	if err := t.Put(ctx, campaignItem{PK: k.PK, SK: k.SK, Campaign: c}, IfAbsent()); err != nil {
		return fmt.Errorf("create campaign %s: %w", c.ID, domainErr(err))
	}
	return nil
}

// Campaign reads one campaign.
func (t *Table) Campaign(ctx context.Context, ws, id string) (campaigns.Campaign, error) {
	var it campaignItem
	if err := t.Get(ctx, campaignKey(ws, id), &it, false); err != nil {
		return campaigns.Campaign{}, fmt.Errorf("load campaign %s: %w", id, domainErr(err))
	}
	return it.Campaign, nil
}

// Campaigns lists a workspace's campaigns.
func (t *Table) Campaigns(ctx context.Context, ws string) ([]campaigns.Campaign, error) {
	var items []campaignItem
	if err := t.queryPrefix(ctx, "", workspacePK(ws), "CAMPAIGN#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]campaigns.Campaign, len(items))
	for i, it := range items {
		out[i] = it.Campaign
	}
	return out, nil
}

// UpdateCampaign replaces a campaign whose stored version is c.Version-1.
func (t *Table) UpdateCampaign(ctx context.Context, c campaigns.Campaign) error {
	k := campaignKey(c.WorkspaceID, c.ID)
	if err := t.Put(ctx, campaignItem{PK: k.PK, SK: k.SK, Campaign: c}, IfVersion("version", c.Version-1)); err != nil {
		return fmt.Errorf("update campaign %s: %w", c.ID, staleErr(err))
	}
	return nil
}

// AddMember puts a creator into a campaign; adding one twice is a conflict.
func (t *Table) AddMember(ctx context.Context, m campaigns.Member) error {
	k := campaignMemberKey(m.WorkspaceID, m.CampaignID, m.CreatorID)
	if err := t.Put(ctx, campaignMemberItem{PK: k.PK, SK: k.SK, Member: m}, IfAbsent()); err != nil {
		return fmt.Errorf("add member %s: %w", m.CreatorID, domainErr(err))
	}
	return nil
}

// CampaignMember reads a creator's membership of a campaign.
func (t *Table) CampaignMember(ctx context.Context, ws, campaign, creator string) (campaigns.Member, error) {
	var it campaignMemberItem
	if err := t.Get(ctx, campaignMemberKey(ws, campaign, creator), &it, false); err != nil {
		return campaigns.Member{}, fmt.Errorf("load member %s of %s: %w", creator, campaign, domainErr(err))
	}
	return it.Member, nil
}

// CampaignMembers lists a campaign's creators.
func (t *Table) CampaignMembers(ctx context.Context, ws, campaign string) ([]campaigns.Member, error) {
	var items []campaignMemberItem
	k := campaignMemberKey(ws, campaign, "")
	if err := t.queryPrefix(ctx, "", k.PK, "CREATOR#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]campaigns.Member, len(items))
	for i, it := range items {
		out[i] = it.Member
	}
	return out, nil
}

// UpdateCampaignMember replaces a member whose stored version is m.Version-1.
func (t *Table) UpdateCampaignMember(ctx context.Context, m campaigns.Member) error {
	k := campaignMemberKey(m.WorkspaceID, m.CampaignID, m.CreatorID)
	if err := t.Put(ctx, campaignMemberItem{PK: k.PK, SK: k.SK, Member: m}, IfVersion("version", m.Version-1)); err != nil {
		return fmt.Errorf("update member %s: %w", m.CreatorID, staleErr(err))
	}
	return nil
}

// AssignCode claims the code and saves the member in one transaction.
func (t *Table) AssignCode(ctx context.Context, m campaigns.Member, c campaigns.Code) error {
	ck := codeKey(m.WorkspaceID, c.ConnectionID, c.Code)
	mk := campaignMemberKey(m.WorkspaceID, m.CampaignID, m.CreatorID)
	err := t.Tx().
		Put(codeItem{PK: ck.PK, SK: ck.SK, WorkspaceID: m.WorkspaceID, CampaignID: m.CampaignID, CreatorID: m.CreatorID, Code: c.Code}, IfAbsent()).
		Put(campaignMemberItem{PK: mk.PK, SK: mk.SK, Member: m}, IfVersion("version", m.Version-1)).
		Commit(ctx, "")
	if errors.Is(err, ErrConflict) {
		if failed := FailedConditions(err); len(failed) > 0 && failed[0] == 0 {
			return &apperr.Conflict{Msg: fmt.Sprintf("The code %s is already assigned to a creator on this connection.", c.Code)}
		}
		return fmt.Errorf("assign code %s: %w", c.Code, staleErr(err))
	}
	if err != nil {
		return fmt.Errorf("assign code %s: %w", c.Code, domainErr(err))
	}
	return nil
}

// ReleaseCode frees the code and saves the member in one transaction.
func (t *Table) ReleaseCode(ctx context.Context, m campaigns.Member, c campaigns.Code) error {
	ck := codeKey(m.WorkspaceID, c.ConnectionID, c.Code)
	mk := campaignMemberKey(m.WorkspaceID, m.CampaignID, m.CreatorID)
	owned := Condition{Expr: "creatorId = :creator AND campaignId = :campaign",
		Values: map[string]any{":creator": m.CreatorID, ":campaign": m.CampaignID}}
	err := t.Tx().
		Delete(ck, owned).
		Put(campaignMemberItem{PK: mk.PK, SK: mk.SK, Member: m}, IfVersion("version", m.Version-1)).
		Commit(ctx, "")
	if err != nil {
		return fmt.Errorf("release code %s: %w", c.Code, staleErr(err))
	}
	return nil
}

// CodeOwner finds which campaign member holds a coupon code on a connection; code must be
// normalized (campaigns.NormalizeCode).
func (t *Table) CodeOwner(ctx context.Context, ws, connection, code string) (campaignID, creatorID string, err error) {
	var it codeItem
	if err := t.Get(ctx, codeKey(ws, connection, code), &it, false); err != nil {
		return "", "", fmt.Errorf("look up code %s: %w", code, domainErr(err))
	}
	return it.CampaignID, it.CreatorID, nil
}

// A connection is found by its id alone, because a webhook URL carries nothing else: its
// item is keyed CONN#<id> and carries its workspace; gsi1 lists a workspace's connections
// (WS#<ws>#CONNS). Only the webhook function reads it by id; the API always checks that
// the connection belongs to the caller's workspace.

type connectionItem struct {
	PK     string `json:"pk"`
	SK     string `json:"sk"`
	GSI1PK string `json:"gsi1pk"`
	GSI1SK string `json:"gsi1sk"`
	// GSI2PK and GSI2SK list the connections reconciliation visits, across workspaces;
	// only connections with API credentials carry them (a sparse index).
	GSI2PK string `json:"gsi2pk,omitempty"`
	GSI2SK string `json:"gsi2sk,omitempty"`
	connections.Connection
}

// reconcilePK is the gsi2 partition of connections that reconcile.
const reconcilePK = "RECONCILE#CONNS"

func newConnectionItem(c connections.Connection) connectionItem {
	it := connectionItem{PK: "CONN#" + c.ID, SK: "CONN", GSI1PK: workspacePK(c.WorkspaceID) + "#CONNS",
		GSI1SK: "CONN#" + c.Created.Format("20060102T150405") + "#" + c.ID, Connection: c}
	if c.Reconciles() {
		it.GSI2PK, it.GSI2SK = reconcilePK, "CONN#"+c.ID
	}
	return it
}

// ReconcilingConnections lists every connection with API credentials, in all workspaces.
func (t *Table) ReconcilingConnections(ctx context.Context) ([]connections.Connection, error) {
	var items []connectionItem
	if err := t.queryPrefix(ctx, "gsi2", reconcilePK, "CONN#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]connections.Connection, len(items))
	for i, it := range items {
		out[i] = it.Connection
	}
	return out, nil
}

// CreateConnection stores a new connection.
func (t *Table) CreateConnection(ctx context.Context, c connections.Connection) error {
	if err := t.Put(ctx, newConnectionItem(c), IfAbsent()); err != nil {
		return fmt.Errorf("create connection %s: %w", c.ID, domainErr(err))
	}
	return nil
}

// Connection reads a connection by id.
func (t *Table) Connection(ctx context.Context, id string) (connections.Connection, error) {
	var it connectionItem
	if err := t.Get(ctx, Key{PK: "CONN#" + id, SK: "CONN"}, &it, false); err != nil {
		return connections.Connection{}, fmt.Errorf("load connection %s: %w", id, domainErr(err))
	}
	return it.Connection, nil
}

// Connections lists a workspace's connections, oldest first.
func (t *Table) Connections(ctx context.Context, ws string) ([]connections.Connection, error) {
	var items []connectionItem
	if err := t.queryPrefix(ctx, "gsi1", workspacePK(ws)+"#CONNS", "CONN#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]connections.Connection, len(items))
	for i, it := range items {
		out[i] = it.Connection
	}
	return out, nil
}

// UpdateConnection replaces a connection whose stored version is c.Version-1.
func (t *Table) UpdateConnection(ctx context.Context, c connections.Connection) error {
	if err := t.Put(ctx, newConnectionItem(c), IfVersion("version", c.Version-1)); err != nil {
		return fmt.Errorf("update connection %s: %w", c.ID, staleErr(err))
	}
	return nil
}

type pitchItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	campaigns.Pitch
}

// PutPitch stores a new pitch beside its campaign's creators (WS#<ws>#C#<campaign> | PITCH#<id>).
func (t *Table) PutPitch(ctx context.Context, p campaigns.Pitch) error {
	pk := campaignMemberKey(p.WorkspaceID, p.CampaignID, "").PK
	if err := t.Put(ctx, pitchItem{PK: pk, SK: "PITCH#" + p.ID, Pitch: p}, IfAbsent()); err != nil {
		return fmt.Errorf("save pitch %s: %w", p.ID, domainErr(err))
	}
	return nil
}

// Pitches lists a campaign's pitches.
func (t *Table) Pitches(ctx context.Context, ws, campaign string) ([]campaigns.Pitch, error) {
	var items []pitchItem
	if err := t.queryPrefix(ctx, "", campaignMemberKey(ws, campaign, "").PK, "PITCH#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]campaigns.Pitch, len(items))
	for i, it := range items {
		out[i] = it.Pitch
	}
	return out, nil
}
