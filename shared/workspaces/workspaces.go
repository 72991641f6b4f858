// Package workspaces holds the tenants: a workspace is a brand or an agency, and its members
// are the marketers who may see and change what it owns, each with a role.
package workspaces

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/ids"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Role is what a member may do in a workspace.
type Role string

// The roles, from most to least powerful.
const (
	Owner  Role = "owner"
	Admin  Role = "admin"
	Editor Role = "editor"
	Viewer Role = "viewer"
)

var rank = map[Role]int{Viewer: 1, Editor: 2, Admin: 3, Owner: 4}

// AtLeast reports whether r is as powerful as min. Viewers read, editors write, admins
// manage members and connections, owners also manage admins.
func (r Role) AtLeast(min Role) bool { return rank[r] >= rank[min] && rank[r] > 0 }

// Workspace is a tenant.
type Workspace struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// TimeZone buckets daily figures (an IANA name such as Europe/Berlin).
	TimeZone string `json:"timeZone"`
	// Currency is the default for new campaigns (ISO 4217).
	Currency string    `json:"currency"`
	Settings Settings  `json:"settings"`
	Created  time.Time `json:"createdAt"`
	Version  int64     `json:"version"`
}

// Settings are the workspace-wide rules of attribution and links.
type Settings struct {
	// Precedence decides an order with both a coupon code and a click id that disagree:
	// "coupon" (default: explicit beats implicit) or "click".
	Precedence string `json:"attributionPrecedence"`
	// ClickParam is the query parameter that carries the click id (default htclid).
	ClickParam string `json:"clickParam"`
	// AllowedDomains, when not empty, are the only hosts links may lead to.
	AllowedDomains []string `json:"allowedDomains"`
}

// Member is a marketer in a workspace, or an invitation waiting for one (UserID empty).
type Member struct {
	WorkspaceID string    `json:"workspaceId"`
	UserID      string    `json:"userId,omitempty"`
	Email       string    `json:"email"`
	Role        Role      `json:"role"`
	InvitedBy   string    `json:"invitedBy,omitempty"`
	Joined      time.Time `json:"joinedAt,omitempty"`
	Version     int64     `json:"version"`
}

// Pending reports whether the member has not signed in since being invited.
func (m Member) Pending() bool { return m.UserID == "" }

// Identity is the signed-in caller, from the verified token.
type Identity struct {
	Subject       string
	Email         string
	EmailVerified bool
}

// Store is what the service needs from storage.
type Store interface {
	CreateWorkspace(ctx context.Context, ws Workspace, owner Member) error
	Workspace(ctx context.Context, id string) (Workspace, error)
	UpdateWorkspace(ctx context.Context, ws Workspace) error
	Member(ctx context.Context, workspaceID, userID string) (Member, error)
	Members(ctx context.Context, workspaceID string) ([]Member, error)
	MembershipsOf(ctx context.Context, userID string) ([]Member, error)
	InvitationsFor(ctx context.Context, email string) ([]Member, error)
	Invite(ctx context.Context, m Member) error
	AcceptInvitation(ctx context.Context, invitation Member, userID string, now time.Time) error
	UpdateMember(ctx context.Context, m Member) error
	RemoveMember(ctx context.Context, m Member) error
}

// Service applies the rules of workspaces and membership.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService builds the service.
func NewService(s Store) *Service { return &Service{store: s, now: time.Now} }

// Access returns the caller's membership of a workspace. A caller who is not a member gets
// ErrNotFound, so nobody learns which workspaces exist; a member whose role is below min
// gets ErrForbidden.
func (s *Service) Access(ctx context.Context, workspaceID string, who Identity, min Role) (Member, error) {
	if !ids.Valid(workspaceID) {
		return Member{}, fmt.Errorf("workspace %q: %w", workspaceID, apperr.ErrNotFound)
	}
	m, err := s.store.Member(ctx, workspaceID, who.Subject)
	if err != nil {
		return Member{}, err
	}
	if !m.Role.AtLeast(min) {
		return Member{}, fmt.Errorf("%s needs %s, %s is %s: %w", workspaceID, min, who.Email, m.Role, apperr.ErrForbidden)
	}
	return m, nil
}

// Create makes a workspace owned by the caller.
func (s *Service) Create(ctx context.Context, who Identity, in Workspace) (Workspace, error) {
	in.ID = ids.New()
	in.Created = s.now().UTC()
	in.Version = 1
	applyDefaults(&in)
	if err := check(in); err != nil {
		return Workspace{}, err
	}
	owner := Member{WorkspaceID: in.ID, UserID: who.Subject, Email: who.Email, Role: Owner, Joined: in.Created, Version: 1}
	if err := s.store.CreateWorkspace(ctx, in, owner); err != nil {
		return Workspace{}, fmt.Errorf("create workspace: %w", err)
	}
	return in, nil
}

// Update changes a workspace's name, time zone, currency and settings, if version is current.
func (s *Service) Update(ctx context.Context, id string, version int64, in Workspace) (Workspace, error) {
	cur, err := s.store.Workspace(ctx, id)
	if err != nil {
		return Workspace{}, err
	}
	if cur.Version != version {
		return Workspace{}, fmt.Errorf("workspace %s is at version %d, not %d: %w", id, cur.Version, version, apperr.ErrStale)
	}
	cur.Name, cur.TimeZone, cur.Currency, cur.Settings = in.Name, in.TimeZone, in.Currency, in.Settings
	applyDefaults(&cur)
	if err := check(cur); err != nil {
		return Workspace{}, err
	}
	cur.Version++
	if err := s.store.UpdateWorkspace(ctx, cur); err != nil {
		return Workspace{}, err
	}
	return cur, nil
}

// Mine lists the caller's workspaces, first turning invitations to their verified e-mail
// address into memberships: signing in is how an invited marketer accepts.
func (s *Service) Mine(ctx context.Context, who Identity) ([]Workspace, []Member, error) {
	if who.EmailVerified && who.Email != "" {
		invites, err := s.store.InvitationsFor(ctx, strings.ToLower(who.Email))
		if err != nil {
			return nil, nil, err
		}
		for _, inv := range invites {
			if err := s.store.AcceptInvitation(ctx, inv, who.Subject, s.now().UTC()); err != nil {
				return nil, nil, fmt.Errorf("accept invitation to %s: %w", inv.WorkspaceID, err)
			}
		}
	}
	members, err := s.store.MembershipsOf(ctx, who.Subject)
	if err != nil {
		return nil, nil, err
	}
	spaces := make([]Workspace, 0, len(members))
	for _, m := range members {
		ws, err := s.store.Workspace(ctx, m.WorkspaceID)
		if err != nil {
			return nil, nil, err
		}
		spaces = append(spaces, ws)
	}
	return spaces, members, nil
}

// Invite adds a pending member by e-mail. Only owners may invite owners.
func (s *Service) Invite(ctx context.Context, by Member, email string, role Role) (Member, error) {
	var v validate.Errors
	email = strings.ToLower(strings.TrimSpace(email))
	v.Email("email", email)
	v.OneOf("role", string(role), string(Owner), string(Admin), string(Editor), string(Viewer))
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	if role == Owner && by.Role != Owner {
		return Member{}, fmt.Errorf("only an owner may invite an owner: %w", apperr.ErrForbidden)
	}
	m := Member{WorkspaceID: by.WorkspaceID, Email: email, Role: role, InvitedBy: by.UserID, Version: 1}
	if err := s.store.Invite(ctx, m); err != nil {
		return Member{}, err
	}
	return m, nil
}

// ChangeRole sets a member's role. Only owners grant or take away ownership, and the last
// owner cannot step down, so a workspace is never left without one.
func (s *Service) ChangeRole(ctx context.Context, by Member, userID string, role Role, version int64) (Member, error) {
	var v validate.Errors
	v.OneOf("role", string(role), string(Owner), string(Admin), string(Editor), string(Viewer))
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	m, err := s.store.Member(ctx, by.WorkspaceID, userID)
	if err != nil {
		return Member{}, err
	}
	if m.Version != version {
		return Member{}, fmt.Errorf("member %s is at version %d, not %d: %w", userID, m.Version, version, apperr.ErrStale)
	}
	if (m.Role == Owner || role == Owner) && by.Role != Owner {
		return Member{}, fmt.Errorf("only an owner may change ownership: %w", apperr.ErrForbidden)
	}
	if m.Role == Owner && role != Owner {
		if err := s.keepAnOwner(ctx, by.WorkspaceID, userID); err != nil {
			return Member{}, err
		}
	}
	m.Role = role
	m.Version++
	if err := s.store.UpdateMember(ctx, m); err != nil {
		return Member{}, err
	}
	return m, nil
}

// Remove takes a member out of the workspace.
func (s *Service) Remove(ctx context.Context, by Member, userID string) error {
	m, err := s.store.Member(ctx, by.WorkspaceID, userID)
	if err != nil {
		return err
	}
	if m.Role == Owner {
		if by.Role != Owner {
			return fmt.Errorf("only an owner may remove an owner: %w", apperr.ErrForbidden)
		}
		if err := s.keepAnOwner(ctx, by.WorkspaceID, userID); err != nil {
			return err
		}
	}
	return s.store.RemoveMember(ctx, m)
}

func (s *Service) keepAnOwner(ctx context.Context, workspaceID, leaving string) error {
	members, err := s.store.Members(ctx, workspaceID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Role == Owner && !m.Pending() && m.UserID != leaving {
			return nil
		}
	}
	var v validate.Errors
	v.Add("role", "last-owner", "the workspace needs another owner first")
	return v.Err()
}

// Members lists the workspace's members and pending invitations.
func (s *Service) Members(ctx context.Context, workspaceID string) ([]Member, error) {
	return s.store.Members(ctx, workspaceID)
}

// Get returns a workspace.
func (s *Service) Get(ctx context.Context, id string) (Workspace, error) {
	return s.store.Workspace(ctx, id)
}

func applyDefaults(ws *Workspace) {
	if ws.TimeZone == "" {
		ws.TimeZone = "UTC"
	}
	if ws.Currency == "" {
		ws.Currency = "USD"
	}
	ws.Currency = strings.ToUpper(ws.Currency)
	if ws.Settings.Precedence == "" {
		ws.Settings.Precedence = "coupon"
	}
	if ws.Settings.ClickParam == "" {
		ws.Settings.ClickParam = "htclid"
	}
}

func check(ws Workspace) error {
	var v validate.Errors
	v.Text("name", ws.Name, 80)
	if _, err := time.LoadLocation(ws.TimeZone); err != nil {
		v.Add("timeZone", "invalid", "must be an IANA time zone such as Europe/Berlin")
	}
	if len(ws.Currency) != 3 || strings.Trim(ws.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		v.Add("currency", "invalid", "must be a three-letter ISO 4217 code such as USD")
	}
	v.OneOf("settings.attributionPrecedence", ws.Settings.Precedence, "coupon", "click")
	if p := ws.Settings.ClickParam; len(p) > 32 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		v.Add("settings.clickParam", "invalid", "must be up to 32 lower-case letters, digits or underscores")
	}
	for i, d := range ws.Settings.AllowedDomains {
		if d == "" || strings.ContainsAny(d, "/:@ ") || len(d) > 253 {
			v.Add(fmt.Sprintf("settings.allowedDomains[%d]", i), "invalid", "must be a host name such as shop.example.com")
		}
	}
	return v.Err()
}
