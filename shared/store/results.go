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
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// The campaign results are kept from three kinds of counter item, never from raw clicks,
// orders or snapshots:
//   - traffic: the click counters' day buckets (counters.go), the campaign's and each
//     membership's;
//   - sales: the order ledger's per-membership day counters (orders.go);
//   - content: one item per creator and day holding each tracked post's level at its last
//     pull of the day, written by SavePost below.
//
// Each carries system.ResultsSourceAttribute, so the resultspack function receives their
// changes and packs them into the monthly items the results read (resultspack.go).
//
// Click counters and content levels are kept per UTC day; order counters per the
// workspace's day. A day of the results is therefore exact for sales and, for a workspace
// off UTC, shifted by its offset for clicks and views (docs/metrics.md says so).

// contentPK is the partition of a campaign's content levels.
func contentPK(ws, campaign string) string { return workspacePK(ws) + "#C#" + campaign + "#CONTENT" }

// contentSKPrefix starts the sort keys of one creator's content levels.
func contentSKPrefix(creator string) string { return "M#" + creator + "#D#" }

// postLevel is a post's level as stored under its attribute in a content item.
type postLevel struct {
	// At is the run time of the pull, so a late retry of an older run cannot overwrite
	// a newer level of the same day.
	At        string `json:"at"`
	Views     int64  `json:"views"`
	Likes     int64  `json:"likes"`
	Comments  int64  `json:"comments"`
	Shares    int64  `json:"shares"`
	Saves     int64  `json:"saves"`
	Checked   bool   `json:"checked"`
	Disclosed bool   `json:"disclosed"`
}

// putContentLevel records a pull as the post's level for the run's UTC day, unless the day
// holds a level from a later run already. One UpdateItem of a small item (1 WCU) per
// pulled post; a retried run writes the same values again.
func (t *Table) putContentLevel(ctx context.Context, p tracking.Post, u tracking.PostUpdate) error {
	l := u.Latest
	level := postLevel{At: sortTime(l.At), Views: deref(l.Views), Likes: deref(l.Likes), Comments: deref(l.Comments),
		Shares: deref(l.Shares), Saves: deref(l.Saves)}
	level.Checked, level.Disclosed = !u.Disclosure.CheckedAt.IsZero(), u.Disclosure.Disclosed
	av, err := marshal(level)
	if err != nil {
		return fmt.Errorf("encode content level of %s: %w", p.ID, err)
	}
	key := Key{PK: contentPK(p.WorkspaceID, p.CampaignID), SK: contentSKPrefix(p.CreatorID) + l.At.UTC().Format(time.DateOnly)}
	_, err = t.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                aws.String(t.Name),
		Key:                      key.attributes(),
		UpdateExpression:         aws.String("SET #p = :level, #source = :source"),
		ConditionExpression:      aws.String("attribute_not_exists(#p) OR #p.#at <= :at"),
		ExpressionAttributeNames: map[string]string{"#p": "p#" + p.ID, "#at": "at", "#source": system.ResultsSourceAttribute},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":level": av, ":at": &types.AttributeValueMemberS{Value: level.At},
			":source": &types.AttributeValueMemberS{Value: sourceContent},
		},
	})
	if err != nil {
		if err := classify(err); !errors.Is(err, ErrConflict) {
			return fmt.Errorf("save content level of %s: %w", p.ID, err)
		}
	}
	return nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
