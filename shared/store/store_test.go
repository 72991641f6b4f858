package store_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// note is a minimal item: the store is generic, so its tests need no domain type.
type note struct {
	PK      string `json:"pk"`
	SK      string `json:"sk"`
	Text    string `json:"text"`
	Version int64  `json:"version"`
}

func TestPutGetAndConditionalWrites(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	key := store.Key{PK: "WS#1", SK: "NOTE#a"}

	var got note
	if err := table.Get(ctx, key, &got, true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get before put: want ErrNotFound, got %v", err)
	}
	first := note{PK: key.PK, SK: key.SK, Text: "first", Version: 1}
	if err := table.Put(ctx, first, store.IfAbsent()); err != nil {
		t.Fatalf("first put: %v", err)
	}
	if err := table.Put(ctx, note{PK: key.PK, SK: key.SK, Text: "dup"}, store.IfAbsent()); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second put if absent: want ErrConflict, got %v", err)
	}
	if err := table.Get(ctx, key, &got, true); err != nil || got != first {
		t.Fatalf("read back: got %+v, %v; want %+v", got, err, first)
	}

	tests := []struct {
		name    string
		version int64
		wantErr error
		want    string
	}{
		{name: "stale version loses", version: 0, wantErr: store.ErrConflict, want: "first"},
		{name: "current version wins", version: 1, want: "second"},
		{name: "now stale again", version: 1, wantErr: store.ErrConflict, want: "second"},
	}
	for _, tt := range tests {
		update := note{PK: key.PK, SK: key.SK, Text: "second", Version: 2}
		err := table.Put(ctx, update, store.IfVersion("version", tt.version))
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
			t.Fatalf("%s: got error %v, want %v", tt.name, err, tt.wantErr)
		}
		if err := table.Get(ctx, key, &got, true); err != nil || got.Text != tt.want {
			t.Fatalf("%s: stored %q (%v), want %q", tt.name, got.Text, err, tt.want)
		}
	}

	if err := table.Delete(ctx, key, store.IfVersion("version", 1)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("delete with stale version: want ErrConflict, got %v", err)
	}
	if err := table.Delete(ctx, key, store.IfExists()); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if err := table.Get(ctx, key, &got, true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete: want ErrNotFound, got %v", err)
	}
}

func TestTransactionsAreAllOrNothing(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	order := note{PK: "WS#1", SK: "ORDER#1", Text: "order"}
	counter := note{PK: "WS#1", SK: "COUNT#day", Text: "1"}

	if err := table.Tx().Put(order, store.IfAbsent()).Put(counter, store.Condition{}).Commit(ctx, ""); err != nil {
		t.Fatalf("first transaction: %v", err)
	}
	// The same order again: its condition fails, so the counter must not move either.
	again := table.Tx().
		Put(note{PK: "WS#1", SK: "COUNT#day", Text: "2"}, store.Condition{}).
		Put(order, store.IfAbsent())
	err := again.Commit(ctx, "")
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate transaction: want ErrConflict, got %v", err)
	}
	if failed := store.FailedConditions(err); len(failed) != 1 || failed[0] != 1 {
		t.Fatalf("failed conditions: got %v, want [1]", failed)
	}
	var got note
	if err := table.Get(ctx, store.Key{PK: "WS#1", SK: "COUNT#day"}, &got, true); err != nil || got.Text != "1" {
		t.Fatalf("counter after cancelled transaction: %q (%v), want 1", got.Text, err)
	}

	check := table.Tx().
		Check(store.Key{PK: "WS#1", SK: "ORDER#missing"}, store.IfExists()).
		Put(note{PK: "WS#1", SK: "NOTE#x"}, store.Condition{})
	if err := check.Commit(ctx, ""); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("check on a missing item: want ErrConflict, got %v", err)
	}
	if err := table.Get(ctx, store.Key{PK: "WS#1", SK: "NOTE#x"}, &got, true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("put beside a failed check must not land, got %v", err)
	}
}

// TestTransientFailuresAreThrottled injects DynamoDB's throttling answer at the HTTP layer
// and takes the engine away entirely: both must read as "retry later", never as not-found.
func TestTransientFailuresAreThrottled(t *testing.T) {
	t.Parallel()
	throttling := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-ErrorType", "ProvisionedThroughputExceededException")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"Rate of requests exceeds the allowed throughput."}`))
	}))
	defer throttling.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()

	for name, endpoint := range map[string]string{"throttled": throttling.URL, "unreachable": gone.URL} {
		table, err := store.Open(context.Background(), store.Config{Table: "any", Endpoint: endpoint, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		var got note
		err = table.Get(context.Background(), store.Key{PK: "a", SK: "b"}, &got, false)
		if !errors.Is(err, store.ErrThrottled) {
			t.Errorf("%s: want ErrThrottled, got %v", name, err)
		}
	}
}
