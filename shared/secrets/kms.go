package secrets

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hypetrack/hypetrack/shared/system"
)

// KMSAPI is the part of the KMS client the sealer uses.
type KMSAPI interface {
	Encrypt(ctx context.Context, in *kms.EncryptInput, opts ...func(*kms.Options)) (*kms.EncryptOutput, error)
	Decrypt(ctx context.Context, in *kms.DecryptInput, opts ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// KMSSealer seals one kind of secret with a KMS key. The kind travels in the encryption
// context under system.SecretContextKey, which is what the cloud grants are conditioned on
// (the webhook function may open signing secrets and nothing else); the context string
// travels beside it, so CloudTrail shows which item each decryption was for and a
// ciphertext moved to another item does not decrypt.
type KMSSealer struct {
	client KMSAPI
	keyID  string
	kind   system.SecretKind
}

// NewKMSSealer seals secrets of kind under keyID (an ARN, id or alias).
func NewKMSSealer(client KMSAPI, keyID string, kind system.SecretKind) *KMSSealer {
	return &KMSSealer{client: client, keyID: keyID, kind: kind}
}

func (s *KMSSealer) encryptionContext(bound string) map[string]string {
	return map[string]string{system.SecretContextKey: string(s.kind), "item": bound}
}

// Seal encrypts plaintext (at most 4 KB, KMS's limit for direct encryption).
func (s *KMSSealer) Seal(ctx context.Context, plaintext []byte, context string) ([]byte, error) {
	out, err := s.client.Encrypt(ctx, &kms.EncryptInput{
		KeyId:             aws.String(s.keyID),
		Plaintext:         plaintext,
		EncryptionContext: s.encryptionContext(context),
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
		EncryptionContext: s.encryptionContext(context),
	})
	if err != nil {
		return nil, fmt.Errorf("kms decrypt: %w", err)
	}
	return out.Plaintext, nil
}
