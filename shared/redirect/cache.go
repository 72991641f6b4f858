package redirect

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

// Cache lifetimes. A disabled link stops redirecting within LinkTTL; an unknown code is
// looked up again after NotFoundTTL (so a new link works almost at once, while a scan of
// random codes does not reach the store on every request); a link read earlier keeps
// redirecting for StaleFor while the store cannot be read.
const (
	DefaultLinkTTL     = 15 * time.Second
	DefaultNotFoundTTL = 5 * time.Second
	DefaultStaleFor    = 10 * time.Minute
	// maxCached bounds the warm container's memory: a few thousand links are a few MB.
	maxCached = 10000
)

type cacheKey struct{ domain, code string }

// entry is one lookup's answer: a link with its prepared target, or "no such link".
type entry struct {
	found   bool
	link    links.Link
	target  links.Target
	fetched time.Time
}

// call is a lookup in flight, shared by concurrent requests for the same code, so that a
// burst of clicks on a cold container costs one read, not one per click.
type call struct {
	done  chan struct{}
	entry *entry
	err   error
}

// linkCache is the warm container's cache of link lookups.
type linkCache struct {
	reader           links.Reader
	now              func() time.Time
	ttl, notFoundTTL time.Duration
	staleFor         time.Duration
	mu               sync.RWMutex
	entries          map[cacheKey]*entry
	inflight         map[cacheKey]*call
}

func newLinkCache(r links.Reader, now func() time.Time) *linkCache {
	return &linkCache{
		reader: r, now: now,
		ttl: DefaultLinkTTL, notFoundTTL: DefaultNotFoundTTL, staleFor: DefaultStaleFor,
		entries:  map[cacheKey]*entry{},
		inflight: map[cacheKey]*call{},
	}
}

// fresh reports whether e may be used without asking the store.
func (c *linkCache) fresh(e *entry, now time.Time) bool {
	ttl := c.ttl
	if !e.found {
		ttl = c.notFoundTTL
	}
	return now.Sub(e.fetched) < ttl
}

// lookup returns the cached answer for domain/code, reading the store when it is missing
// or expired. When the store fails, a link read within staleFor is served instead; only
// with nothing to serve does it return the error.
func (c *linkCache) lookup(ctx context.Context, domain, code string) (*entry, error) {
	k := cacheKey{domain, code}
	now := c.now()
	c.mu.RLock()
	e := c.entries[k]
	c.mu.RUnlock()
	if e != nil && c.fresh(e, now) {
		return e, nil
	}
	fetched, err := c.fetch(ctx, k)
	if err == nil {
		return fetched, nil
	}
	if e != nil && e.found && now.Sub(e.fetched) < c.staleFor {
		return e, nil
	}
	return nil, err
}

// fetch reads the store once per key at a time; concurrent callers wait for that read.
func (c *linkCache) fetch(ctx context.Context, k cacheKey) (*entry, error) {
	c.mu.Lock()
	if cl, ok := c.inflight[k]; ok {
		c.mu.Unlock()
		select {
		case <-cl.done:
			return cl.entry, cl.err
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for lookup of %s/%s: %w", k.domain, k.code, ctx.Err())
		}
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[k] = cl
	c.mu.Unlock()

	cl.entry, cl.err = c.read(ctx, k)
	c.mu.Lock()
	delete(c.inflight, k)
	if cl.err == nil {
		c.store(k, cl.entry)
	}
	c.mu.Unlock()
	close(cl.done)
	return cl.entry, cl.err
}

func (c *linkCache) read(ctx context.Context, k cacheKey) (*entry, error) {
	l, err := c.reader.Link(ctx, k.domain, k.code)
	switch {
	case errors.Is(err, links.ErrNotFound):
		return &entry{fetched: c.now()}, nil
	case err != nil:
		return nil, err
	}
	return &entry{found: true, link: l, target: links.NewTarget(l), fetched: c.now()}, nil
}

// store keeps e, making room first when the cache is full: expired entries go, and if
// that is not enough, an arbitrary tenth (map order is random) so memory stays bounded.
// The caller holds c.mu.
func (c *linkCache) store(k cacheKey, e *entry) {
	if len(c.entries) >= maxCached {
		now := c.now()
		for key, old := range c.entries {
			if !c.fresh(old, now) {
				delete(c.entries, key)
			}
		}
		for key := range c.entries {
			if len(c.entries) < maxCached*9/10 {
				break
			}
			delete(c.entries, key)
		}
	}
	c.entries[k] = e
}
