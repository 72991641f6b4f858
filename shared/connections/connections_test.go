package connections

import (
	"context"
	"errors"
	"testing"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// memStore keeps connections in memory: the service's rules need no table.
type memStore map[string]Connection

func (m memStore) CreateConnection(_ context.Context, c Connection) error { m[c.ID] = c; return nil }
func (m memStore) Connection(_ context.Context, id string) (Connection, error) {
	c, ok := m[id]
	if !ok {
		return Connection{}, apperr.ErrNotFound
	}
	return c, nil
}
func (m memStore) Connections(context.Context, string) ([]Connection, error) { return nil, nil }
func (m memStore) UpdateConnection(_ context.Context, c Connection) error    { m[c.ID] = c; return nil }

func TestCredentials(t *testing.T) {
	sealer, err := secrets.NewLocalSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	store := memStore{}
	svc := NewService(store, sealer, "https://api.example.com")
	ctx := context.Background()
	tests := []struct {
		name  string
		in    Input
		field string // the field refused; "" when accepted
	}{
		{"shopify without credentials", Input{Platform: "shopify", Shop: "a.myshopify.com", Secret: "shpss_0123456789"}, ""},
		{"shopify with a token", Input{Platform: "shopify", Shop: "a.myshopify.com", Secret: "shpss_0123456789", Credentials: Credentials{AdminToken: "shpat_0123456789"}}, ""},
		{"shopify with a short token", Input{Platform: "shopify", Shop: "a.myshopify.com", Secret: "shpss_0123456789", Credentials: Credentials{AdminToken: "shpat"}}, "adminToken"},
		{"shopify with woo keys", Input{Platform: "shopify", Shop: "a.myshopify.com", Secret: "shpss_0123456789", Credentials: Credentials{ConsumerKey: "ck_0123456789"}}, "adminToken"},
		{"woocommerce keys", Input{Platform: "woocommerce", Shop: "https://shop.example.com", Secret: "0123456789", Credentials: Credentials{ConsumerKey: "ck_0123456789", ConsumerSecret: "cs_0123456789"}}, ""},
		{"woocommerce key without secret", Input{Platform: "woocommerce", Shop: "https://shop.example.com", Secret: "0123456789", Credentials: Credentials{ConsumerKey: "ck_0123456789"}}, "consumerSecret"},
		{"stripe restricted key", Input{Platform: "stripe", Secret: "whsec_0123456789", Credentials: Credentials{APIKey: "rk_live_0123456789"}}, ""},
		{"stripe publishable key", Input{Platform: "stripe", Secret: "whsec_0123456789", Credentials: Credentials{APIKey: "pk_live_0123456789"}}, "apiKey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := svc.Create(ctx, "ws1", tt.in)
			var invalid *validate.Error
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.field != "" && (!errors.As(err, &invalid) || invalid.Fields[0].Field != tt.field):
				t.Fatalf("want a refusal on %s, got %v", tt.field, err)
			case tt.field != "":
				return
			}
			c := store[v.ID]
			if v.Reconciles != (tt.in.Credentials != Credentials{}) || c.Reconciles() != v.Reconciles {
				t.Fatalf("reconciles %v for %+v", v.Reconciles, tt.in.Credentials)
			}
			if !v.Reconciles {
				return
			}
			got, err := svc.Credentials(ctx, c)
			if err != nil || got != tt.in.Credentials {
				t.Fatalf("credentials back: %+v %v", got, err)
			}
			// Credentials sealed for one connection do not open on another.
			other := c
			other.ID = "other"
			if _, err := svc.Credentials(ctx, other); err == nil {
				t.Fatal("credentials opened under another connection's id")
			}
		})
	}
}
