package idp

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/system"
)

// Tokens is the token endpoint's answer, as Cognito's /oauth2/token sends it.
type Tokens struct {
	// IDToken names the user (sub, email); its aud is the client id. The web UI sends it
	// as the bearer token to the API.
	IDToken string `json:"id_token,omitempty"`
	// AccessToken carries client_id and scope instead of aud.
	AccessToken string `json:"access_token"`
	// RefreshToken is opaque; a refresh answer has none (Cognito does not rotate it).
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int    `json:"expires_in"`
	TokenType    string `json:"token_type"`
}

// signIn is one authentication of a user through one client; refreshed tokens keep its
// auth_time, origin_jti and event_id, as Cognito's do.
type signIn struct {
	Subject   string    `json:"sub"`
	ClientID  string    `json:"clientId"`
	Scopes    []string  `json:"scopes"`
	AuthTime  time.Time `json:"authTime"`
	OriginJTI string    `json:"originJti"`
	EventID   string    `json:"eventId"`
	Nonce     string    `json:"-"`
}

func (i *Issuer) newSignIn(sub, clientID string, scopes []string, nonce string) signIn {
	return signIn{Subject: sub, ClientID: clientID, Scopes: scopes, AuthTime: i.now().UTC(),
		OriginJTI: newUUID(), EventID: newUUID(), Nonce: nonce}
}

// issue signs the ID and access tokens for s and, when withRefresh, stores a refresh token.
func (i *Issuer) issue(s signIn, withRefresh bool) (Tokens, error) {
	user, ok := i.users.bySubject(s.Subject)
	if !ok {
		return Tokens{}, ErrUnknownUser
	}
	now := i.now().UTC()
	idExp := now.Add(system.UIClient.IDTokenValidity)
	accessExp := now.Add(system.UIClient.AccessTokenValidity)
	access := map[string]any{
		"sub":        user.Subject,
		"iss":        i.issuer,
		"client_id":  s.ClientID,
		"origin_jti": s.OriginJTI,
		"event_id":   s.EventID,
		"token_use":  "access",
		"scope":      strings.Join(s.Scopes, " "),
		"auth_time":  s.AuthTime.Unix(),
		"exp":        accessExp.Unix(),
		"iat":        now.Unix(),
		"jti":        newUUID(),
		"username":   user.Subject,
		"version":    2,
	}
	var t Tokens
	var err error
	if t.AccessToken, err = i.Sign(access); err != nil {
		return Tokens{}, err
	}
	// Cognito issues an ID token only to a sign-in that asked for openid.
	if slices.Contains(s.Scopes, "openid") {
		id := map[string]any{
			"sub":              user.Subject,
			"email_verified":   true,
			"iss":              i.issuer,
			"cognito:username": user.Subject,
			"origin_jti":       s.OriginJTI,
			"aud":              s.ClientID,
			"event_id":         s.EventID,
			"token_use":        "id",
			"auth_time":        s.AuthTime.Unix(),
			"exp":              idExp.Unix(),
			"iat":              now.Unix(),
			"jti":              newUUID(),
			"email":            user.Email,
		}
		if s.Nonce != "" {
			id["nonce"] = s.Nonce
		}
		if t.IDToken, err = i.Sign(id); err != nil {
			return Tokens{}, err
		}
	}
	t.ExpiresIn = int(system.UIClient.AccessTokenValidity / time.Second)
	t.TokenType = "Bearer"
	if withRefresh {
		if t.RefreshToken, err = i.refresh.add(s, now, now.Add(system.UIClient.RefreshTokenValidity)); err != nil {
			return Tokens{}, err
		}
	}
	return t, nil
}

// Mint signs a user in through clientID without the browser flow and returns the tokens
// the token endpoint would, refresh token included. Tests that need tokens for several
// users use it; the tokens are exactly those a real sign-in gets.
func (i *Issuer) Mint(email, clientID string) (Tokens, error) {
	c, ok := i.client(clientID)
	if !ok {
		return Tokens{}, fmt.Errorf("idp: mint: unknown client %q", clientID)
	}
	u, ok := i.users.byEmailAddr(strings.ToLower(strings.TrimSpace(email)))
	if !ok {
		return Tokens{}, fmt.Errorf("idp: mint for %q: %w", email, ErrUnknownUser)
	}
	return i.issue(i.newSignIn(u.Subject, c.ID, c.Scopes, ""), true)
}

// codeGrant is what an authorization code stands for until it is redeemed.
type codeGrant struct {
	signIn      signIn
	redirectURI string
	challenge   string
	expires     time.Time
}

func (i *Issuer) newCode(s signIn, redirectURI, challenge string) string {
	code := randomToken()
	i.mu.Lock()
	defer i.mu.Unlock()
	now := i.now()
	for k, g := range i.codes {
		if now.After(g.expires) {
			delete(i.codes, k)
		}
	}
	i.codes[digest(code)] = codeGrant{signIn: s, redirectURI: redirectURI, challenge: challenge,
		expires: now.Add(system.UIClient.CodeValidity)}
	return code
}

// takeCode removes and returns a code's grant: a code is spent by its first redemption,
// whether that succeeds or not, so a stolen code replayed later gets nothing.
func (i *Issuer) takeCode(code string) (codeGrant, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	k := digest(code)
	g, ok := i.codes[k]
	delete(i.codes, k)
	if !ok || i.now().After(g.expires) {
		return codeGrant{}, false
	}
	return g, true
}

// session is the hosted UI's sign-in cookie: while it lasts, /oauth2/authorize issues a
// code without asking for the password again, as Cognito's one-hour session cookie does.
type session struct {
	subject  string
	authTime time.Time
	expires  time.Time
}

const sessionValidity = time.Hour

func (i *Issuer) newSession(sub string) (string, time.Time) {
	id := randomToken()
	now := i.now()
	i.mu.Lock()
	defer i.mu.Unlock()
	for k, s := range i.sessions {
		if now.After(s.expires) {
			delete(i.sessions, k)
		}
	}
	i.sessions[digest(id)] = session{subject: sub, authTime: now.UTC(), expires: now.Add(sessionValidity)}
	return id, now.Add(sessionValidity)
}

func (i *Issuer) lookupSession(id string) (session, bool) {
	if id == "" {
		return session{}, false
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	s, ok := i.sessions[digest(id)]
	if !ok || i.now().After(s.expires) {
		return session{}, false
	}
	if _, exists := i.users.bySubject(s.subject); !exists {
		return session{}, false
	}
	return s, true
}

func (i *Issuer) endSession(id string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	delete(i.sessions, digest(id))
}

// refreshFile holds refresh tokens (their digests only) in the data folder, so the UI stays
// signed in across restarts of the local stack.
const refreshFile = "refresh-tokens.json"

type refreshGrant struct {
	SignIn  signIn    `json:"signIn"`
	Expires time.Time `json:"expires"`
}

type refreshStore struct {
	path   string
	mu     sync.Mutex
	grants map[string]refreshGrant
}

func openRefreshStore(dir string) (*refreshStore, error) {
	s := &refreshStore{grants: map[string]refreshGrant{}}
	if dir == "" {
		return s, nil
	}
	s.path = filepath.Join(dir, refreshFile)
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("idp: read refresh tokens: %w", err)
	}
	if err := json.Unmarshal(data, &s.grants); err != nil {
		return nil, fmt.Errorf("idp: parse %s: %w", s.path, err)
	}
	return s, nil
}

func (s *refreshStore) add(in signIn, now, expires time.Time) (string, error) {
	token := randomToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, g := range s.grants {
		if now.After(g.Expires) {
			delete(s.grants, k)
		}
	}
	in.Nonce = ""
	s.grants[digest(token)] = refreshGrant{SignIn: in, Expires: expires}
	if s.path != "" {
		data, err := json.Marshal(s.grants)
		if err != nil {
			return "", fmt.Errorf("idp: encode refresh tokens: %w", err)
		}
		if err := writeFileAtomic(s.path, data); err != nil {
			return "", fmt.Errorf("idp: save refresh tokens: %w", err)
		}
	}
	return token, nil
}

func (s *refreshStore) get(token string) (refreshGrant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.grants[digest(token)]
	return g, ok
}

// randomToken returns 256 random bits, URL-safe: codes, refresh tokens, session ids.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// digest is how secrets are kept and looked up: a leaked map or file holds no usable
// token, and a lookup by digest leaks nothing about the secret through timing.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
