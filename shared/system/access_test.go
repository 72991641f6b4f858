package system

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFunctionGrantsAreWellFormed(t *testing.T) {
	known := map[TableOp]bool{}
	for _, op := range TableOps {
		known[op] = true
	}
	metrics := map[string]bool{}
	for _, f := range Functions {
		for _, op := range f.Table.Ops {
			if !known[op] {
				t.Errorf("function %q: unknown table operation %q", f.Name, op)
			}
		}
		if f.Table.Indexes && !f.Table.Allows(TableQuery) {
			t.Errorf("function %q: index access without TableQuery grants nothing", f.Name)
		}
		for _, p := range f.Table.KeyPrefixes {
			if p == "" || strings.ContainsAny(p, "*?") {
				t.Errorf("function %q: key prefix %q must be literal and non-empty", f.Name, p)
			}
		}
		for _, s := range f.Secrets {
			if s.Kind == "" || !(s.Seal || s.Open) {
				t.Errorf("function %q: secret access %+v grants nothing", f.Name, s)
			}
		}
		for _, name := range f.AppSecrets {
			if _, ok := AppSecretByName(name); !ok {
				t.Errorf("function %q reads unknown app secret %q", f.Name, name)
			}
		}
		if f.ReservedConcurrency < 0 {
			t.Errorf("function %q: negative reserved concurrency", f.Name)
		}
		for _, a := range f.LogAlarms {
			if a.Metric == "" || a.Message == "" || a.Threshold < 1 || a.Why == "" {
				t.Errorf("function %q: log alarm %+v is incomplete", f.Name, a)
			}
			if metrics[a.Metric] {
				t.Errorf("log alarm metric %q is used twice", a.Metric)
			}
			metrics[a.Metric] = true
		}
		if s := f.Stream; s != nil && (s.BatchSize < 1 || s.BatchSize > 10000) {
			t.Errorf("function %q: stream batch size %d is outside 1..10000", f.Name, s.BatchSize)
		}
	}
}

func TestRedirectMayOnlyReadAndWriteItems(t *testing.T) {
	f, ok := FunctionByName(Redirect)
	if !ok {
		t.Fatal("no redirect function")
	}
	if len(f.Table.Ops) != 2 || !f.Table.Allows(TableGet) || !f.Table.Allows(TablePut) ||
		f.Table.Indexes || len(f.Secrets) > 0 || len(f.AppSecrets) != 1 || f.AppSecrets[0] != VisitorSalt {
		t.Errorf("the redirect needs one read, one write and the visitor salt, nothing more; got %+v", f)
	}
}

func TestAppSecretsAreDistinct(t *testing.T) {
	names, envs := map[string]bool{}, map[string]bool{}
	for _, s := range AppSecrets {
		if names[s.Name] || envs[s.Env] {
			t.Errorf("app secret %q repeats a name or an environment variable", s.Name)
		}
		names[s.Name], envs[s.Env] = true, true
		if !strings.HasPrefix(s.Env, "HYPETRACK_") || s.Purpose == "" {
			t.Errorf("app secret %q: env %q must start with HYPETRACK_ and say its purpose", s.Name, s.Env)
		}
	}
}

func TestSiteConfigJSONNames(t *testing.T) {
	b, err := json.Marshal(SiteConfig{APIURL: "a", Auth: SiteAuth{ClientID: "c", Scopes: []string{"openid"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"apiUrl":"a"`, `"clientId":"c"`, `"redirectUri"`, `"scopes":["openid"]`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("config.json %s lacks %s", b, field)
		}
	}
}

// A function that replays parked work names an earlier function that parks it, so the
// queue exists when the cloud stack grants the replayer access to it.
func TestReplayersNameAnEarlierParkingFunction(t *testing.T) {
	seen := map[FunctionName]Function{}
	for _, f := range Functions {
		if f.Replays != "" {
			producer, ok := seen[f.Replays]
			if !ok || producer.Parking == nil {
				t.Errorf("%s replays %q, which is not an earlier function with a parking queue", f.Name, f.Replays)
			}
			if f.Schedule == nil {
				t.Errorf("%s replays parked work but runs on no schedule", f.Name)
			}
		}
		seen[f.Name] = f
	}
	for _, f := range Functions {
		if f.Parking == nil {
			continue
		}
		replayed := false
		for _, r := range Functions {
			replayed = replayed || r.Replays == f.Name
		}
		if !replayed {
			t.Errorf("nothing replays what %s parks", f.Name)
		}
	}
}
