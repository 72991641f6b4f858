// Package creators holds a workspace's roster of creators: who they are on each platform,
// their reach and audience, what they cost, and the figures derived from those (tier,
// potential reach, impact score, audience match against a campaign's persona).
package creators

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Platforms a creator can have a handle on.
var Platforms = []string{"tiktok", "instagram", "youtube"}

// Creator is one creator in a workspace's roster.
type Creator struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	Name        string `json:"name"`
	// Handles maps a platform to the creator's handle there, without the @.
	Handles map[string]string `json:"handles"`
	// Followers is the audience size across the listed handles.
	Followers int64 `json:"followers"`
	// AvgViews is the average views of the last ~30 posts.
	AvgViews int64 `json:"avgViews"`
	// EngagementRate is (likes+comments+shares) / views, from 0 to 1.
	EngagementRate float64 `json:"engagementRate"`
	// ActiveShare is the share of followers who are active, from 0 to 1 (0: unknown).
	ActiveShare float64   `json:"activeShare"`
	Audience    Audience  `json:"audience"`
	Topics      []string  `json:"topics"`
	Country     string    `json:"country"`
	Email       string    `json:"email,omitempty"`
	RateCard    RateCard  `json:"rateCard"`
	Notes       string    `json:"notes,omitempty"`
	Tags        []string  `json:"tags"`
	Lists       []string  `json:"lists"`
	Archived    bool      `json:"archived,omitempty"`
	Created     time.Time `json:"createdAt"`
	Updated     time.Time `json:"updatedAt"`
	Version     int64     `json:"version"`
}

// Audience describes who follows a creator, as shares from 0 to 1.
type Audience struct {
	// Countries maps ISO 3166 alpha-2 codes to shares.
	Countries map[string]float64 `json:"countries,omitempty"`
	Female    float64            `json:"female"`
	// Ages maps age brackets (AgeBrackets) to shares.
	Ages map[string]float64 `json:"ages,omitempty"`
	// IOS is the share on iOS; the rest is taken to be Android.
	IOS float64 `json:"ios"`
}

// AgeBrackets are the age groups the platforms report.
var AgeBrackets = []string{"13-17", "18-24", "25-34", "35-44", "45-54", "55+"}

// RateCard is what a creator asks per post, in minor units of Currency.
type RateCard struct {
	PerPost  int64  `json:"perPost"`
	Currency string `json:"currency"`
}

// Tier is a creator's size class by followers (DOMAIN.md section 3).
type Tier string

// The tiers.
const (
	Nano  Tier = "nano"
	Micro Tier = "micro"
	Mid   Tier = "mid"
	Macro Tier = "macro"
	Mega  Tier = "mega"
)

// Tiers lists the tiers from smallest to largest.
var Tiers = []Tier{Nano, Micro, Mid, Macro, Mega}

// TierOf derives the tier from followers; it is never typed in.
func TierOf(followers int64) Tier {
	switch {
	case followers < 10_000:
		return Nano
	case followers < 100_000:
		return Micro
	case followers < 500_000:
		return Mid
	case followers <= 1_000_000:
		return Macro
	}
	return Mega
}

// PotentialReach is followers × active share (DOMAIN.md section 2); with no active share
// known, all followers count.
func PotentialReach(followers int64, activeShare float64) float64 {
	if activeShare <= 0 {
		return float64(followers)
	}
	return float64(followers) * activeShare
}

// ImpactScore is DOMAIN.md section 4's ranking aid: reach × engagement × relevance − cost,
// with cost in major units of its currency (JPY has no minor unit, KWD three; an unknown or
// missing currency counts as two decimals). It ranks a shortlist; it is not a forecast.
func ImpactScore(reach, engagement, relevance float64, costMinor int64, currency string) float64 {
	exp, ok := money.Currency(strings.ToUpper(currency)).Exponent()
	if !ok {
		exp = 2
	}
	return reach*engagement*relevance - float64(costMinor)/math.Pow10(exp)
}

// Normalize tidies input before it is checked: trims, lower-cases handles and topics,
// upper-cases country codes, drops empty and duplicate list entries.
func Normalize(c *Creator) {
	c.Name = strings.TrimSpace(c.Name)
	handles := map[string]string{}
	for p, h := range c.Handles {
		h = strings.TrimPrefix(strings.TrimSpace(h), "@")
		if h != "" {
			handles[strings.ToLower(p)] = strings.ToLower(h)
		}
	}
	c.Handles = handles
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	c.Email = strings.TrimSpace(c.Email)
	c.RateCard.Currency = strings.ToUpper(strings.TrimSpace(c.RateCard.Currency))
	c.Topics = cleanList(c.Topics, true)
	c.Tags = cleanList(c.Tags, true)
	c.Lists = cleanList(c.Lists, false)
	if len(c.Audience.Countries) > 0 {
		countries := map[string]float64{}
		for k, v := range c.Audience.Countries {
			countries[strings.ToUpper(strings.TrimSpace(k))] = v
		}
		c.Audience.Countries = countries
	}
}

func cleanList(in []string, lower bool) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if lower {
			s = strings.ToLower(s)
		}
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Check validates a normalized creator.
func Check(c Creator) error {
	var v validate.Errors
	v.Text("name", c.Name, 120)
	if len(c.Handles) == 0 {
		v.Add("handles", "required", "needs a handle on at least one of tiktok, instagram, youtube")
	}
	for p, h := range c.Handles {
		v.OneOf("handles."+p, p, Platforms...)
		if len(h) > 100 || strings.ContainsAny(h, " /?#\n") {
			v.Add("handles."+p, "invalid", "must be a handle such as creator.name")
		}
	}
	if c.Followers < 0 {
		v.Add("followers", "out-of-range", "cannot be negative")
	}
	if c.AvgViews < 0 {
		v.Add("avgViews", "out-of-range", "cannot be negative")
	}
	v.Range("engagementRate", c.EngagementRate, 0, 1)
	v.Range("activeShare", c.ActiveShare, 0, 1)
	checkAudience(&v, c.Audience)
	if c.Country != "" && !isCountry(c.Country) {
		v.Add("country", "invalid", "must be a two-letter country code such as US")
	}
	if c.Email != "" {
		v.Email("email", c.Email)
	}
	if c.RateCard.PerPost < 0 {
		v.Add("rateCard.perPost", "out-of-range", "cannot be negative")
	}
	if c.RateCard.PerPost > 0 && !isCurrency(c.RateCard.Currency) {
		v.Add("rateCard.currency", "invalid", "must be a three-letter ISO 4217 code such as USD")
	}
	v.MaxLen("notes", c.Notes, 5000)
	for _, group := range []struct {
		field string
		list  []string
	}{{"topics", c.Topics}, {"tags", c.Tags}, {"lists", c.Lists}} {
		if len(group.list) > 50 {
			v.Add(group.field, "too-long", "at most 50 entries")
		}
		for i, s := range group.list {
			v.MaxLen(fmt.Sprintf("%s[%d]", group.field, i), s, 60)
		}
	}
	return v.Err()
}

func checkAudience(v *validate.Errors, a Audience) {
	v.Range("audience.female", a.Female, 0, 1)
	v.Range("audience.ios", a.IOS, 0, 1)
	total := 0.0
	for code, share := range a.Countries {
		if !isCountry(code) {
			v.Add("audience.countries."+code, "invalid", "must be keyed by two-letter country codes")
		}
		v.Range("audience.countries."+code, share, 0, 1)
		total += share
	}
	if total > 1.0001 {
		v.Add("audience.countries", "out-of-range", "shares add up to more than 1")
	}
	total = 0
	for bracket, share := range a.Ages {
		v.OneOf("audience.ages."+bracket, bracket, AgeBrackets...)
		v.Range("audience.ages."+bracket, share, 0, 1)
		total += share
	}
	if total > 1.0001 {
		v.Add("audience.ages", "out-of-range", "shares add up to more than 1")
	}
}

func isCountry(s string) bool {
	return len(s) == 2 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

func isCurrency(s string) bool {
	return len(s) == 3 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}
