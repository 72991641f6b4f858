package gateway_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/hypetrack/hypetrack/infra/local/gateway"
	"github.com/hypetrack/hypetrack/infra/local/idp"
	"github.com/hypetrack/hypetrack/infra/local/idp/idptest"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/system"
)

// forge signs claims with a key the issuer does not publish, under header kid.
func forge(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) string {
	t.Helper()
	opts := &jose.SignerOptions{}
	var signingKey any = key
	if kid != "" {
		signingKey = jose.JSONWebKey{Key: key, KeyID: kid}
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: signingKey}, opts)
	if err != nil {
		t.Fatal(err)
	}
	token, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestJWTAuthorizerChecksTokensAsAPIGatewayDoes(t *testing.T) {
	iss := idptest.NewIssuer(t)
	tokens := iss.Token(t, "ana@brand.example")
	kid := iss.KeySet().Keys[0].KeyID
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	idClaims := func(change func(map[string]any)) map[string]any {
		c := map[string]any{
			"sub": "u-1", "email": "ana@brand.example", "email_verified": true, "aud": idp.LocalClientID,
			"iss": iss.URL, "token_use": "id", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
			"auth_time": now.Unix(), "cognito:groups": []string{"admins", "editors"},
		}
		if change != nil {
			change(c)
		}
		return c
	}
	sign := func(change func(map[string]any)) string {
		token, err := iss.Sign(idClaims(change))
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct {
		name       string
		token      string
		wantClaims map[string]string
		wantScopes []string
		wantWhy    string
	}{
		{name: "ID token from the flow", token: tokens.IDToken,
			wantClaims: map[string]string{"aud": idp.LocalClientID, "email_verified": "true", "token_use": "id", "email": "ana@brand.example"}},
		{name: "access token (client_id, no aud)", token: tokens.AccessToken,
			wantClaims: map[string]string{"client_id": idp.LocalClientID, "token_use": "access", "version": "2"},
			wantScopes: []string{"openid", "email", "profile"}},
		{name: "claims rendered as strings", token: sign(nil),
			wantClaims: map[string]string{"cognito:groups": "[admins editors]", "exp": strconv.FormatInt(now.Add(time.Hour).Unix(), 10), "email_verified": "true"}},
		{name: "expired within the clock skew", token: sign(func(c map[string]any) { c["exp"] = now.Add(-2 * time.Second).Unix() })},
		{name: "token_use is not checked", token: sign(func(c map[string]any) { c["token_use"] = "anything" })},

		{name: "empty", token: "", wantWhy: "malformed"},
		{name: "malformed", token: "not-a-jwt", wantWhy: "malformed"},
		{name: "three garbage parts", token: "a.b.c", wantWhy: "malformed"},
		{name: "alg none", token: b64([]byte(`{"alg":"none","kid":"`+kid+`"}`)) + "." + b64([]byte(`{"sub":"u-1","aud":"`+idp.LocalClientID+`","iss":"`+iss.URL+`","exp":9999999999}`)) + ".", wantWhy: "algorithm"},
		{name: "HS256 (a shared secret, not RSA)", token: forge(t, jose.HS256, []byte(strings.Repeat("k", 32)), kid, idClaims(nil)), wantWhy: "algorithm"},
		{name: "bad signature (other key, our kid)", token: forge(t, jose.RS256, otherKey, kid, idClaims(nil)), wantWhy: "signature"},
		{name: "unknown kid", token: forge(t, jose.RS256, otherKey, "someone-else", idClaims(nil)), wantWhy: "kid"},
		{name: "no kid", token: forge(t, jose.RS256, otherKey, "", idClaims(nil)), wantWhy: "kid"},
		{name: "wrong issuer", token: sign(func(c map[string]any) { c["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" }), wantWhy: "issuer"},
		{name: "no issuer", token: sign(func(c map[string]any) { delete(c, "iss") }), wantWhy: "issuer"},
		{name: "wrong audience", token: sign(func(c map[string]any) { c["aud"] = "other-app" }), wantWhy: "audience"},
		{name: "wrong aud wins over a good client_id", token: sign(func(c map[string]any) { c["aud"] = "other-app"; c["client_id"] = idp.LocalClientID }), wantWhy: "audience"},
		{name: "access token of another client", token: sign(func(c map[string]any) { delete(c, "aud"); c["client_id"] = "other-app" }), wantWhy: "audience"},
		{name: "neither aud nor client_id", token: sign(func(c map[string]any) { delete(c, "aud") }), wantWhy: "audience"},
		{name: "expired", token: sign(func(c map[string]any) { c["exp"] = now.Add(-time.Minute).Unix() }), wantWhy: "expired"},
		{name: "no exp", token: sign(func(c map[string]any) { delete(c, "exp") }), wantWhy: "exp"},
		{name: "not yet valid", token: sign(func(c map[string]any) { c["nbf"] = now.Add(time.Minute).Unix() }), wantWhy: "nbf"},
		{name: "issued in the future", token: sign(func(c map[string]any) { c["iat"] = now.Add(time.Minute).Unix() }), wantWhy: "iat"},
	}
	auth := iss.Authorizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, scopes, err := auth.Authorize(context.Background(), tt.token)
			if tt.wantWhy != "" {
				if !errors.Is(err, gateway.ErrUnauthorized) || !strings.Contains(err.Error(), tt.wantWhy) {
					t.Fatalf("got %v, want a rejection mentioning %q", err, tt.wantWhy)
				}
				if tt.token != "" && strings.Contains(err.Error(), tt.token) {
					t.Fatal("the error must not contain the token")
				}
				return
			}
			if err != nil {
				t.Fatalf("rejected a good token: %v", err)
			}
			for k, want := range tt.wantClaims {
				if claims[k] != want {
					t.Errorf("claim %s = %q, want %q", k, claims[k], want)
				}
			}
			if !reflect.DeepEqual(scopes, tt.wantScopes) {
				t.Errorf("scopes %v, want %v", scopes, tt.wantScopes)
			}
		})
	}
}

// countingTransport counts requests per path, to see what the authorizer fetches.
type countingTransport struct{ jwks, discovery atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Path {
	case idp.PathJWKS:
		c.jwks.Add(1)
	case idp.PathDiscovery:
		c.discovery.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestJWTAuthorizerCachesKeys(t *testing.T) {
	iss := idptest.NewIssuer(t)
	counter := &countingTransport{}
	clock := time.Now()
	auth, err := gateway.NewJWTAuthorizer(gateway.JWTConfig{
		Issuer: iss.URL, Audience: []string{idp.LocalClientID},
		HTTPClient: &http.Client{Transport: counter}, Now: func() time.Time { return clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	token := iss.IDToken(t, "ana@brand.example")
	for range 5 {
		if _, _, err := auth.Authorize(context.Background(), token); err != nil {
			t.Fatal(err)
		}
	}
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	unknown := forge(t, jose.RS256, otherKey, "rotated-in", map[string]any{"aud": idp.LocalClientID, "iss": iss.URL, "exp": clock.Add(time.Hour).Unix()})
	for range 3 {
		_, _, _ = auth.Authorize(context.Background(), unknown)
	}
	if counter.jwks.Load() != 1 || counter.discovery.Load() != 1 {
		t.Fatalf("fetched the JWKS %d and discovery %d times, want once each", counter.jwks.Load(), counter.discovery.Load())
	}
	// The token is expired by then; what matters here is that the keys were fetched again.
	clock = clock.Add(gateway.KeyCacheTTL + time.Second)
	_, _, _ = auth.Authorize(context.Background(), token)
	if counter.jwks.Load() != 2 {
		t.Fatalf("after %s the keys must be fetched again; fetched %d times", gateway.KeyCacheTTL, counter.jwks.Load())
	}
}

func TestGatewayWithJWTAuthorizer(t *testing.T) {
	iss := idptest.NewIssuer(t)
	var got events.APIGatewayV2HTTPRequest
	var calls atomic.Int32
	h := httpapi.Handler(func(_ context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		calls.Add(1)
		got = ev
		return events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: "{}"}, nil
	})
	routes := []system.Route{{Key: "GET /api/me", Function: "api", Auth: system.Marketer}}
	g, err := gateway.New(routes, map[system.FunctionName]httpapi.Handler{"api": h}, iss.Authorizer(t))
	if err != nil {
		t.Fatal(err)
	}
	token := iss.IDToken(t, "ana@brand.example")
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"no token", "", 401},
		{"bad token", "Bearer nope", 401},
		{"another scheme", "Basic " + token, 401},
		{"bearer ID token", "Bearer " + token, 200},
		{"token without the Bearer prefix", token, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := calls.Load()
			req := httptest.NewRequest("GET", "/api/me", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			w := httptest.NewRecorder()
			g.ServeHTTP(w, req)
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d (%s)", w.Code, tt.want, w.Body)
			}
			called := calls.Load() > before
			if called != (tt.want == 200) {
				t.Fatalf("function called: %v", called)
			}
			if tt.want == 401 && w.Body.String() != `{"message":"Unauthorized"}` {
				t.Fatalf("body %s", w.Body)
			}
			if tt.want == 200 && got.RequestContext.Authorizer.JWT.Claims["email"] != "ana@brand.example" {
				t.Fatalf("claims %v", got.RequestContext.Authorizer.JWT.Claims)
			}
		})
	}
}
