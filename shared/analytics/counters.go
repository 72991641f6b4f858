// Package analytics counts clicks off the hot path and answers questions about them: how
// many clicks, human clicks and unique visitors per hour and day, and from which
// countries, devices, referrers and creators, for a link, a creator in a campaign, or a
// campaign. Raw clicks are counted exactly once into per-hour and per-day counters; every
// question is answered from those counters, never from raw clicks.
package analytics

import (
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

// ScopeKind says what a counter counts the clicks of.
type ScopeKind string

// The scopes clicks are counted in.
const (
	ScopeLink       ScopeKind = "LINK"
	ScopeMembership ScopeKind = "MEMBER"
	ScopeCampaign   ScopeKind = "CAMPAIGN"
)

// Scope is one link, one creator membership or one campaign of a workspace. A link's ID
// is "domain/code".
type Scope struct {
	WorkspaceID string
	Kind        ScopeKind
	ID          string
}

// LinkID is the scope ID of the link at domain and code.
func LinkID(domain, code string) string { return domain + "/" + code }

// MembershipScope is the scope of a creator's clicks in one campaign. A creator's id is
// their membership's id within a campaign, so the scope carries the campaign too: the
// same creator in two campaigns has two sets of counters.
func MembershipScope(workspaceID, campaignID, creatorID string) Scope {
	return Scope{WorkspaceID: workspaceID, Kind: ScopeMembership, ID: campaignID + "/" + creatorID}
}

// Granularity is the width of a counter's time bucket.
type Granularity string

// Bucket widths. Buckets are aligned to UTC hours and days.
const (
	Hour Granularity = "hour"
	Day  Granularity = "day"
)

// Width is the bucket's duration.
func (g Granularity) Width() time.Duration {
	if g == Day {
		return 24 * time.Hour
	}
	return time.Hour
}

// Start is the start of the UTC bucket holding t.
func (g Granularity) Start(t time.Time) time.Time { return t.UTC().Truncate(g.Width()) }

// Counter names. A bucket holds the totals and, for human clicks only, one counter per
// value of each dimension, named "<dimension>#<value>".
const (
	Clicks      = "clicks"
	HumanClicks = "human"
	BotClicks   = "bot"
	// Uniques is the number of distinct visitors of the bucket's UTC day; only day buckets
	// have it, because visitor keys themselves change every UTC day.
	Uniques = "uniques"
)

// Dimensions of the breakdowns.
const (
	DimCountry  = "country"
	DimDevice   = "device"
	DimOS       = "os"
	DimReferrer = "referrer"
	// DimCreator breaks a campaign's clicks down by creator membership.
	DimCreator = "creator"
)

// Values for a dimension the click did not carry.
const (
	UnknownCountry = "unknown"
	DirectReferrer = "direct"
)

// Counters maps counter names to counts.
type Counters map[string]int64

// Add adds o into c.
func (c Counters) Add(o Counters) {
	for k, v := range o {
		c[k] += v
	}
}

// DimensionCounter names the counter of value in dimension.
func DimensionCounter(dimension, value string) string { return dimension + "#" + value }

// Dimension returns the counts of one dimension's values.
func (c Counters) Dimension(dimension string) map[string]int64 {
	out := map[string]int64{}
	prefix := dimension + "#"
	for k, v := range c {
		if value, ok := strings.CutPrefix(k, prefix); ok {
			out[value] = v
		}
	}
	return out
}

// Tally is what one or more clicks add to one counter bucket.
type Tally struct {
	Scope       Scope
	Granularity Granularity
	Start       time.Time
	Add         Counters
}

// Firsts says in which scopes a click was its visitor's first of the UTC day.
type Firsts struct {
	Link, Membership, Campaign bool
}

// tallies returns what c adds to the hour and day buckets of its link, membership and
// campaign.
func tallies(c links.Click, first Firsts) []Tally {
	base := Counters{Clicks: 1}
	if c.Bot {
		base[BotClicks] = 1
	} else {
		base[HumanClicks] = 1
		base[DimensionCounter(DimCountry, or(c.Country, UnknownCountry))] = 1
		base[DimensionCounter(DimDevice, or(c.Device, "other"))] = 1
		base[DimensionCounter(DimOS, or(c.OS, "other"))] = 1
		base[DimensionCounter(DimReferrer, or(c.Referrer, DirectReferrer))] = 1
	}
	scopes := []struct {
		scope   Scope
		first   bool
		creator bool
	}{
		{Scope{c.WorkspaceID, ScopeLink, LinkID(c.Domain, c.Code)}, first.Link, false},
		{MembershipScope(c.WorkspaceID, c.CampaignID, c.MembershipID), first.Membership, false},
		{Scope{c.WorkspaceID, ScopeCampaign, c.CampaignID}, first.Campaign, true},
	}
	out := make([]Tally, 0, 2*len(scopes))
	for _, s := range scopes {
		for _, g := range []Granularity{Hour, Day} {
			add := Counters{}
			add.Add(base)
			if s.creator && !c.Bot {
				add[DimensionCounter(DimCreator, c.MembershipID)] = 1
			}
			if g == Day && s.first && !c.Bot {
				add[Uniques] = 1
			}
			out = append(out, Tally{Scope: s.scope, Granularity: g, Start: g.Start(c.At), Add: add})
		}
	}
	return out
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}
