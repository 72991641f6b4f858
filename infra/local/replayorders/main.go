// Command replayorders applies a connection's webhook events again: the ones that failed
// (the default), or every event its inbox holds since a time (-all). Events applied before
// are skipped by their markers, so it is safe to run any number of times. It works on the
// local stack's DynamoDB Local (-endpoint, printed by `make run`) and, without -endpoint,
// on the table named by -table in the AWS account of the environment's credentials.
//
//	go run ./infra/local/replayorders -endpoint http://127.0.0.1:PORT -connection ID
//	go run ./infra/local/replayorders -endpoint http://127.0.0.1:PORT -connection ID -all -since 2026-11-01T00:00:00Z
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // Daily counters use the workspace's time zone.

	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/store"
)

func main() {
	var (
		endpoint   = flag.String("endpoint", os.Getenv(store.EnvEndpoint), "DynamoDB Local's URL; empty for AWS")
		table      = flag.String("table", envOr(store.EnvTable, "hypetrack-local"), "table name")
		connection = flag.String("connection", "", "the connection whose events to apply (required)")
		all        = flag.Bool("all", false, "apply every inbox event of the connection, not only failed ones")
		since      = flag.String("since", "", "with -all: only events received at or after this RFC 3339 time")
	)
	flag.Parse()
	if err := run(*endpoint, *table, *connection, *all, *since); err != nil {
		fmt.Fprintln(os.Stderr, "replayorders:", err)
		os.Exit(1)
	}
}

func run(endpoint, tableName, connection string, all bool, sinceText string) error {
	if connection == "" {
		return errors.New("-connection is required")
	}
	var since time.Time
	if sinceText != "" {
		var err error
		if since, err = time.Parse(time.RFC3339, sinceText); err != nil {
			return fmt.Errorf("-since: %w", err)
		}
	}
	ctx := context.Background()
	table, err := store.Open(ctx, store.Config{Table: tableName, Endpoint: endpoint, Region: os.Getenv("AWS_REGION")})
	if err != nil {
		return err
	}
	conn, err := table.Connection(ctx, connection)
	if err != nil {
		return err
	}
	proc := orderflow.New(table, table, table.Clicks())
	var report orderflow.ReplayReport
	if all {
		list, err := table.Deliveries(ctx, conn.ID, since)
		if err != nil {
			return err
		}
		report, err = proc.ApplyAll(ctx, list)
		if err != nil {
			return err
		}
	} else if report, err = proc.Replay(ctx, conn.WorkspaceID, conn.ID); err != nil {
		return err
	}
	out, _ := json.MarshalIndent(report, "", "  ")
	fmt.Println(string(out))
	if len(report.Failed) > 0 {
		return fmt.Errorf("%d events failed again", len(report.Failed))
	}
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
