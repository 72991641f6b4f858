package metricsjob_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/metricsjob"
	"github.com/hypetrack/hypetrack/shared/social"
)

// platforms is a fake of YouTube, TikTok and Instagram that answers in their documented
// shapes. Every read of a post adds viewStep views, so runs show growth. Failures are
// switched on per id, token or call count.
type platforms struct {
	srv      *httptest.Server
	latency  time.Duration
	viewStep int64

	mu sync.Mutex
	// gone posts answer as deleted; revoked tokens answer 401.
	gone    map[string]bool
	revoked map[string]bool
	// quotaAfter makes YouTube answer quotaExceeded after that many calls (0: never).
	quotaAfter int
	ytCalls    int
	reads      map[string]int
	requested  map[string]int
	calls      int
	followers  int64
}

func newPlatforms(tb testing.TB, latency time.Duration) *platforms {
	f := &platforms{latency: latency, viewStep: 100, gone: map[string]bool{}, revoked: map[string]bool{},
		reads: map[string]int{}, requested: map[string]int{}, followers: 12_000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	tb.Cleanup(f.srv.Close)
	return f
}

// providers points the real clients at the fake.
func (f *platforms) providers() metricsjob.Live {
	live := metricsjob.NewLive()
	live.BaseURLs = map[social.Platform]string{
		social.YouTube: f.srv.URL + "/youtube/v3", social.TikTok: f.srv.URL, social.Instagram: f.srv.URL}
	return live
}

func (f *platforms) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *platforms) timesRequested(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requested[id]
}

func (f *platforms) set(change func(*platforms)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

// read counts a read of a post and returns its views.
func (f *platforms) read(id string) (views int64, gone bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requested[id]++
	if f.gone[id] {
		return 0, true
	}
	f.reads[id]++
	return 1000 + f.viewStep*int64(f.reads[id]), false
}

// caption discloses unless the id says otherwise.
func caption(id string) string {
	if strings.Contains(id, "nodis") {
		return "Weekend #adventure in the new kit"
	}
	return "New trail shoes with @northpeak #ad"
}

func (f *platforms) serve(w http.ResponseWriter, r *http.Request) {
	if f.latency > 0 {
		time.Sleep(f.latency)
	}
	f.mu.Lock()
	f.calls++
	followers := f.followers
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	q := r.URL.Query()
	switch {
	case strings.HasPrefix(r.URL.Path, "/youtube/v3/"):
		f.youtube(w, r, q)
	case strings.HasPrefix(r.URL.Path, "/v2/"):
		f.tiktok(w, r, followers)
	case strings.HasPrefix(r.URL.Path, "/v25.0/"):
		f.instagram(w, r, q, followers)
	default:
		w.WriteHeader(404)
	}
}

func (f *platforms) youtube(w http.ResponseWriter, r *http.Request, q map[string][]string) {
	f.mu.Lock()
	f.ytCalls++
	exceeded := f.quotaAfter > 0 && f.ytCalls > f.quotaAfter
	f.mu.Unlock()
	if exceeded {
		w.WriteHeader(403)
		fmt.Fprint(w, `{"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.","errors":[{"message":"quota","domain":"youtube.quota","reason":"quotaExceeded"}]}}`)
		return
	}
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	switch r.URL.Path {
	case "/youtube/v3/videos":
		var items []string
		for _, id := range strings.Split(get("id"), ",") {
			if strings.HasPrefix(id, "up") {
				items = append(items, fmt.Sprintf(`{"kind":"youtube#video","id":%q,"statistics":{"viewCount":"9000","likeCount":"300","commentCount":"30"}}`, id))
				continue
			}
			views, gone := f.read(id)
			if gone {
				continue
			}
			items = append(items, fmt.Sprintf(`{"kind":"youtube#video","id":%q,"snippet":{"publishedAt":"2026-11-01T10:00:00Z","title":"Trail video","description":%q},"statistics":{"viewCount":"%d","likeCount":"%d","commentCount":"12"}}`,
				id, caption(id), views, views/20))
		}
		fmt.Fprintf(w, `{"kind":"youtube#videoListResponse","items":[%s],"pageInfo":{"totalResults":%d,"resultsPerPage":%d}}`, strings.Join(items, ","), len(items), len(items))
	case "/youtube/v3/channels":
		id := get("id")
		fmt.Fprintf(w, `{"kind":"youtube#channelListResponse","items":[{"id":%q,"snippet":{"title":"Lena Trails","customUrl":"@lenatrails"},"statistics":{"viewCount":"500000","subscriberCount":"12000","hiddenSubscriberCount":false,"videoCount":"40"},"contentDetails":{"relatedPlaylists":{"uploads":"UU%s"}}}]}`, id, id[2:])
	case "/youtube/v3/playlistItems":
		fmt.Fprint(w, `{"kind":"youtube#playlistItemListResponse","items":[{"contentDetails":{"videoId":"up000000001"}},{"contentDetails":{"videoId":"up000000002"}},{"contentDetails":{"videoId":"up000000003"}}],"pageInfo":{"totalResults":3,"resultsPerPage":50}}`)
	default:
		w.WriteHeader(404)
	}
}

func tiktokOK(w http.ResponseWriter, data string) {
	fmt.Fprintf(w, `{"data":%s,"error":{"code":"ok","message":"","log_id":"L1"}}`, data)
}

func (f *platforms) tiktok(w http.ResponseWriter, r *http.Request, followers int64) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	revoked := f.revoked[token]
	f.mu.Unlock()
	if revoked {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"data":{},"error":{"code":"access_token_invalid","message":"The access token is invalid or not found in the request.","log_id":"L2"}}`)
		return
	}
	var body struct {
		Filters struct {
			VideoIDs []string `json:"video_ids"`
		} `json:"filters"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	switch r.URL.Path {
	case "/v2/video/query/":
		var vs []string
		for _, id := range body.Filters.VideoIDs {
			views, gone := f.read(id)
			if gone {
				continue
			}
			vs = append(vs, fmt.Sprintf(`{"id":%q,"create_time":1793000000,"video_description":%q,"view_count":%d,"like_count":%d,"comment_count":20,"share_count":9}`,
				id, caption(id), views, views/10))
		}
		tiktokOK(w, fmt.Sprintf(`{"videos":[%s],"cursor":0,"has_more":false}`, strings.Join(vs, ",")))
	case "/v2/user/info/":
		openID := strings.TrimPrefix(token, "tok-")
		tiktokOK(w, fmt.Sprintf(`{"user":{"open_id":%q,"display_name":"Creator","follower_count":%d,"likes_count":90000,"video_count":120}}`, openID, followers*4))
	case "/v2/video/list/":
		tiktokOK(w, `{"videos":[{"id":"1","create_time":1793000000,"view_count":20000,"like_count":2000,"comment_count":100,"share_count":50},{"id":"2","create_time":1792900000,"view_count":10000,"like_count":800,"comment_count":60,"share_count":20}],"cursor":1792900000000,"has_more":false}`)
	default:
		w.WriteHeader(404)
	}
}

func (f *platforms) instagram(w http.ResponseWriter, r *http.Request, q map[string][]string, followers int64) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f.mu.Lock()
	revoked := f.revoked[get("access_token")]
	f.mu.Unlock()
	if revoked {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"T1"}}`)
		return
	}
	segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/v25.0/"), "/")
	switch {
	case segs[0] == "ig_hashtag_search":
		fmt.Fprint(w, `{"data":[{"id":"17843857450040591"}]}`)
	case len(segs) == 2 && segs[1] == "recent_media":
		now := time.Now().UTC().Format("2006-01-02T15:04:05-0700")
		fmt.Fprintf(w, `{"data":[{"id":"1","like_count":40,"comments_count":4,"timestamp":%q},{"id":"2","like_count":60,"comments_count":6,"timestamp":%q}]}`, now, now)
	case len(segs) == 2 && segs[1] == "insights":
		views, _ := f.read(segs[0] + "/insights")
		fmt.Fprintf(w, `{"data":[{"name":"views","period":"lifetime","values":[{"value":%d}]},{"name":"reach","period":"lifetime","values":[{"value":%d}]},{"name":"saved","period":"lifetime","values":[{"value":12}]},{"name":"shares","period":"lifetime","values":[{"value":7}]}]}`, views, views/2)
	case strings.HasPrefix(get("fields"), "business_discovery."):
		fmt.Fprintf(w, `{"business_discovery":{"id":"17841400000000001","username":"lena.trails","name":"Lena","followers_count":%d,"media_count":300,"media":{"data":[{"id":"1","like_count":900,"comments_count":40},{"id":"2","like_count":700,"comments_count":20}]}},"id":%q}`, followers*2, segs[0])
	case len(segs) == 1:
		if _, gone := f.read(segs[0]); gone {
			w.WriteHeader(400)
			fmt.Fprintf(w, `{"error":{"message":"Unsupported get request. Object with ID '%s' does not exist","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"T2"}}`, segs[0])
			return
		}
		fmt.Fprintf(w, `{"id":%q,"caption":%q,"comments_count":15,"like_count":300,"media_product_type":"REELS","media_type":"VIDEO","permalink":"https://www.instagram.com/reel/C4xYz12AbCd/","timestamp":"2026-11-01T06:12:44+0000"}`,
			segs[0], caption(segs[0]))
	default:
		w.WriteHeader(404)
	}
}
