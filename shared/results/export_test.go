package results

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ and the figure table in docs/metrics.md")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go test ./shared/results -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from its golden file (go test ./shared/results -update rewrites it):\n%s", name, got)
	}
}

// TestCSVGolden writes every table of the seeded campaign and compares it byte for byte;
// each must also parse back as RFC 4180 with rows as wide as the header.
func TestCSVGolden(t *testing.T) {
	in := seededInput()
	d := Compute(in, march, "2026-04-10", Sort{Key: "netRevenue", Currency: usd, Desc: true})
	previous := seededInput()
	previous.Campaign.ID, previous.Campaign.Name, previous.Campaign.StartDate = "campaign00000000", "Winter, \"Trail\" =1", "2026-01-01"
	tables := map[string]func(*bytes.Buffer) error{
		"figures.csv":     func(b *bytes.Buffer) error { return WriteFiguresCSV(b, d) },
		"goal.csv":        func(b *bytes.Buffer) error { return WriteGoalCSV(b, d.Goal) },
		"series.csv":      func(b *bytes.Buffer) error { return WriteSeriesCSV(b, d.Series, d.Campaign.Currency) },
		"leaderboard.csv": func(b *bytes.Buffer) error { return WriteLeaderboardCSV(b, d) },
		"comparison.csv": func(b *bytes.Buffer) error {
			return WriteComparisonCSV(b, Compare(in, []*Input{previous}, "2026-04-10"))
		},
		"postmortem.csv": func(b *bytes.Buffer) error { return WritePostMortemCSV(b, ComputePostMortem(in, "2026-04-10")) },
	}
	if len(tables) != len(Tables) {
		t.Fatalf("%d tables tested, %d exported", len(tables), len(Tables))
	}
	for name, write := range tables {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
			if !utf8.Valid(b.Bytes()) || !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(b.Bytes(), []byte("\r\n"), nil), []byte("\n")) {
				t.Fatal("not UTF-8 with CRLF line ends")
			}
			rows, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 2 {
				t.Fatalf("%d rows", len(rows))
			}
			for _, cell := range rows[0] {
				if cell == "" {
					t.Fatal("empty header cell")
				}
			}
		})
	}
}

func TestCSVValues(t *testing.T) {
	d := Compute(seededInput(), march, "2026-04-10", Sort{Key: "netRevenue", Currency: usd, Desc: true})
	var b bytes.Buffer
	if err := WriteLeaderboardCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	ana, cleo := rows[1], rows[3]
	for _, tc := range []struct {
		row          []string
		column, want string
	}{
		{ana, "netRevenue.USD", "330.00"},   // minor units written in major units
		{ana, "netRevenue.EUR", "0.00"},     // no EUR sales: zero of it
		{ana, "cpa.USD", "270.75"},          // 108,300 cents / 4 orders = 27,075 cents
		{ana, "engagementRate", "0.081875"}, // ratios unformatted
		{ana, "views", "16000"},             // no thousands separators
		{cleo, "engagementRate", ""},        // no data: an empty cell
		{cleo, "cpa.USD", ""},
		{cleo, "roi.USD", "-1"},
	} {
		if got := tc.row[col[tc.column]]; got != tc.want {
			t.Errorf("%s %s = %q, want %q", tc.row[2], tc.column, got, tc.want)
		}
	}
	if text("=HYPERLINK(1)") != "'=HYPERLINK(1)" || text("Ana") != "Ana" || text("") != "" {
		t.Fatal("formula guard")
	}
}

// TestPostMortemPage renders the seeded post-mortem and checks it carries the figures,
// escapes what marketers typed, and needs nothing from outside the page.
func TestPostMortemPage(t *testing.T) {
	var b bytes.Buffer
	if err := RenderPostMortem(&b, ComputePostMortem(seededInput(), "2026-04-10")); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<title>Post-mortem: Spring Trail</title>",
		"USD\u00a05,000.00", // target
		"USD\u00a0375.00",   // actual
		"7.5 %",             // percent reached
		">missed<",          // status
		"USD\u00a01,383.00", // cost in the budget's currency
		"USD\u00a0-117.00",  // under budget
		"EUR\u00a0404.00 (not comparable without a conversion rate)",
		"Ana Runs", "Ben Climbs", "Cleo Cooks",
		"3.7 %",   // Ana's conversion, 4 / 107
		"10 days", // Ana: contract to first post
		"Revisions requested: 3",
		"lowest 3.7 % (Ana Runs)",
		"Ana&#39;s second video carried the month. &lt;b&gt;Reuse it.&lt;/b&gt;",
		"Fast, on brief.",
		"@media print", "@page",
		"20,000", // views
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "src=", "href=", "<link", "@import", "url("} {
		if strings.Contains(page, banned) {
			t.Errorf("page is not self-contained: %q", banned)
		}
	}
	for _, d := range Definitions {
		if !strings.Contains(page, d.Label) {
			t.Errorf("page lacks figure %s", d.Label)
		}
	}
}

func TestPostMortemPageWithoutSources(t *testing.T) {
	in := seededInput()
	in.Sources = Sources{}
	var b bytes.Buffer
	if err := RenderPostMortem(&b, ComputePostMortem(in, "2026-04-10")); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"Not available yet: click counters, order ledger, post and profile snapshots", "no data"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
