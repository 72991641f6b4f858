package store

import (
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// awsHTTPClient bounds each attempt, so that retries stay inside the caller's deadline
// rather than one slow attempt eating all of it.
func awsHTTPClient(timeout time.Duration) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTimeout(timeout)
}
