// Package resultspack is the resultspack function's handler: it receives the changes of
// the counters the campaign results are computed from (click day buckets, order day
// counters, post levels) from the table's stream and writes each counter's new value
// into its packed month, the item the results read. It reports partial batch failures,
// so a month that could not be written is retried without holding up the others.
package resultspack

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/streamimage"
)

// Packer is where the changes go: the DynamoDB store (store.Table).
type Packer interface {
	PackResults(ctx context.Context, changes []store.ResultsChange) (failed []int, err error)
}

// Handler packs the counter changes of stream batches.
type Handler struct {
	packer Packer
}

// New builds the handler on a packer.
func New(p Packer) *Handler { return &Handler{packer: p} }

// Handle is the Lambda entry point for DynamoDB stream batches. Records arrive in order
// per item, so a counter's later value is applied after its earlier one.
func (h *Handler) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var (
		changes []store.ResultsChange
		seqs    []string
	)
	for _, r := range ev.Records {
		if r.Change.NewImage == nil {
			continue
		}
		c, ok := decode(r)
		if !ok {
			continue
		}
		changes = append(changes, c)
		seqs = append(seqs, r.Change.SequenceNumber)
	}
	failed, err := h.packer.PackResults(ctx, changes)
	if err != nil {
		slog.Error("pack results", "failed", len(failed), "of", len(changes), "err", err)
	}
	var res events.DynamoDBEventResponse
	for _, i := range failed {
		res.BatchItemFailures = append(res.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: seqs[i]})
	}
	return res, nil
}

// decode reads a counter change from a record. A record that cannot be read is logged
// and skipped: retrying it would fail the same way and hold up every change behind it.
// RepackResults rebuilds the campaign from the counters if it ever matters.
func decode(r events.DynamoDBEventRecord) (store.ResultsChange, bool) {
	img, err := streamimage.Image(r.Change.NewImage)
	if err == nil {
		var c store.ResultsChange
		var ok bool
		if c, ok, err = store.DecodeResultsChange(img); err == nil {
			return c, ok
		}
	}
	slog.Error("skip unreadable counter record", "sequence", r.Change.SequenceNumber, "err", err)
	return store.ResultsChange{}, false
}
