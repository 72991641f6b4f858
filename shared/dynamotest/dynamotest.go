// Package dynamotest gives tests a real DynamoDB: DynamoDB Local, with a fresh table from
// the shared schema for every test.
//
// `make test` starts one engine for the whole run and passes its endpoint in
// HYPETRACK_TEST_DYNAMODB_ENDPOINT; a package tested alone with `go test` starts its own
// from TestMain. Nothing is skipped: if Java or the engine is missing, the run fails with
// the command that installs it.
package dynamotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/hypetrack/hypetrack/shared/dynamolocal"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

// EnvEndpoint names a running DynamoDB Local that tests share.
const EnvEndpoint = "HYPETRACK_TEST_DYNAMODB_ENDPOINT"

var endpoint string

// Main runs a package's tests against DynamoDB Local. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }
func Main(m *testing.M) int {
	endpoint = os.Getenv(EnvEndpoint)
	if endpoint != "" {
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	inst, err := dynamolocal.Start(ctx, dynamolocal.Options{})
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "dynamotest: %v\n", err)
		return 1
	}
	defer inst.Stop()
	endpoint = inst.Endpoint
	return m.Run()
}

// Endpoint is the DynamoDB Local URL the package's tests use.
func Endpoint(t testing.TB) string {
	t.Helper()
	if endpoint == "" {
		t.Fatal("dynamotest: no DynamoDB Local; call dynamotest.Main from the package's TestMain")
	}
	return endpoint
}

// Config returns a store configuration for a table on the test engine.
func Config(t testing.TB, table string) store.Config {
	return store.Config{Table: table, Endpoint: Endpoint(t), Region: "us-east-1"}
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

// NewTable creates a table from the shared schema for this test alone and deletes it when
// the test ends, so tests run in parallel without seeing each other's items.
func NewTable(t testing.TB) *store.Table {
	t.Helper()
	ctx := context.Background()
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	name := unsafeName.ReplaceAllString(t.Name(), "-")
	if len(name) > 200 {
		name = name[:200]
	}
	name = "t-" + name + "-" + hex.EncodeToString(suffix)
	table, err := store.Open(ctx, Config(t, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateTable(ctx, table.DB, name, system.Table); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = table.DB.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	return table
}
