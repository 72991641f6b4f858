package results

import (
	"cmp"
	"slices"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/money"
)

// CampaignSummary is one campaign's figures and goal over its own days.
type CampaignSummary struct {
	Campaign CampaignRef `json:"campaign"`
	Range    Range       `json:"range"`
	Sources  Sources     `json:"sources"`
	Goal     Goal        `json:"goal"`
	Figures  Figures     `json:"figures"`
}

// Benchmark compares a campaign's CPA with the paid-ads CPA its marketer entered.
type Benchmark struct {
	// CPA is the marketer's paid-ads cost per acquisition.
	CPA campaigns.Money `json:"cpa"`
	// Actual is the campaign's CPA in the benchmark's currency (minor units); no data
	// unless all of the campaign's cost is in that currency, since amounts are never
	// converted.
	Actual *float64 `json:"actual"`
	// Difference is Actual − CPA; negative means cheaper than paid ads.
	Difference *float64 `json:"difference"`
	// Ratio is Actual ÷ CPA; below 1 means cheaper than paid ads.
	Ratio *float64 `json:"ratio"`
}

// Comparison sets a campaign beside previous ones of the same objective.
type Comparison struct {
	Objective string `json:"objective"`
	// Campaigns holds this campaign first, then the previous ones, newest first.
	Campaigns []CampaignSummary `json:"campaigns"`
	// Benchmark is set for direct-response campaigns (objective sales, or a goal in
	// orders or revenue) whose marketer entered a paid-ads CPA.
	Benchmark *Benchmark `json:"benchmark"`
}

// Previous picks the campaigns to compare c with: the same objective, started before
// it, not drafts, newest first, at most n.
func Previous(c campaigns.Campaign, all []campaigns.Campaign, n int) []campaigns.Campaign {
	var out []campaigns.Campaign
	for _, o := range all {
		if o.ID != c.ID && o.Objective == c.Objective && o.Status != "draft" && o.StartDate < c.StartDate {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b campaigns.Campaign) int {
		return cmp.Or(cmp.Compare(b.StartDate, a.StartDate), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(n, len(out))]
}

// Summarize computes a campaign's figures and goal over its own days.
func Summarize(in *Input, today Day) CampaignSummary {
	c := newComputer(in)
	r := CampaignDays(in.Campaign)
	rows, tallies := c.rows(r)
	return CampaignSummary{Campaign: c.ref(), Range: r, Sources: in.Sources, Goal: c.goal(today), Figures: c.campaign(r, rows, tallies)}
}

// Compare sets this campaign beside previous ones, each over its own days.
func Compare(this *Input, previous []*Input, today Day) Comparison {
	out := Comparison{Objective: this.Campaign.Objective, Campaigns: []CampaignSummary{Summarize(this, today)}}
	for _, p := range previous {
		out.Campaigns = append(out.Campaigns, Summarize(p, today))
	}
	out.Benchmark = benchmark(this.Campaign, out.Campaigns[0].Figures)
	return out
}

// DirectResponse reports whether a campaign is judged by sales, so that a paid-ads CPA
// is a fair yardstick.
func DirectResponse(c campaigns.Campaign) bool {
	return c.Objective == "sales" || c.Goal.Metric == "orders" || c.Goal.Metric == "revenue"
}

func benchmark(c campaigns.Campaign, f Figures) *Benchmark {
	if c.BenchmarkCPA == nil || !DirectResponse(c) {
		return nil
	}
	b := &Benchmark{CPA: *c.BenchmarkCPA}
	cur := money.Currency(c.BenchmarkCPA.Currency)
	for other, v := range f.Cost {
		if other != cur && v != 0 {
			return b
		}
	}
	b.Actual = f.CPA[cur]
	if b.Actual == nil {
		return b
	}
	b.Difference = ptr(*b.Actual - float64(c.BenchmarkCPA.Amount))
	if c.BenchmarkCPA.Amount != 0 {
		b.Ratio = ptr(*b.Actual / float64(c.BenchmarkCPA.Amount))
	}
	return b
}
