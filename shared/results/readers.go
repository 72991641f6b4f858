package results

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

// EntityStore is what EntityReader reads: the campaign API's items. The DynamoDB store
// (shared/store.Table) satisfies it.
type EntityStore interface {
	Workspace(ctx context.Context, id string) (workspaces.Workspace, error)
	Campaign(ctx context.Context, workspaceID, id string) (campaigns.Campaign, error)
	Campaigns(ctx context.Context, workspaceID string) ([]campaigns.Campaign, error)
	CampaignMembers(ctx context.Context, workspaceID, campaignID string) ([]campaigns.Member, error)
	Roster(ctx context.Context, workspaceID string) ([]creators.Summary, error)
}

// EntityReader is the Reader over stored entities: the workspace, the campaign, its
// members and the roster, read in parallel (four requests), with the daily aggregates
// from an AggregateReader: the counters' (store.Table.Results) in the API, none
// (NoAggregates) where a test needs only the setup.
type EntityReader struct {
	store      EntityStore
	aggregates AggregateReader
}

var _ Reader = (*EntityReader)(nil)

// NewEntityReader reads entities from s and daily aggregates from a.
func NewEntityReader(s EntityStore, a AggregateReader) *EntityReader {
	return &EntityReader{store: s, aggregates: a}
}

// Campaign reads the campaign's setup.
func (r *EntityReader) Campaign(ctx context.Context, workspaceID, campaignID string) (Setup, error) {
	var (
		wg      sync.WaitGroup
		ws      workspaces.Workspace
		camp    campaigns.Campaign
		members []campaigns.Member
		roster  []creators.Summary
		errs    [4]error
	)
	wg.Go(func() { ws, errs[0] = r.store.Workspace(ctx, workspaceID) })
	wg.Go(func() { camp, errs[1] = r.store.Campaign(ctx, workspaceID, campaignID) })
	wg.Go(func() { members, errs[2] = r.store.CampaignMembers(ctx, workspaceID, campaignID) })
	wg.Go(func() { roster, errs[3] = r.store.Roster(ctx, workspaceID) })
	wg.Wait()
	for i, what := range []string{"workspace", "campaign", "campaign creators", "roster"} {
		if errs[i] != nil {
			return Setup{}, fmt.Errorf("read %s: %w", what, errs[i])
		}
	}
	return setupOf(ws.TimeZone, camp, members, roster)
}

// Days reads the daily aggregates.
func (r *EntityReader) Days(ctx context.Context, s Setup, rng Range) (Aggregates, error) {
	return r.aggregates.Days(ctx, s, rng)
}

// Campaigns lists the workspace's campaigns.
func (r *EntityReader) Campaigns(ctx context.Context, workspaceID string) ([]campaigns.Campaign, error) {
	return r.store.Campaigns(ctx, workspaceID)
}

// setupOf assembles a setup from the entities.
func setupOf(timeZone string, camp campaigns.Campaign, members []campaigns.Member, roster []creators.Summary) (Setup, error) {
	loc, err := time.LoadLocation(timeZone)
	if err != nil {
		return Setup{}, fmt.Errorf("time zone %q: %w", timeZone, err)
	}
	byID := make(map[string]*creators.Summary, len(roster))
	for i := range roster {
		byID[roster[i].ID] = &roster[i]
	}
	s := Setup{Campaign: camp, TimeZone: timeZone, Members: make([]MemberInput, 0, len(members))}
	for _, m := range members {
		s.Members = append(s.Members, MemberOf(m, byID[m.CreatorID], loc))
	}
	return s, nil
}

// MemoryReader is a Reader over data held in memory, for tests and for showing the demo
// seed before its aggregates are stored. It returns only the buckets of the days asked
// for, as a real aggregate reader would.
type MemoryReader struct {
	mu         sync.RWMutex
	timeZones  map[string]string
	campaigns  map[string][]campaigns.Campaign
	members    map[string][]campaigns.Member
	roster     map[string][]creators.Summary
	aggregates map[string]Aggregates
}

var _ Reader = (*MemoryReader)(nil)

// NewMemoryReader returns an empty MemoryReader.
func NewMemoryReader() *MemoryReader {
	return &MemoryReader{timeZones: map[string]string{}, campaigns: map[string][]campaigns.Campaign{},
		members: map[string][]campaigns.Member{}, roster: map[string][]creators.Summary{}, aggregates: map[string]Aggregates{}}
}

// PutWorkspace adds a workspace (its time zone is what results use).
func (m *MemoryReader) PutWorkspace(ws workspaces.Workspace) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.timeZones[ws.ID] = ws.TimeZone
}

// PutCreators adds creators to a workspace's roster.
func (m *MemoryReader) PutCreators(list ...creators.Creator) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range list {
		m.roster[c.WorkspaceID] = append(m.roster[c.WorkspaceID], creators.SummaryOf(c))
	}
}

// PutCampaign adds a campaign with its members and aggregates.
func (m *MemoryReader) PutCampaign(c campaigns.Campaign, members []campaigns.Member, agg Aggregates) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.campaigns[c.WorkspaceID] = append(m.campaigns[c.WorkspaceID], c)
	m.members[c.WorkspaceID+"/"+c.ID] = members
	m.aggregates[c.WorkspaceID+"/"+c.ID] = agg
}

// Campaign returns the campaign's setup.
func (m *MemoryReader) Campaign(_ context.Context, workspaceID, campaignID string) (Setup, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, c := range m.campaigns[workspaceID] {
		if c.ID == campaignID {
			return setupOf(m.timeZones[workspaceID], c, m.members[workspaceID+"/"+c.ID], m.roster[workspaceID])
		}
	}
	return Setup{}, fmt.Errorf("campaign %s in workspace %s: %w", campaignID, workspaceID, apperr.ErrNotFound)
}

// Days returns the campaign's buckets in r.
func (m *MemoryReader) Days(_ context.Context, s Setup, r Range) (Aggregates, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	all := m.aggregates[s.Campaign.WorkspaceID+"/"+s.Campaign.ID]
	out := Aggregates{Sources: all.Sources, Traffic: inRange(all.Traffic, r, func(d TrafficDay) Day { return d.Day })}
	for _, c := range all.Creators {
		out.Creators = append(out.Creators, MemberDays{
			CreatorID: c.CreatorID,
			Traffic:   inRange(c.Traffic, r, func(d TrafficDay) Day { return d.Day }),
			Sales:     inRange(c.Sales, r, func(d SalesDay) Day { return d.Day }),
			Content:   inRange(c.Content, r, func(d ContentDay) Day { return d.Day }),
		})
	}
	return out, nil
}

// Campaigns lists the workspace's campaigns.
func (m *MemoryReader) Campaigns(_ context.Context, workspaceID string) ([]campaigns.Campaign, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]campaigns.Campaign(nil), m.campaigns[workspaceID]...), nil
}

func inRange[T any](days []T, r Range, day func(T) Day) []T {
	var out []T
	for _, d := range days {
		if r.Contains(day(d)) {
			out = append(out, d)
		}
	}
	return out
}
