package results

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/money"
)

// The input: what a campaign's results are computed from. The entities (campaign,
// memberships, roster figures) come from the campaign API's items; the daily aggregates
// come from the click counters (issue 5), the order ledger's counters (issue 6) and the
// post and profile snapshots (issue 7). Nothing here reads raw clicks or orders.

// Sources says which aggregates exist. A figure that needs a missing source is "no data",
// never 0: a campaign without click counters has no clicks to report, not zero clicks.
type Sources struct {
	// Traffic is the click counters: clicks, human clicks, unique visitors.
	Traffic bool `json:"traffic"`
	// Sales is the order ledger's counters: orders, revenue, refunds, commission.
	Sales bool `json:"sales"`
	// Content is the post and profile snapshots: posts, views, interactions, followers,
	// disclosure.
	Content bool `json:"content"`
}

// TrafficDay is one day of click counters, for a creator in a campaign or for the whole
// campaign.
type TrafficDay struct {
	Day Day `json:"day"`
	// Clicks counts every recorded click, bots included (HEAD requests are never clicks).
	Clicks int64 `json:"clicks"`
	// HumanClicks counts the clicks not recognised as bots or link-preview crawlers.
	HumanClicks int64 `json:"humanClicks"`
	// UniqueVisitors counts distinct visitor keys among the human clicks of the day.
	UniqueVisitors int64 `json:"uniqueVisitors"`
}

// SalesDay is one day of a creator's order counters in one currency. Amounts are minor
// units of Currency.
type SalesDay struct {
	Day      Day            `json:"day"`
	Currency money.Currency `json:"currency"`
	// Orders counts attributed orders created that day (cancelled ones excluded, fully
	// refunded ones counted).
	Orders int64 `json:"orders"`
	// OrdersByCode and OrdersByClick split Orders by what attributed them.
	OrdersByCode  int64 `json:"ordersByCode"`
	OrdersByClick int64 `json:"ordersByClick"`
	// NetRevenue is the attributed revenue of orders created that day, less the refunds
	// booked that day, so a day can be negative.
	NetRevenue        int64 `json:"netRevenue"`
	NetRevenueByCode  int64 `json:"netRevenueByCode"`
	NetRevenueByClick int64 `json:"netRevenueByClick"`
	// Refunds is the attributed revenue refunded that day, as a positive amount.
	Refunds int64 `json:"refunds"`
	// Commission is the ledger's sales pay booked that day: percent-of-net commission
	// and fixed per-sale fees, adjustments included.
	Commission int64 `json:"commission"`
}

// ContentDay is one day of a creator's post and profile figures. Views, likes, comments,
// shares and saves are what the day added; the other fields are levels at the end of
// the day. The aggregation writes one for every day a creator has a post live.
type ContentDay struct {
	Day Day `json:"day"`
	// PostsLive is the number of the creator's tracked posts live at the end of the day.
	PostsLive int64 `json:"postsLive"`
	Views     int64 `json:"views"`
	Likes     int64 `json:"likes"`
	Comments  int64 `json:"comments"`
	Shares    int64 `json:"shares"`
	Saves     int64 `json:"saves"`
	// Followers is the creator's follower count from the day's profile reading; 0 when
	// the profile was not read that day.
	Followers int64 `json:"followers"`
	// DisclosureChecked counts live posts whose caption has been checked for the
	// campaign's disclosure; DisclosureCompliant those that passed.
	DisclosureChecked   int64 `json:"disclosureChecked"`
	DisclosureCompliant int64 `json:"disclosureCompliant"`
}

// MemberDays is one creator's daily aggregates in a campaign.
type MemberDays struct {
	CreatorID string       `json:"creatorId"`
	Traffic   []TrafficDay `json:"traffic"`
	Sales     []SalesDay   `json:"sales"`
	Content   []ContentDay `json:"content"`
}

// Aggregates are a campaign's daily aggregates over some days. Buckets outside the range
// asked for may be present; they are ignored. A day without a bucket counts as zero when
// its source exists.
type Aggregates struct {
	Sources Sources `json:"sources"`
	// Traffic is the campaign's own click counters, whose unique visitors are counted
	// across its creators (a visitor of two creators' links counts once here).
	Traffic []TrafficDay `json:"traffic"`
	// Creators are the campaign's creators' own aggregates.
	Creators []MemberDays `json:"creators"`
}

// Terms are what a creator's deal makes the campaign pay, each amount in its own
// currency.
type Terms struct {
	// AgreedFees is the fixed fee part of the deal: fees, shipping, hidden costs.
	AgreedFees money.Amount `json:"agreedFees"`
	// Gifting is the value of the product given.
	Gifting money.Amount `json:"gifting"`
	// PerClick is paid for every human click.
	PerClick money.Amount `json:"perClick"`
	// SalesPay says the deal pays per sale or a commission, which the order ledger
	// computes; without the ledger the cost is then unknown.
	SalesPay bool `json:"salesPay"`
}

// MemberInput is a creator in a campaign as results need them: the deal, the dates that
// matter to a post-mortem, and the roster figures.
type MemberInput struct {
	CreatorID string `json:"creatorId"`
	Name      string `json:"name"`
	Stage     string `json:"stage"`
	Archived  bool   `json:"archived,omitempty"`
	// Relevance is the marketer's 0-1 fit estimate.
	Relevance float64 `json:"relevance"`
	Revisions int     `json:"revisions"`
	Notes     string  `json:"notes,omitempty"`
	// ContractedOn is the day the creator was first moved to contracted or beyond; empty
	// when never.
	ContractedOn Day `json:"contractedOn,omitempty"`
	// FirstPostOn is the day the creator's first post went live; empty when none has.
	FirstPostOn Day `json:"firstPostOn,omitempty"`
	// Followers and ActiveShare are the roster's figures (ActiveShare 0: unknown).
	Followers   int64   `json:"followers"`
	ActiveShare float64 `json:"activeShare"`
	Terms       Terms   `json:"terms"`
}

// Setup is everything about a campaign but its daily aggregates.
type Setup struct {
	Campaign campaigns.Campaign `json:"campaign"`
	// TimeZone is the workspace's IANA time zone, in which days are counted.
	TimeZone string        `json:"timeZone"`
	Members  []MemberInput `json:"members"`
}

// Input is a campaign's setup and its aggregates over Range.
type Input struct {
	Setup
	Range Range
	Aggregates
}

// Reader fetches the input. The service first reads the setup, decides which days it
// needs from the campaign's dates and the request, then reads those days.
type Reader interface {
	// Campaign reads a campaign, its creators (archived ones included, since their
	// orders stay on record) and the workspace's time zone.
	Campaign(ctx context.Context, workspaceID, campaignID string) (Setup, error)
	// Days reads the campaign's daily aggregates for the days of r.
	Days(ctx context.Context, s Setup, r Range) (Aggregates, error)
	// Campaigns lists the workspace's campaigns, for comparisons.
	Campaigns(ctx context.Context, workspaceID string) ([]campaigns.Campaign, error)
}

// AggregateReader fetches daily aggregates: the part of a Reader that the click, order
// and content counters serve.
type AggregateReader interface {
	Days(ctx context.Context, s Setup, r Range) (Aggregates, error)
}

// NoAggregates is the AggregateReader of a system without counters: it reports every
// source missing, so every figure that needs one is "no data".
type NoAggregates struct{}

// Days returns no aggregates and no sources.
func (NoAggregates) Days(context.Context, Setup, Range) (Aggregates, error) {
	return Aggregates{}, nil
}

// engagedStages are the stages at which a deal stands and its fixed costs count.
var engagedStages = []string{"contracted", "content_review", "live", "completed"}

// Engaged reports whether the creator's deal stands: contracted or later, not declined,
// not removed from the campaign.
func (m MemberInput) Engaged() bool { return !m.Archived && slices.Contains(engagedStages, m.Stage) }

// MemberOf turns a campaign membership and the creator's roster summary (nil when the
// creator left the roster) into a MemberInput, with days counted in loc.
//
// The agreed fee is the member's AgreedCost when one was entered, else the deal's flat
// fee: both describe the same fixed payment, and counting both would double it. The
// gifted product's value is the deal's GiftValue. The first post is dated by the board
// (the first move to live); a Reader with post snapshots may date it by the first
// tracked post's publication instead.
func MemberOf(m campaigns.Member, roster *creators.Summary, loc *time.Location) MemberInput {
	comp := m.Compensation
	compCur := money.Currency(strings.ToUpper(comp.Currency))
	fees := money.New(m.AgreedCost.Amount, money.Currency(strings.ToUpper(m.AgreedCost.Currency)))
	if fees.Minor == 0 {
		fees = money.New(comp.FlatFee, compCur)
	}
	in := MemberInput{
		CreatorID: m.CreatorID, Name: m.CreatorName, Stage: m.Stage, Archived: m.Archived,
		Relevance: m.Relevance, Revisions: m.Revisions, Notes: m.Notes,
		Terms: Terms{
			AgreedFees: fees,
			Gifting:    money.New(comp.GiftValue, compCur),
			PerClick:   money.New(comp.PerClick, compCur),
			SalesPay:   comp.CommissionBps > 0 || comp.PerSale > 0 || comp.Model == "commission" || comp.Model == "per_sale",
		},
	}
	for _, h := range m.History {
		if in.ContractedOn == "" && slices.Contains(engagedStages, h.To) {
			in.ContractedOn = DayOf(h.At, loc)
		}
		if in.FirstPostOn == "" && h.To == "live" {
			in.FirstPostOn = DayOf(h.At, loc)
		}
	}
	if roster != nil {
		in.Followers, in.ActiveShare = roster.Followers, roster.ActiveShare
	}
	return in
}
