package stack_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/hypetrack/hypetrack/infra/stack"
	"github.com/hypetrack/hypetrack/shared/system"
)

func TestPropsFromContext(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("defaults", func(t *testing.T) {
		p, err := stack.PropsFromContext(app(nil).Node())
		if err != nil {
			t.Fatal(err)
		}
		if p.Stage != stack.Dev || p.AssetDir != filepath.Join(root, "build", "lambda") || p.SiteDir != filepath.Join(root, "site", "dist") {
			t.Errorf("got stage %q, assets %q, site %q", p.Stage, p.AssetDir, p.SiteDir)
		}
	})
	t.Run("everything set", func(t *testing.T) {
		p, err := stack.PropsFromContext(app(map[string]any{
			"stage": "prod", "assetDir": "/a", "siteDir": "/s", "alarmEmail": "ops@example.com",
			"extraOrigins":      "http://localhost:5173/, https://staging.example.com",
			"rate.metrics-pull": "15m", "shortDomain": "go.example.com", "shortDomainCertificateArn": "arn:short",
		}).Node())
		if err != nil {
			t.Fatal(err)
		}
		if p.Stage != stack.Prod || p.AssetDir != "/a" || p.SiteDir != "/s" || p.AlarmEmail != "ops@example.com" {
			t.Errorf("got %+v", p)
		}
		if !slices.Equal(p.ExtraOrigins, []string{"http://localhost:5173", "https://staging.example.com"}) {
			t.Errorf("origins %v", p.ExtraOrigins)
		}
		if p.ScheduleRates["metrics-pull"] != 15*time.Minute {
			t.Errorf("rates %v", p.ScheduleRates)
		}
		if p.ShortDomain == nil || p.ShortDomain.CertificateArn != "arn:short" {
			t.Errorf("short domain %+v", p.ShortDomain)
		}
	})
	for name, ctx := range map[string]map[string]any{
		"unknown stage":           {"stage": "staging"},
		"unparsable rate":         {"rate.metrics-pull": "hourly"},
		"domain without cert":     {"shortDomain": "go.example.com"},
		"site without cert":       {"siteDomain": "app.example.com"},
		"stage that is no string": {"stage": 3},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := stack.PropsFromContext(app(ctx).Node()); err == nil {
				t.Errorf("context %v: no error", ctx)
			}
		})
	}
}

func app(ctx map[string]any) awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{Context: &ctx})
}

func TestValidateNamesWhatIsWrong(t *testing.T) {
	assets := t.TempDir()
	for _, f := range system.Functions {
		folder := filepath.Join(assets, string(f.Name))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, "bootstrap"), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ok := stack.Props{Stage: stack.Dev, AssetDir: assets}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid props: %v", err)
	}
	for name, c := range map[string]struct {
		props stack.Props
		want  string
	}{
		"unbuilt function": {stack.Props{AssetDir: t.TempDir()}, "make build"},
		"no asset folder":  {stack.Props{}, "AssetDir"},
		"bad stage":        {stack.Props{Stage: "qa", AssetDir: assets}, "qa"},
		"bad route key": {stack.Props{AssetDir: assets, Routes: []system.Route{{Key: "FETCH /x", Function: system.API}}},
			"FETCH /x"},
		"route to nowhere": {stack.Props{AssetDir: assets, Routes: []system.Route{{Key: "GET /x", Function: "ghost"}}},
			"ghost"},
		"unknown app secret": {stack.Props{AssetDir: assets, AppSecrets: []system.AppSecret{}}, system.SocialAPICredentials},
		"sub-minute rate": {stack.Props{AssetDir: assets, ScheduleRates: map[string]time.Duration{"metrics-pull": 90 * time.Second}},
			"whole minutes"},
	} {
		t.Run(name, func(t *testing.T) {
			err := c.props.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
}
