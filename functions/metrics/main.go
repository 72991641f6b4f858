// Command metrics is the scheduled Lambda function that pulls social metrics. The
// scheduled event plans a run and sends each unit of it back to this function as an
// asynchronous invocation; those invocations do the pulling.
package main

import (
	"context"
	"log/slog"
	"os"
	_ "time/tzdata" // YouTube quota days are Pacific days, on a minimal runtime image too.

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/hypetrack/hypetrack/shared/fanout"
	"github.com/hypetrack/hypetrack/shared/metricsjob"
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
	jobCfg := metricsjob.Config{
		Store:     table,
		Sealer:    secrets.NewKMSSealer(kms.NewFromConfig(awsCfg), os.Getenv(system.EnvSecretsKey), system.SocialToken),
		Providers: metricsjob.NewLive(),
		Shards:    store.PullShards,
	}
	// Lambda always names the function; outside it (a bootstrap test) units run in-process.
	if name := os.Getenv(fanout.EnvFunctionName); name != "" {
		jobCfg.Dispatcher = fanout.NewLambda(awslambda.NewFromConfig(awsCfg), name)
	}
	job, err := metricsjob.New(jobCfg)
	if err != nil {
		fail("configure job", err)
	}
	lambda.Start(job.Invoke)
}

func fail(what string, err error) {
	slog.Error(what, "err", err)
	os.Exit(1)
}
