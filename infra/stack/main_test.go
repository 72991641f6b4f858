package stack_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/infra/stack"
	"github.com/hypetrack/hypetrack/shared/system"
)

// Shapes the product has not used yet, added to the dev scenario so that the stack's
// handling of them is tested before the first real one arrives.
var (
	// consumer is a stream consumer limited to two key prefixes.
	consumer = system.Function{
		Name:     "consumer",
		Purpose:  "Test consumer of inbox records.",
		MemoryMB: 256,
		Timeout:  30 * time.Second,
		Stream: &system.StreamSubscription{
			BatchSize: 50, MaxBatchingWindow: 2 * time.Second,
			KeyPrefixes: []string{"INBOX#"}, Events: []system.StreamEvent{system.StreamInsert},
		},
		Table: system.TableAccess{
			Ops:         []system.TableOp{system.TableGet, system.TablePut, system.TableUpdate},
			KeyPrefixes: []string{"INBOX#", "ORDER#"},
		},
	}
	// marketerRoutes need the JWT authorizer.
	marketerRoutes = []system.Route{
		{Key: "GET /api/campaigns", Function: system.API, Auth: system.Marketer},
		{Key: "POST /api/campaigns/{id}/links", Function: system.API, Auth: system.Marketer},
	}
)

// scenario is one synthesized stack: its props, its template, and its messages.
type scenario struct {
	props    stack.Props
	template assertions.Template
	// resources is the template's Resources section, for checks that walk it.
	resources map[string]resource
	messages  []*cxapi.SynthesisMessage
	// outdir is the cloud assembly folder (cdk-nag writes its report there).
	outdir string
}

type resource struct {
	Type           string
	Properties     map[string]any
	DeletionPolicy string
}

var (
	devOnce, prodOnce sync.Once
	devS, prodS       *scenario
	devErr, prodErr   error
	assetRoot         string
)

func TestMain(m *testing.M) {
	// Node 20's deprecation and end-of-life banners would bury the test output. The second
	// variable takes the major versions to silence.
	os.Setenv("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	dir, err := os.MkdirTemp("", "hypetrack-infra-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	assetRoot = dir
	code := m.Run()
	jsii.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

// dev is the dev stage with every shape the stack supports: marketer routes, a stream
// consumer with key prefixes, a built site, extra origins, a schedule override.
func dev(t *testing.T) *scenario {
	t.Helper()
	devOnce.Do(func() {
		devS, devErr = synth("dev", stack.Props{
			Stage:         stack.Dev,
			Functions:     append(append([]system.Function{}, system.Functions...), consumer),
			Routes:        append(append([]system.Route{}, system.Routes...), marketerRoutes...),
			SiteDir:       builtSite(),
			ExtraOrigins:  []string{"http://localhost:5173"},
			ScheduleRates: map[string]time.Duration{"metrics-pull": 30 * time.Minute},
			AlarmEmail:    "oncall@example.com",
		})
	})
	if devErr != nil {
		t.Fatal(devErr)
	}
	return devS
}

// prod is the prod stage exactly as shared/system describes it, with custom domains and
// without a site build.
func prod(t *testing.T) *scenario {
	t.Helper()
	prodOnce.Do(func() {
		prodS, prodErr = synth("prod", stack.Props{
			Stage:       stack.Prod,
			SiteDir:     filepath.Join(assetRoot, "no-site-here"),
			ShortDomain: &stack.CustomDomain{Name: "go.example.com", CertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/short"},
			SiteDomain:  &stack.CustomDomain{Name: "app.example.com", CertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/site"},
		})
	})
	if prodErr != nil {
		t.Fatal(prodErr)
	}
	return prodS
}

func synth(name string, p stack.Props) (*scenario, error) {
	fns := p.Functions
	if fns == nil {
		fns = system.Functions
	}
	assets, err := dummyAssets(name, fns)
	if err != nil {
		return nil, err
	}
	p.AssetDir = assets
	out := filepath.Join(assetRoot, name+"-cdk.out")
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out)})
	st, err := stack.New(app, "Hypetrack-"+name, p)
	if err != nil {
		return nil, err
	}
	stack.AddChecks(app)
	artifact := app.Synth(nil).GetStackArtifact(st.ArtifactId())

	raw, err := os.ReadFile(*artifact.TemplateFullPath())
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var parsed struct{ Resources map[string]resource }
	if err := json.Unmarshal(raw, &parsed); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	return &scenario{
		props:     p,
		template:  assertions.Template_FromString(jsii.String(string(raw)), nil),
		resources: parsed.Resources,
		messages:  *artifact.Messages(),
		outdir:    out,
	}, nil
}

// dummyAssets stands in for `make build`: the stack only needs a file to zip.
func dummyAssets(name string, fns []system.Function) (string, error) {
	dir := filepath.Join(assetRoot, name+"-lambda")
	for _, f := range fns {
		folder := filepath.Join(dir, string(f.Name))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(folder, "bootstrap"), []byte("#!/bin/sh\n"), 0o755); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// builtSite stands in for site/dist.
func builtSite() string {
	dir := filepath.Join(assetRoot, "site")
	files := map[string]string{
		"index.html":         "<!doctype html><title>Hypetrack</title>",
		"assets/app-1a2b.js": "console.log('hi')",
		"config.json":        `{"apiUrl":"http://localhost:8080"}`,
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			panic(err)
		}
	}
	return dir
}

// check runs a CDK assertion, turning its panic into a test error with the message.
func check(t *testing.T, what string, assertion func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", what, r)
		}
	}()
	assertion()
}

// ofType returns the logical ids and resources of one type.
func (s *scenario) ofType(typ string) map[string]resource {
	out := map[string]resource{}
	for id, r := range s.resources {
		if r.Type == typ {
			out[id] = r
		}
	}
	return out
}

// functionID is the logical id of the function deployed for name.
func (s *scenario) functionID(t *testing.T, name system.FunctionName) string {
	t.Helper()
	want := "hypetrack-" + string(s.props.Stage) + "-" + string(name)
	for id, r := range s.ofType("AWS::Lambda::Function") {
		if r.Properties["FunctionName"] == want {
			return id
		}
	}
	t.Fatalf("no Lambda function named %s", want)
	return ""
}

// ref reports whether v is {"Ref": id} or {"Fn::GetAtt": [id, ...]}.
func ref(v any, id string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if m["Ref"] == id {
		return true
	}
	att, ok := m["Fn::GetAtt"].([]any)
	return ok && len(att) > 0 && att[0] == id
}

// mentions reports whether id appears anywhere in v.
func mentions(v any, id string) bool {
	b, _ := json.Marshal(v)
	return strings.Contains(string(b), `"`+id+`"`)
}

func obj(m map[string]any) *map[string]any { return &m }

func (s *scenario) functions() []system.Function {
	if s.props.Functions == nil {
		return system.Functions
	}
	return s.props.Functions
}

func (s *scenario) routes() []system.Route {
	if s.props.Routes == nil {
		return system.Routes
	}
	return s.props.Routes
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
