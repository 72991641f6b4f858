package system

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var routeKey = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|ANY) (/|(/([a-z0-9.\-]+|\{[a-zA-Z]+\+?\}))+)$`)

func TestRoutesAreWellFormedAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Routes {
		if !routeKey.MatchString(r.Key) {
			t.Errorf("route key %q is not in API Gateway's METHOD /path form", r.Key)
		}
		if seen[r.Key] {
			t.Errorf("route key %q appears twice", r.Key)
		}
		seen[r.Key] = true
		if _, ok := FunctionByName(r.Function); !ok {
			t.Errorf("route %q names unknown function %q", r.Key, r.Function)
		}
		if (r.Auth == Public) != (r.PublicReason != "") {
			t.Errorf("route %q: a public route, and only a public route, says why it is public", r.Key)
		}
		if strings.HasPrefix(r.Path(), "/api/") != (r.Auth == Marketer) {
			t.Errorf("route %q: every /api route and only those need a marketer token", r.Key)
		}
	}
}

func TestEveryFunctionHasAFolder(t *testing.T) {
	for _, f := range Functions {
		main := filepath.Join("..", "..", "functions", string(f.Name), "main.go")
		if _, err := os.Stat(main); err != nil {
			t.Errorf("function %q: %v", f.Name, err)
		}
		if f.MemoryMB < 128 || f.Timeout <= 0 {
			t.Errorf("function %q: size %d MB / %s is not deployable", f.Name, f.MemoryMB, f.Timeout)
		}
	}
}

func TestSchemaKeyAttributesAreDistinct(t *testing.T) {
	seen := map[KeyAttribute]bool{}
	for _, a := range Table.KeyAttributes() {
		if seen[a] {
			t.Errorf("key attribute %q used twice", a)
		}
		seen[a] = true
	}
	if Table.TTLAttribute == "" || Table.Stream == "" {
		t.Error("the table needs a TTL attribute and a stream")
	}
}

func TestStreamFunctionsAreWellFormed(t *testing.T) {
	valid := map[StreamEvent]bool{StreamInsert: true, StreamModify: true, StreamRemove: true}
	streams := 0
	for _, f := range Functions {
		if f.Stream == nil {
			continue
		}
		streams++
		s := f.Stream
		if f.Schedule != nil {
			t.Errorf("function %q has both a schedule and a stream", f.Name)
		}
		// A consumer without a filter would be invoked for every write to the table.
		filtered := len(s.KeyPrefixes) > 0 || s.Attribute != ""
		if !filtered || len(s.Events) == 0 || s.BatchSize < 1 || s.BatchSize > 10000 || s.MaxBatchingWindow > 5*time.Minute {
			t.Errorf("function %q: stream source %+v is not deployable", f.Name, *s)
		}
		for _, e := range s.Events {
			if !valid[e] {
				t.Errorf("function %q: unknown stream event %q", f.Name, e)
			}
		}
	}
	if streams == 0 {
		t.Error("no function consumes the table's stream; clicks would never be counted")
	}
}
