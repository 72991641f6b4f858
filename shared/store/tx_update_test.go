package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestTransactionUpdatesAddAndCondition(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	key := store.Key{PK: "WS#1", SK: "COUNT#h"}
	add := store.Update{Expr: "ADD #n :one", Names: map[string]string{"#n": "clicks"}, Values: map[string]any{":one": 1}}
	mark := store.Update{Expr: "SET #done = :yes", Names: map[string]string{"#done": "done"}, Values: map[string]any{":yes": true}}
	once := store.Condition{Expr: "attribute_not_exists(#done)", Names: map[string]string{"#done": "done"}}
	marker := store.Key{PK: "WS#1", SK: "MARK#a"}
	for i, wantErr := range []error{nil, store.ErrConflict} {
		err := table.Tx().Update(marker, mark, once).Update(key, add, store.Condition{}).Commit(ctx, "")
		if !errors.Is(err, wantErr) || (wantErr == nil && err != nil) {
			t.Fatalf("commit %d: %v, want %v", i, err, wantErr)
		}
	}
	var got struct {
		Clicks int `json:"clicks"`
	}
	if err := table.Get(ctx, key, &got, true); err != nil || got.Clicks != 1 {
		t.Fatalf("counter %d (%v), want 1: the second transaction must not add", got.Clicks, err)
	}
}
