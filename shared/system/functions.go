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
	// Orders applies accepted webhook events from the table's stream: order snapshots,
	// refunds, attribution, ledger and counters, exactly once per event.
	Orders FunctionName = "orders"
	// Reconcile asks each shop platform's API for recent orders on a schedule and feeds
	// the ones whose webhooks never arrived through the webhook inbox.
	Reconcile FunctionName = "reconcile"
	// ClickReplay writes the clicks the redirect parked back to the table on a schedule.
	ClickReplay FunctionName = "clickreplay"
	// ResultsPack packs the changes of the results' counters from the table's stream into
	// the monthly items the campaign results read.
	ResultsPack FunctionName = "resultspack"
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
	// Stream, when set, feeds the function the table's change stream.
	Stream *StreamSubscription
	// Table is what the function may do with the table; the cloud grants exactly this.
	Table TableAccess
	// Secrets lists the kinds of runtime secret the function seals or opens.
	Secrets []SecretAccess
	// AppSecrets names the AppSecrets the function reads.
	AppSecrets []string
	// ReservedConcurrency, when positive, caps how many instances run at once. It is for
	// background work whose bursts would crowd out the hot path's share of table capacity
	// and account concurrency; never for a function whose callers do not retry.
	ReservedConcurrency int
	// LogAlarms are the function's log messages whose spikes need a human.
	LogAlarms []LogAlarm
	// InvokesItself lets the function invoke itself asynchronously, to fan a run out to
	// worker invocations.
	InvokesItself bool
	// Parking, when set, gives the function a queue for work it could not finish and
	// parked for a later replay (the redirect's clicks it could not write).
	Parking *Parking
	// Replays, when set, names an earlier function whose parked work this one writes back:
	// it may receive and delete from that function's queue, whose URL it reads from the
	// same variable.
	Replays FunctionName
}

// Parking is a queue of parked work: the function may send to it, the function that
// Replays it drains it.
type Parking struct {
	// Env is the environment variable that carries the queue's URL.
	Env string
	// Purpose says what waits in it, for humans and alarms.
	Purpose string
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
		// One cached read of the link, one write of the click: nothing else.
		Table: TableAccess{Ops: []TableOp{TableGet, TablePut}},
		// The salt of visitor keys: without it a day's keys could be recomputed from IPs.
		AppSecrets: []string{VisitorSalt},
		Parking: &Parking{Env: "HYPETRACK_CLICK_DLQ_URL",
			Purpose: "clicks the redirect could not write; the clickreplay function writes them back every five minutes"},
	},
	{
		Name:     Webhook,
		Purpose:  "Verifies and durably accepts order and refund webhooks from shop platforms.",
		MemoryMB: 256,
		// Shopify gives up after 5 s in all; we must have answered well before that.
		Timeout: 4 * time.Second,
		// Reads the connection, writes the raw event into the inbox; processing happens
		// later in a stream consumer. Updates count duplicates and keep the reasons of
		// refused deliveries on the connection.
		Table:   TableAccess{Ops: []TableOp{TableGet, TablePut, TableUpdate}},
		Secrets: []SecretAccess{{Kind: WebhookSigningSecret, Open: true}},
		LogAlarms: []LogAlarm{{
			Metric:    "WebhookSignatureRejected",
			Message:   LogWebhookSignatureRejected,
			Threshold: 20,
			Why: "Many webhook deliveries failed their signature check: a connection's secret " +
				"is wrong or was rotated on the platform, or someone is forging deliveries.",
		}},
	},
	{
		Name:     API,
		Purpose:  "Serves the marketers' campaign API.",
		MemoryMB: 512,
		Timeout:  15 * time.Second,
		Table: TableAccess{Ops: []TableOp{
			TableGet, TableQuery, TablePut, TableUpdate, TableDelete, TableConditionCheck,
			TableBatchWrite,
		}, Indexes: true},
		// Marketers add shop connections and connect creators' social accounts: the API
		// seals those secrets and never opens them again.
		Secrets: []SecretAccess{
			{Kind: WebhookSigningSecret, Seal: true},
			{Kind: SocialToken, Seal: true},
			{Kind: ShopAPICredentials, Seal: true},
		},
		AppSecrets: []string{SocialAPICredentials},
	},
	{
		Name:     Metrics,
		Purpose:  "Pulls views and engagement of tracked posts and creators on a schedule.",
		MemoryMB: 512,
		Timeout:  5 * time.Minute,
		Schedule: &Schedule{Name: "metrics-pull", Every: time.Hour},
		Table: TableAccess{Ops: []TableOp{
			TableGet, TableQuery, TablePut, TableUpdate, TableConditionCheck, TableBatchWrite,
		}, Indexes: true},
		// Refreshed OAuth tokens are sealed again under the same kind.
		Secrets:    []SecretAccess{{Kind: SocialToken, Open: true, Seal: true}},
		AppSecrets: []string{SocialAPICredentials},
		// A run fans out to one worker invocation per index shard (16) plus continuations;
		// the cap keeps a run's bursts of time-series writes from crowding out the hot path.
		// Runs do not overlap: a run's units are claimed with leases (docs/social-metrics.md).
		ReservedConcurrency: 20,
		// The scheduled run invokes the function itself, asynchronously, once per shard.
		InvokesItself: true,
	},
	{
		Name:     ClickStats,
		Purpose:  "Counts raw clicks from the table's stream into hourly and daily counters, once per click.",
		MemoryMB: 256,
		Timeout:  time.Minute,
		// Marks each click counted and adds to counters, in transactions; claims visitors.
		Table: TableAccess{Ops: []TableOp{TableGet, TablePut, TableUpdate, TableConditionCheck}},
		Stream: &StreamSubscription{
			KeyPrefixes:       []string{ClickItemPrefix},
			Events:            []StreamEvent{StreamInsert},
			BatchSize:         1000,
			MaxBatchingWindow: 2 * time.Second,
		},
	},
	{
		Name: Orders,
		Purpose: "Applies accepted order and refund webhooks: attribution, ledger and counters, " +
			"exactly once per event.",
		MemoryMB: 512,
		// A batch of ten events with a few reads and one transaction each.
		Timeout: time.Minute,
		// Reads records, markers, codes, clicks, workspaces and memberships; one
		// transaction of puts and counter updates per event; updates count failures.
		Table:  TableAccess{Ops: []TableOp{TableGet, TableQuery, TablePut, TableUpdate, TableConditionCheck}},
		Stream: &InboxSubscription,
	},
	{
		Name:     Reconcile,
		Purpose:  "Recovers orders whose webhooks never arrived by asking each shop's API for recent orders.",
		MemoryMB: 256,
		Timeout:  5 * time.Minute,
		// WooCommerce never retries a failed delivery; a sweep every half hour bounds what a
		// dropped one can cost to half an hour of delay, at 48 list calls a day per shop.
		Schedule: &Schedule{Name: "orders-reconcile", Every: 30 * time.Minute},
		// Lists connections with credentials (gsi2), reads their order records, writes
		// recovered events into the inbox and its run onto the connection.
		Table:   TableAccess{Ops: []TableOp{TableGet, TableQuery, TablePut, TableUpdate}, Indexes: true},
		Secrets: []SecretAccess{{Kind: ShopAPICredentials, Open: true}},
		// One sweep at a time: two would ask the shops twice and race to count recoveries.
		ReservedConcurrency: 1,
	},
	{
		Name:     ClickReplay,
		Purpose:  "Writes the clicks the redirect parked (when the table could not take them) back to the table.",
		MemoryMB: 256,
		// A backlog larger than a run drains in the next: a message is deleted only once
		// its click is written.
		Timeout: 2 * time.Minute,
		// Every five minutes: a click parked during a table outage is counted minutes
		// later, and the queue's 14 days are never the limit.
		Schedule: &Schedule{Name: "click-replay", Every: 5 * time.Minute},
		// The click's put is conditional on its id, so a replayed click is stored once.
		Table:   TableAccess{Ops: []TableOp{TablePut}},
		Replays: Redirect,
		// One drain at a time: two would only receive each other's messages.
		ReservedConcurrency: 1,
	},
	{
		Name:     ResultsPack,
		Purpose:  "Packs the changes of the campaign results' counters into the monthly items a dashboard reads.",
		MemoryMB: 256,
		// A batch of a thousand changes touches a few hundred months at most, sixteen at
		// a time, each one read and one write.
		Timeout: time.Minute,
		// Reads a packed month consistently and writes it back on its version.
		Table:  TableAccess{Ops: []TableOp{TableGet, TablePut}},
		Stream: &ResultsSubscription,
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
