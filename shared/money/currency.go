// Package money holds amounts as integer minor units of an ISO 4217 currency.
//
// Shops send prices as decimal strings ("19.99", "1500", "12.345"); money parses them
// digit by digit into int64 minor units, so no binary floating point ever touches a
// figure a creator is paid from. Rounding, where a rule needs it, is round half up
// (half away from zero for negative values) to the currency's minor unit, and every
// multiplication goes through a 128-bit intermediate so realistic amounts cannot overflow.
package money

import (
	"errors"
	"fmt"
	"strings"
)

// Currency is an ISO 4217 alphabetic code in upper case, such as "USD".
type Currency string

// Errors returned by the parsers and arithmetic; callers test them with errors.Is.
var (
	// ErrCurrency means the code is not an ISO 4217 currency this package knows.
	ErrCurrency = errors.New("unknown currency")
	// ErrCurrencyMismatch means two amounts in different currencies were combined;
	// amounts are never converted.
	ErrCurrencyMismatch = errors.New("currency mismatch")
	// ErrSyntax means the text is not a plain decimal number.
	ErrSyntax = errors.New("not a decimal amount")
	// ErrPrecision means the text has more fraction digits than the currency's minor unit.
	ErrPrecision = errors.New("more decimals than the currency's minor unit")
	// ErrOverflow means the result does not fit in int64 minor units.
	ErrOverflow = errors.New("amount out of range")
	// ErrDivideByZero means a pro-rata basis of zero was given.
	ErrDivideByZero = errors.New("division by zero")
)

// exponents lists how many decimals each currency's minor unit has. Two is the common
// case and is what every code in twoDecimals gets; the others are listed explicitly
// because guessing them wrong would scale an amount by 10 or 100.
var exponents = func() map[Currency]int {
	m := map[Currency]int{
		// No minor unit.
		"BIF": 0, "BYR": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
		"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0,
		"XOF": 0, "XPF": 0,
		// Thousandths.
		"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
		// Ten-thousandths (units of account).
		"CLF": 4, "UYW": 4,
	}
	// Active ISO 4217 codes with two decimals, plus recently withdrawn codes that old
	// orders still carry (CUC, HRK, MRO, SLL, STD, VEF, ZWL).
	const twoDecimals = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB " +
		"BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK " +
		"DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR " +
		"ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT " +
		"MOP MRO MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR " +
		"PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STD STN SVC SYP " +
		"SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VEF VES WST XCD XCG YER " +
		"ZAR ZMW ZWG ZWL"
	for _, code := range strings.Fields(twoDecimals) {
		m[Currency(code)] = 2
	}
	return m
}()

// ParseCurrency returns the currency for an ISO 4217 code in any letter case; platforms
// disagree on case (Stripe sends "usd", Shopify "USD").
func ParseCurrency(code string) (Currency, error) {
	c := Currency(strings.ToUpper(strings.TrimSpace(code)))
	if _, ok := exponents[c]; !ok {
		return "", fmt.Errorf("money: currency %q: %w", code, ErrCurrency)
	}
	return c, nil
}

// Exponent returns the number of decimals of the currency's minor unit (2 for USD, 0 for
// JPY, 3 for KWD) and whether the currency is known.
func (c Currency) Exponent() (int, bool) {
	e, ok := exponents[c]
	return e, ok
}

// String returns the ISO code.
func (c Currency) String() string { return string(c) }

func (c Currency) exponent() (int, error) {
	e, ok := exponents[c]
	if !ok {
		return 0, fmt.Errorf("money: currency %q: %w", string(c), ErrCurrency)
	}
	return e, nil
}

// pow10 holds 10^0 … 10^18, every power of ten an int64 can hold.
var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()
