// Package secrets seals the secrets marketers hand us (webhook signing secrets, platform
// API credentials) before they are stored, and opens them when a function needs them. In
// the cloud a KMS key seals; locally an AES-256-GCM key kept in the local data folder does.
// Either way the table never holds a secret in the clear, and the API never returns one.
package secrets

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Sealer encrypts and decrypts small secrets. Context binds a ciphertext to what it belongs
// to (a connection id, say): a sealed secret copied onto another item will not open there.
type Sealer interface {
	Seal(ctx context.Context, plaintext []byte, context string) ([]byte, error)
	Open(ctx context.Context, sealed []byte, context string) ([]byte, error)
}

// LocalSealer seals with AES-256-GCM under a key of its own. It is for the local stack and
// tests; deployed functions use KMS.
type LocalSealer struct {
	aead cipher.AEAD
}

// NewLocalSealer uses key, which must be 32 bytes.
func NewLocalSealer(key []byte) (*LocalSealer, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("local sealer: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("local sealer: %w", err)
	}
	return &LocalSealer{aead: aead}, nil
}

// LocalKey reads the key file at path, creating it with a fresh random key on first use.
func LocalKey(path string) ([]byte, error) {
	if key, err := os.ReadFile(path); err == nil && len(key) == 32 {
		return key, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create key folder: %w", err)
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("write local key: %w", err)
	}
	return key, nil
}

// Seal encrypts plaintext bound to context.
func (s *LocalSealer) Seal(_ context.Context, plaintext []byte, context string) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return s.aead.Seal(nonce, nonce, plaintext, []byte(context)), nil
}

// Open decrypts what Seal made for the same context.
func (s *LocalSealer) Open(_ context.Context, sealed []byte, context string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed secret too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(context))
	if err != nil {
		return nil, fmt.Errorf("open sealed secret: %w", err)
	}
	return plain, nil
}
