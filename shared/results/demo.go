package results

import (
	"crypto/sha256"
	"encoding/base32"
	"math"
	"math/rand/v2"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// Demo is a workspace with a finished campaign and a live one, with every entity and
// daily aggregate a results screen reads, so a newcomer sees each screen with data. The
// local stack persists the entities through the store and the aggregates through the
// counters' own writers, or serves the whole demo through Demo.Reader.
type Demo struct {
	Workspace workspaces.Workspace
	Creators  []creators.Creator
	Campaigns []DemoCampaign
}

// DemoCampaign is one demo campaign with its members and aggregates.
type DemoCampaign struct {
	Campaign   campaigns.Campaign
	Members    []campaigns.Member
	Aggregates Aggregates
}

// Reader serves the demo from memory.
func (d Demo) Reader() *MemoryReader {
	r := NewMemoryReader()
	r.PutWorkspace(d.Workspace)
	r.PutCreators(d.Creators...)
	for _, c := range d.Campaigns {
		r.PutCampaign(c.Campaign, c.Members, c.Aggregates)
	}
	return r
}

// demoID makes a stable id of the ids package's shape from a name, so a reseed finds
// the same items.
func demoID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	enc := base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
	return enc.EncodeToString(h.Sum(nil)[:10])
}

// demoCreator is a roster creator and how their audience behaves.
type demoCreator struct {
	name, platform, handle, country string
	followers, avgViews             int64
	engagement, activeShare         float64
	// ctr is human clicks per view; conversion is click orders per human click.
	ctr, conversion float64
	// codeOrders is coupon-code orders per 10,000 views; eur is the share of orders
	// from the EU shop, in EUR.
	codeOrders, eur float64
}

var demoRoster = []demoCreator{
	{"Lena Trails", "tiktok", "lena.trails", "DE", 48_000, 21_000, 0.072, 0.55, 0.009, 0.046, 4.8, 0.35},
	{"Max Climbs", "youtube", "maxclimbs", "US", 310_000, 95_000, 0.041, 0.40, 0.004, 0.030, 1.6, 0.05},
	{"Priya Peaks", "instagram", "priya.peaks", "GB", 126_000, 38_000, 0.058, 0.50, 0.006, 0.040, 3.0, 0.15},
	{"Tom Van Life", "tiktok", "tomvanlife", "US", 890_000, 260_000, 0.035, 0.35, 0.002, 0.018, 0.6, 0.05},
	{"Jo Bikepacks", "instagram", "jo.bikepacks", "FR", 22_000, 9_000, 0.090, 0.60, 0.011, 0.052, 6.5, 1},
	{"Sam Summit", "tiktok", "samsummit", "US", 64_000, 30_000, 0.066, 0.50, 0.008, 0.042, 3.9, 0},
}

// demoMember is a creator's part in a demo campaign.
type demoMember struct {
	creator int
	stage   string
	// contracted is the contract day and posts the publication days, as offsets from
	// the campaign's start.
	contracted int
	posts      []int
	// undisclosed counts posts that lack the disclosure.
	undisclosed int
	comp        campaigns.Compensation
	agreed      campaigns.Money
	revisions   int
	notes       string
}

// DemoData builds the demo for a workspace as of today (a day in Europe/Berlin): a sales
// campaign that ended 55 days ago and reached its revenue goal, and a live one, 20 days
// in, with a creator whose content is still in review and one not yet posting. Numbers
// come from a fixed seed, so the same day gives the same demo.
func DemoData(workspaceID string, today Day) Demo {
	now := today.time().Add(10 * time.Hour)
	d := Demo{Workspace: workspaces.Workspace{ID: workspaceID, Name: "Northpeak Outdoor", TimeZone: "Europe/Berlin",
		Currency: "USD", Settings: workspaces.Settings{Precedence: "coupon", ClickParam: "htclid", AllowedDomains: []string{}},
		Created: now.AddDate(0, -6, 0), Version: 1}}
	for _, c := range demoRoster {
		d.Creators = append(d.Creators, creators.Creator{
			ID: demoID(workspaceID, "creator", c.handle), WorkspaceID: workspaceID, Name: c.name,
			Handles: map[string]string{c.platform: c.handle}, Followers: c.followers, AvgViews: c.avgViews,
			EngagementRate: c.engagement, ActiveShare: c.activeShare, Country: c.country, Topics: []string{"outdoor"},
			RateCard: creators.RateCard{PerPost: c.followers / 20 * 100 / 10, Currency: "USD"},
			Tags:     []string{}, Lists: []string{}, Created: now.AddDate(0, -5, 0), Updated: now.AddDate(0, -5, 0), Version: 1,
		})
	}
	usdFee := func(fee, gift int64, bps int64) (campaigns.Compensation, campaigns.Money) {
		model := "flat_fee"
		if bps > 0 {
			model = "commission"
		}
		return campaigns.Compensation{Model: model, FlatFee: fee, GiftValue: gift, CommissionBps: bps, Currency: "USD"},
			campaigns.Money{Amount: fee, Currency: "USD"}
	}
	lenaComp, lenaAgreed := usdFee(150_000, 12_000, 1000)
	maxComp, maxAgreed := usdFee(600_000, 15_000, 500)
	priyaComp, priyaAgreed := usdFee(250_000, 12_000, 0)
	finished := demoCampaign(d, demoPlan{name: "Spring Trail Shoes", start: today.Add(-100), end: today.Add(-55), graceDays: 14,
		goal: campaigns.Goal{Metric: "revenue", Target: 1_000_000}, budget: 1_200_000, status: "completed",
		notes: "Lena's unboxing and Priya's trail test carried sales; Max's long review reached the most people but sold least per view. Next time: more micro creators, codes printed on screen, brief Max on the call to action.",
		members: []demoMember{
			{creator: 0, stage: "completed", contracted: -12, posts: []int{2, 9, 20}, comp: lenaComp, agreed: lenaAgreed, revisions: 1,
				notes: "Fast turnaround; her audience uses the code."},
			{creator: 1, stage: "completed", contracted: -20, posts: []int{12}, undisclosed: 1, comp: maxComp, agreed: maxAgreed, revisions: 3,
				notes: "Disclosure only in the description; ask for #ad on screen."},
			{creator: 2, stage: "completed", contracted: -9, posts: []int{5, 25}, comp: priyaComp, agreed: priyaAgreed},
			{creator: 4, stage: "completed", contracted: -6, posts: []int{4, 18, 32},
				comp:   campaigns.Compensation{Model: "flat_fee", FlatFee: 60_000, GiftValue: 9_000, Currency: "EUR"},
				agreed: campaigns.Money{Amount: 60_000, Currency: "EUR"}},
			{creator: 3, stage: "declined", contracted: 0, comp: campaigns.Compensation{Currency: "USD"}, agreed: campaigns.Money{Currency: "USD"},
				notes: "Asked USD 25,000 for one video."},
		}}, now)
	lenaComp2, lenaAgreed2 := usdFee(180_000, 12_000, 1000)
	samComp := campaigns.Compensation{Model: "per_click", PerClick: 15, GiftValue: 12_000, Currency: "USD"}
	maxComp2, maxAgreed2 := usdFee(650_000, 15_000, 0)
	live := demoCampaign(d, demoPlan{name: "Summer Summit Packs", start: today.Add(-20), end: today.Add(25),
		goal: campaigns.Goal{Metric: "orders", Target: 250}, budget: 1_400_000, status: "active",
		notes: "Week 3: Sam's clicks convert well; push a second post.",
		members: []demoMember{
			{creator: 0, stage: "live", contracted: -10, posts: []int{1, 8, 15}, comp: lenaComp2, agreed: lenaAgreed2},
			{creator: 5, stage: "live", contracted: -7, posts: []int{3, 13}, comp: samComp, agreed: campaigns.Money{Currency: "USD"}},
			{creator: 2, stage: "content_review", contracted: -5, comp: priyaComp, agreed: priyaAgreed, revisions: 2,
				notes: "Second cut sent back: product shown too late."},
			{creator: 1, stage: "contracted", contracted: 4, comp: maxComp2, agreed: maxAgreed2},
			{creator: 3, stage: "negotiating", contracted: 0, comp: campaigns.Compensation{Currency: "USD"}, agreed: campaigns.Money{Currency: "USD"}},
		}}, now)
	d.Campaigns = []DemoCampaign{finished, live}
	return d
}

// demoPlan describes a demo campaign.
type demoPlan struct {
	name       string
	start, end Day
	// graceDays puts the goal's deadline after the end, while attributed sales trail in.
	graceDays     int
	goal          campaigns.Goal
	budget        int64
	status, notes string
	members       []demoMember
}

// demoRefund is an order that will come back.
type demoRefund struct {
	day    Day
	amount int64
	cur    money.Currency
	code   bool
}

// demoCampaign builds one campaign: its entity, its members with their board history,
// and daily aggregates up to today.
func demoCampaign(d Demo, p demoPlan, now time.Time) DemoCampaign {
	ws := d.Workspace.ID
	name, start, end, goal, members := p.name, p.start, p.end, p.goal, p.members
	goal.Deadline = string(end.Add(p.graceDays))
	at := func(day Day, hour int) time.Time { return day.time().Add(time.Duration(hour) * time.Hour) }
	c := DemoCampaign{Campaign: campaigns.Campaign{
		ID: demoID(ws, "campaign", name), WorkspaceID: ws, Name: name, Slug: campaigns.Slugify(name), Objective: "sales",
		Goal: goal, StartDate: string(start), EndDate: string(end), Budget: campaigns.Money{Amount: p.budget, Currency: "USD"},
		Status: p.status, DisclosureTags: []string{"#ad"}, Platforms: []string{"tiktok", "instagram", "youtube"},
		DestinationURL: "https://northpeak.example.com/" + campaigns.Slugify(name), AttributionWindowDays: 30,
		UTM: campaigns.UTM{}, BenchmarkCPA: &campaigns.Money{Amount: 3800, Currency: "USD"}, Notes: p.notes,
		Created: at(start.Add(-30), 9), Updated: now, Version: 3,
	}}
	c.Aggregates.Sources = Sources{Traffic: true, Sales: true, Content: true}
	rng := rand.New(rand.NewPCG(uint64(len(name)), uint64(start.Since("2000-01-01"))))
	last := min(DayOf(now, time.UTC), Day(goal.Deadline))
	campaignTraffic := map[Day]*TrafficDay{}
	for _, dm := range members {
		rc := demoRoster[dm.creator]
		cr := d.Creators[dm.creator]
		m := campaigns.Member{WorkspaceID: ws, CampaignID: c.Campaign.ID, CreatorID: cr.ID, CreatorName: cr.Name, Handles: cr.Handles,
			Stage: dm.stage, Compensation: dm.comp, AgreedCost: dm.agreed, Deliverables: []campaigns.Deliverable{},
			Relevance: 0.6 + float64(dm.creator%4)/10, Revisions: dm.revisions, Notes: dm.notes, Codes: []campaigns.Code{},
			Outreach: []campaigns.Outreach{}, Added: at(start.Add(-30), 10), Updated: now, Version: 4}
		m.History = []campaigns.StageChange{{To: "shortlisted", By: "demo", At: m.Added}}
		move := func(to string, day Day) {
			m.History = append(m.History, campaigns.StageChange{From: m.History[len(m.History)-1].To, To: to, By: "demo", At: at(day, 11)})
		}
		move("contacted", start.Add(-25))
		move("negotiating", start.Add(-18))
		if dm.stage == "declined" || dm.stage == "negotiating" {
			if dm.stage == "declined" {
				move("declined", start.Add(-14))
			}
			c.Members = append(c.Members, m)
			continue
		}
		move("contracted", start.Add(dm.contracted))
		if dm.stage == "content_review" {
			move("content_review", start.Add(dm.contracted+8))
		}
		if len(dm.posts) > 0 {
			move("live", start.Add(dm.posts[0]))
		}
		if dm.stage == "completed" {
			move("completed", end.Add(2))
		}
		c.Members = append(c.Members, m)

		days := MemberDays{CreatorID: cr.ID}
		var refunds []demoRefund
		for day := start; day <= last; day = day.Add(1) {
			offset := day.Since(start)
			var views, live int64
			for _, p := range dm.posts {
				if offset < p {
					continue
				}
				live++
				// A post's daily views decay geometrically from its first day.
				peak := float64(rc.avgViews) * (0.7 + 0.6*rng.Float64())
				views += int64(peak * 0.45 * math.Pow(0.62, float64(offset-p)))
			}
			if live == 0 {
				continue
			}
			eng := float64(views) * rc.engagement
			disclosed := live - min(int64(dm.undisclosed), live)
			days.Content = append(days.Content, ContentDay{Day: day, PostsLive: live, Views: views,
				Likes: int64(eng * 0.86), Comments: int64(eng * 0.09), Shares: int64(eng * 0.05), Saves: int64(float64(views) * 0.004),
				Followers: rc.followers + int64(offset)*rc.followers/900, DisclosureChecked: live, DisclosureCompliant: disclosed})

			human := int64(float64(views) * rc.ctr)
			bots := human/12 + int64(rng.IntN(4))
			t := TrafficDay{Day: day, Clicks: human + bots, HumanClicks: human, UniqueVisitors: human * 9 / 10}
			days.Traffic = append(days.Traffic, t)
			ct := campaignTraffic[day]
			if ct == nil {
				ct = &TrafficDay{Day: day}
				campaignTraffic[day] = ct
			}
			ct.Clicks += t.Clicks
			ct.HumanClicks += t.HumanClicks
			ct.UniqueVisitors += t.UniqueVisitors * 97 / 100

			byClick := int64(math.Round(float64(human) * rc.conversion))
			byCode := int64(math.Round(float64(views) * rc.codeOrders / 10_000))
			sales := map[money.Currency]*SalesDay{}
			book := func(cur money.Currency, n int64, code bool) {
				if n == 0 {
					return
				}
				s := sales[cur]
				if s == nil {
					s = &SalesDay{Day: day, Currency: cur}
					sales[cur] = s
				}
				for range n {
					price := int64(6_900 + rng.IntN(6_000))
					s.Orders++
					s.NetRevenue += price
					if code {
						s.OrdersByCode++
						s.NetRevenueByCode += price
					} else {
						s.OrdersByClick++
						s.NetRevenueByClick += price
					}
					// About one order in 25 comes back a week later.
					if rng.IntN(25) == 0 {
						refunds = append(refunds, demoRefund{day.Add(7), price, cur, code})
					}
				}
			}
			for _, code := range []bool{false, true} {
				n := byClick
				if code {
					n = byCode
				}
				inEUR := int64(math.Round(float64(n) * rc.eur))
				book("EUR", inEUR, code)
				book("USD", n-inEUR, code)
			}
			for _, r := range refunds {
				if r.day != day {
					continue
				}
				s := sales[r.cur]
				if s == nil {
					s = &SalesDay{Day: day, Currency: r.cur}
					sales[r.cur] = s
				}
				s.Refunds += r.amount
				s.NetRevenue -= r.amount
				if r.code {
					s.NetRevenueByCode -= r.amount
				} else {
					s.NetRevenueByClick -= r.amount
				}
			}
			for _, cur := range []money.Currency{"USD", "EUR"} {
				s := sales[cur]
				if s == nil {
					continue
				}
				if dm.comp.CommissionBps > 0 {
					commission, _ := money.MulDiv(s.NetRevenue, dm.comp.CommissionBps, 10_000)
					s.Commission = commission
				}
				days.Sales = append(days.Sales, *s)
			}
		}
		c.Aggregates.Creators = append(c.Aggregates.Creators, days)
	}
	for day := start; day <= last; day = day.Add(1) {
		if t := campaignTraffic[day]; t != nil {
			c.Aggregates.Traffic = append(c.Aggregates.Traffic, *t)
		}
	}
	return c
}
