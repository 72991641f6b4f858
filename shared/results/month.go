package results

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hypetrack/hypetrack/shared/money"
)

// The packed read model (docs/metrics.md): the results read one item per creator and
// month, and one per month for the campaign's own traffic, instead of one per counter
// and day, so a year of 50 creators is one Query page. Month is such an item's content.
// It holds what the counters hold, as absolute values: a stream consumer sets each
// counter's latest value into its month (Apply), so a change applied twice, or late
// after another counter's, leaves the same month.

// Month is one creator's (or the campaign's own) daily aggregates of one calendar month.
type Month struct {
	// Month is the calendar month, "2026-03".
	Month string
	// Traffic holds the click counters, by day.
	Traffic []TrafficDay
	// Sales holds the order counters, by day and currency.
	Sales []SalesDay
	// Levels holds the tracked posts' levels at the end of each day, by day and post:
	// levels, not additions, because a day's views depend on the post's previous level,
	// which may lie in an earlier month.
	Levels []PostLevel
}

// Change is one counter's value now, as its item's latest image says: exactly one of
// Traffic, Sales or Levels is set.
type Change struct {
	Traffic *TrafficDay
	Sales   *SalesDay
	// Levels are the levels of every post a creator had read on Day; they replace the
	// day's levels (a content item holds all the posts of its creator and day).
	Levels []PostLevel
	// Day is the day of Levels.
	Day Day
}

// MonthOf is the month ("2026-03") of a change.
func (c Change) MonthOf() string {
	switch {
	case c.Traffic != nil:
		return string(c.Traffic.Day)[:7]
	case c.Sales != nil:
		return string(c.Sales.Day)[:7]
	default:
		return string(c.Day)[:7]
	}
}

// Apply sets the change's values into the month.
func (m *Month) Apply(c Change) {
	switch {
	case c.Traffic != nil:
		i, found := slices.BinarySearchFunc(m.Traffic, c.Traffic.Day, func(t TrafficDay, d Day) int { return cmp.Compare(t.Day, d) })
		if found {
			m.Traffic[i] = *c.Traffic
		} else {
			m.Traffic = slices.Insert(m.Traffic, i, *c.Traffic)
		}
	case c.Sales != nil:
		i, found := slices.BinarySearchFunc(m.Sales, *c.Sales, compareSales)
		if found {
			m.Sales[i] = *c.Sales
		} else {
			m.Sales = slices.Insert(m.Sales, i, *c.Sales)
		}
	default:
		m.Levels = slices.DeleteFunc(m.Levels, func(l PostLevel) bool { return l.Day == c.Day })
		for _, l := range c.Levels {
			l.Day = c.Day
			m.Levels = append(m.Levels, l)
		}
		slices.SortFunc(m.Levels, compareLevels)
	}
}

func compareSales(a, b SalesDay) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Currency, b.Currency))
}

func compareLevels(a, b PostLevel) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), strings.Compare(a.Post, b.Post))
}

// The encoding: a version byte, then varints. Days are days of the month; currencies
// and posts are indexes into tables at the head of their section; a post's levels are
// differences from its previous level in the month, so a year of a big post's daily
// views takes two or three bytes a day, not five. About 1 KB for a creator's month of
// daily traffic, sales and one post.
const monthVersion = 2

// errMonth reports bytes this codec cannot read.
var errMonth = errors.New("malformed packed month")

// Encode packs the month.
func (m Month) Encode() []byte {
	b := make([]byte, 1, 64+16*len(m.Traffic)+24*len(m.Sales)+16*len(m.Levels))
	b[0] = monthVersion
	b = binary.AppendUvarint(b, uint64(len(m.Traffic)))
	for _, t := range m.Traffic {
		b = appendInts(binary.AppendUvarint(b, dayOfMonth(t.Day)), t.Clicks, t.HumanClicks, t.UniqueVisitors)
	}

	var currencies []money.Currency
	for _, s := range m.Sales {
		if !slices.Contains(currencies, s.Currency) {
			currencies = append(currencies, s.Currency)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(currencies)))
	for _, c := range currencies {
		b = appendString(b, string(c))
	}
	b = binary.AppendUvarint(b, uint64(len(m.Sales)))
	for _, s := range m.Sales {
		b = binary.AppendUvarint(b, dayOfMonth(s.Day))
		b = binary.AppendUvarint(b, uint64(slices.Index(currencies, s.Currency)))
		b = appendInts(b, s.Orders, s.OrdersByCode, s.OrdersByClick, s.NetRevenue, s.NetRevenueByCode,
			s.NetRevenueByClick, s.Refunds, s.Commission)
	}

	posts := map[string]int{}
	var names []string
	for _, l := range m.Levels {
		if _, ok := posts[l.Post]; !ok {
			posts[l.Post] = len(names)
			names = append(names, l.Post)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, n := range names {
		b = appendString(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(m.Levels)))
	prev := make([]PostLevel, len(names))
	for _, l := range m.Levels {
		i := posts[l.Post]
		p := prev[i]
		b = binary.AppendUvarint(b, dayOfMonth(l.Day))
		b = binary.AppendUvarint(b, uint64(i))
		b = binary.AppendUvarint(b, flags(l.Checked, l.Disclosed))
		b = appendInts(b, l.Views-p.Views, l.Likes-p.Likes, l.Comments-p.Comments, l.Shares-p.Shares, l.Saves-p.Saves)
		prev[i] = l
	}
	return b
}

func appendInts(b []byte, vs ...int64) []byte {
	for _, v := range vs {
		b = binary.AppendVarint(b, v)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// dayOfMonth is 1 to 31 for a valid day.
func dayOfMonth(d Day) uint64 {
	n, _ := strconv.Atoi(string(d[8:]))
	return uint64(n)
}

func flags(checked, disclosed bool) uint64 {
	var f uint64
	if checked {
		f |= 1
	}
	if disclosed {
		f |= 2
	}
	return f
}

// DecodeMonth unpacks what Encode packed for month ("2026-03").
func DecodeMonth(month string, b []byte) (Month, error) {
	if !Day(month + "-01").Valid() {
		return Month{}, fmt.Errorf("decode packed month %q: not a month", month)
	}
	if len(b) == 0 || b[0] != monthVersion {
		return Month{}, fmt.Errorf("decode packed month %s: %w: unknown version", month, errMonth)
	}
	r := monthReader{b: b[1:], month: month, last: uint64(Day(month+"-01").time().AddDate(0, 1, -1).Day())}
	m := Month{Month: month}
	m.Traffic = make([]TrafficDay, r.count())
	for i := range m.Traffic {
		m.Traffic[i] = TrafficDay{Day: r.day(), Clicks: r.int(), HumanClicks: r.int(), UniqueVisitors: r.int()}
	}
	currencies := make([]money.Currency, r.count())
	for i := range currencies {
		currencies[i] = money.Currency(r.bytes())
	}
	m.Sales = make([]SalesDay, r.count())
	for i := range m.Sales {
		m.Sales[i] = SalesDay{Day: r.day(), Currency: r.pick(currencies),
			Orders: r.int(), OrdersByCode: r.int(), OrdersByClick: r.int(), NetRevenue: r.int(),
			NetRevenueByCode: r.int(), NetRevenueByClick: r.int(), Refunds: r.int(), Commission: r.int()}
	}
	names := make([]string, r.count())
	for i := range names {
		names[i] = string(r.bytes())
	}
	prev := make([]PostLevel, len(names))
	m.Levels = make([]PostLevel, r.count())
	for i := range m.Levels {
		day, post := r.day(), r.index(len(names))
		f := r.uint()
		p := prev[post]
		l := PostLevel{Post: names[post], Day: day, Checked: f&1 != 0, Disclosed: f&2 != 0,
			Views: p.Views + r.int(), Likes: p.Likes + r.int(), Comments: p.Comments + r.int(),
			Shares: p.Shares + r.int(), Saves: p.Saves + r.int()}
		prev[post], m.Levels[i] = l, l
	}
	if r.err != nil || len(r.b) != 0 {
		return Month{}, fmt.Errorf("decode packed month %s: %w", month, errMonth)
	}
	return m, nil
}

// monthReader reads varints, remembering the first error; after one it reads zeros.
type monthReader struct {
	b     []byte
	month string
	// last is the month's last day of the month (28 to 31).
	last uint64
	days [32]Day
	err  error
}

func (r *monthReader) fail() {
	r.err, r.b = errMonth, nil
}

func (r *monthReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *monthReader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a list length, bounded by the bytes left so garbage cannot allocate much.
func (r *monthReader) count() int {
	v := r.uint()
	if v > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(v)
}

// index reads an index into a table of n entries; a bad one reads as 0 and fails.
func (r *monthReader) index(n int) int {
	v := r.uint()
	if v >= uint64(n) {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *monthReader) pick(currencies []money.Currency) money.Currency {
	if len(currencies) == 0 {
		r.fail()
		return ""
	}
	return currencies[r.index(len(currencies))]
}

func (r *monthReader) bytes() []byte {
	n := r.count()
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// day reads a day of the month; the month's days are built once each.
func (r *monthReader) day() Day {
	n := r.uint()
	if n < 1 || n > r.last {
		r.fail()
		return ""
	}
	if r.days[n] == "" {
		r.days[n] = Day(r.month + "-" + string([]byte{byte('0' + n/10), byte('0' + n%10)}))
	}
	return r.days[n]
}

// Packed is a campaign's packed months as read: its own (traffic only) and each
// creator's, in any order.
type Packed struct {
	Campaign []Month
	Creators map[string][]Month
}

// Aggregates assembles the aggregates of r for the setup's creators. Traffic and sales
// keep the days of r. Content is computed from every level up to r.To, since a day's
// views are its levels less the post's previous ones, so p must hold the months from
// the campaign's first on. Every source exists: a month without data is zeros.
func (p Packed) Aggregates(s Setup, r Range) Aggregates {
	out := Aggregates{
		Sources:  Sources{Traffic: true, Sales: true, Content: true},
		Traffic:  trafficIn(p.Campaign, r),
		Creators: make([]MemberDays, len(s.Members)),
	}
	for i, m := range s.Members {
		months := p.Creators[m.CreatorID]
		slices.SortFunc(months, func(a, b Month) int { return strings.Compare(a.Month, b.Month) })
		d := MemberDays{CreatorID: m.CreatorID, Traffic: trafficIn(months, r)}
		// Sized first: a year appended month by month would copy each list a dozen times.
		var sales, levelsN int
		for _, month := range months {
			sales += len(month.Sales)
			levelsN += len(month.Levels)
		}
		var levels []PostLevel
		if sales > 0 {
			d.Sales = make([]SalesDay, 0, sales)
		}
		if levelsN > 0 {
			levels = make([]PostLevel, 0, levelsN)
		}
		for _, month := range months {
			for _, s := range month.Sales {
				if r.Contains(s.Day) {
					d.Sales = append(d.Sales, s)
				}
			}
			for _, l := range month.Levels {
				if l.Day <= r.To {
					levels = append(levels, l)
				}
			}
		}
		d.Content = ContentDays(levels)
		out.Creators[i] = d
	}
	return out
}

func trafficIn(months []Month, r Range) []TrafficDay {
	n := 0
	for _, m := range months {
		n += len(m.Traffic)
	}
	if n == 0 {
		return nil
	}
	out := make([]TrafficDay, 0, n)
	for _, m := range months {
		for _, t := range m.Traffic {
			if r.Contains(t.Day) {
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, func(a, b TrafficDay) int { return cmp.Compare(a.Day, b.Day) })
	return out
}
