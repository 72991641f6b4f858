package deadletter_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
)

// fakeSQS speaks the SQS JSON protocol (X-Amz-Target AmazonSQS.*) for one queue.
type fakeSQS struct {
	mu       sync.Mutex
	messages map[string]string // receipt handle -> body
	next     int
}

func (f *fakeSQS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in map[string]any
	_ = json.NewDecoder(r.Body).Decode(&in)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	md5hex := func(s string) string { sum := md5.Sum([]byte(s)); return hex.EncodeToString(sum[:]) }
	switch r.Header.Get("X-Amz-Target") {
	case "AmazonSQS.SendMessage":
		body, _ := in["MessageBody"].(string)
		f.next++
		f.messages["rh-"+strconv.Itoa(f.next)] = body
		_ = json.NewEncoder(w).Encode(map[string]string{"MessageId": "m-" + strconv.Itoa(f.next), "MD5OfMessageBody": md5hex(body)})
	case "AmazonSQS.ReceiveMessage":
		var msgs []map[string]string
		for rh, body := range f.messages {
			if len(msgs) == 10 {
				break
			}
			msgs = append(msgs, map[string]string{"MessageId": "id-" + rh, "ReceiptHandle": rh, "Body": body, "MD5OfBody": md5hex(body)})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"Messages": msgs})
	case "AmazonSQS.DeleteMessage":
		delete(f.messages, in["ReceiptHandle"].(string))
		_, _ = w.Write([]byte("{}"))
	default:
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"com.amazonaws.sqs#InvalidAction","message":"unknown action"}`))
	}
}

func TestQueueParksAndReplays(t *testing.T) {
	fake := &fakeSQS{messages: map[string]string{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client := sqs.New(sqs.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
	q := deadletter.NewQueue(client, srv.URL+"/123456789012/clicks-dlq")
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, id := range []string{"q1", "q2", "q3"} {
		if err := q.Park(ctx, links.Click{ID: id, At: at, Domain: "hypt.link", Code: "AAAAAAA", WorkspaceID: "w1"}); err != nil {
			t.Fatal(err)
		}
	}
	table := dynamotest.NewTable(t)
	n, err := q.Replay(ctx, table)
	if err != nil || n != 3 || len(fake.messages) != 0 {
		t.Fatalf("replayed %d (%v), %d messages left", n, err, len(fake.messages))
	}
	for _, id := range []string{"q1", "q2", "q3"} {
		if c, err := table.Click(ctx, id); err != nil || !c.At.Equal(at) {
			t.Fatalf("click %s: %+v %v", id, c, err)
		}
	}
}
