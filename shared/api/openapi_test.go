package api

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/hypetrack/hypetrack/shared/repo"
	"github.com/hypetrack/hypetrack/shared/system"
)

var update = flag.Bool("update", false, "rewrite docs/openapi.json")

// TestOpenAPIDescribesEveryRoute keeps the document, the route table and the committed copy
// in step: every route has a spec, every spec a route, and docs/openapi.json is current.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	keys := map[string]bool{}
	for _, r := range system.Routes {
		keys[r.Key] = true
		if _, ok := specs[r.Key]; !ok {
			t.Errorf("route %s has no OpenAPI spec", r.Key)
		}
	}
	for key := range specs {
		if !keys[key] {
			t.Errorf("OpenAPI spec for %s, which is not in the route table", key)
		}
	}
	doc, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	doc = append(doc, '\n')
	root, err := repo.Root()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "docs", "openapi.json")
	if *update {
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go test ./shared/api -run OpenAPI -update", err)
	}
	if !bytes.Equal(committed, doc) {
		t.Fatal("docs/openapi.json is out of date: run go test ./shared/api -run OpenAPI -update")
	}
}
