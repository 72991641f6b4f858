package store

import (
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Items are encoded with their json tags, so a domain type embedded in an item keeps the
// attribute names of its API form and needs no storage tags of its own. Wrapper structs
// add the key attributes with json tags too (`json:"pk"`).
const tagKey = "json"

func marshalMap(v any) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMapWithOptions(v, func(o *attributevalue.EncoderOptions) { o.TagKey = tagKey })
}

func marshal(v any) (types.AttributeValue, error) {
	return attributevalue.MarshalWithOptions(v, func(o *attributevalue.EncoderOptions) { o.TagKey = tagKey })
}

func unmarshalMap(m map[string]types.AttributeValue, out any) error {
	return attributevalue.UnmarshalMapWithOptions(m, out, func(o *attributevalue.DecoderOptions) { o.TagKey = tagKey })
}

func unmarshalListOfMaps(l []map[string]types.AttributeValue, out any) error {
	return attributevalue.UnmarshalListOfMapsWithOptions(l, out, func(o *attributevalue.DecoderOptions) { o.TagKey = tagKey })
}
