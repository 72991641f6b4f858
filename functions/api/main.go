// Command api is the Lambda function behind the marketers' campaign API.
package main

import (
	"context"
	"log/slog"
	"os"
	_ "time/tzdata" // Workspace time zones must resolve on a minimal runtime image.

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hypetrack/hypetrack/shared/api"
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
	keys := kms.NewFromConfig(awsCfg)
	sealer := secrets.NewKMSSealer(keys, os.Getenv(system.EnvSecretsKey), system.WebhookSigningSecret)
	credentials := secrets.NewKMSSealer(keys, os.Getenv(system.EnvSecretsKey), system.ShopAPICredentials)
	services := api.Wire(table, sealer, os.Getenv(system.EnvPublicURL), api.WithCredentialSealer(credentials),
		api.WithSocialSealer(secrets.NewKMSSealer(keys, os.Getenv(system.EnvSecretsKey), system.SocialToken)))
	lambda.Start(api.New(services).Handle)
}

func fail(what string, err error) {
	slog.Error(what, "err", err)
	os.Exit(1)
}
