// Package connections holds a workspace's e-commerce connections: a Shopify shop, a
// WooCommerce site or a Stripe account whose order webhooks Hypetrack receives. Each has a
// webhook signing secret, sealed before it is stored and never shown again after creation.
package connections

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Platforms that can be connected.
var Platforms = []string{"shopify", "woocommerce", "stripe"}

// Connection is one shop or payment account.
type Connection struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	Platform    string `json:"platform"`
	Name        string `json:"name"`
	// Shop is the shop's domain (Shopify: name.myshopify.com), site URL (WooCommerce) or
	// account id (Stripe).
	Shop string `json:"shop"`
	// SealedSecret is the webhook signing secret, sealed. It never leaves the store layer
	// in an API response.
	SealedSecret []byte `json:"sealedSecret,omitempty"`
	// SealedCredentials are the platform API credentials reconciliation reads orders
	// with, sealed; empty when the marketer gave none.
	SealedCredentials []byte    `json:"sealedCredentials,omitempty"`
	Disabled          bool      `json:"disabled,omitempty"`
	Created           time.Time `json:"createdAt"`
	Version           int64     `json:"version"`
}

// Reconciles reports whether the connection has API credentials to reconcile with.
func (c Connection) Reconciles() bool { return len(c.SealedCredentials) > 0 && !c.Disabled }

// Credentials are a connection's read access to its platform's API, for reconciliation:
// orders a webhook never delivered are fetched with them.
type Credentials struct {
	// AdminToken is a Shopify Admin API access token (shpat_...) with read_orders.
	AdminToken string `json:"adminToken,omitempty"`
	// ConsumerKey and ConsumerSecret are WooCommerce REST API keys (ck_..., cs_...) with
	// read permission.
	ConsumerKey    string `json:"consumerKey,omitempty"`
	ConsumerSecret string `json:"consumerSecret,omitempty"`
	// APIKey is a Stripe restricted key (rk_...) that may read events.
	APIKey string `json:"apiKey,omitempty"`
}

// empty reports whether no credential was given.
func (c Credentials) empty() bool { return c == Credentials{} }

// View is what the API shows of a connection: never the secret, always the URL to paste.
type View struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	Platform    string `json:"platform"`
	Name        string `json:"name"`
	Shop        string `json:"shop"`
	WebhookURL  string `json:"webhookUrl"`
	// Reconciles is set when the connection has API credentials: missing orders are
	// recovered from the platform's API every hour.
	Reconciles bool      `json:"reconciles"`
	Disabled   bool      `json:"disabled"`
	Created    time.Time `json:"createdAt"`
	Version    int64     `json:"version"`
}

// Store is what connections need from storage.
type Store interface {
	CreateConnection(ctx context.Context, c Connection) error
	Connection(ctx context.Context, id string) (Connection, error)
	Connections(ctx context.Context, workspaceID string) ([]Connection, error)
	UpdateConnection(ctx context.Context, c Connection) error
}

// Service manages connections.
type Service struct {
	store   Store
	sealer  secrets.Sealer
	creds   secrets.Sealer
	baseURL string
	now     func() time.Time
}

// NewService builds the service; baseURL is where webhooks reach the API
// (https://api.example.com), used to show the webhook URL.
func NewService(s Store, sealer secrets.Sealer, baseURL string) *Service {
	return &Service{store: s, sealer: sealer, creds: sealer, baseURL: strings.TrimRight(baseURL, "/"), now: time.Now}
}

// WithCredentialSealer seals API credentials with their own sealer (in the cloud a KMS
// key grant of another kind than webhook secrets, so that the webhook function cannot
// open them).
func (s *Service) WithCredentialSealer(sealer secrets.Sealer) *Service {
	s.creds = sealer
	return s
}

// Input is what a marketer sends to connect a shop.
type Input struct {
	Platform string `json:"platform"`
	Name     string `json:"name"`
	Shop     string `json:"shop"`
	// Secret is the webhook signing secret: Shopify's app client secret, the secret typed
	// into WooCommerce's webhook form, or Stripe's whsec_ endpoint secret.
	Secret string `json:"secret"`
	// Credentials, optional, let reconciliation fetch orders whose webhooks never came.
	Credentials
}

// Create seals the secret and stores the connection.
func (s *Service) Create(ctx context.Context, workspaceID string, in Input) (View, error) {
	in.Platform = strings.ToLower(strings.TrimSpace(in.Platform))
	in.Shop = strings.TrimSpace(in.Shop)
	if err := check(in); err != nil {
		return View{}, err
	}
	c := Connection{ID: ids.New(), WorkspaceID: workspaceID, Platform: in.Platform, Name: strings.TrimSpace(in.Name),
		Shop: strings.ToLower(in.Shop), Created: s.now().UTC(), Version: 1}
	sealed, err := s.sealer.Seal(ctx, []byte(in.Secret), c.ID)
	if err != nil {
		return View{}, fmt.Errorf("seal secret of %s: %w", c.ID, err)
	}
	c.SealedSecret = sealed
	if !in.Credentials.empty() {
		if c.SealedCredentials, err = s.sealCredentials(ctx, c.ID, in.Credentials); err != nil {
			return View{}, err
		}
	}
	if err := s.store.CreateConnection(ctx, c); err != nil {
		return View{}, err
	}
	return s.View(c), nil
}

// View hides the secret and adds the webhook URL.
func (s *Service) View(c Connection) View {
	return View{ID: c.ID, WorkspaceID: c.WorkspaceID, Platform: c.Platform, Name: c.Name, Shop: c.Shop,
		WebhookURL: s.baseURL + "/webhooks/" + c.Platform + "/" + c.ID, Reconciles: c.Reconciles(), Disabled: c.Disabled,
		Created: c.Created, Version: c.Version}
}

// List shows a workspace's connections.
func (s *Service) List(ctx context.Context, workspaceID string) ([]View, error) {
	list, err := s.store.Connections(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	out := make([]View, len(list))
	for i, c := range list {
		out[i] = s.View(c)
	}
	return out, nil
}

// Get reads a connection of the workspace.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (Connection, error) {
	if !ids.Valid(id) {
		return Connection{}, fmt.Errorf("connection %q: %w", id, apperr.ErrNotFound)
	}
	c, err := s.store.Connection(ctx, id)
	if err != nil {
		return Connection{}, err
	}
	if c.WorkspaceID != workspaceID {
		return Connection{}, fmt.Errorf("connection %s: %w", id, apperr.ErrNotFound)
	}
	return c, nil
}

// Disable stops accepting the connection's webhooks; its orders stay.
func (s *Service) Disable(ctx context.Context, workspaceID, id string) (View, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil || c.Disabled {
		return s.View(c), err
	}
	c.Disabled = true
	c.Version++
	if err := s.store.UpdateConnection(ctx, c); err != nil {
		return View{}, err
	}
	return s.View(c), nil
}

// Secret opens a connection's signing secret, for the webhook function alone.
func (s *Service) Secret(ctx context.Context, c Connection) ([]byte, error) {
	return s.sealer.Open(ctx, c.SealedSecret, c.ID)
}

// SetCredentials replaces a connection's API credentials; empty credentials remove them
// and stop reconciliation.
func (s *Service) SetCredentials(ctx context.Context, workspaceID, id string, in Credentials) (View, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return View{}, err
	}
	var v validate.Errors
	checkCredentials(&v, c.Platform, in)
	if err := v.Err(); err != nil {
		return View{}, err
	}
	c.SealedCredentials = nil
	if !in.empty() {
		if c.SealedCredentials, err = s.sealCredentials(ctx, c.ID, in); err != nil {
			return View{}, err
		}
	}
	c.Version++
	if err := s.store.UpdateConnection(ctx, c); err != nil {
		return View{}, err
	}
	return s.View(c), nil
}

// credentialsContext binds sealed credentials to their connection, apart from its secret.
func credentialsContext(id string) string { return id + "/api" }

func (s *Service) sealCredentials(ctx context.Context, id string, in Credentials) ([]byte, error) {
	plain, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("encode credentials of %s: %w", id, err)
	}
	sealed, err := s.creds.Seal(ctx, plain, credentialsContext(id))
	if err != nil {
		return nil, fmt.Errorf("seal credentials of %s: %w", id, err)
	}
	return sealed, nil
}

// Credentials opens a connection's API credentials, for the reconciliation job alone.
func (s *Service) Credentials(ctx context.Context, c Connection) (Credentials, error) {
	plain, err := s.creds.Open(ctx, c.SealedCredentials, credentialsContext(c.ID))
	if err != nil {
		return Credentials{}, fmt.Errorf("open credentials of %s: %w", c.ID, err)
	}
	var out Credentials
	if err := json.Unmarshal(plain, &out); err != nil {
		return Credentials{}, fmt.Errorf("decode credentials of %s: %w", c.ID, err)
	}
	return out, nil
}

// checkCredentials validates API credentials for a platform; all empty is valid.
func checkCredentials(v *validate.Errors, platform string, in Credentials) {
	if in.empty() {
		return
	}
	token := func(field, value, prefix, what string) {
		if len(value) < 8 || len(value) > 512 || strings.ContainsAny(value, " \t\n") || (prefix != "" && !strings.HasPrefix(value, prefix)) {
			v.Add(field, "invalid", "must be %s", what)
		}
	}
	switch platform {
	case "shopify":
		token("adminToken", in.AdminToken, "", "the shop's Admin API access token (shpat_...) with read_orders")
		if in.ConsumerKey != "" || in.ConsumerSecret != "" || in.APIKey != "" {
			v.Add("adminToken", "not-allowed", "a Shopify connection takes an adminToken only")
		}
	case "woocommerce":
		token("consumerKey", in.ConsumerKey, "ck_", "a WooCommerce REST API consumer key (ck_...)")
		token("consumerSecret", in.ConsumerSecret, "cs_", "a WooCommerce REST API consumer secret (cs_...)")
		if in.AdminToken != "" || in.APIKey != "" {
			v.Add("consumerKey", "not-allowed", "a WooCommerce connection takes consumerKey and consumerSecret only")
		}
	case "stripe":
		if !strings.HasPrefix(in.APIKey, "rk_") && !strings.HasPrefix(in.APIKey, "sk_") {
			v.Add("apiKey", "invalid", "must be a Stripe restricted key (rk_...) that may read events")
		} else {
			token("apiKey", in.APIKey, "", "a Stripe restricted key (rk_...) that may read events")
		}
		if in.AdminToken != "" || in.ConsumerKey != "" || in.ConsumerSecret != "" {
			v.Add("apiKey", "not-allowed", "a Stripe connection takes an apiKey only")
		}
	}
}

func check(in Input) error {
	var v validate.Errors
	v.OneOf("platform", in.Platform, Platforms...)
	v.MaxLen("name", in.Name, 80)
	if len(in.Secret) < 8 || len(in.Secret) > 512 {
		v.Add("secret", "invalid", "must be the platform's webhook signing secret (8 to 512 characters)")
	}
	switch in.Platform {
	case "shopify":
		if !strings.HasSuffix(strings.ToLower(in.Shop), ".myshopify.com") || strings.ContainsAny(in.Shop, "/: ") {
			v.Add("shop", "invalid", "must be the shop's myshopify.com domain, such as brand.myshopify.com")
		}
	case "woocommerce":
		u, err := url.Parse(in.Shop)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			v.Add("shop", "invalid", "must be the store's address, such as https://shop.example.com")
		}
	case "stripe":
		if in.Shop != "" && !strings.HasPrefix(in.Shop, "acct_") {
			v.Add("shop", "invalid", "must be a Stripe account id such as acct_1A2b3C, or empty")
		}
		if !strings.HasPrefix(in.Secret, "whsec_") {
			v.Add("secret", "invalid", "must be the endpoint's signing secret, which starts with whsec_")
		}
	}
	checkCredentials(&v, in.Platform, in.Credentials)
	return v.Err()
}
