package ordertest

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/hypetrack/hypetrack/shared/store"
)

// CapacityMeter adds up the write capacity units DynamoDB reports for every write made
// through a table it metered: base table and indexes, transactions counted double as
// DynamoDB bills them. DynamoDB Local reports them as the service would.
type CapacityMeter struct {
	mu    sync.Mutex
	table float64
	index float64
}

// Meter returns a table on the same DynamoDB table whose writes ask for and add up their
// consumed capacity.
func Meter(t testing.TB, table *store.Table) (*store.Table, *CapacityMeter) {
	m := &CapacityMeter{}
	opts := table.DB.Options()
	opts.APIOptions = append(append([]func(*middleware.Stack) error{}, opts.APIOptions...), func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("capacityMeter", m.handle), middleware.After)
	})
	return &store.Table{DB: dynamodb.New(opts), Name: table.Name}, m
}

func (m *CapacityMeter) handle(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	switch p := in.Parameters.(type) {
	case *dynamodb.PutItemInput:
		p.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	case *dynamodb.UpdateItemInput:
		p.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	case *dynamodb.DeleteItemInput:
		p.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	case *dynamodb.TransactWriteItemsInput:
		p.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	}
	out, md, err := next.HandleInitialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	switch r := out.Result.(type) {
	case *dynamodb.PutItemOutput:
		m.add(r.ConsumedCapacity)
	case *dynamodb.UpdateItemOutput:
		m.add(r.ConsumedCapacity)
	case *dynamodb.DeleteItemOutput:
		m.add(r.ConsumedCapacity)
	case *dynamodb.TransactWriteItemsOutput:
		for i := range r.ConsumedCapacity {
			m.add(&r.ConsumedCapacity[i])
		}
	}
	return out, md, err
}

func (m *CapacityMeter) add(c *types.ConsumedCapacity) {
	if c == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	total := aws.ToFloat64(c.CapacityUnits)
	var index float64
	for _, ix := range c.GlobalSecondaryIndexes {
		index += aws.ToFloat64(ix.CapacityUnits)
	}
	m.index += index
	m.table += total - index
}

// Units returns the write units so far: on the base table and on the indexes.
func (m *CapacityMeter) Units() (table, index float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.table, m.index
}

// Reset forgets the units so far.
func (m *CapacityMeter) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.table, m.index = 0, 0
}
