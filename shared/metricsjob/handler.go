package metricsjob

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
)

// Handle is the entry point for the EventBridge scheduled event: it starts the run keyed
// by the event's time, which every delivery of the same event shares.
func (j *Job) Handle(ctx context.Context, ev events.EventBridgeEvent) (Summary, error) {
	if ev.DetailType != "Scheduled Event" {
		return Summary{}, fmt.Errorf("metrics job: unexpected event %q from %q", ev.DetailType, ev.Source)
	}
	if ev.Time.IsZero() {
		return Summary{}, fmt.Errorf("metrics job: scheduled event %s has no time", ev.ID)
	}
	return j.Run(ctx, ev.Time, ev.ID)
}

// UnitEvent is the payload a run sends to the invocations that work its units.
type UnitEvent struct {
	MetricsUnit *Unit `json:"metricsUnit"`
}

// Invoke is the Lambda entry point: it takes either the scheduled event or a unit of work
// the function sent itself.
func (j *Job) Invoke(ctx context.Context, raw json.RawMessage) (Summary, error) {
	var ue UnitEvent
	if err := json.Unmarshal(raw, &ue); err != nil {
		return Summary{}, fmt.Errorf("metrics job: event is not JSON: %w", err)
	}
	if ue.MetricsUnit != nil {
		return j.Work(ctx, *ue.MetricsUnit)
	}
	var ev events.EventBridgeEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return Summary{}, fmt.Errorf("metrics job: not a scheduled event: %w", err)
	}
	return j.Handle(ctx, ev)
}
