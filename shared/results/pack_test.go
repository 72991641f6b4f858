package results

import (
	"strings"
	"testing"
)

func TestPackRoundTripAndMerge(t *testing.T) {
	all := seededAggregates()
	// Split the seeded aggregates into months, pack each, unpack and merge: the same
	// figures come out.
	var parts []Aggregates
	for _, month := range (Range{From: "2026-03-01", To: "2026-04-30"}).Months() {
		r := Range{From: Day(month + "-01"), To: Day(month + "-31")}
		part := Aggregates{Sources: all.Sources, Traffic: inRange(all.Traffic, r, func(d TrafficDay) Day { return d.Day })}
		for _, c := range all.Creators {
			part.Creators = append(part.Creators, MemberDays{CreatorID: c.CreatorID,
				Traffic: inRange(c.Traffic, r, func(d TrafficDay) Day { return d.Day }),
				Sales:   inRange(c.Sales, r, func(d SalesDay) Day { return d.Day }),
				Content: inRange(c.Content, r, func(d ContentDay) Day { return d.Day })})
		}
		packed, err := Pack(part)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Unpack(packed)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, back)
	}
	in := seededInput()
	in.Aggregates = Merge(parts...)
	got := Compute(in, march, "2026-04-10", Sort{Key: "views", Desc: true})
	want := Compute(seededInput(), march, "2026-04-10", Sort{Key: "views", Desc: true})
	sameJSON(t, "dashboard", got, want)
	if _, err := Unpack([]byte("not gzip")); err == nil {
		t.Fatal("garbage unpacked")
	}
}

func TestMonths(t *testing.T) {
	cases := []struct {
		r    Range
		want string
	}{
		{Range{From: "2025-11-15", To: "2026-02-01"}, "2025-11,2025-12,2026-01,2026-02"},
		{Range{From: "2026-03-01", To: "2026-03-31"}, "2026-03"},
		{Range{From: "2026-03-02", To: "2026-03-01"}, ""},
	}
	for _, tc := range cases {
		if got := strings.Join(tc.r.Months(), ","); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.r, got, tc.want)
		}
	}
}
