package idptest

import (
	"errors"
	"net"
	"net/http/httptest"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/hypetrack/hypetrack/infra/local/gateway"
	"github.com/hypetrack/hypetrack/infra/local/idp"
)

// Password is the password Issuer.Token gives the accounts it creates, so a test can also
// sign them in through the flow.
const Password = "correct horse battery staple"

// Issuer is an in-memory local issuer served over HTTP for one test, with the local UI
// client registered for its own origin (redirect URI {URL}/callback).
type Issuer struct {
	*idp.Issuer
	// URL is the issuer identifier and the server's address, http://127.0.0.1:<port>.
	URL string
}

// NewIssuer starts an issuer that stops when the test ends. configure, if given, may
// change the configuration (a clock, more clients) before the issuer is built.
func NewIssuer(t testing.TB, configure ...func(*idp.Config)) *Issuer {
	t.Helper()
	// The issuer must know its URL before it serves, so take the port first.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	url := "http://" + ln.Addr().String()
	cfg := idp.Config{
		Issuer:       url,
		Clients:      []idp.Client{idp.UIClient(url)},
		PasswordCost: bcrypt.MinCost,
	}
	for _, c := range configure {
		c(&cfg)
	}
	iss, err := idp.New(cfg)
	if err != nil {
		ln.Close()
		t.Fatalf("start issuer: %v", err)
	}
	srv := httptest.NewUnstartedServer(iss)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &Issuer{Issuer: iss, URL: url}
}

// Flow is the UI client's sign-in flow against this issuer.
func (i *Issuer) Flow() Flow { return LocalFlow(i.URL) }

// Token returns real tokens for email through the UI client without the browser flow,
// creating the account (with Password) on first use. It is fast enough to give every test
// several users.
func (i *Issuer) Token(t testing.TB, email string) idp.Tokens {
	t.Helper()
	if _, err := i.CreateUser(email, Password); err != nil && !errors.Is(err, idp.ErrEmailTaken) {
		t.Fatalf("create user %s: %v", email, err)
	}
	tokens, err := i.Mint(email, idp.LocalClientID)
	if err != nil {
		t.Fatalf("mint tokens for %s: %v", email, err)
	}
	return tokens
}

// IDToken returns an ID token for email: the bearer token the web UI sends to the API.
func (i *Issuer) IDToken(t testing.TB, email string) string {
	t.Helper()
	return i.Token(t, email).IDToken
}

// Authorizer returns the JWT authorizer the local gateway would use with this issuer.
func (i *Issuer) Authorizer(t testing.TB) *gateway.JWTAuthorizer {
	t.Helper()
	a, err := gateway.NewJWTAuthorizer(gateway.JWTConfig{Issuer: i.URL, Audience: []string{idp.LocalClientID}})
	if err != nil {
		t.Fatalf("authorizer: %v", err)
	}
	return a
}
