package redirect_test

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

// discard records nothing: the benchmark measures the handler, not the store's write.
type discard struct{}

func (discard) Record(context.Context, links.Click) {}

// BenchmarkRedirect is one click on a link already in the warm container's cache, from a
// User-Agent already classified: the steady state of a link being shared.
func BenchmarkRedirect(b *testing.B) {
	f := newFixture(b)
	h := redirect.New(f.reader, discard{}, redirect.NewVisitorKeys(secret))
	var req events.APIGatewayV2HTTPRequest
	sampleevents.Load(b, "apigateway/redirect-get.json", &req)
	ctx := context.Background()
	if res, _ := h.Handle(ctx, req); res.StatusCode != 302 {
		b.Fatalf("status %d", res.StatusCode)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if res, _ := h.Handle(ctx, req); res.StatusCode != 302 {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
