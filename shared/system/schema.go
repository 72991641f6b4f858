package system

// StreamView is what a DynamoDB stream record carries.
type StreamView string

// NewAndOldImages lets stream consumers see both sides of every change, which exactly-once
// aggregation needs (a consumer decides from the images, not from a second read).
const NewAndOldImages StreamView = "NEW_AND_OLD_IMAGES"

// KeyAttribute is a string key attribute: every key in the table is a string, so that
// composite keys ("WS#<id>#CAMPAIGN#<id>") sort and prefix-match predictably.
type KeyAttribute string

// Index is a global secondary index with a string partition and sort key, projecting all
// attributes (reads from an index must not need a second read of the base item).
type Index struct {
	Name         string
	PartitionKey KeyAttribute
	SortKey      KeyAttribute
}

// TableSchema is the single DynamoDB table.
type TableSchema struct {
	PartitionKey KeyAttribute
	SortKey      KeyAttribute
	Indexes      []Index
	// TTLAttribute holds an epoch-seconds expiry (raw clicks, idempotency records).
	TTLAttribute string
	Stream       StreamView
}

// Table is the schema of Hypetrack's one table. Item shapes and their key patterns are
// documented in docs/data-model.md; the key attributes are generic on purpose so that one
// table holds every entity.
var Table = TableSchema{
	PartitionKey: "pk",
	SortKey:      "sk",
	Indexes: []Index{
		{Name: "gsi1", PartitionKey: "gsi1pk", SortKey: "gsi1sk"},
		{Name: "gsi2", PartitionKey: "gsi2pk", SortKey: "gsi2sk"},
	},
	TTLAttribute: "expiresAt",
	Stream:       NewAndOldImages,
}

// KeyAttributes lists every key attribute of the table and its indexes, once each.
func (s TableSchema) KeyAttributes() []KeyAttribute {
	attrs := []KeyAttribute{s.PartitionKey, s.SortKey}
	for _, ix := range s.Indexes {
		attrs = append(attrs, ix.PartitionKey, ix.SortKey)
	}
	return attrs
}

// ClickItemPrefix starts the partition key of every raw click item. The click consumer's
// stream subscription selects on it, and the store builds click keys with it.
const ClickItemPrefix = "CLICK#"
