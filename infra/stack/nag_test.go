package stack_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
)

// TestNoUnsuppressedNagErrors fails on any AwsSolutions error annotation, and on any
// warning too: every accepted finding carries a written reason.
func TestNoUnsuppressedNagErrors(t *testing.T) {
	for _, s := range []*scenario{dev(t), prod(t)} {
		for _, m := range s.messages {
			text := mustJSON(m.Entry.Data)
			if !strings.Contains(text, "AwsSolutions-") {
				continue
			}
			if m.Level == cxapi.SynthesisMessageLevel_ERROR || m.Level == cxapi.SynthesisMessageLevel_WARNING {
				t.Errorf("%s: %s %s: %.300s", s.props.Stage, m.Level, *m.Id, text)
			}
		}
	}
}

// TestNagReportExplainsEverySuppression reads cdk-nag's own report: it proves the checks
// ran (compliant rows exist), that nothing is left non-compliant, and that each
// suppression says enough for a reviewer to judge it.
func TestNagReportExplainsEverySuppression(t *testing.T) {
	for _, s := range []*scenario{dev(t), prod(t)} {
		path := filepath.Join(s.outdir, "AwsSolutions-hypetrack-"+string(s.props.Stage)+"-NagReport.csv")
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("cdk-nag wrote no report: %v", err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		counts := map[string]int{}
		for _, row := range rows[1:] {
			rule, resource, compliance, reason := row[0], row[1], row[2], row[3]
			counts[compliance]++
			switch compliance {
			case "Non-Compliant":
				t.Errorf("%s: %s on %s is neither fixed nor suppressed", s.props.Stage, rule, resource)
			case "Suppressed":
				if len(reason) < 60 {
					t.Errorf("%s: %s on %s is suppressed with too thin a reason: %q", s.props.Stage, rule, resource, reason)
				}
			}
		}
		if counts["Compliant"] < 20 {
			t.Errorf("%s: only %d compliant rows; did the checks run? %v", s.props.Stage, counts["Compliant"], counts)
		}
	}
}
