package store

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/system"
)

// Key is an item's primary key in the single table.
type Key struct {
	PK string
	SK string
}

// String prints the key for error messages.
func (k Key) String() string { return k.PK + " | " + k.SK }

func (k Key) attributes() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		string(system.Table.PartitionKey): &types.AttributeValueMemberS{Value: k.PK},
		string(system.Table.SortKey):      &types.AttributeValueMemberS{Value: k.SK},
	}
}

// Condition is a DynamoDB condition expression with its #name and :value slots. Values are Go
// values, marshalled with attributevalue.
type Condition struct {
	Expr   string
	Names  map[string]string
	Values map[string]any
}

// IfAbsent makes a put succeed only when no item has the same key: the write that makes
// "exactly once" possible.
func IfAbsent() Condition {
	return Condition{
		Expr:  "attribute_not_exists(#pk)",
		Names: map[string]string{"#pk": string(system.Table.PartitionKey)},
	}
}

// IfExists makes a write succeed only on an existing item.
func IfExists() Condition {
	return Condition{
		Expr:  "attribute_exists(#pk)",
		Names: map[string]string{"#pk": string(system.Table.PartitionKey)},
	}
}

// IfVersion makes a write succeed only while the stored item's version attribute still
// equals version: optimistic concurrency, so a stale update can never win.
func IfVersion(attr string, version int64) Condition {
	return Condition{
		Expr:   "#ver = :ver",
		Names:  map[string]string{"#ver": attr},
		Values: map[string]any{":ver": version},
	}
}

// expression renders the condition for the SDK; a zero Condition renders nothing.
func (c Condition) expression() (*string, map[string]string, map[string]types.AttributeValue, error) {
	if c.Expr == "" {
		return nil, nil, nil, nil
	}
	var values map[string]types.AttributeValue
	if len(c.Values) > 0 {
		values = make(map[string]types.AttributeValue, len(c.Values))
		for name, v := range c.Values {
			av, err := marshal(v)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("condition value %s: %w", name, err)
			}
			values[name] = av
		}
	}
	return aws.String(c.Expr), c.Names, values, nil
}

// Get reads one item into out (a pointer to a struct with dynamodbav tags). It returns
// ErrNotFound when there is no such item. Reads are eventually consistent unless
// consistent is true.
func (t *Table) Get(ctx context.Context, key Key, out any, consistent bool) error {
	res, err := t.DB.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(t.Name),
		Key:            key.attributes(),
		ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return fmt.Errorf("get %s: %w", key, classify(err))
	}
	if res.Item == nil {
		return fmt.Errorf("get %s: %w", key, ErrNotFound)
	}
	if err := unmarshalMap(res.Item, out); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}

// Put writes item (a struct with dynamodbav tags that carries its own key attributes)
// if cond holds. A failed condition returns ErrConflict.
func (t *Table) Put(ctx context.Context, item any, cond Condition) error {
	in, err := t.putInput(item, cond)
	if err != nil {
		return err
	}
	if _, err := t.DB.PutItem(ctx, in); err != nil {
		return fmt.Errorf("put: %w", classify(err))
	}
	return nil
}

func (t *Table) putInput(item any, cond Condition) (*dynamodb.PutItemInput, error) {
	av, err := marshalMap(item)
	if err != nil {
		return nil, fmt.Errorf("encode item: %w", err)
	}
	expr, names, values, err := cond.expression()
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemInput{
		TableName:                 aws.String(t.Name),
		Item:                      av,
		ConditionExpression:       expr,
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	}, nil
}

// Delete removes the item at key if cond holds.
func (t *Table) Delete(ctx context.Context, key Key, cond Condition) error {
	expr, names, values, err := cond.expression()
	if err != nil {
		return err
	}
	_, err = t.DB.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 aws.String(t.Name),
		Key:                       key.attributes(),
		ConditionExpression:       expr,
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	if err != nil {
		return fmt.Errorf("delete %s: %w", key, classify(err))
	}
	return nil
}
