package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/repo"
)

const (
	figuresBegin = "<!-- figures:begin (generated from results.Definitions: go test ./shared/results -run Docs -update) -->"
	figuresEnd   = "<!-- figures:end -->"
)

// figureTable writes Definitions as the Markdown table docs/metrics.md shows.
func figureTable() string {
	var b strings.Builder
	b.WriteString("| key | figure | unit | needs | definition |\n| --- | --- | --- | --- | --- |\n")
	for _, d := range Definitions {
		needs := strings.Join(d.Needs, ", ")
		if needs == "" {
			needs = "entities"
		}
		def := d.Definition
		if d.Lower {
			def += " Lower is better."
		}
		b.WriteString("| `" + d.Key + "` | " + d.Label + " | " + d.Unit + " | " + needs + " | " + strings.ReplaceAll(def, "|", "\\|") + " |\n")
	}
	return b.String()
}

// TestDocsDefineEveryFigure keeps docs/metrics.md's figure table equal to Definitions, so
// the page the UI and clients read is the code's own.
func TestDocsDefineEveryFigure(t *testing.T) {
	root, err := repo.Root()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "docs", "metrics.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	start, end := strings.Index(doc, figuresBegin), strings.Index(doc, figuresEnd)
	if start < 0 || end < start {
		t.Fatalf("docs/metrics.md lacks the markers %q … %q", figuresBegin, figuresEnd)
	}
	want := doc[:start] + figuresBegin + "\n" + figureTable() + doc[end:]
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		doc = want
	}
	if doc != want {
		t.Fatal("docs/metrics.md's figure table is out of date: go test ./shared/results -run Docs -update")
	}
	for _, s := range []string{GoalOnTrack, GoalAtRisk, GoalOffTrack, GoalReached, GoalMissed, GoalNotStarted} {
		if !strings.Contains(doc, "`"+s+"`") {
			t.Errorf("docs/metrics.md does not explain status %s", s)
		}
	}
}
