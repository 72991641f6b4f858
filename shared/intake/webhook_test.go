package intake

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestUnknownPlatformsAndConnectionsAre404(t *testing.T) {
	for _, platform := range []string{"shopify", "magento"} {
		req := events.APIGatewayV2HTTPRequest{
			RouteKey:       "POST /webhooks/{platform}/{connection}",
			PathParameters: map[string]string{"platform": platform, "connection": "c1"},
		}
		res, err := New().Handle(context.Background(), req)
		if err != nil || res.StatusCode != 404 {
			t.Errorf("%s: got %d %v, want 404", platform, res.StatusCode, err)
		}
	}
}
