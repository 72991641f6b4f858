// Package tracking holds what Hypetrack measures on the social platforms for a campaign:
// the posts a marketer tracks for each creator, the campaign's hashtags, the creators'
// connected social accounts and the workspace's platform credentials, and the rules that
// turn each pulled figure into what is stored and shown (snapshots, latest values, growth,
// momentum, disclosure, roster figures).
//
// It imports no AWS type: shared/store keeps these values and shared/metricsjob fills them
// in on a schedule.
package tracking

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/social"
)

// Grace is how long after a campaign's last day its posts are still pulled: views keep
// coming for days after the last post, and the post-mortem needs them.
const Grace = 7 * 24 * time.Hour

// CaptionLimit is how much of a caption is kept on a post for display. The disclosure
// check reads the whole caption when it is pulled; storing 5,000 characters of a YouTube
// description every hour would only cost writes.
const CaptionLimit = 1000

// pulledStatuses are the campaign statuses whose items the job pulls. A draft has not
// started; an archived campaign is read-only for good.
var pulledStatuses = []string{"active", "paused", "completed"}

// Window says until when a campaign's items are pulled (the end of its last day plus
// Grace) and whether its status lets them be pulled now.
func Window(c campaigns.Campaign) (until time.Time, pulled bool) {
	end, err := time.Parse(time.DateOnly, c.EndDate)
	if err != nil {
		return time.Time{}, false
	}
	return end.Add(24*time.Hour + Grace).UTC(), slices.Contains(pulledStatuses, c.Status)
}

// Platforms lists the platforms Hypetrack reads, as their names are stored.
var Platforms = []string{string(social.YouTube), string(social.TikTok), string(social.Instagram)}

// ItemID names a tracked post or hashtag in paths and keys: the platform, a dash and the
// platform's own id ("youtube-nPkTrail001", "instagram-trailchallenge"). Platform names hold
// no dash, so the first dash splits it back.
func ItemID(p social.Platform, id string) string { return string(p) + "-" + id }

// ParseItemID splits an ItemID; ok is false when it names no known platform.
func ParseItemID(s string) (social.Platform, string, bool) {
	p, id, found := strings.Cut(s, "-")
	if !found || id == "" || !slices.Contains(Platforms, p) || len(s) > 200 {
		return "", "", false
	}
	return social.Platform(p), id, true
}

var postIDs = map[social.Platform]*regexp.Regexp{
	social.YouTube:   regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`),
	social.TikTok:    regexp.MustCompile(`^[0-9]{8,25}$`),
	social.Instagram: regexp.MustCompile(`^[0-9]{5,30}$`),
}

// ValidPostID reports whether id has the shape of a post id on p: an 11-character YouTube
// video id, a numeric TikTok video id or a numeric Instagram media id.
func ValidPostID(p social.Platform, id string) bool {
	re, ok := postIDs[p]
	return ok && re.MatchString(id)
}

// Counts are a post's public figures. A figure the platform does not expose is nil
// (null in the API, "n/a" on screen), never 0.
type Counts struct {
	Views    *int64 `json:"views"`
	Likes    *int64 `json:"likes"`
	Comments *int64 `json:"comments"`
	Shares   *int64 `json:"shares"`
	Saves    *int64 `json:"saves"`
	// Reach is unique accounts reached, where the platform reports it (Instagram).
	Reach *int64 `json:"reach"`
}

func countsOf(p social.Post) Counts {
	return Counts{Views: ptr(p.Views), Likes: ptr(p.Likes), Comments: ptr(p.Comments), Shares: ptr(p.Shares),
		Saves: ptr(p.Saves), Reach: ptr(p.Reach)}
}

func ptr(c social.Count) *int64 {
	if !c.Valid {
		return nil
	}
	v := c.Value
	return &v
}

func count(p *int64) social.Count {
	if p == nil {
		return social.Count{}
	}
	return social.Known(*p)
}

// Post is a post the marketer tracks for a creator in a campaign, with what the last pull
// found.
type Post struct {
	// ID is the ItemID: platform and the platform's post id.
	ID          string          `json:"id"`
	WorkspaceID string          `json:"workspaceId"`
	CampaignID  string          `json:"campaignId"`
	CreatorID   string          `json:"creatorId"`
	Platform    social.Platform `json:"platform"`
	// PostID is the platform's id: a YouTube video id, a TikTok video id, an Instagram
	// media id.
	PostID  string    `json:"postId"`
	URL     string    `json:"url"`
	AddedAt time.Time `json:"addedAt"`
	AddedBy string    `json:"addedBy"`
	// StoppedAt is when a marketer stopped tracking it; its snapshots stay.
	StoppedAt *time.Time `json:"stoppedAt,omitempty"`
	// Latest, Disclosure and Recent are written by the job; nil until the first pull.
	Latest     *Latest     `json:"latest"`
	Disclosure *Disclosure `json:"disclosure"`
	Pull       PullState   `json:"pull"`
	// Recent keeps the last RecentPoints view counts, so growth and momentum are derived
	// without reading the time series back every run.
	Recent Recent `json:"recent"`
}

// Latest is a post's most recent pull and what it means.
type Latest struct {
	// At is the scheduled time of the run that pulled it (the snapshot's key).
	At time.Time `json:"at"`
	// PulledAt is when the platform answered; growth and momentum are measured on it.
	PulledAt time.Time `json:"pulledAt"`
	Counts
	Caption     string     `json:"caption"`
	PublishedAt *time.Time `json:"publishedAt"`
	// PaidPartnership is the platform's own label, where it exposes it.
	PaidPartnership *bool `json:"paidPartnership"`
	// EngagementRate is (likes + comments + shares) / views; per follower divides by the
	// creator's followers on that platform instead.
	EngagementRate        *float64 `json:"engagementRate"`
	EngagementPerFollower *float64 `json:"engagementPerFollower"`
	// Growth is the change in views since the previous pull.
	Growth   Growth   `json:"growth"`
	Momentum Momentum `json:"momentum"`
	// Simulated marks figures served by the replay provider (local stack, demo).
	Simulated bool `json:"simulated"`
}

// Growth is how a figure moved since the previous pull.
type Growth struct {
	Delta *int64 `json:"delta"`
	// Percent is Delta over the previous value, as a fraction (0.25 is 25 %).
	Percent *float64 `json:"percent"`
	// PerDay is Delta per 24 hours elapsed.
	PerDay *float64 `json:"perDay"`
	// Since is when the previous value was pulled.
	Since *time.Time `json:"since"`
}

// Momentum is a post's trend: "viral", "fading", "steady" or "no data".
type Momentum struct {
	State           string   `json:"state"`
	ViewsPerHour    *float64 `json:"viewsPerHour"`
	BaselinePerHour *float64 `json:"baselinePerHour"`
}

// Disclosure is the result of checking a post's caption for the campaign's disclosure.
type Disclosure struct {
	Disclosed bool `json:"disclosed"`
	// Required are the tags the campaign asked for when the post was checked (any one
	// of them discloses).
	Required []string `json:"required"`
	// Found are the required tags the caption carries.
	Found []string `json:"found"`
	// ByLabel is true when the platform's paid-partnership label stood in for a tag.
	ByLabel bool `json:"byLabel"`
	// PlatformLabel is the platform's label as pulled; nil when it is not exposed.
	PlatformLabel *bool     `json:"platformLabel"`
	CheckedAt     time.Time `json:"checkedAt"`
}

// PullState is how the last attempt to pull an item went.
type PullState struct {
	// Status is "" before the first run, else pulled, failed, skipped or deferred.
	Status string `json:"status"`
	// Reason says why an attempt did not pull; it never holds a credential.
	Reason string `json:"reason,omitempty"`
	// At is the scheduled time of the run that last tried.
	At *time.Time `json:"at,omitempty"`
	// Failures counts failed runs in a row.
	Failures int `json:"failures"`
	// RetryAt is set once Failures reaches FailAfter: the item is skipped until then.
	RetryAt *time.Time `json:"retryAt,omitempty"`
}

// Recent is a short view-count series, oldest first, in two parallel lists so it stays a
// few hundred bytes on the item.
type Recent struct {
	// At holds Unix seconds of each pull.
	At    []int64 `json:"at"`
	Views []int64 `json:"views"`
}

// Snapshot is one pull of a post, one per run: the post's time series.
type Snapshot struct {
	// At is the run's scheduled time: a retried run has the same one, so it cannot add a
	// second snapshot.
	At       time.Time `json:"at"`
	PulledAt time.Time `json:"pulledAt"`
	Counts
	Simulated bool `json:"simulated"`
}

// Hashtag is a hashtag a campaign tracks as a whole on one platform: how many recent posts
// carry it and how much they are liked and discussed, as a time series.
type Hashtag struct {
	// ID is the ItemID: platform and the tag without its #.
	ID          string          `json:"id"`
	WorkspaceID string          `json:"workspaceId"`
	CampaignID  string          `json:"campaignId"`
	Platform    social.Platform `json:"platform"`
	// Tag is the normalised hashtag, "#trailchallenge".
	Tag       string           `json:"tag"`
	AddedAt   time.Time        `json:"addedAt"`
	AddedBy   string           `json:"addedBy"`
	StoppedAt *time.Time       `json:"stoppedAt,omitempty"`
	Latest    *HashtagSnapshot `json:"latest"`
	Pull      PullState        `json:"pull"`
}

// HashtagSnapshot is one pull of a hashtag.
type HashtagSnapshot struct {
	At       time.Time `json:"at"`
	PulledAt time.Time `json:"pulledAt"`
	// Posts is how many posts carrying the tag the platform listed in its recent window
	// (Instagram: the last 24 hours), Likes and Comments their sums.
	Posts    int64  `json:"posts"`
	Likes    *int64 `json:"likes"`
	Comments *int64 `json:"comments"`
	// Window is the platform's recent window in hours.
	WindowHours int  `json:"windowHours"`
	Simulated   bool `json:"simulated"`
}

// TargetKind says what an index entry asks the job to pull.
type TargetKind string

// The kinds of pull target.
const (
	// PostTarget pulls one tracked post.
	PostTarget TargetKind = "post"
	// MemberTarget pulls the profiles of a creator with a tracked post in the campaign.
	MemberTarget TargetKind = "member"
	// HashtagTarget pulls one tracked hashtag.
	HashtagTarget TargetKind = "hashtag"
)

// Target is an entry in the index the job reads to find its work: written when something
// is tracked, it lives until the campaign's window closes.
type Target struct {
	Kind        TargetKind `json:"kind"`
	WorkspaceID string     `json:"workspaceId"`
	CampaignID  string     `json:"campaignId"`
	// CreatorID is set for posts and members.
	CreatorID string `json:"creatorId,omitempty"`
	// ItemID names the post or hashtag.
	ItemID string `json:"itemId,omitempty"`
	// Until is the end of the campaign's window when the entry was written.
	Until time.Time `json:"until"`
}

// String names the target for logs.
func (t Target) String() string {
	return fmt.Sprintf("%s %s/%s/%s/%s", t.Kind, t.WorkspaceID, t.CampaignID, t.CreatorID, t.ItemID)
}

// PostTargets are the index entries of a tracked post: the post, and its creator's member
// entry so their profiles are pulled while the campaign runs.
func PostTargets(p Post, until time.Time) []Target {
	return []Target{
		{Kind: PostTarget, WorkspaceID: p.WorkspaceID, CampaignID: p.CampaignID, CreatorID: p.CreatorID, ItemID: p.ID, Until: until},
		{Kind: MemberTarget, WorkspaceID: p.WorkspaceID, CampaignID: p.CampaignID, CreatorID: p.CreatorID, Until: until},
	}
}

// Key names the item a target points at, unique within the table: workspace, campaign,
// creator and item.
func (t Target) Key() string {
	return t.WorkspaceID + "/" + t.CampaignID + "/" + t.CreatorID + "/" + t.ItemID
}

// Key is the Key of the post's target.
func (p Post) Key() string {
	return p.WorkspaceID + "/" + p.CampaignID + "/" + p.CreatorID + "/" + p.ID
}

// Key is the Key of the hashtag's target.
func (h Hashtag) Key() string { return h.WorkspaceID + "/" + h.CampaignID + "//" + h.ID }

// CreatorRef names a creator of a workspace.
type CreatorRef struct {
	WorkspaceID string
	CreatorID   string
}

// Quota is how much of a platform's daily quota a workspace's credential spent on one day.
type Quota struct {
	Used int `json:"used"`
	// ExhaustedUntil is set when the platform said the quota is spent: when it refills.
	ExhaustedUntil *time.Time `json:"exhaustedUntil,omitempty"`
}
