package results

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/money"
)

// The seeded campaign: every figure below is computed by hand from these buckets.
//
//	Ana (live): USD 1,000 fee + USD 50 gift, 10 % commission, relevance 0.8,
//	  roster 50,000 followers, active share 0.5, profile reading 52,000.
//	Ben (completed): EUR 400 flat fee (no agreed cost entered), EUR 0.10 per click,
//	  relevance 0.5, 20,000 followers, active share unknown, profile reading 21,000.
//	Cleo (contracted): USD 300 agreed, no posts, no clicks, no orders.
//	Dan (contacted): USD 900 under negotiation, no data: not on the leaderboard, no cost.
//
// It has a refund (Ana, 10 March), bot clicks (15 of Ana's, 10 of Ben's), a creator
// with no posts (Cleo) and two currencies (Ben's EUR fee and EUR orders).
const (
	usd = money.Currency("USD")
	eur = money.Currency("EUR")
)

func seededCampaign() campaigns.Campaign {
	return campaigns.Campaign{
		ID: "springtrailcampa", WorkspaceID: "workspace0000001", Name: "Spring Trail", Slug: "spring-trail",
		Objective: "sales", Status: "completed", StartDate: "2026-03-01", EndDate: "2026-03-31",
		Goal:         campaigns.Goal{Metric: "revenue", Target: 500000, Deadline: "2026-03-31"},
		Budget:       campaigns.Money{Amount: 150000, Currency: "USD"},
		BenchmarkCPA: &campaigns.Money{Amount: 2500, Currency: "USD"},
		Notes:        "Ana's second video carried the month. <b>Reuse it.</b>",
	}
}

func seededSetup() Setup {
	return Setup{
		Campaign: seededCampaign(),
		TimeZone: "Europe/Berlin",
		Members: []MemberInput{
			{CreatorID: "ana", Name: "Ana Runs", Stage: "live", Relevance: 0.8, Revisions: 2, Notes: "Fast, on brief.",
				ContractedOn: "2026-02-20", FirstPostOn: "2026-03-02", Followers: 50000, ActiveShare: 0.5,
				Terms: Terms{AgreedFees: money.New(100000, usd), Gifting: money.New(5000, usd), SalesPay: true}},
			{CreatorID: "ben", Name: "Ben Climbs", Stage: "completed", Relevance: 0.5, Revisions: 0,
				ContractedOn: "2026-02-25", FirstPostOn: "2026-03-05", Followers: 20000,
				Terms: Terms{AgreedFees: money.New(40000, eur), PerClick: money.New(10, eur)}},
			{CreatorID: "cleo", Name: "Cleo Cooks", Stage: "contracted", Relevance: 1, Revisions: 1,
				ContractedOn: "2026-02-27", Followers: 10000, ActiveShare: 0.4,
				Terms: Terms{AgreedFees: money.New(30000, usd)}},
			{CreatorID: "dan", Name: "Dan Dives", Stage: "contacted", Relevance: 0.9, Followers: 80000,
				Terms: Terms{AgreedFees: money.New(90000, usd)}},
		},
	}
}

func seededAggregates() Aggregates {
	return Aggregates{
		Sources: Sources{Traffic: true, Sales: true, Content: true},
		// The campaign's own counters: clicks and human clicks add up over creators,
		// unique visitors are de-duplicated across them (94 → 90, 52 → 50).
		Traffic: []TrafficDay{
			{Day: "2026-03-02", Clicks: 120, HumanClicks: 100, UniqueVisitors: 90},
			{Day: "2026-03-05", Clicks: 60, HumanClicks: 55, UniqueVisitors: 50},
		},
		Creators: []MemberDays{
			{CreatorID: "ana",
				Traffic: []TrafficDay{
					{Day: "2026-03-02", Clicks: 100, HumanClicks: 90, UniqueVisitors: 85},
					{Day: "2026-03-05", Clicks: 30, HumanClicks: 25, UniqueVisitors: 22},
				},
				Sales: []SalesDay{
					{Day: "2026-03-02", Currency: usd, Orders: 3, OrdersByCode: 2, OrdersByClick: 1,
						NetRevenue: 30000, NetRevenueByCode: 20000, NetRevenueByClick: 10000, Commission: 3000},
					// A new USD 80 order by click, and USD 50 refunded of a code order.
					{Day: "2026-03-10", Currency: usd, Orders: 1, OrdersByClick: 1,
						NetRevenue: 3000, NetRevenueByCode: -5000, NetRevenueByClick: 8000, Refunds: 5000, Commission: 300},
					// After the campaign's days: outside every range below.
					{Day: "2026-04-02", Currency: usd, Orders: 9, NetRevenue: 99900, Commission: 9990},
				},
				Content: []ContentDay{
					{Day: "2026-03-02", PostsLive: 1, Views: 10000, Likes: 800, Comments: 50, Shares: 30, Saves: 20,
						Followers: 52000, DisclosureChecked: 1, DisclosureCompliant: 1},
					{Day: "2026-03-03", PostsLive: 2, Views: 6000, Likes: 400, Comments: 20, Shares: 10, Saves: 5,
						DisclosureChecked: 2, DisclosureCompliant: 1},
				},
			},
			{CreatorID: "ben",
				Traffic: []TrafficDay{
					{Day: "2026-03-02", Clicks: 20, HumanClicks: 10, UniqueVisitors: 9},
					{Day: "2026-03-05", Clicks: 30, HumanClicks: 30, UniqueVisitors: 30},
				},
				Sales: []SalesDay{
					{Day: "2026-03-06", Currency: eur, Orders: 2, OrdersByCode: 2, NetRevenue: 9000, NetRevenueByCode: 9000},
					{Day: "2026-03-07", Currency: usd, Orders: 1, OrdersByClick: 1, NetRevenue: 4500, NetRevenueByClick: 4500},
				},
				Content: []ContentDay{
					{Day: "2026-03-05", PostsLive: 1, Views: 4000, Likes: 150, Comments: 10, Shares: 5,
						Followers: 21000, DisclosureChecked: 1, DisclosureCompliant: 1},
				},
			},
		},
	}
}

func seededInput() *Input {
	return &Input{Setup: seededSetup(), Range: Range{From: "2026-02-01", To: "2026-04-30"}, Aggregates: seededAggregates()}
}

var march = Range{From: "2026-03-01", To: "2026-03-31"}

func i64(v int64) *int64        { return &v }
func f64(v float64) *float64    { return &v }
func div(a, b float64) *float64 { return f64(a / b) }

// wantAna is Ana's every figure over March, by hand.
func wantAna() Figures {
	return Figures{
		PostsLive: i64(2), Views: i64(16000), Likes: i64(1200), Comments: i64(70), Shares: i64(40), Saves: i64(25),
		Engagements: i64(1310), EngagementRate: div(1310, 16000), Followers: i64(52000),
		PotentialReach: i64(26000), // 52,000 (profile beats roster) × 0.5
		ViewsPerPost:   div(16000, 2), DisclosureChecked: i64(2), DisclosureCompliant: i64(1), DisclosureCompliance: div(1, 2),

		Clicks: i64(130), HumanClicks: i64(115), BotClicks: i64(15), UniqueVisitors: i64(107),
		ClickThroughPer1000Views: div(115*1000, 16000),

		Orders: i64(4), OrdersByCode: i64(2), OrdersByClick: i64(2),
		NetRevenue: Amounts{usd: 33000}, NetRevenueByCode: Amounts{usd: 15000}, NetRevenueByClick: Amounts{usd: 18000},
		Refunds: Amounts{usd: 5000}, AOV: Reals{usd: div(33000, 4)}, Conversion: div(4, 107),

		FixedCost: Amounts{usd: 105000}, Commission: Amounts{usd: 3300}, ClickPay: Amounts{usd: 0}, Cost: Amounts{usd: 108300},
		CPM: Reals{usd: div(108300*1000, 16000)}, CPE: Reals{usd: div(108300, 1310)}, CPC: Reals{usd: div(108300, 115)},
		CPA: Reals{usd: div(108300, 4)}, ROAS: Reals{usd: div(33000, 108300)}, ROI: Reals{usd: div(33000-108300, 108300)},
		ImpactScore: f64(float64(26000)*(1310.0/16000.0)*0.8 - 1083),
	}
}

func wantBen() Figures {
	return Figures{
		PostsLive: i64(1), Views: i64(4000), Likes: i64(150), Comments: i64(10), Shares: i64(5), Saves: i64(0),
		Engagements: i64(165), EngagementRate: div(165, 4000), Followers: i64(21000),
		PotentialReach: i64(21000), // active share unknown: every follower
		ViewsPerPost:   div(4000, 1), DisclosureChecked: i64(1), DisclosureCompliant: i64(1), DisclosureCompliance: div(1, 1),

		Clicks: i64(50), HumanClicks: i64(40), BotClicks: i64(10), UniqueVisitors: i64(39),
		ClickThroughPer1000Views: div(40*1000, 4000),

		Orders: i64(3), OrdersByCode: i64(2), OrdersByClick: i64(1),
		NetRevenue: Amounts{usd: 4500, eur: 9000}, NetRevenueByCode: Amounts{usd: 0, eur: 9000},
		NetRevenueByClick: Amounts{usd: 4500, eur: 0}, Refunds: Amounts{usd: 0, eur: 0},
		AOV: Reals{usd: div(4500, 1), eur: div(9000, 2)}, Conversion: div(3, 39),

		// EUR 400 flat fee, EUR 0.10 × 40 human clicks (bots are not paid).
		FixedCost: Amounts{usd: 0, eur: 40000}, Commission: Amounts{usd: 0, eur: 0}, ClickPay: Amounts{usd: 0, eur: 400},
		Cost: Amounts{usd: 0, eur: 40400},
		CPM:  Reals{usd: div(0, 4000), eur: div(40400*1000, 4000)}, CPE: Reals{usd: div(0, 165), eur: div(40400, 165)},
		CPC: Reals{usd: div(0, 40), eur: div(40400, 40)}, CPA: Reals{usd: div(0, 3), eur: div(40400, 3)},
		// No USD cost: USD ROAS divides by zero.
		ROAS:        Reals{usd: nil, eur: div(9000, 40400)},
		ROI:         Reals{usd: nil, eur: div(9000-40400, 40400)},
		ImpactScore: f64(float64(21000)*(165.0/4000.0)*0.5 - 404),
	}
}

func wantCleo() Figures {
	return Figures{
		PostsLive: i64(0), Views: i64(0), Likes: i64(0), Comments: i64(0), Shares: i64(0), Saves: i64(0),
		Engagements: i64(0), EngagementRate: nil, Followers: i64(10000), PotentialReach: i64(0), ViewsPerPost: nil,
		DisclosureChecked: i64(0), DisclosureCompliant: i64(0), DisclosureCompliance: nil,

		Clicks: i64(0), HumanClicks: i64(0), BotClicks: i64(0), UniqueVisitors: i64(0), ClickThroughPer1000Views: nil,

		Orders: i64(0), OrdersByCode: i64(0), OrdersByClick: i64(0),
		NetRevenue: Amounts{usd: 0}, NetRevenueByCode: Amounts{usd: 0}, NetRevenueByClick: Amounts{usd: 0},
		Refunds: Amounts{usd: 0}, AOV: Reals{usd: nil}, Conversion: nil,

		FixedCost: Amounts{usd: 30000}, Commission: Amounts{usd: 0}, ClickPay: Amounts{usd: 0}, Cost: Amounts{usd: 30000},
		CPM: Reals{usd: nil}, CPE: Reals{usd: nil}, CPC: Reals{usd: nil}, CPA: Reals{usd: nil},
		ROAS: Reals{usd: div(0, 30000)}, ROI: Reals{usd: div(0-30000, 30000)},
		// No post live: reached no one, so the score is the cost, negated.
		ImpactScore: f64(-300),
	}
}

func wantCampaign() Figures {
	return Figures{
		PostsLive: i64(3), Views: i64(20000), Likes: i64(1350), Comments: i64(80), Shares: i64(45), Saves: i64(25),
		Engagements: i64(1475), EngagementRate: div(1475, 20000), Followers: i64(52000 + 21000 + 10000),
		PotentialReach: i64(26000 + 21000), ViewsPerPost: div(20000, 3),
		DisclosureChecked: i64(3), DisclosureCompliant: i64(2), DisclosureCompliance: div(2, 3),

		// The campaign's own counters: 25 bot clicks, 140 visitors (not 107 + 39).
		Clicks: i64(180), HumanClicks: i64(155), BotClicks: i64(25), UniqueVisitors: i64(140),
		ClickThroughPer1000Views: div(155*1000, 20000),

		Orders: i64(7), OrdersByCode: i64(4), OrdersByClick: i64(3),
		NetRevenue: Amounts{usd: 37500, eur: 9000}, NetRevenueByCode: Amounts{usd: 15000, eur: 9000},
		NetRevenueByClick: Amounts{usd: 22500, eur: 0}, Refunds: Amounts{usd: 5000, eur: 0},
		AOV: Reals{usd: div(37500, 5), eur: div(9000, 2)}, Conversion: div(7, 140),

		FixedCost: Amounts{usd: 135000, eur: 40000}, Commission: Amounts{usd: 3300, eur: 0}, ClickPay: Amounts{usd: 0, eur: 400},
		Cost: Amounts{usd: 138300, eur: 40400},
		CPM:  Reals{usd: div(138300*1000, 20000), eur: div(40400*1000, 20000)},
		CPE:  Reals{usd: div(138300, 1475), eur: div(40400, 1475)},
		CPC:  Reals{usd: div(138300, 155), eur: div(40400, 155)},
		CPA:  Reals{usd: div(138300, 7), eur: div(40400, 7)},
		ROAS: Reals{usd: div(37500, 138300), eur: div(9000, 40400)},
		ROI:  Reals{usd: div(37500-138300, 138300), eur: div(9000-40400, 40400)},
		// Cost in USD and EUR cannot be subtracted from one score.
		ImpactScore: nil,
	}
}

// sameJSON compares through JSON so a failure shows the two documents; floats are
// compared exactly, since both sides do the same IEEE operations.
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	for i := range max(len(gl), len(wl)) {
		var a, b string
		if i < len(gl) {
			a = gl[i]
		}
		if i < len(wl) {
			b = wl[i]
		}
		if a != b {
			t.Fatalf("%s differs at line %d:\n got %s\nwant %s", what, i+1, a, b)
		}
	}
	t.Fatalf("%s differs (same JSON, different Go values):\n%s", what, g)
}

func TestSeededCampaignEveryFigure(t *testing.T) {
	d := Compute(seededInput(), march, "2026-04-10", Sort{Key: "netRevenue", Currency: usd, Desc: true})
	sameJSON(t, "campaign", d.Figures, wantCampaign())
	want := map[string]Figures{"ana": wantAna(), "ben": wantBen(), "cleo": wantCleo()}
	var order []string
	for _, r := range d.Leaderboard.Rows {
		order = append(order, r.CreatorID)
		sameJSON(t, r.CreatorID, r.Figures, want[r.CreatorID])
	}
	// Dan is only contacted and has no data: not on the board. By USD net revenue:
	// Ana 330.00, Ben 45.00, Cleo 0.
	if strings.Join(order, ",") != "ana,ben,cleo" {
		t.Fatalf("leaderboard order %v", order)
	}
	if d.Leaderboard.Sort != "netRevenue.USD" {
		t.Fatalf("sort %q", d.Leaderboard.Sort)
	}
	for _, id := range []string{"ana", "ben", "cleo"} {
		c, ok := ComputeCreator(seededInput(), id, march, "2026-04-10")
		if !ok {
			t.Fatalf("%s not found", id)
		}
		sameJSON(t, "creator "+id, c.Creator.Figures, want[id])
	}
	if _, ok := ComputeCreator(seededInput(), "nobody", march, "2026-04-10"); ok {
		t.Fatal("a creator outside the campaign has results")
	}
}

func TestSeededGoalAndSeries(t *testing.T) {
	d := Compute(seededInput(), march, "2026-04-10", Sort{Key: "views", Desc: true})
	// USD 375.00 of USD 5,000.00 by 31 March, judged after the deadline; EUR orders do
	// not count towards a USD target.
	sameJSON(t, "goal", d.Goal, Goal{
		Metric: "revenue", Figure: "netRevenue", Target: 500000, Currency: usd, Start: "2026-03-01", Deadline: "2026-03-31",
		AsOf: "2026-03-31", DaysElapsed: 31, DaysTotal: 31, Actual: i64(37500), Percent: div(37500, 500000),
		Projected: i64(37500), ProjectedPercent: div(37500, 500000), Status: ptr(GoalMissed),
	})
	if len(d.Series) != 31 {
		t.Fatalf("%d days", len(d.Series))
	}
	zero := SeriesDay{Clicks: i64(0), HumanClicks: i64(0), UniqueVisitors: i64(0), Orders: i64(0), NetRevenue: Amounts{usd: 0}, Views: i64(0)}
	for _, tc := range []struct {
		day  Day
		want SeriesDay
	}{
		{"2026-03-01", zero},
		{"2026-03-02", SeriesDay{Clicks: i64(120), HumanClicks: i64(100), UniqueVisitors: i64(90), Orders: i64(3), NetRevenue: Amounts{usd: 30000}, Views: i64(10000)}},
		{"2026-03-03", SeriesDay{Clicks: i64(0), HumanClicks: i64(0), UniqueVisitors: i64(0), Orders: i64(0), NetRevenue: Amounts{usd: 0}, Views: i64(6000)}},
		{"2026-03-05", SeriesDay{Clicks: i64(60), HumanClicks: i64(55), UniqueVisitors: i64(50), Orders: i64(0), NetRevenue: Amounts{usd: 0}, Views: i64(4000)}},
		{"2026-03-06", SeriesDay{Clicks: i64(0), HumanClicks: i64(0), UniqueVisitors: i64(0), Orders: i64(2), NetRevenue: Amounts{usd: 0, eur: 9000}, Views: i64(0)}},
		{"2026-03-10", SeriesDay{Clicks: i64(0), HumanClicks: i64(0), UniqueVisitors: i64(0), Orders: i64(1), NetRevenue: Amounts{usd: 3000}, Views: i64(0)}},
	} {
		got := d.Series[tc.day.Since("2026-03-01")]
		tc.want.Day = tc.day
		sameJSON(t, string(tc.day), got, tc.want)
	}
}

func TestSeededPostMortem(t *testing.T) {
	pm := ComputePostMortem(seededInput(), "2026-04-10")
	if pm.GoalReached == nil || *pm.GoalReached {
		t.Fatalf("goal reached %v", pm.GoalReached)
	}
	// Budget USD 1,500.00 against USD 1,383.00 of cost; the EUR 404.00 is reported
	// apart, never converted.
	sameJSON(t, "budget", pm.Budget, BudgetCheck{
		Budget: campaigns.Money{Amount: 150000, Currency: "USD"}, Cost: i64(138300), Overrun: i64(138300 - 150000),
		OverrunPercent: div(138300-150000, 150000), OtherCurrencies: Amounts{eur: 40400},
	})
	// Conversion: Ana 4/107, Ben 3/39; Cleo had no visitors: no data, not 0.
	a, b := 4.0/107, 3.0/39
	mean := (a + b) / 2
	sameJSON(t, "conversion spread", pm.Conversion, Spread{
		Creators: 2, Min: f64(a), Median: f64((a + b) / 2), Max: f64(b), Mean: f64(mean),
		StdDev: f64(math.Sqrt(((a-mean)*(a-mean) + (b-mean)*(b-mean)) / 2)), Lowest: "Ana Runs", Highest: "Ben Climbs",
	})
	// Contract to first post: Ana 20 Feb → 2 Mar = 10 days, Ben 25 Feb → 5 Mar = 8
	// days, Cleo has not posted.
	sameJSON(t, "days to first post", pm.DaysToFirstPost, DayStats{Creators: 2, Mean: div(18, 2), Max: i64(10)})
	if pm.Revisions != 3 || pm.Notes != seededCampaign().Notes {
		t.Fatalf("revisions %d, notes %q", pm.Revisions, pm.Notes)
	}
	names := []string{}
	for _, c := range pm.Creators {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "Ana Runs,Ben Climbs,Cleo Cooks" {
		t.Fatalf("creators %v", names)
	}
	sameJSON(t, "ana", pm.Creators[0], PostMortemCreator{
		CreatorID: "ana", Name: "Ana Runs", Stage: "live", UniqueVisitors: i64(107), Orders: i64(4), OrdersByCode: i64(2),
		Conversion: div(4, 107), Agreed: Amounts{usd: 105000}, Cost: Amounts{usd: 108300}, OverAgreed: Amounts{usd: 3300},
		ContractedOn: "2026-02-20", FirstPostOn: "2026-03-02", DaysToFirstPost: i64(10), Revisions: 2, Notes: "Fast, on brief.",
	})
	sameJSON(t, "ben", pm.Creators[1], PostMortemCreator{
		CreatorID: "ben", Name: "Ben Climbs", Stage: "completed", UniqueVisitors: i64(39), Orders: i64(3), OrdersByCode: i64(2),
		Conversion: div(3, 39), Agreed: Amounts{eur: 40000}, Cost: Amounts{usd: 0, eur: 40400}, OverAgreed: Amounts{usd: 0, eur: 400},
		ContractedOn: "2026-02-25", FirstPostOn: "2026-03-05", DaysToFirstPost: i64(8),
	})
	if c := pm.Creators[2]; c.DaysToFirstPost != nil || c.Conversion != nil || c.FirstPostOn != "" {
		t.Fatalf("cleo: %+v", c)
	}
	// Benchmark USD 25.00: the cost is partly in EUR, so no USD CPA compares.
	sameJSON(t, "benchmark", pm.Benchmark, &Benchmark{CPA: campaigns.Money{Amount: 2500, Currency: "USD"}})
}

func TestSeededTimeZoneOfMemberDates(t *testing.T) {
	// 23:30 UTC on 19 February is 00:30 on 20 February in Berlin.
	m := campaigns.Member{CreatorID: "x", Stage: "live", History: []campaigns.StageChange{
		{To: "shortlisted", At: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)},
		{To: "contracted", At: time.Date(2026, 2, 19, 23, 30, 0, 0, time.UTC)},
		{To: "live", At: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)},
	}, AgreedCost: campaigns.Money{Amount: 0, Currency: "USD"},
		Compensation: campaigns.Compensation{Model: "flat_fee", FlatFee: 70000, GiftValue: 2500, Currency: "eur", CommissionBps: 500}}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	in := MemberOf(m, nil, berlin)
	if in.ContractedOn != "2026-02-20" || in.FirstPostOn != "2026-03-02" {
		t.Fatalf("dates %s %s", in.ContractedOn, in.FirstPostOn)
	}
	want := Terms{AgreedFees: money.New(70000, eur), Gifting: money.New(2500, eur), PerClick: money.New(0, eur), SalesPay: true}
	if in.Terms != want {
		t.Fatalf("terms %+v", in.Terms)
	}
	m.AgreedCost = campaigns.Money{Amount: 65000, Currency: "USD"}
	if got := MemberOf(m, nil, berlin).Terms.AgreedFees; got != money.New(65000, usd) {
		t.Fatalf("an entered agreed cost must replace the flat fee, got %v", got)
	}
}
