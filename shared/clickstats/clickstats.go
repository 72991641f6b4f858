// Package clickstats is the clickstats function's handler: it receives new raw clicks
// from the table's stream and counts them, exactly once each, into the counters the
// analytics read. It reports partial batch failures, so a failure retries from the first
// click not yet counted instead of the whole batch.
package clickstats

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/streamimage"
	"github.com/hypetrack/hypetrack/shared/system"
)

// Handler counts the clicks of stream batches.
type Handler struct {
	aggregator *analytics.Aggregator
}

// New builds the handler on a counter store.
func New(s analytics.CounterStore) *Handler {
	return &Handler{aggregator: analytics.NewAggregator(s)}
}

// Handle is the Lambda entry point for DynamoDB stream batches.
func (h *Handler) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var (
		clicks []links.Click
		seqs   []string
	)
	for _, r := range ev.Records {
		if r.EventName != string(system.StreamInsert) {
			continue
		}
		c, ok := decode(r)
		if !ok {
			continue
		}
		clicks = append(clicks, c)
		seqs = append(seqs, r.Change.SequenceNumber)
	}
	done, err := h.aggregator.Count(ctx, clicks)
	if err != nil {
		slog.Error("count clicks", "counted", done, "of", len(clicks), "err", err)
		return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{{ItemIdentifier: seqs[done]}}}, nil
	}
	return events.DynamoDBEventResponse{}, nil
}

// decode reads a raw click from a record. A record that cannot be read is logged and
// skipped: retrying it would fail the same way and hold up every click behind it.
func decode(r events.DynamoDBEventRecord) (links.Click, bool) {
	img, err := streamimage.Image(r.Change.NewImage)
	if err == nil {
		var c links.Click
		var ok bool
		if c, ok, err = store.DecodeClick(img); err == nil {
			return c, ok
		}
	}
	slog.Error("skip unreadable click record", "sequence", r.Change.SequenceNumber, "err", err)
	return links.Click{}, false
}
