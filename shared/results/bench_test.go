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

// BenchmarkUnpackYear decodes a year of the suggested packed read model: 12 campaign
// months of 50 creators.
func BenchmarkUnpackYear(b *testing.B) {
	in := yearInput()
	var packed [][]byte
	size := 0
	for _, month := range in.Range.Months() {
		r := Range{From: Day(month + "-01"), To: Day(month + "-31")}
		part := Aggregates{Sources: in.Sources, Traffic: inRange(in.Traffic, r, func(d TrafficDay) Day { return d.Day })}
		for _, c := range in.Creators {
			part.Creators = append(part.Creators, MemberDays{CreatorID: c.CreatorID,
				Traffic: inRange(c.Traffic, r, func(d TrafficDay) Day { return d.Day }),
				Sales:   inRange(c.Sales, r, func(d SalesDay) Day { return d.Day }),
				Content: inRange(c.Content, r, func(d ContentDay) Day { return d.Day })})
		}
		p, err := Pack(part)
		if err != nil {
			b.Fatal(err)
		}
		size += len(p)
		packed = append(packed, p)
	}
	b.ReportMetric(float64(size)/float64(len(packed)), "bytes/month")
	b.ReportAllocs()
	for b.Loop() {
		parts := make([]Aggregates, len(packed))
		for i, p := range packed {
			a, err := Unpack(p)
			if err != nil {
				b.Fatal(err)
			}
			parts[i] = a
		}
		if len(Merge(parts...).Creators) != 50 {
			b.Fatal("merge")
		}
	}
}
