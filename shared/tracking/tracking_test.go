package tracking

import (
	"errors"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/disclosure"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/validate"
)

func TestItemID(t *testing.T) {
	cases := []struct {
		in       string
		platform social.Platform
		id       string
		ok       bool
	}{
		{"youtube-nPkTrail001", social.YouTube, "nPkTrail001", true},
		{"youtube-a-b_c-d-e-f", social.YouTube, "a-b_c-d-e-f", true},
		{"tiktok-7334455667788990011", social.TikTok, "7334455667788990011", true},
		{"instagram-trailchallenge", social.Instagram, "trailchallenge", true},
		{"myspace-123", "", "", false},
		{"youtube-", "", "", false},
		{"youtube", "", "", false},
	}
	for _, tc := range cases {
		p, id, ok := ParseItemID(tc.in)
		if p != tc.platform || id != tc.id || ok != tc.ok {
			t.Errorf("ParseItemID(%q) = %q %q %v", tc.in, p, id, ok)
		}
		if ok && ItemID(p, id) != tc.in {
			t.Errorf("ItemID does not round-trip %q", tc.in)
		}
	}
}

func TestWindow(t *testing.T) {
	cases := []struct {
		status, end string
		until       time.Time
		pulled      bool
	}{
		{"active", "2026-03-31", time.Date(2026, 4, 8, 0, 0, 0, 0, time.UTC), true},
		{"paused", "2026-03-31", time.Date(2026, 4, 8, 0, 0, 0, 0, time.UTC), true},
		{"completed", "2026-03-31", time.Date(2026, 4, 8, 0, 0, 0, 0, time.UTC), true},
		{"draft", "2026-03-31", time.Date(2026, 4, 8, 0, 0, 0, 0, time.UTC), false},
		{"archived", "2026-03-31", time.Date(2026, 4, 8, 0, 0, 0, 0, time.UTC), false},
		{"active", "not a date", time.Time{}, false},
	}
	for _, tc := range cases {
		until, pulled := Window(campaigns.Campaign{Status: tc.status, EndDate: tc.end})
		if !until.Equal(tc.until) || pulled != tc.pulled {
			t.Errorf("%s until %s: %s %v", tc.status, tc.end, until, pulled)
		}
	}
}

func i64(v int64) *int64 { return &v }

var (
	t0  = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	req = disclosure.Requirement{AnyOf: []string{"#ad", "#sponsored"}, AcceptPlatformLabel: true}
)

func pulled(views, likes, comments int64, caption string) social.Post {
	return social.Post{Platform: social.YouTube, ID: "nPkTrail001", Caption: caption, Views: social.Known(views),
		Likes: social.Known(likes), Comments: social.Known(comments), PublishedAt: t0.Add(-48 * time.Hour)}
}

func TestApplyPostFirstPull(t *testing.T) {
	u := ApplyPost(Post{ID: "youtube-nPkTrail001"}, pulled(1000, 80, 20, "New kit #AD."), t0, t0.Add(3*time.Second), req, social.Known(5000))
	if !u.Fresh || u.Snapshot.At != t0 || *u.Snapshot.Views != 1000 || u.Snapshot.Shares != nil {
		t.Fatalf("snapshot %+v", u.Snapshot)
	}
	l := u.Latest
	if *l.EngagementRate != 0.1 || *l.EngagementPerFollower != 0.02 || l.Growth.Delta != nil || l.Momentum.State != "no data" {
		t.Errorf("latest %+v", l)
	}
	if !u.Disclosure.Disclosed || len(u.Disclosure.Found) != 1 || u.Disclosure.Found[0] != "#ad" ||
		len(u.Disclosure.Required) != 2 || !u.Disclosure.CheckedAt.Equal(t0.Add(3*time.Second)) {
		t.Errorf("disclosure %+v", u.Disclosure)
	}
	if u.Pull.Status != "pulled" || u.Pull.Failures != 0 || len(u.Recent.At) != 1 {
		t.Errorf("pull %+v recent %+v", u.Pull, u.Recent)
	}
}

func TestApplyPostGrowthAndRetry(t *testing.T) {
	first := ApplyPost(Post{}, pulled(1000, 80, 20, "#adventure"), t0, t0, req, social.Count{})
	p := Post{Latest: &first.Latest, Recent: first.Recent, Pull: PullState{Failures: 2}}
	second := ApplyPost(p, pulled(1600, 90, 30, "#adventure"), t0.Add(time.Hour), t0.Add(time.Hour), req, social.Count{})
	g := second.Latest.Growth
	if *g.Delta != 600 || *g.Percent != 0.6 || *g.PerDay != 14400 || !g.Since.Equal(t0) {
		t.Errorf("growth %+v", g)
	}
	if second.Disclosure.Disclosed || second.Latest.EngagementPerFollower != nil || second.Pull.Failures != 0 {
		t.Errorf("disclosure %+v per follower %v", second.Disclosure, second.Latest.EngagementPerFollower)
	}
	// The same run again (a retried delivery): the snapshot is offered, the item not.
	p.Latest = &second.Latest
	again := ApplyPost(p, pulled(1700, 90, 30, "#adventure"), t0.Add(time.Hour), t0.Add(time.Hour+time.Minute), req, social.Count{})
	if again.Fresh || again.Snapshot.At != t0.Add(time.Hour) {
		t.Errorf("retried run: fresh %v snapshot %+v", again.Fresh, again.Snapshot)
	}
}

func TestApplyPostKeepsRecentWindowAndFlagsViral(t *testing.T) {
	p := Post{}
	views := int64(10_000)
	for h := range 30 {
		gain := int64(500)
		if h == 29 {
			gain = 20_000
		}
		views += gain
		u := ApplyPost(p, pulled(views, 10, 1, ""), t0.Add(time.Duration(h)*time.Hour), t0.Add(time.Duration(h)*time.Hour), req, social.Count{})
		p.Latest, p.Recent = &u.Latest, u.Recent
	}
	if len(p.Recent.At) != RecentPoints || p.Recent.Views[RecentPoints-1] != views {
		t.Fatalf("recent holds %d points, last %d", len(p.Recent.At), p.Recent.Views[len(p.Recent.Views)-1])
	}
	if p.Latest.Momentum.State != "viral" || *p.Latest.Momentum.ViewsPerHour != 20_000 || *p.Latest.Momentum.BaselinePerHour != 500 {
		t.Errorf("momentum %+v", p.Latest.Momentum)
	}
}

func TestApplyPostTruncatesCaptionAndKeepsLabel(t *testing.T) {
	long := make([]rune, CaptionLimit+50)
	for i := range long {
		long[i] = 'é'
	}
	label := true
	got := pulled(10, 1, 0, string(long)+" #ad")
	got.PaidPartnership = &label
	u := ApplyPost(Post{}, got, t0, t0, disclosure.Requirement{AnyOf: []string{"#sponsored"}, AcceptPlatformLabel: true}, social.Count{})
	if n := len([]rune(u.Latest.Caption)); n != CaptionLimit+1 {
		t.Errorf("caption kept %d runes", n)
	}
	if !u.Disclosure.Disclosed || !u.Disclosure.ByLabel || u.Latest.PaidPartnership == nil {
		t.Errorf("the platform label discloses: %+v", u.Disclosure)
	}
}

func TestAttempted(t *testing.T) {
	s := PullState{}
	for run := range FailAfter {
		s = Attempted(s, "failed", "video gone", t0.Add(time.Duration(run)*time.Hour))
	}
	if s.Failures != FailAfter || s.RetryAt == nil || !s.RetryAt.Equal(t0.Add(time.Duration(FailAfter-1)*time.Hour+RetryFailing)) {
		t.Fatalf("after %d failures: %+v", FailAfter, s)
	}
	if !s.Waiting(t0.Add(10*time.Hour)) || s.Waiting(*s.RetryAt) {
		t.Error("a failing item waits until RetryAt, then is tried")
	}
	skipped := Attempted(s, "skipped", "no token", t0.Add(11*time.Hour))
	if skipped.Failures != FailAfter || skipped.RetryAt == nil {
		t.Errorf("a skip does not count as a failure nor clear the wait: %+v", skipped)
	}
	if !s.Changed(skipped) || skipped.Changed(Attempted(skipped, "skipped", "no token", t0.Add(12*time.Hour))) {
		t.Error("the same skip again is not news")
	}
}

func TestRosterFiguresAndRefresh(t *testing.T) {
	acct := func(p social.Platform, followers, posts, views, inter int64) Account {
		return Account{Platform: p, Latest: &ProfileSnapshot{Followers: i64(followers), RecentPosts: int(posts),
			RecentViews: i64(views), RecentInteractions: i64(inter)}}
	}
	noViews := Account{Platform: social.Instagram, Latest: &ProfileSnapshot{Followers: i64(30_000), RecentPosts: 30, RecentInteractions: i64(9000)}}
	cases := []struct {
		name      string
		handles   map[string]string
		accounts  []Account
		have      [3]float64 // followers, avgViews, engagement on the roster
		want      [3]float64
		changed   bool
		completes bool
	}{
		{
			name:     "every handle measured",
			handles:  map[string]string{"tiktok": "lena", "youtube": "lena"},
			accounts: []Account{acct(social.TikTok, 48_000, 30, 600_000, 60_000), acct(social.YouTube, 12_000, 10, 200_000, 20_000)},
			have:     [3]float64{50_000, 10_000, 0.05}, want: [3]float64{60_000, 20_000, 0.1}, changed: true, completes: true,
		},
		{
			name:     "a platform not measured keeps the typed followers",
			handles:  map[string]string{"tiktok": "lena", "instagram": "lena"},
			accounts: []Account{acct(social.TikTok, 48_000, 30, 600_000, 60_000)},
			have:     [3]float64{90_000, 20_000, 0.1}, want: [3]float64{90_000, 20_000, 0.1},
		},
		{
			name:     "small moves are not written",
			handles:  map[string]string{"tiktok": "lena"},
			accounts: []Account{acct(social.TikTok, 48_100, 30, 600_000, 60_000)},
			have:     [3]float64{48_000, 20_000, 0.1}, want: [3]float64{48_000, 20_000, 0.1}, completes: true,
		},
		{
			name:     "a tier boundary is always written",
			handles:  map[string]string{"tiktok": "lena"},
			accounts: []Account{acct(social.TikTok, 10_010, 30, 600_000, 60_000)},
			have:     [3]float64{9_990, 20_000, 0.1}, want: [3]float64{10_010, 20_000, 0.1}, changed: true, completes: true,
		},
		{
			name:     "no views leaves averages alone",
			handles:  map[string]string{"instagram": "lena"},
			accounts: []Account{noViews},
			have:     [3]float64{20_000, 7_000, 0.04}, want: [3]float64{30_000, 7_000, 0.04}, changed: true, completes: true,
		},
		{
			name:    "nothing measured",
			handles: map[string]string{"instagram": "lena"},
			have:    [3]float64{20_000, 7_000, 0.04}, want: [3]float64{20_000, 7_000, 0.04},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := RosterFigures(tc.handles, tc.accounts)
			if f.Complete != tc.completes {
				t.Errorf("complete %v", f.Complete)
			}
			fol, avg, eng, changed := f.Refresh(int64(tc.have[0]), int64(tc.have[1]), tc.have[2])
			if changed != tc.changed || fol != int64(tc.want[0]) || avg != int64(tc.want[1]) || eng != tc.want[2] {
				t.Errorf("refresh = %d %d %v %v, want %v changed %v", fol, avg, eng, changed, tc.want, tc.changed)
			}
		})
	}
}

func TestParsePost(t *testing.T) {
	camp := campaigns.Campaign{Status: "active"}
	member := campaigns.Member{CreatorID: "c", Handles: map[string]string{"tiktok": "lena.trails"}}
	cases := []struct {
		name      string
		campaign  campaigns.Campaign
		member    campaigns.Member
		in        PostInput
		platform  social.Platform
		id, link  string
		badFields []string
	}{
		{name: "youtube link", in: PostInput{URL: "https://youtu.be/nPkTrail001?si=x"}, platform: social.YouTube, id: "nPkTrail001", link: "https://youtu.be/nPkTrail001?si=x"},
		{name: "tiktok id, link made up", in: PostInput{Platform: "TikTok", PostID: "7334455667788990011"}, platform: social.TikTok, id: "7334455667788990011",
			link: "https://www.tiktok.com/@lena.trails/video/7334455667788990011"},
		{name: "instagram permalink and media id", in: PostInput{URL: "https://www.instagram.com/reel/C4xYz12AbCd/", PostID: "17895695668004550"},
			platform: social.Instagram, id: "17895695668004550", link: "https://www.instagram.com/reel/C4xYz12AbCd/"},
		{name: "instagram permalink alone", in: PostInput{URL: "https://www.instagram.com/reel/C4xYz12AbCd/"}, badFields: []string{"postId"}},
		{name: "nothing", badFields: []string{"url"}},
		{name: "not a post link", in: PostInput{URL: "https://example.com/watch?v=nPkTrail001"}, badFields: []string{"url"}},
		{name: "link and platform disagree", in: PostInput{URL: "https://youtu.be/nPkTrail001", Platform: "tiktok"}, badFields: []string{"platform"}},
		{name: "link and id disagree", in: PostInput{URL: "https://youtu.be/nPkTrail001", PostID: "nPkTrail002"}, badFields: []string{"postId"}},
		{name: "bad id", in: PostInput{Platform: "youtube", PostID: "short"}, badFields: []string{"postId"}},
		{name: "unknown platform", in: PostInput{Platform: "myspace", PostID: "1"}, badFields: []string{"platform"}},
		{name: "archived campaign, removed creator", campaign: campaigns.Campaign{Status: "archived"}, member: campaigns.Member{Archived: true},
			in: PostInput{URL: "https://youtu.be/nPkTrail001"}, badFields: []string{"campaign", "creatorId"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, m := camp, member
			if tc.campaign.Status != "" {
				c = tc.campaign
			}
			if tc.member.Archived {
				m = tc.member
			}
			p, id, link, err := parsePost(c, m, tc.in)
			if len(tc.badFields) > 0 {
				var ve *validate.Error
				if !errors.As(err, &ve) || len(ve.Fields) != len(tc.badFields) {
					t.Fatalf("want errors on %v, got %v", tc.badFields, err)
				}
				for i, f := range tc.badFields {
					if ve.Fields[i].Field != f {
						t.Errorf("error %d on %s, want %s", i, ve.Fields[i].Field, f)
					}
				}
				return
			}
			if err != nil || p != tc.platform || id != tc.id || link != tc.link {
				t.Errorf("= %q %q %q %v", p, id, link, err)
			}
		})
	}
}

func TestParseRange(t *testing.T) {
	cases := []struct {
		q     map[string]string
		want  Range
		field string
	}{
		{q: map[string]string{}, want: Range{Limit: DefaultLimit}},
		{q: map[string]string{"from": "2026-03-01", "to": "2026-03-02", "limit": "10"},
			want: Range{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 2, 23, 59, 59, 0, time.UTC), Limit: 10}},
		{q: map[string]string{"after": "2026-03-01T10:00:00Z"}, want: Range{After: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Limit: DefaultLimit}},
		{q: map[string]string{"from": "yesterday"}, field: "from"},
		{q: map[string]string{"limit": "0"}, field: "limit"},
		{q: map[string]string{"from": "2026-03-02", "to": "2026-03-01"}, field: "to"},
	}
	for _, tc := range cases {
		got, err := ParseRange(tc.q)
		if tc.field != "" {
			var ve *validate.Error
			if !errors.As(err, &ve) || ve.Fields[0].Field != tc.field {
				t.Errorf("%v: want an error on %s, got %v", tc.q, tc.field, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%v = %+v %v", tc.q, got, err)
		}
	}
}

func TestCheckAccountAndCredential(t *testing.T) {
	token := "act.1234567890abcdefghij"
	accounts := []struct {
		platform string
		in       AccountInput
		field    string
	}{
		{"youtube", AccountInput{AccountID: "UCLenaTrailsRuns2026abcd"}, ""},
		{"youtube", AccountInput{AccountID: "lena"}, "accountId"},
		{"youtube", AccountInput{AccountID: "UCLenaTrailsRuns2026abcd", AccessToken: token}, "accessToken"},
		{"tiktok", AccountInput{AccountID: "7f3c2a10-5b8e-4d1a-9e2f-lenatrails01", AccessToken: token}, ""},
		{"tiktok", AccountInput{AccountID: "7f3c2a10-5b8e-4d1a-9e2f-lenatrails01"}, "accessToken"},
		{"instagram", AccountInput{AccountID: "17841405309211844", AccessToken: token, Username: "lena.trails"}, ""},
		{"instagram", AccountInput{AccountID: "lena", AccessToken: token}, "accountId"},
		{"myspace", AccountInput{}, "platform"},
	}
	for _, tc := range accounts {
		assertField(t, tc.platform, CheckAccount(tc.platform, tc.in), tc.field)
	}
	creds := []struct {
		platform string
		in       CredentialInput
		field    string
	}{
		{"youtube", CredentialInput{APIKey: "AIzaSyA-0123456789abcdefghijklmnopqrs"}, ""},
		{"youtube", CredentialInput{APIKey: "short"}, "apiKey"},
		{"youtube", CredentialInput{APIKey: "AIzaSyA-0123456789abcdefghijklmnopqrs", DailyQuota: -1}, "dailyQuota"},
		{"instagram", CredentialInput{AccountID: "17841405309211844", AccessToken: token}, ""},
		{"instagram", CredentialInput{AccessToken: token}, "accountId"},
		{"tiktok", CredentialInput{AccessToken: token}, "platform"},
	}
	for _, tc := range creds {
		assertField(t, tc.platform, CheckCredential(tc.platform, tc.in), tc.field)
	}
}

func assertField(t *testing.T, name string, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	var ve *validate.Error
	if !errors.As(err, &ve) || ve.Fields[0].Field != field {
		t.Errorf("%s: want an error on %s, got %v", name, field, err)
	}
}
