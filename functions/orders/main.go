// Command orders is the Lambda function on the table's stream that applies accepted order
// and refund webhooks: attribution, ledger and counters, exactly once per event.
package main

import (
	"context"
	"log/slog"
	"os"
	_ "time/tzdata" // Daily counters use the workspace's time zone.

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/orderstream"
	"github.com/hypetrack/hypetrack/shared/store"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		slog.Error("configure", "err", err)
		os.Exit(1)
	}
	table, err := store.Open(context.Background(), cfg)
	if err != nil {
		slog.Error("open table", "err", err)
		os.Exit(1)
	}
	proc := orderflow.New(table, table, table.Clicks())
	lambda.Start(orderstream.New(proc).Handle)
}
