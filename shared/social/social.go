// Package social describes what Hypetrack reads from social platforms: the public figures of
// a post and of a creator's profile, the Provider interface the scheduled metrics job calls,
// and the typed errors it acts on.
//
// The real clients live in the sub-packages youtube, tiktok and instagram; the replay
// sub-package serves recorded responses through those same clients for the local stack and
// the demo. Nothing here imports AWS or Lambda types, so the job's logic is tested without
// them.
package social

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// Platform names a social platform. Its values are stored with snapshots, so they never
// change once released.
type Platform string

// The platforms Hypetrack pulls from.
const (
	YouTube   Platform = "youtube"
	TikTok    Platform = "tiktok"
	Instagram Platform = "instagram"
)

// Count is a platform figure that may be missing. Platforms differ in what they expose
// (YouTube has no share count, TikTok's Display API no saves, a creator may hide likes),
// and "not exposed" must never be read as zero: an engagement rate over a missing figure
// is "no data", not 0 %.
type Count struct {
	Value int64
	Valid bool
}

// Known returns a Count holding v.
func Known(v int64) Count { return Count{Value: v, Valid: true} }

// Get returns the value and whether the platform exposed it.
func (c Count) Get() (int64, bool) { return c.Value, c.Valid }

// String renders the value, or "n/a" when the platform did not expose it.
func (c Count) String() string {
	if !c.Valid {
		return "n/a"
	}
	return strconv.FormatInt(c.Value, 10)
}

// MarshalJSON writes the value, or null when the platform did not expose it.
func (c Count) MarshalJSON() ([]byte, error) {
	if !c.Valid {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, c.Value, 10), nil
}

// UnmarshalJSON reads a number, or null for a missing figure.
func (c *Count) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*c = Count{}
		return nil
	}
	var v int64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Known(v)
	return nil
}

// Post is one pull of a post's public figures.
type Post struct {
	Platform Platform `json:"platform"`
	// ID is the platform's own id: a YouTube video id, a TikTok video id, an Instagram
	// media id.
	ID  string `json:"id"`
	URL string `json:"url,omitempty"`
	// Caption is the text the disclosure check reads: YouTube's title and description,
	// TikTok's video description, Instagram's caption.
	Caption     string    `json:"caption"`
	PublishedAt time.Time `json:"publishedAt"`

	Views    Count `json:"views"`
	Likes    Count `json:"likes"`
	Comments Count `json:"comments"`
	Shares   Count `json:"shares"`
	Saves    Count `json:"saves"`
	// Reach is the number of unique accounts that saw the post, where the platform
	// reports it (Instagram insights).
	Reach Count `json:"reach"`

	// PaidPartnership is the platform's own paid-partnership label; nil when the platform
	// does not expose it to the reader (none of the three does for a non-owner today).
	PaidPartnership *bool `json:"paidPartnership,omitempty"`
	// Simulated marks data served by the replay provider, so the UI can say so.
	Simulated bool `json:"simulated,omitempty"`
}

// Interactions is likes + comments + shares over the figures the platform exposed; it is
// missing only when none of them is exposed.
func (p Post) Interactions() Count { return SumCounts(p.Likes, p.Comments, p.Shares) }

// Profile is one pull of a creator's public profile figures.
type Profile struct {
	Platform Platform `json:"platform"`
	// ID is how the platform names the account: a YouTube channel id, a TikTok open_id, an
	// Instagram user id.
	ID          string `json:"id"`
	Handle      string `json:"handle,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	URL         string `json:"url,omitempty"`

	Followers  Count `json:"followers"`
	MediaCount Count `json:"mediaCount"`
	// TotalLikes is the likes the account has collected over all posts (TikTok).
	TotalLikes Count `json:"totalLikes"`

	// RecentPosts is how many of the latest posts RecentViews and RecentInteractions add
	// up; marketers judge a creator on roughly the last 30.
	RecentPosts        int   `json:"recentPosts"`
	RecentViews        Count `json:"recentViews"`
	RecentInteractions Count `json:"recentInteractions"`

	// Simulated marks data served by the replay provider.
	Simulated bool `json:"simulated,omitempty"`
}

// AvgViews is the mean views of the recent posts, or missing when no post carried views.
func (p Profile) AvgViews() Count { return average(p.RecentViews, p.RecentPosts) }

// AvgInteractions is the mean likes + comments + shares of the recent posts.
func (p Profile) AvgInteractions() Count { return average(p.RecentInteractions, p.RecentPosts) }

func average(sum Count, n int) Count {
	if !sum.Valid || n <= 0 {
		return Count{}
	}
	return Known((sum.Value + int64(n)/2) / int64(n))
}

// SumCounts adds the exposed counts; the sum is missing only when every count is.
func SumCounts(cs ...Count) Count {
	var sum Count
	for _, c := range cs {
		if c.Valid {
			sum = Known(sum.Value + c.Value)
		}
	}
	return sum
}

// PostResult is the outcome for one requested post id: the post, or a per-item error such
// as ErrNotFound for a deleted or private post.
type PostResult struct {
	ID   string
	Post Post
	Err  error
}

// Provider is what the metrics job calls to read one platform with one credential (an API
// key, or a creator's authorised token). An error returned by a method applies to the whole
// call (credentials, quota, rate limit, outage); per-post problems travel in PostResult.Err.
type Provider interface {
	// Platform names the platform the provider reads.
	Platform() Platform
	// MaxBatch is the most post ids one FetchPosts call accepts.
	MaxBatch() int
	// FetchPosts reads up to MaxBatch posts and returns one result per requested id, in
	// request order.
	FetchPosts(ctx context.Context, ids []string) ([]PostResult, error)
	// FetchProfile reads a creator's profile: a YouTube channel id, the TikTok open_id the
	// provider's token belongs to, or an Instagram username.
	FetchProfile(ctx context.Context, id string) (Profile, error)
}

// CallKind says which Provider method a call is.
type CallKind int

// The calls a provider answers.
const (
	PostsCall CallKind = iota
	ProfileCall
	// HashtagCall is a HashtagReader's FetchHashtag.
	HashtagCall
)

// Coster is implemented by providers whose calls cost more than one platform request, so a
// puller can draw the right number of rate-limit tokens (an Instagram post is two requests;
// a YouTube profile is three or more).
type Coster interface {
	// Requests is how many platform requests a call of kind over n ids makes.
	Requests(kind CallKind, n int) int
}

// Chunk splits ids into batches of at most size, in order.
func Chunk(ids []string, size int) [][]string {
	if size <= 0 {
		size = 1
	}
	var out [][]string
	for len(ids) > 0 {
		n := min(size, len(ids))
		out = append(out, ids[:n:n])
		ids = ids[n:]
	}
	return out
}
