// Package orderstream is the orders function's handler: it receives new webhook inbox
// items from the table's stream and applies each through orderflow, in stream order. It
// reports partial batch failures, so a failing event is retried from where it failed
// without redoing the events before it; after orderflow.DefaultMaxAttempts failures (or at
// once, for a failure retrying cannot fix) the event is dead-lettered and the stream moves
// on, and a replay applies it after the fix.
package orderstream

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/streamimage"
)

// Applier applies deliveries and records failures; *orderflow.Processor is one.
type Applier interface {
	Apply(ctx context.Context, d inbox.Delivery) (orderflow.Result, error)
	Fail(ctx context.Context, d inbox.Delivery, cause error) (dead bool, err error)
}

// Handler applies stream batches of inbox items.
type Handler struct {
	apply Applier
}

// New builds the handler.
func New(a Applier) *Handler { return &Handler{apply: a} }

// LogUnreadable is logged for a stream record that claims to be an inbox item and cannot
// be decoded; the item stays in the table for a replay by key.
const LogUnreadable = "unreadable inbox item skipped"

// Handle is the Lambda entry point for DynamoDB stream batches. Records other than
// inserted inbox items are skipped, so the function is safe behind a broader filter.
func (h *Handler) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	for _, r := range ev.Records {
		if r.EventName != "INSERT" {
			continue
		}
		img, err := streamimage.Image(r.Change.NewImage)
		var d inbox.Delivery
		var ok bool
		if err == nil {
			d, ok, err = store.DecodeDelivery(img)
		}
		if err != nil {
			slog.ErrorContext(ctx, LogUnreadable, "sequence", r.Change.SequenceNumber, "keys", r.Change.Keys, "err", err)
			continue
		}
		if !ok {
			continue
		}
		if err := h.one(ctx, d); err != nil {
			// Stop here: the stream redelivers from this record, and the later events of
			// the batch stay behind it in order.
			return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{
				{ItemIdentifier: r.Change.SequenceNumber},
			}}, nil
		}
	}
	return events.DynamoDBEventResponse{}, nil
}

// one applies a delivery; it returns an error only when the stream must retry it.
func (h *Handler) one(ctx context.Context, d inbox.Delivery) error {
	_, err := h.apply.Apply(ctx, d)
	if err == nil {
		return nil
	}
	dead, ferr := h.apply.Fail(ctx, d, err)
	switch {
	case ferr != nil:
		slog.ErrorContext(ctx, "order event failed and its failure was not recorded", "key", d.Key, "err", err, "record_err", ferr)
		return err
	case dead:
		return nil
	}
	slog.WarnContext(ctx, "order event failed, will retry", "connection", d.ConnectionID, "key", d.Key, "err", err)
	return err
}
