package results

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hypetrack/hypetrack/shared/money"
)

//go:embed postmortem.html.tmpl
var postMortemSource string

// postMortemPage is parsed once; a template error is a programming error, caught by the
// tests at package load.
var postMortemPage = template.Must(template.New("postmortem").Funcs(template.FuncMap{
	"count":   formatCount,
	"int":     func(v int64) string { return formatCount(&v) },
	"percent": formatPercent,
	"real":    formatReal,
	"amounts": formatAmounts,
	"amount":  formatAmount,
	"minor":   formatMinor,
	"figure":  formatFigure,
	"status":  formatStatus,
	"reached": formatReached,
	"groups":  figureGroups,
	"missing": missingSources,
}).Parse(postMortemSource))

// RenderPostMortem writes the post-mortem as a self-contained, printable HTML page: no
// scripts, no external styles or fonts, print rules for A4 and Letter.
func RenderPostMortem(w io.Writer, pm PostMortem) error {
	if err := postMortemPage.Execute(w, pm); err != nil {
		return fmt.Errorf("render post-mortem of %s: %w", pm.Campaign.ID, err)
	}
	return nil
}

const noData = "no data"

// group writes digits with thousands separators.
func group(digits string) string {
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func formatCount(v *int64) string {
	if v == nil {
		return noData
	}
	return group(strconv.FormatInt(*v, 10))
}

func formatPercent(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return noData
	}
	return strconv.FormatFloat(*v*100, 'f', 1, 64) + " %"
}

func formatReal(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return noData
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(*v, 'f', 2, 64), ".")
	return group(whole) + "." + frac
}

// formatAmount writes minor units of currency c (a money.Currency or its code as a
// string: campaigns keep codes as strings) for people: "USD 1,234.50".
func formatAmount(minor int64, code any) string {
	c := money.Currency(fmt.Sprint(code))
	whole, frac, found := strings.Cut(money.New(minor, c).Decimal(), ".")
	out := group(whole)
	if found {
		out += "." + frac
	}
	// A no-break space keeps the code with its number when a cell wraps.
	return string(c) + "\u00a0" + out
}

// formatMinor writes fractional minor units of c as money: a CPA of 6357.4 cents is
// "USD 63.57".
func formatMinor(v *float64, c string) string {
	cur := money.Currency(c)
	exp, ok := cur.Exponent()
	if v == nil || !ok {
		return noData
	}
	return c + "\u00a0" + formatReal(ptr(*v/math.Pow10(exp)))
}

func sortedCurrencies[T any](m map[money.Currency]T) []money.Currency {
	out := make([]money.Currency, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func formatAmounts(m Amounts) string {
	if m == nil {
		return noData
	}
	var parts []string
	for _, c := range sortedCurrencies(m) {
		parts = append(parts, formatAmount(m[c], c))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " · ")
}

// formatFigure writes any figure for people, by its unit.
func formatFigure(d Definition, f Figures) string {
	switch v := d.value(&f).(type) {
	case *int64:
		return formatCount(v)
	case *float64:
		if d.Unit == UnitRatio {
			return formatPercent(v)
		}
		return formatReal(v)
	case Amounts:
		return formatAmounts(v)
	case Reals:
		if v == nil {
			return noData
		}
		var parts []string
		for _, c := range sortedCurrencies(v) {
			switch {
			case v[c] == nil:
				parts = append(parts, string(c)+" "+noData)
			case d.Unit == UnitMoneyPer:
				exp, _ := c.Exponent()
				parts = append(parts, string(c)+" "+formatReal(ptr(*v[c]/math.Pow10(exp))))
			default:
				parts = append(parts, string(c)+" "+formatReal(v[c]))
			}
		}
		if len(parts) == 0 {
			return noData
		}
		return strings.Join(parts, " · ")
	}
	return noData
}

var statusLabels = map[string]string{
	GoalNotStarted: "not started", GoalReached: "reached", GoalMissed: "missed",
	GoalOnTrack: "on track", GoalAtRisk: "at risk", GoalOffTrack: "off track",
}

func formatStatus(s *string) string {
	if s == nil {
		return noData
	}
	return statusLabels[*s]
}

func formatReached(b *bool) string {
	switch {
	case b == nil:
		return noData
	case *b:
		return "yes"
	}
	return "no"
}

// figureGroup is the figures of one group, for the page's tables.
type figureGroup struct {
	Title       string
	Definitions []Definition
}

func figureGroups() []figureGroup {
	titles := []struct{ key, title string }{{"reach", "Reach and content"}, {"traffic", "Traffic"}, {"sales", "Sales"}, {"money", "Money"}}
	out := make([]figureGroup, len(titles))
	for i, t := range titles {
		out[i].Title = t.title
		for _, d := range Definitions {
			if d.Group == t.key {
				out[i].Definitions = append(out[i].Definitions, d)
			}
		}
	}
	return out
}

func missingSources(s Sources) []string {
	var out []string
	if !s.Traffic {
		out = append(out, "click counters")
	}
	if !s.Sales {
		out = append(out, "order ledger")
	}
	if !s.Content {
		out = append(out, "post and profile snapshots")
	}
	return out
}
