package deadletter_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// flaky fails the write of one click, as a store in a brief outage does.
type flaky struct {
	deadletter.ClickWriter
	failID string
}

func (f flaky) PutClick(ctx context.Context, c links.Click) error {
	if c.ID == f.failID {
		return errors.New("store down")
	}
	return f.ClickWriter.PutClick(ctx, c)
}

func TestParkedClicksAreReplayedOnce(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	file := deadletter.NewFile(filepath.Join(t.TempDir(), "parked.jsonl"))
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var parked []links.Click
	for _, id := range []string{"a", "b", "c"} {
		c := links.Click{ID: id, At: at, Domain: "hypt.link", Code: "AAAAAAA", WorkspaceID: "w1", Country: "US", ExpiresAt: at.Add(time.Hour)}
		parked = append(parked, c)
		if err := file.Park(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// "a" was in fact stored before its write timed out: replaying it must not duplicate.
	if err := table.PutClick(ctx, parked[0]); err != nil {
		t.Fatal(err)
	}
	n, err := file.Replay(ctx, flaky{table, "c"})
	if err == nil || n != 2 {
		t.Fatalf("replay with a failure: %d, %v", n, err)
	}
	n, err = file.Replay(ctx, table)
	if err != nil || n != 1 {
		t.Fatalf("second replay: %d, %v; want the one click left", n, err)
	}
	if n, err = file.Replay(ctx, table); err != nil || n != 0 {
		t.Fatalf("third replay: %d, %v; want nothing left", n, err)
	}
	for _, want := range parked {
		got, err := table.Click(ctx, want.ID)
		if err != nil || !got.At.Equal(want.At) || got.Country != "US" {
			t.Fatalf("click %s: %+v, %v", want.ID, got, err)
		}
	}
	if _, err := table.Click(ctx, "zz"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown click: %v", err)
	}
}
