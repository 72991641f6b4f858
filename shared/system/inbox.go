package system

// InboxItemPrefix starts the partition key of every webhook inbox item
// (INBOX#<connection> | <idempotency key>). The orders function's stream subscription
// selects new items on it: in the cloud as a Lambda event filter on the partition key, in
// the local stack as the poller's key prefix.
const InboxItemPrefix = "INBOX#"
