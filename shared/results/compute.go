package results

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// CampaignRef names the campaign a result is about.
type CampaignRef struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Slug      string          `json:"slug"`
	Objective string          `json:"objective"`
	Status    string          `json:"status"`
	StartDate Day             `json:"startDate"`
	EndDate   Day             `json:"endDate"`
	Currency  money.Currency  `json:"currency"`
	Budget    campaigns.Money `json:"budget"`
}

// SeriesDay is one day of a time series. Every figure is no data on days after today
// and when its source is missing.
type SeriesDay struct {
	Day            Day     `json:"day"`
	Clicks         *int64  `json:"clicks"`
	HumanClicks    *int64  `json:"humanClicks"`
	UniqueVisitors *int64  `json:"uniqueVisitors"`
	Orders         *int64  `json:"orders"`
	NetRevenue     Amounts `json:"netRevenue"`
	Views          *int64  `json:"views"`
}

// CreatorRow is one creator's figures on the leaderboard.
type CreatorRow struct {
	CreatorID string  `json:"creatorId"`
	Name      string  `json:"name"`
	Stage     string  `json:"stage"`
	Archived  bool    `json:"archived,omitempty"`
	Figures   Figures `json:"figures"`
}

// Leaderboard is the campaign's creators ranked by one figure. It lists the creators
// whose deal stands and any other creator with data in the range.
type Leaderboard struct {
	Sort string       `json:"sort"`
	Rows []CreatorRow `json:"rows"`
}

// Dashboard is a campaign's results over a range: what the results screen shows.
type Dashboard struct {
	Campaign    CampaignRef `json:"campaign"`
	Range       Range       `json:"range"`
	Today       Day         `json:"today"`
	Sources     Sources     `json:"sources"`
	Figures     Figures     `json:"figures"`
	Goal        Goal        `json:"goal"`
	Series      []SeriesDay `json:"series"`
	Leaderboard Leaderboard `json:"leaderboard"`
}

// CreatorResults are one creator's results in a campaign over a range.
type CreatorResults struct {
	Campaign CampaignRef `json:"campaign"`
	Creator  CreatorRow  `json:"creator"`
	Range    Range       `json:"range"`
	Today    Day         `json:"today"`
	Sources  Sources     `json:"sources"`
	Series   []SeriesDay `json:"series"`
}

// CampaignDays are the days a campaign's results cover by default: from its start to
// the later of its end and its goal's deadline (sales keep arriving until the goal is
// judged).
func CampaignDays(c campaigns.Campaign) Range {
	return Range{From: Day(c.StartDate), To: max(Day(c.EndDate), Day(c.Goal.Deadline))}
}

// Sort orders a leaderboard by a figure, in one currency for money figures. Figures sort
// highest first unless reversed; "no data" sorts last either way.
type Sort struct {
	Key      string
	Currency money.Currency
	Desc     bool
}

// String writes the sort as ParseSort reads it.
func (s Sort) String() string {
	out := s.Key
	if d, ok := definition(s.Key); ok && d.perCurrencyFigure() {
		out += "." + string(s.Currency)
	}
	// Names read naturally A to Z and figures highest first; "-" marks the other way.
	natural := s.Desc
	if s.Key == "name" {
		natural = !s.Desc
	}
	if !natural {
		out = "-" + out
	}
	return out
}

// ParseSort reads "figure", "figure.CUR" or either with a leading "-" to reverse;
// "name" sorts by name. An empty sort is fallback; money figures default to currency.
func ParseSort(s, fallback string, currency money.Currency) (Sort, error) {
	if s == "" {
		s = fallback
	}
	reverse := strings.HasPrefix(s, "-")
	key, cur, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	out := Sort{Key: key, Currency: currency}
	if cur != "" {
		c, err := money.ParseCurrency(cur)
		if err != nil {
			var v validate.Errors
			v.Add("sort", "invalid", "%q is not a currency", cur)
			return Sort{}, v.Err()
		}
		out.Currency = c
	}
	if key == "name" {
		out.Desc = reverse
		return out, nil
	}
	if _, ok := definition(key); !ok {
		var v validate.Errors
		v.Add("sort", "invalid", "%q is not a figure; see GET /api/figures", key)
		return Sort{}, v.Err()
	}
	out.Desc = !reverse
	return out, nil
}

// sortRows orders rows by s, no data last, then by name and id so the order is total.
func sortRows(rows []CreatorRow, s Sort) {
	def, _ := definition(s.Key)
	slices.SortStableFunc(rows, func(a, b CreatorRow) int {
		if s.Key != "name" {
			av, aok := def.number(&a.Figures, s.Currency)
			bv, bok := def.number(&b.Figures, s.Currency)
			switch {
			case aok && !bok:
				return -1
			case !aok && bok:
				return 1
			case aok && bok && av != bv:
				if s.Desc {
					return cmp.Compare(bv, av)
				}
				return cmp.Compare(av, bv)
			}
		}
		byName := cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.CreatorID, b.CreatorID))
		if s.Key == "name" && s.Desc {
			return -byName
		}
		return byName
	})
}

// computer holds one input's lookups.
type computer struct {
	in       *Input
	days     map[string]*MemberDays
	members  []MemberInput
	base     money.Currency
	campDays Range
}

func newComputer(in *Input) *computer {
	c := &computer{in: in, days: make(map[string]*MemberDays, len(in.Members)), base: money.Currency(in.Campaign.Budget.Currency), campDays: CampaignDays(in.Campaign)}
	for i := range in.Aggregates.Creators {
		c.days[in.Aggregates.Creators[i].CreatorID] = &in.Aggregates.Creators[i]
	}
	c.members = append(c.members, in.Setup.Members...)
	known := make(map[string]bool, len(in.Setup.Members))
	for _, m := range in.Setup.Members {
		known[m.CreatorID] = true
	}
	// Counters for a creator the setup does not list are still the campaign's results:
	// shown under the id rather than dropped.
	for _, d := range in.Aggregates.Creators {
		if !known[d.CreatorID] {
			known[d.CreatorID] = true
			c.members = append(c.members, MemberInput{CreatorID: d.CreatorID, Name: d.CreatorID})
		}
	}
	return c
}

// tallies sums the days in r of the creators a campaign's results count, in the order
// of c.members: those whose deal stands and any other with data in r. The others get nil.
func (c *computer) tallies(r Range) []*tally {
	out := make([]*tally, len(c.members))
	for i := range c.members {
		m := &c.members[i]
		t := tallyMember(m, c.days[m.CreatorID], r, c.campDays)
		if m.Engaged() || t.hasData() {
			out[i] = t
		}
	}
	return out
}

// total sums creators' tallies, with the campaign's own click counters over r.
func (c *computer) total(tallies []*tally, r Range) *tally {
	total := newTally()
	for _, t := range tallies {
		if t != nil {
			total.add(t)
		}
	}
	total.setTraffic(c.in.Aggregates.Traffic, r)
	return total
}

// rows computes the counted creators' figures over r, and their tallies.
func (c *computer) rows(r Range) ([]CreatorRow, []*tally) {
	tallies := c.tallies(r)
	rows := make([]CreatorRow, 0, len(c.members))
	for i, t := range tallies {
		if t == nil {
			continue
		}
		m := &c.members[i]
		f := t.figures(c.in.Sources, c.base)
		f.ImpactScore = impactScore(&f, m.Relevance)
		rows = append(rows, CreatorRow{CreatorID: m.CreatorID, Name: m.Name, Stage: m.Stage, Archived: m.Archived, Figures: f})
	}
	return rows, tallies
}

// campaign sums the creators' tallies into the campaign's figures over r.
func (c *computer) campaign(r Range, rows []CreatorRow, tallies []*tally) Figures {
	f := c.total(tallies, r).figures(c.in.Sources, c.base)
	f.ImpactScore = sumImpact(rows, f.Cost)
	return f
}

// sumImpact adds the creators' impact scores; no data if any is, or if the campaign's
// cost spans currencies.
func sumImpact(rows []CreatorRow, cost Amounts) *float64 {
	if _, ok := majorCost(cost); !ok {
		return nil
	}
	sum := 0.0
	for _, r := range rows {
		if r.Figures.ImpactScore == nil {
			return nil
		}
		sum += *r.Figures.ImpactScore
	}
	return &sum
}

func (t *tally) hasData() bool {
	if t.postsLive != 0 || t.views != 0 || t.likes != 0 || t.comments != 0 || t.shares != 0 || t.saves != 0 ||
		t.checked != 0 || t.clicks != 0 || t.human != 0 || t.uniques != 0 {
		return true
	}
	for _, s := range t.sales {
		if *s != (salesTally{}) {
			return true
		}
	}
	return false
}

// ref describes the campaign.
func (c *computer) ref() CampaignRef {
	camp := c.in.Campaign
	return CampaignRef{ID: camp.ID, Name: camp.Name, Slug: camp.Slug, Objective: camp.Objective, Status: camp.Status,
		StartDate: Day(camp.StartDate), EndDate: Day(camp.EndDate), Currency: c.base, Budget: camp.Budget}
}

// series builds the day series over r from one creator's days (d) or, with d nil, the
// campaign's: its own traffic counters and the sum of its creators' sales and content.
func (c *computer) series(r Range, today Day, d *MemberDays) []SeriesDay {
	days := r.Days()
	index := make(map[Day]int, len(days))
	out := make([]SeriesDay, len(days))
	src := c.in.Sources
	for i, day := range days {
		index[day] = i
		out[i].Day = day
		if day > today {
			continue
		}
		if src.Traffic {
			out[i].Clicks, out[i].HumanClicks, out[i].UniqueVisitors = ptr[int64](0), ptr[int64](0), ptr[int64](0)
		}
		if src.Sales {
			out[i].Orders, out[i].NetRevenue = ptr[int64](0), zeroAmounts(c.base)
		}
		if src.Content {
			out[i].Views = ptr[int64](0)
		}
	}
	at := func(day Day) *SeriesDay {
		if i, ok := index[day]; ok && day <= today {
			return &out[i]
		}
		return nil
	}
	traffic := c.in.Aggregates.Traffic
	members := c.in.Aggregates.Creators
	if d != nil {
		traffic, members = d.Traffic, []MemberDays{*d}
	}
	if src.Traffic {
		for _, t := range traffic {
			if s := at(t.Day); s != nil {
				*s.Clicks += t.Clicks
				*s.HumanClicks += t.HumanClicks
				*s.UniqueVisitors += t.UniqueVisitors
			}
		}
	}
	for mi := range members {
		m := &members[mi]
		if src.Sales {
			for _, t := range m.Sales {
				if s := at(t.Day); s != nil {
					*s.Orders += t.Orders
					s.NetRevenue[t.Currency] += t.NetRevenue
				}
			}
		}
		if src.Content {
			for _, t := range m.Content {
				if s := at(t.Day); s != nil {
					*s.Views += t.Views
				}
			}
		}
	}
	return out
}

// Compute builds a campaign's dashboard over r as of today (in the workspace's time
// zone). in must hold the aggregates of r and of the goal's days up to today.
func Compute(in *Input, r Range, today Day, s Sort) Dashboard {
	c := newComputer(in)
	rows, tallies := c.rows(r)
	sortRows(rows, s)
	return Dashboard{
		Campaign: c.ref(), Range: r, Today: today, Sources: in.Sources,
		Figures:     c.campaign(r, rows, tallies),
		Goal:        c.goal(today),
		Series:      c.series(r, today, nil),
		Leaderboard: Leaderboard{Sort: s.String(), Rows: rows},
	}
}

// ComputeCreator builds one creator's results over r; false when the creator is not in
// the campaign.
func ComputeCreator(in *Input, creatorID string, r Range, today Day) (CreatorResults, bool) {
	c := newComputer(in)
	i := slices.IndexFunc(c.members, func(m MemberInput) bool { return m.CreatorID == creatorID })
	if i < 0 {
		return CreatorResults{}, false
	}
	m := &c.members[i]
	d := c.days[creatorID]
	f := tallyMember(m, d, r, c.campDays).figures(in.Sources, c.base)
	f.ImpactScore = impactScore(&f, m.Relevance)
	if d == nil {
		d = &MemberDays{CreatorID: creatorID}
	}
	return CreatorResults{
		Campaign: c.ref(),
		Creator:  CreatorRow{CreatorID: m.CreatorID, Name: m.Name, Stage: m.Stage, Archived: m.Archived, Figures: f},
		Range:    r, Today: today, Sources: in.Sources,
		Series: c.series(r, today, d),
	}, true
}

// CheckRange validates a requested range: real dates, in order, at most MaxRangeDays.
func CheckRange(r Range) error {
	var v validate.Errors
	if !r.From.Valid() {
		v.Add("from", "invalid", "must be a date such as 2026-03-01")
	}
	if !r.To.Valid() {
		v.Add("to", "invalid", "must be a date such as 2026-03-31")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if r.To < r.From {
		v.Add("to", "out-of-range", "must not be before from")
	} else if r.Len() > MaxRangeDays {
		v.Add("to", "out-of-range", "a range spans at most %d days", MaxRangeDays)
	}
	return v.Err()
}

// MaxRangeDays bounds a range, and with it what one request reads: two years of days.
const MaxRangeDays = 731
