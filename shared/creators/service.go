package creators

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Store is what the roster needs from storage.
type Store interface {
	// CreateCreators stores new creators and their summaries.
	CreateCreators(ctx context.Context, workspaceID string, list []Creator) error
	// UpdateCreator replaces a creator whose stored version is c.Version-1.
	UpdateCreator(ctx context.Context, c Creator) error
	Creator(ctx context.Context, workspaceID, id string) (Creator, error)
	// AllCreators reads every full creator, for exports.
	AllCreators(ctx context.Context, workspaceID string) ([]Creator, error)
	// Roster reads every creator's summary, for search.
	Roster(ctx context.Context, workspaceID string) ([]Summary, error)
}

// Service keeps a workspace's roster.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService builds the service.
func NewService(s Store) *Service { return &Service{store: s, now: time.Now} }

// Create adds one creator. A handle already in the roster is a conflict.
func (s *Service) Create(ctx context.Context, workspaceID string, in Creator) (Creator, error) {
	Normalize(&in)
	if err := Check(in); err != nil {
		return Creator{}, err
	}
	roster, err := s.store.Roster(ctx, workspaceID)
	if err != nil {
		return Creator{}, err
	}
	known := handlesOf(roster, "")
	for p, h := range in.Handles {
		if known[p+":"+h] {
			var v validate.Errors
			v.Add("handles."+p, "duplicate", "@%s on %s is already in the roster", h, p)
			return Creator{}, v.Err()
		}
	}
	now := s.now().UTC()
	in.ID, in.WorkspaceID, in.Created, in.Updated, in.Version = ids.New(), workspaceID, now, now, 1
	if err := s.store.CreateCreators(ctx, workspaceID, []Creator{in}); err != nil {
		return Creator{}, fmt.Errorf("create creator: %w", err)
	}
	return in, nil
}

// Update replaces a creator's editable fields if version is current.
func (s *Service) Update(ctx context.Context, workspaceID, id string, version int64, in Creator) (Creator, error) {
	cur, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return Creator{}, err
	}
	if cur.Version != version {
		return Creator{}, fmt.Errorf("creator %s is at version %d, not %d: %w", id, cur.Version, version, apperr.ErrStale)
	}
	Normalize(&in)
	if err := Check(in); err != nil {
		return Creator{}, err
	}
	roster, err := s.store.Roster(ctx, workspaceID)
	if err != nil {
		return Creator{}, err
	}
	known := handlesOf(roster, id)
	for p, h := range in.Handles {
		if known[p+":"+h] {
			var v validate.Errors
			v.Add("handles."+p, "duplicate", "@%s on %s belongs to another creator", h, p)
			return Creator{}, v.Err()
		}
	}
	in.ID, in.WorkspaceID, in.Created, in.Archived = cur.ID, cur.WorkspaceID, cur.Created, cur.Archived
	in.Updated, in.Version = s.now().UTC(), cur.Version+1
	if err := s.store.UpdateCreator(ctx, in); err != nil {
		return Creator{}, err
	}
	return in, nil
}

// Archive hides a creator from searches while keeping its history (campaigns, orders).
func (s *Service) Archive(ctx context.Context, workspaceID, id string) (Creator, error) {
	cur, err := s.Get(ctx, workspaceID, id)
	if err != nil || cur.Archived {
		return cur, err
	}
	cur.Archived, cur.Updated, cur.Version = true, s.now().UTC(), cur.Version+1
	if err := s.store.UpdateCreator(ctx, cur); err != nil {
		return Creator{}, err
	}
	return cur, nil
}

// Get reads one creator.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (Creator, error) {
	if !ids.Valid(id) {
		return Creator{}, fmt.Errorf("creator %q: %w", id, apperr.ErrNotFound)
	}
	return s.store.Creator(ctx, workspaceID, id)
}

// Search filters, ranks and pages the roster.
func (s *Service) Search(ctx context.Context, workspaceID string, q Query) (Page, error) {
	roster, err := s.store.Roster(ctx, workspaceID)
	if err != nil {
		return Page{}, err
	}
	return Search(roster, q)
}

// Import adds the valid rows of a CSV file and reports the rejected ones.
func (s *Service) Import(ctx context.Context, workspaceID string, r io.Reader) (ImportReport, error) {
	roster, err := s.store.Roster(ctx, workspaceID)
	if err != nil {
		return ImportReport{}, err
	}
	list, report, err := ParseCSV(r, handlesOf(roster, ""))
	if err != nil {
		return ImportReport{}, err
	}
	now := s.now().UTC()
	for i := range list {
		list[i].ID, list[i].WorkspaceID, list[i].Created, list[i].Updated, list[i].Version = ids.New(), workspaceID, now, now, 1
	}
	if err := s.store.CreateCreators(ctx, workspaceID, list); err != nil {
		return ImportReport{}, fmt.Errorf("import %d creators: %w", len(list), err)
	}
	return report, nil
}

// Export writes every creator, archived ones included, as CSV.
func (s *Service) Export(ctx context.Context, workspaceID string, w io.Writer) error {
	list, err := s.store.AllCreators(ctx, workspaceID)
	if err != nil {
		return err
	}
	return WriteCSV(w, list)
}

// handlesOf maps "platform:handle" of every roster creator but except to true.
func handlesOf(roster []Summary, except string) map[string]bool {
	known := make(map[string]bool, len(roster))
	for _, s := range roster {
		if s.ID == except {
			continue
		}
		for p, h := range s.Handles {
			known[p+":"+h] = true
		}
	}
	return known
}
