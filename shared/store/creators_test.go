package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/creators"
	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/ids"
)

// syntheticRoster makes n varied creators, deterministic so that runs compare.
func syntheticRoster(ws string, n int) []creators.Creator {
	countries := []string{"US", "GB", "DE", "FR", "BR", "IN"}
	topics := []string{"beauty", "fitness", "gaming", "food", "travel", "tech"}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	list := make([]creators.Creator, n)
	for i := range list {
		followers := int64(2_000 + (i*7919)%1_500_000)
		list[i] = creators.Creator{
			ID: ids.New(), WorkspaceID: ws, Name: fmt.Sprintf("Creator %05d", i),
			Handles:   map[string]string{"tiktok": fmt.Sprintf("creator%05d", i)},
			Followers: followers, AvgViews: followers / 3, EngagementRate: float64(10+i%90) / 1000,
			ActiveShare: 0.5 + float64(i%40)/100, Country: countries[i%len(countries)],
			Topics: []string{topics[i%len(topics)], topics[(i/7)%len(topics)]},
			Audience: creators.Audience{
				Countries: map[string]float64{countries[i%len(countries)]: 0.55, "US": 0.2},
				Female:    float64(i%100) / 100, IOS: float64((i*3)%100) / 100,
				Ages: map[string]float64{"18-24": 0.4, "25-34": 0.35, "35-44": 0.15},
			},
			RateCard: creators.RateCard{PerPost: followers / 10, Currency: "USD"},
			Created:  now, Updated: now, Version: 1,
		}
	}
	return list
}

func TestRosterKeepsCreatorsAndSummariesTogether(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	ws := ids.New()
	list := syntheticRoster(ws, 250)
	if err := table.CreateCreators(ctx, ws, list); err != nil {
		t.Fatal(err)
	}
	roster, err := table.Roster(ctx, ws)
	if err != nil || len(roster) != 250 {
		t.Fatalf("roster: %d summaries, %v", len(roster), err)
	}
	c := list[17]
	c.Followers, c.Version = 42, 2
	if err := table.UpdateCreator(ctx, c); err != nil {
		t.Fatal(err)
	}
	stale := c
	stale.Followers = 7
	if err := table.UpdateCreator(ctx, stale); !errors.Is(err, apperr.ErrStale) {
		t.Fatalf("stale update: want ErrStale, got %v", err)
	}
	got, err := table.Creator(ctx, ws, c.ID)
	if err != nil || got.Followers != 42 {
		t.Fatalf("creator after update: %d, %v", got.Followers, err)
	}
	roster, _ = table.Roster(ctx, ws)
	for _, s := range roster {
		if s.ID == c.ID && s.Followers != 42 {
			t.Fatalf("summary not updated with its creator: %d", s.Followers)
		}
	}
	if err := table.CreateCreators(ctx, ws, list[:1]); !errors.Is(err, apperr.ErrStale) && !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("creating an existing creator must fail, got %v", err)
	}
	if _, err := table.Creator(ctx, ids.New(), c.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("another workspace must not see the creator, got %v", err)
	}
}

// BenchmarkCreatorSearch measures the first page of a filtered, impact-sorted search over a
// workspace of 10,000 creators against DynamoDB Local.
func BenchmarkCreatorSearch(b *testing.B) {
	table := dynamotest.NewTable(b)
	ctx := context.Background()
	ws := ids.New()
	if err := table.CreateCreators(ctx, ws, syntheticRoster(ws, 10_000)); err != nil {
		b.Fatal(err)
	}
	q, err := creators.ParseQuery(map[string]string{"tier": "micro,mid", "minEngagement": "0.03", "audienceCountry": "US", "minCountryShare": "0.2", "sort": "impact", "limit": "50"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		roster, err := table.Roster(ctx, ws)
		if err != nil {
			b.Fatal(err)
		}
		page, err := creators.Search(roster, q)
		if err != nil || len(page.Items) != 50 {
			b.Fatalf("page of %d, %v", len(page.Items), err)
		}
	}
}
