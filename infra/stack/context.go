package stack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// PropsFromContext reads the stack's configuration from CDK context (cdk.json or
// `-c key=value`). Paths default to the repository's build outputs, found from the
// working directory, so the app runs the same from the repository root and from infra/.
func PropsFromContext(node constructs.Node) (Props, error) {
	get := func(key string) (string, error) {
		switch v := node.TryGetContext(jsii.String(key)).(type) {
		case nil:
			return "", nil
		case string:
			return strings.TrimSpace(v), nil
		default:
			return "", fmt.Errorf("context %q: want a string, got %T", key, v)
		}
	}
	var errs []error
	str := func(key string) string {
		v, err := get(key)
		errs = append(errs, err)
		return v
	}

	p := Props{Stage: Dev}
	if s := str("stage"); s != "" {
		stage, err := ParseStage(s)
		errs = append(errs, err)
		p.Stage = stage
	}
	root, rootErr := moduleRoot()
	p.AssetDir = str("assetDir")
	p.SiteDir = str("siteDir")
	if p.AssetDir == "" || p.SiteDir == "" {
		errs = append(errs, rootErr)
		if p.AssetDir == "" {
			p.AssetDir = filepath.Join(root, "build", "lambda")
		}
		if p.SiteDir == "" {
			p.SiteDir = filepath.Join(root, "site", "dist")
		}
	}
	p.AlarmEmail = str("alarmEmail")
	p.AuthDomainPrefix = str("authDomainPrefix")
	if name := str("shortDomain"); name != "" {
		cert := str("shortDomainCertificateArn")
		if cert == "" {
			errs = append(errs, errors.New("context shortDomain needs shortDomainCertificateArn"))
		}
		p.ShortDomain = &CustomDomain{Name: name, CertificateArn: cert}
	}
	if name := str("siteDomain"); name != "" {
		cert := str("siteDomainCertificateArn")
		if cert == "" {
			errs = append(errs, errors.New("context siteDomain needs siteDomainCertificateArn (in us-east-1)"))
		}
		p.SiteDomain = &CustomDomain{Name: name, CertificateArn: cert}
	}
	for _, origin := range strings.Split(str("extraOrigins"), ",") {
		if origin = strings.TrimSpace(origin); origin != "" {
			p.ExtraOrigins = append(p.ExtraOrigins, strings.TrimSuffix(origin, "/"))
		}
	}
	for _, f := range system.Functions {
		if f.Schedule == nil {
			continue
		}
		key := "rate." + f.Schedule.Name
		if v := str(key); v != "" {
			every, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("context %s: %w", key, err))
				continue
			}
			if p.ScheduleRates == nil {
				p.ScheduleRates = map[string]time.Duration{}
			}
			p.ScheduleRates[f.Schedule.Name] = every
		}
	}
	// The CDK CLI names the target account and region; without it the stack synthesizes
	// environment-agnostic, which is all a synth-only machine needs.
	if account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION"); account != "" && region != "" {
		p.Env = &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
	}
	if err := errors.Join(errs...); err != nil {
		return Props{}, err
	}
	return p, nil
}

// moduleRoot is the nearest folder at or above the working directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod above the working directory; set context assetDir and siteDir")
		}
		dir = parent
	}
}
