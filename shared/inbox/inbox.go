// Package inbox is the durable intake of shop webhooks. A Delivery is one verified event as
// it arrived: the raw body and the headers its parser reads. The webhook function stores it
// once, under its idempotency key, before the platform gets its 200; the orders function
// applies it later from the table's stream, and can apply it again after a fix (replay),
// because the inbox keeps exactly what the platform sent.
package inbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// Source says how a delivery reached the inbox.
type Source string

// Sources of deliveries.
const (
	// FromWebhook is a delivery the platform posted and the webhook function verified.
	FromWebhook Source = "webhook"
	// FromReconciliation is an order the reconciliation job fetched from the platform's API
	// because its webhook never arrived.
	FromReconciliation Source = "reconciliation"
)

// ErrTooLarge is returned by Store.Accept when a body does not fit in one stored item even
// compressed; the webhook answers 413.
var ErrTooLarge = errors.New("inbox: delivery too large to store")

// Delivery is one accepted event, stored as received.
type Delivery struct {
	// ConnectionID is the connection the delivery was addressed to.
	ConnectionID string `json:"connectionId"`
	// WorkspaceID owns the connection.
	WorkspaceID string `json:"workspaceId"`
	// Platform sent it.
	Platform orders.Platform `json:"platform"`
	// Key is the event's idempotency key (orders.Event.IdempotencyKey): the same on every
	// redelivery, so the inbox stores each event once per connection.
	Key string `json:"key"`
	// Topic, EventID, Kind and OrderID are what parsing found, kept for listings; the
	// orders function parses the body again rather than trusting them.
	Topic   string      `json:"topic"`
	EventID string      `json:"eventId"`
	Kind    orders.Kind `json:"kind"`
	OrderID string      `json:"orderId"`
	// Headers are the platform's own headers, by lower-case name, that the parser reads
	// (topic, event and webhook ids). Signatures are not kept: they were checked on arrival.
	Headers map[string]string `json:"headers"`
	// Body is the raw body, byte for byte as received.
	Body []byte `json:"body"`
	// ReceivedAt is when Hypetrack accepted the delivery.
	ReceivedAt time.Time `json:"receivedAt"`
	// Source says whether a webhook or the reconciliation job brought it.
	Source Source `json:"source"`
}

// Store keeps deliveries.
type Store interface {
	// Accept stores d unless the connection already has a delivery with d's key, with one
	// conditional write. It reports whether d was new; a duplicate is not an error.
	Accept(ctx context.Context, d Delivery) (bool, error)
}

// New builds the delivery of a verified, parsed event.
func New(ev orders.Event, workspaceID string, headers webhook.HeaderMap, body []byte, at time.Time, src Source) Delivery {
	return Delivery{
		ConnectionID: ev.ConnectionID, WorkspaceID: workspaceID, Platform: ev.Platform,
		Key: ev.IdempotencyKey(), Topic: ev.Topic, EventID: ev.EventID, Kind: ev.Kind, OrderID: ev.OrderID,
		Headers: KeepHeaders(headers), Body: body, ReceivedAt: at.UTC(), Source: src,
	}
}

// platformHeaderPrefixes are the header families the parsers read.
var platformHeaderPrefixes = []string{"x-shopify-", "x-wc-webhook-"}

// droppedHeaders are signatures: verified on arrival, useless later, and not ours to keep.
var droppedHeaders = map[string]bool{"x-shopify-hmac-sha256": true, "x-wc-webhook-signature": true, "stripe-signature": true}

// KeepHeaders returns the headers a delivery keeps, by lower-case name.
func KeepHeaders(h webhook.HeaderMap) map[string]string {
	out := map[string]string{}
	for name, v := range h {
		name = strings.ToLower(name)
		if droppedHeaders[name] {
			continue
		}
		for _, p := range platformHeaderPrefixes {
			if strings.HasPrefix(name, p) {
				out[name] = v
			}
		}
	}
	return out
}

// Parse reads the stored delivery again with p, as the platform's parser read it on
// arrival. A result under another idempotency key means the parser changed in a way that
// would break exactly-once, and is an error.
func (d Delivery) Parse(p webhook.Platform) (orders.Event, error) {
	if p.Name() != d.Platform {
		return orders.Event{}, fmt.Errorf("inbox: delivery %s is from %s, not %s", d.Key, d.Platform, p.Name())
	}
	ev, err := p.Parse(webhook.HeaderMap(d.Headers), d.Body)
	if err != nil {
		return orders.Event{}, fmt.Errorf("inbox: parse delivery %s: %w", d.Key, err)
	}
	ev.ConnectionID = d.ConnectionID
	if ev.IdempotencyKey() != d.Key {
		return orders.Event{}, fmt.Errorf("inbox: delivery %s parses as %s now", d.Key, ev.IdempotencyKey())
	}
	return ev, nil
}

// Rejection is a delivery refused with a 4xx after its connection was found: a bad
// signature, a payload the parser cannot read, a body too large. Its body is never kept.
type Rejection struct {
	// At is when the delivery was refused, with which HTTP Status.
	At     time.Time `json:"at"`
	Status int       `json:"status"`
	// Reason says what was wrong, without secrets or payload.
	Reason string `json:"reason"`
	// Topic is the topic header as sent, unverified; empty when absent.
	Topic string `json:"topic,omitempty"`
}

// MaxRejections is how many recent rejections a connection keeps; older ones only count.
const MaxRejections = 20

// Notes records what the webhook function refused or found twice, for the connection's
// delivery screen. Notes are best effort: failing to write one never changes an answer.
type Notes interface {
	// NoteDuplicate counts a delivery whose event the inbox already had.
	NoteDuplicate(ctx context.Context, workspaceID, connectionID, key string, at time.Time) error
	// NoteRejection keeps a rejection among the connection's recent ones and counts it.
	NoteRejection(ctx context.Context, workspaceID, connectionID string, r Rejection) error
}

// Stats are a connection's delivery figures.
type Stats struct {
	// Duplicates counts deliveries of events the inbox already had; LastDuplicateAt and
	// LastDuplicateKey name the latest.
	Duplicates       int64     `json:"duplicates"`
	LastDuplicateAt  time.Time `json:"lastDuplicateAt,omitzero"`
	LastDuplicateKey string    `json:"lastDuplicateKey,omitempty"`
	// Rejected counts refused deliveries; Rejections are the most recent, newest first.
	Rejected   int64       `json:"rejected"`
	Rejections []Rejection `json:"rejections"`
	// Reconciliation is the state of the connection's reconciliation runs.
	Reconciliation Reconciliation `json:"reconciliation"`
}

// Reconciliation is the outcome of a connection's reconciliation runs.
type Reconciliation struct {
	// Enabled is set when the connection has API credentials to reconcile with.
	Enabled bool `json:"enabled"`
	// LastRunAt is when the last run started; LastSuccessAt when a run last finished
	// without error, and Through the time up to which that run covered the platform.
	LastRunAt     time.Time `json:"lastRunAt,omitzero"`
	LastSuccessAt time.Time `json:"lastSuccessAt,omitzero"`
	Through       time.Time `json:"through,omitzero"`
	// LastError is why the last run failed; empty after a success.
	LastError string `json:"lastError,omitempty"`
	// LastChecked is how many orders or events the last run looked at; LastRecovered how
	// many of them had never arrived; Recovered counts those over all runs.
	LastChecked   int64 `json:"lastChecked"`
	LastRecovered int64 `json:"lastRecovered"`
	Recovered     int64 `json:"recovered"`
}
