package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/api"
	"github.com/hypetrack/hypetrack/shared/httpapi"
	"github.com/hypetrack/hypetrack/shared/intake"
	"github.com/hypetrack/hypetrack/shared/redirect"
	"github.com/hypetrack/hypetrack/shared/secrets"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

// scheduledHandler is a function triggered by EventBridge.
type scheduledHandler func(context.Context, events.EventBridgeEvent) error

// functions holds every function's handler, wired as its functions/<name>/main.go wires it,
// but in this process and on the local table.
type functions struct {
	http      map[system.FunctionName]httpapi.Handler
	scheduled map[system.FunctionName]scheduledHandler
}

func newFunctions(table *store.Table, sealer secrets.Sealer, baseURL string) functions {
	metrics := newLocalMetrics(table, sealer)
	return functions{
		http: map[system.FunctionName]httpapi.Handler{
			system.API:      api.New(api.Wire(table, sealer, baseURL)).Handle,
			system.Redirect: redirect.New(table).Handle,
			system.Webhook:  intake.New().Handle,
		},
		scheduled: map[system.FunctionName]scheduledHandler{
			system.Metrics: func(ctx context.Context, ev events.EventBridgeEvent) error {
				_, err := metrics.Handle(ctx, ev)
				return err
			},
		},
	}
}

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
