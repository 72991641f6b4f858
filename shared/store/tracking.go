package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

var _ tracking.Store = (*Table)(nil)

// What the metrics job measures, and how it finds it without scanning the table:
//
//	WS#<ws>#C#<campaign>#TRACK | POST#<creator>#<platform>-<id>   tracked post, latest values
//	WS#<ws>#C#<campaign>#TRACK | TAG#<platform>-<tag>             tracked hashtag
//	WS#<ws>#C#<campaign>#TRACK | PULL#<kind>#<creator>#<item>     pull target (index entry)
//	WS#<ws>#C#<campaign>#POST#<creator>#<platform>-<id> | AT#<run time>   post snapshots
//	WS#<ws>#C#<campaign>#TAG#<platform>-<tag> | AT#<run time>             hashtag snapshots
//	WS#<ws>#SOCIAL | CREATOR#<creator>#<platform>   creator account (sealed token, latest profile)
//	WS#<ws>#SOCIAL | WORKSPACE#<platform>           workspace credential (sealed)
//	WS#<ws>#SOCIAL | QUOTA#<platform>#<day>         quota spent that (Pacific) day, TTL
//	WS#<ws>#CREATOR#<creator>#PROFILE#<platform> | AT#<run time>   profile snapshots
//
// Pull targets alone carry gsi2 keys, so gsi2 is a sparse index of everything to pull:
// gsi2pk PULL#<nn> spreads it over PullShards partitions a run fans out over, and gsi2sk
// starts with the end of the campaign's window, so a run reads only live entries
// (gsi2sk > now) and finds expired ones to retire with the opposite condition. Targets are
// small and written only when tracking starts or a window moves; the post items, rewritten
// every run, stay out of the index, so no index write is paid per pull.

// PullShards is how many index partitions the pull targets are spread over; each is one
// unit of work a run can hand to its own invocation. It is part of the key shape: changing
// it means rewriting every target.
const PullShards = 16

// gsi2 is the pull index.
const pullIndex = "gsi2"

func trackPK(ws, campaign string) string { return workspacePK(ws) + "#C#" + campaign + "#TRACK" }

func postKey(ws, campaign, creator, id string) Key {
	return Key{PK: trackPK(ws, campaign), SK: "POST#" + creator + "#" + id}
}

func hashtagKey(ws, campaign, id string) Key {
	return Key{PK: trackPK(ws, campaign), SK: "TAG#" + id}
}

func postSeriesPK(ws, campaign, creator, id string) string {
	return workspacePK(ws) + "#C#" + campaign + "#POST#" + creator + "#" + id
}

func hashtagSeriesPK(ws, campaign, id string) string {
	return workspacePK(ws) + "#C#" + campaign + "#TAG#" + id
}

func socialPK(ws string) string { return workspacePK(ws) + "#SOCIAL" }

func accountKey(ws, creator string, p social.Platform) Key {
	return Key{PK: socialPK(ws), SK: "CREATOR#" + creator + "#" + string(p)}
}

func credentialKey(ws string, p social.Platform) Key {
	return Key{PK: socialPK(ws), SK: "WORKSPACE#" + string(p)}
}

func profileSeriesPK(ws, creator string, p social.Platform) string {
	return workspacePK(ws) + "#CREATOR#" + creator + "#PROFILE#" + string(p)
}

// snapshotSK keys a snapshot by the run's scheduled time, second precision, so a retried
// run's snapshot has the same key as the first attempt's.
func snapshotSK(at time.Time) string {
	return "AT#" + at.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func targetKey(t tracking.Target) Key {
	sk := "PULL#" + string(t.Kind) + "#" + t.CreatorID
	if t.ItemID != "" {
		sk += "#" + t.ItemID
	}
	return Key{PK: trackPK(t.WorkspaceID, t.CampaignID), SK: sk}
}

// TargetShard is the index partition of a target. A creator's posts and member entries of
// every campaign share one, so one unit of work sees all of a creator's targets and pulls
// each profile once per run.
func TargetShard(t tracking.Target) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(t.WorkspaceID + "/"))
	if t.Kind == tracking.HashtagTarget {
		_, _ = h.Write([]byte(t.CampaignID))
	} else {
		_, _ = h.Write([]byte(t.CreatorID))
	}
	return int(h.Sum32() % PullShards)
}

func shardPK(n int) string { return fmt.Sprintf("PULL#%02d", n) }

// untilKey renders a window's end for the index: fixed width, so strings sort as times.
func untilKey(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

type postItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.Post
}

type hashtagItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.Hashtag
}

type targetItem struct {
	PK     string `json:"pk"`
	SK     string `json:"sk"`
	GSI2PK string `json:"gsi2pk"`
	GSI2SK string `json:"gsi2sk"`
	tracking.Target
}

func newTargetItem(t tracking.Target) targetItem {
	k := targetKey(t)
	return targetItem{PK: k.PK, SK: k.SK, GSI2PK: shardPK(TargetShard(t)),
		GSI2SK: untilKey(t.Until) + "#" + k.PK + "#" + k.SK, Target: t}
}

type snapshotItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.Snapshot
}

type hashtagSnapshotItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.HashtagSnapshot
}

type profileSnapshotItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.ProfileSnapshot
}

type accountItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.Account
}

type credentialItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	tracking.Credential
}

// ifNewOrStopped lets a post or hashtag be written when it does not exist, or exists but
// was stopped (tracking it again).
func ifNewOrStopped() Condition {
	return Condition{
		Expr:  "attribute_not_exists(#pk) OR attribute_exists(#stopped)",
		Names: map[string]string{"#pk": string(system.Table.PartitionKey), "#stopped": "stoppedAt"},
	}
}

// TrackPost writes a post, new or stopped before, with its pull targets in one transaction.
func (t *Table) TrackPost(ctx context.Context, p tracking.Post, targets []tracking.Target) error {
	k := postKey(p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID)
	tx := t.Tx().Put(postItem{PK: k.PK, SK: k.SK, Post: p}, ifNewOrStopped())
	for _, tg := range targets {
		tx.Put(newTargetItem(tg), Condition{})
	}
	if err := tx.Commit(ctx, ""); err != nil {
		if errors.Is(err, ErrConflict) {
			return &apperr.Conflict{Msg: "This post is tracked for the creator already."}
		}
		return fmt.Errorf("track post %s: %w", p.ID, domainErr(err))
	}
	return nil
}

// Post reads one tracked post.
func (t *Table) Post(ctx context.Context, ws, campaign, creator, id string) (tracking.Post, error) {
	var it postItem
	if err := t.Get(ctx, postKey(ws, campaign, creator, id), &it, false); err != nil {
		return tracking.Post{}, fmt.Errorf("load tracked post %s: %w", id, domainErr(err))
	}
	return it.Post, nil
}

// Posts lists a campaign's tracked posts, or one creator's.
func (t *Table) Posts(ctx context.Context, ws, campaign, creator string) ([]tracking.Post, error) {
	prefix := "POST#"
	if creator != "" {
		prefix += creator + "#"
	}
	var items []postItem
	if err := t.queryPrefix(ctx, "", trackPK(ws, campaign), prefix, &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]tracking.Post, len(items))
	for i, it := range items {
		out[i] = it.Post
	}
	return out, nil
}

// StopPost marks a post stopped and drops its pull target. Only stoppedAt is written, so a
// pull finishing at the same moment keeps its figures.
func (t *Table) StopPost(ctx context.Context, p tracking.Post) error {
	k := postKey(p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID)
	target := tracking.Target{Kind: tracking.PostTarget, WorkspaceID: p.WorkspaceID, CampaignID: p.CampaignID,
		CreatorID: p.CreatorID, ItemID: p.ID}
	tx := t.Tx()
	tx.setAttributes(k, map[string]any{"stoppedAt": p.StoppedAt}, IfExists())
	tx.Delete(targetKey(target), Condition{})
	if err := tx.Commit(ctx, ""); err != nil {
		return fmt.Errorf("stop post %s: %w", p.ID, domainErr(err))
	}
	return nil
}

// PostSnapshots reads a page of a post's time series.
func (t *Table) PostSnapshots(ctx context.Context, p tracking.Post, r tracking.Range) (tracking.Page[tracking.Snapshot], error) {
	var items []snapshotItem
	next, err := t.querySeries(ctx, postSeriesPK(p.WorkspaceID, p.CampaignID, p.CreatorID, p.ID), r, &items)
	if err != nil {
		return tracking.Page[tracking.Snapshot]{}, fmt.Errorf("read snapshots of %s: %w", p.ID, err)
	}
	page := tracking.Page[tracking.Snapshot]{Items: make([]tracking.Snapshot, len(items)), Next: next}
	for i, it := range items {
		page.Items[i] = it.Snapshot
	}
	return page, nil
}

// TrackHashtag writes a hashtag, new or stopped before, with its pull target.
func (t *Table) TrackHashtag(ctx context.Context, h tracking.Hashtag, target tracking.Target) error {
	k := hashtagKey(h.WorkspaceID, h.CampaignID, h.ID)
	err := t.Tx().
		Put(hashtagItem{PK: k.PK, SK: k.SK, Hashtag: h}, ifNewOrStopped()).
		Put(newTargetItem(target), Condition{}).
		Commit(ctx, "")
	if errors.Is(err, ErrConflict) {
		return &apperr.Conflict{Msg: "The campaign tracks this hashtag already."}
	}
	if err != nil {
		return fmt.Errorf("track hashtag %s: %w", h.ID, domainErr(err))
	}
	return nil
}

// Hashtag reads one tracked hashtag.
func (t *Table) Hashtag(ctx context.Context, ws, campaign, id string) (tracking.Hashtag, error) {
	var it hashtagItem
	if err := t.Get(ctx, hashtagKey(ws, campaign, id), &it, false); err != nil {
		return tracking.Hashtag{}, fmt.Errorf("load hashtag %s: %w", id, domainErr(err))
	}
	return it.Hashtag, nil
}

// Hashtags lists a campaign's tracked hashtags.
func (t *Table) Hashtags(ctx context.Context, ws, campaign string) ([]tracking.Hashtag, error) {
	var items []hashtagItem
	if err := t.queryPrefix(ctx, "", trackPK(ws, campaign), "TAG#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]tracking.Hashtag, len(items))
	for i, it := range items {
		out[i] = it.Hashtag
	}
	return out, nil
}

// StopHashtag marks a hashtag stopped and drops its pull target.
func (t *Table) StopHashtag(ctx context.Context, h tracking.Hashtag) error {
	k := hashtagKey(h.WorkspaceID, h.CampaignID, h.ID)
	target := tracking.Target{Kind: tracking.HashtagTarget, WorkspaceID: h.WorkspaceID, CampaignID: h.CampaignID, ItemID: h.ID}
	tx := t.Tx()
	tx.setAttributes(k, map[string]any{"stoppedAt": h.StoppedAt}, IfExists())
	tx.Delete(targetKey(target), Condition{})
	if err := tx.Commit(ctx, ""); err != nil {
		return fmt.Errorf("stop hashtag %s: %w", h.ID, domainErr(err))
	}
	return nil
}

// HashtagSnapshots reads a page of a hashtag's time series.
func (t *Table) HashtagSnapshots(ctx context.Context, h tracking.Hashtag, r tracking.Range) (tracking.Page[tracking.HashtagSnapshot], error) {
	var items []hashtagSnapshotItem
	next, err := t.querySeries(ctx, hashtagSeriesPK(h.WorkspaceID, h.CampaignID, h.ID), r, &items)
	if err != nil {
		return tracking.Page[tracking.HashtagSnapshot]{}, fmt.Errorf("read snapshots of %s: %w", h.ID, err)
	}
	page := tracking.Page[tracking.HashtagSnapshot]{Items: make([]tracking.HashtagSnapshot, len(items)), Next: next}
	for i, it := range items {
		page.Items[i] = it.HashtagSnapshot
	}
	return page, nil
}

// PutAccount stores a creator's account.
func (t *Table) PutAccount(ctx context.Context, a tracking.Account) error {
	k := accountKey(a.WorkspaceID, a.CreatorID, a.Platform)
	if err := t.Put(ctx, accountItem{PK: k.PK, SK: k.SK, Account: a}, Condition{}); err != nil {
		return fmt.Errorf("put %s account of %s: %w", a.Platform, a.CreatorID, domainErr(err))
	}
	return nil
}

// Account reads a creator's account on one platform.
func (t *Table) Account(ctx context.Context, ws, creator string, p social.Platform) (tracking.Account, error) {
	var it accountItem
	if err := t.Get(ctx, accountKey(ws, creator, p), &it, false); err != nil {
		return tracking.Account{}, fmt.Errorf("load %s account of %s: %w", p, creator, domainErr(err))
	}
	return it.Account, nil
}

// Accounts lists a creator's accounts.
func (t *Table) Accounts(ctx context.Context, ws, creator string) ([]tracking.Account, error) {
	var items []accountItem
	if err := t.queryPrefix(ctx, "", socialPK(ws), "CREATOR#"+creator+"#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]tracking.Account, len(items))
	for i, it := range items {
		out[i] = it.Account
	}
	return out, nil
}

// DeleteAccount forgets a creator's account.
func (t *Table) DeleteAccount(ctx context.Context, a tracking.Account) error {
	if err := t.Delete(ctx, accountKey(a.WorkspaceID, a.CreatorID, a.Platform), IfExists()); err != nil {
		return fmt.Errorf("delete %s account of %s: %w", a.Platform, a.CreatorID, goneErr(err))
	}
	return nil
}

// ProfileSnapshots reads a page of a creator's profile history on one platform.
func (t *Table) ProfileSnapshots(ctx context.Context, a tracking.Account, r tracking.Range) (tracking.Page[tracking.ProfileSnapshot], error) {
	var items []profileSnapshotItem
	next, err := t.querySeries(ctx, profileSeriesPK(a.WorkspaceID, a.CreatorID, a.Platform), r, &items)
	if err != nil {
		return tracking.Page[tracking.ProfileSnapshot]{}, fmt.Errorf("read %s profile history of %s: %w", a.Platform, a.CreatorID, err)
	}
	page := tracking.Page[tracking.ProfileSnapshot]{Items: make([]tracking.ProfileSnapshot, len(items)), Next: next}
	for i, it := range items {
		page.Items[i] = it.ProfileSnapshot
	}
	return page, nil
}

// PutCredential stores a workspace credential.
func (t *Table) PutCredential(ctx context.Context, c tracking.Credential) error {
	k := credentialKey(c.WorkspaceID, c.Platform)
	if err := t.Put(ctx, credentialItem{PK: k.PK, SK: k.SK, Credential: c}, Condition{}); err != nil {
		return fmt.Errorf("put %s credential of %s: %w", c.Platform, c.WorkspaceID, domainErr(err))
	}
	return nil
}

// Credentials lists a workspace's credentials.
func (t *Table) Credentials(ctx context.Context, ws string) ([]tracking.Credential, error) {
	var items []credentialItem
	if err := t.queryPrefix(ctx, "", socialPK(ws), "WORKSPACE#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]tracking.Credential, len(items))
	for i, it := range items {
		out[i] = it.Credential
	}
	return out, nil
}

// DeleteCredential forgets a workspace credential.
func (t *Table) DeleteCredential(ctx context.Context, c tracking.Credential) error {
	if err := t.Delete(ctx, credentialKey(c.WorkspaceID, c.Platform), IfExists()); err != nil {
		return fmt.Errorf("delete %s credential of %s: %w", c.Platform, c.WorkspaceID, goneErr(err))
	}
	return nil
}

// goneErr is domainErr for deletes guarded by IfExists: a failed condition means there
// was nothing to delete.
func goneErr(err error) error {
	if errors.Is(err, ErrConflict) {
		return fmt.Errorf("%w: %w", apperr.ErrNotFound, err)
	}
	return domainErr(err)
}

// querySeries reads one page of a time series partition (sort keys AT#<time>), oldest
// first, into out; it returns the cursor of the next page, or "".
func (t *Table) querySeries(ctx context.Context, pk string, r tracking.Range, out any) (string, error) {
	lo, hi := "AT#", "AT#~"
	if !r.From.IsZero() {
		lo = snapshotSK(r.From)
	}
	if !r.After.IsZero() && snapshotSK(r.After)+"#" > lo {
		// "AT#<t>#" sorts right after "AT#<t>": the page starts after the cursor.
		lo = snapshotSK(r.After) + "#"
	}
	if !r.To.IsZero() {
		hi = snapshotSK(r.To)
	}
	limit := r.Limit
	if limit <= 0 {
		limit = tracking.DefaultLimit
	}
	if hi < lo {
		return "", unmarshalListOfMaps(nil, out)
	}
	res, err := t.DB.Query(ctx, &dynamodb.QueryInput{
		TableName:              aws.String(t.Name),
		KeyConditionExpression: aws.String("#pk = :pk AND #sk BETWEEN :lo AND :hi"),
		ExpressionAttributeNames: map[string]string{
			"#pk": string(system.Table.PartitionKey), "#sk": string(system.Table.SortKey)},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: pk},
			":lo": &types.AttributeValueMemberS{Value: lo},
			":hi": &types.AttributeValueMemberS{Value: hi},
		},
		Limit: aws.Int32(int32(limit)),
	})
	if err != nil {
		return "", domainErr(classify(err))
	}
	if err := unmarshalListOfMaps(res.Items, out); err != nil {
		return "", fmt.Errorf("decode series %s: %w", pk, err)
	}
	next := ""
	if len(res.LastEvaluatedKey) > 0 && len(res.Items) > 0 {
		var last struct {
			SK string `json:"sk"`
		}
		if err := unmarshalMap(res.Items[len(res.Items)-1], &last); err == nil {
			next = last.SK[len("AT#"):]
		}
	}
	return next, nil
}

// setAttributes adds an update that sets attrs on the item at key under cond. Only the
// named attributes change, so writers of other attributes (the job, the API) never undo
// each other's work.
func (tx *Tx) setAttributes(key Key, attrs map[string]any, cond Condition) *Tx {
	in, err := setInput(key, attrs, cond)
	if err != nil {
		tx.fail(err)
		return tx
	}
	tx.items = append(tx.items, types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(tx.table.Name),
		Key:                       in.Key,
		UpdateExpression:          in.UpdateExpression,
		ConditionExpression:       in.ConditionExpression,
		ExpressionAttributeNames:  in.ExpressionAttributeNames,
		ExpressionAttributeValues: in.ExpressionAttributeValues,
	}})
	return tx
}

// setAttributes sets attrs on the item at key if cond holds; a failed condition returns
// ErrConflict.
func (t *Table) setAttributes(ctx context.Context, key Key, attrs map[string]any, cond Condition) error {
	in, err := setInput(key, attrs, cond)
	if err != nil {
		return err
	}
	in.TableName = aws.String(t.Name)
	if _, err := t.DB.UpdateItem(ctx, in); err != nil {
		return fmt.Errorf("update %s: %w", key, classify(err))
	}
	return nil
}

// setInput renders "SET #a0 = :a0, ..." for attrs, merged with cond's expression names and
// values (which must not be #a or :a followed by a digit).
func setInput(key Key, attrs map[string]any, cond Condition) (*dynamodb.UpdateItemInput, error) {
	expr, names, values, err := cond.expression()
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = map[string]string{}
	}
	if values == nil {
		values = map[string]types.AttributeValue{}
	}
	set := ""
	i := 0
	for _, name := range sortedKeys(attrs) {
		av, err := marshal(attrs[name])
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", name, err)
		}
		n, v := fmt.Sprintf("#a%d", i), fmt.Sprintf(":a%d", i)
		names[n], values[v] = name, av
		if set != "" {
			set += ", "
		}
		set += n + " = " + v
		i++
	}
	return &dynamodb.UpdateItemInput{
		Key:                       key.attributes(),
		UpdateExpression:          aws.String("SET " + set),
		ConditionExpression:       expr,
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	}, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
