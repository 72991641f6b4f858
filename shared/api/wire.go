package api

import (
	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// The store serves campaign results their entities.
var _ results.EntityStore = (*store.Table)(nil)

// WireOption changes how Wire builds the services.
type WireOption func(*wiring)

type wiring struct {
	credentials secrets.Sealer
	social      secrets.Sealer
}

// WithCredentialSealer seals connections' API credentials with their own sealer (a KMS
// grant of the shop-api kind in the cloud); without it the webhook secret's sealer does.
func WithCredentialSealer(s secrets.Sealer) WireOption {
	return func(w *wiring) { w.credentials = s }
}

// WithSocialSealer seals creators' social tokens and workspace API keys with their own
// sealer (a KMS grant of the social-token kind in the cloud); without it the webhook
// secret's sealer does.
func WithSocialSealer(s secrets.Sealer) WireOption {
	return func(w *wiring) { w.social = s }
}

// Wire builds the API's services on the table, as both the Lambda's main and the local
// stack do. publicURL is the API's address, shown in webhook URLs.
func Wire(table *store.Table, sealer secrets.Sealer, publicURL string, opts ...WireOption) Services {
	w := wiring{credentials: sealer, social: sealer}
	for _, o := range opts {
		o(&w)
	}
	roster := creators.NewService(table)
	defaultDomain, customDomains := links.DomainsFromEnv()
	return Services{
		Links:       links.NewService(table, links.WithDomains(defaultDomain, customDomains...), links.WithPublicBase(publicURL)),
		Analytics:   analytics.NewService(table),
		Workspaces:  workspaces.NewService(table),
		Creators:    roster,
		Campaigns:   campaigns.NewService(table, roster),
		Connections: connections.NewService(table, sealer, publicURL).WithCredentialSealer(w.credentials),
		Orders:      orderflow.NewViews(table),
		Processor:   orderflow.New(table, table, table.Clicks()),
		Tracking:    tracking.NewService(table, w.social),
		Results:     results.NewService(results.NewEntityReader(table, table.Results())),
	}
}
