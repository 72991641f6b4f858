package main

import (
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/hypetrack/hypetrack/shared/metricsjob"
	"github.com/hypetrack/hypetrack/shared/repo"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/social/replay"
	"github.com/hypetrack/hypetrack/shared/store"
)

// newLocalMetrics wires the metrics job as functions/metrics does, with the local
// stand-ins: the replay provider serves SIMULATED figures from events/social instead of
// the platforms (every snapshot says simulated), and a run's units are worked in this
// process instead of by asynchronous invocations.
func newLocalMetrics(table *store.Table, sealer secrets.Sealer) *metricsjob.Job {
	root, err := repo.Root()
	if err != nil {
		root = "."
	}
	job, err := metricsjob.New(metricsjob.Config{
		Store:  table,
		Sealer: sealer,
		Providers: metricsjob.Replay{Options: replay.Options{
			Dir:   filepath.Join(root, replay.DefaultDir),
			Epoch: replayEpoch(root),
			Speed: replaySpeed(),
		}},
		Shards: store.PullShards,
	})
	if err != nil {
		// The configuration above is complete; New fails only on a missing part.
		panic(err)
	}
	return job
}

// replaySpeed makes a run of the job advance simulated growth by the cloud schedule's
// hour: with -schedule-every 1m each tick shows an hour of growth.
func replaySpeed() float64 {
	f := flag.Lookup("schedule-every")
	if f == nil {
		return 1
	}
	every, err := time.ParseDuration(f.Value.String())
	if err != nil || every <= 0 || every >= time.Hour {
		return 1
	}
	return float64(time.Hour) / float64(every)
}

// replayEpoch is when simulated growth started. It is kept beside the local data, so
// figures keep growing across restarts instead of falling back to the recordings; in
// memory mode every start is a fresh one.
func replayEpoch(root string) time.Time {
	now := time.Now().UTC().Truncate(time.Second)
	if f := flag.Lookup("memory"); f == nil || f.Value.String() == "true" {
		return now
	}
	dataDir := ".local/dynamodb"
	if f := flag.Lookup("data"); f != nil {
		dataDir = f.Value.String()
	}
	path := filepath.Join(root, dataDir, "..", "replay-epoch")
	if b, err := os.ReadFile(path); err == nil {
		if sec, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err == nil {
		err = os.WriteFile(path, []byte(strconv.FormatInt(now.Unix(), 10)), 0o600)
		if err != nil {
			slog.Warn("keep replay epoch", "path", path, "err", err)
		}
	}
	return now
}
