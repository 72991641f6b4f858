// Command webhook is the Lambda function that takes shop platforms' order and refund webhooks.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	ctx := context.Background()
	cfg, err := store.ConfigFromEnv()
	if err != nil {
		fail("configure", err)
	}
	// A platform waits seconds, not minutes: few, short attempts keep a slow store's answer
	// a 503 inside the platform's timeout.
	cfg.MaxAttempts, cfg.RequestTimeout, cfg.MaxBackoff = intake.StoreAttempts, intake.StoreAttemptTimeout, intake.StoreMaxBackoff
	table, err := store.Open(ctx, cfg)
	if err != nil {
		fail("open table", err)
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail("load AWS config", err)
	}
	sealer := secrets.NewKMSSealer(kms.NewFromConfig(awsCfg), os.Getenv(system.EnvSecretsKey), system.WebhookSigningSecret)
	h := intake.New(intake.Deps{
		Connections: table,
		Secrets:     connections.NewService(table, sealer, ""),
		Inbox:       table,
		Notes:       table,
	})
	lambda.Start(h.Handle)
}

func fail(what string, err error) {
	slog.Error(what, "err", err)
	os.Exit(1)
}
