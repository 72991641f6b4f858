package secrets

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/hypetrack/hypetrack/shared/system"
)

// TestKMSSealerSendsPurposeContext checks the requests at KMS's JSON protocol boundary:
// the cloud's IAM grants are conditioned on the purpose in the encryption context, so the
// sealer must always send it.
func TestKMSSealerSendsPurposeContext(t *testing.T) {
	var seen []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]any
		_ = json.NewDecoder(r.Body).Decode(&in)
		seen = append(seen, in)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		switch r.Header.Get("X-Amz-Target") {
		case "TrentService.Encrypt":
			_ = json.NewEncoder(w).Encode(map[string]any{"CiphertextBlob": base64.StdEncoding.EncodeToString([]byte("sealed:" + in["Plaintext"].(string))), "KeyId": in["KeyId"]})
		case "TrentService.Decrypt":
			_ = json.NewEncoder(w).Encode(map[string]any{"Plaintext": base64.StdEncoding.EncodeToString([]byte("whsec_abc")), "KeyId": in["KeyId"]})
		}
	}))
	defer srv.Close()
	client := kms.New(kms.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")})
	s := NewKMSSealer(client, "arn:aws:kms:us-east-1:123456789012:key/k", system.WebhookSigningSecret)
	sealed, err := s.Seal(context.Background(), []byte("whsec_abc"), "conn-1")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.Open(context.Background(), sealed, "conn-1")
	if err != nil || string(plain) != "whsec_abc" {
		t.Fatalf("open: %q %v", plain, err)
	}
	for _, req := range seen {
		ec, _ := req["EncryptionContext"].(map[string]any)
		if ec[system.SecretContextKey] != string(system.WebhookSigningSecret) || ec["item"] != "conn-1" {
			t.Fatalf("encryption context %v", ec)
		}
	}
}
