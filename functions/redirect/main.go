// Command redirect is the Lambda function behind tracking links: GET and HEAD /{code}.
package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	ctx := context.Background()
	cfg, err := redirect.ConfigFromEnv()
	check("configure", err)
	storeCfg, err := store.ConfigFromEnv()
	check("configure table", err)
	// The consumer waits on every store call: one quick retry, and no attempt may hang.
	storeCfg.MaxAttempts, storeCfg.RequestTimeout = 2, 300*time.Millisecond
	table, err := store.Open(ctx, storeCfg)
	check("open table", err)

	secret := cfg.VisitorSecret
	if cfg.VisitorSecretARN != "" {
		secret, err = secrets.Get(ctx, cfg.VisitorSecretARN)
		check("read visitor secret", err)
	}
	var dead redirect.DeadLetters = deadletter.NewFile(cfg.DeadLetterFile)
	if cfg.DeadLetterQueue != "" {
		awsCfg, err := config.LoadDefaultConfig(ctx)
		check("load AWS config", err)
		dead = deadletter.NewQueue(sqs.NewFromConfig(awsCfg), cfg.DeadLetterQueue)
	}
	h := redirect.New(table, redirect.NewRecorder(table, dead), redirect.NewVisitorKeys(secret), cfg.Options()...)
	lambda.Start(h.Handle)
}

func check(what string, err error) {
	if err != nil {
		slog.Error(what, "err", err)
		os.Exit(1)
	}
}
