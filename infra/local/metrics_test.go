package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// localAPI calls the local stack's api function as a signed-in marketer, with the event the
// gateway builds after checking the token.
type localAPI struct {
	t   *testing.T
	fns functions
}

func (a localAPI) call(route string, params map[string]string, body string, want int) string {
	a.t.Helper()
	method, path, _ := strings.Cut(route, " ")
	for k, v := range params {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	req := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: route, RawPath: path, PathParameters: params, Body: body,
		Headers: map[string]string{"content-type": "application/json"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: route, HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path},
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{
					Claims: map[string]string{"sub": "sub-ana", "email": "ana@brand.example.com", "email_verified": "true"},
				},
			},
		},
	}
	res, err := a.fns.http[system.API](context.Background(), req)
	if err != nil || res.StatusCode != want {
		a.t.Fatalf("%s: %d %v: %s", route, res.StatusCode, err, res.Body)
	}
	return res.Body
}

func (a localAPI) decode(body string, v any) {
	a.t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		a.t.Fatalf("decode %s: %v", body, err)
	}
}

// TestLocalMetricsThroughTheAPI wires the functions as the local stack does, tracks recorded
// posts through the API, lets the scheduled job run on its ticker and by scheduled events,
// and reads each post's simulated time series and disclosure status back through the API.
func TestLocalMetricsThroughTheAPI(t *testing.T) {
	table := dynamotest.NewTable(t)
	sealer, err := secrets.NewLocalSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	fns := newFunctions(table, sealer, "http://localhost:18083")
	api := localAPI{t: t, fns: fns}

	var ws struct{ ID string }
	api.decode(api.call(system.RouteWorkspaceCreate, nil, `{"name":"Trail Co"}`, 201), &ws)
	W := map[string]string{"ws": ws.ID}
	var camp struct{ ID string }
	today := time.Now().UTC()
	api.decode(api.call(system.RouteCampaignCreate, W, fmt.Sprintf(`{"name":"North Peak launch","objective":"awareness","status":"active",
		"goal":{"metric":"views","target":1000000,"deadline":%q},"startDate":%q,"endDate":%q,
		"destinationUrl":"https://shop.example.com/trail"}`, today.AddDate(0, 1, 0).Format(time.DateOnly),
		today.AddDate(0, 0, -3).Format(time.DateOnly), today.AddDate(0, 1, 0).Format(time.DateOnly)), 201), &camp)
	var lena struct{ ID string }
	api.decode(api.call(system.RouteCreatorCreate, W, `{"name":"Lena Trails","handles":{"tiktok":"lena.trails","youtube":"lenatrails"},"followers":48000}`, 201), &lena)
	C := map[string]string{"ws": ws.ID, "campaign": camp.ID}
	M := map[string]string{"ws": ws.ID, "campaign": camp.ID, "creator": lena.ID}
	api.call(system.RouteCampaignCreatorAdd, C, fmt.Sprintf(`{"creatorId":%q}`, lena.ID), 201)
	// Any key and token do: the replay provider reads recordings, not the platforms.
	api.call(system.RouteSocialCredential, map[string]string{"ws": ws.ID, "platform": "youtube"}, `{"apiKey":"local-replay-key-0123456789"}`, 200)
	api.call(system.RouteCreatorConnect, map[string]string{"ws": ws.ID, "creator": lena.ID, "platform": "tiktok"},
		`{"accountId":"7f3c2a10-5b8e-4d1a-9e2f-lenatrails01","accessToken":"local-replay-token-0123"}`, 200)
	api.call(system.RouteCreatorConnect, map[string]string{"ws": ws.ID, "creator": lena.ID, "platform": "youtube"},
		`{"accountId":"UCLenaTrailsRuns2026abcd"}`, 200)
	for _, body := range []string{`{"url":"https://youtu.be/nPkTrail001"}`, `{"url":"https://www.youtube.com/watch?v=nPkTrail003"}`,
		`{"url":"https://www.tiktok.com/@lena.trails/video/7334455667788990011"}`} {
		api.call(system.RoutePostTrack, M, body, 201)
	}

	// The ticker sends the job EventBridge's scheduled event, as make run does.
	ctx, cancel := context.WithCancel(context.Background())
	go runSchedules(ctx, fns.scheduled, 1100*time.Millisecond)
	var posts struct {
		Items []struct {
			tracking.Post
			Tracking string `json:"tracking"`
		} `json:"items"`
	}
	pulled := func() bool {
		api.decode(api.call(system.RouteCampaignPosts, C, "", 200), &posts)
		for _, p := range posts.Items {
			if p.Latest == nil {
				return false
			}
		}
		return len(posts.Items) == 3
	}
	deadline := time.Now().Add(30 * time.Second)
	for !pulled() {
		if time.Now().After(deadline) {
			t.Fatal("the ticker's runs did not pull every post within 30s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	cancel()

	// Then hourly runs, as the cloud schedule sends them.
	first := time.Now().UTC().Truncate(time.Hour).Add(time.Hour)
	for h := range 3 {
		if err := fns.scheduled[system.Metrics](context.Background(), scheduledEvent("metrics-pull", first.Add(time.Duration(h)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	api.decode(api.call(system.RouteCampaignPosts, C, "", 200), &posts)
	if len(posts.Items) != 3 {
		t.Fatalf("%d posts", len(posts.Items))
	}
	disclosed := map[string]bool{}
	for _, p := range posts.Items {
		if p.Latest == nil || !p.Latest.Simulated || p.Disclosure == nil || p.Tracking != "pulling" {
			t.Fatalf("%s: latest %+v disclosure %+v tracking %s", p.ID, p.Latest, p.Disclosure, p.Tracking)
		}
		disclosed[p.ID] = p.Disclosure.Disclosed
		var page tracking.Page[tracking.Snapshot]
		P := map[string]string{"ws": ws.ID, "campaign": camp.ID, "creator": lena.ID, "post": p.ID}
		api.decode(api.call(system.RoutePostSnapshots, P, "", 200), &page)
		if len(page.Items) < 4 {
			t.Errorf("%s: %d snapshots, want the ticker's and three hourly ones", p.ID, len(page.Items))
		}
		for i, s := range page.Items {
			if !s.Simulated || (i > 0 && *s.Views < *page.Items[i-1].Views) {
				t.Errorf("%s snapshot %d: simulated %v, views %d", p.ID, i, s.Simulated, *s.Views)
			}
		}
	}
	// nPkTrail003 says #adventure, not #ad: the recordings' undisclosed post.
	if !disclosed["youtube-nPkTrail001"] || disclosed["youtube-nPkTrail003"] {
		t.Errorf("disclosure %v", disclosed)
	}
	var history tracking.Page[tracking.ProfileSnapshot]
	api.decode(api.call(system.RouteCreatorProfile, map[string]string{"ws": ws.ID, "creator": lena.ID, "platform": "tiktok"}, "", 200), &history)
	if len(history.Items) < 4 || !history.Items[0].Simulated || history.Items[0].Followers == nil {
		t.Errorf("profile history %+v", history.Items)
	}
}
