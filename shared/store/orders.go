package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/orderflow"
	"github.com/hypetrack/hypetrack/shared/system"
)

var (
	_ orderflow.Store     = (*Table)(nil)
	_ orderflow.ViewStore = (*Table)(nil)
	_ orderflow.Directory = (*Table)(nil)
)

// Orders and their effects, all in the workspace's partitions:
//
//	order record   WS#<ws>#ORDER#<conn>#<order> | ORDER
//	               gsi1: WS#<ws>#C#<campaign>#ORDERS (credited) or WS#<ws>#ORDERS#UNATTRIBUTED,
//	               sorted by ORDER#<created>#<conn>#<order>; absent while the order has no snapshot
//	applied marker WS#<ws>#CONN#<conn>#APPLIED | <event key>
//	               gsi2: WS#<ws>#CONN#<conn>#DELIVERIES | D#<received>#<event key> (the delivery log)
//	failure        WS#<ws>#CONN#<conn>#FAILED | <event key>
//	ledger entry   WS#<ws>#C#<campaign>#M#<creator>#LEDGER | <posted>#<conn>#<order>#<seq>
//	counter        WS#<ws>#C#<campaign>#COUNTERS | TOTAL#<cur>, DAY#<day>#<cur>,
//	               M#<creator>#TOTAL#<cur>, M#<creator>#DAY#<day>#<cur>
//
// One order's partition holds one item, so records of different orders never contend; the
// counters of a campaign share a partition, read with two or three prefix queries.

// stamp formats times in sort keys at a fixed width, so that they sort as strings.
const stamp = "2006-01-02T15:04:05.000000000Z"

func sortTime(t time.Time) string { return t.UTC().Format(stamp) }

type orderItem struct {
	PK     string `json:"pk"`
	SK     string `json:"sk"`
	GSI1PK string `json:"gsi1pk,omitempty"`
	GSI1SK string `json:"gsi1sk,omitempty"`
	orderflow.Record
}

func orderKey(ws, conn, order string) Key {
	return Key{PK: workspacePK(ws) + "#ORDER#" + conn + "#" + order, SK: "ORDER"}
}

func campaignOrdersPK(ws, campaign string) string {
	return workspacePK(ws) + "#C#" + campaign + "#ORDERS"
}

func unattributedPK(ws string) string { return workspacePK(ws) + "#ORDERS#UNATTRIBUTED" }

func newOrderItem(r orderflow.Record) orderItem {
	k := orderKey(r.WorkspaceID, r.ConnectionID, r.OrderID)
	it := orderItem{PK: k.PK, SK: k.SK, Record: r}
	if r.Order == nil {
		return it
	}
	it.GSI1SK = "ORDER#" + sortTime(r.Order.CreatedAt) + "#" + r.ConnectionID + "#" + r.OrderID
	if r.CampaignID != "" {
		it.GSI1PK = campaignOrdersPK(r.WorkspaceID, r.CampaignID)
	} else {
		it.GSI1PK = unattributedPK(r.WorkspaceID)
	}
	return it
}

type markerItem struct {
	PK     string `json:"pk"`
	SK     string `json:"sk"`
	GSI2PK string `json:"gsi2pk"`
	GSI2SK string `json:"gsi2sk"`
	orderflow.Marker
}

func markerKey(ws, conn, key string) Key { return Key{PK: connPK(ws, conn) + "#APPLIED", SK: key} }

func deliveriesPK(ws, conn string) string { return connPK(ws, conn) + "#DELIVERIES" }

type failureItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	orderflow.Failure
}

func failureKey(ws, conn, key string) Key { return Key{PK: connPK(ws, conn) + "#FAILED", SK: key} }

type ledgerItem struct {
	PK string `json:"pk"`
	SK string `json:"sk"`
	orderflow.LedgerEntry
}

func ledgerPK(ws, campaign, creator string) string {
	return workspacePK(ws) + "#C#" + campaign + "#M#" + creator + "#LEDGER"
}

func newLedgerItem(e orderflow.LedgerEntry) ledgerItem {
	return ledgerItem{PK: ledgerPK(e.WorkspaceID, e.CampaignID, e.CreatorID),
		SK: fmt.Sprintf("%s#%s#%s#%d", sortTime(e.At), e.ConnectionID, e.OrderID, e.Seq), LedgerEntry: e}
}

func countersPK(ws, campaign string) string { return workspacePK(ws) + "#C#" + campaign + "#COUNTERS" }

func counterKey(ws string, k orderflow.CounterKey) Key {
	sk := "TOTAL#" + k.Currency
	if k.Day != "" {
		sk = "DAY#" + k.Day + "#" + k.Currency
	}
	if k.CreatorID != "" {
		sk = "M#" + k.CreatorID + "#" + sk
	}
	return Key{PK: countersPK(ws, k.CampaignID), SK: sk}
}

type counterItem struct {
	orderflow.Counter
}

// OrderRecord reads an order record with a strongly consistent read, because the
// processor writes conditionally on the version it read.
func (t *Table) OrderRecord(ctx context.Context, ws, conn, order string) (orderflow.Record, error) {
	var it orderItem
	if err := t.Get(ctx, orderKey(ws, conn, order), &it, true); err != nil {
		return orderflow.Record{}, fmt.Errorf("load order %s: %w", order, domainErr(err))
	}
	return it.Record, nil
}

// IsApplied reports whether an event's applied marker exists.
func (t *Table) IsApplied(ctx context.Context, ws, conn, key string) (bool, error) {
	var it markerItem
	err := t.Get(ctx, markerKey(ws, conn, key), &it, true)
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("check marker %s: %w", key, domainErr(err))
	}
	return true, nil
}

// Commit writes an event's or a re-attribution's change in one transaction: the marker
// (only if absent), the order record (only at the version it was read), the ledger
// entries and the counter additions. Nothing lands unless everything does.
func (t *Table) Commit(ctx context.Context, c orderflow.Change) error {
	tx := t.Tx()
	markerAt, recordAt := -1, -1
	if m := c.Marker; m != nil {
		k := markerKey(m.WorkspaceID, m.ConnectionID, m.Key)
		markerAt = tx.Len()
		tx.Put(markerItem{PK: k.PK, SK: k.SK, GSI2PK: deliveriesPK(m.WorkspaceID, m.ConnectionID),
			GSI2SK: "D#" + sortTime(m.ReceivedAt) + "#" + m.Key, Marker: *m}, IfAbsent())
	}
	if c.SaveRecord {
		cond := IfVersion("version", c.PrevVersion)
		if c.PrevVersion == 0 {
			cond = IfAbsent()
		}
		recordAt = tx.Len()
		tx.Put(newOrderItem(c.Record), cond)
	}
	for _, e := range c.Entries {
		tx.Put(newLedgerItem(e), IfAbsent())
	}
	for _, ctr := range c.Counters {
		tx.Update(counterKey(c.Record.WorkspaceID, ctr.CounterKey), counterUpdate(c.Record.WorkspaceID, ctr), Condition{})
	}
	err := tx.Commit(ctx, "")
	if errors.Is(err, ErrConflict) {
		failed := FailedConditions(err)
		switch {
		case slices.Contains(failed, markerAt):
			return fmt.Errorf("commit order %s: %w", c.Record.OrderID, orderflow.ErrAlreadyApplied)
		case slices.Contains(failed, recordAt):
			return fmt.Errorf("commit order %s: %w", c.Record.OrderID, orderflow.ErrStale)
		}
	}
	if err != nil {
		return fmt.Errorf("commit order %s: %w", c.Record.OrderID, domainErr(err))
	}
	return nil
}

// counterUpdate adds a change to a counter, creating it with its key fields on first use.
// A membership's day counters are the results' sales, and are marked as such for the
// resultspack function.
func counterUpdate(ws string, c orderflow.Counter) Update {
	u := Update{
		Expr: "SET #ws = :ws, #camp = :camp, #creator = :creator, #day = :day, #cur = :cur " +
			"ADD #orders :orders, #cancelled :cancelled, #full :full, #rev :rev, #ref :ref, #net :net, #com :com, " +
			"#bycode :bycode, #byclick :byclick, #netcode :netcode, #netclick :netclick",
		Names: map[string]string{"#ws": "workspaceId", "#camp": "campaignId", "#creator": "creatorId", "#day": "day",
			"#cur": "currency", "#orders": "orders", "#cancelled": "cancelled", "#full": "fullyRefunded",
			"#rev": "revenue", "#ref": "refunded", "#net": "net", "#com": "commission", "#bycode": "ordersByCode",
			"#byclick": "ordersByClick", "#netcode": "netByCode", "#netclick": "netByClick"},
		Values: map[string]any{":ws": ws, ":camp": c.CampaignID, ":creator": c.CreatorID, ":day": c.Day, ":cur": c.Currency,
			":orders": c.Orders, ":cancelled": c.Cancelled, ":full": c.FullyRefunded, ":rev": c.Revenue,
			":ref": c.Refunded, ":net": c.Net, ":com": c.Commission, ":bycode": c.OrdersByCode,
			":byclick": c.OrdersByClick, ":netcode": c.NetByCode, ":netclick": c.NetByClick},
	}
	if c.CreatorID != "" && c.Day != "" {
		u.Expr = "SET #source = :source, " + u.Expr[len("SET "):]
		u.Names["#source"], u.Values[":source"] = system.ResultsSourceAttribute, sourceSales
	}
	return u
}

// NoteFailure counts a failed attempt and keeps the latest error.
func (t *Table) NoteFailure(ctx context.Context, f orderflow.Failure) (int, error) {
	attrs, err := t.update(ctx, failureKey(f.WorkspaceID, f.ConnectionID, f.Key), Update{
		Expr: "SET #ws = :ws, #conn = :conn, #key = :key, #topic = :topic, #order = :order, #platform = :platform, " +
			"#received = :received, #err = :err, #perm = :perm, #first = if_not_exists(#first, :now), #last = :now, " +
			"#dead = if_not_exists(#dead, :false) ADD #attempts :one",
		Names: map[string]string{"#ws": "workspaceId", "#conn": "connectionId", "#key": "key", "#topic": "topic",
			"#order": "orderId", "#platform": "platform", "#received": "receivedAt", "#err": "error", "#perm": "permanent",
			"#first": "firstFailedAt", "#last": "lastFailedAt", "#dead": "dead", "#attempts": "attempts"},
		Values: map[string]any{":ws": f.WorkspaceID, ":conn": f.ConnectionID, ":key": f.Key, ":topic": f.Topic,
			":order": f.OrderID, ":platform": string(f.Platform), ":received": f.ReceivedAt.UTC(), ":err": f.Error,
			":perm": f.Permanent, ":now": f.LastFailedAt.UTC(), ":false": false, ":one": 1},
	}, Condition{}, true)
	if err != nil {
		return 0, fmt.Errorf("note failure of %s: %w", f.Key, domainErr(err))
	}
	var got struct {
		Attempts int `json:"attempts"`
	}
	if err := unmarshalMap(attrs, &got); err != nil {
		return 0, fmt.Errorf("decode failure count of %s: %w", f.Key, err)
	}
	return got.Attempts, nil
}

// MarkDead dead-letters a failed event.
func (t *Table) MarkDead(ctx context.Context, ws, conn, key string) error {
	_, err := t.update(ctx, failureKey(ws, conn, key), Update{
		Expr: "SET #dead = :true", Names: map[string]string{"#dead": "dead"}, Values: map[string]any{":true": true},
	}, IfExists(), false)
	if err != nil {
		return fmt.Errorf("dead-letter %s: %w", key, domainErr(err))
	}
	return nil
}

// Failures lists a connection's failed events.
func (t *Table) Failures(ctx context.Context, ws, conn string) ([]orderflow.Failure, error) {
	var items []failureItem
	if err := t.query(ctx, query{pk: connPK(ws, conn) + "#FAILED"}, &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]orderflow.Failure, len(items))
	for i, it := range items {
		out[i] = it.Failure
	}
	return out, nil
}

// Markers lists a connection's applied events, newest first.
func (t *Table) Markers(ctx context.Context, ws, conn string, limit int) ([]orderflow.Marker, error) {
	var items []markerItem
	if err := t.query(ctx, query{index: "gsi2", pk: deliveriesPK(ws, conn), prefix: "D#", newestFirst: true, limit: limit}, &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]orderflow.Marker, len(items))
	for i, it := range items {
		out[i] = it.Marker
	}
	return out, nil
}

// LedgerEntries lists a membership's ledger, oldest first.
func (t *Table) LedgerEntries(ctx context.Context, ws, campaign, creator string) ([]orderflow.LedgerEntry, error) {
	var items []ledgerItem
	if err := t.query(ctx, query{pk: ledgerPK(ws, campaign, creator)}, &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]orderflow.LedgerEntry, len(items))
	for i, it := range items {
		out[i] = it.LedgerEntry
	}
	return out, nil
}

// OrderCounters lists a campaign's order counters (creator empty) or a membership's.
func (t *Table) OrderCounters(ctx context.Context, ws, campaign, creator string) ([]orderflow.Counter, error) {
	prefixes := []string{"TOTAL#", "DAY#"}
	if creator != "" {
		prefixes = []string{"M#" + creator + "#"}
	}
	var out []orderflow.Counter
	for _, p := range prefixes {
		var items []counterItem
		if err := t.query(ctx, query{pk: countersPK(ws, campaign), prefix: p}, &items); err != nil {
			return nil, domainErr(err)
		}
		for _, it := range items {
			out = append(out, it.Counter)
		}
	}
	return out, nil
}

// CampaignOrders lists the orders credited to a campaign.
func (t *Table) CampaignOrders(ctx context.Context, ws, campaign string) ([]orderflow.Record, error) {
	return t.orderList(ctx, campaignOrdersPK(ws, campaign))
}

// UnattributedOrders lists a workspace's unattributed orders.
func (t *Table) UnattributedOrders(ctx context.Context, ws string) ([]orderflow.Record, error) {
	return t.orderList(ctx, unattributedPK(ws))
}

func (t *Table) orderList(ctx context.Context, pk string) ([]orderflow.Record, error) {
	var items []orderItem
	if err := t.query(ctx, query{index: "gsi1", pk: pk, prefix: "ORDER#", newestFirst: true}, &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]orderflow.Record, len(items))
	for i, it := range items {
		out[i] = it.Record
	}
	return out, nil
}

// query is a key query: a partition of the table or an index, optionally only sort keys
// with a prefix, in either order, optionally at most limit items.
type query struct {
	index       string
	pk          string
	prefix      string
	newestFirst bool
	limit       int
}

func (t *Table) query(ctx context.Context, q query, out any) error {
	var in *dynamodb.QueryInput
	if q.prefix != "" {
		in = t.prefixQuery(q.index, q.pk, q.prefix)
	} else {
		in = t.prefixQuery(q.index, q.pk, "-")
		in.KeyConditionExpression = aws.String("#pk = :pk")
		delete(in.ExpressionAttributeNames, "#sk")
		delete(in.ExpressionAttributeValues, ":prefix")
	}
	in.ScanIndexForward = aws.Bool(!q.newestFirst)
	var items []map[string]types.AttributeValue
	p := dynamodb.NewQueryPaginator(t.DB, in)
	for p.HasMorePages() && (q.limit == 0 || len(items) < q.limit) {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("query %s %s*: %w", q.pk, q.prefix, classify(err))
		}
		items = append(items, page.Items...)
	}
	if q.limit > 0 && len(items) > q.limit {
		items = items[:q.limit]
	}
	if err := unmarshalListOfMaps(items, out); err != nil {
		return fmt.Errorf("decode %s %s*: %w", q.pk, q.prefix, err)
	}
	return nil
}

// ClickFinder resolves order click ids against the redirect's raw click items
// (ClickKey), which expire by TTL after the retention period.
type ClickFinder struct{ t *Table }

var _ orderflow.ClickFinder = ClickFinder{}

// Clicks returns the table's click finder.
func (t *Table) Clicks() ClickFinder { return ClickFinder{t: t} }

// Click reads a click by id. The redirect records the creator as the click's membership,
// a membership being a creator in a campaign.
func (f ClickFinder) Click(ctx context.Context, id string) (orderflow.Click, bool, error) {
	c, err := f.t.Click(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return orderflow.Click{}, false, nil
	case err != nil:
		return orderflow.Click{}, false, domainErr(err)
	}
	return orderflow.Click{ID: c.ID, At: c.At, WorkspaceID: c.WorkspaceID, CampaignID: c.CampaignID, CreatorID: c.MembershipID}, true, nil
}
