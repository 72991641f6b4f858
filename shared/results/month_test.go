package results

import (
	"slices"
	"testing"

	"github.com/hypetrack/hypetrack/shared/money"
)

func trafficChange(day Day, clicks, human, uniques int64) Change {
	return Change{Traffic: &TrafficDay{Day: day, Clicks: clicks, HumanClicks: human, UniqueVisitors: uniques}}
}

func salesChange(day Day, cur string, orders, net int64) Change {
	return Change{Sales: &SalesDay{Day: day, Currency: money.Currency(cur), Orders: orders, OrdersByCode: orders,
		NetRevenue: net, NetRevenueByCode: net, Refunds: max(-net, 0), Commission: net / 10}}
}

func levelsChange(day Day, ls ...PostLevel) Change { return Change{Day: day, Levels: ls} }

func TestMonthApplyAndCodec(t *testing.T) {
	cases := []struct {
		name    string
		changes []Change
		want    Month
	}{
		{name: "empty"},
		{
			name:    "a later value of a counter replaces the earlier, in day order",
			changes: []Change{trafficChange("2026-03-05", 1, 1, 1), trafficChange("2026-03-02", 7, 5, 4), trafficChange("2026-03-05", 3, 2, 2)},
			want:    Month{Traffic: []TrafficDay{{"2026-03-02", 7, 5, 4}, {"2026-03-05", 3, 2, 2}}},
		},
		{
			name: "currencies are kept apart, a refund day is negative",
			changes: []Change{salesChange("2026-03-31", "USD", 2, 24000), salesChange("2026-03-01", "USD", 1, 12000),
				salesChange("2026-03-01", "EUR", 1, 9000), salesChange("2026-03-31", "EUR", 0, -4500)},
			want: Month{Sales: []SalesDay{*salesChange("2026-03-01", "EUR", 1, 9000).Sales, *salesChange("2026-03-01", "USD", 1, 12000).Sales,
				*salesChange("2026-03-31", "EUR", 0, -4500).Sales, *salesChange("2026-03-31", "USD", 2, 24000).Sales}},
		},
		{
			name: "a day's levels replace the day's, a platform may lower a count",
			changes: []Change{
				levelsChange("2026-03-02", PostLevel{Post: "yt-1", Views: 1_000_000, Likes: 9000}),
				levelsChange("2026-03-03", PostLevel{Post: "yt-1", Views: 1_500_000, Likes: 9500, Checked: true, Disclosed: true}),
				levelsChange("2026-03-02", PostLevel{Post: "yt-1", Views: 1_200_000, Likes: 9100},
					PostLevel{Post: "tt-2", Views: 300, Comments: 4, Shares: 2, Saves: 1, Checked: true}),
				levelsChange("2026-03-04", PostLevel{Post: "yt-1", Views: 1_499_000, Likes: 9400, Checked: true, Disclosed: true}),
			},
			want: Month{Levels: []PostLevel{
				{Post: "tt-2", Day: "2026-03-02", Views: 300, Comments: 4, Shares: 2, Saves: 1, Checked: true},
				{Post: "yt-1", Day: "2026-03-02", Views: 1_200_000, Likes: 9100},
				{Post: "yt-1", Day: "2026-03-03", Views: 1_500_000, Likes: 9500, Checked: true, Disclosed: true},
				{Post: "yt-1", Day: "2026-03-04", Views: 1_499_000, Likes: 9400, Checked: true, Disclosed: true},
			}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := Month{Month: "2026-03"}
			for _, c := range tc.changes {
				m.Apply(c)
			}
			tc.want.Month = "2026-03"
			sameJSON(t, "applied", normal(m), normal(tc.want))
			// Every change applied again, in any order, changes nothing: the stream
			// delivers at least once, and shards race.
			again := m
			again.Traffic, again.Sales, again.Levels = slices.Clone(m.Traffic), slices.Clone(m.Sales), slices.Clone(m.Levels)
			for _, c := range lastOfEach(tc.changes) {
				again.Apply(c)
			}
			sameJSON(t, "applied again", again, m)

			back, err := DecodeMonth("2026-03", m.Encode())
			if err != nil {
				t.Fatal(err)
			}
			sameJSON(t, "decoded", normal(back), normal(m))
		})
	}
}

// lastOfEach keeps each counter's last change, reversed: the latest values, applied in
// another order than they came.
func lastOfEach(changes []Change) []Change {
	seen := map[string]bool{}
	var out []Change
	for _, c := range slices.Backward(changes) {
		key := string(c.Day)
		switch {
		case c.Traffic != nil:
			key = "t" + string(c.Traffic.Day)
		case c.Sales != nil:
			key = "s" + string(c.Sales.Day) + string(c.Sales.Currency)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

// normal makes empty lists non-nil, as decoding makes them.
func normal(m Month) Month {
	if m.Traffic == nil {
		m.Traffic = []TrafficDay{}
	}
	if m.Sales == nil {
		m.Sales = []SalesDay{}
	}
	if m.Levels == nil {
		m.Levels = []PostLevel{}
	}
	return m
}

func TestDecodeMonthRefusesGarbage(t *testing.T) {
	good := Month{Month: "2026-02", Traffic: []TrafficDay{{Day: "2026-02-28", Clicks: 3}},
		Sales: []SalesDay{{Day: "2026-02-01", Currency: "USD", Orders: 1}}}.Encode()
	cases := map[string]struct {
		month string
		b     []byte
	}{
		"nothing":            {"2026-02", nil},
		"another version":    {"2026-02", append([]byte{1}, good[1:]...)},
		"cut short":          {"2026-02", good[:len(good)-1]},
		"trailing bytes":     {"2026-02", append(slices.Clone(good), 0)},
		"not a month":        {"2026-13", good},
		"a day past its end": {"2026-02", Month{Month: "2026-02", Traffic: []TrafficDay{{Day: "2026-02-30"}}}.Encode()},
		"a huge list":        {"2026-02", []byte{monthVersion, 0xff, 0xff, 0xff, 0x0f}},
	}
	for name, tc := range cases {
		if _, err := DecodeMonth(tc.month, tc.b); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if _, err := DecodeMonth("2026-02", good); err != nil {
		t.Fatal(err)
	}
}

func TestPackedAggregates(t *testing.T) {
	feb := Month{Month: "2026-02", Traffic: []TrafficDay{{Day: "2026-02-27", Clicks: 5}},
		Sales:  []SalesDay{{Day: "2026-02-27", Currency: "USD", Orders: 1}},
		Levels: []PostLevel{{Post: "p", Day: "2026-02-27", Views: 1000, Checked: true, Disclosed: true}}}
	mar := Month{Month: "2026-03", Traffic: []TrafficDay{{Day: "2026-03-10", Clicks: 2}, {Day: "2026-03-01", Clicks: 1}},
		Sales: []SalesDay{{Day: "2026-03-01", Currency: "USD", Orders: 2}, {Day: "2026-03-20", Currency: "USD", Orders: 9}},
		Levels: []PostLevel{{Post: "p", Day: "2026-03-01", Views: 1500, Checked: true, Disclosed: true},
			{Post: "p", Day: "2026-03-20", Views: 9000}}}
	p := Packed{
		Campaign: []Month{{Month: "2026-03", Traffic: []TrafficDay{{Day: "2026-03-10", Clicks: 20}, {Day: "2026-03-01", Clicks: 10}}}},
		Creators: map[string][]Month{"ana": {mar, feb}, "gone": {mar}},
	}
	s := Setup{Members: []MemberInput{{CreatorID: "ben"}, {CreatorID: "ana"}}}
	got := p.Aggregates(s, Range{From: "2026-03-01", To: "2026-03-10"})
	want := Aggregates{
		Sources: Sources{Traffic: true, Sales: true, Content: true},
		Traffic: []TrafficDay{{Day: "2026-03-01", Clicks: 10}, {Day: "2026-03-10", Clicks: 20}},
		Creators: []MemberDays{
			{CreatorID: "ben"},
			{CreatorID: "ana", Traffic: []TrafficDay{{Day: "2026-03-01", Clicks: 1}, {Day: "2026-03-10", Clicks: 2}},
				Sales: []SalesDay{{Day: "2026-03-01", Currency: "USD", Orders: 2}},
				// February's level is the base March's views are counted from; the level
				// after the range is left out.
				Content: []ContentDay{
					{Day: "2026-02-27", PostsLive: 1, Views: 1000, DisclosureChecked: 1, DisclosureCompliant: 1},
					{Day: "2026-03-01", PostsLive: 1, Views: 500, DisclosureChecked: 1, DisclosureCompliant: 1},
				}},
		},
	}
	sameJSON(t, "aggregates", got, want)
}
