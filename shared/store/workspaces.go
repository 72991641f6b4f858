package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

var _ workspaces.Store = (*Table)(nil)

// Workspace items live in the workspace's own partition, WS#<id>: the workspace (sk WS),
// its members (MEMBER#<user>) and invitations (INVITE#<email>). gsi1 finds a user's
// memberships (USER#<user>) and an e-mail's invitations (INVITE#<email>).

type workspaceItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	workspaces.Workspace
}

type memberItem struct {
	PK     string `json:"pk"`
	SK     string `json:"sk"`
	GSI1PK string `json:"gsi1pk"`
	GSI1SK string `json:"gsi1sk"`
	workspaces.Member
}

func workspacePK(id string) string { return "WS#" + id }

func workspaceKey(id string) Key { return Key{PK: workspacePK(id), SK: "WS"} }

func newMemberItem(m workspaces.Member) memberItem {
	if m.Pending() {
		return memberItem{PK: workspacePK(m.WorkspaceID), SK: "INVITE#" + m.Email,
			GSI1PK: "INVITE#" + m.Email, GSI1SK: "WS#" + m.WorkspaceID, Member: m}
	}
	return memberItem{PK: workspacePK(m.WorkspaceID), SK: "MEMBER#" + m.UserID,
		GSI1PK: "USER#" + m.UserID, GSI1SK: "WS#" + m.WorkspaceID, Member: m}
}

func (it memberItem) key() Key { return Key{PK: it.PK, SK: it.SK} }

// CreateWorkspace writes a workspace and its first owner together.
func (t *Table) CreateWorkspace(ctx context.Context, ws workspaces.Workspace, owner workspaces.Member) error {
	k := workspaceKey(ws.ID)
	err := t.Tx().
		Put(workspaceItem{PK: k.PK, SK: k.SK, Workspace: ws}, IfAbsent()).
		Put(newMemberItem(owner), IfAbsent()).
		Commit(ctx, "")
	if err != nil {
		return fmt.Errorf("create workspace %s: %w", ws.ID, domainErr(err))
	}
	return nil
}

// Workspace reads a workspace.
func (t *Table) Workspace(ctx context.Context, id string) (workspaces.Workspace, error) {
	var it workspaceItem
	if err := t.Get(ctx, workspaceKey(id), &it, false); err != nil {
		return workspaces.Workspace{}, fmt.Errorf("load workspace %s: %w", id, domainErr(err))
	}
	return it.Workspace, nil
}

// UpdateWorkspace replaces a workspace whose stored version is one below ws.Version.
func (t *Table) UpdateWorkspace(ctx context.Context, ws workspaces.Workspace) error {
	k := workspaceKey(ws.ID)
	if err := t.Put(ctx, workspaceItem{PK: k.PK, SK: k.SK, Workspace: ws}, IfVersion("version", ws.Version-1)); err != nil {
		return fmt.Errorf("update workspace %s: %w", ws.ID, staleErr(err))
	}
	return nil
}

// Member reads a signed-in member.
func (t *Table) Member(ctx context.Context, workspaceID, userID string) (workspaces.Member, error) {
	var it memberItem
	key := Key{PK: workspacePK(workspaceID), SK: "MEMBER#" + userID}
	if err := t.Get(ctx, key, &it, false); err != nil {
		return workspaces.Member{}, fmt.Errorf("load member %s of %s: %w", userID, workspaceID, domainErr(err))
	}
	return it.Member, nil
}

// Members lists members and then pending invitations.
func (t *Table) Members(ctx context.Context, workspaceID string) ([]workspaces.Member, error) {
	var members, invites []memberItem
	if err := t.queryPrefix(ctx, "", workspacePK(workspaceID), "MEMBER#", &members); err != nil {
		return nil, err
	}
	if err := t.queryPrefix(ctx, "", workspacePK(workspaceID), "INVITE#", &invites); err != nil {
		return nil, err
	}
	out := make([]workspaces.Member, 0, len(members)+len(invites))
	for _, it := range append(members, invites...) {
		out = append(out, it.Member)
	}
	return out, nil
}

// MembershipsOf lists a user's memberships across workspaces.
func (t *Table) MembershipsOf(ctx context.Context, userID string) ([]workspaces.Member, error) {
	var items []memberItem
	if err := t.queryPrefix(ctx, "gsi1", "USER#"+userID, "WS#", &items); err != nil {
		return nil, err
	}
	out := make([]workspaces.Member, len(items))
	for i, it := range items {
		out[i] = it.Member
	}
	return out, nil
}

// InvitationsFor lists pending invitations to an e-mail address.
func (t *Table) InvitationsFor(ctx context.Context, email string) ([]workspaces.Member, error) {
	var items []memberItem
	if err := t.queryPrefix(ctx, "gsi1", "INVITE#"+email, "WS#", &items); err != nil {
		return nil, err
	}
	out := make([]workspaces.Member, len(items))
	for i, it := range items {
		out[i] = it.Member
	}
	return out, nil
}

// Invite stores a pending member; inviting the same address twice is a conflict.
func (t *Table) Invite(ctx context.Context, m workspaces.Member) error {
	if err := t.Put(ctx, newMemberItem(m), IfAbsent()); err != nil {
		return fmt.Errorf("invite %s to %s: %w", m.Email, m.WorkspaceID, domainErr(err))
	}
	return nil
}

// AcceptInvitation turns an invitation into a membership in one transaction. A user who is
// a member already just loses the invitation.
func (t *Table) AcceptInvitation(ctx context.Context, inv workspaces.Member, userID string, now time.Time) error {
	member := inv
	member.UserID, member.Joined, member.Version = userID, now, 1
	err := t.Tx().
		Delete(newMemberItem(inv).key(), IfExists()).
		Put(newMemberItem(member), IfAbsent()).
		Commit(ctx, "")
	if errors.Is(err, ErrConflict) {
		// Either someone accepted it a moment ago or the user is a member already: drop it.
		if derr := t.Delete(ctx, newMemberItem(inv).key(), Condition{}); derr != nil {
			return fmt.Errorf("drop invitation of %s: %w", inv.Email, domainErr(derr))
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("accept invitation of %s: %w", inv.Email, domainErr(err))
	}
	return nil
}

// UpdateMember replaces a member whose stored version is one below m.Version.
func (t *Table) UpdateMember(ctx context.Context, m workspaces.Member) error {
	if err := t.Put(ctx, newMemberItem(m), IfVersion("version", m.Version-1)); err != nil {
		return fmt.Errorf("update member %s: %w", m.UserID, staleErr(err))
	}
	return nil
}

// RemoveMember deletes a member or an invitation.
func (t *Table) RemoveMember(ctx context.Context, m workspaces.Member) error {
	if err := t.Delete(ctx, newMemberItem(m).key(), IfExists()); err != nil {
		return fmt.Errorf("remove member %s: %w", m.Email, domainErr(err))
	}
	return nil
}

// domainErr translates store errors into the product's kinds: a missing item is not
// found, a failed create condition is a conflict, a busy store is unavailable.
func domainErr(err error) error {
	switch {
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("%w: %w", apperr.ErrNotFound, err)
	case errors.Is(err, ErrConflict):
		return fmt.Errorf("%w: %w", apperr.ErrConflict, err)
	case errors.Is(err, ErrThrottled):
		return fmt.Errorf("%w: %w", apperr.ErrUnavailable, err)
	}
	return err
}

// staleErr is domainErr for versioned updates, where a failed condition means the caller
// read an old version (or the item is gone).
func staleErr(err error) error {
	if errors.Is(err, ErrConflict) {
		return fmt.Errorf("%w: %w", apperr.ErrStale, err)
	}
	return domainErr(err)
}
