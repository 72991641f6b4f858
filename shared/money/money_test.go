package money

import (
	"errors"
	"math"
	"testing"
)

func TestParseCurrency(t *testing.T) {
	tests := []struct {
		in      string
		want    Currency
		wantExp int
		wantErr error
	}{
		{in: "USD", want: "USD", wantExp: 2},
		{in: "usd", want: "USD", wantExp: 2},
		{in: " eur ", want: "EUR", wantExp: 2},
		{in: "JPY", want: "JPY", wantExp: 0},
		{in: "KWD", want: "KWD", wantExp: 3},
		{in: "CLF", want: "CLF", wantExp: 4},
		{in: "XYZ", wantErr: ErrCurrency},
		{in: "", wantErr: ErrCurrency},
		{in: "US", wantErr: ErrCurrency},
	}
	for _, tt := range tests {
		got, err := ParseCurrency(tt.in)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("ParseCurrency(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		exp, ok := got.Exponent()
		if got != tt.want || !ok || exp != tt.wantExp {
			t.Errorf("ParseCurrency(%q) = %q exp %d (%v), want %q exp %d", tt.in, got, exp, ok, tt.want, tt.wantExp)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		cur     Currency
		round   bool
		want    int64
		wantErr error
	}{
		{in: "19.99", cur: "USD", want: 1999},
		{in: "0.01", cur: "USD", want: 1},
		{in: "-10.00", cur: "USD", want: -1000},
		{in: "+3.5", cur: "USD", want: 350},
		{in: "7", cur: "USD", want: 700},
		{in: "15.0", cur: "JPY", want: 15},
		{in: "1500", cur: "JPY", want: 1500},
		{in: "12.345", cur: "KWD", want: 12345},
		{in: "12.3", cur: "KWD", want: 12300},
		{in: "0.000", cur: "KWD", want: 0},
		{in: "10.000000", cur: "USD", want: 1000},
		{in: "92233720368547758.07", cur: "USD", want: math.MaxInt64},
		{in: "92233720368547758.08", cur: "USD", wantErr: ErrOverflow},
		{in: "99999999999999999999", cur: "JPY", wantErr: ErrOverflow},
		{in: "19.999", cur: "USD", wantErr: ErrPrecision},
		{in: "1.5", cur: "JPY", wantErr: ErrPrecision},
		{in: "19.995", cur: "USD", round: true, want: 2000},
		{in: "19.994", cur: "USD", round: true, want: 1999},
		{in: "-19.995", cur: "USD", round: true, want: -2000},
		{in: "1.5", cur: "JPY", round: true, want: 2},
		{in: "1.4999", cur: "JPY", round: true, want: 1},
		{in: "", cur: "USD", wantErr: ErrSyntax},
		{in: "-", cur: "USD", wantErr: ErrSyntax},
		{in: ".5", cur: "USD", wantErr: ErrSyntax},
		{in: "5.", cur: "USD", wantErr: ErrSyntax},
		{in: "1,000.00", cur: "USD", wantErr: ErrSyntax},
		{in: "1e3", cur: "USD", wantErr: ErrSyntax},
		{in: " 1.00", cur: "USD", wantErr: ErrSyntax},
		{in: "1.00 ", cur: "USD", wantErr: ErrSyntax},
		{in: "0x10", cur: "USD", wantErr: ErrSyntax},
		{in: "NaN", cur: "USD", wantErr: ErrSyntax},
		{in: "--1", cur: "USD", wantErr: ErrSyntax},
		{in: "1.00", cur: "ZZZ", wantErr: ErrCurrency},
	}
	for _, tt := range tests {
		parse := Parse
		if tt.round {
			parse = ParseRound
		}
		got, err := parse(tt.in, tt.cur)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("parse(%q, %s, round=%v) error = %v, want %v", tt.in, tt.cur, tt.round, err, tt.wantErr)
			continue
		}
		if err == nil && (got.Minor != tt.want || got.Currency != tt.cur) {
			t.Errorf("parse(%q, %s, round=%v) = %+v, want %d", tt.in, tt.cur, tt.round, got, tt.want)
		}
	}
}

func TestDecimalRoundTrips(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{New(1999, "USD"), "19.99"},
		{New(5, "USD"), "0.05"},
		{New(-5, "USD"), "-0.05"},
		{New(0, "USD"), "0.00"},
		{New(1500, "JPY"), "1500"},
		{New(-1, "JPY"), "-1"},
		{New(1250, "KWD"), "1.250"},
		{New(7, "KWD"), "0.007"},
		{New(math.MaxInt64, "USD"), "92233720368547758.07"},
		{New(math.MinInt64, "JPY"), "-9223372036854775808"},
	}
	for _, tt := range tests {
		if got := tt.a.Decimal(); got != tt.want {
			t.Errorf("%+v.Decimal() = %q, want %q", tt.a, got, tt.want)
		}
		if tt.a.Minor == math.MinInt64 {
			continue // its magnitude is one past MaxInt64, so it does not parse back
		}
		back, err := Parse(tt.want, tt.a.Currency)
		if err != nil || back != tt.a {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.want, back, err, tt.a)
		}
	}
	if got := New(1999, "USD").String(); got != "19.99 USD" {
		t.Errorf("String() = %q", got)
	}
}

func TestFromUnits(t *testing.T) {
	tests := []struct {
		n        int64
		decimals int
		cur      Currency
		want     int64
		wantErr  error
	}{
		{n: 1999, decimals: 2, cur: "USD", want: 1999},
		{n: 500, decimals: 2, cur: "ISK", want: 5},
		{n: 550, decimals: 2, cur: "ISK", wantErr: ErrPrecision},
		{n: 1500, decimals: 0, cur: "MGA", want: 150000},
		{n: math.MaxInt64, decimals: 0, cur: "USD", wantErr: ErrOverflow},
		{n: 12340, decimals: 3, cur: "KWD", want: 12340},
		{n: 1, decimals: 2, cur: "ZZZ", wantErr: ErrCurrency},
	}
	for _, tt := range tests {
		got, err := FromUnits(tt.n, tt.decimals, tt.cur)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("FromUnits(%d, %d, %s) error = %v, want %v", tt.n, tt.decimals, tt.cur, err, tt.wantErr)
			continue
		}
		if err == nil && got.Minor != tt.want {
			t.Errorf("FromUnits(%d, %d, %s) = %d, want %d", tt.n, tt.decimals, tt.cur, got.Minor, tt.want)
		}
	}
}

func TestAddSub(t *testing.T) {
	tests := []struct {
		name    string
		a, b    Amount
		sum     int64
		diff    int64
		wantErr error
	}{
		{name: "plain", a: New(1000, "USD"), b: New(250, "USD"), sum: 1250, diff: 750},
		{name: "negative", a: New(-100, "USD"), b: New(-50, "USD"), sum: -150, diff: -50},
		{name: "currencies differ", a: New(1, "USD"), b: New(1, "EUR"), wantErr: ErrCurrencyMismatch},
		{name: "overflow", a: New(math.MaxInt64, "USD"), b: New(1, "USD"), wantErr: ErrOverflow},
	}
	for _, tt := range tests {
		s, err := tt.a.Add(tt.b)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: Add error = %v, want %v", tt.name, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		d, err := tt.a.Sub(tt.b)
		if err != nil || s.Minor != tt.sum || d.Minor != tt.diff {
			t.Errorf("%s: sum %d diff %d (%v), want %d %d", tt.name, s.Minor, d.Minor, err, tt.sum, tt.diff)
		}
	}
	if _, err := New(0, "USD").Sub(New(math.MinInt64, "USD")); !errors.Is(err, ErrOverflow) {
		t.Errorf("0 - MinInt64: error = %v, want overflow", err)
	}
	if _, err := New(math.MinInt64, "USD").Add(New(-1, "USD")); !errors.Is(err, ErrOverflow) {
		t.Errorf("MinInt64 + -1: error = %v, want overflow", err)
	}
}

func TestMulDivRoundsHalfUp(t *testing.T) {
	tests := []struct {
		a, b, c int64
		want    int64
		wantErr error
	}{
		{a: 10, b: 1, c: 4, want: 3},   // 2.5 -> 3
		{a: 10, b: 1, c: 3, want: 3},   // 3.33 -> 3
		{a: 20, b: 1, c: 3, want: 7},   // 6.67 -> 7
		{a: -10, b: 1, c: 4, want: -3}, // -2.5 -> -3, half away from zero
		{a: 10, b: -1, c: 4, want: -3},
		{a: 10, b: 1, c: -4, want: -3},
		{a: -10, b: -1, c: -4, want: -3},
		{a: 0, b: 5, c: 7, want: 0},
		{a: 1999, b: 1000, c: 2999, want: 667}, // 666.56
		// Realistic worst case: a 10^12-unit order scaled by a 10^12-unit basis.
		{a: 1_000_000_000_000, b: 999_999_999_999, c: 1_000_000_000_000, want: 999_999_999_999},
		{a: math.MaxInt64, b: math.MaxInt64, c: math.MaxInt64, want: math.MaxInt64},
		{a: math.MaxInt64, b: 2, c: 1, wantErr: ErrOverflow},
		{a: 1, b: 1, c: 0, wantErr: ErrDivideByZero},
	}
	for _, tt := range tests {
		got, err := MulDiv(tt.a, tt.b, tt.c)
		if !errors.Is(err, tt.wantErr) || (err == nil && got != tt.want) {
			t.Errorf("MulDiv(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.c, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestProRata(t *testing.T) {
	// WooCommerce shape: 10.00 refunded of a 39.00 order whose revenue is 29.00.
	got, err := New(2900, "USD").ProRata(1000, 3900)
	if err != nil || got != New(744, "USD") { // 7.4358... -> 7.44
		t.Errorf("ProRata = %v, %v; want 7.44 USD", got, err)
	}
	if _, err := New(2900, "USD").ProRata(1, 0); !errors.Is(err, ErrDivideByZero) {
		t.Errorf("ProRata by zero: error = %v", err)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		rate    string
		amount  Amount
		want    int64
		str     string
		wantErr error
	}{
		{rate: "10", amount: New(1999, "USD"), want: 200, str: "10%"}, // 1.999 -> 2.00
		{rate: "12.5", amount: New(1000, "USD"), want: 125, str: "12.5%"},
		{rate: "12.5", amount: New(1004, "USD"), want: 126, str: "12.5%"}, // 125.5 -> 126
		{rate: "15%", amount: New(999, "JPY"), want: 150, str: "15%"},     // 149.85 -> 150
		{rate: "7.25", amount: New(12345, "KWD"), want: 895, str: "7.25%"},
		{rate: "0.0001", amount: New(1_000_000, "USD"), want: 1, str: "0.0001%"},
		{rate: "100", amount: New(4242, "EUR"), want: 4242, str: "100%"},
		{rate: "0", amount: New(4242, "EUR"), want: 0, str: "0%"},
		{rate: "0.00001", wantErr: ErrPrecision},
		{rate: "-5", wantErr: ErrSyntax},
		{rate: "ten", wantErr: ErrSyntax},
		{rate: "", wantErr: ErrSyntax},
	}
	for _, tt := range tests {
		r, err := ParsePercent(tt.rate)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("ParsePercent(%q) error = %v, want %v", tt.rate, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		got, err := r.Apply(tt.amount)
		if err != nil || got.Minor != tt.want || got.Currency != tt.amount.Currency {
			t.Errorf("%s of %s = %v, %v; want %d", tt.rate, tt.amount, got, err, tt.want)
		}
		if r.String() != tt.str {
			t.Errorf("Rate(%q).String() = %q, want %q", tt.rate, r.String(), tt.str)
		}
	}
}

func TestCmpAndSign(t *testing.T) {
	if c, err := New(1, "USD").Cmp(New(2, "USD")); err != nil || c != -1 {
		t.Errorf("Cmp = %d, %v", c, err)
	}
	if _, err := New(1, "USD").Cmp(New(1, "JPY")); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("Cmp across currencies: error = %v", err)
	}
	if New(-3, "USD").Sign() != -1 || Zero("USD").Sign() != 0 || !Zero("USD").IsZero() {
		t.Error("Sign/IsZero disagree with the value")
	}
}
