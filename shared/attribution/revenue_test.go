package attribution

import (
	"errors"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/orders"
)

func usd(minor int64) money.Amount { return money.New(minor, "USD") }

func snapshot(cur money.Currency, revenue, total int64) *orders.Order {
	return &orders.Order{ID: "o1", Currency: cur, Revenue: money.New(revenue, cur), Total: money.New(total, cur), CreatedAt: created}
}

func lineRefund(id string, minor int64) orders.Refund {
	return orders.Refund{ID: id, OrderID: "o1", Rule: orders.ByLineItems, LineSubtotal: usd(minor)}
}

func totalRefund(id string, a money.Amount) orders.Refund {
	return orders.Refund{ID: id, OrderID: "o1", Rule: orders.ProRataTotal, Amount: a}
}

func chargeRefund(id string, at time.Time, refunded, captured int64) orders.Refund {
	return orders.Refund{ID: id, OrderID: "o1", CreatedAt: at, Rule: orders.ProRataCaptured, Amount: usd(refunded), Captured: usd(captured)}
}

func TestNetRevenue(t *testing.T) {
	t1, t2 := created.Add(time.Hour), created.Add(2*time.Hour)
	cancelled := snapshot("USD", 23998, 26918)
	cancelled.Cancelled = true
	tests := []struct {
		name          string
		order         *orders.Order
		refunds       []orders.Refund
		refunded, net money.Amount
		full          bool
		wantErr       error
	}{
		{name: "no refunds", order: snapshot("USD", 23998, 26918), refunded: usd(0), net: usd(23998)},
		{
			name: "Shopify line refund", order: snapshot("USD", 23998, 26918),
			refunds:  []orders.Refund{lineRefund("890088186047892319", 8999)},
			refunded: usd(8999), net: usd(14999),
		},
		{
			name:     "Shopify refund learned twice (refunds/create and a snapshot) counts once",
			order:    snapshot("USD", 23998, 26918),
			refunds:  []orders.Refund{lineRefund("890088186047892319", 8999), lineRefund("890088186047892319", 8999)},
			refunded: usd(8999), net: usd(14999),
		},
		{
			name: "Shopify refunds of every line", order: snapshot("USD", 23998, 26918),
			refunds:  []orders.Refund{lineRefund("r1", 8999), lineRefund("r2", 14999)},
			refunded: usd(23998), net: usd(0), full: true,
		},
		{
			name: "Shopify shipping-only refund leaves revenue alone", order: snapshot("USD", 23998, 26918),
			refunds:  []orders.Refund{{ID: "r-ship", OrderID: "o1", Rule: orders.ByLineItems}},
			refunded: usd(0), net: usd(23998),
		},
		{
			// 12.85 × 28.80 / 40.22 = 9.2014 -> 9.20
			name: "WooCommerce refund including tax and shipping, pro rata", order: snapshot("EUR", 2880, 4022),
			refunds:  []orders.Refund{totalRefund("731", money.New(1285, "EUR"))},
			refunded: money.New(920, "EUR"), net: money.New(1960, "EUR"),
		},
		{
			// Each alone would round 1.666 up to 1.67; together 3.333 rounds once to 3.33.
			name: "WooCommerce refunds are pro-rated from their sum", order: snapshot("USD", 1000, 3000),
			refunds:  []orders.Refund{totalRefund("a", usd(500)), totalRefund("b", usd(500))},
			refunded: usd(333), net: usd(667),
		},
		{
			name: "WooCommerce refund above the total is capped at the revenue", order: snapshot("USD", 1000, 3000),
			refunds:  []orders.Refund{totalRefund("a", usd(3500))},
			refunded: usd(1000), net: usd(0), full: true,
		},
		{
			name: "WooCommerce yen", order: snapshot("JPY", 4080, 4680),
			refunds:  []orders.Refund{totalRefund("a", money.New(1000, "JPY"))}, // 871.79 -> 872
			refunded: money.New(872, "JPY"), net: money.New(3208, "JPY"),
		},
		{
			name: "WooCommerce dinar", order: snapshot("KWD", 12345, 15000),
			refunds:  []orders.Refund{totalRefund("a", money.New(5000, "KWD"))}, // 4115 exactly
			refunded: money.New(4115, "KWD"), net: money.New(8230, "KWD"),
		},
		{
			// 26.80 of 53.60 captured: half of 45.00.
			name: "Stripe partial refund", order: snapshot("USD", 4500, 5360),
			refunds:  []orders.Refund{chargeRefund("ch_1", t1, 2680, 5360)},
			refunded: usd(2250), net: usd(2250),
		},
		{
			name: "Stripe cumulative totals: the later report replaces the earlier", order: snapshot("USD", 4500, 5360),
			refunds:  []orders.Refund{chargeRefund("ch_1", t2, 2680, 5360), chargeRefund("ch_1", t1, 1000, 5360)},
			refunded: usd(2250), net: usd(2250),
		},
		{
			name: "Stripe full refund removes the revenue", order: snapshot("USD", 4500, 5360),
			refunds:  []orders.Refund{chargeRefund("ch_1", t1, 1000, 5360), chargeRefund("ch_1", t2, 5360, 5360)},
			refunded: usd(4500), net: usd(0), full: true,
		},
		{
			name: "cancelled order contributes nothing", order: cancelled,
			refunds:  []orders.Refund{lineRefund("r1", 8999)},
			refunded: usd(0), net: usd(0),
		},
		{
			name: "refund in another currency", order: snapshot("USD", 4500, 5360),
			refunds: []orders.Refund{totalRefund("a", money.New(100, "EUR"))},
			wantErr: money.ErrCurrencyMismatch,
		},
		{name: "no snapshot", order: nil, wantErr: ErrNoOrder},
	}
	for _, tt := range tests {
		f, err := NetRevenue(tt.order, tt.refunds)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if f.Refunded != tt.refunded || f.Net != tt.net || f.FullyRefunded != tt.full || f.Cancelled != tt.order.Cancelled {
			t.Errorf("%s: refunded %v net %v full %v cancelled %v; want %v %v %v", tt.name, f.Refunded, f.Net, f.FullyRefunded, f.Cancelled, tt.refunded, tt.net, tt.full)
		}
	}
	if _, err := NetRevenue(snapshot("USD", 1, 1), []orders.Refund{{ID: "x", Rule: "store_credit", Amount: usd(1)}}); err == nil {
		t.Error("an unknown refund rule was accepted")
	}
}

func TestMergeRefundsIsOrderIndependent(t *testing.T) {
	a := chargeRefund("ch_1", created.Add(time.Hour), 1000, 5360)
	b := chargeRefund("ch_1", created.Add(2*time.Hour), 2680, 5360)
	c := lineRefund("r9", 500)
	one := MergeRefunds([]orders.Refund{a}, b, c)
	two := MergeRefunds([]orders.Refund{c, b}, a)
	if len(one) != 2 || len(two) != 2 || one[0] != two[0] || one[1] != two[1] {
		t.Fatalf("merge depends on order: %+v vs %+v", one, two)
	}
	if one[0] != b || one[1] != c {
		t.Errorf("merged %+v, want the later charge report and the line refund, by id", one)
	}
	// Refund before order: a refund kept alone, then the order; the figures are the same
	// as if the order had come first.
	kept := MergeRefunds(nil, lineRefund("890088186047892319", 8999))
	later := MergeRefunds(kept, lineRefund("890088186047892319", 8999))
	f, err := NetRevenue(snapshot("USD", 23998, 26918), later)
	if err != nil || f.Net != usd(14999) {
		t.Errorf("refund before order: net %v, %v", f.Net, err)
	}
	if got := MergeRefunds(nil, orders.Refund{}); len(got) != 0 {
		t.Errorf("a refund without id was kept: %+v", got)
	}
}

func TestCommission(t *testing.T) {
	pct := func(s string) money.Rate {
		r, err := money.ParsePercent(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	open := Figures{Revenue: usd(23998), Refunded: usd(8999), Net: usd(14999)}
	full := Figures{Revenue: usd(4500), Refunded: usd(4500), Net: usd(0), FullyRefunded: true}
	cancelled := Figures{Revenue: usd(4500), Refunded: usd(0), Net: usd(0), Cancelled: true}
	tests := []struct {
		name    string
		c       Compensation
		f       Figures
		want    money.Amount
		wantErr error
	}{
		{"10 % of net, half up", Compensation{Model: PercentOfNet, Rate: pct("10")}, open, usd(1500), nil}, // 14.999
		{"12.5 % of net", Compensation{Model: PercentOfNet, Rate: pct("12.5")}, open, usd(1875), nil},      // 18.74875
		{"percent of a fully refunded order", Compensation{Model: PercentOfNet, Rate: pct("10")}, full, usd(0), nil},
		{"percent of a cancelled order", Compensation{Model: PercentOfNet, Rate: pct("10")}, cancelled, usd(0), nil},
		{"fixed per sale, partly refunded", Compensation{Model: FixedPerSale, Fixed: usd(500)}, open, usd(500), nil},
		{"fixed per sale, fully refunded", Compensation{Model: FixedPerSale, Fixed: usd(500)}, full, usd(0), nil},
		{"fixed per sale, cancelled", Compensation{Model: FixedPerSale, Fixed: usd(500)}, cancelled, usd(0), nil},
		{"fixed fee in another currency", Compensation{Model: FixedPerSale, Fixed: money.New(500, "EUR")}, open, money.Amount{}, money.ErrCurrencyMismatch},
		{"no sales commission", Compensation{}, open, usd(0), nil},
	}
	for _, tt := range tests {
		got, err := Commission(tt.c, tt.f)
		if !errors.Is(err, tt.wantErr) || (err == nil && got != tt.want) {
			t.Errorf("%s: %v, %v; want %v, %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
	if _, err := Commission(Compensation{Model: "per_click"}, open); err == nil {
		t.Error("an unknown model was accepted")
	}
}
