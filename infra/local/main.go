// Command local runs all of Hypetrack on one machine: DynamoDB Local with the shared table,
// every route of the shared route table behind an API Gateway emulation that checks tokens
// as the JWT authorizer does, a local OpenID Connect issuer in place of Cognito, the web UI,
// and the scheduled functions on a ticker. `make run` starts it; Ctrl-C stops it and its
// children.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/hypetrack/hypetrack/infra/local/gateway"
	"github.com/hypetrack/hypetrack/infra/local/idp"
	"github.com/hypetrack/hypetrack/shared/dynamolocal"
	"github.com/hypetrack/hypetrack/shared/repo"
	"github.com/hypetrack/hypetrack/shared/secrets"
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
	flag.StringVar(&opts.idpDataDir, "idp-data", ".local/idp", "folder that keeps the local sign-in's key, users and refresh tokens between runs")
	flag.StringVar(&opts.redirectURIs, "redirect-uris", "", "comma-separated sign-in callback URLs of the UI client (default http://localhost:<port>/ and /callback)")
	flag.StringVar(&opts.logoutURIs, "logout-uris", "", "comma-separated sign-out URLs of the UI client (default http://localhost:<port>/)")
	flag.StringVar(&opts.demoOwner, "demo", "", "seed a demo workspace with a finished and a live campaign (simulated figures) and invite this e-mail address as its owner")
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
	idpDataDir    string
	redirectURIs  string
	logoutURIs    string
	// demoOwner, when set, seeds the demo workspace and invites this address to own it.
	demoOwner string
	// passwordCost is the bcrypt cost of local passwords; zero is bcrypt's default. Tests
	// lower it because the race detector makes each hash take seconds.
	passwordCost int
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

	if opts.demoOwner != "" {
		seeded, err := seedDemo(ctx, table, opts.demoOwner, time.Now())
		if err != nil {
			return err
		}
		if seeded {
			fmt.Printf("Seeded the demo workspace (simulated figures); sign in as %s to open it.\n", opts.demoOwner)
		} else {
			fmt.Printf("The demo workspace is there from an earlier run (-memory seeds a fresh one); sign in as %s.\n", opts.demoOwner)
		}
	}

	sealer, err := localSealer(root, opts)
	if err != nil {
		return err
	}
	baseURL := fmt.Sprintf("http://localhost:%d", opts.port)
	issuer, client, err := newIssuer(root, baseURL, opts)
	if err != nil {
		return err
	}
	// The gateway finds the issuer's keys over HTTP, as API Gateway finds Cognito's.
	authorizer, err := gateway.NewJWTAuthorizer(gateway.JWTConfig{Issuer: baseURL, Audience: []string{client.ID}})
	if err != nil {
		return err
	}
	fns := newFunctions(table, sealer, baseURL)
	gw, err := gateway.New(system.Routes, fns.http, authorizer)
	if err != nil {
		return err
	}
	server := &http.Server{
		Handler:           newSite(filepath.Join(root, "site", "dist"), newSiteConfig(baseURL, issuer, client), issuer, gw),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go runSchedules(ctx, fns.scheduled, opts.scheduleEvery)
	runStreams(ctx, table, engine.Endpoint, fns)

	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(ln) }()
	fmt.Printf("\nHypetrack local stack is up (%.1fs)\n", time.Since(started).Seconds())
	fmt.Printf("  web UI        %s/\n", baseURL)
	fmt.Printf("  sign in       %s%s\n", baseURL, idp.PathLogin)
	if !issuer.HasUsers() {
		fmt.Printf("                (no account yet: open it to create the first one)\n")
	}
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

// localSealer seals connection secrets with a key kept beside the local data (or a fresh
// one in memory mode), standing in for the KMS key of the cloud.
func localSealer(root string, opts options) (secrets.Sealer, error) {
	if opts.inMemory {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		return secrets.NewLocalSealer(key)
	}
	key, err := secrets.LocalKey(filepath.Join(root, opts.dataDir, "..", "secrets.key"))
	if err != nil {
		return nil, err
	}
	return secrets.NewLocalSealer(key)
}

// newIssuer builds the local OpenID Connect issuer with the web UI's client, kept in the
// idp data folder unless the run is in memory.
func newIssuer(root, baseURL string, opts options) (*idp.Issuer, idp.Client, error) {
	client := idp.UIClient(baseURL)
	if list := splitList(opts.redirectURIs); len(list) > 0 {
		client.RedirectURIs = list
	}
	if list := splitList(opts.logoutURIs); len(list) > 0 {
		client.LogoutURIs = list
	}
	cfg := idp.Config{Issuer: baseURL, Clients: []idp.Client{client}, PasswordCost: opts.passwordCost}
	if !opts.inMemory {
		cfg.DataDir = filepath.Join(root, opts.idpDataDir)
	}
	issuer, err := idp.New(cfg)
	if err != nil {
		return nil, idp.Client{}, fmt.Errorf("start the local sign-in: %w", err)
	}
	return issuer, client, nil
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
