// Package platforms is the registry the webhook handler looks platforms up in by the
// {platform} path segment of POST /webhooks/{platform}/{connection}.
package platforms

import (
	"sort"

	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/platforms/shopify"
	"github.com/hypetrack/hypetrack/shared/platforms/stripe"
	"github.com/hypetrack/hypetrack/shared/platforms/woocommerce"
	"github.com/hypetrack/hypetrack/shared/webhook"
)

// Registry maps platform names to their verifier and parser. It is read-only after New,
// so a warm Lambda container can share one across invocations.
type Registry struct {
	byName map[orders.Platform]webhook.Platform
}

// New returns a registry of Shopify, WooCommerce and Stripe, each built with opts.
func New(opts ...webhook.Option) *Registry {
	r := &Registry{byName: map[orders.Platform]webhook.Platform{}}
	for _, p := range []webhook.Platform{shopify.New(opts...), woocommerce.New(opts...), stripe.New(opts...)} {
		r.byName[p.Name()] = p
	}
	return r
}

// Lookup returns the platform called name ("shopify", "woocommerce", "stripe"); an
// unknown name is the handler's 404.
func (r *Registry) Lookup(name string) (webhook.Platform, bool) {
	p, ok := r.byName[orders.Platform(name)]
	return p, ok
}

// Names lists the registered platforms in alphabetical order.
func (r *Registry) Names() []orders.Platform {
	names := make([]orders.Platform, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	return names
}
