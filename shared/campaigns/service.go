package campaigns

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Store is what campaigns need from storage.
type Store interface {
	CreateCampaign(ctx context.Context, c Campaign) error
	Campaign(ctx context.Context, workspaceID, id string) (Campaign, error)
	Campaigns(ctx context.Context, workspaceID string) ([]Campaign, error)
	UpdateCampaign(ctx context.Context, c Campaign) error
	AddMember(ctx context.Context, m Member) error
	CampaignMember(ctx context.Context, workspaceID, campaignID, creatorID string) (Member, error)
	CampaignMembers(ctx context.Context, workspaceID, campaignID string) ([]Member, error)
	UpdateCampaignMember(ctx context.Context, m Member) error
	// AssignCode claims code on the connection for the member and saves the member, or
	// fails with a conflict when the code belongs to someone already.
	AssignCode(ctx context.Context, m Member, code Code) error
	ReleaseCode(ctx context.Context, m Member, code Code) error
	PutPitch(ctx context.Context, p Pitch) error
	Pitches(ctx context.Context, workspaceID, campaignID string) ([]Pitch, error)
}

// CreatorReader finds roster creators to add to a campaign.
type CreatorReader interface {
	Get(ctx context.Context, workspaceID, id string) (creators.Creator, error)
}

// Service runs campaigns and their pipelines.
type Service struct {
	store    Store
	creators CreatorReader
	now      func() time.Time
}

// NewService builds the service.
func NewService(s Store, cr CreatorReader) *Service {
	return &Service{store: s, creators: cr, now: time.Now}
}

// Create adds a campaign; currency defaults to the workspace's.
func (s *Service) Create(ctx context.Context, workspaceID, currency string, in Campaign) (Campaign, error) {
	applyDefaults(&in, currency)
	if in.Status == "archived" {
		var v validate.Errors
		v.Add("status", "not-allowed", "a new campaign cannot be archived")
		return Campaign{}, v.Err()
	}
	if err := Check(in); err != nil {
		return Campaign{}, err
	}
	now := s.now().UTC()
	in.ID, in.WorkspaceID, in.Created, in.Updated, in.Version = ids.New(), workspaceID, now, now, 1
	if err := s.store.CreateCampaign(ctx, in); err != nil {
		return Campaign{}, fmt.Errorf("create campaign: %w", err)
	}
	return in, nil
}

// Get reads a campaign.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (Campaign, error) {
	if !ids.Valid(id) {
		return Campaign{}, fmt.Errorf("campaign %q: %w", id, apperr.ErrNotFound)
	}
	return s.store.Campaign(ctx, workspaceID, id)
}

// List returns the workspace's campaigns, newest first, optionally of some statuses only.
// Archived campaigns are listed only when asked for by status.
func (s *Service) List(ctx context.Context, workspaceID string, statuses []string) ([]Campaign, error) {
	var v validate.Errors
	for _, st := range statuses {
		v.OneOf("status", st, Statuses...)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	all, err := s.store.Campaigns(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	out := make([]Campaign, 0, len(all))
	for _, c := range all {
		if (len(statuses) == 0 && c.Status != "archived") || slices.Contains(statuses, c.Status) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Campaign) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// Update replaces a campaign's editable fields if version is current.
func (s *Service) Update(ctx context.Context, workspaceID, id string, version int64, in Campaign) (Campaign, error) {
	cur, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return Campaign{}, err
	}
	if cur.Version != version {
		return Campaign{}, fmt.Errorf("campaign %s is at version %d, not %d: %w", id, cur.Version, version, apperr.ErrStale)
	}
	if cur.Status == "archived" {
		var v validate.Errors
		v.Add("status", "archived", "an archived campaign is read-only")
		return Campaign{}, v.Err()
	}
	applyDefaults(&in, cur.Budget.Currency)
	if in.Status == "archived" {
		var v validate.Errors
		v.Add("status", "not-allowed", "archive a campaign by deleting it")
		return Campaign{}, v.Err()
	}
	if err := Check(in); err != nil {
		return Campaign{}, err
	}
	in.ID, in.WorkspaceID, in.Created = cur.ID, cur.WorkspaceID, cur.Created
	in.Updated, in.Version = s.now().UTC(), cur.Version+1
	if err := s.store.UpdateCampaign(ctx, in); err != nil {
		return Campaign{}, err
	}
	return in, nil
}

// Archive retires a campaign; its history stays readable.
func (s *Service) Archive(ctx context.Context, workspaceID, id string) (Campaign, error) {
	cur, err := s.Get(ctx, workspaceID, id)
	if err != nil || cur.Status == "archived" {
		return cur, err
	}
	cur.Status, cur.Updated, cur.Version = "archived", s.now().UTC(), cur.Version+1
	if err := s.store.UpdateCampaign(ctx, cur); err != nil {
		return Campaign{}, err
	}
	return cur, nil
}

// AddCreator puts a roster creator into a campaign at stage (default shortlisted), with
// the audience match against the campaign's persona as the default relevance.
func (s *Service) AddCreator(ctx context.Context, c Campaign, creatorID, stage, by string) (Member, error) {
	if stage == "" {
		stage = "shortlisted"
	}
	var v validate.Errors
	v.OneOf("stage", stage, Stages...)
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	cr, err := s.creators.Get(ctx, c.WorkspaceID, creatorID)
	if err != nil {
		return Member{}, err
	}
	relevance := 1.0
	if c.Persona != nil {
		relevance = creators.AudienceMatch(cr.Audience, *c.Persona)
	}
	now := s.now().UTC()
	m := Member{
		WorkspaceID: c.WorkspaceID, CampaignID: c.ID, CreatorID: cr.ID, CreatorName: cr.Name, Handles: cr.Handles,
		Stage: stage, History: []StageChange{{From: "", To: stage, By: by, At: now}},
		Compensation: Compensation{Currency: c.Budget.Currency}, AgreedCost: Money{Currency: c.Budget.Currency},
		Deliverables: []Deliverable{}, Relevance: relevance, Codes: []Code{}, Outreach: []Outreach{},
		Added: now, Updated: now, Version: 1,
	}
	if err := s.store.AddMember(ctx, m); err != nil {
		return Member{}, fmt.Errorf("add creator %s to %s: %w", creatorID, c.ID, err)
	}
	return m, nil
}

// Member reads a creator's membership of a campaign.
func (s *Service) Member(ctx context.Context, workspaceID, campaignID, creatorID string) (Member, error) {
	if !ids.Valid(creatorID) {
		return Member{}, fmt.Errorf("campaign member %q: %w", creatorID, apperr.ErrNotFound)
	}
	return s.store.CampaignMember(ctx, workspaceID, campaignID, creatorID)
}

// Members lists a campaign's creators, archived ones only when asked.
func (s *Service) Members(ctx context.Context, workspaceID, campaignID string, withArchived bool) ([]Member, error) {
	all, err := s.store.CampaignMembers(ctx, workspaceID, campaignID)
	if err != nil || withArchived {
		return all, err
	}
	out := all[:0:0]
	for _, m := range all {
		if !m.Archived {
			out = append(out, m)
		}
	}
	return out, nil
}

// UpdateTerms sets a member's deal, cost, deliverables, relevance and notes.
func (s *Service) UpdateTerms(ctx context.Context, m Member, version int64, t MemberTerms) (Member, error) {
	if t.Compensation.Currency == "" {
		t.Compensation.Currency = m.Compensation.Currency
	}
	if t.AgreedCost.Currency == "" {
		t.AgreedCost.Currency = m.AgreedCost.Currency
	}
	t.Compensation.Currency = strings.ToUpper(t.Compensation.Currency)
	t.AgreedCost.Currency = strings.ToUpper(t.AgreedCost.Currency)
	if t.Deliverables == nil {
		t.Deliverables = []Deliverable{}
	}
	if err := CheckTerms(t); err != nil {
		return Member{}, err
	}
	if m.Version != version {
		return Member{}, staleMember(m, version)
	}
	m.Compensation, m.AgreedCost, m.Deliverables = t.Compensation, t.AgreedCost, t.Deliverables
	m.Relevance, m.Revisions, m.Notes = t.Relevance, t.Revisions, t.Notes
	return s.save(ctx, m)
}

// MoveStage moves a member on the board and records the move.
func (s *Service) MoveStage(ctx context.Context, m Member, version int64, to, note, by string) (Member, error) {
	if err := Move(&m, to, by, note, s.now().UTC()); err != nil {
		return Member{}, err
	}
	if m.Version != version {
		return Member{}, staleMember(m, version)
	}
	return s.save(ctx, m)
}

// Remove archives a member: its codes, links and attributed orders stay on record.
func (s *Service) Remove(ctx context.Context, m Member) (Member, error) {
	if m.Archived {
		return m, nil
	}
	m.Archived = true
	return s.save(ctx, m)
}

// AssignCode gives the member a coupon code on a connection. Codes are unique per
// connection, whatever their letter case.
func (s *Service) AssignCode(ctx context.Context, m Member, connectionID, code string) (Member, error) {
	code = NormalizeCode(code)
	if err := CheckCode(code); err != nil {
		return Member{}, err
	}
	c := Code{Code: code, ConnectionID: connectionID, Assigned: s.now().UTC()}
	m.Codes = append(m.Codes, c)
	m.Updated = c.Assigned
	m.Version++
	if err := s.store.AssignCode(ctx, m, c); err != nil {
		return Member{}, err
	}
	return m, nil
}

// ReleaseCode takes a coupon code back from the member.
func (s *Service) ReleaseCode(ctx context.Context, m Member, code string) (Member, error) {
	code = NormalizeCode(code)
	i := slices.IndexFunc(m.Codes, func(c Code) bool { return c.Code == code })
	if i < 0 {
		return Member{}, fmt.Errorf("code %q on member %s: %w", code, m.CreatorID, apperr.ErrNotFound)
	}
	released := m.Codes[i]
	m.Codes = slices.Delete(m.Codes, i, i+1)
	m.Updated = s.now().UTC()
	m.Version++
	if err := s.store.ReleaseCode(ctx, m, released); err != nil {
		return Member{}, err
	}
	return m, nil
}

func (s *Service) save(ctx context.Context, m Member) (Member, error) {
	m.Updated = s.now().UTC()
	m.Version++
	if err := s.store.UpdateCampaignMember(ctx, m); err != nil {
		return Member{}, err
	}
	return m, nil
}

// staleMember reports an update based on an old version. Input is checked first, so a
// client learns what is wrong with its change before being asked to reload.
func staleMember(m Member, version int64) error {
	return fmt.Errorf("member %s is at version %d, not %d: %w", m.CreatorID, m.Version, version, apperr.ErrStale)
}

// CreatePitch adds a pitch with its variants to a campaign.
func (s *Service) CreatePitch(ctx context.Context, c Campaign, in Pitch) (Pitch, error) {
	p, err := NewPitch(c.WorkspaceID, c.ID, in, s.now().UTC())
	if err != nil {
		return Pitch{}, err
	}
	if err := s.store.PutPitch(ctx, p); err != nil {
		return Pitch{}, err
	}
	return p, nil
}

// PitchStats returns a campaign's pitches with each variant's reply and acceptance rates.
func (s *Service) PitchStats(ctx context.Context, c Campaign) ([]PitchStats, error) {
	pitches, err := s.store.Pitches(ctx, c.WorkspaceID, c.ID)
	if err != nil {
		return nil, err
	}
	members, err := s.store.CampaignMembers(ctx, c.WorkspaceID, c.ID)
	if err != nil {
		return nil, err
	}
	out := make([]PitchStats, len(pitches))
	for i, p := range pitches {
		out[i] = Stats(p, members)
	}
	return out, nil
}

// RecordOutreach notes a pitch variant sent to a member, or what came of it.
func (s *Service) RecordOutreach(ctx context.Context, m Member, pitchID, variantID, outcome string) (Member, error) {
	pitches, err := s.store.Pitches(ctx, m.WorkspaceID, m.CampaignID)
	if err != nil {
		return Member{}, err
	}
	i := slices.IndexFunc(pitches, func(p Pitch) bool { return p.ID == pitchID })
	if i < 0 {
		var v validate.Errors
		v.Add("pitchId", "invalid", "is not a pitch of this campaign")
		return Member{}, v.Err()
	}
	if err := RecordOutreach(&m, pitches[i], variantID, outcome, s.now().UTC()); err != nil {
		return Member{}, err
	}
	return s.save(ctx, m)
}
