package system

import "time"

// FunctionName names one Lambda function; it is also its folder under functions/.
type FunctionName string

// The functions, one per folder under functions/.
const (
	// Redirect answers tracking-link clicks: the consumers' hot path.
	Redirect FunctionName = "redirect"
	// Webhook takes order and refund webhooks from e-commerce platforms.
	Webhook FunctionName = "webhook"
	// API serves the marketers' campaign API and the health check.
	API FunctionName = "api"
	// Metrics pulls social metrics on a schedule.
	Metrics FunctionName = "metrics"
	// ClickStats turns raw clicks from the table's stream into counters.
	ClickStats FunctionName = "clickstats"
)

// Function is what both stacks need to know about one Lambda function.
type Function struct {
	Name FunctionName
	// Purpose is one sentence for humans (CDK description, local stack banner).
	Purpose string
	// MemoryMB and Timeout size the function. The redirect gets more memory than it needs
	// for data because Lambda scales CPU with memory and the redirect's latency is the product.
	MemoryMB int
	Timeout  time.Duration
	// Schedule, when set, runs the function on a fixed rate with an EventBridge scheduled event.
	Schedule *Schedule
	// Stream, when set, runs the function on the table's stream (a Lambda event source
	// mapping in the cloud, the stream poller of infra/local on a laptop).
	Stream *StreamSource
}

// Schedule is a fixed-rate trigger.
type Schedule struct {
	// Name identifies the rule (EventBridge rule name suffix, local ticker label).
	Name string
	// Every is the period between runs.
	Every time.Duration
}

// StreamSource subscribes a function to the table's DynamoDB stream. Only records that
// pass the filter reach the function, as Lambda's event filtering does in the cloud, so
// items the function ignores cost no invocation.
type StreamSource struct {
	// ItemPrefix selects records whose partition key starts with it.
	ItemPrefix string
	// EventNames selects records by event (INSERT, MODIFY, REMOVE).
	EventNames []string
	// BatchSize is the most records handed over in one invocation.
	BatchSize int
	// BatchWindow is how long records may wait to fill a batch.
	BatchWindow time.Duration
	// MaxRetries bounds retries of a failing batch before its records go to the
	// function's on-failure destination; the function reports partial batch failures, so
	// records before the failed one are not retried.
	MaxRetries int
}

// Stream event names, as DynamoDB Streams spells them.
const (
	StreamInsert = "INSERT"
	StreamModify = "MODIFY"
	StreamRemove = "REMOVE"
)

// Functions lists every function in deployment order.
var Functions = []Function{
	{
		Name:     Redirect,
		Purpose:  "Redirects tracking-link clicks to the brand's page and records each click.",
		MemoryMB: 512,
		Timeout:  5 * time.Second,
	},
	{
		Name:     Webhook,
		Purpose:  "Verifies and durably accepts order and refund webhooks from shop platforms.",
		MemoryMB: 256,
		// Shopify gives up after 5 s in all; we must have answered well before that.
		Timeout: 4 * time.Second,
	},
	{
		Name:     API,
		Purpose:  "Serves the marketers' campaign API.",
		MemoryMB: 512,
		Timeout:  15 * time.Second,
	},
	{
		Name:     Metrics,
		Purpose:  "Pulls views and engagement of tracked posts and creators on a schedule.",
		MemoryMB: 512,
		Timeout:  5 * time.Minute,
		Schedule: &Schedule{Name: "metrics-pull", Every: time.Hour},
	},
	{
		Name:     ClickStats,
		Purpose:  "Counts raw clicks from the table's stream into hourly and daily counters, once per click.",
		MemoryMB: 256,
		Timeout:  time.Minute,
		Stream: &StreamSource{
			ItemPrefix:  ClickItemPrefix,
			EventNames:  []string{StreamInsert},
			BatchSize:   1000,
			BatchWindow: 2 * time.Second,
			MaxRetries:  100,
		},
	},
}

// FunctionByName returns the function called name.
func FunctionByName(name FunctionName) (Function, bool) {
	for _, f := range Functions {
		if f.Name == name {
			return f, true
		}
	}
	return Function{}, false
}
