package store

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hypetrack/hypetrack/shared/system"
)

// queryPrefix reads every item of partition pk whose sort key starts with prefix, in sort
// key order, into out (a pointer to a slice of structs). index is "" for the table itself
// or the name of one of system.Table's indexes. Callers use it for collections that stay
// small (members, campaigns, a campaign's creators); large ones page with queryPage.
func (t *Table) queryPrefix(ctx context.Context, index, pk, prefix string, out any) error {
	items, err := t.queryItems(ctx, pk, t.prefixQuery(index, pk, prefix))
	if err != nil {
		return fmt.Errorf("%w (prefix %s)", err, prefix)
	}
	if err := unmarshalListOfMaps(items, out); err != nil {
		return fmt.Errorf("decode %s %s*: %w", pk, prefix, err)
	}
	return nil
}

func (t *Table) prefixQuery(index, pk, prefix string) *dynamodb.QueryInput {
	pkName, skName := system.Table.PartitionKey, system.Table.SortKey
	in := &dynamodb.QueryInput{TableName: aws.String(t.Name)}
	if index != "" {
		for _, ix := range system.Table.Indexes {
			if ix.Name == index {
				pkName, skName = ix.PartitionKey, ix.SortKey
			}
		}
		in.IndexName = aws.String(index)
	}
	in.KeyConditionExpression = aws.String("#pk = :pk AND begins_with(#sk, :prefix)")
	in.ExpressionAttributeNames = map[string]string{"#pk": string(pkName), "#sk": string(skName)}
	in.ExpressionAttributeValues = map[string]types.AttributeValue{
		":pk":     &types.AttributeValueMemberS{Value: pk},
		":prefix": &types.AttributeValueMemberS{Value: prefix},
	}
	return in
}

// queryItems reads every page of a query of partition pk.
func (t *Table) queryItems(ctx context.Context, pk string, in *dynamodb.QueryInput) ([]map[string]types.AttributeValue, error) {
	var items []map[string]types.AttributeValue
	pages := dynamodb.NewQueryPaginator(t.DB, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", pk, classify(err))
		}
		items = append(items, page.Items...)
	}
	return items, nil
}
