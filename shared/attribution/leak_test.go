package attribution

import (
	"strings"
	"testing"
)

func TestCouponLeak(t *testing.T) {
	audience := map[string]float64{"US": 0.7, "GB": 0.2, "CA": 0.09, "MX": 0.01}
	orders := func(n int, ref, country string) []LeakOrder {
		out := make([]LeakOrder, n)
		for i := range out {
			out[i] = LeakOrder{Referrer: ref, Country: country}
		}
		return out
	}
	join := func(lists ...[]LeakOrder) []LeakOrder {
		var out []LeakOrder
		for _, l := range lists {
			out = append(out, l...)
		}
		return out
	}
	tests := []struct {
		name     string
		orders   []LeakOrder
		audience map[string]float64
		flagged  bool
		deal     int
		outside  int
		reason   string
	}{
		{"healthy code", join(orders(8, "tiktok.com", "US"), orders(2, "", "GB")), audience, false, 0, 0, ""},
		{"mostly deal sites", join(orders(4, "retailmenot.com", "US"), orders(2, "uk.rakuten.com", "GB"), orders(3, "tiktok.com", "US")), audience, true, 6, 0, "6 of 9 orders came from coupon or deal sites (retailmenot.com: 4, rakuten.com: 2)"},
		{"half is not mostly", join(orders(3, "slickdeals.net", "US"), orders(3, "tiktok.com", "US")), audience, false, 3, 0, ""},
		{"far from the audience", join(orders(4, "", "DE"), orders(2, "", "MX"), orders(2, "", "US")), audience, true, 0, 6, "6 of 8 orders were shipped outside the creator's audience countries (DE: 4, MX: 2)"},
		{"audience unknown", orders(6, "", "DE"), nil, false, 0, 0, ""},
		{"too few orders", orders(4, "retailmenot.com", "DE"), audience, false, 4, 4, ""},
		{"a look-alike host is no deal site", orders(6, "notretailmenot.com", "US"), audience, false, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CouponLeak("ANNA10", tt.orders, tt.audience)
			if s.Flagged != tt.flagged || s.DealSiteOrders != tt.deal || s.OutsideAudienceOrders != tt.outside || s.Orders != len(tt.orders) {
				t.Fatalf("got %+v", s)
			}
			if tt.reason != "" && !strings.Contains(strings.Join(s.Reasons, "; "), tt.reason) {
				t.Fatalf("reasons %q, want %q", s.Reasons, tt.reason)
			}
			if !tt.flagged && len(s.Reasons) != 0 {
				t.Fatalf("unflagged code with reasons %q", s.Reasons)
			}
		})
	}
}
