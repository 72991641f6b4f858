// Command withdynamodb runs a command with one DynamoDB Local up for its whole duration and
// its endpoint in HYPETRACK_TEST_DYNAMODB_ENDPOINT. `make test` runs `go test ./...` through
// it, so every test package shares one engine (each test on its own table) instead of
// starting one Java process per package on a 2-core machine.
//
//	go run ./infra/local/withdynamodb -- go test ./...
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/hypetrack/hypetrack/shared/dynamolocal"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: withdynamodb -- command [args...]")
		os.Exit(2)
	}
	os.Exit(run(args))
}

func run(args []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	engine, err := dynamolocal.Start(ctx, dynamolocal.Options{})
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "withdynamodb: %v\n", err)
		return 1
	}
	defer engine.Stop()

	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), dynamotest.EnvEndpoint+"="+engine.Endpoint)
	// Ctrl-C reaches the child through the terminal; we only wait for it, then clean up.
	signal.Ignore(os.Interrupt, syscall.SIGTERM)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fmt.Fprintf(os.Stderr, "withdynamodb: %v\n", err)
		return 1
	}
	return 0
}
