package deadletter

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/hypetrack/hypetrack/shared/links"
)

// Queue parks clicks as messages on an SQS queue: the cloud's dead-letter path, durable
// across the Lambda container and retained for days.
type Queue struct {
	client *sqs.Client
	url    string
}

// NewQueue parks clicks on the queue at url.
func NewQueue(client *sqs.Client, url string) *Queue { return &Queue{client: client, url: url} }

// Park sends c as one message.
func (q *Queue) Park(ctx context.Context, c links.Click) error {
	body, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("park click %s: %w", c.ID, err)
	}
	_, err = q.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.url), MessageBody: aws.String(string(body))})
	if err != nil {
		return fmt.Errorf("park click %s on SQS: %w", c.ID, err)
	}
	return nil
}

// Replay receives parked clicks until the queue is empty, writes each to w and deletes
// its message only once it is written, so a failure leaves it on the queue for the next
// replay. It returns how many clicks were written.
func (q *Queue) Replay(ctx context.Context, w ClickWriter) (int, error) {
	written := 0
	for {
		res, err := q.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(q.url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		if err != nil {
			return written, fmt.Errorf("receive parked clicks: %w", err)
		}
		if len(res.Messages) == 0 {
			return written, nil
		}
		for _, m := range res.Messages {
			var c links.Click
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &c); err != nil {
				return written, fmt.Errorf("decode parked click message %s: %w", aws.ToString(m.MessageId), err)
			}
			if err := w.PutClick(ctx, c); err != nil {
				return written, fmt.Errorf("replay click %s: %w", c.ID, err)
			}
			if _, err := q.client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				return written, fmt.Errorf("delete replayed click %s: %w", c.ID, err)
			}
			written++
		}
	}
}
