package idp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// keyFile holds the signing key in the data folder, so tokens stay valid across restarts.
const keyFile = "signing-key.pem"

// loadOrCreateKey reads the RSA signing key from dir, creating it on first use. An empty
// dir gives a fresh key that lives as long as the process.
func loadOrCreateKey(dir string) (*rsa.PrivateKey, error) {
	if dir == "" {
		return generateKey()
	}
	path := filepath.Join(dir, keyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err := generateKey()
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, fmt.Errorf("idp: encode signing key: %w", err)
		}
		if err := writeFileAtomic(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
			return nil, fmt.Errorf("idp: save signing key: %w", err)
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("idp: read signing key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("idp: %s holds no PKCS#8 private key", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("idp: parse signing key %s: %w", path, err)
	}
	key, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("idp: %s is not an RSA key", path)
	}
	return key, nil
}

func generateKey() (*rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("idp: generate signing key: %w", err)
	}
	return key, nil
}

// newSigner returns the key id (the key's RFC 7638 thumbprint, stable for a key) and an
// RS256 signer that puts it in every token's header, as Cognito does.
func newSigner(key *rsa.PrivateKey) (string, jose.Signer, error) {
	pub := jose.JSONWebKey{Key: &key.PublicKey}
	thumb, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", nil, fmt.Errorf("idp: key thumbprint: %w", err)
	}
	kid := base64.RawURLEncoding.EncodeToString(thumb)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	if err != nil {
		return "", nil, fmt.Errorf("idp: signer: %w", err)
	}
	return kid, signer, nil
}

// Sign signs claims as a JWT with the issuer's key. The issuer uses it for every token;
// tests use it to forge tokens (expired, for another audience) that an authorizer must
// refuse although their signature is good.
func (i *Issuer) Sign(claims map[string]any) (string, error) {
	token, err := jwt.Signed(i.signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("idp: sign token: %w", err)
	}
	return token, nil
}

// KeySet returns the issuer's public keys as its JWKS endpoint publishes them.
func (i *Issuer) KeySet() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &i.key.PublicKey, KeyID: i.kid, Algorithm: string(jose.RS256), Use: "sig",
	}}}
}

func (i *Issuer) jwks(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, i.KeySet())
}

// discovery serves the OpenID Provider metadata, in the shape Cognito publishes.
func (i *Issuer) discovery(w http.ResponseWriter, _ *http.Request) {
	e := i.Endpoints()
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                e.Issuer,
		"authorization_endpoint":                e.Authorize,
		"token_endpoint":                        e.Token,
		"userinfo_endpoint":                     e.UserInfo,
		"jwks_uri":                              e.JWKS,
		"end_session_endpoint":                  e.Logout,
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{string(jose.RS256)},
		"scopes_supported":                      []string{"openid", "email", "profile"},
		"token_endpoint_auth_methods_supported": []string{"none"},
		"claims_supported": []string{"sub", "email", "email_verified", "cognito:username", "aud", "iss",
			"auth_time", "iat", "exp", "token_use"},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeFileAtomic replaces path with data readable by its owner only, so a crash never
// leaves half a file and no other local user reads keys or password hashes.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
