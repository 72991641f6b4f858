package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"sort"
	"sync"

	"github.com/hypetrack/hypetrack/shared/creators"
)

var _ creators.Store = (*Table)(nil)

// A creator is stored twice: in full at WS#<ws>#CREATOR | CREATOR#<id>, and as a summary
// inside one of rosterShards items at WS#<ws>#ROSTER | SHARD#<nn>, where summaries are kept
// as gzip-compressed JSON. A search reads the shards (tens of kilobytes for thousands of
// creators) instead of every creator item. Every write updates both in one transaction,
// guarded by the shard's version, so the two never disagree.

// rosterShards spreads a workspace's summaries so that no shard item nears DynamoDB's
// 400 KB limit: about 4,000 compressed summaries fit in one, so 32 shards hold ~130,000.
const rosterShards = 32

type creatorItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	creators.Creator
}

type shardItem struct {
	PK      string `json:"pk"`
	SK      string `json:"sk"`
	Version int64  `json:"version"`
	Count   int    `json:"count"`
	Data    []byte `json:"data"`
}

func creatorKey(ws, id string) Key { return Key{PK: "WS#" + ws + "#CREATOR", SK: "CREATOR#" + id} }

func shardKey(ws string, n int) Key {
	return Key{PK: "WS#" + ws + "#ROSTER", SK: fmt.Sprintf("SHARD#%02d", n)}
}

func shardOf(id string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum32() % rosterShards)
}

// CreateCreators stores new creators with their summaries, one transaction per shard (and
// per 99 creators, DynamoDB's limit being 100 items).
func (t *Table) CreateCreators(ctx context.Context, ws string, list []creators.Creator) error {
	return t.writeCreators(ctx, ws, list, true)
}

// UpdateCreator replaces a creator whose stored version is c.Version-1.
func (t *Table) UpdateCreator(ctx context.Context, c creators.Creator) error {
	return t.writeCreators(ctx, c.WorkspaceID, []creators.Creator{c}, false)
}

func (t *Table) writeCreators(ctx context.Context, ws string, list []creators.Creator, create bool) error {
	byShard := map[int][]creators.Creator{}
	for _, c := range list {
		n := shardOf(c.ID)
		byShard[n] = append(byShard[n], c)
	}
	shards := make([]int, 0, len(byShard))
	for n := range byShard {
		shards = append(shards, n)
	}
	sort.Ints(shards)
	for _, n := range shards {
		for chunk := range slices.Chunk(byShard[n], MaxTxItems-1) {
			if err := t.writeShardChunk(ctx, ws, n, chunk, create); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeShardChunk writes creators of one shard and the shard itself, retrying when another
// writer moved the shard on in between (creators' own conditions failing is final).
func (t *Table) writeShardChunk(ctx context.Context, ws string, n int, chunk []creators.Creator, create bool) error {
	for attempt := 0; ; attempt++ {
		shard, summaries, err := t.readShard(ctx, ws, n)
		if err != nil {
			return err
		}
		for _, c := range chunk {
			summaries[c.ID] = creators.SummaryOf(c)
		}
		data, err := encodeSummaries(summaries)
		if err != nil {
			return err
		}
		tx := t.Tx()
		for _, c := range chunk {
			k := creatorKey(ws, c.ID)
			cond := IfAbsent()
			if !create {
				cond = IfVersion("version", c.Version-1)
			}
			tx.Put(creatorItem{PK: k.PK, SK: k.SK, Creator: c}, cond)
		}
		shardCond := IfVersion("version", shard.Version)
		if shard.Version == 0 {
			shardCond = IfAbsent()
		}
		k := shardKey(ws, n)
		tx.Put(shardItem{PK: k.PK, SK: k.SK, Version: shard.Version + 1, Count: len(summaries), Data: data}, shardCond)
		err = tx.Commit(ctx, "")
		if err == nil {
			return nil
		}
		failed := FailedConditions(err)
		shardLost := len(failed) == 1 && failed[0] == len(chunk)
		if !shardLost || attempt >= 8 {
			return fmt.Errorf("write %d creators of %s: %w", len(chunk), ws, staleErr(err))
		}
	}
}

func (t *Table) readShard(ctx context.Context, ws string, n int) (shardItem, map[string]creators.Summary, error) {
	var it shardItem
	err := t.Get(ctx, shardKey(ws, n), &it, true)
	if errors.Is(err, ErrNotFound) {
		return shardItem{}, map[string]creators.Summary{}, nil
	}
	if err != nil {
		return shardItem{}, nil, fmt.Errorf("read roster shard %d of %s: %w", n, ws, domainErr(err))
	}
	list, err := decodeSummaries(it.Data)
	if err != nil {
		return shardItem{}, nil, fmt.Errorf("decode roster shard %d of %s: %w", n, ws, err)
	}
	m := make(map[string]creators.Summary, len(list))
	for _, s := range list {
		m[s.ID] = s
	}
	return it, m, nil
}

// Creator reads one creator.
func (t *Table) Creator(ctx context.Context, ws, id string) (creators.Creator, error) {
	var it creatorItem
	if err := t.Get(ctx, creatorKey(ws, id), &it, false); err != nil {
		return creators.Creator{}, fmt.Errorf("load creator %s: %w", id, domainErr(err))
	}
	return it.Creator, nil
}

// AllCreators reads every creator of a workspace.
func (t *Table) AllCreators(ctx context.Context, ws string) ([]creators.Creator, error) {
	var items []creatorItem
	if err := t.queryPrefix(ctx, "", "WS#"+ws+"#CREATOR", "CREATOR#", &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]creators.Creator, len(items))
	for i, it := range items {
		out[i] = it.Creator
	}
	return out, nil
}

// Roster reads every summary of a workspace: one query over its shards. Decoded shards are
// kept in the warm container by version, so an unchanged shard is not decompressed again.
func (t *Table) Roster(ctx context.Context, ws string) ([]creators.Summary, error) {
	var items []shardItem
	if err := t.queryPrefix(ctx, "", "WS#"+ws+"#ROSTER", "SHARD#", &items); err != nil {
		return nil, domainErr(err)
	}
	var out []creators.Summary
	for _, it := range items {
		list, err := rosterCache.decoded(it)
		if err != nil {
			return nil, fmt.Errorf("decode roster %s %s: %w", ws, it.SK, err)
		}
		out = append(out, list...)
	}
	return out, nil
}

// shardCache remembers decoded shards by key and version.
type shardCache struct {
	mu      sync.Mutex
	entries map[string]cachedShard
}

type cachedShard struct {
	version int64
	list    []creators.Summary
}

var rosterCache = &shardCache{entries: map[string]cachedShard{}}

// decoded returns the shard's summaries, decoding only when the version is new. The cache
// is bounded to keep a container serving many workspaces from growing without limit.
func (c *shardCache) decoded(it shardItem) ([]creators.Summary, error) {
	key := it.PK + "|" + it.SK
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == it.Version {
		return e.list, nil
	}
	list, err := decodeSummaries(it.Data)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) > 4096 {
		c.entries = map[string]cachedShard{}
	}
	c.entries[key] = cachedShard{version: it.Version, list: list}
	c.mu.Unlock()
	return list, nil
}

func encodeSummaries(m map[string]creators.Summary) ([]byte, error) {
	list := make([]creators.Summary, 0, len(m))
	for _, s := range m {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := json.NewEncoder(zw).Encode(list); err != nil {
		return nil, fmt.Errorf("encode summaries: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress summaries: %w", err)
	}
	return buf.Bytes(), nil
}

func decodeSummaries(data []byte) ([]creators.Summary, error) {
	if len(data) == 0 {
		return nil, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var list []creators.Summary
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	return list, nil
}
