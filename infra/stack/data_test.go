package stack_test

import (
	"strings"

	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

func TestTableFollowsTheSharedSchema(t *testing.T) {
	schema := system.Table
	var indexes []any
	for _, ix := range schema.Indexes {
		indexes = append(indexes, map[string]any{
			"IndexName": ix.Name,
			"KeySchema": []any{
				map[string]any{"AttributeName": string(ix.PartitionKey), "KeyType": "HASH"},
				map[string]any{"AttributeName": string(ix.SortKey), "KeyType": "RANGE"},
			},
			"Projection": map[string]any{"ProjectionType": "ALL"},
		})
	}
	var attributes []any
	for _, a := range schema.KeyAttributes() {
		attributes = append(attributes, map[string]any{"AttributeName": string(a), "AttributeType": "S"})
	}
	for _, s := range []*scenario{dev(t), prod(t)} {
		check(t, string(s.props.Stage)+" table", func() {
			s.template.ResourceCountIs(jsii.String("AWS::DynamoDB::Table"), jsii.Number(1))
			s.template.HasResourceProperties(jsii.String("AWS::DynamoDB::Table"), obj(map[string]any{
				"TableName": "hypetrack-" + string(s.props.Stage),
				"KeySchema": []any{
					map[string]any{"AttributeName": string(schema.PartitionKey), "KeyType": "HASH"},
					map[string]any{"AttributeName": string(schema.SortKey), "KeyType": "RANGE"},
				},
				"AttributeDefinitions":             assertions.Match_ArrayEquals(&attributes),
				"GlobalSecondaryIndexes":           indexes,
				"BillingMode":                      "PAY_PER_REQUEST",
				"PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true},
				"TimeToLiveSpecification":          map[string]any{"AttributeName": schema.TTLAttribute, "Enabled": true},
				"StreamSpecification":              map[string]any{"StreamViewType": string(schema.Stream)},
				"SSESpecification": map[string]any{
					"SSEEnabled":     true,
					"SSEType":        "KMS",
					"KMSMasterKeyId": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DataTableKey")), "Arn"}},
				},
			}))
		})
	}
}

func TestProdKeepsItsData(t *testing.T) {
	retained := map[string]bool{
		"AWS::DynamoDB::Table": true, "AWS::KMS::Key": true, "AWS::SecretsManager::Secret": true,
		"AWS::Cognito::UserPool": true, "AWS::S3::Bucket": true, "AWS::Logs::LogGroup": true,
		"AWS::SQS::Queue": true,
	}
	s := prod(t)
	for id, r := range s.resources {
		if retained[r.Type] && r.DeletionPolicy != "Retain" && !deploymentLogs(id) {
			t.Errorf("prod %s %s: deletion policy %q, want Retain", r.Type, id, r.DeletionPolicy)
		}
	}
	check(t, "prod deletion protection", func() {
		s.template.HasResourceProperties(jsii.String("AWS::DynamoDB::Table"), obj(map[string]any{"DeletionProtectionEnabled": true}))
		s.template.HasResourceProperties(jsii.String("AWS::Cognito::UserPool"), obj(map[string]any{"DeletionProtection": "ACTIVE"}))
		s.template.ResourceCountIs(jsii.String("Custom::S3AutoDeleteObjects"), jsii.Number(0))
	})
	d := dev(t)
	check(t, "dev can be torn down", func() {
		d.template.HasResourceProperties(jsii.String("AWS::DynamoDB::Table"), obj(map[string]any{"DeletionProtectionEnabled": false}))
		d.template.HasResource(jsii.String("AWS::DynamoDB::Table"), obj(map[string]any{"DeletionPolicy": "Delete"}))
	})
}

// deploymentLogs is the site-deployment function's log group: it holds nothing worth
// keeping after the stack is gone.
func deploymentLogs(id string) bool {
	return strings.HasPrefix(id, "SiteDeploymentLogs")
}

func TestKeysRotate(t *testing.T) {
	s := dev(t)
	check(t, "keys", func() {
		s.template.ResourceCountIs(jsii.String("AWS::KMS::Key"), jsii.Number(2))
		s.template.AllResourcesProperties(jsii.String("AWS::KMS::Key"), obj(map[string]any{"EnableKeyRotation": true}))
		s.template.HasResourceProperties(jsii.String("AWS::SecretsManager::Secret"), obj(map[string]any{
			"Name":     "hypetrack/dev/" + system.SocialAPICredentials,
			"KmsKeyId": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DataSecretsKey")), "Arn"}},
		}))
	})
}
