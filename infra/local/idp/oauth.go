package idp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// authRequest is a validated authorization request, as /oauth2/authorize, /login and
// /signup receive it in their query.
type authRequest struct {
	client      Client
	redirectURI string
	state       string
	scopes      []string
	challenge   string
	nonce       string
	// query is the request as received, carried from page to page.
	query url.Values
}

// authError is a refused authorization request. Only errors found after the client and
// its redirect URI are known to be good go back to the client; the others are shown on a
// page, because redirecting to an unchecked URI would make the issuer an open redirector.
type authError struct {
	redirect    bool
	code        string
	description string
}

// A PKCE S256 challenge is the unpadded base64url of a SHA-256 digest: 43 characters.
var challengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// A code verifier is 43 to 128 unreserved characters (RFC 7636 section 4.1).
var verifierPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

func (i *Issuer) parseAuthRequest(q url.Values) (*authRequest, *authError) {
	client, ok := i.client(q.Get("client_id"))
	if !ok {
		return nil, &authError{code: "invalid_client", description: "The sign-in request names no registered app client."}
	}
	redirectURI := q.Get("redirect_uri")
	if !slices.Contains(client.RedirectURIs, redirectURI) {
		return nil, &authError{code: "redirect_mismatch", description: "The sign-in request's redirect_uri is not registered for this app client."}
	}
	req := &authRequest{client: client, redirectURI: redirectURI, state: q.Get("state"), nonce: q.Get("nonce"), query: q}
	if q.Get("response_type") != "code" {
		return req, &authError{redirect: true, code: "unsupported_response_type", description: "Only response_type=code is supported."}
	}
	if q.Get("code_challenge_method") != "S256" || !challengePattern.MatchString(q.Get("code_challenge")) {
		return req, &authError{redirect: true, code: "invalid_request", description: "PKCE is required: code_challenge_method=S256 and a code_challenge."}
	}
	req.challenge = q.Get("code_challenge")
	req.scopes = client.Scopes
	if s := strings.Fields(q.Get("scope")); len(s) > 0 {
		for _, scope := range s {
			if !slices.Contains(client.Scopes, scope) {
				return req, &authError{redirect: true, code: "invalid_scope", description: "The scope " + scope + " is not allowed for this app client."}
			}
		}
		req.scopes = s
	}
	return req, nil
}

// refuse answers a bad authorization request: back to the client when its redirect URI is
// trusted, otherwise on a page.
func (i *Issuer) refuse(w http.ResponseWriter, r *http.Request, req *authRequest, e *authError) {
	if e.redirect && req != nil {
		u, _ := url.Parse(req.redirectURI)
		q := u.Query()
		q.Set("error", e.code)
		q.Set("error_description", e.description)
		if req.state != "" {
			q.Set("state", req.state)
		}
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	i.renderError(w, http.StatusBadRequest, e.description)
}

// authorize starts the flow: with a live session it answers with a code at once,
// otherwise it sends the browser to the sign-in page with the same query, as Cognito does.
func (i *Issuer) authorize(w http.ResponseWriter, r *http.Request) {
	req, aerr := i.parseAuthRequest(r.URL.Query())
	if aerr != nil {
		i.refuse(w, r, req, aerr)
		return
	}
	if s, ok := i.currentSession(r); ok && r.URL.Query().Get("prompt") != "login" {
		i.redirectWithCode(w, r, req, s.subject, s.authTime, http.StatusFound)
		return
	}
	http.Redirect(w, r, PathLogin+"?"+r.URL.RawQuery, http.StatusFound)
}

// redirectWithCode sends the browser back to the client with a fresh code and the state.
func (i *Issuer) redirectWithCode(w http.ResponseWriter, r *http.Request, req *authRequest, sub string, authTime time.Time, status int) {
	s := i.newSignIn(sub, req.client.ID, req.scopes, req.nonce)
	s.AuthTime = authTime
	code := i.newCode(s, req.redirectURI, req.challenge)
	u, _ := url.Parse(req.redirectURI)
	q := u.Query()
	q.Set("code", code)
	if req.state != "" {
		q.Set("state", req.state)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), status)
}

// tokenError is the token endpoint's error body (RFC 6749 section 5.2).
type tokenError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func tokenFail(w http.ResponseWriter, code, description string) {
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusBadRequest, tokenError{Code: code, Description: description})
}

// token redeems a code (with its PKCE verifier) or a refresh token.
func (i *Issuer) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if err := r.ParseForm(); err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		tokenFail(w, "invalid_request", "Send the parameters as application/x-www-form-urlencoded.")
		return
	}
	f := r.PostForm
	client, ok := i.client(f.Get("client_id"))
	if !ok {
		tokenFail(w, "invalid_client", "Unknown client_id.")
		return
	}
	var (
		tokens Tokens
		err    error
	)
	switch f.Get("grant_type") {
	case "authorization_code":
		tokens, err = i.redeemCode(client, f)
	case "refresh_token":
		tokens, err = i.redeemRefresh(client, f)
	case "":
		tokenFail(w, "invalid_request", "grant_type is required.")
		return
	default:
		tokenFail(w, "unsupported_grant_type", "Use authorization_code or refresh_token.")
		return
	}
	var te *tokenError
	if errors.As(err, &te) {
		tokenFail(w, te.Code, te.Description)
		return
	}
	if err != nil {
		slog.Error("local token endpoint failed", "grant_type", f.Get("grant_type"), "err", err)
		writeJSON(w, http.StatusInternalServerError, tokenError{Code: "server_error"})
		return
	}
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, tokens)
}

// Error lets a refusal travel as an error to the one place that answers.
func (e *tokenError) Error() string { return e.Code + ": " + e.Description }

func (i *Issuer) redeemCode(client Client, f url.Values) (Tokens, error) {
	code, verifier := f.Get("code"), f.Get("code_verifier")
	if code == "" || f.Get("redirect_uri") == "" {
		return Tokens{}, &tokenError{Code: "invalid_request", Description: "code and redirect_uri are required."}
	}
	if !verifierPattern.MatchString(verifier) {
		return Tokens{}, &tokenError{Code: "invalid_request", Description: "code_verifier is required: 43 to 128 unreserved characters."}
	}
	g, ok := i.takeCode(code)
	if !ok {
		return Tokens{}, &tokenError{Code: "invalid_grant", Description: "The code is unknown, expired or already used."}
	}
	if g.signIn.ClientID != client.ID || g.redirectURI != f.Get("redirect_uri") {
		return Tokens{}, &tokenError{Code: "invalid_grant", Description: "The code was issued to another client or redirect_uri."}
	}
	sum := sha256.Sum256([]byte(verifier))
	computed := base64.RawURLEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(computed), []byte(g.challenge)) != 1 {
		return Tokens{}, &tokenError{Code: "invalid_grant", Description: "The code_verifier does not match the code_challenge."}
	}
	tokens, err := i.issue(g.signIn, true)
	if errors.Is(err, ErrUnknownUser) {
		return Tokens{}, &tokenError{Code: "invalid_grant", Description: "The user no longer exists."}
	}
	return tokens, err
}

func (i *Issuer) redeemRefresh(client Client, f url.Values) (Tokens, error) {
	token := f.Get("refresh_token")
	if token == "" {
		return Tokens{}, &tokenError{Code: "invalid_request", Description: "refresh_token is required."}
	}
	g, ok := i.refresh.get(token)
	if !ok || i.now().After(g.Expires) || g.SignIn.ClientID != client.ID {
		return Tokens{}, &tokenError{Code: "invalid_grant", Description: "Invalid Refresh Token"}
	}
	tokens, err := i.issue(g.SignIn, false)
	if errors.Is(err, ErrUnknownUser) {
		return Tokens{}, &tokenError{Code: "invalid_grant", Description: "The user no longer exists."}
	}
	return tokens, err
}

// preflight answers CORS preflights: the UI may run on another origin (a dev server) and
// call the token and userInfo endpoints from the browser, which Cognito allows too.
func (i *Issuer) preflight(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// userInfo answers the user's attributes for an access token with the openid scope.
func (i *Issuer) userInfo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	user, err := i.checkAccessToken(token)
	if !strings.EqualFold(scheme, "Bearer") || err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, tokenError{Code: "invalid_token", Description: "Access token is missing, invalid or expired."})
		return
	}
	// Cognito renders email_verified as a string here.
	writeJSON(w, http.StatusOK, map[string]string{
		"sub": user.Subject, "email": user.Email, "email_verified": "true", "username": user.Subject,
	})
}

// checkAccessToken verifies one of this issuer's own access tokens.
func (i *Issuer) checkAccessToken(raw string) (User, error) {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return User{}, err
	}
	var std jwt.Claims
	var extra struct {
		TokenUse string `json:"token_use"`
		Scope    string `json:"scope"`
	}
	if err := tok.Claims(&i.key.PublicKey, &std, &extra); err != nil {
		return User{}, err
	}
	if err := std.ValidateWithLeeway(jwt.Expected{Issuer: i.issuer, Time: i.now()}, 0); err != nil {
		return User{}, err
	}
	if extra.TokenUse != "access" || !slices.Contains(strings.Fields(extra.Scope), "openid") {
		return User{}, errors.New("not an access token with the openid scope")
	}
	u, ok := i.users.bySubject(std.Subject)
	if !ok {
		return User{}, ErrUnknownUser
	}
	return u, nil
}

// logout ends the session and sends the browser to an allowed sign-out URL (logout_uri),
// or back to the sign-in page when the request names a redirect_uri instead, as Cognito's
// /logout does.
func (i *Issuer) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	client, ok := i.client(q.Get("client_id"))
	if !ok {
		i.renderError(w, http.StatusBadRequest, "The sign-out request names no registered app client.")
		return
	}
	var target string
	switch {
	case q.Get("logout_uri") != "":
		if !slices.Contains(client.LogoutURIs, q.Get("logout_uri")) {
			i.renderError(w, http.StatusBadRequest, "The sign-out request's logout_uri is not an allowed sign-out URL for this app client.")
			return
		}
		target = q.Get("logout_uri")
	case q.Get("redirect_uri") != "":
		if _, aerr := i.parseAuthRequest(q); aerr != nil {
			i.renderError(w, http.StatusBadRequest, aerr.description)
			return
		}
		target = PathLogin + "?" + r.URL.RawQuery
	default:
		i.renderError(w, http.StatusBadRequest, "The sign-out request needs a logout_uri or a redirect_uri.")
		return
	}
	if c, err := r.Cookie(i.sessionCookie); err == nil {
		i.endSession(c.Value)
	}
	i.clearCookie(w, i.sessionCookie)
	http.Redirect(w, r, target, http.StatusFound)
}

// currentSession returns the browser's live session, if any.
func (i *Issuer) currentSession(r *http.Request) (session, bool) {
	c, err := r.Cookie(i.sessionCookie)
	if err != nil {
		return session{}, false
	}
	return i.lookupSession(c.Value)
}

func (i *Issuer) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: i.secure, SameSite: http.SameSiteLaxMode})
}
