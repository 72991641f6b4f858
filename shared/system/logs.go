package system

// Log messages that operations alarm on. Functions log them with log/slog's JSON handler,
// and the cloud stack counts them with a metric filter on the "msg" field, so each is
// spelled once, here.
const (
	// LogWebhookSignatureRejected is logged when a webhook's signature does not verify.
	LogWebhookSignatureRejected = "webhook signature rejected"
)

// LogAlarm counts a function's log lines that carry one message and raises an alarm when
// they spike.
type LogAlarm struct {
	// Metric names the CloudWatch metric the matching lines are counted into.
	Metric string
	// Message is the exact slog message ("msg" field) that counts.
	Message string
	// Threshold is how many matching lines within five minutes need a human.
	Threshold int
	// Why tells the person paged what it probably means.
	Why string
}
