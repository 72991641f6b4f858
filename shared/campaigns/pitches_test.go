package campaigns

import (
	"testing"
	"time"
)

func TestPitchStatsCountOutcomesPerVariant(t *testing.T) {
	now := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	p, err := NewPitch("w", "c", Pitch{Name: "Spring", Variants: []Variant{
		{Label: "A", Subject: "Collab?", Message: "Hi!"}, {Label: "B", Subject: "Paid partnership", Message: "Hello"}, {Label: "C", Message: "Hey"},
	}}, now)
	if err != nil {
		t.Fatal(err)
	}
	a, b := p.Variants[0].ID, p.Variants[1].ID
	members := make([]Member, 4)
	steps := []struct {
		member  int
		variant string
		outcome string
	}{
		{0, a, ""}, {0, a, "accepted"},
		{1, a, ""}, {1, a, "replied"},
		{2, a, ""},
		{3, b, ""}, {3, b, "declined"},
	}
	for _, s := range steps {
		if err := RecordOutreach(&members[s.member], p, s.variant, s.outcome, now); err != nil {
			t.Fatal(err)
		}
	}
	stats := Stats(p, members)
	want := []struct {
		sent, replied, accepted int
		reply, accept           float64
	}{{3, 2, 1, 2.0 / 3, 1.0 / 3}, {1, 1, 0, 1, 0}}
	for i, w := range want {
		s := stats.Variants[i]
		if s.Sent != w.sent || s.Replied != w.replied || s.Accepted != w.accepted || *s.ReplyRate != w.reply || *s.AcceptanceRate != w.accept {
			t.Errorf("variant %s: %+v", s.Label, s)
		}
	}
	if c := stats.Variants[2]; c.Sent != 0 || c.ReplyRate != nil || c.AcceptanceRate != nil {
		t.Errorf("an unsent variant has no rates, not zero: %+v", c)
	}
	if err := RecordOutreach(&members[2], p, p.Variants[2].ID, "replied", now); err == nil {
		t.Error("an outcome for a variant never sent must be refused")
	}
	if err := RecordOutreach(&members[2], p, "nope", "", now); err == nil {
		t.Error("an unknown variant must be refused")
	}
}
