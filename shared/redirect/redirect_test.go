package redirect_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

func TestRedirectOnSampleEvents(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	live := links.Link{Code: "Ab3dE9x", WorkspaceID: "w1", CampaignID: "c1", MembershipID: "m1", Destination: "https://shop.example.com/spring"}
	ended := links.Link{Code: "Ended01", WorkspaceID: "w1", Destination: "https://shop.example.com/", BrandURL: "https://shop.example.com/", EndsAt: time.Now().Add(-time.Hour)}
	for _, l := range []links.Link{live, ended} {
		if err := table.PutLink(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	h := redirect.New(table)
	tests := []struct {
		event      string
		code       string
		wantStatus int
		wantLoc    string
	}{
		{event: "apigateway/redirect-get.json", wantStatus: 302, wantLoc: live.Destination},
		{event: "apigateway/redirect-head.json", wantStatus: 302, wantLoc: live.Destination},
		{event: "apigateway/redirect-get.json", code: "Nope123", wantStatus: 404},
		{event: "apigateway/redirect-get.json", code: "Ended01", wantStatus: 410},
	}
	for _, tt := range tests {
		var req events.APIGatewayV2HTTPRequest
		sampleevents.Load(t, tt.event, &req)
		if tt.code != "" {
			req.PathParameters["code"] = tt.code
		}
		res, err := h.Handle(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != tt.wantStatus || res.Headers["location"] != tt.wantLoc {
			t.Errorf("%s %s: got %d %q, want %d %q", tt.event, tt.code, res.StatusCode, res.Headers["location"], tt.wantStatus, tt.wantLoc)
		}
		if res.Headers["cache-control"] == "" {
			t.Errorf("%s: no cache-control", tt.event)
		}
	}
}
