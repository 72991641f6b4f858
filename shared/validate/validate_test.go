package validate

import (
	"errors"
	"testing"
)

func TestErrorsCollectEveryField(t *testing.T) {
	tests := []struct {
		name  string
		check func(*Errors)
		want  []string // codes, in order
	}{
		{"all good", func(e *Errors) {
			e.Text("name", "Spring launch", 20)
			e.Email("email", "ana@example.com")
			e.OneOf("status", "draft", "draft", "active")
			e.Range("relevance", 0.5, 0, 1)
		}, nil},
		{"blank", func(e *Errors) { e.Text("name", "  ", 10) }, []string{"required"}},
		{"too long counts runes", func(e *Errors) { e.Text("name", "ééééé", 4) }, []string{"too-long"}},
		{"multi-line", func(e *Errors) { e.Text("name", "a\nb", 10) }, []string{"invalid"}},
		{"bad email", func(e *Errors) { e.Email("email", "Ana <ana@example.com>") }, []string{"invalid"}},
		{"not allowed", func(e *Errors) { e.OneOf("status", "live", "draft") }, []string{"not-allowed"}},
		{"out of range", func(e *Errors) { e.Range("relevance", 1.5, 0, 1) }, []string{"out-of-range"}},
		{"bad date", func(e *Errors) { e.Date("deadline", "31/03/2026") }, []string{"invalid"}},
		{"several", func(e *Errors) { e.Required("a", ""); e.Required("b", "") }, []string{"required", "required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Errors
			tt.check(&e)
			err := e.Err()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			var ve *Error
			if !errors.As(err, &ve) || len(ve.Fields) != len(tt.want) {
				t.Fatalf("got %v, want codes %v", err, tt.want)
			}
			for i, code := range tt.want {
				if ve.Fields[i].Code != code {
					t.Errorf("field %d: code %q, want %q", i, ve.Fields[i].Code, code)
				}
			}
		})
	}
}
