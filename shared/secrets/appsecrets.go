package secrets

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Get returns the current value of the Secrets Manager secret named by arn. Functions
// read deployer-provided secrets (system.AppSecrets) with it once, at cold start.
func Get(ctx context.Context, arn string) ([]byte, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config for secret: %w", err)
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("read secret %s: %w", arn, err)
	}
	if out.SecretBinary != nil {
		return out.SecretBinary, nil
	}
	return []byte(aws.ToString(out.SecretString)), nil
}
