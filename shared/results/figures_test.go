package results

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/money"
)

// TestDivisionByZeroIsNoData: every ratio whose denominator is zero is null, never 0 or
// infinity, and the numerator alone never decides it.
func TestDivisionByZeroIsNoData(t *testing.T) {
	all := Sources{Traffic: true, Sales: true, Content: true}
	cases := []struct {
		name  string
		tally func(*tally)
		check func(*testing.T, Figures)
	}{
		{"no views", func(t *tally) { t.likes, t.human, t.postsLive = 5, 3, 1 }, func(t *testing.T, f Figures) {
			isNil(t, "engagementRate", f.EngagementRate)
			isNil(t, "clickThroughPer1000Views", f.ClickThroughPer1000Views)
			isNil(t, "cpm", f.CPM[usd])
			isVal(t, "viewsPerPost", f.ViewsPerPost, 0)
		}},
		{"no posts", func(t *tally) { t.views = 100 }, func(t *testing.T, f Figures) {
			isNil(t, "viewsPerPost", f.ViewsPerPost)
		}},
		{"no engagements", func(t *tally) { t.views = 100 }, func(t *testing.T, f Figures) {
			isNil(t, "cpe", f.CPE[usd])
			isVal(t, "engagementRate", f.EngagementRate, 0)
		}},
		{"nothing checked", func(t *tally) {}, func(t *testing.T, f Figures) {
			isNil(t, "disclosureCompliance", f.DisclosureCompliance)
		}},
		{"no visitors", func(t *tally) { t.salesOf(usd).orders = 2 }, func(t *testing.T, f Figures) {
			isNil(t, "conversion", f.Conversion)
		}},
		{"no human clicks", func(t *tally) { t.clicks = 9 }, func(t *testing.T, f Figures) {
			isNil(t, "cpc", f.CPC[usd])
			if *f.BotClicks != 9 {
				t.Fatalf("bot clicks %d", *f.BotClicks)
			}
		}},
		{"no orders", func(t *tally) { t.salesOf(usd).net = -500 }, func(t *testing.T, f Figures) {
			isNil(t, "aov", f.AOV[usd])
			isNil(t, "cpa", f.CPA[usd])
		}},
		{"no cost", func(t *tally) { t.salesOf(usd).net = 1000 }, func(t *testing.T, f Figures) {
			isNil(t, "roas", f.ROAS[usd])
			isNil(t, "roi", f.ROI[usd])
		}},
		{"cost in another currency only", func(t *tally) { t.fixed[eur] = 100; t.views = 10 }, func(t *testing.T, f Figures) {
			isNil(t, "roas USD", f.ROAS[usd])
			isVal(t, "roas EUR", f.ROAS[eur], 0)
			isVal(t, "cpm USD", f.CPM[usd], 0)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tl := newTally()
			tc.tally(tl)
			f := tl.figures(all, usd)
			tc.check(t, f)
			b, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			if s := string(b); strings.Contains(s, "Inf") || strings.Contains(s, "NaN") {
				t.Fatalf("infinity or NaN in %s", s)
			}
		})
	}
}

func isNil(t *testing.T, what string, v *float64) {
	t.Helper()
	if v != nil {
		t.Fatalf("%s = %v, want no data", what, *v)
	}
}

func isVal(t *testing.T, what string, v *float64, want float64) {
	t.Helper()
	if v == nil || *v != want {
		t.Fatalf("%s = %v, want %v", what, v, want)
	}
}

// TestMissingSourcesAreNoData: without a source, its figures are null, not zero; a cost
// is known only when no deal depends on a missing source.
func TestMissingSourcesAreNoData(t *testing.T) {
	in := seededInput()
	in.Sources = Sources{}
	d := Compute(in, march, "2026-04-10", Sort{Key: "views", Desc: true})
	f := d.Figures
	for _, def := range Definitions {
		v := def.Value(&f)
		switch def.Key {
		case "followers", "fixedCost", "clickPay":
			// Followers come from the roster and fixed costs from the deals; click pay below.
			continue
		}
		if !isNoData(v) {
			t.Errorf("%s without sources = %v, want no data", def.Key, v)
		}
	}
	if f.ClickPay != nil {
		t.Fatalf("Ben is paid per click: click pay without click counters is %v", f.ClickPay)
	}
	if f.FixedCost[usd] != 135000 || f.FixedCost[eur] != 40000 {
		t.Fatalf("fixed cost %v", f.FixedCost)
	}
	if d.Goal.Status != nil || d.Goal.Actual != nil {
		t.Fatalf("goal without sales: %+v", d.Goal)
	}
	for _, day := range d.Series {
		if day.Clicks != nil || day.Orders != nil || day.NetRevenue != nil || day.Views != nil {
			t.Fatalf("series day %s has figures without sources", day.Day)
		}
	}

	// Only the deals that need a source lose their cost: Cleo's flat USD 300 is known.
	c, _ := ComputeCreator(in, "cleo", march, "2026-04-10")
	if c.Creator.Figures.Cost[usd] != 30000 || c.Creator.Figures.Commission == nil {
		t.Fatalf("cleo's cost %v, commission %v", c.Creator.Figures.Cost, c.Creator.Figures.Commission)
	}
	a, _ := ComputeCreator(in, "ana", march, "2026-04-10")
	if a.Creator.Figures.Cost != nil || a.Creator.Figures.Commission != nil || a.Creator.Figures.ClickPay == nil {
		t.Fatalf("ana's cost needs the ledger: cost %v commission %v", a.Creator.Figures.Cost, a.Creator.Figures.Commission)
	}
}

func isNoData(v any) bool {
	switch v := v.(type) {
	case *int64:
		return v == nil
	case *float64:
		return v == nil
	case Amounts:
		return v == nil
	case Reals:
		return v == nil
	}
	return false
}

// TestEveryFigureHasOneDefinition: each Figures field has exactly one definition under
// its JSON name, and every definition reads a field.
func TestEveryFigureHasOneDefinition(t *testing.T) {
	b, err := json.Marshal(Figures{})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range Definitions {
		if seen[d.Key] {
			t.Errorf("%s is defined twice", d.Key)
		}
		seen[d.Key] = true
		if _, ok := fields[d.Key]; !ok {
			t.Errorf("definition %s names no field of Figures", d.Key)
		}
		if d.Label == "" || d.Definition == "" || d.Group == "" || d.Unit == "" {
			t.Errorf("definition %s is incomplete", d.Key)
		}
	}
	for k := range fields {
		if !seen[k] {
			t.Errorf("figure %s has no definition", k)
		}
	}
	// Each accessor reads its own field: set one field at a time through JSON.
	for _, d := range Definitions {
		var f Figures
		raw := `{"` + d.Key + `":1}`
		switch d.Unit {
		case UnitMoney:
			raw = `{"` + d.Key + `":{"USD":1}}`
		case UnitMoneyPer, UnitMoneyRatio:
			raw = `{"` + d.Key + `":{"USD":1}}`
		}
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			t.Fatal(err)
		}
		if v, ok := d.number(&f, money.Currency("USD")); !ok || v != 1 {
			t.Errorf("definition %s reads another field", d.Key)
		}
	}
}

func TestImpactScore(t *testing.T) {
	reach, er := int64(1000), 0.1
	cases := []struct {
		name string
		f    Figures
		want *float64
	}{
		{"one currency", Figures{PotentialReach: &reach, EngagementRate: &er, Cost: Amounts{usd: 2500, eur: 0}}, f64(1000*0.1*0.5 - 25)},
		{"zero-decimal currency", Figures{PotentialReach: &reach, EngagementRate: &er, Cost: Amounts{"JPY": 2500}}, f64(1000*0.1*0.5 - 2500)},
		{"two currencies", Figures{PotentialReach: &reach, EngagementRate: &er, Cost: Amounts{usd: 1, eur: 1}}, nil},
		{"no cost known", Figures{PotentialReach: &reach, EngagementRate: &er}, nil},
		{"no reach yet", Figures{PotentialReach: i64(0), Cost: Amounts{usd: 100}}, f64(-1)},
		{"posts without views", Figures{PotentialReach: &reach, Cost: Amounts{usd: 100}}, nil},
		{"unknown currency", Figures{PotentialReach: &reach, EngagementRate: &er, Cost: Amounts{"XXY": 1}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sameJSON(t, "score", impactScore(&tc.f, 0.5), tc.want)
		})
	}
}

// TestFixedCostCountsOnceTheDealStands: fixed costs count in full in any range that
// overlaps the campaign's days, and only for creators whose deal stands.
func TestFixedCostCountsOnceTheDealStands(t *testing.T) {
	days := Range{From: "2026-03-01", To: "2026-03-31"}
	m := MemberInput{Stage: "live", Terms: Terms{AgreedFees: money.New(1000, usd), Gifting: money.New(200, eur)}}
	cases := []struct {
		stage string
		r     Range
		want  map[money.Currency]int64
	}{
		{"live", Range{From: "2026-03-10", To: "2026-03-10"}, map[money.Currency]int64{usd: 1000, eur: 200}},
		{"completed", Range{From: "2026-02-01", To: "2026-03-01"}, map[money.Currency]int64{usd: 1000, eur: 200}},
		{"live", Range{From: "2026-04-01", To: "2026-04-30"}, map[money.Currency]int64{}},
		{"negotiating", days, map[money.Currency]int64{}},
		{"declined", days, map[money.Currency]int64{}},
	}
	for _, tc := range cases {
		m.Stage = tc.stage
		got := tallyMember(&m, nil, tc.r, days).fixed
		sameJSON(t, tc.stage+" "+string(tc.r.From), got, tc.want)
	}
	// A creator removed from the campaign no longer owes or is owed the deal.
	m.Stage, m.Archived = "live", true
	sameJSON(t, "removed", tallyMember(&m, nil, days, days).fixed, map[money.Currency]int64{})
}
