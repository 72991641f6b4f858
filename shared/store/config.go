package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/hypetrack/hypetrack/shared/system"
)

// Environment variables a function reads to find its table.
const (
	// EnvTable names the DynamoDB table; the cloud stack sets it.
	EnvTable = system.EnvTable
	// EnvEndpoint points the client at DynamoDB Local; unset in the cloud.
	EnvEndpoint = "HYPETRACK_DYNAMODB_ENDPOINT"
)

// Config says which table to open and where.
type Config struct {
	// Table is the table name.
	Table string
	// Endpoint is a DynamoDB Local URL such as http://127.0.0.1:8000. Empty means AWS.
	Endpoint string
	// Region defaults to AWS_REGION, then us-east-1 for a local endpoint.
	Region string
	// MaxAttempts caps SDK attempts per request (retries included); 0 keeps the SDK default
	// of 3. Callers with a deadline (a webhook must answer within seconds) lower it.
	MaxAttempts int
	// RequestTimeout bounds one HTTP attempt; 0 means no bound beyond the context's.
	RequestTimeout time.Duration
	// MaxBackoff caps the pause between attempts; 0 keeps the SDK's 20 s, which a caller
	// with a deadline of seconds never reaches the next attempt under.
	MaxBackoff time.Duration
}

// ConfigFromEnv reads the table name and optional local endpoint from the environment.
func ConfigFromEnv() (Config, error) {
	cfg := Config{
		Table:    os.Getenv(EnvTable),
		Endpoint: os.Getenv(EnvEndpoint),
		Region:   os.Getenv("AWS_REGION"),
	}
	if cfg.Table == "" {
		return Config{}, fmt.Errorf("%s is not set", EnvTable)
	}
	return cfg, nil
}

// NewClient builds a DynamoDB client. Against a local endpoint it uses dummy credentials
// and skips response checksum validation, because DynamoDB Local's CRC32 header does not
// match on error responses and the SDK would log a warning for each.
func NewClient(ctx context.Context, cfg Config) (*dynamodb.Client, error) {
	var opts []func(*config.LoadOptions) error
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	} else if cfg.Endpoint != "" {
		opts = append(opts, config.WithRegion("us-east-1"))
	}
	if cfg.Endpoint != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider("local", "local", "")))
	}
	if cfg.MaxAttempts > 0 || cfg.MaxBackoff > 0 {
		opts = append(opts, config.WithRetryer(func() aws.Retryer {
			var r aws.Retryer = retry.NewStandard()
			if cfg.MaxAttempts > 0 {
				r = retry.AddWithMaxAttempts(r, cfg.MaxAttempts)
			}
			if cfg.MaxBackoff > 0 {
				r = retry.AddWithMaxBackoffDelay(r, cfg.MaxBackoff)
			}
			return r
		}))
	}
	if cfg.RequestTimeout > 0 {
		opts = append(opts, config.WithHTTPClient(awsHTTPClient(cfg.RequestTimeout)))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	return dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
			o.DisableValidateResponseChecksum = true
		}
	}), nil
}

// Table is the single Hypetrack table.
type Table struct {
	// DB is the client; store code in this package is the only user of it.
	DB *dynamodb.Client
	// Name is the table's name.
	Name string
}

// Open connects to the table named in cfg. It makes no request: a cold start must not pay
// for a round trip it does not need.
func Open(ctx context.Context, cfg Config) (*Table, error) {
	if cfg.Table == "" {
		return nil, errors.New("open table: no table name")
	}
	db, err := NewClient(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open table %q: %w", cfg.Table, err)
	}
	return &Table{DB: db, Name: cfg.Table}, nil
}
