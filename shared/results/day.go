package results

import (
	"fmt"
	"time"
)

// Day is a calendar day in the workspace's time zone, written as an ISO date
// ("2026-03-01"). Days of the same form compare in calendar order as strings.
type Day string

const dayLayout = "2006-01-02"

// ParseDay reads an ISO date.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return "", fmt.Errorf("parse day %q: %w", s, err)
	}
	return Day(t.Format(dayLayout)), nil
}

// DayOf returns the day t falls on in loc.
func DayOf(t time.Time, loc *time.Location) Day {
	return Day(t.In(loc).Format(dayLayout))
}

// Valid reports whether d is an ISO date.
func (d Day) Valid() bool {
	_, err := ParseDay(string(d))
	return err == nil && len(d) == len(dayLayout)
}

// time returns midnight UTC of the day; an invalid day is the zero time.
func (d Day) time() time.Time {
	t, _ := time.Parse(dayLayout, string(d))
	return t
}

// Add returns the day n days later (earlier for negative n).
func (d Day) Add(n int) Day {
	return Day(d.time().AddDate(0, 0, n).Format(dayLayout))
}

// Since returns the number of days from e to d: positive when d is later.
func (d Day) Since(e Day) int {
	return int(d.time().Sub(e.time()).Hours()) / 24
}

// Range is the days from From to To, both included.
type Range struct {
	From Day `json:"from"`
	To   Day `json:"to"`
}

// Contains reports whether d is one of the range's days.
func (r Range) Contains(d Day) bool { return d >= r.From && d <= r.To }

// Len is the number of days in the range; 0 when To is before From.
func (r Range) Len() int {
	if r.To < r.From {
		return 0
	}
	return r.To.Since(r.From) + 1
}

// Overlaps reports whether the two ranges share a day.
func (r Range) Overlaps(o Range) bool {
	return r.Len() > 0 && o.Len() > 0 && r.From <= o.To && o.From <= r.To
}

// Union is the smallest range holding both.
func (r Range) Union(o Range) Range {
	return Range{From: min(r.From, o.From), To: max(r.To, o.To)}
}

// Days lists the range's days in order.
func (r Range) Days() []Day {
	n := r.Len()
	out := make([]Day, n)
	t := r.From.time()
	for i := range out {
		out[i] = Day(t.AddDate(0, 0, i).Format(dayLayout))
	}
	return out
}
