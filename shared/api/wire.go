package api

import (
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// The store serves campaign results their entities.
var _ results.EntityStore = (*store.Table)(nil)

// Wire builds the API's services on the table, as both the Lambda's main and the local
// stack do. publicURL is the API's address, shown in webhook URLs.
//
// Results read the campaign's entities from the table and, until the click, order and
// content counters exist, no daily aggregates: figures that need them are "no data".
func Wire(table *store.Table, sealer secrets.Sealer, publicURL string) Services {
	roster := creators.NewService(table)
	return Services{
		Workspaces:  workspaces.NewService(table),
		Creators:    roster,
		Campaigns:   campaigns.NewService(table, roster),
		Connections: connections.NewService(table, sealer, publicURL),
		Results:     results.NewService(results.NewEntityReader(table, results.NoAggregates{})),
	}
}
