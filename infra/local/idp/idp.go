// Package idp is the local stack's OpenID Connect issuer, a stand-in for the Cognito user
// pool and its hosted UI. It serves Cognito's paths (/oauth2/authorize, /login, /signup,
// /oauth2/token, /oauth2/userInfo, /logout, /.well-known/...), the same flow (authorization
// code with PKCE S256 for a public client) and tokens with the same claims, signed RS256
// with a key published as a JWKS. The web UI therefore signs in locally exactly as it does
// against Cognito in the cloud; only the URLs in its config.json differ.
//
// Users live in a JSON file in the data folder (passwords hashed with bcrypt), or in memory.
// When no user exists, the sign-in page offers to create the first account.
package idp

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/hypetrack/hypetrack/shared/system"
)

// LocalClientID is the web UI's app client id on the local issuer. In the cloud Cognito
// generates the id; the UI reads either from config.json.
const LocalClientID = "hypetrack-local-ui"

// Paths the issuer serves, as Cognito's hosted UI and user pool spell them.
const (
	PathDiscovery = "/.well-known/openid-configuration"
	PathJWKS      = "/.well-known/jwks.json"
	PathAuthorize = "/oauth2/authorize"
	PathToken     = "/oauth2/token"
	PathUserInfo  = "/oauth2/userInfo"
	PathLogin     = "/login"
	PathSignUp    = "/signup"
	PathLogout    = "/logout"
)

var paths = []string{PathDiscovery, PathJWKS, PathAuthorize, PathToken, PathUserInfo, PathLogin, PathSignUp, PathLogout}

// Client is a registered public app client (no secret: a browser cannot keep one, which is
// why PKCE is required).
type Client struct {
	ID string
	// RedirectURIs are the callback URLs a code may be sent to, compared exactly.
	RedirectURIs []string
	// LogoutURIs are the URLs /logout may send the browser back to, compared exactly.
	LogoutURIs []string
	// Scopes the client may ask for.
	Scopes []string
}

// UIClient is the web UI's client for a UI served at origin (for example
// http://localhost:8080), built from the shared description of the cloud's app client.
func UIClient(origin string) Client {
	origin = strings.TrimRight(origin, "/")
	c := Client{ID: LocalClientID, Scopes: slices.Clone(system.UIClient.Scopes)}
	for _, p := range system.UIClient.CallbackPaths {
		c.RedirectURIs = append(c.RedirectURIs, origin+p)
	}
	for _, p := range system.UIClient.LogoutPaths {
		c.LogoutURIs = append(c.LogoutURIs, origin+p)
	}
	return c
}

// Config configures an Issuer.
type Config struct {
	// Issuer is the issuer identifier and the root of every endpoint, for example
	// http://localhost:8080. It is the iss of every token, without a trailing slash.
	Issuer string
	// Clients are the registered app clients.
	Clients []Client
	// DataDir keeps the signing key, the users and the refresh tokens between runs. Empty
	// keeps everything in memory with a fresh key.
	DataDir string
	// PasswordCost is the bcrypt cost; zero means bcrypt's default. Tests lower it because
	// the race detector makes each hash take seconds.
	PasswordCost int
	// Now is the clock; nil means time.Now. Tests move it to expire codes and tokens.
	Now func() time.Time
}

// Issuer is the local OpenID Connect issuer. It is an http.Handler for the paths Handles
// accepts.
type Issuer struct {
	issuer  string
	secure  bool
	clients map[string]Client
	now     func() time.Time

	key    *rsa.PrivateKey
	kid    string
	signer jose.Signer

	users   *userStore
	refresh *refreshStore

	mu       sync.Mutex
	codes    map[string]codeGrant
	sessions map[string]session

	sessionCookie string
	csrfCookie    string
	mux           *http.ServeMux
}

// New builds an issuer, loading or creating its signing key and loading its users.
func New(cfg Config) (*Issuer, error) {
	u, err := url.Parse(cfg.Issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.TrimRight(u.Path, "/") != "" {
		return nil, fmt.Errorf("idp: issuer %q must be an http(s) origin such as http://localhost:8080", cfg.Issuer)
	}
	if len(cfg.Clients) == 0 {
		return nil, errors.New("idp: at least one client is needed")
	}
	i := &Issuer{
		issuer:   strings.TrimRight(cfg.Issuer, "/"),
		secure:   u.Scheme == "https",
		clients:  map[string]Client{},
		now:      cfg.Now,
		codes:    map[string]codeGrant{},
		sessions: map[string]session{},
	}
	if i.now == nil {
		i.now = time.Now
	}
	for _, c := range cfg.Clients {
		if c.ID == "" || len(c.RedirectURIs) == 0 {
			return nil, fmt.Errorf("idp: client %q needs an id and at least one redirect URI", c.ID)
		}
		i.clients[c.ID] = c
	}
	// Browsers share cookies across ports of one host: name them per issuer so two local
	// stacks on different ports do not overwrite each other's.
	suffix := u.Port()
	if suffix == "" {
		suffix = u.Scheme
	}
	i.sessionCookie = "hypetrack_idp_session_" + suffix
	i.csrfCookie = "hypetrack_idp_csrf_" + suffix

	if i.key, err = loadOrCreateKey(cfg.DataDir); err != nil {
		return nil, err
	}
	if i.kid, i.signer, err = newSigner(i.key); err != nil {
		return nil, err
	}
	if i.users, err = openUserStore(cfg.DataDir, cfg.PasswordCost); err != nil {
		return nil, err
	}
	if i.refresh, err = openRefreshStore(cfg.DataDir); err != nil {
		return nil, err
	}
	i.routes()
	return i, nil
}

func (i *Issuer) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET "+PathDiscovery, i.discovery)
	m.HandleFunc("GET "+PathJWKS, i.jwks)
	m.HandleFunc("GET "+PathAuthorize, i.authorize)
	m.HandleFunc("POST "+PathToken, i.token)
	m.HandleFunc("OPTIONS "+PathToken, i.preflight)
	m.HandleFunc("GET "+PathUserInfo, i.userInfo)
	m.HandleFunc("POST "+PathUserInfo, i.userInfo)
	m.HandleFunc("OPTIONS "+PathUserInfo, i.preflight)
	m.HandleFunc("GET "+PathLogin, i.loginPage)
	m.HandleFunc("POST "+PathLogin, i.loginSubmit)
	m.HandleFunc("GET "+PathSignUp, i.signUpPage)
	m.HandleFunc("POST "+PathSignUp, i.signUpSubmit)
	m.HandleFunc("GET "+PathLogout, i.logout)
	i.mux = m
}

// Handles reports whether path is one of the issuer's endpoints, so the local stack can
// route those to the issuer and everything else to the site and the API.
func (i *Issuer) Handles(path string) bool {
	return slices.Contains(paths, path)
}

// ServeHTTP serves the issuer's endpoints.
func (i *Issuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i.mux.ServeHTTP(w, r)
}

// Endpoints are the issuer's absolute URLs.
type Endpoints struct {
	Issuer, Discovery, JWKS, Authorize, Token, UserInfo, Login, SignUp, Logout string
}

// Endpoints returns the issuer's absolute URLs.
func (i *Issuer) Endpoints() Endpoints {
	return Endpoints{
		Issuer:    i.issuer,
		Discovery: i.issuer + PathDiscovery,
		JWKS:      i.issuer + PathJWKS,
		Authorize: i.issuer + PathAuthorize,
		Token:     i.issuer + PathToken,
		UserInfo:  i.issuer + PathUserInfo,
		Login:     i.issuer + PathLogin,
		SignUp:    i.issuer + PathSignUp,
		Logout:    i.issuer + PathLogout,
	}
}

// HasUsers reports whether any account exists; until one does, the sign-in page offers to
// create the first.
func (i *Issuer) HasUsers() bool { return i.users.count() > 0 }

// CreateUser adds an account, as self sign-up does. The e-mail address counts as verified:
// the local stack sends no mail.
func (i *Issuer) CreateUser(email, password string) (User, error) {
	return i.users.create(email, password, i.now())
}

// client returns the registered client with id.
func (i *Issuer) client(id string) (Client, bool) {
	c, ok := i.clients[id]
	return c, ok
}

// defaultClient is the client the issuer's own pages use for their sign-out link.
func (i *Issuer) defaultClient() (Client, bool) {
	if c, ok := i.clients[LocalClientID]; ok {
		return c, true
	}
	for _, c := range i.clients {
		return c, true
	}
	return Client{}, false
}
