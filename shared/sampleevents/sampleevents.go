// Package sampleevents loads the sample events kept in events/ at the repository root, so
// tests run handlers on the same payloads the local stack and the docs use.
package sampleevents

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hypetrack/hypetrack/shared/repo"
)

// Path returns the absolute path of events/<name>.
func Path(t testing.TB, name string) string {
	t.Helper()
	root, err := repo.Root()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "events", name)
}

// Read returns the bytes of events/<name>.
func Read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(Path(t, name))
	if err != nil {
		t.Fatalf("read sample event: %v", err)
	}
	return b
}

// Load decodes events/<name> into v.
func Load(t testing.TB, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(Read(t, name), v); err != nil {
		t.Fatalf("decode sample event %s: %v", name, err)
	}
}

// Headers reads events/<name>, a JSON object of header names to values kept beside a
// platform's sample body (orders-create.headers.json).
func Headers(t testing.TB, name string) map[string]string {
	t.Helper()
	var h map[string]string
	Load(t, name, &h)
	return h
}
