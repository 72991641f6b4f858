package ordertest

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

type ddbAttr = types.AttributeValue

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }
