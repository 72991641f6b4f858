package social

import (
	"context"
	"time"
)

// Hashtag is one reading of how a hashtag is used on a platform right now: a challenge's
// hashtag is measured as a whole, as a time series of these.
type Hashtag struct {
	Platform Platform `json:"platform"`
	// Tag is the hashtag without its #, lower-cased.
	Tag string `json:"tag"`
	// ID is the platform's id for the hashtag, where it has one.
	ID string `json:"id,omitempty"`
	// Posts is how many posts carrying the tag the platform listed within Window; Likes
	// and Comments add up their figures.
	Posts    int64         `json:"posts"`
	Likes    Count         `json:"likes"`
	Comments Count         `json:"comments"`
	Window   time.Duration `json:"window"`
	// Simulated marks data served by the replay provider.
	Simulated bool `json:"simulated,omitempty"`
}

// HashtagReader is implemented by providers that can read a hashtag's recent use. Not
// every platform offers it to an ordinary app, so it is separate from Provider.
type HashtagReader interface {
	// FetchHashtag reads the recent use of tag (without the #).
	FetchHashtag(ctx context.Context, tag string) (Hashtag, error)
}
