package results

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hypetrack/hypetrack/shared/money"
)

// A suggested read model for the aggregate reader (docs/metrics.md, "DynamoDB requests"):
// the daily counters of one campaign month, every creator's and the campaign's own, packed
// into one compressed item, so a dashboard reads a year in one Query page instead of
// tens of thousands of day items. Pack and Unpack are its codec; Merge joins months.
//
// The format is a version byte, then gzip over varints: the sources as a bit set, the
// campaign's traffic days, then each creator's id and traffic, sales and content days.
// A day is its number of days since 1970-01-01; every count and amount is a zig-zag
// varint, so small counters take a byte or two.

const packVersion = 1

// Pack encodes aggregates (one month's, by convention).
func Pack(a Aggregates) ([]byte, error) {
	var raw []byte
	var bits uint64
	for i, on := range []bool{a.Sources.Traffic, a.Sources.Sales, a.Sources.Content} {
		if on {
			bits |= 1 << i
		}
	}
	raw = binary.AppendUvarint(raw, bits)
	raw = packTraffic(raw, a.Traffic)
	raw = binary.AppendUvarint(raw, uint64(len(a.Creators)))
	for _, c := range a.Creators {
		raw = packString(raw, c.CreatorID)
		raw = packTraffic(raw, c.Traffic)
		raw = binary.AppendUvarint(raw, uint64(len(c.Sales)))
		for _, s := range c.Sales {
			raw = packString(binary.AppendVarint(raw, epochDay(s.Day)), string(s.Currency))
			for _, v := range []int64{s.Orders, s.OrdersByCode, s.OrdersByClick, s.NetRevenue, s.NetRevenueByCode, s.NetRevenueByClick, s.Refunds, s.Commission} {
				raw = binary.AppendVarint(raw, v)
			}
		}
		raw = binary.AppendUvarint(raw, uint64(len(c.Content)))
		for _, s := range c.Content {
			raw = binary.AppendVarint(raw, epochDay(s.Day))
			for _, v := range []int64{s.PostsLive, s.Views, s.Likes, s.Comments, s.Shares, s.Saves, s.Followers, s.DisclosureChecked, s.DisclosureCompliant} {
				raw = binary.AppendVarint(raw, v)
			}
		}
	}
	b := bytes.NewBuffer([]byte{packVersion})
	zw, _ := gzip.NewWriterLevel(b, gzip.BestSpeed) // the level is a valid constant
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("pack aggregates: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pack aggregates: %w", err)
	}
	return b.Bytes(), nil
}

func packString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func packTraffic(b []byte, days []TrafficDay) []byte {
	b = binary.AppendUvarint(b, uint64(len(days)))
	for _, t := range days {
		b = binary.AppendVarint(b, epochDay(t.Day))
		b = binary.AppendVarint(b, t.Clicks)
		b = binary.AppendVarint(b, t.HumanClicks)
		b = binary.AppendVarint(b, t.UniqueVisitors)
	}
	return b
}

func epochDay(d Day) int64 { return int64(d.Since("1970-01-01")) }

// errPacked reports a packed item this codec cannot read.
var errPacked = errors.New("malformed packed aggregates")

// unpacker reads varints, remembering the first error.
type unpacker struct {
	b    []byte
	err  error
	days map[int64]Day
	// currencies interns currency codes: a month repeats the same two or three.
	currencies map[string]money.Currency
}

func (u *unpacker) int() int64 {
	v, n := binary.Varint(u.b)
	if n <= 0 {
		u.err, u.b = errPacked, nil
		return 0
	}
	u.b = u.b[n:]
	return v
}

// count reads a list length, bounded by what is left so garbage cannot allocate much.
func (u *unpacker) count() int {
	v, n := binary.Uvarint(u.b)
	if n <= 0 || v > uint64(len(u.b)) {
		u.err, u.b = errPacked, nil
		return 0
	}
	u.b = u.b[n:]
	return int(v)
}

func (u *unpacker) bytes() []byte {
	n := u.count()
	if n > len(u.b) {
		u.err, u.b = errPacked, nil
		return nil
	}
	s := u.b[:n]
	u.b = u.b[n:]
	return s
}

func (u *unpacker) currency() money.Currency {
	b := u.bytes()
	c, ok := u.currencies[string(b)] // no allocation for a map lookup by converted bytes
	if !ok {
		c = money.Currency(b)
		u.currencies[string(c)] = c
	}
	return c
}

// day turns an epoch day back into a Day; a month has few, so they are remembered.
func (u *unpacker) day() Day {
	e := u.int()
	d, ok := u.days[e]
	if !ok {
		d = Day("1970-01-01").Add(int(e))
		u.days[e] = d
	}
	return d
}

func (u *unpacker) traffic() []TrafficDay {
	out := make([]TrafficDay, u.count())
	for i := range out {
		out[i] = TrafficDay{Day: u.day(), Clicks: u.int(), HumanClicks: u.int(), UniqueVisitors: u.int()}
	}
	return out
}

// Unpack decodes what Pack encoded.
func Unpack(p []byte) (Aggregates, error) {
	if len(p) == 0 || p[0] != packVersion {
		return Aggregates{}, fmt.Errorf("unpack aggregates: %w: unknown version", errPacked)
	}
	zr, err := gzip.NewReader(bytes.NewReader(p[1:]))
	if err != nil {
		return Aggregates{}, fmt.Errorf("unpack aggregates: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return Aggregates{}, fmt.Errorf("unpack aggregates: %w", err)
	}
	u := &unpacker{b: raw, days: map[int64]Day{}, currencies: map[string]money.Currency{}}
	var a Aggregates
	bits := u.count()
	a.Sources = Sources{Traffic: bits&1 != 0, Sales: bits&2 != 0, Content: bits&4 != 0}
	a.Traffic = u.traffic()
	a.Creators = make([]MemberDays, u.count())
	for i := range a.Creators {
		c := &a.Creators[i]
		c.CreatorID = string(u.bytes())
		c.Traffic = u.traffic()
		c.Sales = make([]SalesDay, u.count())
		for j := range c.Sales {
			c.Sales[j] = SalesDay{Day: u.day(), Currency: u.currency(),
				Orders: u.int(), OrdersByCode: u.int(), OrdersByClick: u.int(), NetRevenue: u.int(),
				NetRevenueByCode: u.int(), NetRevenueByClick: u.int(), Refunds: u.int(), Commission: u.int()}
		}
		c.Content = make([]ContentDay, u.count())
		for j := range c.Content {
			c.Content[j] = ContentDay{Day: u.day(), PostsLive: u.int(), Views: u.int(), Likes: u.int(), Comments: u.int(),
				Shares: u.int(), Saves: u.int(), Followers: u.int(), DisclosureChecked: u.int(), DisclosureCompliant: u.int()}
		}
	}
	if u.err != nil || len(u.b) != 0 {
		return Aggregates{}, fmt.Errorf("unpack aggregates: %w", errPacked)
	}
	return a, nil
}

// Merge joins aggregates of different days (months) into one: buckets are appended per
// creator, and a source counts as present if any part has it.
func Merge(parts ...Aggregates) Aggregates {
	var out Aggregates
	// Size every list first: a year of months appended one by one would copy each list
	// a dozen times.
	index := map[string]int{}
	var traffic int
	var sizes [][3]int
	for _, p := range parts {
		traffic += len(p.Traffic)
		for _, c := range p.Creators {
			i, ok := index[c.CreatorID]
			if !ok {
				i = len(sizes)
				index[c.CreatorID] = i
				sizes = append(sizes, [3]int{})
			}
			sizes[i][0] += len(c.Traffic)
			sizes[i][1] += len(c.Sales)
			sizes[i][2] += len(c.Content)
		}
	}
	out.Traffic = make([]TrafficDay, 0, traffic)
	out.Creators = make([]MemberDays, len(sizes))
	for id, i := range index {
		out.Creators[i] = MemberDays{CreatorID: id, Traffic: make([]TrafficDay, 0, sizes[i][0]),
			Sales: make([]SalesDay, 0, sizes[i][1]), Content: make([]ContentDay, 0, sizes[i][2])}
	}
	for _, p := range parts {
		out.Sources.Traffic = out.Sources.Traffic || p.Sources.Traffic
		out.Sources.Sales = out.Sources.Sales || p.Sources.Sales
		out.Sources.Content = out.Sources.Content || p.Sources.Content
		out.Traffic = append(out.Traffic, p.Traffic...)
		for _, c := range p.Creators {
			m := &out.Creators[index[c.CreatorID]]
			m.Traffic = append(m.Traffic, c.Traffic...)
			m.Sales = append(m.Sales, c.Sales...)
			m.Content = append(m.Content, c.Content...)
		}
	}
	slices.SortFunc(out.Creators, func(a, b MemberDays) int { return strings.Compare(a.CreatorID, b.CreatorID) })
	return out
}

// Months lists the months ("2026-03") the days of r fall in: the sort keys of the packed
// items a reader queries.
func (r Range) Months() []string {
	var out []string
	for m := string(r.From)[:7]; r.Len() > 0 && m <= string(r.To)[:7]; {
		out = append(out, m)
		m = string(Day(m+"-01").time().AddDate(0, 1, 0).Format(dayLayout))[:7]
	}
	return out
}
