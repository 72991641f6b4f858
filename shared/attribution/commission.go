package attribution

import (
	"fmt"

	"github.com/hypetrack/hypetrack/shared/money"
)

// Model is how a membership's creator is paid for sales.
type Model string

// Compensation models for sales. Flat fees per deliverable are paid outside the ledger
// of orders, so a membership without a sales model earns no commission here.
const (
	// NoCommission pays nothing per sale.
	NoCommission Model = ""
	// PercentOfNet pays a percentage of the order's net attributed revenue.
	PercentOfNet Model = "percent"
	// FixedPerSale pays a fixed amount for every order that is neither cancelled nor
	// fully refunded.
	FixedPerSale Model = "fixed"
)

// Compensation is a membership's agreement for sales.
type Compensation struct {
	// Model is how sales are paid.
	Model Model
	// Rate is the percentage for PercentOfNet.
	Rate money.Rate
	// Fixed is the amount per sale for FixedPerSale, in the currency agreed.
	Fixed money.Amount
}

// Commission returns what the order earns under c, recomputed from the order's current
// figures, rounded half up to the minor unit. A fixed fee agreed in another currency
// than the order's is an error, because amounts are never converted.
func Commission(c Compensation, f Figures) (money.Amount, error) {
	cur := f.Revenue.Currency
	switch c.Model {
	case NoCommission:
		return money.Zero(cur), nil
	case PercentOfNet:
		if f.Cancelled {
			return money.Zero(cur), nil
		}
		a, err := c.Rate.Apply(f.Net)
		if err != nil {
			return money.Amount{}, fmt.Errorf("attribution: commission: %w", err)
		}
		return a, nil
	case FixedPerSale:
		if f.Cancelled || f.FullyRefunded {
			return money.Zero(cur), nil
		}
		if c.Fixed.Currency != cur {
			return money.Amount{}, fmt.Errorf("attribution: fixed fee of %s on an order in %s: %w", c.Fixed, cur, money.ErrCurrencyMismatch)
		}
		return c.Fixed, nil
	}
	return money.Amount{}, fmt.Errorf("attribution: unknown compensation model %q", c.Model)
}
