// Command repackresults rebuilds the packed months the campaign results read from the
// counters themselves, for one campaign or every campaign of a workspace. The
// resultspack function keeps them current from the table's stream; this is for changes
// the stream could not deliver (a failed batch past its retries sits in the function's
// failure queue; stream records older than 24 hours are gone). It is safe to run at any
// time and any number of times, also while the stream is running. It works on the local
// stack's DynamoDB Local (-endpoint, printed by `make run`) and, without -endpoint, on the
// table named by -table in the AWS account of the environment's credentials.
//
//	go run ./infra/local/repackresults -endpoint http://127.0.0.1:PORT -workspace ID [-campaign ID]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/store"
)

func main() {
	var (
		endpoint  = flag.String("endpoint", os.Getenv(store.EnvEndpoint), "DynamoDB Local's URL; empty for AWS")
		table     = flag.String("table", envOr(store.EnvTable, "hypetrack-local"), "table name")
		workspace = flag.String("workspace", "", "the workspace (required)")
		campaign  = flag.String("campaign", "", "the campaign; empty for every campaign of the workspace")
	)
	flag.Parse()
	if err := run(*endpoint, *table, *workspace, *campaign); err != nil {
		fmt.Fprintln(os.Stderr, "repackresults:", err)
		os.Exit(1)
	}
}

func run(endpoint, tableName, workspace, campaign string) error {
	if workspace == "" {
		return errors.New("-workspace is required")
	}
	ctx := context.Background()
	table, err := store.Open(ctx, store.Config{Table: tableName, Endpoint: endpoint, Region: os.Getenv("AWS_REGION")})
	if err != nil {
		return err
	}
	var list []campaigns.Campaign
	if campaign != "" {
		c, err := table.Campaign(ctx, workspace, campaign)
		if err != nil {
			return err
		}
		list = append(list, c)
	} else if list, err = table.Campaigns(ctx, workspace); err != nil {
		return err
	}
	for _, c := range list {
		members, err := table.CampaignMembers(ctx, workspace, c.ID)
		if err != nil {
			return err
		}
		creators := make([]string, len(members))
		for i, m := range members {
			creators[i] = m.CreatorID
		}
		if err := table.RepackResults(ctx, workspace, c.ID, creators); err != nil {
			return err
		}
		fmt.Printf("repacked %s (%s), %d creators\n", c.ID, c.Name, len(creators))
	}
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
