package attribution

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/orders"
)

var created = time.Date(2026, 11, 2, 15, 15, 0, 0, time.UTC)

func order(codes []string, clickID string) *orders.Order {
	return &orders.Order{ID: "1001", CreatedAt: created, Currency: "USD", DiscountCodes: codes, ClickID: clickID}
}

var codes = []Code{
	{MembershipID: "m-anna", Code: "ANNA10"},
	{MembershipID: "m-ben", Code: "ben-summer"},
	{MembershipID: "m-cleo", Code: " Cleo5 "},
}

func TestDecide(t *testing.T) {
	clickAnna := &Click{ID: "ck_a", MembershipID: "m-anna", At: created.Add(-48 * time.Hour)}
	clickBen := &Click{ID: "ck_b", MembershipID: "m-ben", At: created.Add(-2 * time.Hour)}
	tests := []struct {
		name       string
		in         Input
		member     string
		method     Method
		code       string
		clickID    string
		unknown    []string
		reasonHave []string
	}{
		{
			name:   "code in another letter case",
			in:     Input{Order: order([]string{"anna10"}, ""), Codes: codes},
			member: "m-anna", method: ByCoupon, code: "ANNA10",
			reasonHave: []string{"code anna10 belongs to membership m-anna"},
		},
		{
			name:   "code with spaces on both sides",
			in:     Input{Order: order([]string{"CLEO5"}, ""), Codes: codes},
			member: "m-cleo", method: ByCoupon, code: " Cleo5 ",
		},
		{
			name:   "unknown code",
			in:     Input{Order: order([]string{"BLACKFRIDAY"}, ""), Codes: codes},
			method: Unattributed, unknown: []string{"BLACKFRIDAY"},
			reasonHave: []string{"no membership has the code BLACKFRIDAY"},
		},
		{
			name:   "two membership codes on one order: the first applied wins",
			in:     Input{Order: order([]string{"BEN-SUMMER", "anna10"}, ""), Codes: codes},
			member: "m-ben", method: ByCoupon, code: "ben-summer",
			reasonHave: []string{"also carries code anna10 (membership m-anna)"},
		},
		{
			name:   "an unknown code next to a membership code",
			in:     Input{Order: order([]string{"WELCOME", "Anna10"}, ""), Codes: codes},
			member: "m-anna", method: ByCoupon, code: "ANNA10", unknown: []string{"WELCOME"},
		},
		{
			name:   "the same code twice",
			in:     Input{Order: order([]string{"anna10", "ANNA10"}, ""), Codes: codes},
			member: "m-anna", method: ByCoupon, code: "ANNA10",
		},
		{
			name:   "click inside the window",
			in:     Input{Order: order(nil, "ck_a"), Codes: codes, Click: clickAnna},
			member: "m-anna", method: ByClick, clickID: "ck_a",
			reasonHave: []string{"click ck_a of membership m-anna is 2 days before the order, inside the window"},
		},
		{
			name:   "click exactly 30 days before",
			in:     Input{Order: order(nil, "ck_a"), Click: &Click{ID: "ck_a", MembershipID: "m-anna", At: created.Add(-DefaultWindow)}},
			member: "m-anna", method: ByClick, clickID: "ck_a",
		},
		{
			name:       "click a second outside the default window",
			in:         Input{Order: order(nil, "ck_a"), Click: &Click{ID: "ck_a", MembershipID: "m-anna", At: created.Add(-DefaultWindow - time.Second)}},
			method:     Unattributed,
			reasonHave: []string{"the order's click does not count; click ck_a was 30 days 1s before the order, outside the window of 30 days"},
		},
		{
			name:       "click outside a 7-day campaign window",
			in:         Input{Order: order(nil, "ck_a"), Click: &Click{ID: "ck_a", MembershipID: "m-anna", At: created.Add(-8 * 24 * time.Hour), Window: 7 * 24 * time.Hour}},
			method:     Unattributed,
			reasonHave: []string{"was 8 days before the order, outside the window of 7 days"},
		},
		{
			name:       "click after the order was created",
			in:         Input{Order: order(nil, "ck_a"), Click: &Click{ID: "ck_a", MembershipID: "m-anna", At: created.Add(time.Minute)}},
			method:     Unattributed,
			reasonHave: []string{"came 1m0s after the order was created"},
		},
		{
			name:   "code and click disagree: codes take precedence by default",
			in:     Input{Order: order([]string{"anna10"}, "ck_b"), Codes: codes, Click: clickBen},
			member: "m-anna", method: ByCoupon, code: "ANNA10", clickID: "ck_b",
			reasonHave: []string{"code anna10 (membership m-anna) wins over click ck_b (membership m-ben)"},
		},
		{
			name:   "code and click disagree: the workspace prefers clicks",
			in:     Input{Order: order([]string{"anna10"}, "ck_b"), Codes: codes, Click: clickBen, Precedence: ClickFirst},
			member: "m-ben", method: ByClick, code: "ANNA10", clickID: "ck_b",
			reasonHave: []string{"click ck_b (membership m-ben) wins over code anna10 (membership m-anna)"},
		},
		{
			name:   "code and click agree",
			in:     Input{Order: order([]string{"ANNA10"}, "ck_a"), Codes: codes, Click: clickAnna, Precedence: ClickFirst},
			member: "m-anna", method: ByCoupon, code: "ANNA10", clickID: "ck_a",
			reasonHave: []string{"both belong to membership m-anna"},
		},
		{
			name:   "a code shared by two memberships goes to the first by id",
			in:     Input{Order: order([]string{"dup"}, ""), Codes: []Code{{MembershipID: "m-z", Code: "DUP"}, {MembershipID: "m-b", Code: "dup"}}},
			member: "m-b", method: ByCoupon, code: "dup",
			reasonHave: []string{"registered to more than one membership"},
		},
		{
			name:       "click id that matched no click",
			in:         Input{Order: order(nil, "ck_gone"), Codes: codes},
			method:     Unattributed,
			reasonHave: []string{"click id ck_gone matches no click"},
		},
		{
			name:       "nothing to go by",
			in:         Input{Order: order(nil, ""), Codes: codes},
			method:     Unattributed,
			reasonHave: []string{"no discount code and no click id"},
		},
		{
			name:   "no snapshot yet (refund before order)",
			in:     Input{Codes: codes},
			method: Unattributed, reasonHave: []string{"no order snapshot yet"},
		},
	}
	for _, tt := range tests {
		d := Decide(tt.in)
		if d.MembershipID != tt.member || d.Method != tt.method || d.Code != tt.code || d.ClickID != tt.clickID {
			t.Errorf("%s: got member %q method %s code %q click %q; want %q %s %q %q (%s)",
				tt.name, d.MembershipID, d.Method, d.Code, d.ClickID, tt.member, tt.method, tt.code, tt.clickID, d.Reason)
		}
		if !reflect.DeepEqual(d.UnknownCodes, tt.unknown) {
			t.Errorf("%s: unknown codes %v, want %v", tt.name, d.UnknownCodes, tt.unknown)
		}
		for _, s := range tt.reasonHave {
			if !strings.Contains(d.Reason, s) {
				t.Errorf("%s: reason %q lacks %q", tt.name, d.Reason, s)
			}
		}
		if d.Reason == "" {
			t.Errorf("%s: no reason recorded", tt.name)
		}
	}
}

func TestReplacesSnapshot(t *testing.T) {
	older := &orders.Order{ID: "1", UpdatedAt: created}
	newer := &orders.Order{ID: "1", UpdatedAt: created.Add(time.Second)}
	cancelledSameTime := &orders.Order{ID: "1", UpdatedAt: created, Cancelled: true}
	tests := []struct {
		name      string
		cur, next *orders.Order
		want      bool
	}{
		{"first snapshot", nil, older, true},
		{"newer replaces older", older, newer, true},
		{"a late older snapshot never overwrites a newer one", newer, older, false},
		{"the same snapshot again", older, older, false},
		{"cancellation in the same second", older, cancelledSameTime, true},
		{"nothing to replace with", older, nil, false},
	}
	for _, tt := range tests {
		if got := ReplacesSnapshot(tt.cur, tt.next); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{45 * time.Minute, "45m0s"},
		{24 * time.Hour, "1 day"},
		{25 * time.Hour, "1 day 1h0m0s"},
		{30*24*time.Hour + time.Second, "30 days 1s"},
		{1500 * time.Millisecond, "2s"},
	}
	for _, tt := range tests {
		if got := span(tt.d); got != tt.want {
			t.Errorf("span(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
