package clickstats_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/analytics"
	"github.com/hypetrack/hypetrack/shared/clickstats"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
	"github.com/hypetrack/hypetrack/shared/sampleevents"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// TestSampleEventIsCountedOnce hands the sample stream event over three times, as Lambda
// may redeliver a batch, plus records the function must ignore.
func TestSampleEventIsCountedOnce(t *testing.T) {
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	var ev events.DynamoDBEvent
	sampleevents.Load(t, "dynamodb/click-insert.json", &ev)
	at := time.Date(2026, 11, 23, 19, 2, 41, 123e6, time.UTC)
	click := links.Click{ID: "q2mY6v0o3Hc9sB1fWcXk7A", At: at, Domain: "hypt.link", Code: "Ab3dE9x", WorkspaceID: "w1", CampaignID: "c1",
		MembershipID: "m1", Country: "US", Device: "mobile", OS: "iOS", Referrer: "tiktok.com", VisitorKey: "Zk3n0QmVt2xYp8Lw"}
	if err := table.PutClick(ctx, click); err != nil {
		t.Fatal(err)
	}
	modify := ev.Records[0]
	modify.EventName = "MODIFY"
	other := ev.Records[0]
	other.Change.NewImage = map[string]events.DynamoDBAttributeValue{"pk": events.NewStringAttribute("LINK#x"), "sk": events.NewStringAttribute("LINK")}
	ev.Records = append(ev.Records, modify, other)

	h := clickstats.New(table)
	for range 3 {
		res, err := h.Handle(ctx, ev)
		if err != nil || len(res.BatchItemFailures) != 0 {
			t.Fatalf("handle: %+v, %v", res, err)
		}
	}
	day := at.Truncate(24 * time.Hour)
	got, err := analytics.NewService(table).Totals(ctx, analytics.Query{
		Scope: analytics.Scope{WorkspaceID: "w1", Kind: analytics.ScopeCampaign, ID: "c1"}, From: day, To: day.Add(24 * time.Hour)})
	if err != nil || got != (analytics.Totals{Clicks: 1, HumanClicks: 1, VisitorDays: 1}) {
		t.Fatalf("totals %+v, %v", got, err)
	}
}

// TestAStoreOutageFailsFromTheFirstUncountedRecord checks the partial batch failure.
func TestAStoreOutageFailsFromTheFirstUncountedRecord(t *testing.T) {
	var ev events.DynamoDBEvent
	sampleevents.Load(t, "dynamodb/click-insert.json", &ev)
	h := clickstats.New(down{})
	res, err := h.Handle(context.Background(), ev)
	if err != nil || len(res.BatchItemFailures) != 1 || res.BatchItemFailures[0].ItemIdentifier != ev.Records[0].Change.SequenceNumber {
		t.Fatalf("got %+v, %v", res, err)
	}
}

// down is a counter store in an outage.
type down struct{ analytics.CounterStore }

func (down) ClaimVisitor(context.Context, analytics.Visit) (analytics.Firsts, error) {
	return analytics.Firsts{}, context.DeadlineExceeded
}
