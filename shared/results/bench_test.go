package results

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/money"
)

// yearInput is a campaign of 50 creators with a year of daily buckets each: traffic,
// content and USD sales every day, EUR sales every seventh day.
func yearInput() *Input {
	const creatorsN = 50
	start := Day("2025-01-01")
	year := Range{From: start, To: start.Add(364)}
	in := &Input{
		Setup: Setup{Campaign: campaigns.Campaign{ID: "yearcampaignabcd", WorkspaceID: "workspaceabcdefg", Name: "Year", Objective: "sales",
			StartDate: string(year.From), EndDate: string(year.To), Budget: campaigns.Money{Amount: 50_000_000, Currency: "USD"},
			Goal: campaigns.Goal{Metric: "revenue", Target: 100_000_000, Deadline: string(year.To)}}, TimeZone: "Europe/Berlin"},
		Range:      year,
		Aggregates: Aggregates{Sources: Sources{Traffic: true, Sales: true, Content: true}},
	}
	days := year.Days()
	for _, d := range days {
		in.Aggregates.Traffic = append(in.Aggregates.Traffic, TrafficDay{Day: d, Clicks: 5000, HumanClicks: 4600, UniqueVisitors: 4000})
	}
	for i := range creatorsN {
		id := fmt.Sprintf("creator%09d", i)
		in.Setup.Members = append(in.Setup.Members, MemberInput{CreatorID: id, Name: id, Stage: "live", Relevance: 0.7,
			Followers: int64(10_000 * (i + 1)), ActiveShare: 0.5, ContractedOn: "2024-12-20", FirstPostOn: "2025-01-03",
			Terms: Terms{AgreedFees: money.New(100_000, "USD"), Gifting: money.New(5_000, "USD"), PerClick: money.New(5, "USD"), SalesPay: true}})
		md := MemberDays{CreatorID: id}
		for j, d := range days {
			md.Traffic = append(md.Traffic, TrafficDay{Day: d, Clicks: 100, HumanClicks: 92, UniqueVisitors: 80})
			md.Content = append(md.Content, ContentDay{Day: d, PostsLive: int64(1 + j/30), Views: 4000, Likes: 300, Comments: 20,
				Shares: 10, Saves: 5, Followers: int64(10_000*(i+1) + j), DisclosureChecked: int64(1 + j/30), DisclosureCompliant: int64(1 + j/30)})
			md.Sales = append(md.Sales, SalesDay{Day: d, Currency: "USD", Orders: 3, OrdersByCode: 1, OrdersByClick: 2,
				NetRevenue: 27_000, NetRevenueByCode: 9_000, NetRevenueByClick: 18_000, Refunds: 500, Commission: 2_700})
			if j%7 == 0 {
				md.Sales = append(md.Sales, SalesDay{Day: d, Currency: "EUR", Orders: 1, OrdersByCode: 1, NetRevenue: 8_000, NetRevenueByCode: 8_000, Commission: 800})
			}
		}
		in.Aggregates.Creators = append(in.Aggregates.Creators, md)
	}
	return in
}

// BenchmarkDashboard computes a campaign dashboard (figures, goal, series, leaderboard)
// for 50 creators over a year of daily buckets.
func BenchmarkDashboard(b *testing.B) {
	in := yearInput()
	sort := Sort{Key: "netRevenue", Currency: "USD", Desc: true}
	b.ReportAllocs()
	for b.Loop() {
		d := Compute(in, in.Range, "2026-02-01", sort)
		if len(d.Leaderboard.Rows) != 50 {
			b.Fatal(len(d.Leaderboard.Rows))
		}
	}
}

// BenchmarkDashboardService is the same dashboard through the service and the memory
// reader, which copies the year's buckets out as a real reader would decode them.
func BenchmarkDashboardService(b *testing.B) {
	in := yearInput()
	r := NewMemoryReader()
	r.timeZones[in.Campaign.WorkspaceID] = in.TimeZone
	r.campaigns[in.Campaign.WorkspaceID] = []campaigns.Campaign{in.Campaign}
	r.aggregates[in.Campaign.WorkspaceID+"/"+in.Campaign.ID] = in.Aggregates
	setupMembers := in.Setup.Members
	svc := NewService(memberSetup{r, setupMembers}, WithClock(func() time.Time { return time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC) }))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		d, err := svc.Dashboard(ctx, in.Campaign.WorkspaceID, in.Campaign.ID, Query{})
		if err != nil || len(d.Leaderboard.Rows) != 50 {
			b.Fatal(err)
		}
	}
}

// memberSetup serves prepared member inputs, since the benchmark's creators have no
// membership entities.
type memberSetup struct {
	*MemoryReader
	members []MemberInput
}

func (m memberSetup) Campaign(ctx context.Context, ws, id string) (Setup, error) {
	s, err := m.MemoryReader.Campaign(ctx, ws, id)
	s.Members = m.members
	return s, err
}

// BenchmarkDecodeYear decodes a year of the packed read model (12 months of 50
// creators' traffic, sales and one post's levels, and of the campaign's traffic) and
// assembles the aggregates the dashboard is computed from.
func BenchmarkDecodeYear(b *testing.B) {
	in := yearInput()
	type packed struct {
		creator, month string
		b              []byte
	}
	var items []packed
	add := func(creator string, byMonth map[string]*Month) {
		for month, m := range byMonth {
			items = append(items, packed{creator, month, m.Encode()})
		}
	}
	campaign := map[string]*Month{}
	monthOf := func(byMonth map[string]*Month, d Day) *Month {
		m := byMonth[string(d)[:7]]
		if m == nil {
			m = &Month{Month: string(d)[:7]}
			byMonth[m.Month] = m
		}
		return m
	}
	for i := range in.Traffic {
		monthOf(campaign, in.Traffic[i].Day).Apply(Change{Traffic: &in.Traffic[i]})
	}
	add("", campaign)
	for _, c := range in.Creators {
		byMonth := map[string]*Month{}
		for j := range c.Traffic {
			d := c.Traffic[j].Day
			m := monthOf(byMonth, d)
			m.Apply(Change{Traffic: &c.Traffic[j]})
			m.Apply(Change{Day: d, Levels: []PostLevel{{Post: "youtube-" + c.CreatorID, Views: int64(4000 * (j + 1)),
				Likes: int64(300 * (j + 1)), Comments: int64(20 * (j + 1)), Checked: true, Disclosed: true}}})
		}
		for j := range c.Sales {
			monthOf(byMonth, c.Sales[j].Day).Apply(Change{Sales: &c.Sales[j]})
		}
		add(c.CreatorID, byMonth)
	}
	size := 0
	for _, it := range items {
		size += len(it.b)
	}
	b.ReportAllocs()
	for b.Loop() {
		p := Packed{Creators: map[string][]Month{}}
		for _, it := range items {
			m, err := DecodeMonth(it.month, it.b)
			if err != nil {
				b.Fatal(err)
			}
			if it.creator == "" {
				p.Campaign = append(p.Campaign, m)
			} else {
				p.Creators[it.creator] = append(p.Creators[it.creator], m)
			}
		}
		a := p.Aggregates(in.Setup, in.Range)
		if len(a.Creators) != 50 || len(a.Creators[0].Content) != 365 || len(a.Traffic) != 365 {
			b.Fatalf("%d creators, %d content days", len(a.Creators), len(a.Creators[0].Content))
		}
	}
	b.ReportMetric(float64(size)/float64(len(items)), "bytes/item")
	b.ReportMetric(float64(len(items)), "items")
}
