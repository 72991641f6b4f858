package system

import "time"

// StreamEvent is the kind of change a DynamoDB stream record describes.
type StreamEvent string

// The event names DynamoDB Streams writes into each record's eventName.
const (
	StreamInsert StreamEvent = "INSERT"
	StreamModify StreamEvent = "MODIFY"
	StreamRemove StreamEvent = "REMOVE"
)

// StreamSubscription makes a function a consumer of the table's change stream. Records are
// delivered in order per partition key, at least once; consumers must be idempotent and
// report per-record failures (events.DynamoDBEventResponse) so that one bad record does not
// hold back the others.
type StreamSubscription struct {
	// BatchSize is the most records handed to one invocation.
	BatchSize int
	// MaxBatchingWindow lets the poller wait this long to fill a batch: fewer invocations
	// at low volume, at the price of that much extra latency.
	MaxBatchingWindow time.Duration
	// KeyPrefixes, when set, delivers only records whose partition key begins with one of
	// them, so a consumer is neither invoked nor billed for other item kinds.
	KeyPrefixes []string
	// Attribute, when set, delivers only records whose new image holds this string
	// attribute: for item kinds that share their key prefix with others.
	Attribute string
	// Events, when set, delivers only these kinds of change.
	Events []StreamEvent
}
