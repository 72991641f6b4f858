package analytics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/links"
)

// Visit is a human click's claim to be its visitor's first of the UTC day in its link,
// membership and campaign.
type Visit struct {
	WorkspaceID  string
	CampaignID   string
	MembershipID string
	LinkID       string
	Day          time.Time
	VisitorKey   string
	ClickID      string
}

// AlreadyCounted is returned by CounterStore.Count when some clicks were counted before
// (a redelivered stream batch); nothing of that call was applied.
type AlreadyCounted struct {
	ClickIDs []string
}

// Error lists the clicks.
func (e *AlreadyCounted) Error() string {
	return fmt.Sprintf("%d clicks were counted already", len(e.ClickIDs))
}

// CounterStore keeps counters. Count applies the tallies and marks the clicks counted in
// one all-or-nothing write, which is what makes counting exactly once.
type CounterStore interface {
	// ClaimVisitor records the visit and reports where it was the day's first. Claiming the
	// same click again gives the same answer, so a retried batch counts the same uniques.
	ClaimVisitor(ctx context.Context, v Visit) (Firsts, error)
	// Count marks every click counted and adds every tally, or does nothing: it returns
	// *AlreadyCounted when some click was counted before.
	Count(ctx context.Context, clickIDs []string, tallies []Tally) error
	// Counters returns the buckets of scope at granularity g that overlap [from, to),
	// oldest first. Buckets without clicks are absent.
	Counters(ctx context.Context, scope Scope, g Granularity, from, to time.Time) ([]Bucket, error)
}

// Bucket is one counter bucket.
type Bucket struct {
	Start    time.Time
	Counters Counters
}

// MaxWriteItems is how many items one Count call may write (DynamoDB's transaction limit).
const MaxWriteItems = 100

// claimConcurrency bounds the visitor claims in flight per batch.
const claimConcurrency = 16

// Aggregator counts raw clicks into counters.
type Aggregator struct {
	store CounterStore
}

// NewAggregator builds an aggregator on a counter store.
func NewAggregator(s CounterStore) *Aggregator { return &Aggregator{store: s} }

// Count counts clicks (in stream order) exactly once each, however often they are handed
// over. It returns how many leading clicks are durably counted (or were before); after an
// error the caller hands the rest over again.
func (a *Aggregator) Count(ctx context.Context, clicks []links.Click) (int, error) {
	firsts, err := a.claim(ctx, clicks)
	if err != nil {
		return 0, err
	}
	done := 0
	for done < len(clicks) {
		n := chunk(clicks[done:], firsts[done:])
		if err := a.commit(ctx, clicks[done:done+n], firsts[done:done+n]); err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

// claim asks for each human click whether it is its visitor's first of the day. Only the
// earliest click of a visitor on a link in the batch asks: a later one on the same link
// cannot be first anywhere the earlier one is not, and asking the store for each would
// cost a write per click.
func (a *Aggregator) claim(ctx context.Context, clicks []links.Click) ([]Firsts, error) {
	firsts := make([]Firsts, len(clicks))
	errs := make([]error, len(clicks))
	sem := make(chan struct{}, claimConcurrency)
	asked := map[Visit]bool{}
	var wg sync.WaitGroup
	for i, c := range clicks {
		if c.Bot || c.VisitorKey == "" {
			continue
		}
		v := Visit{WorkspaceID: c.WorkspaceID, CampaignID: c.CampaignID, MembershipID: c.MembershipID,
			LinkID: LinkID(c.Domain, c.Code), Day: Day.Start(c.At), VisitorKey: c.VisitorKey}
		if asked[v] {
			continue
		}
		asked[v] = true
		v.ClickID = c.ID
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			firsts[i], errs[i] = a.store.ClaimVisitor(ctx, v)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("claim visitors: %w", err)
	}
	return firsts, nil
}

// chunk returns how many leading clicks fit one write: one item per click plus one per
// distinct counter bucket they touch.
func chunk(clicks []links.Click, firsts []Firsts) int {
	buckets := map[bucketKey]bool{}
	for i, c := range clicks {
		var fresh []bucketKey
		for _, t := range tallies(c, firsts[i]) {
			if k := keyOf(t); !buckets[k] {
				fresh = append(fresh, k)
			}
		}
		if i > 0 && i+1+len(buckets)+len(fresh) > MaxWriteItems {
			return i
		}
		for _, k := range fresh {
			buckets[k] = true
		}
	}
	return len(clicks)
}

type bucketKey struct {
	scope Scope
	g     Granularity
	start int64
}

func keyOf(t Tally) bucketKey { return bucketKey{t.Scope, t.Granularity, t.Start.Unix()} }

// commit counts one chunk, leaving out clicks counted before.
func (a *Aggregator) commit(ctx context.Context, clicks []links.Click, firsts []Firsts) error {
	counted := map[string]bool{}
	for {
		var ids []string
		seen := map[string]bool{}
		merged := map[bucketKey]*Tally{}
		var order []bucketKey
		for i, c := range clicks {
			if counted[c.ID] || seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			ids = append(ids, c.ID)
			for _, t := range tallies(c, firsts[i]) {
				k := keyOf(t)
				if m, ok := merged[k]; ok {
					m.Add.Add(t.Add)
					continue
				}
				merged[k] = &t
				order = append(order, k)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		ts := make([]Tally, 0, len(order))
		for _, k := range order {
			ts = append(ts, *merged[k])
		}
		err := a.store.Count(ctx, ids, ts)
		var already *AlreadyCounted
		switch {
		case err == nil:
			return nil
		case !errors.As(err, &already) || len(already.ClickIDs) == 0:
			return fmt.Errorf("count %d clicks: %w", len(ids), err)
		}
		// Some clicks were counted by an earlier delivery: count the others only.
		for _, id := range already.ClickIDs {
			counted[id] = true
		}
	}
}
