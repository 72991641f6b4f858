// Command local runs all of Hypetrack on one machine: DynamoDB Local with the shared table,
// every route of the shared route table behind an API Gateway emulation, the web UI, and the
// scheduled functions on a ticker. `make run` starts it; Ctrl-C stops it and its children.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/hypetrack/hypetrack/infra/local/gateway"
	"github.com/hypetrack/hypetrack/shared/dynamolocal"
	"github.com/hypetrack/hypetrack/shared/repo"
	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

func main() {
	var opts options
	flag.IntVar(&opts.port, "port", 8080, "HTTP port for the API, the links and the UI")
	flag.StringVar(&opts.dataDir, "data", ".local/dynamodb", "folder that keeps DynamoDB Local's data between runs")
	flag.BoolVar(&opts.inMemory, "memory", false, "keep data in memory only (nothing survives Ctrl-C)")
	flag.StringVar(&opts.table, "table", "hypetrack-local", "table name")
	flag.DurationVar(&opts.scheduleEvery, "schedule-every", 0, "run scheduled functions this often instead of their cloud rate")
	flag.Parse()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, opts); err != nil {
		slog.Error("local stack stopped", "err", err)
		os.Exit(1)
	}
}

type options struct {
	port          int
	dataDir       string
	inMemory      bool
	table         string
	scheduleEvery time.Duration
}

func run(ctx context.Context, opts options) error {
	root, err := repo.Root()
	if err != nil {
		return err
	}
	started := time.Now()
	// Bind first: a busy port should fail before we start Java.
	ln, err := net.Listen("tcp", fmt.Sprintf(":%d", opts.port))
	if err != nil {
		return fmt.Errorf("listen on port %d (is another make run still up?): %w", opts.port, err)
	}
	defer ln.Close()

	dbOpts := dynamolocal.Options{}
	if !opts.inMemory {
		dbOpts.DataDir = filepath.Join(root, opts.dataDir)
	}
	engine, err := dynamolocal.Start(ctx, dbOpts)
	if err != nil {
		return err
	}
	defer engine.Stop()

	cfg := store.Config{Table: opts.table, Endpoint: engine.Endpoint, Region: "us-east-1"}
	table, err := store.Open(ctx, cfg)
	if err != nil {
		return err
	}
	if err := store.CreateTable(ctx, table.DB, cfg.Table, system.Table); err != nil {
		return err
	}

	fns := newFunctions(table)
	gw, err := gateway.New(system.Routes, fns.http, nil)
	if err != nil {
		return err
	}
	baseURL := fmt.Sprintf("http://localhost:%d", opts.port)
	server := &http.Server{
		Handler:           newSite(filepath.Join(root, "site", "dist"), baseURL, gw),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go runSchedules(ctx, fns.scheduled, opts.scheduleEvery)
	runStreams(ctx, table, engine.Endpoint, fns)

	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(ln) }()
	fmt.Printf("\nHypetrack local stack is up (%.1fs)\n", time.Since(started).Seconds())
	fmt.Printf("  web UI        %s/\n", baseURL)
	fmt.Printf("  health        %s/healthz\n", baseURL)
	fmt.Printf("  DynamoDB      %s (table %s)\n", engine.Endpoint, cfg.Table)
	fmt.Printf("Press Ctrl-C to stop.\n\n")

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-engine.Exited():
		return errors.New("DynamoDB Local exited unexpectedly")
	}
	fmt.Println("\nstopping…")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return server.Shutdown(shutdownCtx)
}
