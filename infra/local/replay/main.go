// Command replay writes parked clicks (those the redirect could not store) to the table
// again. Each click is stored once however often it is replayed, so it is safe to run at
// any time; the stream consumer then counts the replayed clicks.
//
//	go run ./infra/local/replay -table hypetrack-local -endpoint http://127.0.0.1:PORT   # local file
//	go run ./infra/local/replay -table hypetrack-prod -queue https://sqs.../clicks-dlq  # cloud queue
//
// The local stack replays its file by itself every few seconds; this command is for a
// stack that is down, and for the cloud's dead-letter queue.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/repo"
	"github.com/hypetrack/hypetrack/shared/store"
)

func main() {
	var (
		table    = flag.String("table", "hypetrack-local", "table name")
		endpoint = flag.String("endpoint", "", "DynamoDB Local URL; empty means AWS")
		file     = flag.String("file", ".local/clicks-deadletter.jsonl", "parked clicks file, relative to the repository root")
		queue    = flag.String("queue", "", "SQS queue URL of parked clicks; replaces -file")
	)
	flag.Parse()
	n, err := run(context.Background(), *table, *endpoint, *file, *queue)
	fmt.Printf("replayed %d clicks\n", n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, table, endpoint, file, queue string) (int, error) {
	t, err := store.Open(ctx, store.Config{Table: table, Endpoint: endpoint})
	if err != nil {
		return 0, err
	}
	if queue != "" {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return 0, fmt.Errorf("load AWS config: %w", err)
		}
		return deadletter.NewQueue(sqs.NewFromConfig(cfg), queue).Replay(ctx, t)
	}
	if !filepath.IsAbs(file) {
		root, err := repo.Root()
		if err != nil {
			return 0, err
		}
		file = filepath.Join(root, file)
	}
	return deadletter.NewFile(file).Replay(ctx, t)
}
