package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/system"
)

var _ links.Store = (*Table)(nil)

// linkItem is a link as stored: one item per domain and code, in its own partition, so
// that the redirect's lookup is a single GetItem on a key it builds from the request
// alone. It carries its workspace in gsi1pk, through which the campaign API lists links.
type linkItem struct {
	PK            string       `json:"pk"`
	SK            string       `json:"sk"`
	GSI1PK        string       `json:"gsi1pk"`
	GSI1SK        string       `json:"gsi1sk"`
	Domain        string       `json:"domain"`
	Code          string       `json:"code"`
	Vanity        bool         `json:"vanity,omitempty"`
	WorkspaceID   string       `json:"workspaceId"`
	CampaignID    string       `json:"campaignId"`
	MembershipID  string       `json:"membershipId"`
	CampaignSlug  string       `json:"campaignSlug,omitempty"`
	CreatorHandle string       `json:"creatorHandle,omitempty"`
	Platform      string       `json:"platform,omitempty"`
	Destination   string       `json:"destination"`
	BrandURL      string       `json:"brandUrl,omitempty"`
	Tracking      trackingAttr `json:"tracking"`
	Override      trackingAttr `json:"override"`
	Disabled      bool         `json:"disabled,omitempty"`
	EndsAt        time.Time    `json:"endsAt,omitempty"`
	ArchivedAt    time.Time    `json:"archivedAt,omitempty"`
	CreatedAt     time.Time    `json:"createdAt"`
	UpdatedAt     time.Time    `json:"updatedAt"`
	Version       int64        `json:"version"`
}

type trackingAttr struct {
	Source       string `json:"source,omitempty"`
	Medium       string `json:"medium,omitempty"`
	Campaign     string `json:"campaign,omitempty"`
	Content      string `json:"content,omitempty"`
	Term         string `json:"term,omitempty"`
	ClickIDParam string `json:"clickIdParam,omitempty"`
	NoUTM        bool   `json:"noUtm,omitempty"`
}

// LinkKey is the key of the link at domain and code.
func LinkKey(domain, code string) Key {
	return Key{PK: "LINK#" + domain + "#" + code, SK: "LINK"}
}

// campaignLinksPK is the gsi1 partition holding a campaign's links.
func campaignLinksPK(workspaceID, campaignID string) string {
	return "WS#" + workspaceID + "#CAMPAIGN#" + campaignID
}

// membershipLinksPrefix starts the gsi1 sort key of a membership's links.
func membershipLinksPrefix(membershipID string) string { return "LINK#" + membershipID + "#" }

func toLinkItem(l links.Link) linkItem {
	k := LinkKey(l.Domain, l.Code)
	return linkItem{
		PK: k.PK, SK: k.SK,
		GSI1PK: campaignLinksPK(l.WorkspaceID, l.CampaignID),
		GSI1SK: membershipLinksPrefix(l.MembershipID) + l.CreatedAt.UTC().Format(time.RFC3339Nano) + "#" + l.Code,
		Domain: l.Domain, Code: l.Code, Vanity: l.Vanity,
		WorkspaceID: l.WorkspaceID, CampaignID: l.CampaignID, MembershipID: l.MembershipID,
		CampaignSlug: l.CampaignSlug, CreatorHandle: l.CreatorHandle, Platform: l.Platform,
		Destination: l.Destination, BrandURL: l.BrandURL,
		Tracking: trackingAttr(l.Tracking), Override: trackingAttr(l.Override),
		Disabled: l.Disabled, EndsAt: l.EndsAt, ArchivedAt: l.ArchivedAt,
		CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt, Version: l.Version,
	}
}

func (it linkItem) link() links.Link {
	return links.Link{
		Domain: it.Domain, Code: it.Code, Vanity: it.Vanity,
		WorkspaceID: it.WorkspaceID, CampaignID: it.CampaignID, MembershipID: it.MembershipID,
		CampaignSlug: it.CampaignSlug, CreatorHandle: it.CreatorHandle, Platform: it.Platform,
		Destination: it.Destination, BrandURL: it.BrandURL,
		Tracking: links.Tracking(it.Tracking), Override: links.Tracking(it.Override),
		Disabled: it.Disabled, EndsAt: it.EndsAt, ArchivedAt: it.ArchivedAt,
		CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt, Version: it.Version,
	}
}

// Link reads one link by its domain and code (eventually consistent: the redirect caches
// it for seconds anyway, and an eventually consistent read costs half).
func (t *Table) Link(ctx context.Context, domain, code string) (links.Link, error) {
	var it linkItem
	err := t.Get(ctx, LinkKey(domain, code), &it, false)
	switch {
	case errors.Is(err, ErrNotFound):
		return links.Link{}, fmt.Errorf("load link %s/%s: %w", domain, code, links.ErrNotFound)
	case err != nil:
		return links.Link{}, fmt.Errorf("load link %s/%s: %w", domain, code, err)
	}
	return it.link(), nil
}

// CreateLink stores a link under a domain and code no other link has.
func (t *Table) CreateLink(ctx context.Context, l links.Link) error {
	err := t.Put(ctx, toLinkItem(l), IfAbsent())
	if errors.Is(err, ErrConflict) {
		return fmt.Errorf("save link %s/%s: %w", l.Domain, l.Code, links.ErrTaken)
	}
	if err != nil {
		return fmt.Errorf("save link %s/%s: %w", l.Domain, l.Code, err)
	}
	return nil
}

// UpdateLink replaces a link whose stored version is still prevVersion.
func (t *Table) UpdateLink(ctx context.Context, l links.Link, prevVersion int64) error {
	err := t.Put(ctx, toLinkItem(l), IfVersion("version", prevVersion))
	if errors.Is(err, ErrConflict) {
		return fmt.Errorf("update link %s/%s: %w", l.Domain, l.Code, links.ErrStale)
	}
	if err != nil {
		return fmt.Errorf("update link %s/%s: %w", l.Domain, l.Code, err)
	}
	return nil
}

// CampaignLinks lists a campaign's links (or one membership's) through gsi1, newest first.
func (t *Table) CampaignLinks(ctx context.Context, workspaceID, campaignID, membershipID string) ([]links.Link, error) {
	prefix := "LINK#"
	if membershipID != "" {
		prefix = membershipLinksPrefix(membershipID)
	}
	ix := system.Table.Indexes[0]
	in := &dynamodb.QueryInput{
		TableName:              aws.String(t.Name),
		IndexName:              aws.String(ix.Name),
		KeyConditionExpression: aws.String("#pk = :pk AND begins_with(#sk, :prefix)"),
		ExpressionAttributeNames: map[string]string{
			"#pk": string(ix.PartitionKey), "#sk": string(ix.SortKey),
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":     &types.AttributeValueMemberS{Value: campaignLinksPK(workspaceID, campaignID)},
			":prefix": &types.AttributeValueMemberS{Value: prefix},
		},
	}
	var out []links.Link
	pages := dynamodb.NewQueryPaginator(t.DB, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list links of campaign %s: %w", campaignID, classify(err))
		}
		var items []linkItem
		if err := unmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("decode links of campaign %s: %w", campaignID, err)
		}
		for _, it := range items {
			out = append(out, it.link())
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}
