package money

import (
	"fmt"
	"strconv"
	"strings"
)

// Rate is a proportion in millionths: RateScale (1,000,000) is 100 %, 125,000 is 12.5 %.
// Commission percentages are kept as integers so that a percent of an amount is one
// exact multiplication and one rounding.
type Rate int64

// RateScale is the Rate that stands for 100 %.
const RateScale Rate = 1_000_000

// percentDecimals is how many decimals of a percent a Rate can hold: 1 millionth of the
// whole is 0.0001 %.
const percentDecimals = 4

// ParsePercent reads a percentage such as "10", "12.5" or "7.25" (without the % sign)
// into a Rate. Negative rates are refused: a commission never charges the creator.
func ParsePercent(s string) (Rate, error) {
	v, err := parseDecimal(strings.TrimSuffix(s, "%"), percentDecimals, false)
	if err != nil {
		return 0, fmt.Errorf("money: parse percent %q: %w", s, err)
	}
	if v < 0 {
		return 0, fmt.Errorf("money: parse percent %q: %w", s, ErrSyntax)
	}
	return Rate(v), nil
}

// String formats the rate as a percentage without trailing zeros: "12.5%".
func (r Rate) String() string {
	whole := int64(r) / 10_000
	frac := int64(r) % 10_000
	if frac < 0 {
		frac = -frac
	}
	if frac == 0 {
		return strconv.FormatInt(whole, 10) + "%"
	}
	f := strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	return strconv.FormatInt(whole, 10) + "." + f + "%"
}

// Apply returns rate r of amount a rounded half up to the minor unit: a 10 % commission
// on 19.99 USD is 2.00 USD.
func (r Rate) Apply(a Amount) (Amount, error) {
	v, err := MulDiv(a.Minor, int64(r), int64(RateScale))
	if err != nil {
		return Amount{}, fmt.Errorf("money: %s of %s: %w", r, a, err)
	}
	return Amount{Minor: v, Currency: a.Currency}, nil
}
