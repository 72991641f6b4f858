package api

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

// TestRoutesFromSampleEvents runs the handler on events as API Gateway sends them.
func TestRoutesFromSampleEvents(t *testing.T) {
	tests := []struct {
		event      string
		wantStatus int
		wantBody   string
	}{
		{event: "apigateway/healthz.json", wantStatus: 200, wantBody: `{"status":"ok"}`},
		{event: "apigateway/unknown-route.json", wantStatus: 404},
		{event: "apigateway/me.json", wantStatus: 200,
			wantBody: `{"sub":"8f2b6c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f","email":"maria@brand.example"}`},
	}
	a := newHarness(t).api
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			var req events.APIGatewayV2HTTPRequest
			sampleevents.Load(t, tt.event, &req)
			res, err := a.Handle(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d (%s)", res.StatusCode, tt.wantStatus, res.Body)
			}
			if tt.wantBody != "" && res.Body != tt.wantBody {
				t.Fatalf("body %s, want %s", res.Body, tt.wantBody)
			}
			if !json.Valid([]byte(res.Body)) {
				t.Fatalf("body is not JSON: %s", res.Body)
			}
		})
	}
}

// TestClaimlessRequestsAreRefused covers a route deployed without the authorizer: the
// function must not treat a request without claims as anyone.
func TestClaimlessRequestsAreRefused(t *testing.T) {
	var req events.APIGatewayV2HTTPRequest
	sampleevents.Load(t, "apigateway/me.json", &req)
	req.RequestContext.Authorizer = nil
	res, err := newHarness(t).api.Handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 401 || res.Headers["content-type"] != "application/problem+json" {
		t.Fatalf("got %d %s, want a 401 problem", res.StatusCode, res.Body)
	}
}
