package money

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
)

// Amount is a sum of money: a count of the currency's minor units (cents for USD, yen for
// JPY, fils for KWD). The zero Amount has no currency and is not a valid operand.
type Amount struct {
	// Minor is the number of minor units; negative for money flowing back (refunds).
	Minor int64
	// Currency is the ISO 4217 code Minor is counted in.
	Currency Currency
}

// New returns minor units of currency c.
func New(minor int64, c Currency) Amount { return Amount{Minor: minor, Currency: c} }

// Zero returns nothing of currency c, the start of a sum.
func Zero(c Currency) Amount { return Amount{Currency: c} }

// Parse reads a decimal string such as "19.99", "-10.00" or "1500" as an amount of c.
// Fraction digits beyond the minor unit are accepted only when they are zeros
// ("15.0" for JPY); anything else is ErrPrecision, because silently rounding a price
// the platform stated exactly would hide a wrong currency.
func Parse(s string, c Currency) (Amount, error) {
	return parse(s, c, false)
}

// ParseRound reads a decimal string like Parse but rounds half up to the minor unit when
// the text has more decimals than the currency, as shops configured for extra price
// precision (WooCommerce's decimals setting) send.
func ParseRound(s string, c Currency) (Amount, error) {
	return parse(s, c, true)
}

func parse(s string, c Currency, round bool) (Amount, error) {
	exp, err := c.exponent()
	if err != nil {
		return Amount{}, err
	}
	minor, err := parseDecimal(s, exp, round)
	if err != nil {
		return Amount{}, fmt.Errorf("money: parse %q as %s: %w", s, c, err)
	}
	return Amount{Minor: minor, Currency: c}, nil
}

// parseDecimal returns s × 10^scale as an integer, reading digits one by one. With round
// set, digits past scale are rounded half up (away from zero); otherwise they must be
// zeros.
func parseDecimal(s string, scale int, round bool) (int64, error) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intDigits := s[intStart:i]
	var fracDigits string
	if i < len(s) && s[i] == '.' {
		i++
		fracStart := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		fracDigits = s[fracStart:i]
		if fracDigits == "" {
			return 0, ErrSyntax
		}
	}
	if intDigits == "" || i != len(s) {
		return 0, ErrSyntax
	}

	var v int64
	push := func(d byte) error {
		digit := int64(d - '0')
		if v > (math.MaxInt64-digit)/10 {
			return ErrOverflow
		}
		v = v*10 + digit
		return nil
	}
	for j := 0; j < len(intDigits); j++ {
		if err := push(intDigits[j]); err != nil {
			return 0, err
		}
	}
	for k := 0; k < scale; k++ {
		d := byte('0')
		if k < len(fracDigits) {
			d = fracDigits[k]
		}
		if err := push(d); err != nil {
			return 0, err
		}
	}
	if len(fracDigits) > scale {
		excess := fracDigits[scale:]
		if !allZeros(excess) {
			if !round {
				return 0, ErrPrecision
			}
			// Half up: the first dropped digit decides, 5 or more rounds the magnitude up.
			if excess[0] >= '5' {
				if v == math.MaxInt64 {
					return 0, ErrOverflow
				}
				v++
			}
		}
	}
	if neg {
		v = -v
	}
	return v, nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allZeros(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}

// FromUnits converts n units of 10^-decimals of currency c into c's minor units, for
// platforms whose integer amounts use a scale other than ISO 4217's (Stripe counts ISK
// in hundredths and MGA in whole units). A conversion that would drop non-zero digits
// is ErrPrecision.
func FromUnits(n int64, decimals int, c Currency) (Amount, error) {
	exp, err := c.exponent()
	if err != nil {
		return Amount{}, err
	}
	switch {
	case decimals < 0 || decimals > 18:
		return Amount{}, fmt.Errorf("money: %d decimals: %w", decimals, ErrOverflow)
	case decimals == exp:
		return Amount{Minor: n, Currency: c}, nil
	case decimals > exp:
		p := pow10[decimals-exp]
		if n%p != 0 {
			return Amount{}, fmt.Errorf("money: %d units of 10^-%d %s: %w", n, decimals, c, ErrPrecision)
		}
		return Amount{Minor: n / p, Currency: c}, nil
	default:
		p := pow10[exp-decimals]
		if n > math.MaxInt64/p || n < math.MinInt64/p {
			return Amount{}, fmt.Errorf("money: %d units of 10^-%d %s: %w", n, decimals, c, ErrOverflow)
		}
		return Amount{Minor: n * p, Currency: c}, nil
	}
}

// Decimal formats the amount as a plain decimal string with exactly the currency's
// number of decimals ("19.99", "-0.05", "1500", "1.250"), the inverse of Parse.
func (a Amount) Decimal() string {
	exp, ok := a.Currency.Exponent()
	if !ok {
		exp = 0
	}
	neg := a.Minor < 0
	mag := uint64(a.Minor)
	if neg {
		mag = -mag // two's complement gives the magnitude, MinInt64 included
	}
	digits := strconv.FormatUint(mag, 10)
	for len(digits) <= exp {
		digits = "0" + digits
	}
	out := digits
	if exp > 0 {
		cut := len(digits) - exp
		out = digits[:cut] + "." + digits[cut:]
	}
	if neg {
		out = "-" + out
	}
	return out
}

// String formats the amount with its currency code, for logs and ledger reasons:
// "19.99 USD".
func (a Amount) String() string {
	return a.Decimal() + " " + string(a.Currency)
}

// IsZero reports whether the amount is zero minor units.
func (a Amount) IsZero() bool { return a.Minor == 0 }

// Sign returns -1, 0 or +1 as the amount is negative, zero or positive.
func (a Amount) Sign() int {
	switch {
	case a.Minor < 0:
		return -1
	case a.Minor > 0:
		return 1
	}
	return 0
}

// Neg returns the amount with its sign flipped.
func (a Amount) Neg() Amount { return Amount{Minor: -a.Minor, Currency: a.Currency} }

// Add returns a + b; both must be in the same currency.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, fmt.Errorf("money: add %s to %s: %w", b, a, ErrCurrencyMismatch)
	}
	r := a.Minor + b.Minor // Go integers wrap, so overflow is detected from the signs.
	// Signed overflow: both operands share a sign the result does not.
	if (a.Minor >= 0) == (b.Minor >= 0) && (r >= 0) != (a.Minor >= 0) {
		return Amount{}, fmt.Errorf("money: add %s to %s: %w", b, a, ErrOverflow)
	}
	return Amount{Minor: r, Currency: a.Currency}, nil
}

// Sub returns a - b; both must be in the same currency.
func (a Amount) Sub(b Amount) (Amount, error) {
	if b.Minor == math.MinInt64 {
		return Amount{}, fmt.Errorf("money: subtract %s from %s: %w", b, a, ErrOverflow)
	}
	return a.Add(b.Neg())
}

// Cmp compares two amounts of the same currency: -1 if a < b, 0 if equal, +1 if a > b.
func (a Amount) Cmp(b Amount) (int, error) {
	if a.Currency != b.Currency {
		return 0, fmt.Errorf("money: compare %s with %s: %w", a, b, ErrCurrencyMismatch)
	}
	switch {
	case a.Minor < b.Minor:
		return -1, nil
	case a.Minor > b.Minor:
		return 1, nil
	}
	return 0, nil
}

// ProRata returns a × num / den rounded half up to the minor unit: the share of a that
// num is of den (refunded × revenue / total).
func (a Amount) ProRata(num, den int64) (Amount, error) {
	v, err := MulDiv(a.Minor, num, den)
	if err != nil {
		return Amount{}, fmt.Errorf("money: %s × %d / %d: %w", a, num, den, err)
	}
	return Amount{Minor: v, Currency: a.Currency}, nil
}

// MulDiv returns a × b / c rounded half up (half away from zero for negative results).
// The product is formed in 128 bits, so any a × b is safe as long as the quotient fits
// in int64.
func MulDiv(a, b, c int64) (int64, error) {
	if c == 0 {
		return 0, ErrDivideByZero
	}
	neg := (a < 0) != (b < 0)
	if c < 0 {
		neg = !neg
	}
	hi, lo := bits.Mul64(abs(a), abs(b))
	uc := abs(c)
	if hi >= uc {
		return 0, ErrOverflow
	}
	q, r := bits.Div64(hi, lo, uc)
	// r >= c - r is 2r >= c without overflowing: the remainder is at least one half.
	if r >= uc-r {
		q++
	}
	if q > math.MaxInt64 {
		return 0, ErrOverflow
	}
	if neg {
		return -int64(q), nil
	}
	return int64(q), nil
}

// abs returns |v| as uint64; MinInt64 maps to 2^63, which uint64 holds.
func abs(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}
