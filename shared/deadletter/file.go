// Package deadletter keeps clicks the store would not take, so that none is lost: the
// redirect parks them here and a replay writes them to the store later. Locally they go to
// a file of JSON lines; in the cloud to an SQS queue.
package deadletter

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/hypetrack/hypetrack/shared/links"
)

// ClickWriter stores a click once however often it is written.
type ClickWriter interface {
	PutClick(ctx context.Context, c links.Click) error
}

// File parks clicks as JSON lines appended to a file.
type File struct {
	path string
	mu   sync.Mutex
}

// NewFile parks clicks in the file at path (created when first needed).
func NewFile(path string) *File { return &File{path: path} }

// Park appends c and syncs the file, so a parked click survives a crash.
func (f *File) Park(_ context.Context, c links.Click) error {
	line, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("park click %s: %w", c.ID, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out, err := os.OpenFile(f.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("park click %s: %w", c.ID, err)
	}
	_, err = out.Write(append(line, '\n'))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("park click %s in %s: %w", c.ID, f.path, err)
	}
	return nil
}

// Replay writes every parked click to w and empties the file. If a write fails, the
// clicks not yet written stay parked and the error is returned with the count written.
func (f *File) Replay(ctx context.Context, w ClickWriter) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	clicks, err := f.read()
	if err != nil {
		return 0, err
	}
	for i, c := range clicks {
		if err := w.PutClick(ctx, c); err != nil {
			if kerr := f.rewrite(clicks[i:]); kerr != nil {
				return i, errors.Join(err, kerr)
			}
			return i, fmt.Errorf("replay click %s: %w", c.ID, err)
		}
	}
	return len(clicks), f.rewrite(nil)
}

func (f *File) read() ([]links.Click, error) {
	in, err := os.Open(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read parked clicks: %w", err)
	}
	defer in.Close()
	var clicks []links.Click
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c links.Click
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("read parked clicks: %s line %d: %w", f.path, n, err)
		}
		clicks = append(clicks, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read parked clicks: %w", err)
	}
	return clicks, nil
}

// rewrite replaces the file with clicks, atomically through a rename.
func (f *File) rewrite(clicks []links.Click) error {
	if len(clicks) == 0 {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("empty %s: %w", f.path, err)
		}
		return nil
	}
	tmp := f.path + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("rewrite %s: %w", f.path, err)
	}
	enc := json.NewEncoder(out)
	for _, c := range clicks {
		if err = enc.Encode(c); err != nil {
			break
		}
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, f.path)
	}
	if err != nil {
		return fmt.Errorf("rewrite %s: %w", f.path, err)
	}
	return nil
}
