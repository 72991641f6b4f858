package instagram

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

func TestFetchHashtag(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	recent := func(i int, hoursAgo int) string {
		ts := now.Add(-time.Duration(hoursAgo) * time.Hour).Format(timestampLayout)
		return fmt.Sprintf(`{"id":"1790000000000%04d","like_count":%d,"comments_count":2,"timestamp":%q}`, i, 10*i, ts)
	}
	cases := []struct {
		name     string
		handler  http.HandlerFunc
		tag      string
		want     social.Hashtag
		wantKind social.Kind
	}{
		{
			name: "two pages, old media left out",
			tag:  "#TrailChallenge",
			handler: func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				if q.Get("user_id") != "17841405309211844" {
					t.Errorf("user_id %q", q.Get("user_id"))
				}
				switch r.URL.Path {
				case "/v25.0/ig_hashtag_search":
					if q.Get("q") != "trailchallenge" {
						t.Errorf("q %q", q.Get("q"))
					}
					fmt.Fprint(w, `{"data":[{"id":"17843857450040591"}]}`)
				case "/v25.0/17843857450040591/recent_media":
					if q.Get("after") == "" {
						fmt.Fprintf(w, `{"data":[%s,%s],"paging":{"cursors":{"after":"QVFIUm"},"next":"https://graph.facebook.com/v25.0/17843857450040591/recent_media?after=QVFIUm"}}`, recent(1, 1), recent(2, 3))
						return
					}
					fmt.Fprintf(w, `{"data":[%s,%s],"paging":{"cursors":{"after":"QVFIUn"}}}`, recent(3, 20), recent(4, 30))
				default:
					t.Errorf("unexpected %s", r.URL.Path)
				}
			},
			want: social.Hashtag{Platform: social.Instagram, Tag: "trailchallenge", ID: "17843857450040591", Posts: 3,
				Likes: social.Known(60), Comments: social.Known(6), Window: HashtagWindow},
		},
		{
			name: "unknown tag",
			tag:  "nosuchtag",
			handler: func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `{"data":[]}`)
			},
			wantKind: social.KindNotFound,
		},
		{
			name: "too many hashtags searched",
			tag:  "trailchallenge",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(400)
				fmt.Fprint(w, graphErrorBody(4, 0, "OAuthException", "(#4) Application request limit reached"))
			},
			wantKind: social.KindRateLimited,
		},
		{
			name: "not a hashtag",
			tag:  "two words",
			handler: func(w http.ResponseWriter, r *http.Request) {
				t.Error("an invalid tag must not be sent")
			},
			wantKind: social.KindRejected,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := newServer(t, tc.handler)
			c := New(testToken, WithBaseURL(srv.URL), WithUserID("17841405309211844"), WithClock(func() time.Time { return now }))
			got, err := c.FetchHashtag(context.Background(), tc.tag)
			if tc.wantKind != social.KindUnknown {
				if social.KindOf(err) != tc.wantKind {
					t.Fatalf("error %v, want kind %v", err, tc.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
