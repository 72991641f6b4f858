package instagram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

const testToken = "EAAGtesttoken"

func newServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, New(testToken, WithBaseURL(srv.URL), WithUserID("17841405309211844"))
}

func graphErrorBody(code, subcode int, typ, msg string) string {
	return fmt.Sprintf(`{"error":{"message":%q,"type":%q,"code":%d,"error_subcode":%d,"fbtrace_id":"AbCdEfGh123"}}`, msg, typ, code, subcode)
}

const mediaBody = `{"id":"17895695668004550","caption":"Sunrise on the col with @northpeak #ad #trailrunning",
  "comments_count":38,"like_count":1204,"media_product_type":"REELS","media_type":"VIDEO",
  "permalink":"https://www.instagram.com/reel/C4xYz12AbCd/","timestamp":"2026-03-01T06:12:44+0000"}`

const insightsBody = `{"data":[
  {"name":"views","period":"lifetime","values":[{"value":48211}],"title":"Views","description":"...","id":"17895695668004550/insights/views/lifetime"},
  {"name":"reach","period":"lifetime","values":[{"value":30120}],"title":"Accounts reached","id":"17895695668004550/insights/reach/lifetime"},
  {"name":"saved","period":"lifetime","values":[{"value":412}],"title":"Saved","id":"17895695668004550/insights/saved/lifetime"},
  {"name":"shares","period":"lifetime","values":[{"value":96}],"title":"Shares","id":"17895695668004550/insights/shares/lifetime"}]}`

func TestFetchPostsSuccess(t *testing.T) {
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("access_token") != testToken {
			t.Errorf("token %q", q.Get("access_token"))
		}
		switch r.URL.Path {
		case "/v25.0/17895695668004550":
			if q.Get("fields") != mediaFields {
				t.Errorf("fields %q", q.Get("fields"))
			}
			fmt.Fprint(w, mediaBody)
		case "/v25.0/17895695668004550/insights":
			if q.Get("metric") != "views,reach,saved,shares" {
				t.Errorf("metric %q", q.Get("metric"))
			}
			fmt.Fprint(w, insightsBody)
		case "/v25.0/17800000000000001":
			w.WriteHeader(400)
			fmt.Fprint(w, graphErrorBody(100, 33, "GraphMethodException", "Unsupported get request. Object with ID '17800000000000001' does not exist, cannot be loaded due to missing permissions, or does not support this operation."))
		default:
			t.Errorf("unexpected %s", r.URL.Path)
		}
	})
	res, err := c.FetchPosts(context.Background(), []string{"17895695668004550", "17800000000000001", "not-an-id"})
	if err != nil {
		t.Fatal(err)
	}
	p := res[0].Post
	want := social.Post{Platform: social.Instagram, ID: "17895695668004550", URL: "https://www.instagram.com/reel/C4xYz12AbCd/",
		Caption: "Sunrise on the col with @northpeak #ad #trailrunning", PublishedAt: time.Date(2026, 3, 1, 6, 12, 44, 0, time.UTC),
		Views: social.Known(48211), Likes: social.Known(1204), Comments: social.Known(38), Shares: social.Known(96),
		Saves: social.Known(412), Reach: social.Known(30120)}
	if p != want {
		t.Errorf("post\n got %+v\nwant %+v", p, want)
	}
	if !errors.Is(res[1].Err, social.ErrNotFound) || !errors.Is(res[2].Err, social.ErrNotFound) {
		t.Errorf("missing media: %v / %v", res[1].Err, res[2].Err)
	}
}

func TestInsightsUnavailableKeepsPost(t *testing.T) {
	cases := []struct {
		name, productType, wantMetric, insights string
		status                                  int
	}{
		{"story below five viewers", "STORY", "views,reach,shares", graphErrorBody(10, 2108006, "OAuthException", "(#10) Not enough viewers for the media to show insights"), 400},
		{"unsupported metric", "FEED", "views,reach,saved,shares", graphErrorBody(100, 2108006, "OAuthException", "(#100) The Media Insights API does not support the saved metric for this media product type."), 400},
		{"empty data set", "FEED", "views,reach,saved,shares", `{"data":[]}`, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/insights") {
					if got := r.URL.Query().Get("metric"); got != tc.wantMetric {
						t.Errorf("metric %q want %q", got, tc.wantMetric)
					}
					w.WriteHeader(tc.status)
					fmt.Fprint(w, tc.insights)
					return
				}
				fmt.Fprint(w, strings.Replace(mediaBody, "REELS", tc.productType, 1))
			})
			res, err := c.FetchPosts(context.Background(), []string{"17895695668004550"})
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Err != nil {
				t.Fatal(res[0].Err)
			}
			p := res[0].Post
			if p.Views.Valid || p.Saves.Valid || p.Likes != social.Known(1204) {
				t.Errorf("insight figures should be missing, public ones kept: %+v", p)
			}
		})
	}
}

func TestFetchProfilePaginates(t *testing.T) {
	var calls atomic.Int32
	_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if r.URL.Path != "/v25.0/17841405309211844" {
			t.Errorf("path %s", r.URL.Path)
		}
		fields := r.URL.Query().Get("fields")
		wantEdge := "media.limit(25)"
		if n == 2 {
			wantEdge = "media.after(QVFIUmlKdXBzYWtyUml3).limit(5)"
		}
		if !strings.HasPrefix(fields, "business_discovery.username(northpeak.trails){") || !strings.Contains(fields, wantEdge+"{") {
			t.Errorf("call %d fields %q", n, fields)
		}
		count, paging := 25, `"paging":{"cursors":{"before":"QVFIUjRtc2c5NEl0ajN3","after":"QVFIUmlKdXBzYWtyUml3"},"next":"https://graph.facebook.com/v25.0/17841405309211844?fields=..."}`
		if n == 2 {
			count, paging = 5, `"paging":{"cursors":{"before":"QVFIUmlKdXBzYWtyUml3","after":"QVFIUkxYZA"}}`
		}
		var data []string
		for i := range count {
			data = append(data, fmt.Sprintf(`{"id":"1790%011d","like_count":%d,"comments_count":20,"timestamp":"2026-02-01T10:00:00+0000"}`, int(n)*100+i, 180))
		}
		fmt.Fprintf(w, `{"business_discovery":{"id":"17841401441775531","username":"northpeak.trails","name":"North Peak Trails",
		  "followers_count":267793,"media_count":1205,"media":{"data":[%s],%s}},"id":"17841405309211844"}`, strings.Join(data, ","), paging)
	})
	p, err := c.FetchProfile(context.Background(), "@northpeak.trails")
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || p.RecentPosts != 30 {
		t.Fatalf("calls %d recent %d", calls.Load(), p.RecentPosts)
	}
	if p.Followers != social.Known(267793) || p.MediaCount != social.Known(1205) || p.ID != "17841401441775531" || p.Handle != "northpeak.trails" {
		t.Errorf("profile %+v", p)
	}
	if p.AvgInteractions() != social.Known(200) || p.AvgViews().Valid {
		t.Errorf("averages %v %v (views are not exposed for other accounts)", p.AvgInteractions(), p.AvgViews())
	}
	for _, bad := range []string{"a){followers_count}", "", strings.Repeat("x", 31)} {
		if _, err := c.FetchProfile(context.Background(), bad); !errors.Is(err, social.ErrRejected) {
			t.Errorf("username %q: %v", bad, err)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		header     map[string]string
		body       string
		kind       social.Kind
		code       string
		retryAfter time.Duration
	}{
		{"401 expired token", 401, nil, graphErrorBody(190, 463, "OAuthException", "Error validating access token: Session has expired"), social.KindUnauthorized, "190/463", 0},
		{"403 permission", 403, nil, graphErrorBody(10, 0, "OAuthException", "(#10) Application does not have permission for this action"), social.KindUnauthorized, "10", 0},
		{"quota-like app limit", 403, nil, graphErrorBody(4, 0, "OAuthException", "(#4) Application request limit reached"), social.KindRateLimited, "4", 0},
		{"user limit with BUC header", 400, map[string]string{"X-Business-Use-Case-Usage": `{"17841405309211844":[{"type":"instagram","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":7}]}`},
			graphErrorBody(17, 0, "OAuthException", "(#17) User request limit reached"), social.KindRateLimited, "17", 7 * time.Minute},
		{"page throttled", 400, nil, graphErrorBody(32, 0, "OAuthException", "(#32) Page request limit reached"), social.KindRateLimited, "32", 0},
		{"613 with Retry-After", 429, map[string]string{"Retry-After": "30"}, graphErrorBody(613, 0, "OAuthException", "Calls to this api have exceeded the rate limit."), social.KindRateLimited, "613", 30 * time.Second},
		{"500 unknown", 500, nil, graphErrorBody(1, 0, "OAuthException", "An unknown error occurred"), social.KindTransient, "1", 0},
		{"503 service", 503, nil, graphErrorBody(2, 0, "OAuthException", "An unexpected error has occurred. Please retry your request later."), social.KindTransient, "2", 0},
		{"502 bare", 502, nil, `Bad Gateway`, social.KindTransient, "", 0},
		{"200 malformed", 200, nil, `{"id":"17895695668004550","like_count":`, social.KindMalformed, "", 0},
		{"200 bad timestamp", 200, nil, `{"id":"17895695668004550","timestamp":"yesterday"}`, social.KindMalformed, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, err := c.FetchPosts(context.Background(), []string{"17895695668004550"})
			var se *social.Error
			if !errors.As(err, &se) {
				t.Fatalf("want *social.Error, got %v", err)
			}
			if se.Kind != tc.kind || se.Code != tc.code || se.RetryAfter != tc.retryAfter {
				t.Errorf("got %v %q %v; want %v %q %v", se.Kind, se.Code, se.RetryAfter, tc.kind, tc.code, tc.retryAfter)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
}

func TestTimeouts(t *testing.T) {
	block := make(chan struct{})
	srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-block:
		}
	})
	defer close(block)
	c := New(testToken, WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Timeout: 20 * time.Millisecond}))
	_, err := c.FetchPosts(context.Background(), []string{"17895695668004550"})
	if !errors.Is(err, social.ErrTransient) || strings.Contains(err.Error(), testToken) {
		t.Errorf("client timeout: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	c = New(testToken, WithBaseURL(srv.URL), WithUserID("1"))
	if _, err := c.FetchProfile(ctx, "northpeak"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: %v", err)
	}
}
