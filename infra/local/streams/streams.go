// Package streams runs stream consumers on a laptop the way Lambda's event source mapping
// runs them in the cloud: it reads the table's DynamoDB stream from DynamoDB Local
// (DescribeStream, GetShardIterator, GetRecords, following shards from parent to child),
// keeps only the records the function's subscription selects, hands them over in batches
// as events.DynamoDBEvent, and on a failure retries from the first record the function
// reported failed.
package streams

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/hypetrack/hypetrack/shared/store"
	"github.com/hypetrack/hypetrack/shared/system"
)

// Handler is a stream consumer's entry point.
type Handler func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)

// Poller feeds one function from the table's stream.
type Poller struct {
	streams   *dynamodbstreams.Client
	streamARN string
	fn        system.Function
	handler   Handler
	// Idle is the pause between polls when no shard had records.
	Idle time.Duration
	// Backoff is the pause before retrying a failed batch.
	Backoff time.Duration
}

// New builds a poller of the stream of table for fn (which must have a Stream source).
func New(ctx context.Context, table *store.Table, endpoint string, fn system.Function, h Handler) (*Poller, error) {
	if fn.Stream == nil {
		return nil, fmt.Errorf("function %s has no stream subscription", fn.Name)
	}
	desc, err := table.DB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table.Name)})
	if err != nil {
		return nil, fmt.Errorf("describe table %s: %w", table.Name, err)
	}
	if desc.Table.LatestStreamArn == nil {
		return nil, fmt.Errorf("table %s has no stream", table.Name)
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")))
	if err != nil {
		return nil, fmt.Errorf("stream client config: %w", err)
	}
	client := dynamodbstreams.NewFromConfig(awsCfg, func(o *dynamodbstreams.Options) {
		o.BaseEndpoint = aws.String(endpoint)
	})
	return &Poller{
		streams: client, streamARN: *desc.Table.LatestStreamArn, fn: fn, handler: h,
		Idle: 100 * time.Millisecond, Backoff: 500 * time.Millisecond,
	}, nil
}

// shard is a shard's reading state.
type shard struct {
	parent   string
	iterator *string
	done     bool
}

// Run polls until ctx ends. Failures of the stream API are logged and retried: a local
// stack keeps going the way the cloud's event source mapping does.
func (p *Poller) Run(ctx context.Context) {
	shards := map[string]*shard{}
	var order []string
	lastRefresh := time.Time{}
	for ctx.Err() == nil {
		if time.Since(lastRefresh) > time.Second {
			found, err := p.describe(ctx)
			if err != nil {
				p.pause(ctx, p.Backoff, "describe stream", err)
				continue
			}
			for _, s := range found {
				if _, ok := shards[aws.ToString(s.ShardId)]; !ok {
					shards[aws.ToString(s.ShardId)] = &shard{parent: aws.ToString(s.ParentShardId)}
					order = append(order, aws.ToString(s.ShardId))
				}
			}
			lastRefresh = time.Now()
		}
		busy := false
		for _, id := range order {
			s := shards[id]
			if parent, ok := shards[s.parent]; s.done || (ok && !parent.done) {
				continue // a child shard waits until its parent is read to the end
			}
			got, err := p.poll(ctx, id, s)
			if err != nil {
				p.pause(ctx, p.Backoff, "poll shard "+id, err)
			}
			busy = busy || got
		}
		if !busy {
			p.pause(ctx, p.Idle, "", nil)
		}
	}
}

func (p *Poller) pause(ctx context.Context, d time.Duration, what string, err error) {
	if err != nil && ctx.Err() == nil {
		slog.Warn("stream poller: "+what, "function", p.fn.Name, "err", err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

func (p *Poller) describe(ctx context.Context) ([]types.Shard, error) {
	var all []types.Shard
	var start *string
	for {
		out, err := p.streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(p.streamARN), ExclusiveStartShardId: start})
		if err != nil {
			return nil, fmt.Errorf("describe stream: %w", err)
		}
		all = append(all, out.StreamDescription.Shards...)
		if start = out.StreamDescription.LastEvaluatedShardId; start == nil {
			return all, nil
		}
	}
}

// poll reads one page of a shard and hands its records over. It reports whether there
// were records.
func (p *Poller) poll(ctx context.Context, id string, s *shard) (bool, error) {
	if s.iterator == nil {
		it, err := p.streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{
			StreamArn: aws.String(p.streamARN), ShardId: aws.String(id), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			return false, fmt.Errorf("shard iterator: %w", err)
		}
		s.iterator = it.ShardIterator
	}
	out, err := p.streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: s.iterator, Limit: aws.Int32(1000)})
	var expired *types.ExpiredIteratorException
	var trimmed *types.TrimmedDataAccessException
	if errors.As(err, &expired) || errors.As(err, &trimmed) {
		// DynamoDB Local also answers TrimmedDataAccessException to an iterator taken while
		// its shard was still empty (aws/aws-sdk-java#2923), and keeps doing so; a fresh
		// iterator from the trim horizon reads on. Consumers are idempotent, so reading a
		// record again is harmless.
		s.iterator = nil
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("get records: %w", err)
	}
	if failed, err := p.deliver(ctx, out.Records); err != nil {
		// Retry from the failed record, as Lambda does with partial batch failures.
		it, ierr := p.streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{
			StreamArn: aws.String(p.streamARN), ShardId: aws.String(id),
			ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber, SequenceNumber: aws.String(failed),
		})
		if ierr != nil {
			return true, errors.Join(err, fmt.Errorf("shard iterator at %s: %w", failed, ierr))
		}
		s.iterator = it.ShardIterator
		return true, err
	}
	s.iterator = out.NextShardIterator
	s.done = s.iterator == nil
	return len(out.Records) > 0, nil
}

// deliver hands the selected records over in batches. On a failure it returns the
// sequence number to resume from.
func (p *Poller) deliver(ctx context.Context, records []types.Record) (string, error) {
	var batch []events.DynamoDBEventRecord
	flush := func() (string, error) {
		if len(batch) == 0 {
			return "", nil
		}
		res, err := p.handler(ctx, events.DynamoDBEvent{Records: batch})
		first := batch[0].Change.SequenceNumber
		batch = batch[:0]
		if err != nil {
			return first, fmt.Errorf("function %s failed: %w", p.fn.Name, err)
		}
		if len(res.BatchItemFailures) > 0 {
			return lowest(res.BatchItemFailures), fmt.Errorf("function %s reported %d failed records", p.fn.Name, len(res.BatchItemFailures))
		}
		return "", nil
	}
	for _, r := range records {
		if !p.selects(r) {
			continue
		}
		batch = append(batch, Record(p.streamARN, r))
		if len(batch) == p.fn.Stream.BatchSize {
			if seq, err := flush(); err != nil {
				return seq, err
			}
		}
	}
	return flush()
}

// selects applies the subscription's filter, as Lambda's event filtering does.
func (p *Poller) selects(r types.Record) bool {
	sub := p.fn.Stream
	if len(sub.Events) > 0 && !slices.Contains(sub.Events, system.StreamEvent(r.EventName)) || r.Dynamodb == nil {
		return false
	}
	pk, ok := r.Dynamodb.Keys[string(system.Table.PartitionKey)].(*types.AttributeValueMemberS)
	if !ok {
		return false
	}
	if sub.Attribute != "" {
		if _, ok := r.Dynamodb.NewImage[sub.Attribute].(*types.AttributeValueMemberS); !ok {
			return false
		}
	}
	return len(sub.KeyPrefixes) == 0 || slices.ContainsFunc(sub.KeyPrefixes, func(prefix string) bool {
		return strings.HasPrefix(pk.Value, prefix)
	})
}

// lowest is the earliest failed record: sequence numbers are decimal strings of equal
// meaning but not equal length, so shorter is smaller.
func lowest(failures []events.DynamoDBBatchItemFailure) string {
	low := failures[0].ItemIdentifier
	for _, f := range failures[1:] {
		id := f.ItemIdentifier
		if len(id) < len(low) || (len(id) == len(low) && id < low) {
			low = id
		}
	}
	return low
}

// Record converts a stream record as the SDK reads it into the record Lambda delivers.
func Record(streamARN string, r types.Record) events.DynamoDBEventRecord {
	out := events.DynamoDBEventRecord{
		AWSRegion:      aws.ToString(r.AwsRegion),
		EventID:        aws.ToString(r.EventID),
		EventName:      string(r.EventName),
		EventSource:    "aws:dynamodb",
		EventVersion:   "1.1",
		EventSourceArn: streamARN,
	}
	if d := r.Dynamodb; d != nil {
		out.Change = events.DynamoDBStreamRecord{
			Keys:           Image(d.Keys),
			NewImage:       Image(d.NewImage),
			OldImage:       Image(d.OldImage),
			SequenceNumber: aws.ToString(d.SequenceNumber),
			SizeBytes:      aws.ToInt64(d.SizeBytes),
			StreamViewType: string(d.StreamViewType),
		}
		if d.ApproximateCreationDateTime != nil {
			out.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *d.ApproximateCreationDateTime}
		}
	}
	return out
}

// Image converts an item image from the SDK's stream types to Lambda's.
func Image(in map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	if in == nil {
		return nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(in))
	for k, v := range in {
		out[k] = attribute(v)
	}
	return out
}

func attribute(v types.AttributeValue) events.DynamoDBAttributeValue {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value)
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value)
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value)
	case *types.AttributeValueMemberL:
		list := make([]events.DynamoDBAttributeValue, 0, len(v.Value))
		for _, e := range v.Value {
			list = append(list, attribute(e))
		}
		return events.NewListAttribute(list)
	case *types.AttributeValueMemberM:
		return events.NewMapAttribute(Image(v.Value))
	}
	return events.NewNullAttribute()
}
