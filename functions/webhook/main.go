// Command webhook is the Lambda function that takes shop platforms' order and refund webhooks.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hypetrack/hypetrack/shared/intake"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	lambda.Start(intake.New().Handle)
}
