// Command metrics is the scheduled Lambda function that pulls social metrics.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hypetrack/hypetrack/shared/metricsjob"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	lambda.Start(metricsjob.New().Handle)
}
