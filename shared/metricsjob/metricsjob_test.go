package metricsjob

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

func TestHandleAcceptsOnlyScheduledEvents(t *testing.T) {
	var ev events.EventBridgeEvent
	sampleevents.Load(t, "eventbridge/scheduled.json", &ev)
	if _, err := New().Handle(context.Background(), ev); err != nil {
		t.Fatalf("scheduled event: %v", err)
	}
	ev.DetailType = "Object Created"
	if _, err := New().Handle(context.Background(), ev); err == nil {
		t.Fatal("a non-scheduled event must be refused")
	}
}
