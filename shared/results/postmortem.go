package results

import (
	"math"
	"slices"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/money"
)

// PostMortem answers DOMAIN.md section 9's questions from the data: was the goal
// reached, how did conversion differ between creators, what did it cost against the
// budget and the deals, how long from contract to post, how many revisions; with the
// marketer's notes.
type PostMortem struct {
	Campaign CampaignRef `json:"campaign"`
	// Range is the campaign's days.
	Range   Range   `json:"range"`
	Today   Day     `json:"today"`
	Sources Sources `json:"sources"`
	Goal    Goal    `json:"goal"`
	// GoalReached is null when the goal's figure is no data.
	GoalReached *bool       `json:"goalReached"`
	Figures     Figures     `json:"figures"`
	Budget      BudgetCheck `json:"budget"`
	// Conversion is the spread of conversion rates between creators.
	Conversion Spread `json:"conversion"`
	// DaysToFirstPost summarises the creators' days from contract to first post.
	DaysToFirstPost DayStats `json:"daysToFirstPost"`
	// Revisions is the content sent back for changes, over all creators.
	Revisions int                 `json:"revisions"`
	Creators  []PostMortemCreator `json:"creators"`
	Benchmark *Benchmark          `json:"benchmark"`
	// Notes are the marketer's notes on the campaign.
	Notes string `json:"notes"`
}

// BudgetCheck compares the cost with the budget, in the budget's currency only.
type BudgetCheck struct {
	Budget campaigns.Money `json:"budget"`
	// Cost is the cost in the budget's currency.
	Cost *int64 `json:"cost"`
	// Overrun is Cost − budget: positive over budget, negative under.
	Overrun *int64 `json:"overrun"`
	// OverrunPercent is Overrun ÷ budget.
	OverrunPercent *float64 `json:"overrunPercent"`
	// OtherCurrencies is cost in other currencies, which the budget cannot absorb
	// without a conversion rate.
	OtherCurrencies Amounts `json:"otherCurrencies"`
}

// PostMortemCreator is one creator's part of the post-mortem.
type PostMortemCreator struct {
	CreatorID      string   `json:"creatorId"`
	Name           string   `json:"name"`
	Stage          string   `json:"stage"`
	UniqueVisitors *int64   `json:"uniqueVisitors"`
	Orders         *int64   `json:"orders"`
	OrdersByCode   *int64   `json:"ordersByCode"`
	Conversion     *float64 `json:"conversion"`
	// Agreed is the deal's fixed part (agreed fees + gifting) of a deal that stands.
	Agreed Amounts `json:"agreed"`
	Cost   Amounts `json:"cost"`
	// OverAgreed is Cost − Agreed per currency: the performance pay on top of the deal.
	OverAgreed      Amounts `json:"overAgreed"`
	ContractedOn    Day     `json:"contractedOn,omitempty"`
	FirstPostOn     Day     `json:"firstPostOn,omitempty"`
	DaysToFirstPost *int64  `json:"daysToFirstPost"`
	Revisions       int     `json:"revisions"`
	Notes           string  `json:"notes,omitempty"`
}

// Spread describes how a figure differs between creators that have it.
type Spread struct {
	// Creators counts the creators with a value.
	Creators int      `json:"creators"`
	Min      *float64 `json:"min"`
	Median   *float64 `json:"median"`
	Max      *float64 `json:"max"`
	Mean     *float64 `json:"mean"`
	// StdDev is the population standard deviation.
	StdDev *float64 `json:"stdDev"`
	// Lowest and Highest name the creators at Min and Max.
	Lowest  string `json:"lowest,omitempty"`
	Highest string `json:"highest,omitempty"`
}

// DayStats summarises a number of days per creator.
type DayStats struct {
	Creators int      `json:"creators"`
	Mean     *float64 `json:"mean"`
	Max      *int64   `json:"max"`
}

// ComputePostMortem builds the post-mortem over the campaign's days as of today.
func ComputePostMortem(in *Input, today Day) PostMortem {
	c := newComputer(in)
	r := CampaignDays(in.Campaign)
	rows, tallies := c.rows(r)
	sortRows(rows, Sort{Key: "name"})
	f := c.campaign(r, rows, tallies)
	pm := PostMortem{
		Campaign: c.ref(), Range: r, Today: today, Sources: in.Sources,
		Goal: c.goal(today), Figures: f, Notes: in.Campaign.Notes,
		Budget:    budgetCheck(in.Campaign.Budget, f.Cost),
		Benchmark: benchmark(in.Campaign, f),
	}
	pm.GoalReached = pm.Goal.Reached()
	byID := make(map[string]*MemberInput, len(c.members))
	for i := range c.members {
		byID[c.members[i].CreatorID] = &c.members[i]
	}
	var conversions []named
	var days []int64
	for _, row := range rows {
		m := byID[row.CreatorID]
		pc := PostMortemCreator{
			CreatorID: row.CreatorID, Name: row.Name, Stage: row.Stage,
			UniqueVisitors: row.Figures.UniqueVisitors, Orders: row.Figures.Orders, OrdersByCode: row.Figures.OrdersByCode,
			Conversion: row.Figures.Conversion, Agreed: agreed(m), Cost: row.Figures.Cost,
			ContractedOn: m.ContractedOn, FirstPostOn: m.FirstPostOn, Revisions: m.Revisions, Notes: m.Notes,
		}
		if pc.Cost != nil {
			pc.OverAgreed = Amounts{}
			for cur, v := range pc.Cost {
				pc.OverAgreed[cur] = v - pc.Agreed[cur]
			}
		}
		if m.ContractedOn != "" && m.FirstPostOn != "" {
			d := int64(m.FirstPostOn.Since(m.ContractedOn))
			pc.DaysToFirstPost = &d
			days = append(days, d)
		}
		if pc.Conversion != nil {
			conversions = append(conversions, named{row.Name, *pc.Conversion})
		}
		pm.Revisions += m.Revisions
		pm.Creators = append(pm.Creators, pc)
	}
	pm.Conversion = spread(conversions)
	pm.DaysToFirstPost = dayStats(days)
	return pm
}

// agreed is the fixed part of a standing deal, per currency.
func agreed(m *MemberInput) Amounts {
	out := Amounts{}
	if !m.Engaged() {
		return out
	}
	for _, a := range []money.Amount{m.Terms.AgreedFees, m.Terms.Gifting} {
		if a.Minor != 0 {
			out[a.Currency] += a.Minor
		}
	}
	return out
}

func budgetCheck(budget campaigns.Money, cost Amounts) BudgetCheck {
	b := BudgetCheck{Budget: budget}
	if cost == nil {
		return b
	}
	cur := money.Currency(budget.Currency)
	b.Cost = ptr(cost[cur])
	b.Overrun = ptr(cost[cur] - budget.Amount)
	b.OverrunPercent = ratio(*b.Overrun, budget.Amount)
	b.OtherCurrencies = Amounts{}
	for c, v := range cost {
		if c != cur && v != 0 {
			b.OtherCurrencies[c] = v
		}
	}
	return b
}

type named struct {
	name  string
	value float64
}

// spread summarises values; with none, every figure is no data.
func spread(values []named) Spread {
	s := Spread{Creators: len(values)}
	if len(values) == 0 {
		return s
	}
	slices.SortStableFunc(values, func(a, b named) int {
		switch {
		case a.value < b.value:
			return -1
		case a.value > b.value:
			return 1
		}
		return 0
	})
	n := len(values)
	s.Min, s.Max = ptr(values[0].value), ptr(values[n-1].value)
	s.Lowest, s.Highest = values[0].name, values[n-1].name
	if n%2 == 1 {
		s.Median = ptr(values[n/2].value)
	} else {
		s.Median = ptr((values[n/2-1].value + values[n/2].value) / 2)
	}
	sum := 0.0
	for _, v := range values {
		sum += v.value
	}
	mean := sum / float64(n)
	sq := 0.0
	for _, v := range values {
		sq += (v.value - mean) * (v.value - mean)
	}
	s.Mean, s.StdDev = ptr(mean), ptr(math.Sqrt(sq/float64(n)))
	return s
}

func dayStats(days []int64) DayStats {
	s := DayStats{Creators: len(days)}
	if len(days) == 0 {
		return s
	}
	var sum int64
	for _, d := range days {
		sum += d
	}
	s.Mean, s.Max = ratio(sum, int64(len(days))), ptr(slices.Max(days))
	return s
}
