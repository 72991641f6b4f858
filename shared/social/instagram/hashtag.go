package instagram

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/internal/wire"
)

// HashtagWindow is how far back a hashtag's recent_media edge reaches.
const HashtagWindow = 24 * time.Hour

// MaxHashtagMedia bounds how many recent media a hashtag reading pages through (50 a
// page); a tag busier than that is reported as at least this many posts.
const MaxHashtagMedia = 250

const hashtagPageSize = 50

var _ social.HashtagReader = (*Client)(nil)

var hashtagName = regexp.MustCompile(`^[\p{L}\p{N}_]{1,100}$`)

// FetchHashtag reads a hashtag's use over the last 24 hours: its id from
// GET /ig_hashtag_search?user_id=<account>&q=<tag>, then the pages of
// GET /<hashtag-id>/recent_media, adding up posts, likes and comments. Both run as the
// account set with WithUserID, which may query 30 distinct hashtags in 7 days.
func (c *Client) FetchHashtag(ctx context.Context, tag string) (social.Hashtag, error) {
	const op = "GET ig_hashtag_search"
	tag = strings.ToLower(strings.TrimPrefix(tag, "#"))
	if !hashtagName.MatchString(tag) {
		return social.Hashtag{}, &social.Error{Kind: social.KindRejected, Platform: social.Instagram, Op: op,
			Message: fmt.Sprintf("%q is not a hashtag", tag)}
	}
	if c.userID == "" {
		return social.Hashtag{}, &social.Error{Kind: social.KindRejected, Platform: social.Instagram, Op: op,
			Message: "hashtag search needs the querying account's id (WithUserID)"}
	}
	var search struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := c.get(ctx, op, "/ig_hashtag_search", url.Values{"user_id": {c.userID}, "q": {tag}}, &search); err != nil {
		return social.Hashtag{}, err
	}
	if len(search.Data) == 0 || search.Data[0].ID == "" {
		return social.Hashtag{}, &social.Error{Kind: social.KindNotFound, Platform: social.Instagram, Op: op,
			Message: "no hashtag #" + tag}
	}
	h := social.Hashtag{Platform: social.Instagram, Tag: tag, ID: search.Data[0].ID, Window: HashtagWindow}
	since := c.now().Add(-HashtagWindow)
	after := ""
	for h.Posts < MaxHashtagMedia {
		q := url.Values{"user_id": {c.userID}, "fields": {"id,like_count,comments_count,timestamp"},
			"limit": {strconv.Itoa(hashtagPageSize)}}
		if after != "" {
			q.Set("after", after)
		}
		var page struct {
			Data   []media `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := c.get(ctx, "GET hashtag recent_media", "/"+h.ID+"/recent_media", q, &page); err != nil {
			return social.Hashtag{}, err
		}
		for _, m := range page.Data {
			if m.Timestamp != "" {
				t, err := time.Parse(timestampLayout, m.Timestamp)
				if err != nil {
					return social.Hashtag{}, wire.Malformed(social.Instagram, "GET hashtag recent_media", http.StatusOK, nil, fmt.Errorf("timestamp: %w", err))
				}
				if t.Before(since) {
					continue
				}
			}
			h.Posts++
			h.Likes = social.SumCounts(h.Likes, m.LikeCount.Count())
			h.Comments = social.SumCounts(h.Comments, m.CommentsCount.Count())
		}
		after = page.Paging.Cursors.After
		if page.Paging.Next == "" || after == "" || len(page.Data) == 0 {
			break
		}
	}
	return h, nil
}
