package results

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/money"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Service answers results requests from a Reader.
type Service struct {
	reader Reader
	now    func() time.Time
}

// Option configures a Service.
type Option func(*Service)

// WithClock makes the service read today from now instead of the system clock.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService builds the service on r.
func NewService(r Reader, opts ...Option) *Service {
	s := &Service{reader: r, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Query is what a results request asks for; empty fields take the defaults (the
// campaign's days, the goal's figure).
type Query struct {
	From Day
	To   Day
	Sort string
}

// ParseQuery reads from, to and sort from query string parameters.
func ParseQuery(params map[string]string) (Query, error) {
	q := Query{From: Day(params["from"]), To: Day(params["to"]), Sort: params["sort"]}
	var v validate.Errors
	if q.From != "" && !q.From.Valid() {
		v.Add("from", "invalid", "must be a date such as 2026-03-01")
	}
	if q.To != "" && !q.To.Valid() {
		v.Add("to", "invalid", "must be a date such as 2026-03-31")
	}
	return q, v.Err()
}

// loaded is one campaign's input with the request's range and today.
type loaded struct {
	in    *Input
	r     Range
	today Day
}

// load reads a campaign's setup, decides the days it needs (the range asked for, and the
// goal's days so far), and reads them.
func (s *Service) load(ctx context.Context, workspaceID, campaignID string, q Query) (loaded, error) {
	if !ids.Valid(campaignID) {
		return loaded{}, fmt.Errorf("campaign %q: %w", campaignID, apperr.ErrNotFound)
	}
	setup, err := s.reader.Campaign(ctx, workspaceID, campaignID)
	if err != nil {
		return loaded{}, fmt.Errorf("read campaign %s for results: %w", campaignID, err)
	}
	loc, err := time.LoadLocation(setup.TimeZone)
	if err != nil {
		return loaded{}, fmt.Errorf("time zone of workspace %s: %w", workspaceID, err)
	}
	today := DayOf(s.now(), loc)
	r := CampaignDays(setup.Campaign)
	if q.From != "" || q.To != "" {
		// Only a range asked for is bounded: a campaign's own days are its to read.
		r.From, r.To = cmp.Or(q.From, r.From), cmp.Or(q.To, r.To)
		if err := CheckRange(r); err != nil {
			return loaded{}, err
		}
	}
	need := r
	if start := Day(setup.Campaign.StartDate); today >= start {
		need = need.Union(Range{From: start, To: min(today, Day(setup.Campaign.Goal.Deadline))})
	}
	agg, err := s.reader.Days(ctx, setup, need)
	if err != nil {
		return loaded{}, fmt.Errorf("read aggregates of campaign %s from %s to %s: %w", campaignID, need.From, need.To, err)
	}
	return loaded{in: &Input{Setup: setup, Range: need, Aggregates: agg}, r: r, today: today}, nil
}

// Dashboard computes a campaign's figures, goal, series and leaderboard.
func (s *Service) Dashboard(ctx context.Context, workspaceID, campaignID string, q Query) (Dashboard, error) {
	l, err := s.load(ctx, workspaceID, campaignID, q)
	if err != nil {
		return Dashboard{}, err
	}
	sort, err := defaultSort(l.in, q.Sort)
	if err != nil {
		return Dashboard{}, err
	}
	return Compute(l.in, l.r, l.today, sort), nil
}

// defaultSort parses a leaderboard sort; without one, creators rank by the goal's
// figure (views when the goal has none).
func defaultSort(in *Input, s string) (Sort, error) {
	fallback := goalFigures[in.Campaign.Goal.Metric]
	if fallback == "" {
		fallback = "views"
	}
	return ParseSort(s, fallback, moneyCurrency(in))
}

// Creator computes one creator's results in a campaign.
func (s *Service) Creator(ctx context.Context, workspaceID, campaignID, creatorID string, q Query) (CreatorResults, error) {
	l, err := s.load(ctx, workspaceID, campaignID, q)
	if err != nil {
		return CreatorResults{}, err
	}
	res, ok := ComputeCreator(l.in, creatorID, l.r, l.today)
	if !ok {
		return CreatorResults{}, fmt.Errorf("creator %q in campaign %s: %w", creatorID, campaignID, apperr.ErrNotFound)
	}
	return res, nil
}

// PostMortem reports a campaign against its goal over the campaign's days.
func (s *Service) PostMortem(ctx context.Context, workspaceID, campaignID string) (PostMortem, error) {
	l, err := s.load(ctx, workspaceID, campaignID, Query{})
	if err != nil {
		return PostMortem{}, err
	}
	return ComputePostMortem(l.in, l.today), nil
}

// MaxCompared is how many previous campaigns a comparison reads: each costs a read of
// its creators and its aggregates.
const MaxCompared = 5

// Comparison sets a campaign beside the workspace's previous campaigns of the same
// objective (started earlier, not drafts, newest first) and its paid-ads benchmark.
func (s *Service) Comparison(ctx context.Context, workspaceID, campaignID string) (Comparison, error) {
	l, err := s.load(ctx, workspaceID, campaignID, Query{})
	if err != nil {
		return Comparison{}, err
	}
	all, err := s.reader.Campaigns(ctx, workspaceID)
	if err != nil {
		return Comparison{}, fmt.Errorf("list campaigns to compare with %s: %w", campaignID, err)
	}
	// Previous campaigns are read in parallel: each is its own few requests.
	picked := Previous(l.in.Campaign, all, MaxCompared)
	previous := make([]*Input, len(picked))
	errs := make([]error, len(picked))
	var wg sync.WaitGroup
	for i, c := range picked {
		wg.Go(func() {
			p, err := s.load(ctx, workspaceID, c.ID, Query{})
			previous[i], errs[i] = p.in, err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return Comparison{}, fmt.Errorf("compare with campaign %s: %w", picked[i].ID, err)
		}
	}
	return Compare(l.in, previous, l.today), nil
}

func moneyCurrency(in *Input) money.Currency { return money.Currency(in.Campaign.Budget.Currency) }

// Export writes one of Tables as CSV and returns a file name for it. An unknown table is
// not found.
func (s *Service) Export(ctx context.Context, workspaceID, campaignID, table string, q Query, w io.Writer) (string, error) {
	if !slices.Contains(Tables, table) {
		return "", fmt.Errorf("results table %q: %w", table, apperr.ErrNotFound)
	}
	var (
		ref CampaignRef
		err error
	)
	switch table {
	case "comparison":
		var c Comparison
		if c, err = s.Comparison(ctx, workspaceID, campaignID); err == nil {
			ref, err = c.Campaigns[0].Campaign, WriteComparisonCSV(w, c)
		}
	case "postmortem":
		var pm PostMortem
		if pm, err = s.PostMortem(ctx, workspaceID, campaignID); err == nil {
			ref, err = pm.Campaign, WritePostMortemCSV(w, pm)
		}
	default:
		var d Dashboard
		if d, err = s.Dashboard(ctx, workspaceID, campaignID, q); err != nil {
			break
		}
		ref = d.Campaign
		switch table {
		case "figures":
			err = WriteFiguresCSV(w, d)
		case "goal":
			err = WriteGoalCSV(w, d.Goal)
		case "series":
			err = WriteSeriesCSV(w, d.Series, d.Campaign.Currency)
		case "leaderboard":
			err = WriteLeaderboardCSV(w, d)
		}
	}
	if err != nil {
		return "", fmt.Errorf("export %s of campaign %s: %w", table, campaignID, err)
	}
	name := ref.Slug
	if name == "" {
		name = ref.ID
	}
	return name + "-" + table + ".csv", nil
}
