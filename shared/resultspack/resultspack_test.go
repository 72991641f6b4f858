package resultspack_test

import (
	"context"
	"os"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/resultspack"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
	"github.com/hypetrack/hypetrack/shared/store"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var setup = results.Setup{Campaign: campaigns.Campaign{ID: "c1", WorkspaceID: "w1"}, Members: []results.MemberInput{{CreatorID: "m1"}}}

// The sample batch (a click bucket, an order counter and a post's level of one creator's
// day) lands in the creator's packed month, and delivering it again changes nothing.
func TestCountersReachTheResults(t *testing.T) {
	table := dynamotest.NewTable(t)
	h := resultspack.New(table)
	var ev events.DynamoDBEvent
	sampleevents.Load(t, "dynamodb/counters-modify.json", &ev)
	ctx := context.Background()
	for range 2 {
		res, err := h.Handle(ctx, ev)
		if err != nil || len(res.BatchItemFailures) > 0 {
			t.Fatalf("failures %v, err %v", res.BatchItemFailures, err)
		}
	}
	agg, err := table.Results().Days(ctx, setup, results.Range{From: "2026-11-01", To: "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	m := agg.Creators[0]
	if len(m.Traffic) != 1 || m.Traffic[0] != (results.TrafficDay{Day: "2026-11-23", Clicks: 42, HumanClicks: 39, UniqueVisitors: 31}) {
		t.Errorf("traffic %+v", m.Traffic)
	}
	if len(m.Sales) != 1 || m.Sales[0].NetRevenue != 23998 || m.Sales[0].OrdersByCode != 1 || m.Sales[0].Commission != 2400 {
		t.Errorf("sales %+v", m.Sales)
	}
	if len(m.Content) != 1 || m.Content[0].Views != 15200 || m.Content[0].Comments != 64 || m.Content[0].DisclosureCompliant != 1 {
		t.Errorf("content %+v", m.Content)
	}
}

// A month that cannot be written fails its records, and only those, so the stream
// retries them.
func TestAFailedMonthIsRetried(t *testing.T) {
	table := dynamotest.NewTable(t)
	missing := *table
	missing.Name = "no-such-table"
	var ev events.DynamoDBEvent
	sampleevents.Load(t, "dynamodb/counters-modify.json", &ev)
	// A record of another item kind in the batch is not the packer's.
	ev.Records = append(ev.Records, events.DynamoDBEventRecord{EventName: "MODIFY", Change: events.DynamoDBStreamRecord{
		SequenceNumber: "111600000000012345678901",
		NewImage:       map[string]events.DynamoDBAttributeValue{"pk": events.NewStringAttribute("CLICK#x"), "sk": events.NewStringAttribute("CLICK")},
	}})
	res, err := resultspack.New(&missing).Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.BatchItemFailures {
		got = append(got, f.ItemIdentifier)
	}
	want := []string{ev.Records[0].Change.SequenceNumber, ev.Records[1].Change.SequenceNumber, ev.Records[2].Change.SequenceNumber}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("failures %v, want %v", got, want)
	}
}

var _ resultspack.Packer = (*store.Table)(nil)
