package orderflow

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/attribution"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/money"
)

func TestMembershipIDs(t *testing.T) {
	tests := []struct {
		id             string
		campaign, user string
		ok             bool
	}{
		{MembershipID("c1", "u1"), "c1", "u1", true},
		{"", "", "", false},
		{"c1/", "c1", "", false},
		{"/u1", "", "u1", false},
	}
	for _, tt := range tests {
		c, u, ok := SplitMembership(tt.id)
		if c != tt.campaign || u != tt.user || ok != tt.ok {
			t.Errorf("SplitMembership(%q) = %q %q %v", tt.id, c, u, ok)
		}
	}
}

func TestCompensation(t *testing.T) {
	tests := []struct {
		in   campaigns.Compensation
		want attribution.Compensation
	}{
		{campaigns.Compensation{Model: "commission", CommissionBps: 1250, Currency: "USD"}, attribution.Compensation{Model: attribution.PercentOfNet, Rate: 125_000}},
		{campaigns.Compensation{Model: "per_sale", PerSale: 500, Currency: "jpy"}, attribution.Compensation{Model: attribution.FixedPerSale, Fixed: money.New(500, "JPY")}},
		{campaigns.Compensation{Model: "flat_fee", FlatFee: 100000, Currency: "USD"}, attribution.Compensation{}},
		{campaigns.Compensation{}, attribution.Compensation{}},
	}
	for _, tt := range tests {
		if got := Compensation(tt.in); got != tt.want {
			t.Errorf("Compensation(%+v) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	// 12.5 % of 19.99 is 2.49875, rounded half up to 2.50.
	got, err := Compensation(tests[0].in).Rate.Apply(money.New(1999, "USD"))
	if err != nil || got.Minor != 250 {
		t.Errorf("12.5%% of 19.99 = %v, %v", got, err)
	}
}

// TestCountersMergeByKey: a re-attribution within one campaign touches the campaign's
// counters twice; a transaction may write each item once, so the changes are merged.
func TestCountersMergeByKey(t *testing.T) {
	entries := []LedgerEntry{
		{CampaignID: "c", CreatorID: "old", Day: "2026-11-02", Currency: "USD", Orders: -1, Revenue: -1000, Net: -1000, Commission: -100, Method: attribution.ByClick},
		{CampaignID: "c", CreatorID: "new", Day: "2026-11-02", Currency: "USD", Orders: 1, Revenue: 1000, Net: 1000, Commission: 50, Method: attribution.ByCoupon},
	}
	got := counters(entries)
	if len(got) != 6 {
		t.Fatalf("%d counters, want campaign total and day plus two per creator", len(got))
	}
	byKey := map[CounterKey]Counter{}
	for _, c := range got {
		byKey[c.CounterKey] = c
	}
	if c := byKey[CounterKey{CampaignID: "c", Currency: "USD"}]; c.Orders != 0 || c.Revenue != 0 || c.Commission != -50 ||
		c.OrdersByClick != -1 || c.OrdersByCode != 1 || c.NetByCode != 1000 || c.NetByClick != -1000 {
		t.Errorf("campaign total %+v", c)
	}
	if c := byKey[CounterKey{CampaignID: "c", CreatorID: "new", Day: "2026-11-02", Currency: "USD"}]; c.Orders != 1 || c.Commission != 50 {
		t.Errorf("new creator's day %+v", c)
	}
}

func TestReferrerHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.tiktok.com/":                "tiktok.com",
		"https://WWW.RetailMeNot.com/view/x?y=1": "retailmenot.com",
		"instagram.com/p/1":                      "instagram.com",
		"":                                       "",
		"::::":                                   "",
	} {
		if got := referrerHost(in); got != want {
			t.Errorf("referrerHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLeaksFollowReattribution(t *testing.T) {
	var entries []LedgerEntry
	for i := range 6 {
		entries = append(entries, LedgerEntry{ConnectionID: "k", OrderID: fmt.Sprint(i), Kind: attribution.EntryOrder, Code: "ANNA10", Referrer: "retailmenot.com", Country: "US"})
	}
	if got := leaks(entries, nil); len(got) != 1 || !got[0].Flagged || got[0].Orders != 6 {
		t.Fatalf("six deal-site orders: %+v", got)
	}
	entries = append(entries, LedgerEntry{ConnectionID: "k", OrderID: "0", Kind: attribution.EntryReversal},
		LedgerEntry{ConnectionID: "k", OrderID: "1", Kind: attribution.EntryReversal})
	if got := leaks(entries, nil); got[0].Flagged || got[0].Orders != 4 {
		t.Fatalf("after two re-attributions away: %+v", got)
	}
}

func TestTransient(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("load: %w", apperr.ErrUnavailable), true},
		{fmt.Errorf("apply: %w", ErrBusy), true},
		{context.DeadlineExceeded, true},
		{permanent(fmt.Errorf("x: %w", apperr.ErrUnavailable)), false},
		{errors.New("parse"), false},
	}
	for _, tt := range tests {
		if got := Transient(tt.err); got != tt.want {
			t.Errorf("Transient(%v) = %v", tt.err, got)
		}
	}
}
