package secrets

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// KMSAPI is the part of the KMS client the sealer uses.
type KMSAPI interface {
	Encrypt(ctx context.Context, in *kms.EncryptInput, opts ...func(*kms.Options)) (*kms.EncryptOutput, error)
	Decrypt(ctx context.Context, in *kms.DecryptInput, opts ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// KMSSealer seals with a KMS key. The context string travels as KMS encryption context, so
// CloudTrail shows which connection each decryption was for, and a ciphertext moved to
// another item does not decrypt.
type KMSSealer struct {
	client KMSAPI
	keyID  string
}

// NewKMSSealer seals under keyID (an ARN, id or alias).
func NewKMSSealer(client KMSAPI, keyID string) *KMSSealer {
	return &KMSSealer{client: client, keyID: keyID}
}

// Seal encrypts plaintext (at most 4 KB, KMS's limit for direct encryption).
func (s *KMSSealer) Seal(ctx context.Context, plaintext []byte, context string) ([]byte, error) {
	out, err := s.client.Encrypt(ctx, &kms.EncryptInput{
		KeyId:             aws.String(s.keyID),
		Plaintext:         plaintext,
		EncryptionContext: map[string]string{"hypetrack": context},
	})
	if err != nil {
		return nil, fmt.Errorf("kms encrypt: %w", err)
	}
	return out.CiphertextBlob, nil
}

// Open decrypts what Seal made for the same context.
func (s *KMSSealer) Open(ctx context.Context, sealed []byte, context string) ([]byte, error) {
	out, err := s.client.Decrypt(ctx, &kms.DecryptInput{
		KeyId:             aws.String(s.keyID),
		CiphertextBlob:    sealed,
		EncryptionContext: map[string]string{"hypetrack": context},
	})
	if err != nil {
		return nil, fmt.Errorf("kms decrypt: %w", err)
	}
	return out.Plaintext, nil
}

// EnvKMSKey names the KMS key that seals secrets in the cloud.
const EnvKMSKey = "HYPETRACK_KMS_KEY_ID"
