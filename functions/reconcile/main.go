// Command reconcile is the Lambda function that recovers orders whose webhooks never
// arrived, by asking each connection's platform API for recent orders every half hour.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/reconcile"
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
	table, err := store.Open(ctx, cfg)
	if err != nil {
		fail("open table", err)
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail("load AWS config", err)
	}
	// The function opens API credentials and nothing else: not webhook secrets.
	creds := secrets.NewKMSSealer(kms.NewFromConfig(awsCfg), os.Getenv(system.EnvSecretsKey), system.ShopAPICredentials)
	conns := connections.NewService(table, creds, "").WithCredentialSealer(creds)
	lambda.Start(reconcile.New(table, conns).Handle)
}

func fail(what string, err error) {
	slog.Error(what, "err", err)
	os.Exit(1)
}
