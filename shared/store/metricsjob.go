package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/metricsjob"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

var _ metricsjob.Store = (*Table)(nil)

// A run's record lives in its own partition, METRICS#RUN#<run time>: the run (sk RUN) and
// one claim per unit (UNIT#<shard>#<part>). These are the system's own items, not a
// workspace's; they expire after RunRetention.

// RunRetention is how long run records are kept.
const RunRetention = 90 * 24 * time.Hour

func runPK(at time.Time) string { return "METRICS#RUN#" + untilKey(at) }

func unitKey(u metricsjob.Unit) Key {
	return Key{PK: runPK(u.RunAt), SK: fmt.Sprintf("UNIT#%02d#%03d", u.Shard, u.Part)}
}

type runItem struct {
	PK        string `json:"pk"`
	SK        string `json:"sk"`
	ExpiresAt int64  `json:"expiresAt"`
	metricsjob.Run
}

type unitItem struct {
	PK         string              `json:"pk"`
	SK         string              `json:"sk"`
	ExpiresAt  int64               `json:"expiresAt"`
	Status     string              `json:"status"`
	Owner      string              `json:"owner"`
	LeaseUntil int64               `json:"leaseUntil"`
	Unit       metricsjob.Unit     `json:"unit"`
	Summary    *metricsjob.Summary `json:"summary,omitempty"`
}

// Unit claim states.
const (
	unitRunning  = "running"
	unitReleased = "released"
	unitDone     = "done"
)

type quotaItem struct {
	PK        string `json:"pk"`
	SK        string `json:"sk"`
	ExpiresAt int64  `json:"expiresAt"`
	tracking.Quota
}

func quotaKey(ws string, p social.Platform, day string) Key {
	return Key{PK: socialPK(ws), SK: "QUOTA#" + string(p) + "#" + day}
}

// Targets reads live index entries of a shard, oldest window first.
func (t *Table) Targets(ctx context.Context, shard int, from time.Time, after string, limit int) ([]tracking.Target, string, error) {
	lo := untilKey(from)
	if after > lo {
		lo = after
	}
	items, more, err := t.queryIndex(ctx, shard, "#sk > :v", lo, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]tracking.Target, len(items))
	for i, it := range items {
		out[i] = it.Target
	}
	next := ""
	if more && len(items) > 0 {
		next = items[len(items)-1].GSI2SK
	}
	return out, next, nil
}

// ExpiredTargets reads entries whose window ended before before.
func (t *Table) ExpiredTargets(ctx context.Context, shard int, before time.Time, limit int) ([]tracking.Target, error) {
	items, _, err := t.queryIndex(ctx, shard, "#sk < :v", untilKey(before), limit)
	if err != nil {
		return nil, err
	}
	out := make([]tracking.Target, len(items))
	for i, it := range items {
		out[i] = it.Target
	}
	return out, nil
}

func (t *Table) queryIndex(ctx context.Context, shard int, cond, value string, limit int) ([]targetItem, bool, error) {
	var ix system.Index
	for _, i := range system.Table.Indexes {
		if i.Name == pullIndex {
			ix = i
		}
	}
	res, err := t.DB.Query(ctx, &dynamodb.QueryInput{
		TableName:                aws.String(t.Name),
		IndexName:                aws.String(pullIndex),
		KeyConditionExpression:   aws.String("#pk = :pk AND " + cond),
		ExpressionAttributeNames: map[string]string{"#pk": string(ix.PartitionKey), "#sk": string(ix.SortKey)},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: shardPK(shard)},
			":v":  &types.AttributeValueMemberS{Value: value},
		},
		Limit: aws.Int32(int32(max(1, limit))),
	})
	if err != nil {
		return nil, false, fmt.Errorf("query pull index shard %d: %w", shard, classify(err))
	}
	var items []targetItem
	if err := unmarshalListOfMaps(res.Items, &items); err != nil {
		return nil, false, fmt.Errorf("decode pull index shard %d: %w", shard, err)
	}
	return items, len(res.LastEvaluatedKey) > 0, nil
}

// RetireTarget deletes an index entry.
func (t *Table) RetireTarget(ctx context.Context, tg tracking.Target) error {
	if err := t.Delete(ctx, targetKey(tg), Condition{}); err != nil {
		return fmt.Errorf("retire %s: %w", tg, err)
	}
	return nil
}

// MoveTarget rewrites an entry's window; an entry deleted meanwhile stays deleted.
func (t *Table) MoveTarget(ctx context.Context, tg tracking.Target, until time.Time) error {
	tg.Until = until
	err := t.Put(ctx, newTargetItem(tg), IfExists())
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("move %s: %w", tg, err)
	}
	return nil
}

// LoadPosts reads the posts targets point at. The read is strongly consistent: a post
// tracked a moment ago may already be in the index, and must not look missing (a missing
// post retires its entry).
func (t *Table) LoadPosts(ctx context.Context, targets []tracking.Target) (map[string]tracking.Post, error) {
	keys := make([]Key, len(targets))
	for i, tg := range targets {
		keys[i] = postKey(tg.WorkspaceID, tg.CampaignID, tg.CreatorID, tg.ItemID)
	}
	out := make(map[string]tracking.Post, len(targets))
	err := t.batchGet(ctx, keys, true, func(m map[string]types.AttributeValue) error {
		var it postItem
		if err := unmarshalMap(m, &it); err != nil {
			return err
		}
		out[it.Post.Key()] = it.Post
		return nil
	})
	return out, err
}

// LoadHashtags reads the hashtags targets point at, strongly consistent as LoadPosts.
func (t *Table) LoadHashtags(ctx context.Context, targets []tracking.Target) (map[string]tracking.Hashtag, error) {
	keys := make([]Key, len(targets))
	for i, tg := range targets {
		keys[i] = hashtagKey(tg.WorkspaceID, tg.CampaignID, tg.ItemID)
	}
	out := make(map[string]tracking.Hashtag, len(targets))
	err := t.batchGet(ctx, keys, true, func(m map[string]types.AttributeValue) error {
		var it hashtagItem
		if err := unmarshalMap(m, &it); err != nil {
			return err
		}
		out[it.Hashtag.Key()] = it.Hashtag
		return nil
	})
	return out, err
}

// LoadAccounts reads every platform account of creators.
func (t *Table) LoadAccounts(ctx context.Context, refs []tracking.CreatorRef) ([]tracking.Account, error) {
	var keys []Key
	for _, r := range refs {
		for _, p := range tracking.Platforms {
			keys = append(keys, accountKey(r.WorkspaceID, r.CreatorID, social.Platform(p)))
		}
	}
	var out []tracking.Account
	err := t.batchGet(ctx, keys, false, func(m map[string]types.AttributeValue) error {
		var it accountItem
		if err := unmarshalMap(m, &it); err != nil {
			return err
		}
		out = append(out, it.Account)
		return nil
	})
	return out, err
}

// LoadCredentials reads the credentials of workspaces.
func (t *Table) LoadCredentials(ctx context.Context, workspaceIDs []string) ([]tracking.Credential, error) {
	var keys []Key
	for _, ws := range workspaceIDs {
		for _, p := range tracking.WorkspacePlatforms {
			keys = append(keys, credentialKey(ws, social.Platform(p)))
		}
	}
	var out []tracking.Credential
	err := t.batchGet(ctx, keys, false, func(m map[string]types.AttributeValue) error {
		var it credentialItem
		if err := unmarshalMap(m, &it); err != nil {
			return err
		}
		out = append(out, it.Credential)
		return nil
	})
	return out, err
}

// Quota reads a workspace's spend of a platform's quota on day.
func (t *Table) Quota(ctx context.Context, ws string, p social.Platform, day string) (tracking.Quota, error) {
	var it quotaItem
	err := t.Get(ctx, quotaKey(ws, p, day), &it, true)
	if errors.Is(err, ErrNotFound) {
		return tracking.Quota{}, nil
	}
	if err != nil {
		return tracking.Quota{}, fmt.Errorf("read %s quota of %s: %w", p, ws, err)
	}
	return it.Quota, nil
}

// AddQuota adds units spent on day, atomically, so concurrent units add up.
func (t *Table) AddQuota(ctx context.Context, ws string, p social.Platform, day string, used int, exhaustedUntil *time.Time) error {
	k := quotaKey(ws, p, day)
	expires := time.Now().Add(72 * time.Hour).Unix()
	if d, err := time.Parse(time.DateOnly, day); err == nil {
		expires = d.Add(72 * time.Hour).Unix()
	}
	expr := "ADD #used :used SET #exp = :exp"
	names := map[string]string{"#used": "used", "#exp": system.Table.TTLAttribute}
	values := map[string]types.AttributeValue{
		":used": &types.AttributeValueMemberN{Value: fmt.Sprint(used)},
		":exp":  &types.AttributeValueMemberN{Value: fmt.Sprint(expires)},
	}
	if exhaustedUntil != nil {
		expr += ", #until = :until"
		names["#until"] = "exhaustedUntil"
		av, err := marshal(exhaustedUntil.UTC())
		if err != nil {
			return err
		}
		values[":until"] = av
	}
	_, err := t.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(t.Name), Key: k.attributes(), UpdateExpression: aws.String(expr),
		ExpressionAttributeNames: names, ExpressionAttributeValues: values,
	})
	if err != nil {
		return fmt.Errorf("add %s quota of %s: %w", p, ws, classify(err))
	}
	return nil
}

// ifOlder holds while the item exists and its latest values (attribute attr, a map with
// an "at" time) are older than at, or absent.
func ifOlder(attr string, at time.Time) Condition {
	return Condition{
		Expr:  "attribute_exists(#pk) AND (attribute_not_exists(#l.#at) OR #l.#at < :at)",
		Names: map[string]string{"#pk": string(system.Table.PartitionKey), "#l": attr, "#at": "at"},
		// Run times are whole seconds in UTC, so their RFC 3339 strings compare as times.
		Values: map[string]any{":at": at.UTC().Truncate(time.Second)},
	}
}

// putIfAbsent writes a snapshot item; false when the run's snapshot exists already.
func (t *Table) putIfAbsent(ctx context.Context, item any) (bool, error) {
	err := t.Put(ctx, item, IfAbsent())
	if errors.Is(err, ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

// PutPostSnapshot adds a post's snapshot for its run unless it exists.
func (t *Table) PutPostSnapshot(ctx context.Context, p tracking.Post, s tracking.Snapshot) (bool, error) {
	return t.putIfAbsent(ctx, snapshotItem{PK: postSeriesPK(p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID), SK: snapshotSK(s.At), Snapshot: s})
}

// SavePost writes a pull's latest values, disclosure, recent views and pull state, unless
// the post holds values as recent already, and the pull as the post's level of the day for
// the campaign results (results.go).
func (t *Table) SavePost(ctx context.Context, p tracking.Post, u tracking.PostUpdate) error {
	// The day's level first: the job saves a post only while it does not hold the run's
	// values yet, so a level lost after the post was saved would never be written again.
	// The level has its own guard: a late retry of an older run may still be the newest
	// reading of its own day.
	if err := t.putContentLevel(ctx, p, u); err != nil {
		return err
	}
	k := postKey(p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID)
	err := t.setAttributes(ctx, k, map[string]any{"latest": u.Latest, "disclosure": u.Disclosure, "recent": u.Recent, "pull": u.Pull},
		ifOlder("latest", u.Latest.At))
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("save post %s: %w", p.ID, err)
	}
	return nil
}

// SetPostPull records an attempt that did not pull the post.
func (t *Table) SetPostPull(ctx context.Context, p tracking.Post, s tracking.PullState) error {
	err := t.setAttributes(ctx, postKey(p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID), map[string]any{"pull": s}, IfExists())
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("record attempt on %s: %w", p.ID, err)
	}
	return nil
}

// PutHashtagSnapshot adds a hashtag's snapshot for its run unless it exists.
func (t *Table) PutHashtagSnapshot(ctx context.Context, h tracking.Hashtag, s tracking.HashtagSnapshot) (bool, error) {
	return t.putIfAbsent(ctx, hashtagSnapshotItem{PK: hashtagSeriesPK(h.WorkspaceID, h.CampaignID, h.ID), SK: snapshotSK(s.At), HashtagSnapshot: s})
}

// SaveHashtag writes a hashtag's latest values unless it holds as recent ones.
func (t *Table) SaveHashtag(ctx context.Context, h tracking.Hashtag, u tracking.HashtagUpdate) error {
	err := t.setAttributes(ctx, hashtagKey(h.WorkspaceID, h.CampaignID, h.ID), map[string]any{"latest": u.Snapshot, "pull": u.Pull},
		ifOlder("latest", u.Snapshot.At))
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("save hashtag %s: %w", h.ID, err)
	}
	return nil
}

// SetHashtagPull records an attempt that did not pull the hashtag.
func (t *Table) SetHashtagPull(ctx context.Context, h tracking.Hashtag, s tracking.PullState) error {
	err := t.setAttributes(ctx, hashtagKey(h.WorkspaceID, h.CampaignID, h.ID), map[string]any{"pull": s}, IfExists())
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("record attempt on %s: %w", h.ID, err)
	}
	return nil
}

// PutProfileSnapshot adds a profile snapshot for its run unless it exists.
func (t *Table) PutProfileSnapshot(ctx context.Context, a tracking.Account, s tracking.ProfileSnapshot) (bool, error) {
	return t.putIfAbsent(ctx, profileSnapshotItem{PK: profileSeriesPK(a.WorkspaceID, a.CreatorID, a.Platform), SK: snapshotSK(s.At), ProfileSnapshot: s})
}

// SaveProfile writes a profile's latest figures on its account, unless the account was
// connected to another account meanwhile or holds as recent figures.
func (t *Table) SaveProfile(ctx context.Context, a tracking.Account, s tracking.ProfileSnapshot) error {
	cond := ifOlder("latest", s.At)
	cond.Expr += " AND #acct = :acct"
	cond.Names["#acct"] = "accountId"
	cond.Values[":acct"] = a.AccountID
	err := t.setAttributes(ctx, accountKey(a.WorkspaceID, a.CreatorID, a.Platform), map[string]any{"latest": s}, cond)
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("save %s profile of %s: %w", a.Platform, a.CreatorID, err)
	}
	return nil
}

// SetAccountStatus records a platform's verdict on a creator's token, unless the account
// was connected again since it was read.
func (t *Table) SetAccountStatus(ctx context.Context, a tracking.Account, status, reason string, at time.Time) error {
	cond := Condition{Expr: "#conn = :conn", Names: map[string]string{"#conn": "connectedAt"}, Values: map[string]any{":conn": a.ConnectedAt}}
	err := t.setAttributes(ctx, accountKey(a.WorkspaceID, a.CreatorID, a.Platform),
		map[string]any{"status": status, "statusReason": reason, "statusAt": at.UTC()}, cond)
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("set status of %s account of %s: %w", a.Platform, a.CreatorID, err)
	}
	return nil
}

// SetCredentialStatus records a platform's verdict on a workspace credential, unless it
// was set again since it was read.
func (t *Table) SetCredentialStatus(ctx context.Context, c tracking.Credential, status, reason string, at time.Time) error {
	cond := Condition{Expr: "#set = :set", Names: map[string]string{"#set": "setAt"}, Values: map[string]any{":set": c.SetAt}}
	err := t.setAttributes(ctx, credentialKey(c.WorkspaceID, c.Platform),
		map[string]any{"status": status, "statusReason": reason, "statusAt": at.UTC()}, cond)
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("set status of %s credential of %s: %w", c.Platform, c.WorkspaceID, err)
	}
	return nil
}

// StartRun records a run, or returns the one recorded for the same time.
func (t *Table) StartRun(ctx context.Context, r metricsjob.Run) (metricsjob.Run, bool, error) {
	k := Key{PK: runPK(r.At), SK: "RUN"}
	err := t.Put(ctx, runItem{PK: k.PK, SK: k.SK, ExpiresAt: r.At.Add(RunRetention).Unix(), Run: r}, IfAbsent())
	if err == nil {
		return r, false, nil
	}
	if !errors.Is(err, ErrConflict) {
		return metricsjob.Run{}, false, fmt.Errorf("record run: %w", err)
	}
	var it runItem
	if err := t.Get(ctx, k, &it, true); err != nil {
		return metricsjob.Run{}, false, fmt.Errorf("read run: %w", err)
	}
	return it.Run, true, nil
}

// MarkRunDispatched records that every unit of the run was handed out.
func (t *Table) MarkRunDispatched(ctx context.Context, r metricsjob.Run) error {
	return t.setAttributes(ctx, Key{PK: runPK(r.At), SK: "RUN"}, map[string]any{"dispatched": true}, Condition{})
}

// ClaimUnit takes a unit that is new, released, or whose holder's lease ran out.
func (t *Table) ClaimUnit(ctx context.Context, u metricsjob.Unit, owner string, now, leaseUntil time.Time) (bool, error) {
	k := unitKey(u)
	cond := Condition{
		Expr:   "attribute_not_exists(#pk) OR (#st <> :done AND (#st = :released OR #lease < :now))",
		Names:  map[string]string{"#pk": string(system.Table.PartitionKey), "#st": "status", "#lease": "leaseUntil"},
		Values: map[string]any{":done": unitDone, ":released": unitReleased, ":now": now.Unix()},
	}
	err := t.Put(ctx, unitItem{PK: k.PK, SK: k.SK, ExpiresAt: u.RunAt.Add(RunRetention).Unix(), Status: unitRunning,
		Owner: owner, LeaseUntil: leaseUntil.Unix(), Unit: u}, cond)
	if errors.Is(err, ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", k, err)
	}
	return true, nil
}

func ownedBy(owner string) Condition {
	return Condition{Expr: "#owner = :owner", Names: map[string]string{"#owner": "owner"}, Values: map[string]any{":owner": owner}}
}

// ReleaseUnit gives a claimed unit back.
func (t *Table) ReleaseUnit(ctx context.Context, u metricsjob.Unit, owner string) error {
	err := t.setAttributes(ctx, unitKey(u), map[string]any{"status": unitReleased}, ownedBy(owner))
	if err != nil && !errors.Is(err, ErrConflict) {
		return fmt.Errorf("release %s: %w", unitKey(u), err)
	}
	return nil
}

// FinishUnit marks a unit done and adds its counts to the run in one transaction: a
// unit's counts reach the run exactly once. The run keeps them as flat counters
// (totalPulled, ...), since ADD needs no parent map for a top-level number, with
// finishedAt and durationMs (from the scheduled time to the last unit's end).
func (t *Table) FinishUnit(ctx context.Context, u metricsjob.Unit, owner string, s metricsjob.Summary) error {
	unit, err := setInput(unitKey(u), map[string]any{"status": unitDone, "summary": s}, ownedBy(owner))
	if err != nil {
		return err
	}
	counts := map[string]int{"Units": 1, "Targets": s.Targets, "Pulled": s.Pulled, "Failed": s.Failed, "Skipped": s.Skipped,
		"Deferred": s.Deferred, "Duplicates": s.Duplicates, "Inactive": s.Inactive, "Retired": s.Retired,
		"RosterUpdates": s.RosterUpdates, "StoreErrors": s.StoreErrors, "Calls": s.Calls, "Retries": s.Retries}
	now := time.Now().UTC()
	fin, err := marshal(now)
	if err != nil {
		return err
	}
	// The run's duration so far, from its scheduled time: units finish in time order, so
	// the last to write is the longest.
	names := map[string]string{"#fin": "finishedAt", "#dur": "durationMs"}
	values := map[string]types.AttributeValue{":fin": fin,
		":dur": &types.AttributeValueMemberN{Value: fmt.Sprint(now.Sub(u.RunAt).Milliseconds())}}
	add := ""
	for i, name := range sortedKeys(counts) {
		n, v := fmt.Sprintf("#c%d", i), fmt.Sprintf(":c%d", i)
		names[n], values[v] = "total"+name, &types.AttributeValueMemberN{Value: fmt.Sprint(counts[name])}
		if add != "" {
			add += ", "
		}
		add += n + " " + v
	}
	tx := t.Tx()
	tx.items = append(tx.items,
		types.TransactWriteItem{Update: &types.Update{TableName: aws.String(t.Name), Key: unit.Key,
			UpdateExpression: unit.UpdateExpression, ConditionExpression: unit.ConditionExpression,
			ExpressionAttributeNames: unit.ExpressionAttributeNames, ExpressionAttributeValues: unit.ExpressionAttributeValues}},
		types.TransactWriteItem{Update: &types.Update{TableName: aws.String(t.Name), Key: Key{PK: runPK(u.RunAt), SK: "RUN"}.attributes(),
			UpdateExpression: aws.String("SET #fin = :fin, #dur = :dur ADD " + add), ExpressionAttributeNames: names, ExpressionAttributeValues: values}})
	if err := tx.Commit(ctx, ""); err != nil {
		return fmt.Errorf("finish %s: %w", unitKey(u), err)
	}
	return nil
}

// batchGet reads keys (duplicates allowed) 100 at a time, retrying what DynamoDB leaves
// unprocessed under load with backoff.
func (t *Table) batchGet(ctx context.Context, keys []Key, consistent bool, each func(map[string]types.AttributeValue) error) error {
	seen := make(map[Key]bool, len(keys))
	var unique []map[string]types.AttributeValue
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			unique = append(unique, k.attributes())
		}
	}
	const maxBatch = 100
	for start := 0; start < len(unique); start += maxBatch {
		req := map[string]types.KeysAndAttributes{t.Name: {Keys: unique[start:min(start+maxBatch, len(unique))],
			ConsistentRead: aws.Bool(consistent)}}
		for attempt := 0; len(req) > 0; attempt++ {
			if attempt > 0 {
				if attempt > 8 {
					return fmt.Errorf("batch get: keys left unprocessed after %d attempts: %w", attempt, ErrThrottled)
				}
				if err := sleep(ctx, time.Duration(25<<min(attempt, 6))*time.Millisecond); err != nil {
					return err
				}
			}
			out, err := t.DB.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
			if err != nil {
				return fmt.Errorf("batch get: %w", classify(err))
			}
			for _, m := range out.Responses[t.Name] {
				if err := each(m); err != nil {
					return fmt.Errorf("decode batch item: %w", err)
				}
			}
			req = out.UnprocessedKeys
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
