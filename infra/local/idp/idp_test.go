package idp_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/crypto/bcrypt"

	"github.com/hypetrack/hypetrack/infra/local/idp"
	"github.com/hypetrack/hypetrack/infra/local/idp/idptest"
)

var ctx = context.Background()

// claims verifies token against the issuer's published JWKS and returns its claims.
func claims(t *testing.T, iss *idptest.Issuer, token string) map[string]any {
	t.Helper()
	var set jose.JSONWebKeySet
	getJSON(t, iss.URL+idp.PathJWKS, &set)
	tok, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("parse token: %v", err)
	}
	keys := set.Key(tok.Headers[0].KeyID)
	if len(keys) != 1 {
		t.Fatalf("JWKS has %d keys for kid %q", len(keys), tok.Headers[0].KeyID)
	}
	out := map[string]any{}
	if err := tok.Claims(keys[0].Key, &out); err != nil {
		t.Fatalf("verify token with the JWKS: %v", err)
	}
	return out
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// browser is a client that keeps cookies and shows each redirect instead of following it.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func fetch(t *testing.T, c *http.Client, method, url string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func authorizeQuery(iss *idptest.Issuer, change func(url.Values)) url.Values {
	sum := sha256.Sum256([]byte(strings.Repeat("v", 43)))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {idp.LocalClientID},
		"redirect_uri":          {iss.URL + "/callback"},
		"state":                 {"st-1"},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
	}
	if change != nil {
		change(q)
	}
	return q
}

func TestCodeFlowWithPKCEIssuesCognitoShapedTokens(t *testing.T) {
	iss := idptest.NewIssuer(t)
	flow := iss.Flow()
	signedUp, err := flow.SignUp(ctx, "Maria@Brand.example", "s3cret-passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := flow.SignIn(ctx, "maria@brand.example", "s3cret-passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	if tokens.TokenType != "Bearer" || tokens.ExpiresIn != 3600 || tokens.RefreshToken == "" || strings.Count(tokens.RefreshToken, ".") != 0 {
		t.Fatalf("token answer: type %q, expires_in %d, refresh token opaque and present: %v", tokens.TokenType, tokens.ExpiresIn, tokens.RefreshToken != "")
	}
	id := claims(t, iss, tokens.IDToken)
	sub, _ := id["sub"].(string)
	if sub == "" || sub != claims(t, iss, signedUp.IDToken)["sub"] {
		t.Fatalf("sub %q must be stable across sign-ins", sub)
	}
	now := float64(time.Now().Unix())
	wantID := map[string]any{
		"email": "maria@brand.example", "email_verified": true, "aud": idp.LocalClientID, "iss": iss.URL,
		"token_use": "id", "cognito:username": sub,
	}
	for k, want := range wantID {
		if id[k] != want {
			t.Errorf("ID token %s = %v, want %v", k, id[k], want)
		}
	}
	for _, k := range []string{"auth_time", "iat", "exp"} {
		if v, _ := id[k].(float64); v < now-60 || v > now+3700 {
			t.Errorf("ID token %s = %v, not a current epoch time", k, id[k])
		}
	}
	if exp, iat := id["exp"].(float64), id["iat"].(float64); exp-iat != 3600 {
		t.Errorf("ID token lives %v s, want 3600", exp-iat)
	}

	access := claims(t, iss, tokens.AccessToken)
	wantAccess := map[string]any{
		"sub": sub, "client_id": idp.LocalClientID, "token_use": "access", "scope": "openid email profile",
		"username": sub, "iss": iss.URL,
	}
	for k, want := range wantAccess {
		if access[k] != want {
			t.Errorf("access token %s = %v, want %v", k, access[k], want)
		}
	}
	if _, ok := access["aud"]; ok {
		t.Error("a Cognito access token has client_id, not aud")
	}

	if _, err := flow.SignIn(ctx, "maria@brand.example", "wrong-password"); err == nil || !strings.Contains(err.Error(), "Incorrect email or password") {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := flow.SignIn(ctx, "nobody@brand.example", "s3cret-passw0rd"); err == nil || !strings.Contains(err.Error(), "Incorrect email or password") {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestTokenEndpointRejects(t *testing.T) {
	var (
		mu    sync.Mutex
		clock = time.Now()
	)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	other := idp.Client{ID: "other-app", Scopes: []string{"openid"}}
	iss := idptest.NewIssuer(t, func(c *idp.Config) {
		c.Now = now
		other.RedirectURIs = []string{c.Issuer + "/other"}
		c.Clients = append(c.Clients, other)
	})
	iss.Token(t, "ana@brand.example")
	flow := iss.Flow()

	tests := []struct {
		name     string
		form     func(a idptest.Authorization) url.Values
		before   func(a idptest.Authorization)
		wantCode string
		wantWhy  string
	}{
		{name: "wrong verifier", wantCode: "invalid_grant", wantWhy: "does not match the code_challenge", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Set("code_verifier", strings.Repeat("x", 43)) })
		}},
		{name: "missing verifier", wantCode: "invalid_request", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Del("code_verifier") })
		}},
		{name: "reused code", wantCode: "invalid_grant", wantWhy: "already used",
			before: func(a idptest.Authorization) {
				if _, err := flow.Exchange(ctx, a); err != nil {
					t.Fatalf("first redemption: %v", err)
				}
			},
			form: func(a idptest.Authorization) url.Values { return exchangeForm(iss, a, nil) }},
		{name: "wrong redirect_uri", wantCode: "invalid_grant", wantWhy: "redirect_uri", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Set("redirect_uri", iss.URL+"/") })
		}},
		{name: "unknown client", wantCode: "invalid_client", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Set("client_id", "evil-app") })
		}},
		{name: "another client's code", wantCode: "invalid_grant", wantWhy: "another client", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Set("client_id", "other-app"); f.Set("redirect_uri", iss.URL+"/other") })
		}},
		{name: "unknown code", wantCode: "invalid_grant", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Set("code", "made-up") })
		}},
		{name: "expired code", wantCode: "invalid_grant", wantWhy: "expired",
			before: func(idptest.Authorization) { mu.Lock(); clock = clock.Add(5*time.Minute + time.Second); mu.Unlock() },
			form:   func(a idptest.Authorization) url.Values { return exchangeForm(iss, a, nil) }},
		{name: "unsupported grant", wantCode: "unsupported_grant_type", form: func(a idptest.Authorization) url.Values {
			return exchangeForm(iss, a, func(f url.Values) { f.Set("grant_type", "password") })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := flow.Authorize(ctx, "ana@brand.example", idptest.Password, false)
			if err != nil {
				t.Fatal(err)
			}
			if tt.before != nil {
				tt.before(a)
			}
			_, err = flow.Token(ctx, tt.form(a))
			var te *idptest.TokenError
			if !errors.As(err, &te) || te.Code != tt.wantCode || te.Status != 400 || !strings.Contains(te.Description, tt.wantWhy) {
				t.Fatalf("got %v, want a 400 %s (%s)", err, tt.wantCode, tt.wantWhy)
			}
		})
	}
}

func exchangeForm(iss *idptest.Issuer, a idptest.Authorization, change func(url.Values)) url.Values {
	f := url.Values{
		"grant_type": {"authorization_code"}, "client_id": {idp.LocalClientID}, "code": {a.Code},
		"redirect_uri": {iss.URL + "/callback"}, "code_verifier": {a.Verifier},
	}
	if change != nil {
		change(f)
	}
	return f
}

func TestAuthorizeRejects(t *testing.T) {
	iss := idptest.NewIssuer(t)
	tests := []struct {
		name string
		q    func(url.Values)
		// wantPage: refused on a page, never redirected (client or redirect_uri untrusted).
		wantPage  bool
		wantError string
	}{
		{name: "unknown client", q: func(q url.Values) { q.Set("client_id", "evil-app") }, wantPage: true},
		{name: "missing client", q: func(q url.Values) { q.Del("client_id") }, wantPage: true},
		{name: "unregistered redirect_uri", q: func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") }, wantPage: true},
		{name: "redirect_uri prefix trick", q: func(q url.Values) { q.Set("redirect_uri", iss.URL+"/callback/../evil") }, wantPage: true},
		{name: "implicit flow", q: func(q url.Values) { q.Set("response_type", "token") }, wantError: "unsupported_response_type"},
		{name: "no PKCE", q: func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, wantError: "invalid_request"},
		{name: "plain PKCE", q: func(q url.Values) { q.Set("code_challenge_method", "plain") }, wantError: "invalid_request"},
		{name: "short challenge", q: func(q url.Values) { q.Set("code_challenge", "abc") }, wantError: "invalid_request"},
		{name: "unknown scope", q: func(q url.Values) { q.Set("scope", "openid admin") }, wantError: "invalid_scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := fetch(t, browser(t), "GET", iss.URL+idp.PathAuthorize+"?"+authorizeQuery(iss, tt.q).Encode(), nil)
			if tt.wantPage {
				if res.StatusCode != 400 || res.Header.Get("Location") != "" || !strings.Contains(body, `role="alert"`) {
					t.Fatalf("got %d to %q, want a 400 page", res.StatusCode, res.Header.Get("Location"))
				}
				return
			}
			loc, err := res.Location()
			if res.StatusCode != 302 || err != nil || !strings.HasPrefix(loc.String(), iss.URL+"/callback?") {
				t.Fatalf("got %d to %v, want a redirect to the client", res.StatusCode, loc)
			}
			if loc.Query().Get("error") != tt.wantError || loc.Query().Get("state") != "st-1" || loc.Query().Has("code") {
				t.Fatalf("redirect query %v, want error=%s and the state", loc.Query(), tt.wantError)
			}
		})
	}
}

func TestRefreshKeepsTheSignIn(t *testing.T) {
	iss := idptest.NewIssuer(t)
	first := iss.Token(t, "ana@brand.example")
	flow := iss.Flow()
	refreshed, err := flow.Refresh(ctx, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if refreshed.RefreshToken != "" || refreshed.IDToken == "" || refreshed.AccessToken == "" {
		t.Fatalf("a refresh answers new ID and access tokens and no refresh token: %+v", refreshed.RefreshToken != "")
	}
	a, b := claims(t, iss, first.IDToken), claims(t, iss, refreshed.IDToken)
	for _, k := range []string{"sub", "auth_time", "origin_jti", "email"} {
		if a[k] != b[k] {
			t.Errorf("%s changed on refresh: %v -> %v", k, a[k], b[k])
		}
	}
	if a["jti"] == b["jti"] {
		t.Error("a refreshed token needs its own jti")
	}
	for name, form := range map[string]url.Values{
		"unknown token":    {"grant_type": {"refresh_token"}, "client_id": {idp.LocalClientID}, "refresh_token": {"nope"}},
		"missing token":    {"grant_type": {"refresh_token"}, "client_id": {idp.LocalClientID}},
		"an access token":  {"grant_type": {"refresh_token"}, "client_id": {idp.LocalClientID}, "refresh_token": {first.AccessToken}},
		"missing client":   {"grant_type": {"refresh_token"}, "refresh_token": {first.RefreshToken}},
		"missing grantype": {"client_id": {idp.LocalClientID}, "refresh_token": {first.RefreshToken}},
	} {
		if _, err := flow.Token(ctx, form); err == nil {
			t.Errorf("%s: refresh accepted", name)
		}
	}
}

func TestDiscoveryAndJWKS(t *testing.T) {
	iss := idptest.NewIssuer(t)
	var doc map[string]any
	getJSON(t, iss.URL+idp.PathDiscovery, &doc)
	want := map[string]string{
		"issuer": iss.URL, "authorization_endpoint": iss.URL + "/oauth2/authorize", "token_endpoint": iss.URL + "/oauth2/token",
		"userinfo_endpoint": iss.URL + "/oauth2/userInfo", "jwks_uri": iss.URL + "/.well-known/jwks.json", "end_session_endpoint": iss.URL + "/logout",
	}
	for k, v := range want {
		if doc[k] != v {
			t.Errorf("%s = %v, want %s", k, doc[k], v)
		}
	}
	var set struct {
		Keys []map[string]any `json:"keys"`
	}
	getJSON(t, iss.URL+idp.PathJWKS, &set)
	if len(set.Keys) != 1 {
		t.Fatalf("JWKS has %d keys", len(set.Keys))
	}
	k := set.Keys[0]
	if k["kty"] != "RSA" || k["alg"] != "RS256" || k["use"] != "sig" || k["kid"] == "" || k["n"] == nil || k["e"] != "AQAB" {
		t.Fatalf("JWKS key %v", k)
	}
	if _, private := k["d"]; private {
		t.Fatal("the JWKS must not publish the private key")
	}
	tok, err := jwt.ParseSigned(iss.IDToken(t, "ana@brand.example"), []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Headers[0].KeyID != k["kid"] || tok.Headers[0].Algorithm != "RS256" {
		t.Fatalf("token header kid %q alg %q, JWKS kid %v", tok.Headers[0].KeyID, tok.Headers[0].Algorithm, k["kid"])
	}
}

func TestKeyUsersAndRefreshTokensSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	open := func() *idp.Issuer {
		iss, err := idp.New(idp.Config{Issuer: "http://localhost:18080", Clients: []idp.Client{idp.UIClient("http://localhost:18080")},
			DataDir: dir, PasswordCost: bcrypt.MinCost})
		if err != nil {
			t.Fatal(err)
		}
		return iss
	}
	first := open()
	if first.HasUsers() {
		t.Fatal("a new data folder has no users")
	}
	if _, err := first.CreateUser("ana@brand.example", idptest.Password); err != nil {
		t.Fatal(err)
	}
	tokens, err := first.Mint("ana@brand.example", idp.LocalClientID)
	if err != nil {
		t.Fatal(err)
	}
	second := open()
	if !second.HasUsers() || second.KeySet().Keys[0].KeyID != first.KeySet().Keys[0].KeyID {
		t.Fatal("the users and the signing key must survive a restart")
	}
	if _, err := second.CreateUser("ANA@brand.example", "another-password"); !errors.Is(err, idp.ErrEmailTaken) {
		t.Fatalf("duplicate e-mail after restart: %v", err)
	}
	for _, name := range []string{"signing-key.pem", "users.json", "refresh-tokens.json"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, st.Mode().Perm())
		}
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if strings.Contains(string(data), idptest.Password) || strings.Contains(string(data), tokens.RefreshToken) {
			t.Errorf("%s stores a secret in the clear", name)
		}
	}
	if memA, memB := newMemory(t), newMemory(t); memA.KeySet().Keys[0].KeyID == memB.KeySet().Keys[0].KeyID {
		t.Error("in memory each issuer needs a fresh key")
	}
}

func newMemory(t *testing.T) *idp.Issuer {
	iss, err := idp.New(idp.Config{Issuer: "http://localhost:1", Clients: []idp.Client{idp.UIClient("http://localhost:1")}})
	if err != nil {
		t.Fatal(err)
	}
	return iss
}

var labelFor = regexp.MustCompile(`<label for="([^"]+)">`)
var inputID = regexp.MustCompile(`<input id="([^"]+)"`)

// checkLabels fails when a visible input has no label, the least a screen reader needs.
func checkLabels(t *testing.T, page string) {
	t.Helper()
	labels := map[string]bool{}
	for _, m := range labelFor.FindAllStringSubmatch(page, -1) {
		labels[m[1]] = true
	}
	inputs := inputID.FindAllStringSubmatch(page, -1)
	if len(inputs) == 0 {
		t.Fatal("the page has no inputs")
	}
	for _, m := range inputs {
		if !labels[m[1]] {
			t.Errorf("input %q has no label", m[1])
		}
	}
	if !strings.Contains(page, `<html lang="en">`) {
		t.Error("the page must declare its language")
	}
}

func TestFirstRunOffersTheFirstAccount(t *testing.T) {
	iss := idptest.NewIssuer(t)
	c := browser(t)
	res, page := fetch(t, c, "GET", iss.URL+idp.PathLogin, nil)
	if res.StatusCode != 200 || !strings.Contains(page, "Create the first account") || !strings.Contains(page, `action="/signup"`) {
		t.Fatalf("first run: %d, want the first-account form", res.StatusCode)
	}
	if res.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("sign-in pages must refuse framing")
	}
	checkLabels(t, page)
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
	res, _ = fetch(t, c, "POST", iss.URL+idp.PathSignUp, url.Values{"_csrf": {csrf}, "email": {"owner@brand.example"},
		"password": {"first-owner-pw"}, "password_confirm": {"first-owner-pw"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != idp.PathLogin {
		t.Fatalf("first sign-up: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, page = fetch(t, c, "GET", iss.URL+idp.PathLogin, nil)
	if !strings.Contains(page, "You are signed in") || !strings.Contains(page, "owner@brand.example") || !strings.Contains(page, "/logout?client_id=") {
		t.Fatal("after the first sign-up the page confirms the account and offers to sign out")
	}
	res, page = fetch(t, browser(t), "GET", iss.URL+idp.PathLogin+"?"+authorizeQuery(iss, nil).Encode(), nil)
	if res.StatusCode != 200 || !strings.Contains(page, "<h1>Sign in</h1>") || strings.Contains(page, "first account") {
		t.Fatalf("once an account exists, /login is the sign-in form (%d)", res.StatusCode)
	}
	if !strings.Contains(page, `href="/signup?`) || !strings.Contains(page, "code_challenge=") {
		t.Fatal("the sign-up link must carry the authorization request")
	}
	checkLabels(t, page)
}

func TestSignUpValidation(t *testing.T) {
	iss := idptest.NewIssuer(t)
	iss.Token(t, "taken@brand.example")
	tests := []struct {
		name, email, password, confirm, want string
	}{
		{"bad email", "not-an-email", "long-enough-pw", "long-enough-pw", "Enter an email address"},
		{"display name", "Ana <ana@brand.example>", "long-enough-pw", "long-enough-pw", "Enter an email address"},
		{"short password", "ana@brand.example", "short", "short", "at least 8 characters"},
		{"too long password", "ana@brand.example", strings.Repeat("a", 73), strings.Repeat("a", 73), "at most 72 bytes"},
		{"mismatch", "ana@brand.example", "long-enough-pw", "long-enough-pX", "The two passwords differ"},
		{"taken", "Taken@Brand.example", "long-enough-pw", "long-enough-pw", "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := browser(t)
			_, page := fetch(t, c, "GET", iss.URL+idp.PathSignUp, nil)
			csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
			res, page := fetch(t, c, "POST", iss.URL+idp.PathSignUp, url.Values{"_csrf": {csrf}, "email": {tt.email},
				"password": {tt.password}, "password_confirm": {tt.confirm}})
			if res.StatusCode != 400 || !strings.Contains(page, tt.want) || !strings.Contains(page, `aria-invalid="true"`) {
				t.Fatalf("got %d, want 400 with %q next to the field", res.StatusCode, tt.want)
			}
			if strings.Contains(page, tt.password) && len(tt.password) >= 8 {
				t.Fatal("the page must not echo the password")
			}
		})
	}
}

func TestFormsRefuseCrossSitePosts(t *testing.T) {
	iss := idptest.NewIssuer(t)
	iss.Token(t, "ana@brand.example")
	form := func(csrf string) url.Values {
		return url.Values{"_csrf": {csrf}, "email": {"ana@brand.example"}, "password": {idptest.Password}}
	}
	c := browser(t)
	_, page := fetch(t, c, "GET", iss.URL+idp.PathLogin, nil)
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)[1]
	tests := []struct {
		name   string
		client *http.Client
		form   url.Values
		header []string
		want   int
	}{
		{"no CSRF cookie", browser(t), form(csrf), nil, 403},
		{"wrong CSRF token", c, form(strings.Repeat("A", 43)), nil, 403},
		{"missing CSRF token", c, form(""), nil, 403},
		{"foreign origin", c, form(csrf), []string{"Origin", "https://evil.example"}, 403},
		{"same origin", c, form(csrf), []string{"Origin", iss.URL}, 303},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := fetch(t, tt.client, "POST", iss.URL+idp.PathLogin, tt.form, tt.header...)
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.want)
			}
		})
	}
}

func TestSessionAndLogout(t *testing.T) {
	iss := idptest.NewIssuer(t)
	iss.Token(t, "ana@brand.example")
	c := browser(t)
	flow := iss.Flow()
	flow.HTTP = c
	if _, err := flow.Authorize(ctx, "ana@brand.example", idptest.Password, false); err != nil {
		t.Fatal(err)
	}
	authorize := iss.URL + idp.PathAuthorize + "?" + authorizeQuery(iss, nil).Encode()
	res, _ := fetch(t, c, "GET", authorize, nil)
	if loc := res.Header.Get("Location"); res.StatusCode != 302 || !strings.Contains(loc, "/callback?code=") {
		t.Fatalf("with a session, authorize answers a code at once; got %d to %q", res.StatusCode, loc)
	}
	res, _ = fetch(t, c, "GET", iss.URL+idp.PathLogout+"?"+url.Values{"client_id": {idp.LocalClientID}, "logout_uri": {"https://evil.example/"}}.Encode(), nil)
	if res.StatusCode != 400 {
		t.Fatalf("a logout_uri that is not allowed: %d", res.StatusCode)
	}
	res, _ = fetch(t, c, "GET", iss.URL+idp.PathLogout+"?"+url.Values{"client_id": {idp.LocalClientID}, "logout_uri": {iss.URL + "/"}}.Encode(), nil)
	if res.StatusCode != 302 || res.Header.Get("Location") != iss.URL+"/" {
		t.Fatalf("logout: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = fetch(t, c, "GET", authorize, nil)
	if loc := res.Header.Get("Location"); res.StatusCode != 302 || !strings.HasPrefix(loc, idp.PathLogin+"?") {
		t.Fatalf("after logout, authorize asks to sign in again; got %d to %q", res.StatusCode, loc)
	}
}

func TestUserInfo(t *testing.T) {
	iss := idptest.NewIssuer(t)
	tokens := iss.Token(t, "ana@brand.example")
	for _, tt := range []struct {
		name, auth string
		want       int
	}{
		{"access token", "Bearer " + tokens.AccessToken, 200},
		{"ID token", "Bearer " + tokens.IDToken, 401},
		{"no token", "", 401},
		{"garbage", "Bearer abc.def.ghi", 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := fetch(t, http.DefaultClient, "GET", iss.URL+idp.PathUserInfo, nil, "Authorization", tt.auth)
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.want)
			}
			if tt.want == 200 && !strings.Contains(body, `"email":"ana@brand.example"`) {
				t.Fatalf("userInfo body %s", body)
			}
		})
	}
}
