package campaigns

import (
	"fmt"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/validate"
)

// Stages of the pipeline, in order (DOMAIN.md section 5). Declined can be reached from any
// stage; otherwise a creator may move forward or back, and every move is recorded.
var Stages = []string{"candidate", "shortlisted", "vetted", "contacted", "negotiating", "contracted", "content_review", "live", "completed", "declined"}

// CompensationModels are the deal types of DOMAIN.md section 6.
var CompensationModels = []string{"flat_fee", "per_click", "per_sale", "commission", "gifting"}

// DeliverableKinds are what a creator can owe.
var DeliverableKinds = []string{"post", "video", "story", "review", "giveaway", "challenge", "dance", "duet", "live"}

// Member is a creator in a campaign. Its id is the creator's id: a creator is in a
// campaign at most once.
type Member struct {
	WorkspaceID string `json:"workspaceId"`
	CampaignID  string `json:"campaignId"`
	CreatorID   string `json:"creatorId"`
	// CreatorName and Handles are copied from the roster when added, for the board.
	CreatorName  string            `json:"creatorName"`
	Handles      map[string]string `json:"handles"`
	Stage        string            `json:"stage"`
	History      []StageChange     `json:"history"`
	Compensation Compensation      `json:"compensation"`
	// AgreedCost is the fixed fee part of the deal (fees, shipping, hidden costs); the
	// gifted product's value is Compensation.GiftValue, and performance pay is added from
	// attributed results (docs/metrics.md, "Cost").
	AgreedCost   Money         `json:"agreedCost"`
	Deliverables []Deliverable `json:"deliverables"`
	// Relevance is the marketer's 0-1 fit estimate; the audience match is the default.
	Relevance float64 `json:"relevance"`
	// Revisions counts content sent back for changes, for the post-mortem.
	Revisions int        `json:"revisions"`
	Notes     string     `json:"notes,omitempty"`
	Codes     []Code     `json:"codes"`
	Outreach  []Outreach `json:"outreach"`
	Archived  bool       `json:"archived,omitempty"`
	Added     time.Time  `json:"addedAt"`
	Updated   time.Time  `json:"updatedAt"`
	Version   int64      `json:"version"`
}

// StageChange records one move on the board: who, when, from where to where.
type StageChange struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// Compensation is the deal's terms. Amounts are minor units of Currency; commission is in
// basis points of net attributed revenue (1000 = 10%).
type Compensation struct {
	Model         string `json:"model"`
	FlatFee       int64  `json:"flatFee,omitempty"`
	PerClick      int64  `json:"perClick,omitempty"`
	PerSale       int64  `json:"perSale,omitempty"`
	CommissionBps int64  `json:"commissionBps,omitempty"`
	GiftValue     int64  `json:"giftValue,omitempty"`
	Currency      string `json:"currency"`
}

// Deliverable is content the creator owes.
type Deliverable struct {
	Kind     string `json:"kind"`
	Platform string `json:"platform"`
	Count    int    `json:"count"`
	Due      string `json:"due,omitempty"`
}

// Code is a coupon code assigned to the member on one shop connection.
type Code struct {
	Code         string    `json:"code"`
	ConnectionID string    `json:"connectionId"`
	Assigned     time.Time `json:"assignedAt"`
}

// Outreach records one pitch sent and what came of it.
type Outreach struct {
	PitchID   string    `json:"pitchId"`
	VariantID string    `json:"variantId"`
	Sent      time.Time `json:"sentAt"`
	// Outcome is one of Outcomes.
	Outcome   string     `json:"outcome"`
	OutcomeAt *time.Time `json:"outcomeAt,omitempty"`
}

// Outcomes of a pitch.
var Outcomes = []string{"no_reply", "replied", "accepted", "declined"}

// MemberTerms are the fields of a member a marketer edits directly.
type MemberTerms struct {
	Compensation Compensation  `json:"compensation"`
	AgreedCost   Money         `json:"agreedCost"`
	Deliverables []Deliverable `json:"deliverables"`
	Relevance    float64       `json:"relevance"`
	Revisions    int           `json:"revisions"`
	Notes        string        `json:"notes"`
}

// CheckTerms validates a member's terms.
func CheckTerms(t MemberTerms) error {
	var v validate.Errors
	if t.Compensation.Model != "" {
		v.OneOf("compensation.model", t.Compensation.Model, CompensationModels...)
	}
	c := t.Compensation
	for field, amount := range map[string]int64{"compensation.flatFee": c.FlatFee, "compensation.perClick": c.PerClick,
		"compensation.perSale": c.PerSale, "compensation.giftValue": c.GiftValue, "agreedCost.amount": t.AgreedCost.Amount} {
		if amount < 0 {
			v.Add(field, "out-of-range", "cannot be negative")
		}
	}
	if c.CommissionBps < 0 || c.CommissionBps > 10000 {
		v.Add("compensation.commissionBps", "out-of-range", "must be between 0 and 10000 (100%%)")
	}
	if c.Model == "commission" && c.CommissionBps == 0 {
		v.Add("compensation.commissionBps", "required", "a commission deal needs a rate")
	}
	v.Range("relevance", t.Relevance, 0, 1)
	if t.Revisions < 0 {
		v.Add("revisions", "out-of-range", "cannot be negative")
	}
	for i, d := range t.Deliverables {
		f := fmt.Sprintf("deliverables[%d]", i)
		v.OneOf(f+".kind", d.Kind, DeliverableKinds...)
		v.OneOf(f+".platform", d.Platform, Platforms...)
		if d.Count < 1 || d.Count > 1000 {
			v.Add(f+".count", "out-of-range", "must be between 1 and 1000")
		}
		if d.Due != "" {
			v.Date(f+".due", d.Due)
		}
	}
	v.MaxLen("notes", t.Notes, 10000)
	return v.Err()
}

// Move puts a member on a new stage and records who moved it.
func Move(m *Member, to, by, note string, at time.Time) error {
	var v validate.Errors
	v.OneOf("stage", to, Stages...)
	v.MaxLen("note", note, 2000)
	if err := v.Err(); err != nil {
		return err
	}
	if m.Stage == to {
		return nil
	}
	m.History = append(m.History, StageChange{From: m.Stage, To: to, By: by, At: at, Note: strings.TrimSpace(note)})
	m.Stage = to
	return nil
}

// NormalizeCode makes coupon codes case-insensitive: shops treat them so, and a creator's
// "SUMMER10" must match a buyer's "summer10".
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// CheckCode validates a coupon code.
func CheckCode(code string) error {
	var v validate.Errors
	if v.Required("code", code) {
		if len(code) > 64 || strings.ContainsAny(code, " \t\n/#?") {
			v.Add("code", "invalid", "must be up to 64 characters without spaces")
		}
	}
	return v.Err()
}
