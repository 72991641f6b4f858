package results

import (
	"github.com/hypetrack/hypetrack/shared/money"
)

// Units of figures.
const (
	// UnitCount is a whole number.
	UnitCount = "count"
	// UnitRatio is a proportion (0.05 is 5 %).
	UnitRatio = "ratio"
	// UnitPer1000 is a count per 1,000 of another.
	UnitPer1000 = "per 1,000"
	// UnitAverage is a count per one of another (views per post).
	UnitAverage = "average"
	// UnitMoney is minor units per currency.
	UnitMoney = "money"
	// UnitMoneyPer is fractional minor units per currency, per one of a count.
	UnitMoneyPer = "money per"
	// UnitMoneyRatio is a proportion per currency, money over money of that currency.
	UnitMoneyRatio = "ratio per currency"
	// UnitScore is DOMAIN.md section 4's score: people minus major currency units.
	UnitScore = "score"
)

// Definition is the one definition of a figure: the API, the UI (GET /api/figures), the
// CSV exports, the post-mortem page and docs/metrics.md all read it from here.
type Definition struct {
	// Key is the figure's JSON name in Figures and its sort key.
	Key   string `json:"key"`
	Label string `json:"label"`
	// Group is reach, traffic, sales or money.
	Group string `json:"group"`
	Unit  string `json:"unit"`
	// Definition says how the figure is computed, in words.
	Definition string `json:"definition"`
	// Needs names the sources without which the figure is no data.
	Needs []string `json:"needs"`
	// Lower says a lower value is better (costs per result).
	Lower bool `json:"lowerIsBetter,omitempty"`

	value func(*Figures) any
}

// Definitions lists every figure, in the order screens and exports show them.
var Definitions = []Definition{
	{Key: "postsLive", Label: "Posts live", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Tracked posts live at the end of the last day of the range that has a post reading: a level, not a sum over days. Campaign: the sum over its creators.",
		value:      func(f *Figures) any { return f.PostsLive }},
	{Key: "views", Label: "Views", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Views the tracked posts gained during the range (the sum of daily gains).",
		value:      func(f *Figures) any { return f.Views }},
	{Key: "likes", Label: "Likes", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Likes the tracked posts gained during the range.",
		value:      func(f *Figures) any { return f.Likes }},
	{Key: "comments", Label: "Comments", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Comments the tracked posts gained during the range.",
		value:      func(f *Figures) any { return f.Comments }},
	{Key: "shares", Label: "Shares", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Shares the tracked posts gained during the range.",
		value:      func(f *Figures) any { return f.Shares }},
	{Key: "saves", Label: "Saves", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Saves the tracked posts gained during the range; shown apart, not part of engagements.",
		value:      func(f *Figures) any { return f.Saves }},
	{Key: "engagements", Label: "Engagements", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Likes + comments + shares (DOMAIN.md section 4).",
		value:      func(f *Figures) any { return f.Engagements }},
	{Key: "engagementRate", Label: "Engagement rate", Group: "reach", Unit: UnitRatio, Needs: content,
		Definition: "Engagements ÷ views.",
		value:      func(f *Figures) any { return f.EngagementRate }},
	{Key: "followers", Label: "Followers", Group: "reach", Unit: UnitCount,
		Definition: "The creator's followers from the last profile reading in the range, else the roster's figure. Campaign: the sum over its creators.",
		value:      func(f *Figures) any { return f.Followers }},
	{Key: "potentialReach", Label: "Potential reach", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Followers × active share (all followers when the active share is unknown), rounded to whole people, for a creator with at least one post live; 0 for a creator who has not posted. Campaign: the sum over its creators.",
		value:      func(f *Figures) any { return f.PotentialReach }},
	{Key: "viewsPerPost", Label: "Views per post", Group: "reach", Unit: UnitAverage, Needs: content,
		Definition: "Views ÷ posts live.",
		value:      func(f *Figures) any { return f.ViewsPerPost }},
	{Key: "disclosureChecked", Label: "Posts checked for disclosure", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Posts live whose caption was checked for the campaign's disclosure, at the end of the range (a level).",
		value:      func(f *Figures) any { return f.DisclosureChecked }},
	{Key: "disclosureCompliant", Label: "Posts with disclosure", Group: "reach", Unit: UnitCount, Needs: content,
		Definition: "Checked posts that carry the required disclosure, at the end of the range (a level).",
		value:      func(f *Figures) any { return f.DisclosureCompliant }},
	{Key: "disclosureCompliance", Label: "Disclosure compliance", Group: "reach", Unit: UnitRatio, Needs: content,
		Definition: "Posts with disclosure ÷ posts checked.",
		value:      func(f *Figures) any { return f.DisclosureCompliance }},

	{Key: "clicks", Label: "Clicks", Group: "traffic", Unit: UnitCount, Needs: traffic,
		Definition: "Clicks on the tracking links during the range, bots included (HEAD requests are never clicks).",
		value:      func(f *Figures) any { return f.Clicks }},
	{Key: "humanClicks", Label: "Human clicks", Group: "traffic", Unit: UnitCount, Needs: traffic,
		Definition: "Clicks not recognised as bots or link-preview crawlers. Every ratio and goal that counts clicks counts these.",
		value:      func(f *Figures) any { return f.HumanClicks }},
	{Key: "botClicks", Label: "Bot clicks", Group: "traffic", Unit: UnitCount, Needs: traffic,
		Definition: "Clicks − human clicks.",
		value:      func(f *Figures) any { return f.BotClicks }},
	{Key: "uniqueVisitors", Label: "Unique visitors", Group: "traffic", Unit: UnitCount, Needs: traffic,
		Definition: "The sum over the range's days of each day's distinct human visitors. The visitor key rotates daily, so a person who comes back another day counts again; a campaign counts a visitor of two of its creators' links once a day, so its figure can be below the sum of its creators'.",
		value:      func(f *Figures) any { return f.UniqueVisitors }},
	{Key: "clickThroughPer1000Views", Label: "Click-through per 1,000 views", Group: "traffic", Unit: UnitPer1000, Needs: both(traffic, content),
		Definition: "Human clicks × 1,000 ÷ views.",
		value:      func(f *Figures) any { return f.ClickThroughPer1000Views }},

	{Key: "orders", Label: "Orders", Group: "sales", Unit: UnitCount, Needs: sales,
		Definition: "Attributed orders created during the range, in every currency; cancelled orders are not counted, fully refunded ones are.",
		value:      func(f *Figures) any { return f.Orders }},
	{Key: "ordersByCode", Label: "Orders by code", Group: "sales", Unit: UnitCount, Needs: sales,
		Definition: "Orders attributed by a coupon code.",
		value:      func(f *Figures) any { return f.OrdersByCode }},
	{Key: "ordersByClick", Label: "Orders by click", Group: "sales", Unit: UnitCount, Needs: sales,
		Definition: "Orders attributed by a tracking link's click id.",
		value:      func(f *Figures) any { return f.OrdersByClick }},
	{Key: "netRevenue", Label: "Net revenue", Group: "sales", Unit: UnitMoney, Needs: sales,
		Definition: "Per currency: the attributed revenue (subtotal after discounts, without shipping and tax) of orders created during the range, less the refunds booked during the range.",
		value:      func(f *Figures) any { return f.NetRevenue }},
	{Key: "netRevenueByCode", Label: "Net revenue by code", Group: "sales", Unit: UnitMoney, Needs: sales,
		Definition: "Net revenue of orders attributed by a coupon code.",
		value:      func(f *Figures) any { return f.NetRevenueByCode }},
	{Key: "netRevenueByClick", Label: "Net revenue by click", Group: "sales", Unit: UnitMoney, Needs: sales,
		Definition: "Net revenue of orders attributed by a click id.",
		value:      func(f *Figures) any { return f.NetRevenueByClick }},
	{Key: "refunds", Label: "Refunds", Group: "sales", Unit: UnitMoney, Needs: sales,
		Definition: "Per currency: attributed revenue refunded during the range, as a positive amount.",
		value:      func(f *Figures) any { return f.Refunds }},
	{Key: "aov", Label: "Average order value", Group: "sales", Unit: UnitMoneyPer, Needs: sales,
		Definition: "Per currency: net revenue in that currency ÷ orders in that currency.",
		value:      func(f *Figures) any { return f.AOV }},
	{Key: "conversion", Label: "Conversion rate", Group: "sales", Unit: UnitRatio, Needs: both(sales, traffic),
		Definition: "Orders ÷ unique visitors. Orders by code need no visit, so it can exceed 1.",
		value:      func(f *Figures) any { return f.Conversion }},

	{Key: "fixedCost", Label: "Fixed cost", Group: "money", Unit: UnitMoney, Lower: true,
		Definition: "Per currency: agreed fees + gifting of the creators whose deal stands (contracted, content in review, live or completed, and not removed from the campaign), counted in full when the range overlaps the campaign's days.",
		value:      func(f *Figures) any { return f.FixedCost }},
	{Key: "commission", Label: "Commission", Group: "money", Unit: UnitMoney, Needs: sales, Lower: true,
		Definition: "Per currency: the order ledger's sales pay booked during the range (percent-of-net commission and fixed per-sale fees). Known without the ledger only when no deal pays per sale.",
		value:      func(f *Figures) any { return f.Commission }},
	{Key: "clickPay", Label: "Click pay", Group: "money", Unit: UnitMoney, Needs: traffic, Lower: true,
		Definition: "Per currency: each creator's human clicks × their per-click rate. Known without click counters only when no deal pays per click.",
		value:      func(f *Figures) any { return f.ClickPay }},
	{Key: "cost", Label: "Cost", Group: "money", Unit: UnitMoney, Lower: true,
		Definition: "Per currency: fixed cost + commission + click pay; no data when commission or click pay is.",
		value:      func(f *Figures) any { return f.Cost }},
	{Key: "cpm", Label: "CPM", Group: "money", Unit: UnitMoneyPer, Needs: content, Lower: true,
		Definition: "Per currency: cost in that currency × 1,000 ÷ views. A campaign paying in two currencies has two partial CPMs; converted and added, they make the whole.",
		value:      func(f *Figures) any { return f.CPM }},
	{Key: "cpe", Label: "CPE", Group: "money", Unit: UnitMoneyPer, Needs: content, Lower: true,
		Definition: "Per currency: cost in that currency ÷ engagements.",
		value:      func(f *Figures) any { return f.CPE }},
	{Key: "cpc", Label: "CPC", Group: "money", Unit: UnitMoneyPer, Needs: traffic, Lower: true,
		Definition: "Per currency: cost in that currency ÷ human clicks.",
		value:      func(f *Figures) any { return f.CPC }},
	{Key: "cpa", Label: "CPA", Group: "money", Unit: UnitMoneyPer, Needs: sales, Lower: true,
		Definition: "Per currency: cost in that currency ÷ orders (in every currency).",
		value:      func(f *Figures) any { return f.CPA }},
	{Key: "roas", Label: "ROAS", Group: "money", Unit: UnitMoneyRatio, Needs: sales,
		Definition: "Per currency: net revenue in that currency ÷ cost in that currency.",
		value:      func(f *Figures) any { return f.ROAS }},
	{Key: "roi", Label: "ROI", Group: "money", Unit: UnitMoneyRatio, Needs: sales,
		Definition: "Per currency: (net revenue − cost) ÷ cost, both in that currency.",
		value:      func(f *Figures) any { return f.ROI }},
	{Key: "impactScore", Label: "Impact score (actual)", Group: "money", Unit: UnitScore, Needs: content,
		Definition: "Potential reach × engagement rate × relevance − cost in major units (DOMAIN.md section 4, from actuals). A creator with no post live scores −cost. No data when the cost spans currencies. Campaign: the sum over its creators, no data if any creator's is.",
		value:      func(f *Figures) any { return f.ImpactScore }},
}

var (
	content = []string{"content"}
	traffic = []string{"traffic"}
	sales   = []string{"sales"}
)

func both(a, b []string) []string { return append(append([]string{}, a...), b...) }

// definition returns the figure named key.
func definition(key string) (Definition, bool) {
	for _, d := range Definitions {
		if d.Key == key {
			return d, true
		}
	}
	return Definition{}, false
}

// Value returns the figure's value in f: *int64, *float64, Amounts or Reals.
func (d Definition) Value(f *Figures) any { return d.value(f) }

// number returns the figure as a number, in currency c for money figures; false for no
// data.
func (d Definition) number(f *Figures, c money.Currency) (float64, bool) {
	switch v := d.value(f).(type) {
	case *int64:
		if v != nil {
			return float64(*v), true
		}
	case *float64:
		if v != nil {
			return *v, true
		}
	case Amounts:
		// A currency the creator has no money in is zero of it, when the source exists.
		if v != nil {
			return float64(v[c]), true
		}
	case Reals:
		if r := v[c]; r != nil {
			return *r, true
		}
	}
	return 0, false
}

// perCurrencyFigure reports whether the figure has one value per currency.
func (d Definition) perCurrencyFigure() bool {
	return d.Unit == UnitMoney || d.Unit == UnitMoneyPer || d.Unit == UnitMoneyRatio
}
