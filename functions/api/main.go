// Command api is the Lambda function behind the marketers' campaign API.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hypetrack/hypetrack/shared/api"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	lambda.Start(api.New().Handle)
}
