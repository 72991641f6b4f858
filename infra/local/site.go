package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hypetrack/hypetrack/infra/local/idp"
	"github.com/hypetrack/hypetrack/shared/system"
)

// newSiteConfig is /config.json, the UI's runtime configuration, in the shape the CDK
// stack writes at deploy time with Cognito's hosted-UI URLs and app client instead.
func newSiteConfig(baseURL string, issuer *idp.Issuer, client idp.Client) system.SiteConfig {
	e := issuer.Endpoints()
	redirect := baseURL + system.UICallbackPath
	if !slices.Contains(client.RedirectURIs, redirect) {
		redirect = client.RedirectURIs[0]
	}
	logout := baseURL + "/"
	if len(client.LogoutURIs) > 0 && !slices.Contains(client.LogoutURIs, logout) {
		logout = client.LogoutURIs[0]
	}
	return system.SiteConfig{
		APIURL:  baseURL,
		LinkURL: baseURL,
		Auth: system.SiteAuth{
			Issuer: e.Issuer, AuthorizeURL: e.Authorize, TokenURL: e.Token, LogoutURL: e.Logout,
			ClientID: client.ID, RedirectURI: redirect, LogoutRedirectURI: logout, Scopes: client.Scopes,
		},
	}
}

// issuerHandler is the local sign-in, which owns a few fixed paths.
type issuerHandler interface {
	http.Handler
	Handles(path string) bool
}

// newSite serves the built web UI from dist, the local issuer's paths, and everything else
// through the gateway. A path that names a file in dist is the UI's; the sign-in paths are
// the issuer's (Cognito's hosted-UI domain in the cloud); anything else goes to the route
// table, the way CloudFront and API Gateway split the work in the cloud. The UI's callback
// path serves index.html, so the UI handles the code it carries.
func newSite(dist string, cfg system.SiteConfig, issuer issuerHandler, api http.Handler) http.Handler {
	config, _ := json.Marshal(cfg)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clean := path.Clean("/" + r.URL.Path)
		switch {
		case clean == "/config.json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write(config)
			return
		case issuer.Handles(r.URL.Path):
			issuer.ServeHTTP(w, r)
			return
		case (clean == "/" || clean == system.UICallbackPath) && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			index := filepath.Join(dist, "index.html")
			if _, err := os.Stat(index); err != nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, unbuiltSite)
				return
			}
			http.ServeFile(w, r, index)
			return
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
			file := filepath.Join(dist, filepath.FromSlash(strings.TrimPrefix(clean, "/")))
			if st, err := os.Stat(file); err == nil && !st.IsDir() {
				http.ServeFile(w, r, file)
				return
			}
		}
		api.ServeHTTP(w, r)
	})
}

const unbuiltSite = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hypetrack (local)</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto">
<h1>Hypetrack local stack</h1>
<p>The API and tracking links are up. The web UI has not been built in site/dist yet: <code>make site</code> builds it.</p>
<p><a href="/login">Sign in</a> (on the first run, create the first account there) · <a href="/healthz">/healthz</a></p></body></html>`

func newEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
