// Package functions_test runs each function's real bootstrap binary the way Lambda runs it:
// against a Lambda Runtime API (served here by httptest, as aws-lambda-go's own tests do),
// with a sample event from events/, so main.go's wiring is tested and not only the handlers.
package functions_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

func TestBootstrapsAnswerSampleEvents(t *testing.T) {
	table := dynamotest.NewTable(t)
	err := table.CreateLink(context.Background(), links.Link{Domain: links.DefaultDomain, Code: "Ab3dE9x", WorkspaceID: "w1", Destination: "https://shop.example.com/spring"})
	if err != nil {
		t.Fatal(err)
	}
	env := []string{
		store.EnvTable + "=" + table.Name,
		store.EnvEndpoint + "=" + dynamotest.Endpoint(t),
		"AWS_REGION=us-east-1",
		redirect.EnvVisitorSecret + "=0123456789abcdef0123456789abcdef",
		redirect.EnvDeadLetterFile + "=" + filepath.Join(t.TempDir(), "clicks.jsonl"),
	}
	tests := []struct {
		function string
		event    string
		want     string
	}{
		{function: "api", event: "apigateway/healthz.json", want: `"statusCode":200`},
		{function: "redirect", event: "apigateway/redirect-get.json", want: `"location":"https://shop.example.com/spring?htclid=`},
		{function: "metrics", event: "eventbridge/scheduled.json", want: `"pulled":0`},
		{function: "clickstats", event: "dynamodb/click-insert.json", want: `{"batchItemFailures":null}`},
		// No connection of the sample's id exists in this table: refused, nothing stored.
		{function: "webhook", event: "apigateway/webhook-shopify.json", want: `"statusCode":404`},
		// The sample's workspace does not exist: the event is dead-lettered, the batch done.
		{function: "orders", event: "dynamodb/inbox-insert.json", want: `{"batchItemFailures":null}`},
		{function: "reconcile", event: "eventbridge/scheduled.json", want: `"connections":0`},
		{function: "clickreplay", event: "eventbridge/scheduled.json", want: `{"replayed":0}`},
		{function: "resultspack", event: "dynamodb/counters-modify.json", want: `{"batchItemFailures":null}`},
	}
	bin := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.function, func(t *testing.T) {
			exe := filepath.Join(bin, tt.function)
			build := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", exe, "./"+tt.function)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build %s: %v\n%s", tt.function, err, out)
			}
			got := invoke(t, exe, env, sampleevents.Read(t, tt.event))
			if !strings.Contains(got, tt.want) {
				t.Fatalf("%s answered %s, want it to contain %s", tt.function, got, tt.want)
			}
		})
	}
}

// invoke serves one invocation of event to the bootstrap at exe and returns its response.
func invoke(t *testing.T, exe string, env []string, event []byte) string {
	t.Helper()
	responses := make(chan string, 1)
	var served atomic.Bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/2018-06-01/runtime/invocation/next":
			if served.Swap(true) {
				<-r.Context().Done() // Lambda freezes the runtime between invocations.
				return
			}
			w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
			w.Header().Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(30*time.Second).UnixMilli(), 10))
			w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test")
			_, _ = w.Write(event)
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/response"):
			body, _ := io.ReadAll(r.Body)
			responses <- string(body)
			w.WriteHeader(http.StatusAccepted)
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/error"):
			body, _ := io.ReadAll(r.Body)
			responses <- "ERROR " + string(body)
			w.WriteHeader(http.StatusAccepted)
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()

	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), append(env, "AWS_LAMBDA_RUNTIME_API="+strings.TrimPrefix(api.URL, "http://"))...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case res := <-responses:
		return res
	case <-time.After(60 * time.Second):
		t.Fatal("no response from the bootstrap within 60s")
		return ""
	}
}
