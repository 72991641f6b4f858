package results

import (
	"math"

	"github.com/hypetrack/hypetrack/shared/money"
)

// Amounts is money per currency, in minor units. A nil Amounts is "no data" (JSON null);
// currencies are never added together.
type Amounts map[money.Currency]int64

// Reals is a figure per currency that involves money: money divided by a count (in
// fractional minor units, such as a CPA of 1234.5 cents) or money divided by money of
// the same currency (ROAS). A nil map or a nil entry is "no data".
type Reals map[money.Currency]*float64

// Figures are the measured results of a campaign, or of one creator in it, over a range
// of days. Every field is defined once, in Definitions (and docs/metrics.md); a nil
// field is "no data": its source is missing or it divides by zero.
type Figures struct {
	PostsLive            *int64   `json:"postsLive"`
	Views                *int64   `json:"views"`
	Likes                *int64   `json:"likes"`
	Comments             *int64   `json:"comments"`
	Shares               *int64   `json:"shares"`
	Saves                *int64   `json:"saves"`
	Engagements          *int64   `json:"engagements"`
	EngagementRate       *float64 `json:"engagementRate"`
	Followers            *int64   `json:"followers"`
	PotentialReach       *int64   `json:"potentialReach"`
	ViewsPerPost         *float64 `json:"viewsPerPost"`
	DisclosureChecked    *int64   `json:"disclosureChecked"`
	DisclosureCompliant  *int64   `json:"disclosureCompliant"`
	DisclosureCompliance *float64 `json:"disclosureCompliance"`

	Clicks                   *int64   `json:"clicks"`
	HumanClicks              *int64   `json:"humanClicks"`
	BotClicks                *int64   `json:"botClicks"`
	UniqueVisitors           *int64   `json:"uniqueVisitors"`
	ClickThroughPer1000Views *float64 `json:"clickThroughPer1000Views"`

	Orders            *int64   `json:"orders"`
	OrdersByCode      *int64   `json:"ordersByCode"`
	OrdersByClick     *int64   `json:"ordersByClick"`
	NetRevenue        Amounts  `json:"netRevenue"`
	NetRevenueByCode  Amounts  `json:"netRevenueByCode"`
	NetRevenueByClick Amounts  `json:"netRevenueByClick"`
	Refunds           Amounts  `json:"refunds"`
	AOV               Reals    `json:"aov"`
	Conversion        *float64 `json:"conversion"`

	FixedCost   Amounts  `json:"fixedCost"`
	Commission  Amounts  `json:"commission"`
	ClickPay    Amounts  `json:"clickPay"`
	Cost        Amounts  `json:"cost"`
	CPM         Reals    `json:"cpm"`
	CPE         Reals    `json:"cpe"`
	CPC         Reals    `json:"cpc"`
	CPA         Reals    `json:"cpa"`
	ROAS        Reals    `json:"roas"`
	ROI         Reals    `json:"roi"`
	ImpactScore *float64 `json:"impactScore"`
}

// salesTally is one currency's order counters summed over a range.
type salesTally struct {
	orders, byCode, byClick    int64
	net, netByCode, netByClick int64
	refunds, commission        int64
}

// tally is the sums behind a set of figures: one creator's, or a campaign's.
type tally struct {
	// Levels at the end of the range, and flows summed over it.
	postsLive, checked, compliant         int64
	views, likes, comments, shares, saves int64
	followers, reach                      int64

	clicks, human, uniques int64

	sales map[money.Currency]*salesTally

	fixed, clickPay map[money.Currency]int64
	// needSales and needClicks say a deal pays per sale or per click, so the cost is
	// unknown without that source.
	needSales, needClicks bool
}

func newTally() *tally {
	return &tally{sales: map[money.Currency]*salesTally{}, fixed: map[money.Currency]int64{}, clickPay: map[money.Currency]int64{}}
}

func (t *tally) salesOf(c money.Currency) *salesTally {
	s := t.sales[c]
	if s == nil {
		s = &salesTally{}
		t.sales[c] = s
	}
	return s
}

// tallyMember sums a creator's days in r. Fixed costs count in full when r overlaps the
// campaign's days and the deal stands.
func tallyMember(m *MemberInput, d *MemberDays, r, campaignDays Range) *tally {
	t := newTally()
	if d != nil {
		var lastContent, lastProfile Day
		for i := range d.Content {
			c := &d.Content[i]
			if !r.Contains(c.Day) {
				continue
			}
			t.views += c.Views
			t.likes += c.Likes
			t.comments += c.Comments
			t.shares += c.Shares
			t.saves += c.Saves
			if c.Day >= lastContent {
				lastContent = c.Day
				t.postsLive, t.checked, t.compliant = c.PostsLive, c.DisclosureChecked, c.DisclosureCompliant
			}
			if c.Followers > 0 && c.Day >= lastProfile {
				lastProfile = c.Day
				t.followers = c.Followers
			}
		}
		for i := range d.Traffic {
			c := &d.Traffic[i]
			if r.Contains(c.Day) {
				t.clicks += c.Clicks
				t.human += c.HumanClicks
				t.uniques += c.UniqueVisitors
			}
		}
		for i := range d.Sales {
			c := &d.Sales[i]
			if !r.Contains(c.Day) {
				continue
			}
			s := t.salesOf(c.Currency)
			s.orders += c.Orders
			s.byCode += c.OrdersByCode
			s.byClick += c.OrdersByClick
			s.net += c.NetRevenue
			s.netByCode += c.NetRevenueByCode
			s.netByClick += c.NetRevenueByClick
			s.refunds += c.Refunds
			s.commission += c.Commission
		}
	}
	if t.followers == 0 {
		t.followers = m.Followers
	}
	if t.postsLive > 0 {
		share := m.ActiveShare
		if share <= 0 {
			share = 1
		}
		t.reach = int64(math.Round(float64(t.followers) * share))
	}
	if m.Engaged() && r.Overlaps(campaignDays) {
		for _, a := range []money.Amount{m.Terms.AgreedFees, m.Terms.Gifting} {
			if a.Minor != 0 {
				t.fixed[a.Currency] += a.Minor
			}
		}
	}
	if rate := m.Terms.PerClick; rate.Minor != 0 {
		t.needClicks = true
		t.clickPay[rate.Currency] += t.human * rate.Minor
	}
	t.needSales = m.Terms.SalesPay
	return t
}

// add sums o into t (content, sales and costs; traffic too, for callers that have no
// campaign-level traffic of their own).
func (t *tally) add(o *tally) {
	t.postsLive += o.postsLive
	t.checked += o.checked
	t.compliant += o.compliant
	t.views += o.views
	t.likes += o.likes
	t.comments += o.comments
	t.shares += o.shares
	t.saves += o.saves
	t.followers += o.followers
	t.reach += o.reach
	t.clicks += o.clicks
	t.human += o.human
	t.uniques += o.uniques
	for c, s := range o.sales {
		d := t.salesOf(c)
		d.orders += s.orders
		d.byCode += s.byCode
		d.byClick += s.byClick
		d.net += s.net
		d.netByCode += s.netByCode
		d.netByClick += s.netByClick
		d.refunds += s.refunds
		d.commission += s.commission
	}
	for c, v := range o.fixed {
		t.fixed[c] += v
	}
	for c, v := range o.clickPay {
		t.clickPay[c] += v
	}
	t.needSales = t.needSales || o.needSales
	t.needClicks = t.needClicks || o.needClicks
}

// setTraffic replaces the traffic sums with the campaign's own counters in r.
func (t *tally) setTraffic(days []TrafficDay, r Range) {
	t.clicks, t.human, t.uniques = 0, 0, 0
	for i := range days {
		if r.Contains(days[i].Day) {
			t.clicks += days[i].Clicks
			t.human += days[i].HumanClicks
			t.uniques += days[i].UniqueVisitors
		}
	}
}

// figures turns sums into figures. base is the campaign's currency, which every money
// figure shows even when it is zero.
func (t *tally) figures(src Sources, base money.Currency) Figures {
	var f Figures
	f.Followers = ptr(t.followers)
	if src.Content {
		eng := t.likes + t.comments + t.shares
		f.PostsLive, f.Views, f.Likes, f.Comments = ptr(t.postsLive), ptr(t.views), ptr(t.likes), ptr(t.comments)
		f.Shares, f.Saves, f.Engagements = ptr(t.shares), ptr(t.saves), ptr(eng)
		f.EngagementRate = ratio(eng, t.views)
		f.PotentialReach = ptr(t.reach)
		f.ViewsPerPost = ratio(t.views, t.postsLive)
		f.DisclosureChecked, f.DisclosureCompliant = ptr(t.checked), ptr(t.compliant)
		f.DisclosureCompliance = ratio(t.compliant, t.checked)
	}
	if src.Traffic {
		f.Clicks, f.HumanClicks, f.BotClicks = ptr(t.clicks), ptr(t.human), ptr(t.clicks-t.human)
		f.UniqueVisitors = ptr(t.uniques)
		if src.Content {
			f.ClickThroughPer1000Views = per1000(t.human, t.views)
		}
	}
	if src.Sales {
		var orders, byCode, byClick int64
		f.NetRevenue, f.NetRevenueByCode, f.NetRevenueByClick, f.Refunds = zeroAmounts(base), zeroAmounts(base), zeroAmounts(base), zeroAmounts(base)
		f.AOV = Reals{}
		for c, s := range t.sales {
			orders += s.orders
			byCode += s.byCode
			byClick += s.byClick
			f.NetRevenue[c] += s.net
			f.NetRevenueByCode[c] += s.netByCode
			f.NetRevenueByClick[c] += s.netByClick
			f.Refunds[c] += s.refunds
		}
		for c := range f.NetRevenue {
			var n int64
			if s := t.sales[c]; s != nil {
				n = s.orders
			}
			f.AOV[c] = ratio(f.NetRevenue[c], n)
		}
		f.Orders, f.OrdersByCode, f.OrdersByClick = ptr(orders), ptr(byCode), ptr(byClick)
		if src.Traffic {
			f.Conversion = ratio(orders, t.uniques)
		}
	}

	f.FixedCost = zeroAmounts(base)
	for c, v := range t.fixed {
		f.FixedCost[c] += v
	}
	switch {
	case src.Sales:
		f.Commission = zeroAmounts(base)
		for c, s := range t.sales {
			f.Commission[c] += s.commission
		}
	case !t.needSales:
		f.Commission = zeroAmounts(base)
	}
	if src.Traffic || !t.needClicks {
		f.ClickPay = zeroAmounts(base)
		for c, v := range t.clickPay {
			f.ClickPay[c] += v
		}
	}
	if f.Commission == nil || f.ClickPay == nil {
		return f
	}
	f.Cost = Amounts{}
	for _, part := range []Amounts{f.FixedCost, f.Commission, f.ClickPay} {
		for c, v := range part {
			f.Cost[c] += v
		}
	}
	f.CPM, f.CPE, f.CPC, f.CPA = perCurrency(f.Cost, f.Views, 1000), perCurrency(f.Cost, f.Engagements, 1), perCurrency(f.Cost, f.HumanClicks, 1), perCurrency(f.Cost, f.Orders, 1)
	if f.NetRevenue != nil {
		f.ROAS, f.ROI = Reals{}, Reals{}
		for _, m := range []Amounts{f.Cost, f.NetRevenue} {
			for c := range m {
				f.ROAS[c] = ratio(f.NetRevenue[c], f.Cost[c])
				f.ROI[c] = ratio(f.NetRevenue[c]-f.Cost[c], f.Cost[c])
			}
		}
	}
	return f
}

// impactScore is DOMAIN.md section 4's score from actuals: potential reach × engagement
// rate × relevance − cost in major units. A creator with no post live has reached no
// one, so the product is 0 whatever the engagement. Cost in several currencies cannot
// be subtracted from one number: no data.
func impactScore(f *Figures, relevance float64) *float64 {
	if f.PotentialReach == nil || f.Cost == nil {
		return nil
	}
	cost, ok := majorCost(f.Cost)
	if !ok {
		return nil
	}
	if *f.PotentialReach == 0 {
		v := 0 - cost
		return &v
	}
	if f.EngagementRate == nil {
		return nil
	}
	v := float64(*f.PotentialReach)**f.EngagementRate*relevance - cost
	return &v
}

// majorCost returns the cost in major units of its one currency (0 with no cost); false
// when it spans currencies or its currency is unknown.
func majorCost(cost Amounts) (float64, bool) {
	var cur money.Currency
	var minor int64
	for c, v := range cost {
		if v == 0 {
			continue
		}
		if cur != "" {
			return 0, false
		}
		cur, minor = c, v
	}
	if cur == "" {
		return 0, true
	}
	exp, ok := cur.Exponent()
	if !ok {
		return 0, false
	}
	return float64(minor) / math.Pow10(exp), true
}

// perCurrency divides each currency's amount by a count, scaled: no data when the count
// is no data, per currency when it is zero.
func perCurrency(m Amounts, count *int64, scale int64) Reals {
	if m == nil || count == nil {
		return nil
	}
	out := make(Reals, len(m))
	for c, v := range m {
		if *count == 0 {
			out[c] = nil
			continue
		}
		r := float64(v) * float64(scale) / float64(*count)
		out[c] = &r
	}
	return out
}

func zeroAmounts(base money.Currency) Amounts {
	if base == "" {
		return Amounts{}
	}
	return Amounts{base: 0}
}

func ptr[T any](v T) *T { return &v }

// ratio is a/b, or no data when b is 0.
func ratio(a, b int64) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

// per1000 is a × 1,000 / b, or no data when b is 0.
func per1000(a, b int64) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) * 1000 / float64(b)
	return &r
}
