package system

// InboxItemPrefix starts the partition key of every webhook inbox item
// (INBOX#<connection> | <idempotency key>). The orders function's stream subscription
// selects new items on it: in the cloud as a Lambda event filter on the partition key, in
// the local stack as the poller's key prefix.
const InboxItemPrefix = "INBOX#"

// InboxSubscription is the orders function's stream subscription: inserted inbox items
// only, so the function's own writes (order records, ledger, counters, markers) never
// invoke it. Ten events per batch keep a retried batch short.
var InboxSubscription = StreamSubscription{
	BatchSize:   10,
	KeyPrefixes: []string{InboxItemPrefix},
	Events:      []StreamEvent{StreamInsert},
}
