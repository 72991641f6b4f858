// Command resultspack is the Lambda function on the table's stream that packs the
// campaign results' counters into the monthly items a dashboard reads.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hypetrack/hypetrack/shared/resultspack"
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
	lambda.Start(resultspack.New(table).Handle)
}
