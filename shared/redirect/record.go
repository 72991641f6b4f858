package redirect

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

// ClickWriter stores raw clicks. Writing the same click twice must store it once.
type ClickWriter interface {
	PutClick(ctx context.Context, c links.Click) error
}

// DeadLetters keeps clicks the store would not take, for a replay to write later (a file
// locally, an SQS queue in the cloud).
type DeadLetters interface {
	Park(ctx context.Context, c links.Click) error
}

// Write budget. The consumer waits for the click write (Lambda cannot work after it has
// answered), so its time is bounded: two attempts within WriteBudget, then the dead-letter
// path within ParkBudget, and the consumer is redirected either way.
const (
	DefaultWriteBudget = 400 * time.Millisecond
	ParkBudget         = 300 * time.Millisecond
	writeAttempts      = 2
)

// Recorder writes clicks on the hot path without ever failing the redirect.
type Recorder struct {
	writer ClickWriter
	dead   DeadLetters
	budget time.Duration
	failed atomic.Int64
}

// NewRecorder builds a recorder that writes to w and parks clicks it could not write in
// dead.
func NewRecorder(w ClickWriter, dead DeadLetters) *Recorder {
	return &Recorder{writer: w, dead: dead, budget: DefaultWriteBudget}
}

// Failed is the number of clicks that could not be written to the store since start.
func (r *Recorder) Failed() int64 { return r.failed.Load() }

// Record writes c, retrying once within the write budget, and parks it on the dead-letter
// path if that fails. The failure is logged in CloudWatch's embedded metric format, so the
// ClickWriteFailures metric counts it without another API call.
func (r *Recorder) Record(ctx context.Context, c links.Click) {
	ctx, cancel := context.WithTimeout(ctx, r.budget)
	defer cancel()
	var err error
	for range writeAttempts {
		if err = r.writer.PutClick(ctx, c); err == nil {
			return
		}
		if ctx.Err() != nil {
			break
		}
	}
	r.failed.Add(1)
	parkCtx, cancelPark := context.WithTimeout(context.WithoutCancel(ctx), ParkBudget)
	defer cancelPark()
	parkErr := r.dead.Park(parkCtx, c)
	attrs := []any{"click", c.ID, "link", c.Domain + "/" + c.Code, "err", err,
		"ClickWriteFailures", 1, "_aws", emfClickWriteFailure(time.Now())}
	if parkErr != nil {
		// Last resort: the whole click in the log, from where it can still be replayed.
		raw, _ := json.Marshal(c)
		attrs = append(attrs, "parkErr", parkErr, "lostClick", string(raw))
	}
	slog.Error("click write failed", attrs...)
}

// emfClickWriteFailure is the CloudWatch embedded-metric directive for one failure.
func emfClickWriteFailure(at time.Time) map[string]any {
	return map[string]any{
		"Timestamp": at.UnixMilli(),
		"CloudWatchMetrics": []map[string]any{{
			"Namespace":  "Hypetrack/Redirect",
			"Dimensions": [][]string{{}},
			"Metrics":    []map[string]string{{"Name": "ClickWriteFailures", "Unit": "Count"}},
		}},
	}
}
