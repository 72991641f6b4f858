// Command clickreplay is the Lambda function that writes the clicks the redirect parked
// (because the table could not take them in time) back to the table, every five minutes.
// Each click is stored once however often it is replayed; the clickstats stream consumer
// then counts it.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/store"
)

// replayer drains parked clicks into a writer.
type replayer interface {
	Replay(ctx context.Context, w deadletter.ClickWriter) (int, error)
}

// summary is the run's answer, logged by Lambda for scheduled invocations.
type summary struct {
	Replayed int `json:"replayed"`
}

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	ctx := context.Background()
	cfg, err := store.ConfigFromEnv()
	check("configure table", err)
	table, err := store.Open(ctx, cfg)
	check("open table", err)
	// The redirect's own variables say where its clicks wait: a queue in the cloud, a file
	// in a local run.
	file, url := os.Getenv(redirect.EnvDeadLetterFile), os.Getenv(redirect.EnvDeadLetterQueue)
	if file == "" && url == "" {
		check("configure", fmt.Errorf("set %s or %s", redirect.EnvDeadLetterQueue, redirect.EnvDeadLetterFile))
	}
	var parked replayer = deadletter.NewFile(file)
	if url != "" {
		awsCfg, err := config.LoadDefaultConfig(ctx)
		check("load AWS config", err)
		parked = deadletter.NewQueue(sqs.NewFromConfig(awsCfg), url)
	}
	lambda.Start(func(ctx context.Context, _ events.EventBridgeEvent) (summary, error) {
		n, err := parked.Replay(ctx, table)
		if n > 0 || err != nil {
			slog.Info("replayed parked clicks", "written", n, "err", err)
		}
		return summary{Replayed: n}, err
	})
}

func check(what string, err error) {
	if err != nil {
		slog.Error(what, "err", err)
		os.Exit(1)
	}
}
