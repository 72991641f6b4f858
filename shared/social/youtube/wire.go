package youtube

import (
	"fmt"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/internal/wire"
)

// The response shapes below are the documented resources, reduced to the fields we read.

type videoListResponse struct {
	Kind          string  `json:"kind"`
	NextPageToken string  `json:"nextPageToken"`
	Items         []video `json:"items"`
}

type video struct {
	ID      string `json:"id"`
	Snippet struct {
		PublishedAt  string `json:"publishedAt"`
		ChannelID    string `json:"channelId"`
		Title        string `json:"title"`
		Description  string `json:"description"`
		ChannelTitle string `json:"channelTitle"`
	} `json:"snippet"`
	Statistics struct {
		ViewCount    wire.Int64 `json:"viewCount"`
		LikeCount    wire.Int64 `json:"likeCount"`
		CommentCount wire.Int64 `json:"commentCount"`
	} `json:"statistics"`
	// PaidProductPlacementDetails is returned only to the video's owner; with an API key it
	// stays absent and the label is unknown.
	PaidProductPlacementDetails *struct {
		HasPaidProductPlacement *bool `json:"hasPaidProductPlacement"`
	} `json:"paidProductPlacementDetails"`
}

func (v video) post() (social.Post, error) {
	p := social.Post{
		Platform: social.YouTube,
		ID:       v.ID,
		URL:      "https://www.youtube.com/watch?v=" + v.ID,
		Caption:  v.Snippet.Title,
		Views:    v.Statistics.ViewCount.Count(),
		// likeCount is absent when the owner hides it; commentCount when comments are off.
		Likes:    v.Statistics.LikeCount.Count(),
		Comments: v.Statistics.CommentCount.Count(),
	}
	if v.Snippet.Description != "" {
		p.Caption += "\n\n" + v.Snippet.Description
	}
	if v.Snippet.PublishedAt != "" {
		t, err := time.Parse(time.RFC3339, v.Snippet.PublishedAt)
		if err != nil {
			return social.Post{}, fmt.Errorf("video %s publishedAt: %w", v.ID, err)
		}
		p.PublishedAt = t
	}
	if d := v.PaidProductPlacementDetails; d != nil && d.HasPaidProductPlacement != nil {
		flag := *d.HasPaidProductPlacement
		p.PaidPartnership = &flag
	}
	return p, nil
}

type channelListResponse struct {
	Items []struct {
		ID      string `json:"id"`
		Snippet struct {
			Title     string `json:"title"`
			CustomURL string `json:"customUrl"`
		} `json:"snippet"`
		Statistics struct {
			ViewCount             wire.Int64 `json:"viewCount"`
			SubscriberCount       wire.Int64 `json:"subscriberCount"`
			HiddenSubscriberCount bool       `json:"hiddenSubscriberCount"`
			VideoCount            wire.Int64 `json:"videoCount"`
		} `json:"statistics"`
		ContentDetails struct {
			RelatedPlaylists struct {
				Uploads string `json:"uploads"`
			} `json:"relatedPlaylists"`
		} `json:"contentDetails"`
	} `json:"items"`
}

type playlistItemListResponse struct {
	NextPageToken string `json:"nextPageToken"`
	Items         []struct {
		ContentDetails struct {
			VideoID          string `json:"videoId"`
			VideoPublishedAt string `json:"videoPublishedAt"`
		} `json:"contentDetails"`
	} `json:"items"`
}

// errorResponse is Google's error envelope:
// {"error":{"code":403,"message":"...","errors":[{"domain":"youtube.quota","reason":"quotaExceeded"}],
// "status":"PERMISSION_DENIED","details":[{"@type":"...ErrorInfo","reason":"API_KEY_INVALID"}]}}
type errorResponse struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Errors  []struct {
			Domain string `json:"domain"`
			Reason string `json:"reason"`
		} `json:"errors"`
		Details []struct {
			Type   string `json:"@type"`
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

func (e errorResponse) reasons() []string {
	var rs []string
	for _, x := range e.Error.Errors {
		if x.Reason != "" {
			rs = append(rs, x.Reason)
		}
	}
	for _, d := range e.Error.Details {
		if d.Reason != "" {
			rs = append(rs, d.Reason)
		}
	}
	return rs
}
