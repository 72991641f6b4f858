package main

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/results"
	"github.com/hypetrack/hypetrack/shared/store"
)

// The seeded demo, read back from DynamoDB Local through its packed months as the API
// reads them, shows the figures the demo was built with.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	today := time.Now()
	seeded, err := seedDemo(ctx, table, "Lena@Trail.example", today)
	if err != nil || !seeded {
		t.Fatalf("seed: %v, %v", seeded, err)
	}
	demo := results.DemoData(demoWorkspaceID, results.DayOf(today, time.UTC))
	// A demo seeded before the packed months existed has counters only: the next start
	// packs them.
	for _, c := range demo.Campaigns {
		dropPackedMonths(t, table, "WS#"+demoWorkspaceID+"#C#"+c.Campaign.ID+"#RESULTS")
	}
	if again, err := seedDemo(ctx, table, "lena@trail.example", today); err != nil || again {
		t.Fatalf("second seed: %v, %v", again, err)
	}
	clock := results.WithClock(func() time.Time { return today })
	stored := results.NewService(results.NewEntityReader(table, table.Results()), clock)
	built := results.NewService(demo.Reader(), clock)
	if len(demo.Campaigns) != 2 {
		t.Fatalf("%d demo campaigns", len(demo.Campaigns))
	}
	for _, c := range demo.Campaigns {
		got, err := stored.Dashboard(ctx, demoWorkspaceID, c.Campaign.ID, results.Query{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := built.Dashboard(ctx, demoWorkspaceID, c.Campaign.ID, results.Query{})
		if err != nil {
			t.Fatal(err)
		}
		g, w := got.Figures, want.Figures
		for name, pair := range map[string][2]*int64{
			"clicks": {g.Clicks, w.Clicks}, "human clicks": {g.HumanClicks, w.HumanClicks}, "uniques": {g.UniqueVisitors, w.UniqueVisitors},
			"orders": {g.Orders, w.Orders}, "views": {g.Views, w.Views}, "likes": {g.Likes, w.Likes},
			"posts live": {g.PostsLive, w.PostsLive}, "compliant": {g.DisclosureCompliant, w.DisclosureCompliant},
		} {
			if pair[0] == nil || pair[1] == nil || *pair[0] != *pair[1] {
				t.Errorf("%s %s: stored %v, built %v", c.Campaign.Name, name, deref(pair[0]), deref(pair[1]))
			}
		}
		if *g.Clicks == 0 || *g.Orders == 0 || *g.Views == 0 {
			t.Errorf("%s: an empty demo: %d clicks, %d orders, %d views", c.Campaign.Name, *g.Clicks, *g.Orders, *g.Views)
		}
		if !reflect.DeepEqual(g.NetRevenue, w.NetRevenue) || !reflect.DeepEqual(g.Commission, w.Commission) || !reflect.DeepEqual(got.Goal.Actual, want.Goal.Actual) {
			t.Errorf("%s: net %v, commission %v, goal %v; built %v, %v, %v", c.Campaign.Name,
				g.NetRevenue, g.Commission, got.Goal.Actual, w.NetRevenue, w.Commission, want.Goal.Actual)
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// dropPackedMonths deletes every item of a campaign's packed results partition.
func dropPackedMonths(t *testing.T, table *store.Table, pk string) {
	t.Helper()
	ctx := context.Background()
	res, err := table.DB.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(table.Name),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}}})
	if err != nil || len(res.Items) == 0 {
		t.Fatalf("packed months of %s: %d, %v", pk, len(res.Items), err)
	}
	for _, item := range res.Items {
		key := map[string]types.AttributeValue{"pk": item["pk"], "sk": item["sk"]}
		if _, err := table.DB.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(table.Name), Key: key}); err != nil {
			t.Fatal(err)
		}
	}
}
