package gateway

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// JWT authorizer timing, following what API Gateway documents: public keys are cached for
// up to two hours; exp, nbf and iat are compared with the current time, here allowing a
// few seconds of clock skew between the issuer and the gateway.
const (
	KeyCacheTTL = 2 * time.Hour
	ClockSkew   = 5 * time.Second
	// keyRefetchInterval stops a stream of tokens with unknown kids from fetching the JWKS
	// for each request, while still picking up a rotated key quickly.
	keyRefetchInterval = 10 * time.Second
)

// jwtAlgorithms are the signature algorithms API Gateway accepts: RSA-based only.
var jwtAlgorithms = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512}

// ErrUnauthorized is what every token rejection wraps; the reason follows it.
var ErrUnauthorized = errors.New("unauthorized")

// JWTConfig configures a JWTAuthorizer the way an HTTP API's JWT authorizer is configured.
type JWTConfig struct {
	// Issuer must equal each token's iss. The keys are found through the issuer's OpenID
	// discovery document ({Issuer}/.well-known/openid-configuration), as API Gateway does.
	Issuer string
	// Audience lists the accepted aud values (or client_id when a token has no aud).
	Audience []string
	// HTTPClient fetches the discovery document and the JWKS; nil means a client with a
	// five-second timeout.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// JWTAuthorizer checks bearer tokens as API Gateway's JWT authorizer does: the signature
// with a key from the issuer's JWKS matched by kid (RSA algorithms only), iss equal to the
// configured issuer, aud in the audience list (or, only when there is no aud, client_id),
// exp in the future, nbf and iat in the past. token_use is not checked, so ID and access
// tokens both pass; scopes are not required because no route declares any.
type JWTAuthorizer struct {
	cfg    JWTConfig
	client *http.Client
	now    func() time.Time

	fetchMu sync.Mutex // one fetch at a time

	mu      sync.RWMutex
	keys    map[string]*rsa.PublicKey
	fetched time.Time
}

var _ Authorizer = (*JWTAuthorizer)(nil)

// NewJWTAuthorizer builds an authorizer. It fetches the keys on the first token, so the
// issuer need not be up yet (the local stack serves both on one port).
func NewJWTAuthorizer(cfg JWTConfig) (*JWTAuthorizer, error) {
	cfg.Issuer = strings.TrimRight(cfg.Issuer, "/")
	if cfg.Issuer == "" || len(cfg.Audience) == 0 {
		return nil, errors.New("gateway: a JWT authorizer needs an issuer and at least one audience")
	}
	a := &JWTAuthorizer{cfg: cfg, client: cfg.HTTPClient, now: cfg.Now}
	if a.client == nil {
		a.client = &http.Client{Timeout: 5 * time.Second}
	}
	if a.now == nil {
		a.now = time.Now
	}
	return a, nil
}

// Authorize verifies token and returns its claims rendered as API Gateway renders them
// (every value a string) and its scopes. Every error wraps ErrUnauthorized and never
// contains the token.
func (a *JWTAuthorizer) Authorize(ctx context.Context, token string) (map[string]string, []string, error) {
	jws, err := jose.ParseSignedCompact(token, jwtAlgorithms)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: malformed token or unaccepted algorithm: %v", ErrUnauthorized, err)
	}
	if len(jws.Signatures) != 1 {
		return nil, nil, fmt.Errorf("%w: token must carry one signature", ErrUnauthorized)
	}
	kid := jws.Signatures[0].Header.KeyID
	if kid == "" {
		return nil, nil, fmt.Errorf("%w: token has no kid", ErrUnauthorized)
	}
	key, err := a.key(ctx, kid)
	if err != nil {
		return nil, nil, err
	}
	payload, err := jws.Verify(key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: bad signature", ErrUnauthorized)
	}
	var std jwt.Claims
	if err := json.Unmarshal(payload, &std); err != nil {
		return nil, nil, fmt.Errorf("%w: claims: %v", ErrUnauthorized, err)
	}
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("%w: claims: %v", ErrUnauthorized, err)
	}
	if err := a.validate(std, raw); err != nil {
		return nil, nil, err
	}
	claims := make(map[string]string, len(raw))
	for k, v := range raw {
		if v != nil {
			claims[k] = renderClaim(v)
		}
	}
	return claims, scopes(raw), nil
}

func (a *JWTAuthorizer) validate(std jwt.Claims, raw map[string]any) error {
	if std.Expiry == nil {
		return fmt.Errorf("%w: token has no exp", ErrUnauthorized)
	}
	err := std.ValidateWithLeeway(jwt.Expected{Issuer: a.cfg.Issuer, Time: a.now()}, ClockSkew)
	switch {
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return fmt.Errorf("%w: iss %q is not the configured issuer", ErrUnauthorized, std.Issuer)
	case err != nil:
		return fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}
	// API Gateway checks client_id only when the token has no aud.
	if _, hasAud := raw["aud"]; hasAud {
		for _, aud := range std.Audience {
			if slices.Contains(a.cfg.Audience, aud) {
				return nil
			}
		}
		return fmt.Errorf("%w: aud %v is not an accepted audience", ErrUnauthorized, []string(std.Audience))
	}
	if clientID, ok := raw["client_id"].(string); ok && slices.Contains(a.cfg.Audience, clientID) {
		return nil
	}
	return fmt.Errorf("%w: neither aud nor client_id names an accepted audience", ErrUnauthorized)
}

// key returns the public key with kid, fetching the issuer's JWKS when the cache is older
// than KeyCacheTTL or lacks kid (rotation), but no more often than keyRefetchInterval.
func (a *JWTAuthorizer) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	a.mu.RLock()
	k, ok := a.keys[kid]
	fetched := a.fetched
	a.mu.RUnlock()
	age := a.now().Sub(fetched)
	if ok && age < KeyCacheTTL {
		return k, nil
	}
	if !fetched.IsZero() && age < keyRefetchInterval {
		return nil, fmt.Errorf("%w: no key with the token's kid", ErrUnauthorized)
	}

	a.fetchMu.Lock()
	defer a.fetchMu.Unlock()
	a.mu.RLock()
	k, ok = a.keys[kid]
	fresh := a.fetched.After(fetched)
	a.mu.RUnlock()
	if fresh {
		// Another request fetched while this one waited.
		if !ok {
			return nil, fmt.Errorf("%w: no key with the token's kid", ErrUnauthorized)
		}
		return k, nil
	}
	keys, err := a.fetchKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}
	a.mu.Lock()
	a.keys, a.fetched = keys, a.now()
	a.mu.Unlock()
	if k, ok = keys[kid]; !ok {
		return nil, fmt.Errorf("%w: no key with the token's kid", ErrUnauthorized)
	}
	return k, nil
}

// fetchKeys reads the issuer's discovery document for its jwks_uri and then the RSA
// signing keys it publishes.
func (a *JWTAuthorizer) fetchKeys(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	var discovery struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := a.getJSON(ctx, a.cfg.Issuer+"/.well-known/openid-configuration", &discovery); err != nil {
		return nil, err
	}
	if discovery.Issuer != a.cfg.Issuer || discovery.JWKSURI == "" {
		return nil, fmt.Errorf("discovery document of %s names issuer %q and jwks_uri %q", a.cfg.Issuer, discovery.Issuer, discovery.JWKSURI)
	}
	var set jose.JSONWebKeySet
	if err := a.getJSON(ctx, discovery.JWKSURI, &set); err != nil {
		return nil, err
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok || k.KeyID == "" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		keys[k.KeyID] = pub
	}
	return keys, nil
}

func (a *JWTAuthorizer) getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", url, err)
	}
	res, err := a.client.Do(req)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", url, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch %s: status %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", url, err)
	}
	return nil
}

// renderClaim writes a claim value as API Gateway passes it to the function: strings as
// they are, numbers and booleans as their JSON text, arrays as "[a b]", objects as JSON.
func renderClaim(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			parts = append(parts, renderClaim(e))
		}
		return "[" + strings.Join(parts, " ") + "]"
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// scopes reads the token's scopes from its space-separated scope claim (or scp).
func scopes(raw map[string]any) []string {
	var out []string
	for _, name := range []string{"scope", "scp"} {
		switch v := raw[name].(type) {
		case string:
			out = append(out, strings.Fields(v)...)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}
