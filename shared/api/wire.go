package api

import (
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// Wire builds the API's services on the table, as both the Lambda's main and the local
// stack do. publicURL is the API's address, shown in webhook URLs.
func Wire(table *store.Table, sealer secrets.Sealer, publicURL string) Services {
	roster := creators.NewService(table)
	return Services{
		Workspaces:  workspaces.NewService(table),
		Creators:    roster,
		Campaigns:   campaigns.NewService(table, roster),
		Connections: connections.NewService(table, sealer, publicURL),
		Tracking:    tracking.NewService(table, sealer),
	}
}
