package redirect

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

// Environment variables the redirect function reads, set by the CDK stack, besides
// links.EnvDomain and links.EnvCustomDomains.
const (
	// EnvRetentionDays is how many days raw clicks are kept (default 400).
	EnvRetentionDays = "HYPETRACK_CLICK_RETENTION_DAYS"
	// EnvVisitorSecret holds the visitor-key secret itself (local stack, tests).
	EnvVisitorSecret = "HYPETRACK_VISITOR_SECRET"
	// EnvVisitorSecretARN names the Secrets Manager secret holding it (cloud).
	EnvVisitorSecretARN = "HYPETRACK_VISITOR_SECRET_ARN"
	// EnvDeadLetterQueue is the SQS queue URL of clicks that could not be written.
	EnvDeadLetterQueue = "HYPETRACK_CLICK_DLQ_URL"
	// EnvDeadLetterFile is the local file of such clicks, when there is no queue.
	EnvDeadLetterFile = "HYPETRACK_CLICK_DLQ_FILE"
)

// MinSecretLength is the shortest visitor-key secret accepted: 256 bits.
const MinSecretLength = 32

// Config is the redirect function's configuration.
type Config struct {
	Domain           string
	CustomDomains    []string
	Retention        time.Duration
	VisitorSecret    []byte
	VisitorSecretARN string
	DeadLetterQueue  string
	DeadLetterFile   string
}

// ConfigFromEnv reads the configuration. Exactly one visitor-secret source and one
// dead-letter path must be set: a click must never be lost for want of either.
func ConfigFromEnv() (Config, error) {
	cfg := Config{
		Retention:        DefaultRetention,
		VisitorSecret:    []byte(os.Getenv(EnvVisitorSecret)),
		VisitorSecretARN: os.Getenv(EnvVisitorSecretARN),
		DeadLetterQueue:  os.Getenv(EnvDeadLetterQueue),
		DeadLetterFile:   os.Getenv(EnvDeadLetterFile),
	}
	cfg.Domain, cfg.CustomDomains = links.DomainsFromEnv()
	if v := os.Getenv(EnvRetentionDays); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 {
			return Config{}, fmt.Errorf("%s=%q: want a positive number of days", EnvRetentionDays, v)
		}
		cfg.Retention = time.Duration(days) * 24 * time.Hour
	}
	var errs []error
	if len(cfg.VisitorSecret) == 0 && cfg.VisitorSecretARN == "" {
		errs = append(errs, fmt.Errorf("set %s or %s", EnvVisitorSecretARN, EnvVisitorSecret))
	}
	if len(cfg.VisitorSecret) > 0 && len(cfg.VisitorSecret) < MinSecretLength {
		errs = append(errs, fmt.Errorf("%s must be at least %d bytes", EnvVisitorSecret, MinSecretLength))
	}
	if cfg.DeadLetterQueue == "" && cfg.DeadLetterFile == "" {
		errs = append(errs, fmt.Errorf("set %s or %s", EnvDeadLetterQueue, EnvDeadLetterFile))
	}
	return cfg, errors.Join(errs...)
}

// Options turns the configuration into handler options.
func (c Config) Options() []Option {
	return []Option{WithDomains(c.Domain, c.CustomDomains...), WithRetention(c.Retention)}
}
