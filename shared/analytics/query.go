package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Limits on one question, so that one request reads a bounded number of items.
const (
	// MaxHourlyRange is the longest range answered hour by hour (or day by day in a time
	// zone other than UTC, which is summed from hours).
	MaxHourlyRange = 93 * 24 * time.Hour
	// MaxRange is the longest range answered at all: the raw-click retention.
	MaxRange = 400 * 24 * time.Hour
)

// ErrRange means the question's time range is empty, reversed or too long.
var ErrRange = errors.New("invalid time range")

// Service answers analytics questions from the counters.
type Service struct {
	store CounterStore
}

// NewService builds the service on a counter store.
func NewService(s CounterStore) *Service { return &Service{store: s} }

// Query is a question's subject and time range. From and To are instants; Location is the
// marketer's time zone, in which days start (nil means UTC).
type Query struct {
	Scope    Scope
	From, To time.Time
	Location *time.Location
}

func (q Query) location() *time.Location {
	if q.Location == nil {
		return time.UTC
	}
	return q.Location
}

// Point is one bucket of a time series, starting at Start in the query's time zone.
type Point struct {
	Start       time.Time
	Clicks      int64
	HumanClicks int64
	BotClicks   int64
	// Uniques is the day's unique visitors; only in day series in UTC (see HasUniques).
	Uniques int64
}

// Series is clicks over time.
type Series struct {
	Granularity Granularity
	Points      []Point
	// HasUniques is true when the points carry unique visitors: day buckets in UTC. Visitor
	// keys change at midnight UTC, so uniques exist per UTC day only.
	HasUniques bool
}

// ClicksOverTime returns one point per hour or day of the range in the query's time zone,
// zeros included. Hours are the counters' own; days in UTC are the day counters, days in
// another zone the sum of their hours (a zone with a half-hour offset puts each UTC hour
// in the local day where it starts).
func (s *Service) ClicksOverTime(ctx context.Context, q Query, g Granularity) (Series, error) {
	loc := q.location()
	useDays := g == Day && isUTC(loc, q.From, q.To)
	limit := MaxHourlyRange
	if useDays {
		limit = MaxRange
	}
	if err := checkRange(q, limit); err != nil {
		return Series{}, err
	}
	read := Hour
	if useDays {
		read = Day
	}
	buckets, err := s.store.Counters(ctx, q.Scope, read, q.From, q.To)
	if err != nil {
		return Series{}, fmt.Errorf("clicks over time: %w", err)
	}
	out := Series{Granularity: g, HasUniques: useDays}
	index := map[int64]int{}
	for t := localStart(g, q.From.In(loc)); t.Before(q.To); t = next(g, t) {
		index[t.Unix()] = len(out.Points)
		out.Points = append(out.Points, Point{Start: t})
	}
	for _, b := range buckets {
		i, ok := index[localStart(g, b.Start.In(loc)).Unix()]
		if !ok {
			continue
		}
		p := &out.Points[i]
		p.Clicks += b.Counters[Clicks]
		p.HumanClicks += b.Counters[HumanClicks]
		p.BotClicks += b.Counters[BotClicks]
		if useDays {
			p.Uniques += b.Counters[Uniques]
		}
	}
	return out, nil
}

// Share is one value of a breakdown with its human clicks.
type Share struct {
	Value  string
	Clicks int64
}

// Breakdown returns the human clicks of the range by one dimension (DimCountry, DimDevice,
// DimOS, DimReferrer, or DimCreator for a campaign), largest first. It reads day counters
// for the whole UTC days of the range and hour counters for its ragged ends.
func (s *Service) Breakdown(ctx context.Context, q Query, dimension string) ([]Share, error) {
	switch dimension {
	case DimCountry, DimDevice, DimOS, DimReferrer, DimCreator:
	default:
		return nil, fmt.Errorf("breakdown by %q: unknown dimension", dimension)
	}
	total, err := s.sum(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("breakdown by %s: %w", dimension, err)
	}
	var out []Share
	for v, n := range total.Dimension(dimension) {
		out = append(out, Share{Value: v, Clicks: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Clicks != out[j].Clicks {
			return out[i].Clicks > out[j].Clicks
		}
		return out[i].Value < out[j].Value
	})
	return out, nil
}

// Totals is the sum of a range's counters.
type Totals struct {
	Clicks      int64 `json:"clicks"`
	HumanClicks int64 `json:"humanClicks"`
	BotClicks   int64 `json:"botClicks"`
	// VisitorDays is the sum of each UTC day's unique visitors over the whole days of the
	// range: a visitor who came back on three days counts three times.
	VisitorDays int64 `json:"visitorDays"`
}

// Totals sums the range.
func (s *Service) Totals(ctx context.Context, q Query) (Totals, error) {
	c, err := s.sum(ctx, q)
	if err != nil {
		return Totals{}, fmt.Errorf("totals: %w", err)
	}
	return Totals{Clicks: c[Clicks], HumanClicks: c[HumanClicks], BotClicks: c[BotClicks], VisitorDays: c[Uniques]}, nil
}

// sum adds up the counters of the range, whole UTC days from day buckets and the rest
// from hour buckets. Ranges are taken to whole hours.
func (s *Service) sum(ctx context.Context, q Query) (Counters, error) {
	if err := checkRange(q, MaxRange); err != nil {
		return nil, err
	}
	from, to := Hour.Start(q.From), Hour.Start(q.To.Add(Hour.Width()-time.Nanosecond))
	total := Counters{}
	for _, seg := range plan(from, to) {
		buckets, err := s.store.Counters(ctx, q.Scope, seg.g, seg.from, seg.to)
		if err != nil {
			return nil, err
		}
		for _, b := range buckets {
			if seg.g == Hour {
				delete(b.Counters, Uniques) // hour buckets have none; days carry them
			}
			total.Add(b.Counters)
		}
	}
	return total, nil
}

type segment struct {
	g        Granularity
	from, to time.Time
}

// plan splits [from, to) (whole UTC hours) into hours before the first whole day, whole
// days, and hours after the last.
func plan(from, to time.Time) []segment {
	firstDay := Day.Start(from)
	if firstDay.Before(from) {
		firstDay = firstDay.Add(Day.Width())
	}
	lastDay := Day.Start(to)
	if !firstDay.Before(lastDay) {
		return []segment{{Hour, from, to}}
	}
	var out []segment
	if from.Before(firstDay) {
		out = append(out, segment{Hour, from, firstDay})
	}
	out = append(out, segment{Day, firstDay, lastDay})
	if lastDay.Before(to) {
		out = append(out, segment{Hour, lastDay, to})
	}
	return out
}

func checkRange(q Query, limit time.Duration) error {
	switch {
	case !q.From.Before(q.To):
		return fmt.Errorf("%w: from must be before to", ErrRange)
	case q.To.Sub(q.From) > limit:
		return fmt.Errorf("%w: at most %d days", ErrRange, int(limit.Hours()/24))
	}
	return nil
}

// localStart is the start of the hour or day holding t, in t's location.
func localStart(g Granularity, t time.Time) time.Time {
	if g == Day {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, t.Location())
}

// next is the start of the bucket after t; days follow the calendar, so a day with a
// daylight-saving change has 23 or 25 hours.
func next(g Granularity, t time.Time) time.Time {
	if g == Day {
		return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
	}
	return t.Add(time.Hour)
}

// isUTC reports whether loc keeps UTC's offset over the range.
func isUTC(loc *time.Location, from, to time.Time) bool {
	_, a := from.In(loc).Zone()
	_, b := to.In(loc).Zone()
	return a == 0 && b == 0 && loc == time.UTC
}
