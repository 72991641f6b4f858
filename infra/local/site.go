package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// newSite serves the built web UI from dist and everything else through the gateway. A path
// that names a file in dist is the UI's; anything else goes to the route table, the way
// CloudFront and API Gateway split the work in the cloud. /config.json is the runtime
// configuration the UI reads, which the CDK stack writes at deploy time.
func newSite(dist, baseURL string, api http.Handler) http.Handler {
	config, _ := json.Marshal(map[string]string{"apiBaseUrl": baseURL, "linkBaseUrl": baseURL})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clean := path.Clean("/" + r.URL.Path)
		switch {
		case clean == "/config.json":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write(config)
			return
		case clean == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
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
<p><a href="/healthz">/healthz</a></p></body></html>`

func newEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
