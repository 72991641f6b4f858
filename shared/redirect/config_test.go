package redirect

import (
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

func TestConfigFromEnv(t *testing.T) {
	secret := strings.Repeat("s", MinSecretLength)
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(Config) bool
	}{
		{name: "defaults", env: map[string]string{EnvVisitorSecret: secret, EnvDeadLetterFile: "/tmp/x"},
			check: func(c Config) bool { return c.Domain == links.DefaultDomain && c.Retention == DefaultRetention }},
		{name: "everything", env: map[string]string{EnvVisitorSecretARN: "arn:secret", EnvDeadLetterQueue: "https://sqs/q",
			links.EnvDomain: "Go.Brand.com", links.EnvCustomDomains: " a.com, ,B.com", EnvRetentionDays: "30"},
			check: func(c Config) bool {
				return c.Domain == "go.brand.com" && strings.Join(c.CustomDomains, ",") == "a.com,b.com" && c.Retention == 30*24*time.Hour
			}},
		{name: "no secret", env: map[string]string{EnvDeadLetterFile: "/tmp/x"}, wantErr: EnvVisitorSecretARN},
		{name: "short secret", env: map[string]string{EnvVisitorSecret: "short", EnvDeadLetterFile: "/tmp/x"}, wantErr: "at least"},
		{name: "no dead-letter path", env: map[string]string{EnvVisitorSecret: secret}, wantErr: EnvDeadLetterQueue},
		{name: "bad retention", env: map[string]string{EnvVisitorSecret: secret, EnvDeadLetterFile: "/tmp/x", EnvRetentionDays: "-1"}, wantErr: EnvRetentionDays},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{EnvVisitorSecret, EnvVisitorSecretARN, EnvDeadLetterFile, EnvDeadLetterQueue, EnvRetentionDays, links.EnvDomain, links.EnvCustomDomains} {
				t.Setenv(k, tt.env[k])
			}
			cfg, err := ConfigFromEnv()
			switch {
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one mentioning %s", err, tt.wantErr)
			case tt.wantErr == "" && (err != nil || !tt.check(cfg)):
				t.Fatalf("config %+v, %v", cfg, err)
			}
		})
	}
}
