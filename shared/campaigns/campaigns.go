// Package campaigns holds campaigns and the creators in them: a campaign starts from a
// SMART goal (DOMAIN.md section 1), and each creator moves through the pipeline (section 5)
// under a deal (section 6) with coupon codes, links and tracked posts.
package campaigns

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Objectives a campaign can pursue.
var Objectives = []string{"awareness", "traffic", "leads", "sales", "content"}

// GoalMetrics are the figures a goal can name. Revenue targets are in minor units of the
// campaign's currency.
var GoalMetrics = []string{"views", "reach", "engagements", "clicks", "unique_visitors", "leads", "orders", "revenue", "posts", "mentions"}

// Statuses of a campaign. Archived is reached by deleting and is read-only.
var Statuses = []string{"draft", "active", "paused", "completed", "archived"}

// Platforms a campaign can run on.
var Platforms = []string{"tiktok", "instagram", "youtube"}

// Campaign is one campaign of a workspace.
type Campaign struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	Name        string `json:"name"`
	// Slug names the campaign in utm_campaign; derived from the name when empty.
	Slug      string `json:"slug"`
	Objective string `json:"objective"`
	Goal      Goal   `json:"goal"`
	// StartDate and EndDate are ISO dates in the workspace's time zone.
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
	Budget    Money  `json:"budget"`
	Status    string `json:"status"`
	Brief     string `json:"brief,omitempty"`
	// DisclosureTags every sponsored post must carry (default #ad).
	DisclosureTags []string `json:"disclosureTags"`
	Platforms      []string `json:"platforms"`
	DestinationURL string   `json:"destinationUrl"`
	// AttributionWindowDays counts orders within this many days of a click (default 30).
	AttributionWindowDays int               `json:"attributionWindowDays"`
	UTM                   UTM               `json:"utm"`
	Persona               *creators.Persona `json:"persona,omitempty"`
	// BenchmarkCPA is the marketer's paid-ads cost per acquisition to compare against.
	BenchmarkCPA *Money    `json:"benchmarkCpa,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	Created      time.Time `json:"createdAt"`
	Updated      time.Time `json:"updatedAt"`
	Version      int64     `json:"version"`
}

// Goal is the S-M-A-R-T part a product can check: a metric, a target and a deadline.
type Goal struct {
	Metric string `json:"metric"`
	Target int64  `json:"target"`
	// Deadline is an ISO date.
	Deadline string `json:"deadline"`
}

// Money is an amount in minor units of an ISO 4217 currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// UTM holds the campaign's UTM settings; empty fields take the defaults the redirect
// derives (platform, "influencer", the campaign slug, the creator's handle).
type UTM struct {
	Source   string `json:"source,omitempty"`
	Medium   string `json:"medium,omitempty"`
	Campaign string `json:"campaign,omitempty"`
	Content  string `json:"content,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

var slugChars = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify turns a name into a utm_campaign value.
func Slugify(name string) string {
	s := strings.Trim(slugChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// applyDefaults fills what a marketer may leave out.
func applyDefaults(c *Campaign, currency string) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Slug == "" {
		c.Slug = Slugify(c.Name)
	}
	if c.Status == "" {
		c.Status = "draft"
	}
	if c.DisclosureTags == nil {
		c.DisclosureTags = []string{"#ad"}
	}
	for i, tag := range c.DisclosureTags {
		tag = strings.TrimSpace(tag)
		if tag != "" && !strings.HasPrefix(tag, "#") {
			tag = "#" + tag
		}
		c.DisclosureTags[i] = strings.ToLower(tag)
	}
	if c.Platforms == nil {
		c.Platforms = []string{}
	}
	if c.AttributionWindowDays == 0 {
		c.AttributionWindowDays = 30
	}
	if c.Budget.Currency == "" {
		c.Budget.Currency = currency
	}
	c.Budget.Currency = strings.ToUpper(c.Budget.Currency)
}

// Check validates a campaign.
func Check(c Campaign) error {
	var v validate.Errors
	v.Text("name", c.Name, 120)
	if c.Slug != "" && (Slugify(c.Slug) != c.Slug) {
		v.Add("slug", "invalid", "must be lower-case letters, digits and dashes")
	}
	v.OneOf("objective", c.Objective, Objectives...)
	v.OneOf("goal.metric", c.Goal.Metric, GoalMetrics...)
	if c.Goal.Target <= 0 {
		v.Add("goal.target", "out-of-range", "must be above 0: a goal needs a number to reach")
	}
	deadline, okDeadline := v.Date("goal.deadline", c.Goal.Deadline)
	start, okStart := v.Date("startDate", c.StartDate)
	end, okEnd := v.Date("endDate", c.EndDate)
	if okStart && okEnd && end.Before(start) {
		v.Add("endDate", "out-of-range", "must not be before the start date")
	}
	if okStart && okDeadline && deadline.Before(start) {
		v.Add("goal.deadline", "out-of-range", "must not be before the start date")
	}
	if c.Budget.Amount < 0 {
		v.Add("budget.amount", "out-of-range", "cannot be negative")
	}
	if len(c.Budget.Currency) != 3 || strings.Trim(c.Budget.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		v.Add("budget.currency", "invalid", "must be a three-letter ISO 4217 code such as USD")
	}
	v.OneOf("status", c.Status, Statuses...)
	v.MaxLen("brief", c.Brief, 10000)
	v.MaxLen("notes", c.Notes, 20000)
	if len(c.DisclosureTags) == 0 {
		v.Add("disclosureTags", "required", "name at least one disclosure tag, such as #ad")
	}
	for i, tag := range c.DisclosureTags {
		if len(tag) < 2 || len(tag) > 40 || strings.ContainsAny(tag[1:], " #\n") {
			v.Add(fmt.Sprintf("disclosureTags[%d]", i), "invalid", "must be a hashtag such as #ad")
		}
	}
	for i, p := range c.Platforms {
		v.OneOf(fmt.Sprintf("platforms[%d]", i), p, Platforms...)
	}
	checkDestination(&v, "destinationUrl", c.DestinationURL)
	v.Range("attributionWindowDays", float64(c.AttributionWindowDays), 1, 365)
	for field, value := range map[string]string{"utm.source": c.UTM.Source, "utm.medium": c.UTM.Medium, "utm.campaign": c.UTM.Campaign, "utm.content": c.UTM.Content} {
		v.MaxLen(field, value, 100)
	}
	if c.Persona != nil {
		if err := creators.CheckPersona(*c.Persona); err != nil {
			return merge(&v, err)
		}
	}
	if c.BenchmarkCPA != nil && c.BenchmarkCPA.Amount < 0 {
		v.Add("benchmarkCpa.amount", "out-of-range", "cannot be negative")
	}
	return v.Err()
}

// checkDestination does the campaign-level check of a landing page: an absolute http(s)
// URL. The links package applies the full rules (no private hosts, allow-lists) per link.
func checkDestination(v *validate.Errors, field, raw string) {
	if raw == "" {
		v.Add(field, "required", "is required: where should the creators' links lead?")
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(raw) > 2048 {
		v.Add(field, "invalid", "must be an absolute http or https URL without credentials")
	}
}

func merge(v *validate.Errors, err error) error {
	if ve, ok := err.(*validate.Error); ok {
		for _, f := range ve.Fields {
			v.Add(f.Field, f.Code, "%s", f.Message)
		}
	}
	return v.Err()
}
