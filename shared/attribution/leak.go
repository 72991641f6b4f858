package attribution

import (
	"fmt"
	"sort"
	"strings"
)

// A creator's coupon code is meant for the creator's audience. When it leaks onto coupon
// and deal sites, or circulates far from where the audience lives, the orders it brings
// are not the creator's doing, and a marketer paying commission on them wants to know.

// LeakMinOrders is how many orders a code needs before it can be flagged: two orders
// from a deal site prove nothing.
const LeakMinOrders = 5

// LeakShare is the share of a code's orders, in percent, above which a cause flags it:
// "mostly" means more than half.
const LeakShare = 50

// AudienceFloor is the share of a creator's audience, in percent, below which a country
// counts as outside the audience.
const AudienceFloor = 2

// DealSites are hosts of coupon, voucher and deal aggregators, matched with their
// subdomains ("uk.rakuten.com").
var DealSites = []string{
	"retailmenot.com", "coupons.com", "couponcabin.com", "couponfollow.com", "couponbirds.com",
	"coupert.com", "dealspotr.com", "slickdeals.net", "dealnews.com", "knoji.com", "wethrift.com",
	"joinhoney.com", "honey.com", "capitaloneshopping.com", "rakuten.com", "groupon.com",
	"offers.com", "savings.com", "promocodes.com", "goodshop.com", "dontpayfull.com",
	"vouchercodes.co.uk", "myvouchercodes.co.uk", "hotukdeals.com", "mydealz.de", "dealabs.com",
	"gutscheine.de", "sparwelt.de", "cuponation.com", "picodi.com", "karmanow.com", "simplycodes.com",
}

// LeakOrder is what the signal reads of one order credited through a code.
type LeakOrder struct {
	// Referrer is the host the customer came from, without "www."; empty when unknown.
	Referrer string
	// Country is the customer's ISO 3166-1 alpha-2 country; empty when unknown.
	Country string
}

// LeakSignal is a code's leak assessment.
type LeakSignal struct {
	Code string `json:"code"`
	// Orders is how many orders the code brought.
	Orders int `json:"orders"`
	// DealSiteOrders came from a coupon or deal site.
	DealSiteOrders int `json:"dealSiteOrders"`
	// OutsideAudienceOrders were shipped to a country outside the creator's audience;
	// counted only when the audience's countries are known.
	OutsideAudienceOrders int `json:"outsideAudienceOrders"`
	// Flagged is set when either kind of order is the majority of at least LeakMinOrders.
	Flagged bool `json:"flagged"`
	// Reasons say why, in words a marketer can forward.
	Reasons []string `json:"reasons"`
}

// CouponLeak assesses one code from its orders and the creator's audience countries
// (shares from 0 to 1; nil when unknown).
func CouponLeak(code string, orders []LeakOrder, audience map[string]float64) LeakSignal {
	s := LeakSignal{Code: code, Orders: len(orders), Reasons: []string{}}
	outside := map[string]int{}
	deal := map[string]int{}
	for _, o := range orders {
		if site := dealSite(o.Referrer); site != "" {
			s.DealSiteOrders++
			deal[site]++
		}
		if c := strings.ToUpper(o.Country); c != "" && len(audience) > 0 && audience[c]*100 < AudienceFloor {
			s.OutsideAudienceOrders++
			outside[c]++
		}
	}
	if s.Orders < LeakMinOrders {
		return s
	}
	if s.DealSiteOrders*100 > s.Orders*LeakShare {
		s.Flagged = true
		s.Reasons = append(s.Reasons, fmt.Sprintf("%d of %d orders came from coupon or deal sites (%s)",
			s.DealSiteOrders, s.Orders, top(deal)))
	}
	if s.OutsideAudienceOrders*100 > s.Orders*LeakShare {
		s.Flagged = true
		s.Reasons = append(s.Reasons, fmt.Sprintf("%d of %d orders were shipped outside the creator's audience countries (%s)",
			s.OutsideAudienceOrders, s.Orders, top(outside)))
	}
	return s
}

// dealSite returns the deal site host matches, or "".
func dealSite(host string) string {
	host = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(host)), "www.")
	if host == "" {
		return ""
	}
	for _, d := range DealSites {
		if host == d || strings.HasSuffix(host, "."+d) {
			return d
		}
	}
	return ""
}

// top lists the most frequent names, most frequent first, at most three.
func top(counts map[string]int) string {
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] > counts[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > 3 {
		names = names[:3]
	}
	for i, n := range names {
		names[i] = fmt.Sprintf("%s: %d", n, counts[n])
	}
	return strings.Join(names, ", ")
}
