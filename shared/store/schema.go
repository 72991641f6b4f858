package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/system"
)

// CreateTable creates a table from the shared schema and waits until it is active, with
// TTL enabled. The CDK stack builds the cloud table from the same schema; this is for the
// local stack and tests. An existing table of that name is left as it is.
func CreateTable(ctx context.Context, db *dynamodb.Client, name string, schema system.TableSchema) error {
	in := createTableInput(name, schema)
	_, err := db.CreateTable(ctx, in)
	var inUse *types.ResourceInUseException
	switch {
	case errors.As(err, &inUse):
		return nil
	case err != nil:
		return fmt.Errorf("create table %q: %w", name, classify(err))
	}
	waiter := dynamodb.NewTableExistsWaiter(db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 50 * time.Millisecond
		o.MaxDelay = time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, time.Minute); err != nil {
		return fmt.Errorf("wait for table %q: %w", name, err)
	}
	_, err = db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(schema.TTLAttribute),
			Enabled:       aws.Bool(true),
		},
	})
	if err != nil {
		return fmt.Errorf("enable TTL on %q: %w", name, err)
	}
	return nil
}

func createTableInput(name string, schema system.TableSchema) *dynamodb.CreateTableInput {
	var defs []types.AttributeDefinition
	for _, a := range schema.KeyAttributes() {
		defs = append(defs, types.AttributeDefinition{
			AttributeName: aws.String(string(a)),
			AttributeType: types.ScalarAttributeTypeS,
		})
	}
	var indexes []types.GlobalSecondaryIndex
	for _, ix := range schema.Indexes {
		indexes = append(indexes, types.GlobalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  keySchema(ix.PartitionKey, ix.SortKey),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		})
	}
	return &dynamodb.CreateTableInput{
		TableName:              aws.String(name),
		AttributeDefinitions:   defs,
		KeySchema:              keySchema(schema.PartitionKey, schema.SortKey),
		GlobalSecondaryIndexes: indexes,
		BillingMode:            types.BillingModePayPerRequest,
		StreamSpecification: &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: types.StreamViewType(schema.Stream),
		},
	}
}

func keySchema(pk, sk system.KeyAttribute) []types.KeySchemaElement {
	return []types.KeySchemaElement{
		{AttributeName: aws.String(string(pk)), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String(string(sk)), KeyType: types.KeyTypeRange},
	}
}
