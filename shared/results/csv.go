package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hypetrack/hypetrack/shared/money"
)

// CSV exports: RFC 4180 (CRLF line ends, quoting as needed), UTF-8, a header row, numbers
// unformatted. Columns are the figures' keys; a money figure has one column per currency,
// "netRevenue.USD", in major units ("1234.50"), since a client report is read in them.
// Ratios are plain decimals (0.05 for 5 %). "No data" is an empty cell.

// Tables are the tables that export as CSV.
var Tables = []string{"figures", "goal", "series", "leaderboard", "comparison", "postmortem"}

// newCSV returns a writer that ends lines with CRLF, as RFC 4180 asks.
func newCSV(w io.Writer) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw
}

// text guards a free-text cell against spreadsheet formula injection: a cell a
// marketer typed that starts with = + - @ would otherwise run as a formula in Excel.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func countCell(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func realCell(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// amountCell writes minor units of c in major units; an unknown currency in minor units.
func amountCell(m Amounts, c money.Currency) string {
	if m == nil {
		return ""
	}
	return money.New(m[c], c).Decimal()
}

// perCell writes fractional minor units of c in major units.
func perCell(v *float64, c money.Currency) string {
	if v == nil {
		return ""
	}
	exp, _ := c.Exponent()
	return realCell(ptr(*v / math.Pow10(exp)))
}

// cell writes figure d of f, in currency c for money figures.
func cell(d Definition, f *Figures, c money.Currency) string {
	switch v := d.value(f).(type) {
	case *int64:
		return countCell(v)
	case *float64:
		return realCell(v)
	case Amounts:
		return amountCell(v, c)
	case Reals:
		if v == nil {
			return ""
		}
		if d.Unit == UnitMoneyPer {
			return perCell(v[c], c)
		}
		return realCell(v[c])
	}
	return ""
}

// currenciesOf lists the currencies in any money figure of fs, with base first.
func currenciesOf(base money.Currency, fs ...*Figures) []money.Currency {
	seen := map[money.Currency]bool{}
	for _, f := range fs {
		for _, d := range Definitions {
			switch v := d.value(f).(type) {
			case Amounts:
				for c := range v {
					seen[c] = true
				}
			case Reals:
				for c := range v {
					seen[c] = true
				}
			}
		}
	}
	delete(seen, base)
	out := make([]money.Currency, 0, len(seen)+1)
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	if base != "" {
		out = append([]money.Currency{base}, out...)
	}
	return out
}

// figureHeader and figureCells lay a Figures out as columns.
func figureHeader(currencies []money.Currency) []string {
	var h []string
	for _, d := range Definitions {
		if d.perCurrencyFigure() {
			for _, c := range currencies {
				h = append(h, d.Key+"."+string(c))
			}
			continue
		}
		h = append(h, d.Key)
	}
	return h
}

func figureCells(f *Figures, currencies []money.Currency) []string {
	var row []string
	for _, d := range Definitions {
		if d.perCurrencyFigure() {
			for _, c := range currencies {
				row = append(row, cell(d, f, c))
			}
			continue
		}
		row = append(row, cell(d, f, ""))
	}
	return row
}

func writeAll(w io.Writer, rows [][]string) error {
	cw := newCSV(w)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// WriteFiguresCSV writes a campaign's figures, one row per figure and currency:
// figure, label, currency, value.
func WriteFiguresCSV(w io.Writer, d Dashboard) error {
	rows := [][]string{{"figure", "label", "currency", "value"}}
	for _, def := range Definitions {
		if !def.perCurrencyFigure() {
			rows = append(rows, []string{def.Key, def.Label, "", cell(def, &d.Figures, "")})
			continue
		}
		for _, c := range currenciesOf(d.Campaign.Currency, &d.Figures) {
			rows = append(rows, []string{def.Key, def.Label, string(c), cell(def, &d.Figures, c)})
		}
	}
	return writeAll(w, rows)
}

// goalHeader and goalCells lay a goal out as columns.
var goalHeader = []string{"metric", "figure", "target", "currency", "start", "deadline", "asOf", "daysElapsed", "daysTotal",
	"actual", "percent", "projected", "projectedPercent", "status"}

func goalCells(g Goal) []string {
	// A revenue target is minor units: written in major units like every money cell.
	target, actual, projected := strconv.FormatInt(g.Target, 10), countCell(g.Actual), countCell(g.Projected)
	if g.Currency != "" {
		target = money.New(g.Target, g.Currency).Decimal()
		if g.Actual != nil {
			actual = money.New(*g.Actual, g.Currency).Decimal()
		}
		if g.Projected != nil {
			projected = money.New(*g.Projected, g.Currency).Decimal()
		}
	}
	status := ""
	if g.Status != nil {
		status = *g.Status
	}
	return []string{g.Metric, g.Figure, target, string(g.Currency), string(g.Start), string(g.Deadline), string(g.AsOf),
		strconv.Itoa(g.DaysElapsed), strconv.Itoa(g.DaysTotal), actual, realCell(g.Percent), projected,
		realCell(g.ProjectedPercent), status}
}

// WriteGoalCSV writes the goal's progress as one row.
func WriteGoalCSV(w io.Writer, g Goal) error {
	return writeAll(w, [][]string{goalHeader, goalCells(g)})
}

// WriteSeriesCSV writes the day series, one row per day.
func WriteSeriesCSV(w io.Writer, days []SeriesDay, base money.Currency) error {
	seen := map[money.Currency]bool{}
	for _, d := range days {
		for c := range d.NetRevenue {
			seen[c] = true
		}
	}
	currencies := []money.Currency{base}
	for c := range seen {
		if c != base {
			currencies = append(currencies, c)
		}
	}
	slices.Sort(currencies[1:])
	header := []string{"day", "clicks", "humanClicks", "uniqueVisitors", "orders"}
	for _, c := range currencies {
		header = append(header, "netRevenue."+string(c))
	}
	rows := [][]string{append(header, "views")}
	for _, d := range days {
		row := []string{string(d.Day), countCell(d.Clicks), countCell(d.HumanClicks), countCell(d.UniqueVisitors), countCell(d.Orders)}
		for _, c := range currencies {
			row = append(row, amountCell(d.NetRevenue, c))
		}
		rows = append(rows, append(row, countCell(d.Views)))
	}
	return writeAll(w, rows)
}

// WriteLeaderboardCSV writes one row per creator, in the leaderboard's order.
func WriteLeaderboardCSV(w io.Writer, d Dashboard) error {
	fs := []*Figures{&d.Figures}
	for i := range d.Leaderboard.Rows {
		fs = append(fs, &d.Leaderboard.Rows[i].Figures)
	}
	currencies := currenciesOf(d.Campaign.Currency, fs...)
	rows := [][]string{append([]string{"rank", "creatorId", "name", "stage"}, figureHeader(currencies)...)}
	for i, r := range d.Leaderboard.Rows {
		rows = append(rows, append([]string{strconv.Itoa(i + 1), r.CreatorID, text(r.Name), r.Stage}, figureCells(&r.Figures, currencies)...))
	}
	return writeAll(w, rows)
}

// WriteComparisonCSV writes one row per campaign: this one first, then the previous.
func WriteComparisonCSV(w io.Writer, c Comparison) error {
	var fs []*Figures
	for i := range c.Campaigns {
		fs = append(fs, &c.Campaigns[i].Figures)
	}
	var base money.Currency
	if len(c.Campaigns) > 0 {
		base = c.Campaigns[0].Campaign.Currency
	}
	currencies := currenciesOf(base, fs...)
	header := []string{"campaignId", "name", "objective", "startDate", "endDate", "goalMetric", "goalTarget", "goalActual", "goalPercent", "goalStatus"}
	rows := [][]string{append(header, figureHeader(currencies)...)}
	for _, s := range c.Campaigns {
		g := goalCells(s.Goal)
		row := []string{s.Campaign.ID, text(s.Campaign.Name), s.Campaign.Objective, string(s.Campaign.StartDate), string(s.Campaign.EndDate),
			g[0], g[2], g[9], g[10], g[13]}
		rows = append(rows, append(row, figureCells(&s.Figures, currencies)...))
	}
	return writeAll(w, rows)
}

// WritePostMortemCSV writes the post-mortem's creator table: one row per creator.
func WritePostMortemCSV(w io.Writer, pm PostMortem) error {
	seen := map[money.Currency]bool{}
	for _, c := range pm.Creators {
		for cur := range c.Cost {
			seen[cur] = true
		}
		for cur := range c.Agreed {
			seen[cur] = true
		}
	}
	currencies := []money.Currency{pm.Campaign.Currency}
	for c := range seen {
		if c != pm.Campaign.Currency {
			currencies = append(currencies, c)
		}
	}
	slices.Sort(currencies[1:])
	header := []string{"creatorId", "name", "stage", "uniqueVisitors", "orders", "ordersByCode", "conversion"}
	for _, c := range currencies {
		header = append(header, "agreed."+string(c), "cost."+string(c), "overAgreed."+string(c))
	}
	header = append(header, "contractedOn", "firstPostOn", "daysToFirstPost", "revisions", "notes")
	rows := [][]string{header}
	for _, c := range pm.Creators {
		row := []string{c.CreatorID, text(c.Name), c.Stage, countCell(c.UniqueVisitors), countCell(c.Orders), countCell(c.OrdersByCode), realCell(c.Conversion)}
		for _, cur := range currencies {
			row = append(row, money.New(c.Agreed[cur], cur).Decimal(), amountCell(c.Cost, cur), amountCell(c.OverAgreed, cur))
		}
		row = append(row, string(c.ContractedOn), string(c.FirstPostOn), countCell(c.DaysToFirstPost), strconv.Itoa(c.Revisions), text(c.Notes))
		rows = append(rows, row)
	}
	return writeAll(w, rows)
}
