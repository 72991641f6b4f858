package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// MaxTxItems is DynamoDB's limit on the items of one transaction.
const MaxTxItems = 100

// Tx collects writes that succeed or fail together. Build it with Put, Delete and Check,
// then Commit. The first encoding error is kept and returned by Commit.
type Tx struct {
	table *Table
	items []types.TransactWriteItem
	err   error
}

// Tx starts a transaction on the table.
func (t *Table) Tx() *Tx { return &Tx{table: t} }

// Put adds a put of item under cond.
func (tx *Tx) Put(item any, cond Condition) *Tx {
	in, err := tx.table.putInput(item, cond)
	if err != nil {
		tx.fail(err)
		return tx
	}
	tx.items = append(tx.items, types.TransactWriteItem{Put: &types.Put{
		TableName:                 in.TableName,
		Item:                      in.Item,
		ConditionExpression:       in.ConditionExpression,
		ExpressionAttributeNames:  in.ExpressionAttributeNames,
		ExpressionAttributeValues: in.ExpressionAttributeValues,
	}})
	return tx
}

// Delete adds a delete of key under cond.
func (tx *Tx) Delete(key Key, cond Condition) *Tx {
	expr, names, values, err := cond.expression()
	if err != nil {
		tx.fail(err)
		return tx
	}
	tx.items = append(tx.items, types.TransactWriteItem{Delete: &types.Delete{
		TableName:                 aws.String(tx.table.Name),
		Key:                       key.attributes(),
		ConditionExpression:       expr,
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	}})
	return tx
}

// Check adds a condition on an item the transaction does not write.
func (tx *Tx) Check(key Key, cond Condition) *Tx {
	expr, names, values, err := cond.expression()
	if err != nil {
		tx.fail(err)
		return tx
	}
	if expr == nil {
		tx.fail(errors.New("a transaction check needs a condition"))
		return tx
	}
	tx.items = append(tx.items, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName:                 aws.String(tx.table.Name),
		Key:                       key.attributes(),
		ConditionExpression:       expr,
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	}})
	return tx
}

// Len is the number of items added so far.
func (tx *Tx) Len() int { return len(tx.items) }

func (tx *Tx) fail(err error) {
	if tx.err == nil {
		tx.err = err
	}
}

// Commit writes every item or none. A failed condition returns ErrConflict (see
// FailedConditions for which); contention or throttling returns ErrThrottled. token, when
// not empty, makes a retried commit idempotent for ten minutes (DynamoDB's
// ClientRequestToken), so a timeout followed by a retry cannot apply twice.
func (tx *Tx) Commit(ctx context.Context, token string) error {
	if tx.err != nil {
		return fmt.Errorf("build transaction: %w", tx.err)
	}
	switch {
	case len(tx.items) == 0:
		return nil
	case len(tx.items) > MaxTxItems:
		return fmt.Errorf("transaction of %d items exceeds DynamoDB's %d", len(tx.items), MaxTxItems)
	}
	in := &dynamodb.TransactWriteItemsInput{TransactItems: tx.items}
	if token != "" {
		in.ClientRequestToken = aws.String(token)
	}
	if _, err := tx.table.DB.TransactWriteItems(ctx, in); err != nil {
		return fmt.Errorf("commit transaction of %d items: %w", len(tx.items), classify(err))
	}
	return nil
}

// Update is an update expression with its attribute names and values; values are Go
// values, marshalled with attributevalue.
type Update struct {
	Expr   string
	Names  map[string]string
	Values map[string]any
}

// Update adds an update of the item at key under cond. The update's and the condition's
// attribute names and values share one namespace, so they must not reuse a name.
func (tx *Tx) Update(key Key, u Update, cond Condition) *Tx {
	expr, names, values, err := Condition{Expr: u.Expr, Names: u.Names, Values: u.Values}.expression()
	if err != nil {
		tx.fail(err)
		return tx
	}
	condExpr, condNames, condValues, err := cond.expression()
	if err != nil {
		tx.fail(err)
		return tx
	}
	tx.items = append(tx.items, types.TransactWriteItem{Update: &types.Update{
		TableName:                 aws.String(tx.table.Name),
		Key:                       key.attributes(),
		UpdateExpression:          expr,
		ConditionExpression:       condExpr,
		ExpressionAttributeNames:  merge(names, condNames),
		ExpressionAttributeValues: merge(values, condValues),
	}})
	return tx
}

// merge joins two maps of expression attribute names or values; nil when both are empty, as
// DynamoDB requires.
func merge[V any](a, b map[string]V) map[string]V {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	out := make(map[string]V, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
