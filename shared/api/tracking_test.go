package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// trackedPost is a post as the API answers it.
type trackedPost struct {
	tracking.Post
	Tracking string `json:"tracking"`
}

// TestTrackPostsAndReadTheirSeries tracks posts for a campaign's creator by link and by id,
// reads them back with their time series page by page, and stops one.
func TestTrackPostsAndReadTheirSeries(t *testing.T) {
	h := newHarness(t)
	f := newFixture(h, ana)
	W := p("ws", f.ws)
	h.must(201, ana, system.RouteMemberInvite, W, `{"email":"`+ben.email+`","role":"viewer"}`)
	h.must(200, ben, system.RouteWorkspaces, nil, "")
	C := p("ws", f.ws, "campaign", f.campaign)
	M := p("ws", f.ws, "campaign", f.campaign, "creator", f.creator)

	var yt trackedPost
	h.must(201, ana, system.RoutePostTrack, M, `{"url":"https://www.youtube.com/shorts/nPkTrail003"}`).decode(t, &yt)
	if yt.ID != "youtube-nPkTrail003" || yt.Platform != "youtube" || yt.PostID != "nPkTrail003" || yt.AddedBy != ana.email ||
		yt.Tracking != "waiting" || yt.Latest != nil {
		t.Fatalf("tracked post %+v", yt)
	}
	var ig trackedPost
	h.must(201, ana, system.RoutePostTrack, M, `{"platform":"instagram","postId":"17895695668004550","url":"https://www.instagram.com/reel/C4xYz12AbCd/"}`).decode(t, &ig)
	if ig.URL != "https://www.instagram.com/reel/C4xYz12AbCd/" {
		t.Fatalf("instagram post keeps its permalink: %+v", ig)
	}

	// Activating the campaign makes its posts pulled.
	var camp campaigns.Campaign
	h.must(200, ana, system.RouteCampaign, C, "").decode(t, &camp)
	h.must(200, ana, system.RouteCampaignUpdate, C, strings.Replace(campaignJSON, `"objective"`, `"status":"active","objective"`, 1),
		"if-match", fmt.Sprintf(`"%d"`, camp.Version))
	var all list[trackedPost]
	h.must(200, ben, system.RouteCampaignPosts, C, "").decode(t, &all)
	if len(all.Items) != 3 {
		t.Fatalf("campaign posts: %d, want the fixture's and two more", len(all.Items))
	}
	for _, post := range all.Items {
		if post.Tracking != "pulling" {
			t.Errorf("%s in an active campaign: %s", post.ID, post.Tracking)
		}
	}
	var mine list[trackedPost]
	h.must(200, ben, system.RouteMemberPosts, M, "").decode(t, &mine)
	h.must(200, ben, system.RouteCampaignPosts, C, "", "?", "creator=nosuchcreator000").decode(t, &all)
	if len(mine.Items) != 3 || len(all.Items) != 0 {
		t.Fatalf("member posts %d; another creator's %d", len(mine.Items), len(all.Items))
	}

	// The job writes snapshots keyed by run time; the API pages through them oldest first.
	post, err := h.table.Post(context.Background(), f.ws, f.campaign, f.creator, yt.ID)
	if err != nil {
		t.Fatal(err)
	}
	run := time.Date(2027, 1, 20, 10, 0, 0, 0, time.UTC)
	for i := range 5 {
		views := int64(1000 * (i + 1))
		s := tracking.Snapshot{At: run.Add(time.Duration(i) * time.Hour), PulledAt: run.Add(time.Duration(i)*time.Hour + time.Second),
			Counts: tracking.Counts{Views: &views}, Simulated: true}
		if _, err := h.table.PutPostSnapshot(context.Background(), post, s); err != nil {
			t.Fatal(err)
		}
	}
	P := p("ws", f.ws, "campaign", f.campaign, "creator", f.creator, "post", yt.ID)
	var page tracking.Page[tracking.Snapshot]
	h.must(200, ben, system.RoutePostSnapshots, P, "", "?", "limit=2").decode(t, &page)
	var views []int64
	for {
		for _, s := range page.Items {
			views = append(views, *s.Views)
			if !s.Simulated {
				t.Errorf("snapshot %v lost its simulated mark", s.At)
			}
		}
		if page.Next == "" {
			break
		}
		next := page.Next
		page = tracking.Page[tracking.Snapshot]{}
		h.must(200, ben, system.RoutePostSnapshots, P, "", "?", "limit=2&after="+next).decode(t, &page)
	}
	if fmt.Sprint(views) != "[1000 2000 3000 4000 5000]" {
		t.Fatalf("series %v", views)
	}
	h.must(200, ben, system.RoutePostSnapshots, P, "", "?", "from=2027-01-20T12:00:00Z&to=2027-01-20T13:00:00Z").decode(t, &page)
	if len(page.Items) != 2 || *page.Items[0].Views != 3000 || page.Next != "" {
		t.Fatalf("range: %+v", page)
	}
	h.must(422, ben, system.RoutePostSnapshots, P, "", "?", "from=soon")
	h.must(404, ben, system.RoutePostSnapshots, p("ws", f.ws, "campaign", f.campaign, "creator", f.creator, "post", "youtube-nosuchvideo"), "")

	// Stopping keeps the post and its series, out of the default list.
	var stopped trackedPost
	h.must(200, ana, system.RoutePostStop, P, "").decode(t, &stopped)
	h.must(200, ben, system.RouteMemberPosts, M, "").decode(t, &mine)
	if stopped.Tracking != "stopped" || stopped.StoppedAt == nil || len(mine.Items) != 2 {
		t.Fatalf("stopped %+v; %d listed", stopped, len(mine.Items))
	}
	h.must(200, ben, system.RouteMemberPosts, M, "", "?", "stopped=include").decode(t, &mine)
	h.must(200, ben, system.RoutePostSnapshots, P, "").decode(t, &page)
	if len(mine.Items) != 3 || len(page.Items) != 5 {
		t.Fatalf("with stopped: %d posts, %d snapshots", len(mine.Items), len(page.Items))
	}
	// Tracking it again resumes it with its history.
	var again trackedPost
	h.must(201, ana, system.RoutePostTrack, M, `{"url":"https://youtu.be/nPkTrail003"}`).decode(t, &again)
	if again.StoppedAt != nil || !again.AddedAt.Equal(yt.AddedAt) || again.Tracking != "pulling" {
		t.Fatalf("resumed %+v", again)
	}
	h.must(409, ana, system.RoutePostTrack, M, `{"url":"https://youtu.be/nPkTrail003"}`)
}

// TestCredentialsAreNeverReturned sets a workspace key and a creator's token, and checks no
// answer ever carries them.
func TestCredentialsAreNeverReturned(t *testing.T) {
	h := newHarness(t)
	f := newFixture(h, ana)
	W := p("ws", f.ws)
	const key, token = "AIzaSyB-9876543210zyxwvutsrqponmlkjih", "IGQVJ-secret-token-0123456789"
	var creds list[tracking.CredentialView]
	h.must(200, ana, system.RouteSocialCredential, p("ws", f.ws, "platform", "youtube"), `{"apiKey":"`+key+`","dailyQuota":50000}`)
	res := h.must(200, ana, system.RouteSocialCredentials, W, "")
	res.decode(t, &creds)
	if len(creds.Items) != 2 || !creds.Items[0].Configured || creds.Items[0].DailyQuota != 50000 || creds.Items[1].Configured {
		t.Fatalf("credentials %+v", creds.Items)
	}
	A := p("ws", f.ws, "creator", f.creator, "platform", "instagram")
	var acct tracking.AccountView
	connect := h.must(200, ana, system.RouteCreatorConnect, A, `{"accountId":"17841405309211844","accessToken":"`+token+`"}`)
	connect.decode(t, &acct)
	if !acct.HasToken || acct.Username != "" || acct.Status != "ok" {
		t.Fatalf("account %+v", acct)
	}
	var accounts list[tracking.AccountView]
	listed := h.must(200, ana, system.RouteCreatorAccounts, p("ws", f.ws, "creator", f.creator), "")
	listed.decode(t, &accounts)
	if len(accounts.Items) != 2 {
		t.Fatalf("accounts %+v", accounts.Items)
	}
	for _, body := range []string{res.body, connect.body, listed.body} {
		if strings.Contains(body, key) || strings.Contains(body, token) || strings.Contains(body, "sealed") {
			t.Fatalf("a secret came back: %s", body)
		}
	}
	var history tracking.Page[tracking.ProfileSnapshot]
	h.must(200, ana, system.RouteCreatorProfile, A, "").decode(t, &history)
	if len(history.Items) != 0 {
		t.Fatalf("history before any pull: %+v", history)
	}
	h.must(200, ana, system.RouteCreatorDisconnect, A, "")
	h.must(404, ana, system.RouteCreatorProfile, A, "")
	h.must(404, ana, system.RouteCreatorDisconnect, p("ws", f.ws, "creator", f.creator, "platform", "myspace"), "")
	h.must(200, ana, system.RouteSocialCredentialRemove, p("ws", f.ws, "platform", "youtube"), "").decode(t, &creds)
	if creds.Items[0].Configured {
		t.Fatalf("removed credential still configured: %+v", creds.Items[0])
	}
	h.must(404, ana, system.RouteSocialCredentialRemove, p("ws", f.ws, "platform", "youtube"), "")

	// Hashtags: listed, stopped, their series empty until the job pulls.
	C := p("ws", f.ws, "campaign", f.campaign)
	var tags list[struct {
		tracking.Hashtag
		Tracking string `json:"tracking"`
	}]
	h.must(200, ana, system.RouteHashtags, C, "").decode(t, &tags)
	if len(tags.Items) != 1 || tags.Items[0].Tag != "#trailchallenge" || tags.Items[0].Tracking != "waiting" {
		t.Fatalf("hashtags %+v", tags.Items)
	}
	T := p("ws", f.ws, "campaign", f.campaign, "hashtag", f.hashtag)
	var series tracking.Page[tracking.HashtagSnapshot]
	h.must(200, ana, system.RouteHashtagSnapshots, T, "").decode(t, &series)
	h.must(200, ana, system.RouteHashtagStop, T, "")
	h.must(200, ana, system.RouteHashtags, C, "").decode(t, &tags)
	if len(series.Items) != 0 || len(tags.Items) != 0 {
		t.Fatalf("after stop: %d tags, %d snapshots", len(tags.Items), len(series.Items))
	}
	h.must(201, ana, system.RouteHashtagTrack, C, `{"platform":"instagram","tag":"TrailChallenge"}`)
	h.must(409, ana, system.RouteHashtagTrack, C, `{"platform":"instagram","tag":"#trailchallenge"}`)
}
