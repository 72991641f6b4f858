package metricsjob

import (
	"log/slog"
	"sort"
	"time"

	"github.com/hypetrack/hypetrack/shared/metricspull"
)

// Unit is one unit of work of a run: the live targets of one index shard, from a cursor
// on. A unit that runs out of time hands the rest of its shard to a continuation (Part+1).
type Unit struct {
	// RunAt is the run's scheduled time: every snapshot of the run is keyed by it.
	RunAt time.Time `json:"runAt"`
	Shard int       `json:"shard"`
	Part  int       `json:"part"`
	// After is the index cursor to continue after ("" from the start of the shard).
	After string `json:"after,omitempty"`
}

// Run is the record of one scheduled run; units add their counts to it as they finish.
type Run struct {
	At      time.Time `json:"at"`
	EventID string    `json:"eventId"`
	Started time.Time `json:"startedAt"`
	// Units is how many units the run was split into; Dispatched is set once they all were
	// handed out, so a second delivery of the same event does nothing.
	Units      int  `json:"units"`
	Dispatched bool `json:"dispatched"`
}

// SourceState is a source that had trouble in a unit, for the summary.
type SourceState struct {
	Source    string `json:"source"`
	State     string `json:"state"`
	Failed    int    `json:"failed"`
	Skipped   int    `json:"skipped"`
	Deferred  int    `json:"deferred"`
	LastError string `json:"lastError,omitempty"`
}

// Summary accounts for a unit, or for a run when units are added up. Item counts are per
// tracked item (a post tracked in two campaigns counts twice, though it is pulled once).
type Summary struct {
	RunAt time.Time `json:"runAt"`
	// Units is how many units (parts included) the summary adds up.
	Units int `json:"units"`
	// Targets is how many index entries were read.
	Targets int `json:"targets"`
	// Pulled, Failed, Skipped and Deferred count posts, profiles and hashtags.
	Pulled   int `json:"pulled"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	Deferred int `json:"deferred"`
	// Duplicates counts snapshots a retried run found written already.
	Duplicates int `json:"duplicates"`
	// Inactive counts targets of campaigns not running now (a draft, past the window).
	Inactive int `json:"inactive"`
	// Retired counts index entries removed (stopped items, closed windows, gone campaigns).
	Retired int `json:"retired"`
	// RosterUpdates counts creators whose roster figures were refreshed.
	RosterUpdates int `json:"rosterUpdates"`
	// StoreErrors counts writes that failed; their items show the previous values.
	StoreErrors int `json:"storeErrors"`
	// Calls and Retries count provider calls.
	Calls   int `json:"calls"`
	Retries int `json:"retries"`
	// Continued is set when a unit handed the rest of its shard to a continuation.
	Continued bool `json:"continued,omitempty"`
	// DurationMS is the wall time: of the unit, or of the run from start to last unit.
	DurationMS int64         `json:"durationMs"`
	Sources    []SourceState `json:"sources,omitempty"`
}

// maxSources bounds how many troubled sources a summary lists.
const maxSources = 50

// Add adds another summary's counts to s.
func (s *Summary) Add(o Summary) {
	s.Units += o.Units
	s.Targets += o.Targets
	s.Pulled += o.Pulled
	s.Failed += o.Failed
	s.Skipped += o.Skipped
	s.Deferred += o.Deferred
	s.Duplicates += o.Duplicates
	s.Inactive += o.Inactive
	s.Retired += o.Retired
	s.RosterUpdates += o.RosterUpdates
	s.StoreErrors += o.StoreErrors
	s.Calls += o.Calls
	s.Retries += o.Retries
	s.DurationMS = max(s.DurationMS, o.DurationMS)
	for _, src := range o.Sources {
		if len(s.Sources) < maxSources {
			s.Sources = append(s.Sources, src)
		}
	}
}

// addPull takes the provider-call counts and troubled sources of a puller run.
func (s *Summary) addPull(p metricspull.Summary) {
	s.Calls += p.Calls
	s.Retries += p.Retries
	names := make([]string, 0, len(p.Sources))
	for name := range p.Sources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		src := p.Sources[name]
		if (src.State == "" && src.Failed == 0) || len(s.Sources) >= maxSources {
			continue
		}
		s.Sources = append(s.Sources, SourceState{Source: name, State: src.State, Failed: src.Failed,
			Skipped: src.Skipped, Deferred: src.Deferred, LastError: src.LastError})
	}
}

// Total is the number of items accounted for.
func (s Summary) Total() int { return s.Pulled + s.Failed + s.Skipped + s.Deferred }

// LogValue renders the summary for slog.
func (s Summary) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.Time("runAt", s.RunAt), slog.Int("units", s.Units), slog.Int("targets", s.Targets),
		slog.Int("pulled", s.Pulled), slog.Int("failed", s.Failed), slog.Int("skipped", s.Skipped),
		slog.Int("deferred", s.Deferred), slog.Int("duplicates", s.Duplicates), slog.Int("inactive", s.Inactive),
		slog.Int("retired", s.Retired), slog.Int("rosterUpdates", s.RosterUpdates), slog.Int("storeErrors", s.StoreErrors),
		slog.Int("calls", s.Calls), slog.Int("retries", s.Retries), slog.Int64("durationMs", s.DurationMS),
	}
	if s.Continued {
		attrs = append(attrs, slog.Bool("continued", true))
	}
	for _, src := range s.Sources {
		attrs = append(attrs, slog.Group(src.Source, "state", src.State, "failed", src.Failed, "skipped", src.Skipped,
			"deferred", src.Deferred, "lastError", src.LastError))
	}
	return slog.GroupValue(attrs...)
}
