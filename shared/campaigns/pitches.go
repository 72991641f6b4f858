package campaigns

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Pitch is an outreach message with variants tested against each other (DOMAIN.md
// section 5: subject lines drive opens, messages drive replies). Sending e-mail is outside
// the product; recording which variant went to whom and what came back is not.
type Pitch struct {
	ID          string    `json:"id"`
	WorkspaceID string    `json:"workspaceId"`
	CampaignID  string    `json:"campaignId"`
	Name        string    `json:"name"`
	Variants    []Variant `json:"variants"`
	Created     time.Time `json:"createdAt"`
}

// Variant is one version of a pitch.
type Variant struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Subject string `json:"subject"`
	Message string `json:"message"`
}

// VariantStats are a variant's results. Rates are nil when nothing was sent: "no data",
// not zero.
type VariantStats struct {
	Variant
	Sent           int      `json:"sent"`
	Replied        int      `json:"replied"`
	Accepted       int      `json:"accepted"`
	Declined       int      `json:"declined"`
	ReplyRate      *float64 `json:"replyRate"`
	AcceptanceRate *float64 `json:"acceptanceRate"`
}

// PitchStats is a pitch with its variants' results.
type PitchStats struct {
	Pitch
	Variants []VariantStats `json:"variants"`
}

// NewPitch validates a pitch and gives it and its variants ids.
func NewPitch(workspaceID, campaignID string, in Pitch, now time.Time) (Pitch, error) {
	var v validate.Errors
	v.Text("name", in.Name, 120)
	if len(in.Variants) < 1 || len(in.Variants) > 10 {
		v.Add("variants", "out-of-range", "a pitch needs 1 to 10 variants")
	}
	for i, vr := range in.Variants {
		f := fmt.Sprintf("variants[%d]", i)
		v.Text(f+".label", vr.Label, 60)
		v.MaxLen(f+".subject", vr.Subject, 200)
		v.Required(f+".message", vr.Message)
		v.MaxLen(f+".message", vr.Message, 10000)
		in.Variants[i].ID = ids.New()
	}
	if err := v.Err(); err != nil {
		return Pitch{}, err
	}
	in.ID, in.WorkspaceID, in.CampaignID, in.Created = ids.New(), workspaceID, campaignID, now
	return in, nil
}

// RecordOutreach notes that a variant was sent to the member, or, when outcome is set,
// what came of the last send of that pitch.
func RecordOutreach(m *Member, p Pitch, variantID, outcome string, at time.Time) error {
	var v validate.Errors
	if !slices.ContainsFunc(p.Variants, func(vr Variant) bool { return vr.ID == variantID }) {
		v.Add("variantId", "invalid", "is not a variant of this pitch")
	}
	if outcome != "" {
		v.OneOf("outcome", outcome, Outcomes...)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if outcome == "" {
		m.Outreach = append(m.Outreach, Outreach{PitchID: p.ID, VariantID: variantID, Sent: at, Outcome: "no_reply"})
		return nil
	}
	for i := len(m.Outreach) - 1; i >= 0; i-- {
		if o := &m.Outreach[i]; o.PitchID == p.ID && o.VariantID == variantID {
			o.Outcome, o.OutcomeAt = outcome, &at
			return nil
		}
	}
	v.Add("variantId", "not-sent", "record the send of this variant first")
	return v.Err()
}

// Stats counts each variant's sends and outcomes across a campaign's members.
func Stats(p Pitch, members []Member) PitchStats {
	out := PitchStats{Pitch: p, Variants: make([]VariantStats, len(p.Variants))}
	index := map[string]int{}
	for i, vr := range p.Variants {
		out.Variants[i] = VariantStats{Variant: vr}
		index[vr.ID] = i
	}
	for _, m := range members {
		for _, o := range m.Outreach {
			i, ok := index[o.VariantID]
			if o.PitchID != p.ID || !ok {
				continue
			}
			s := &out.Variants[i]
			s.Sent++
			switch strings.ToLower(o.Outcome) {
			case "replied":
				s.Replied++
			case "accepted":
				s.Replied++
				s.Accepted++
			case "declined":
				s.Replied++
				s.Declined++
			}
		}
	}
	for i := range out.Variants {
		s := &out.Variants[i]
		if s.Sent > 0 {
			reply, accept := float64(s.Replied)/float64(s.Sent), float64(s.Accepted)/float64(s.Sent)
			s.ReplyRate, s.AcceptanceRate = &reply, &accept
		}
	}
	return out
}
