package jsonx

import (
	"encoding/json"
	"testing"
)

func TestLiteral(t *testing.T) {
	tests := []struct {
		in   string
		want Literal
		ok   bool
	}{
		{`820982911946154508`, "820982911946154508", true}, // above 2^53: no digit lost
		{`"820982911946154508"`, "820982911946154508", true},
		{`89.99`, "89.99", true},
		{`"19.99"`, "19.99", true},
		{`-10.00`, "-10.00", true},
		{`null`, "", true},
		{`1e3`, "", false},
		{`true`, "", false},
		{`{"a":1}`, "", false},
		{`[1]`, "", false},
	}
	for _, tt := range tests {
		var got struct {
			V Literal `json:"v"`
		}
		err := json.Unmarshal([]byte(`{"v":`+tt.in+`}`), &got)
		if (err == nil) != tt.ok || (err == nil && got.V != tt.want) {
			t.Errorf("Literal from %s = %q, %v; want %q ok=%v", tt.in, got.V, err, tt.want, tt.ok)
		}
	}
}

func TestRef(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
		ok   bool
	}{
		{`"pi_123"`, "pi_123", true},
		{`{"id":"pi_123","object":"payment_intent"}`, "pi_123", true},
		{`null`, "", true},
		{`12`, "", false},
	}
	for _, tt := range tests {
		var got struct {
			V Ref `json:"v"`
		}
		err := json.Unmarshal([]byte(`{"v":`+tt.in+`}`), &got)
		if (err == nil) != tt.ok || (err == nil && got.V != tt.want) {
			t.Errorf("Ref from %s = %q, %v; want %q ok=%v", tt.in, got.V, err, tt.want, tt.ok)
		}
	}
}
