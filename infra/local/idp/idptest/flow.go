// Package idptest gets real tokens from the local issuer for tests. Flow walks the same
// authorization code flow with PKCE as the web UI, over HTTP, page by page; Issuer runs an
// in-memory issuer for one test and mints tokens for any number of users quickly.
package idptest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/infra/local/idp"
	"github.com/hypetrack/hypetrack/shared/system"
)

// Flow drives the browser's side of a sign-in against an issuer, as the web UI does:
// /oauth2/authorize, the sign-in (or sign-up) form, the redirect with the code, and the
// token endpoint with the PKCE verifier.
type Flow struct {
	// BaseURL is where the issuer answers, for example http://localhost:8080.
	BaseURL     string
	ClientID    string
	RedirectURI string
	// Scopes to ask for; empty asks for none, which grants all the client's.
	Scopes []string
	// HTTP sends the requests; nil means a default client. Each Authorize uses its own
	// cookie jar, like a fresh browser profile, unless the client brings one.
	HTTP *http.Client
}

// LocalFlow is the flow of the local stack's UI client, with the UI's callback URI.
func LocalFlow(baseURL string) Flow {
	base := strings.TrimRight(baseURL, "/")
	return Flow{BaseURL: base, ClientID: idp.LocalClientID, RedirectURI: base + system.UICallbackPath}
}

// Authorization is what the browser part of the flow ends with: the code the issuer sent
// to the redirect URI and the PKCE verifier that redeems it.
type Authorization struct {
	Code     string
	Verifier string
	State    string
}

// TokenError is the token endpoint's refusal.
type TokenError struct {
	Status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

// Error describes the refusal.
func (e *TokenError) Error() string {
	return fmt.Sprintf("token endpoint: %d %s: %s", e.Status, e.Code, e.Description)
}

// SignIn signs an existing user in and returns their tokens.
func (f Flow) SignIn(ctx context.Context, email, password string) (idp.Tokens, error) {
	a, err := f.Authorize(ctx, email, password, false)
	if err != nil {
		return idp.Tokens{}, err
	}
	return f.Exchange(ctx, a)
}

// SignUp creates an account through the sign-up page and returns its tokens.
func (f Flow) SignUp(ctx context.Context, email, password string) (idp.Tokens, error) {
	a, err := f.Authorize(ctx, email, password, true)
	if err != nil {
		return idp.Tokens{}, err
	}
	return f.Exchange(ctx, a)
}

var (
	csrfField  = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
	alertText  = regexp.MustCompile(`role="alert">([^<]*)<`)
)

// Authorize runs the browser part of the flow: it asks for a code with a fresh PKCE
// verifier and state, fills in the sign-in form (or the sign-up form when signUp is set),
// and returns the code from the redirect after checking the state came back unchanged.
func (f Flow) Authorize(ctx context.Context, email, password string, signUp bool) (Authorization, error) {
	client, err := f.browser()
	if err != nil {
		return Authorization{}, err
	}
	verifier, state := randomString(), randomString()
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {f.ClientID},
		"redirect_uri":          {f.RedirectURI},
		"state":                 {state},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
	}
	if len(f.Scopes) > 0 {
		q.Set("scope", strings.Join(f.Scopes, " "))
	}
	res, _, err := f.do(ctx, client, http.MethodGet, f.BaseURL+idp.PathAuthorize+"?"+q.Encode(), nil)
	if err != nil {
		return Authorization{}, err
	}
	if res.StatusCode != http.StatusFound {
		return Authorization{}, fmt.Errorf("authorize: status %d, want a redirect to the sign-in page", res.StatusCode)
	}
	page, err := res.Location()
	if err != nil {
		return Authorization{}, fmt.Errorf("authorize: %w", err)
	}
	if signUp {
		page.Path = idp.PathSignUp
	}
	_, body, err := f.do(ctx, client, http.MethodGet, page.String(), nil)
	if err != nil {
		return Authorization{}, err
	}
	csrf, action := csrfField.FindStringSubmatch(body), formAction.FindStringSubmatch(body)
	if csrf == nil || action == nil {
		return Authorization{}, fmt.Errorf("sign-in page %s has no form: %s", page.Path, pageAlert(body))
	}
	form := url.Values{"_csrf": {csrf[1]}, "email": {email}, "password": {password}}
	if signUp {
		form.Set("password_confirm", password)
	}
	target, err := page.Parse(html.UnescapeString(action[1]))
	if err != nil {
		return Authorization{}, fmt.Errorf("sign-in form action: %w", err)
	}
	res, body, err = f.do(ctx, client, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return Authorization{}, err
	}
	if res.StatusCode != http.StatusSeeOther {
		return Authorization{}, fmt.Errorf("sign-in form for %s: status %d: %s", email, res.StatusCode, pageAlert(body))
	}
	back, err := res.Location()
	if err != nil {
		return Authorization{}, fmt.Errorf("sign-in redirect: %w", err)
	}
	if !strings.HasPrefix(back.String(), f.RedirectURI) {
		return Authorization{}, fmt.Errorf("sign-in redirected to %s, want %s", back.Redacted(), f.RedirectURI)
	}
	if e := back.Query().Get("error"); e != "" {
		return Authorization{}, fmt.Errorf("authorize refused: %s: %s", e, back.Query().Get("error_description"))
	}
	if back.Query().Get("state") != state {
		return Authorization{}, errors.New("the redirect did not carry the state back unchanged")
	}
	return Authorization{Code: back.Query().Get("code"), Verifier: verifier, State: state}, nil
}

// Exchange redeems a code at the token endpoint with its verifier.
func (f Flow) Exchange(ctx context.Context, a Authorization) (idp.Tokens, error) {
	return f.token(ctx, url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {f.ClientID},
		"code":          {a.Code},
		"redirect_uri":  {f.RedirectURI},
		"code_verifier": {a.Verifier},
	})
}

// Refresh gets fresh ID and access tokens for a refresh token.
func (f Flow) Refresh(ctx context.Context, refreshToken string) (idp.Tokens, error) {
	return f.token(ctx, url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {f.ClientID},
		"refresh_token": {refreshToken},
	})
}

// Token posts form to the token endpoint as is, for tests that send what a client must not.
func (f Flow) Token(ctx context.Context, form url.Values) (idp.Tokens, error) {
	return f.token(ctx, form)
}

func (f Flow) token(ctx context.Context, form url.Values) (idp.Tokens, error) {
	client, err := f.browser()
	if err != nil {
		return idp.Tokens{}, err
	}
	res, body, err := f.do(ctx, client, http.MethodPost, f.BaseURL+idp.PathToken, strings.NewReader(form.Encode()))
	if err != nil {
		return idp.Tokens{}, err
	}
	if res.StatusCode != http.StatusOK {
		te := &TokenError{Status: res.StatusCode}
		_ = json.Unmarshal([]byte(body), te)
		return idp.Tokens{}, te
	}
	var t idp.Tokens
	if err := json.Unmarshal([]byte(body), &t); err != nil {
		return idp.Tokens{}, fmt.Errorf("token endpoint: decode answer: %w", err)
	}
	return t, nil
}

// browser returns a client that keeps cookies and stops at redirects, so each step of the
// flow is seen and checked.
func (f Flow) browser() (*http.Client, error) {
	c := http.Client{Timeout: 30 * time.Second}
	if f.HTTP != nil {
		c = *f.HTTP
	}
	if c.Jar == nil {
		jar, err := cookiejar.New(nil)
		if err != nil {
			return nil, fmt.Errorf("cookie jar: %w", err)
		}
		c.Jar = jar
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c, nil
}

func (f Flow) do(ctx context.Context, client *http.Client, method, target string, body io.Reader) (*http.Response, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: %w", method, pathOf(target), err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: %w", method, pathOf(target), err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: read: %w", method, pathOf(target), err)
	}
	return res, string(b), nil
}

// pathOf keeps codes and states out of error messages.
func pathOf(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.Path
	}
	return "(bad URL)"
}

func pageAlert(body string) string {
	if m := alertText.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return "(no message on the page)"
}

// randomString is 256 random bits, URL-safe: a valid PKCE verifier and a good state.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SignIn signs an existing user in at the issuer at baseURL (the local stack's client and
// callback) and returns the tokens, failing the test on any error.
func SignIn(t testing.TB, baseURL, email, password string) idp.Tokens {
	t.Helper()
	tokens, err := LocalFlow(baseURL).SignIn(context.Background(), email, password)
	if err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
	return tokens
}

// SignUp creates an account at the issuer at baseURL through its sign-up page and returns
// its tokens, failing the test on any error.
func SignUp(t testing.TB, baseURL, email, password string) idp.Tokens {
	t.Helper()
	tokens, err := LocalFlow(baseURL).SignUp(context.Background(), email, password)
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	return tokens
}
