package secrets

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

func TestLocalSealerBindsContext(t *testing.T) {
	key, err := LocalKey(filepath.Join(t.TempDir(), "k"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewLocalSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sealed, err := s.Seal(ctx, []byte("shpss_secret"), "conn-a")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("shpss_secret")) {
		t.Fatal("sealed secret contains the plaintext")
	}
	if plain, err := s.Open(ctx, sealed, "conn-a"); err != nil || string(plain) != "shpss_secret" {
		t.Fatalf("open: %q %v", plain, err)
	}
	if _, err := s.Open(ctx, sealed, "conn-b"); err == nil {
		t.Fatal("a secret sealed for one connection must not open for another")
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := s.Open(ctx, sealed, "conn-a"); err == nil {
		t.Fatal("a tampered secret must not open")
	}
}
