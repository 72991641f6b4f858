package platforms

import (
	"reflect"
	"testing"

	"github.com/hypetrack/hypetrack/shared/orders"
)

func TestRegistry(t *testing.T) {
	r := New()
	want := []orders.Platform{orders.Shopify, orders.Stripe, orders.WooCommerce}
	if got := r.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	for _, name := range want {
		p, ok := r.Lookup(string(name))
		if !ok || p.Name() != name {
			t.Errorf("Lookup(%q) = %v, %v", name, p, ok)
		}
	}
	for _, name := range []string{"", "Shopify", "magento", "shopify/"} {
		if _, ok := r.Lookup(name); ok {
			t.Errorf("Lookup(%q) found a platform", name)
		}
	}
}
