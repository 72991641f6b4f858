package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/inbox"
	"github.com/hypetrack/hypetrack/shared/orders"
	"github.com/hypetrack/hypetrack/shared/system"
)

var (
	_ inbox.Store = (*Table)(nil)
	_ inbox.Notes = (*Table)(nil)
)

// The webhook inbox: one item per accepted event, INBOX#<connection> | <idempotency key>,
// written once with a condition on its key. The partition key starts with
// system.InboxItemPrefix so that the orders function's stream subscription selects these
// items and nothing else; the item carries its workspace, and nothing reads it for a
// marketer without checking that.
//
// The raw body is kept gzip-compressed: JSON compresses five to ten times, which keeps a
// 1 MiB body within DynamoDB's 400 KB item limit and the write units of a typical order
// at two or three.

type inboxItem struct {
	PK           string            `json:"pk"`
	SK           string            `json:"sk"`
	ConnectionID string            `json:"connectionId"`
	WorkspaceID  string            `json:"workspaceId"`
	Platform     string            `json:"platform"`
	Topic        string            `json:"topic"`
	EventID      string            `json:"eventId"`
	Kind         string            `json:"kind"`
	OrderID      string            `json:"orderId"`
	Headers      map[string]string `json:"headers"`
	BodyGzip     []byte            `json:"bodyGzip"`
	BodySize     int               `json:"bodySize"`
	ReceivedAt   time.Time         `json:"receivedAt"`
	Source       string            `json:"source"`
}

// maxStoredBody leaves room under the 400 KB item limit for the other attributes.
const maxStoredBody = 380_000

func inboxKey(connection, key string) Key {
	return Key{PK: system.InboxItemPrefix + connection, SK: key}
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func decompress(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func newInboxItem(d inbox.Delivery) (inboxItem, error) {
	gz, err := compress(d.Body)
	if err != nil {
		return inboxItem{}, fmt.Errorf("compress body of %s: %w", d.Key, err)
	}
	if len(gz) > maxStoredBody {
		return inboxItem{}, fmt.Errorf("%s: %d bytes compressed: %w", d.Key, len(gz), inbox.ErrTooLarge)
	}
	k := inboxKey(d.ConnectionID, d.Key)
	return inboxItem{
		PK: k.PK, SK: k.SK, ConnectionID: d.ConnectionID, WorkspaceID: d.WorkspaceID, Platform: string(d.Platform),
		Topic: d.Topic, EventID: d.EventID, Kind: string(d.Kind), OrderID: d.OrderID, Headers: d.Headers,
		BodyGzip: gz, BodySize: len(d.Body), ReceivedAt: d.ReceivedAt.UTC(), Source: string(d.Source),
	}, nil
}

func (it inboxItem) delivery() (inbox.Delivery, error) {
	body, err := decompress(it.BodyGzip)
	if err != nil {
		return inbox.Delivery{}, fmt.Errorf("decompress body of %s: %w", it.SK, err)
	}
	return inbox.Delivery{
		ConnectionID: it.ConnectionID, WorkspaceID: it.WorkspaceID, Platform: orders.Platform(it.Platform),
		Key: it.SK, Topic: it.Topic, EventID: it.EventID, Kind: orders.Kind(it.Kind), OrderID: it.OrderID,
		Headers: it.Headers, Body: body, ReceivedAt: it.ReceivedAt, Source: inbox.Source(it.Source),
	}, nil
}

// Accept stores a delivery unless its connection has one with the same key: one
// conditional put, nothing else.
func (t *Table) Accept(ctx context.Context, d inbox.Delivery) (bool, error) {
	it, err := newInboxItem(d)
	if err != nil {
		return false, err
	}
	err = t.Put(ctx, it, IfAbsent())
	switch {
	case errors.Is(err, ErrConflict):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store delivery %s of %s: %w", d.Key, d.ConnectionID, domainErr(err))
	}
	return true, nil
}

// Delivery reads an inbox item back.
func (t *Table) Delivery(ctx context.Context, connection, key string) (inbox.Delivery, error) {
	var it inboxItem
	if err := t.Get(ctx, inboxKey(connection, key), &it, true); err != nil {
		return inbox.Delivery{}, fmt.Errorf("load delivery %s: %w", key, domainErr(err))
	}
	return it.delivery()
}

// Deliveries lists a connection's inbox items received at or after since, oldest key
// first; replays and tests read the inbox with it.
func (t *Table) Deliveries(ctx context.Context, connection string, since time.Time) ([]inbox.Delivery, error) {
	var items []inboxItem
	if err := t.query(ctx, query{pk: system.InboxItemPrefix + connection}, &items); err != nil {
		return nil, domainErr(err)
	}
	out := make([]inbox.Delivery, 0, len(items))
	for _, it := range items {
		if it.ReceivedAt.Before(since) {
			continue
		}
		d, err := it.delivery()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DecodeDelivery reads an inbox item from an item image, as a stream record carries it.
// ok is false for items that are not inbox items.
func DecodeDelivery(image map[string]types.AttributeValue) (d inbox.Delivery, ok bool, err error) {
	var it inboxItem
	if err := unmarshalMap(image, &it); err != nil {
		return inbox.Delivery{}, false, fmt.Errorf("decode inbox item: %w", err)
	}
	if it.PK != system.InboxItemPrefix+it.ConnectionID || it.ConnectionID == "" || it.SK == "" {
		return inbox.Delivery{}, false, nil
	}
	d, err = it.delivery()
	return d, err == nil, err
}

// InboxImage is the item image of a delivery as the table stores it, for tests that feed
// the stream consumer what the stream would carry.
func InboxImage(d inbox.Delivery) (map[string]types.AttributeValue, error) {
	it, err := newInboxItem(d)
	if err != nil {
		return nil, err
	}
	return marshalMap(it)
}

// A connection's delivery figures live beside its coupon codes, in
// WS#<ws>#CONN#<connection>: STATS (duplicates), REJECTIONS (count and the recent ones)
// and RECONCILE (the reconciliation runs).

func connPK(ws, connection string) string { return workspacePK(ws) + "#CONN#" + connection }

type statsItem struct {
	Duplicates       int64     `json:"duplicates"`
	LastDuplicateAt  time.Time `json:"lastDuplicateAt"`
	LastDuplicateKey string    `json:"lastDuplicateKey"`
}

type rejectionsItem struct {
	Rejected int64             `json:"rejected"`
	Recent   []inbox.Rejection `json:"recent"`
}

type reconcileItem struct {
	LastRunAt     time.Time `json:"lastRunAt"`
	LastSuccessAt time.Time `json:"lastSuccessAt"`
	Through       time.Time `json:"through"`
	LastError     string    `json:"lastError"`
	LastChecked   int64     `json:"lastChecked"`
	LastRecovered int64     `json:"lastRecovered"`
	Recovered     int64     `json:"recovered"`
}

// NoteDuplicate counts a duplicate delivery.
func (t *Table) NoteDuplicate(ctx context.Context, ws, connection, key string, at time.Time) error {
	_, err := t.update(ctx, Key{PK: connPK(ws, connection), SK: "STATS"}, Update{
		Expr:   "ADD #dup :one SET #at = :at, #key = :key",
		Names:  map[string]string{"#dup": "duplicates", "#at": "lastDuplicateAt", "#key": "lastDuplicateKey"},
		Values: map[string]any{":one": 1, ":at": at.UTC(), ":key": key},
	}, Condition{}, false)
	if err != nil {
		return fmt.Errorf("note duplicate on %s: %w", connection, err)
	}
	return nil
}

// NoteRejection keeps a rejection, newest first. The list is capped without a read: the
// append is conditional on the list being short, and a full list first loses its older
// half.
func (t *Table) NoteRejection(ctx context.Context, ws, connection string, r inbox.Rejection) error {
	key := Key{PK: connPK(ws, connection), SK: "REJECTIONS"}
	push := Update{
		Expr:   "SET #recent = list_append(:one, if_not_exists(#recent, :empty)) ADD #n :inc",
		Names:  map[string]string{"#recent": "recent", "#n": "rejected"},
		Values: map[string]any{":one": []inbox.Rejection{r}, ":empty": []inbox.Rejection{}, ":inc": 1},
	}
	short := Condition{Expr: "attribute_not_exists(#recent) OR size(#recent) < :cap", Values: map[string]any{":cap": inbox.MaxRejections}}
	for range 2 {
		_, err := t.update(ctx, key, push, short, false)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return fmt.Errorf("note rejection on %s: %w", connection, err)
			}
			return nil
		}
		trim := Update{Names: map[string]string{"#recent": "recent"}, Expr: "REMOVE "}
		for i := inbox.MaxRejections / 2; i < inbox.MaxRejections; i++ {
			if i > inbox.MaxRejections/2 {
				trim.Expr += ", "
			}
			trim.Expr += fmt.Sprintf("#recent[%d]", i)
		}
		if _, err := t.update(ctx, key, trim, Condition{}, false); err != nil {
			return fmt.Errorf("trim rejections of %s: %w", connection, err)
		}
	}
	return fmt.Errorf("note rejection on %s: the list stayed full", connection)
}

// ConnectionStats reads a connection's delivery figures.
func (t *Table) ConnectionStats(ctx context.Context, ws, connection string) (inbox.Stats, error) {
	pk := connPK(ws, connection)
	var st statsItem
	var rej rejectionsItem
	var rec reconcileItem
	for _, g := range []struct {
		sk  string
		out any
	}{{"STATS", &st}, {"REJECTIONS", &rej}, {"RECONCILE", &rec}} {
		if err := t.Get(ctx, Key{PK: pk, SK: g.sk}, g.out, false); err != nil && !errors.Is(err, ErrNotFound) {
			return inbox.Stats{}, fmt.Errorf("load stats of %s: %w", connection, domainErr(err))
		}
	}
	out := inbox.Stats{Duplicates: st.Duplicates, LastDuplicateAt: st.LastDuplicateAt, LastDuplicateKey: st.LastDuplicateKey,
		Rejected: rej.Rejected, Rejections: rej.Recent, Reconciliation: rec.reconciliation()}
	if out.Rejections == nil {
		out.Rejections = []inbox.Rejection{}
	}
	return out, nil
}

func (it reconcileItem) reconciliation() inbox.Reconciliation {
	return inbox.Reconciliation{LastRunAt: it.LastRunAt, LastSuccessAt: it.LastSuccessAt, Through: it.Through,
		LastError: it.LastError, LastChecked: it.LastChecked, LastRecovered: it.LastRecovered, Recovered: it.Recovered}
}

// Reconciliation reads a connection's reconciliation state.
func (t *Table) Reconciliation(ctx context.Context, ws, connection string) (inbox.Reconciliation, error) {
	var it reconcileItem
	err := t.Get(ctx, Key{PK: connPK(ws, connection), SK: "RECONCILE"}, &it, true)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return inbox.Reconciliation{}, fmt.Errorf("load reconciliation of %s: %w", connection, domainErr(err))
	}
	return it.reconciliation(), nil
}

// SaveReconciliation records a reconciliation run; recovered is added to the total.
func (t *Table) SaveReconciliation(ctx context.Context, ws, connection string, r inbox.Reconciliation) error {
	_, err := t.update(ctx, Key{PK: connPK(ws, connection), SK: "RECONCILE"}, Update{
		Expr: "SET #run = :run, #ok = :ok, #through = :through, #err = :err, #checked = :checked, #last = :last ADD #total :last",
		Names: map[string]string{"#run": "lastRunAt", "#ok": "lastSuccessAt", "#through": "through", "#err": "lastError",
			"#checked": "lastChecked", "#last": "lastRecovered", "#total": "recovered"},
		Values: map[string]any{":run": r.LastRunAt.UTC(), ":ok": r.LastSuccessAt.UTC(), ":through": r.Through.UTC(),
			":err": r.LastError, ":checked": r.LastChecked, ":last": r.LastRecovered},
	}, Condition{}, false)
	if err != nil {
		return fmt.Errorf("save reconciliation of %s: %w", connection, domainErr(err))
	}
	return nil
}

// update applies an update expression to the item at key if cond holds, returning the
// updated attributes when returnNew is set. The update's and the condition's attribute
// names and values share one namespace.
func (t *Table) update(ctx context.Context, key Key, u Update, cond Condition, returnNew bool) (map[string]types.AttributeValue, error) {
	expr, names, values, err := Condition{Expr: u.Expr, Names: u.Names, Values: u.Values}.expression()
	if err != nil {
		return nil, err
	}
	condExpr, condNames, condValues, err := cond.expression()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.UpdateItemInput{
		TableName:                 aws.String(t.Name),
		Key:                       key.attributes(),
		UpdateExpression:          expr,
		ConditionExpression:       condExpr,
		ExpressionAttributeNames:  merge(names, condNames),
		ExpressionAttributeValues: merge(values, condValues),
	}
	if returnNew {
		in.ReturnValues = types.ReturnValueUpdatedNew
	}
	out, err := t.DB.UpdateItem(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("update %s: %w", key, classify(err))
	}
	return out.Attributes, nil
}
