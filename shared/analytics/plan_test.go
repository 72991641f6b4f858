package analytics

import (
	"fmt"
	"testing"
	"time"
)

func TestPlanReadsWholeDaysFromDayBuckets(t *testing.T) {
	d := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	h := time.Hour
	tests := []struct {
		name     string
		from, to time.Time
		want     string
	}{
		{name: "inside one day", from: d.Add(3 * h), to: d.Add(9 * h), want: "[hour 03-10T03 03-10T09]"},
		{name: "one whole day", from: d, to: d.Add(24 * h), want: "[day 03-10T00 03-11T00]"},
		{name: "ragged both ends", from: d.Add(20 * h), to: d.Add(75 * h),
			want: "[hour 03-10T20 03-11T00] [day 03-11T00 03-13T00] [hour 03-13T00 03-13T03]"},
		{name: "across midnight, no whole day", from: d.Add(20 * h), to: d.Add(30 * h), want: "[hour 03-10T20 03-11T06]"},
	}
	for _, tt := range tests {
		got := ""
		for i, s := range plan(tt.from, tt.to) {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprintf("[%s %s %s]", s.g, s.from.Format("01-02T15"), s.to.Format("01-02T15"))
		}
		if got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}
