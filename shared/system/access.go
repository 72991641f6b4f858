package system

// TableOp is one kind of item operation on the table. The cloud stack turns each into the
// DynamoDB IAM actions it needs, so a function's policy names operations, not wildcards.
type TableOp string

// The item operations a function can be granted. Transactions need the operations of their
// parts: a TransactWriteItems of a Put and a ConditionCheck needs TablePut and
// TableConditionCheck. Scan is deliberately absent: Hypetrack queries by key.
const (
	// TableGet reads single items (GetItem, BatchGetItem, the Get parts of TransactGetItems).
	TableGet TableOp = "get"
	// TableQuery queries by partition key, on the base table and, with Indexes, on the GSIs.
	TableQuery TableOp = "query"
	// TablePut writes whole items (PutItem, the Put parts of TransactWriteItems).
	TablePut TableOp = "put"
	// TableUpdate changes attributes of an item (UpdateItem).
	TableUpdate TableOp = "update"
	// TableDelete removes items (DeleteItem).
	TableDelete TableOp = "delete"
	// TableConditionCheck asserts on an item inside a transaction without writing it.
	TableConditionCheck TableOp = "condition-check"
	// TableBatchWrite writes or deletes up to 25 items in one call (BatchWriteItem). It is
	// separate from TablePut because IAM cannot tell a batch put from a batch delete.
	TableBatchWrite TableOp = "batch-write"
)

// TableOps lists every TableOp, in a stable order.
var TableOps = []TableOp{
	TableGet, TableQuery, TablePut, TableUpdate, TableDelete, TableConditionCheck, TableBatchWrite,
}

// TableAccess is what one function may do with the table. The cloud stack grants exactly
// this and nothing else (no Scan, no table management), so a bug or a leaked credential in
// one function cannot read or rewrite what that function never needed.
type TableAccess struct {
	// Ops are the item operations the function performs; none means no table access.
	Ops []TableOp
	// Indexes lets TableQuery reach every global secondary index. Indexes hold copies of
	// items the function may already read, so finer grants would protect nothing.
	Indexes bool
	// KeyPrefixes, when set, limits every operation to items whose partition key value
	// begins with one of these prefixes (IAM's dynamodb:LeadingKeys condition). Leave it
	// empty for a function that works across item kinds.
	KeyPrefixes []string
}

// Allows reports whether op is among the granted operations.
func (a TableAccess) Allows(op TableOp) bool {
	for _, o := range a.Ops {
		if o == op {
			return true
		}
	}
	return false
}
