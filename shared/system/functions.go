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
	// Orders applies accepted webhook events from the table's stream: order snapshots,
	// refunds, attribution, ledger and counters, exactly once per event.
	Orders FunctionName = "orders"
	// Reconcile asks each shop platform's API for recent orders on a schedule and feeds
	// the ones whose webhooks never arrived through the webhook inbox.
	Reconcile FunctionName = "reconcile"
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
}

// Schedule is a fixed-rate trigger.
type Schedule struct {
	// Name identifies the rule (EventBridge rule name suffix, local ticker label).
	Name string
	// Every is the period between runs.
	Every time.Duration
}

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
		Name: Orders,
		Purpose: "Applies accepted order and refund webhooks: attribution, ledger and counters, " +
			"exactly once per event.",
		MemoryMB: 512,
		// A batch of ten events with a few reads and one transaction each.
		Timeout: time.Minute,
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
