package stack

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"

	"github.com/hypetrack/hypetrack/shared/system"
)

// Stage is a deployment of the whole system: dev for trying things, prod for customers.
type Stage string

// The stages.
const (
	Dev  Stage = "dev"
	Prod Stage = "prod"
)

// ParseStage reads a stage name.
func ParseStage(s string) (Stage, error) {
	switch Stage(s) {
	case Dev, Prod:
		return Stage(s), nil
	}
	return "", fmt.Errorf("stage %q: want %q or %q", s, Dev, Prod)
}

// removalPolicy keeps prod's stateful resources when the stack or the resource goes away,
// and lets dev be torn down completely.
func (s Stage) removalPolicy() awscdk.RemovalPolicy {
	if s == Prod {
		return awscdk.RemovalPolicy_RETAIN
	}
	return awscdk.RemovalPolicy_DESTROY
}

// logRetention keeps prod logs long enough to investigate a disputed commission; dev logs
// only for a debugging session.
func (s Stage) logRetention() awslogs.RetentionDays {
	if s == Prod {
		return awslogs.RetentionDays_THREE_MONTHS
	}
	return awslogs.RetentionDays_ONE_WEEK
}

// throttle is the API's steady rate and burst per second. Prod sits below the account's
// default quota (10,000 rps, burst 5,000) so one stage cannot starve others in the account.
func (s Stage) throttle() (rate, burst float64) {
	if s == Prod {
		return 5000, 5000
	}
	return 100, 200
}

// CustomDomain is a domain name the API answers on, typically a short one for links.
type CustomDomain struct {
	// Name is the fully qualified domain name, e.g. "go.example.com".
	Name string
	// CertificateArn is an ACM certificate for Name in the stack's region.
	CertificateArn string
}

// Props configures the stack. Zero values take the shared description's values.
type Props struct {
	awscdk.StackProps
	Stage Stage
	// AssetDir holds one folder per function with its built bootstrap in it
	// (<AssetDir>/<function>/bootstrap), as `make build` writes build/lambda.
	AssetDir string
	// SiteDir holds the built web UI (site/dist). When it does not exist the stack still
	// deploys the bucket, the distribution and config.json, and nothing else into it.
	SiteDir string
	// Functions, Routes, Table and AppSecrets default to the values in shared/system;
	// tests set them to check how the stack treats shapes the product has not used yet.
	Functions  []system.Function
	Routes     []system.Route
	Table      *system.TableSchema
	AppSecrets []system.AppSecret
	// ScheduleRates overrides the period of schedules by system.Schedule name.
	ScheduleRates map[string]time.Duration
	// AlarmEmail, when set, subscribes this address to the alarm topic.
	AlarmEmail string
	// ShortDomain, when set, makes the API (and its redirect routes) answer on that domain.
	ShortDomain *CustomDomain
	// SiteDomain, when set, serves the UI on that domain instead of the distribution's
	// cloudfront.net name. CloudFront needs its certificate in us-east-1.
	SiteDomain *CustomDomain
	// ExtraOrigins are more browser origins allowed to call the API and to receive sign-in
	// callbacks, such as http://localhost:5173 for a UI developer working against dev.
	ExtraOrigins []string
	// AuthDomainPrefix is the Cognito hosted sign-in domain prefix; it must be unique in
	// the region. It defaults to hypetrack-<stage>-<account id>.
	AuthDomainPrefix string
}

// withDefaults fills the fields left empty from shared/system.
func (p Props) withDefaults() Props {
	if p.Stage == "" {
		p.Stage = Dev
	}
	if p.Functions == nil {
		p.Functions = system.Functions
	}
	if p.Routes == nil {
		p.Routes = system.Routes
	}
	if p.Table == nil {
		p.Table = &system.Table
	}
	if p.AppSecrets == nil {
		p.AppSecrets = system.AppSecrets
	}
	return p
}

// Validate checks what the CDK would otherwise report as a stack trace from inside the
// jsii runtime, or not at all: an unknown stage, functions that are not built, routes and
// secrets that name nothing, and periods Lambda and EventBridge cannot express.
func (p Props) Validate() error {
	p = p.withDefaults()
	if _, err := ParseStage(string(p.Stage)); err != nil {
		return err
	}
	if p.AssetDir == "" {
		return errors.New("no asset folder: set Props.AssetDir to the output of `make build`")
	}
	var errs []error
	for _, f := range p.Functions {
		bootstrap := filepath.Join(p.AssetDir, string(f.Name), "bootstrap")
		info, err := os.Stat(bootstrap)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, fmt.Errorf("function %q is not built: %s is missing (run `make build`)", f.Name, bootstrap))
		case err != nil:
			errs = append(errs, fmt.Errorf("function %q: %w", f.Name, err))
		case !info.Mode().IsRegular():
			errs = append(errs, fmt.Errorf("function %q: %s is not a file", f.Name, bootstrap))
		}
	}
	for _, f := range p.Functions {
		for _, name := range f.AppSecrets {
			if _, ok := appSecretByName(p.AppSecrets, name); !ok {
				errs = append(errs, fmt.Errorf("function %q reads unknown app secret %q", f.Name, name))
			}
		}
		if f.Timeout%time.Second != 0 {
			errs = append(errs, fmt.Errorf("function %q: Lambda timeouts are whole seconds, not %s", f.Name, f.Timeout))
		}
	}
	for name, every := range p.ScheduleRates {
		if every < time.Minute || every%time.Minute != 0 {
			errs = append(errs, fmt.Errorf("schedule %q: rate %s must be whole minutes, at least one", name, every))
		}
	}
	for _, r := range p.Routes {
		if _, ok := httpMethods[r.Method()]; !ok || r.Path() == "" {
			errs = append(errs, fmt.Errorf("route %q is not an HTTP API route key (METHOD /path)", r.Key))
		}
		if !functionExists(p.Functions, r.Function) {
			errs = append(errs, fmt.Errorf("route %q names unknown function %q", r.Key, r.Function))
		}
	}
	return errors.Join(errs...)
}

func functionExists(fns []system.Function, name system.FunctionName) bool {
	for _, f := range fns {
		if f.Name == name {
			return true
		}
	}
	return false
}

// siteBuilt reports whether SiteDir holds a built site worth uploading.
func (p Props) siteBuilt() bool {
	if p.SiteDir == "" {
		return false
	}
	entries, err := os.ReadDir(p.SiteDir)
	return err == nil && len(entries) > 0
}
