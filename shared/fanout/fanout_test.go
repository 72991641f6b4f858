package fanout

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/hypetrack/hypetrack/shared/metricsjob"
)

// lambdaAPI serves Lambda's Invoke operation (POST /2015-03-31/functions/<name>/invocations)
// as the service answers an asynchronous invocation: 202 and no body, or an error.
type lambdaAPI struct {
	mu       sync.Mutex
	payloads []metricsjob.UnitEvent
	types    []string
	missing  bool
}

func (l *lambdaAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/2015-03-31/functions/hypetrack-metrics/invocations") {
		w.WriteHeader(400)
		return
	}
	if l.missing {
		w.Header().Set("X-Amzn-Errortype", "ResourceNotFoundException")
		w.WriteHeader(404)
		io.WriteString(w, `{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:hypetrack-metrics"}`)
		return
	}
	var ev metricsjob.UnitEvent
	_ = json.NewDecoder(r.Body).Decode(&ev)
	l.mu.Lock()
	l.payloads = append(l.payloads, ev)
	l.types = append(l.types, r.Header.Get("X-Amz-Invocation-Type"))
	l.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

func TestDispatchInvokesTheFunctionAsynchronously(t *testing.T) {
	cases := []struct {
		name    string
		missing bool
		units   int
		fails   bool
	}{
		{name: "every unit queued", units: 16},
		{name: "no such function", missing: true, units: 2, fails: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api := &lambdaAPI{missing: tc.missing}
			srv := httptest.NewServer(api)
			defer srv.Close()
			client := lambda.New(lambda.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
				Credentials: credentials.NewStaticCredentialsProvider("k", "s", "")})
			runAt := time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)
			err := NewLambda(client, "hypetrack-metrics").Dispatch(context.Background(), metricsjob.Plan(runAt, tc.units))
			if (err != nil) != tc.fails {
				t.Fatalf("dispatch: %v", err)
			}
			if tc.fails {
				return
			}
			seen := map[int]bool{}
			for i, ev := range api.payloads {
				if ev.MetricsUnit == nil || !ev.MetricsUnit.RunAt.Equal(runAt) || api.types[i] != "Event" {
					t.Fatalf("payload %+v, invocation type %q", ev, api.types[i])
				}
				seen[ev.MetricsUnit.Shard] = true
			}
			if len(seen) != tc.units {
				t.Errorf("%d distinct shards invoked, want %d", len(seen), tc.units)
			}
		})
	}
}
