package results

import (
	"errors"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/validate"
)

func TestDays(t *testing.T) {
	r := Range{From: "2024-02-27", To: "2024-03-01"}
	if got := strings.Join(func() []string {
		var s []string
		for _, d := range r.Days() {
			s = append(s, string(d))
		}
		return s
	}(), ","); got != "2024-02-27,2024-02-28,2024-02-29,2024-03-01" {
		t.Fatalf("days %s", got)
	}
	if r.Len() != 4 || Day("2024-03-01").Since("2024-02-27") != 4-1 || Day("2024-12-31").Add(1) != "2025-01-01" {
		t.Fatal("day arithmetic")
	}
	// Across a daylight-saving change the day count stays whole.
	if Day("2026-03-30").Since("2026-03-28") != 2 {
		t.Fatal("days across DST")
	}
	if (Range{From: "2026-03-02", To: "2026-03-01"}).Len() != 0 {
		t.Fatal("an inverted range has no days")
	}
	if !r.Overlaps(Range{From: "2024-03-01", To: "2024-03-09"}) || r.Overlaps(Range{From: "2024-03-02", To: "2024-03-09"}) {
		t.Fatal("overlap")
	}
	for _, bad := range []Day{"", "2026-3-1", "2026-02-30", "yesterday", "2026-03-01T00:00:00Z"} {
		if bad.Valid() {
			t.Errorf("%q is valid", bad)
		}
	}
}

func TestCheckRange(t *testing.T) {
	cases := []struct {
		r     Range
		field string
	}{
		{Range{From: "2026-03-01", To: "2026-03-31"}, ""},
		{Range{From: "2026-03-01", To: "2026-03-01"}, ""},
		{Range{From: "2026-13-01", To: "2026-03-31"}, "from"},
		{Range{From: "2026-03-01", To: "soon"}, "to"},
		{Range{From: "2026-03-02", To: "2026-03-01"}, "to"},
		{Range{From: "2025-01-01", To: "2027-01-01"}, ""},
		{Range{From: "2025-01-01", To: "2027-01-02"}, "to"},
	}
	for _, tc := range cases {
		err := CheckRange(tc.r)
		var v *validate.Error
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%v: %v", tc.r, err)
		case tc.field != "" && (!errors.As(err, &v) || v.Fields[0].Field != tc.field):
			t.Errorf("%v: want an error on %s, got %v", tc.r, tc.field, err)
		}
	}
}

func TestParseSort(t *testing.T) {
	cases := []struct {
		in, want string
		err      string
	}{
		{"", "netRevenue.USD", ""},
		{"views", "views", ""},
		{"-cpa", "-cpa.USD", ""},
		{"roas.eur", "roas.EUR", ""},
		{"name", "name", ""},
		{"-name", "-name", ""},
		{"fame", "", "sort"},
		{"cpa.dollars", "", "sort"},
	}
	for _, tc := range cases {
		s, err := ParseSort(tc.in, "netRevenue", usd)
		if tc.err != "" {
			var v *validate.Error
			if !errors.As(err, &v) || v.Fields[0].Field != tc.err {
				t.Errorf("%q: want a %s error, got %v", tc.in, tc.err, err)
			}
			continue
		}
		if err != nil || s.String() != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.in, s.String(), err, tc.want)
		}
	}
}

// TestLeaderboardSorts: any figure sorts, no data last in either direction, ties by name.
func TestLeaderboardSorts(t *testing.T) {
	cases := []struct {
		sort string
		want string
	}{
		{"views", "ana,ben,cleo"},
		{"-views", "cleo,ben,ana"},
		// Cleo's conversion is no data: last, whichever way.
		{"conversion", "ben,ana,cleo"},
		{"-conversion", "ana,ben,cleo"},
		// USD CPA: Ben 0, Ana 270.75, Cleo no data.
		{"-cpa", "ben,ana,cleo"},
		{"cpa.EUR", "ben,ana,cleo"},
		{"netRevenue.EUR", "ben,ana,cleo"},
		// Ana 26,000 × 0.081875 × 0.8 − 1,083 = 620; Ben 21,000 × 0.04125 × 0.5 − 404
		// = 29.125; Cleo −300.
		{"-impactScore", "cleo,ben,ana"},
		{"name", "ana,ben,cleo"},
		{"-name", "cleo,ben,ana"},
		// A tie (no EUR refunds anywhere; none in EUR is zero of it) falls back to names.
		{"refunds.EUR", "ana,ben,cleo"},
		{"-refunds", "ben,cleo,ana"},
	}
	for _, tc := range cases {
		s, err := ParseSort(tc.sort, "views", usd)
		if err != nil {
			t.Fatal(err)
		}
		d := Compute(seededInput(), march, "2026-04-10", s)
		var got []string
		for _, r := range d.Leaderboard.Rows {
			got = append(got, r.CreatorID)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("sort %s: %v, want %s", tc.sort, got, tc.want)
		}
	}
}

// TestRangeSlicesTheSameData: a sub-range counts only its days; levels come from its last
// reading; fixed costs still count in full.
func TestRangeSlicesTheSameData(t *testing.T) {
	r := Range{From: "2026-03-03", To: "2026-03-06"}
	c, _ := ComputeCreator(seededInput(), "ana", r, "2026-04-10")
	f := c.Creator.Figures
	if *f.Views != 6000 || *f.PostsLive != 2 || *f.Clicks != 30 || *f.Orders != 0 || *f.Followers != 50000 {
		t.Fatalf("views %d posts %d clicks %d orders %d followers %d", *f.Views, *f.PostsLive, *f.Clicks, *f.Orders, *f.Followers)
	}
	if f.FixedCost[usd] != 105000 || f.Commission[usd] != 0 {
		t.Fatalf("fixed %v commission %v", f.FixedCost, f.Commission)
	}
	if len(c.Series) != 4 || c.Series[0].Day != "2026-03-03" || *c.Series[0].Views != 6000 || *c.Series[2].Clicks != 30 {
		t.Fatalf("series %+v", c.Series)
	}
}

func TestSeriesStopsToday(t *testing.T) {
	d := Compute(seededInput(), march, "2026-03-05", Sort{Key: "views", Desc: true})
	if d.Series[4].Clicks == nil || *d.Series[4].Clicks != 60 {
		t.Fatalf("today's clicks %v", d.Series[4].Clicks)
	}
	for _, s := range d.Series[5:] {
		if s.Clicks != nil || s.Orders != nil || s.NetRevenue != nil || s.Views != nil {
			t.Fatalf("%s is after today but has figures", s.Day)
		}
	}
	// Mid-campaign, USD 300.00 by day 5 of 31: projected 300 × 31 / 5 = 1,860.00.
	if d.Goal.Actual == nil || *d.Goal.Actual != 30000 || *d.Goal.Projected != 186000 || *d.Goal.Status != GoalOffTrack {
		t.Fatalf("goal %+v", d.Goal)
	}
}

func TestUnknownCreatorsCountersAreKept(t *testing.T) {
	in := seededInput()
	in.Setup.Members = in.Setup.Members[1:] // Ana's membership is gone; her orders are not.
	d := Compute(in, march, "2026-04-10", Sort{Key: "orders", Desc: true})
	if d.Leaderboard.Rows[0].CreatorID != "ana" || d.Leaderboard.Rows[0].Name != "ana" || *d.Figures.Orders != 7 {
		t.Fatalf("rows %+v", d.Leaderboard.Rows[0])
	}
}
