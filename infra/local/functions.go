package main

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/infra/local/streams"
	"github.com/hypetrack/hypetrack/shared/api"
	"github.com/hypetrack/hypetrack/shared/clickstats"
	"github.com/hypetrack/hypetrack/shared/connections"
	"github.com/hypetrack/hypetrack/shared/deadletter"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/orderstream"
	"github.com/hypetrack/hypetrack/shared/reconcile"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/repo"
	"github.com/hypetrack/hypetrack/shared/resultspack"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

// scheduledHandler is a function triggered by EventBridge.
type scheduledHandler func(context.Context, events.EventBridgeEvent) error

// streamHandler is a function fed by the table's stream.
type streamHandler func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)

// functions holds every function's handler, wired as its functions/<name>/main.go wires it,
// but in this process and on the local table.
type functions struct {
	http      map[system.FunctionName]httpapi.Handler
	scheduled map[system.FunctionName]scheduledHandler
	streams   map[system.FunctionName]streams.Handler
	// parked is where the redirect parks clicks it could not write.
	parked *deadletter.File
}

func newFunctions(table *store.Table, sealer secrets.Sealer, baseURL string) functions {
	dlq := filepath.Join(os.TempDir(), "hypetrack-clicks-deadletter.jsonl")
	if root, err := repo.Root(); err == nil && os.MkdirAll(filepath.Join(root, ".local"), 0o755) == nil {
		dlq = filepath.Join(root, DeadLetterFile)
	}
	return newFunctionsParking(table, sealer, baseURL, deadletter.NewFile(dlq))
}

// newFunctionsParking wires the functions with parked clicks going to parked.
func newFunctionsParking(table *store.Table, sealer secrets.Sealer, baseURL string, parked *deadletter.File) functions {
	metrics := newLocalMetrics(table, sealer)
	webhooks := intake.New(intake.Deps{
		Connections: table, Secrets: connections.NewService(table, sealer, baseURL), Inbox: table, Notes: table,
	})
	proc := orderflow.New(table, table, table.Clicks())
	reconciler := reconcile.New(table, connections.NewService(table, sealer, baseURL))
	return functions{
		parked: parked,
		http: map[system.FunctionName]httpapi.Handler{
			system.API:      api.New(api.Wire(table, sealer, baseURL)).Handle,
			system.Redirect: newRedirect(table, parked).Handle,
			system.Webhook:  webhooks.Handle,
		},
		scheduled: map[system.FunctionName]scheduledHandler{
			system.Metrics: func(ctx context.Context, ev events.EventBridgeEvent) error {
				_, err := metrics.Handle(ctx, ev)
				return err
			},
			system.Reconcile: func(ctx context.Context, ev events.EventBridgeEvent) error {
				_, err := reconciler.Handle(ctx, ev)
				return err
			},
		},
		streams: map[system.FunctionName]streams.Handler{
			system.ClickStats:  clickstats.New(table).Handle,
			system.Orders:      orderstream.New(proc).Handle,
			system.ResultsPack: resultspack.New(table).Handle,
		},
	}
}

// runStreams feeds each stream consumer from the table's stream, as the cloud's event
// source mappings do, and replays parked clicks every replayEvery, until ctx ends.
func runStreams(ctx context.Context, table *store.Table, endpoint string, fns functions) {
	for _, f := range system.Functions {
		if f.Stream == nil || fns.streams[f.Name] == nil {
			continue
		}
		p, err := streams.New(ctx, table, endpoint, f, fns.streams[f.Name])
		if err != nil {
			slog.Error("stream consumer not started", "function", f.Name, "err", err)
			continue
		}
		go p.Run(ctx)
	}
	go replayParkedClicks(ctx, table, fns.parked)
}

// replayEvery is how often the local stack writes parked clicks again.
const replayEvery = 5 * time.Second

// replayParkedClicks is the local counterpart of the clickreplay function, which drains
// the cloud's queue every five minutes: locally every few seconds, so a parked click is
// counted while you watch.
func replayParkedClicks(ctx context.Context, table *store.Table, file *deadletter.File) {
	t := time.NewTicker(replayEvery)
	defer t.Stop()
	for {
		if n, err := file.Replay(ctx, table); err != nil || n > 0 {
			slog.Info("replayed parked clicks", "written", n, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// newRedirect wires the redirect as functions/redirect does, with the local stand-ins:
// parked clicks go to a file (the stack replays it, see replayParkedClicks) and the
// visitor secret comes from HYPETRACK_VISITOR_SECRET or is drawn per run.
func newRedirect(table *store.Table, parked *deadletter.File) *redirect.Handler {
	secret := []byte(os.Getenv(redirect.EnvVisitorSecret))
	if len(secret) < redirect.MinSecretLength {
		secret = make([]byte, redirect.MinSecretLength)
		_, _ = rand.Read(secret)
	}
	rec := redirect.NewRecorder(table, parked)
	return redirect.New(table, rec, redirect.NewVisitorKeys(secret))
}

// DeadLetterFile is where the local redirect parks clicks it could not write, relative to
// the repository root.
const DeadLetterFile = ".local/clicks-deadletter.jsonl"

// runSchedules sends each scheduled function the event EventBridge would, on its rate (or
// every override, for a livelier local demo), until ctx ends.
func runSchedules(ctx context.Context, handlers map[system.FunctionName]scheduledHandler, override time.Duration) {
	for _, f := range system.Functions {
		if f.Schedule == nil || handlers[f.Name] == nil {
			continue
		}
		every := f.Schedule.Every
		if override > 0 {
			every = override
		}
		go tick(ctx, f, every, handlers[f.Name])
	}
}

func tick(ctx context.Context, f system.Function, every time.Duration, h scheduledHandler) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			ev := scheduledEvent(f.Schedule.Name, now)
			if err := h(ctx, ev); err != nil {
				slog.Error("scheduled function failed", "function", f.Name, "err", err)
			}
		}
	}
}

// scheduledEvent is the event EventBridge sends for a scheduled rule.
func scheduledEvent(rule string, now time.Time) events.EventBridgeEvent {
	return events.EventBridgeEvent{
		Version:    "0",
		ID:         newEventID(),
		DetailType: "Scheduled Event",
		Source:     "aws.events",
		AccountID:  "000000000000",
		Time:       now.UTC().Truncate(time.Second),
		Region:     "us-east-1",
		Resources:  []string{"arn:aws:events:us-east-1:000000000000:rule/hypetrack-local-" + rule},
		Detail:     []byte("{}"),
	}
}
