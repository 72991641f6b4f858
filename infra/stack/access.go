package stack

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// tableActions maps each operation to the IAM actions it needs. Transactions have no
// actions of their own: IAM authorizes each part with the item action it performs.
var tableActions = map[system.TableOp][]string{
	system.TableGet:            {"dynamodb:GetItem", "dynamodb:BatchGetItem"},
	system.TableQuery:          {"dynamodb:Query"},
	system.TablePut:            {"dynamodb:PutItem"},
	system.TableUpdate:         {"dynamodb:UpdateItem"},
	system.TableDelete:         {"dynamodb:DeleteItem"},
	system.TableConditionCheck: {"dynamodb:ConditionCheckItem"},
	system.TableBatchWrite:     {"dynamodb:BatchWriteItem"},
}

// readOps only read; every other operation changes data.
var readOps = map[system.TableOp]bool{system.TableGet: true, system.TableQuery: true}

// Table-key actions, spelled out rather than with wildcards. DynamoDB uses the key on the
// caller's behalf: readers need Decrypt, writers also need to encrypt new data keys.
var (
	tableKeyRead  = []string{"kms:Decrypt"}
	tableKeyWrite = []string{
		"kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
		"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
	}
)

// tableStatements turns a function's TableAccess into IAM statements: the item actions on
// the table (and on its indexes for queries, when granted), optionally limited to key
// prefixes, and the use of the table key through DynamoDB only.
func tableStatements(access system.TableAccess, d *data, schema *system.TableSchema) []awsiam.PolicyStatement {
	if len(access.Ops) == 0 {
		return nil
	}
	var conditions *map[string]interface{}
	if len(access.KeyPrefixes) > 0 {
		var patterns []*string
		for _, prefix := range access.KeyPrefixes {
			patterns = append(patterns, jsii.String(prefix+"*"))
		}
		conditions = &map[string]interface{}{
			"ForAllValues:StringLike": map[string]interface{}{"dynamodb:LeadingKeys": patterns},
		}
	}

	var itemActions, queryActions []*string
	writes := false
	for _, op := range system.TableOps {
		if !access.Allows(op) {
			continue
		}
		writes = writes || !readOps[op]
		for _, a := range tableActions[op] {
			if op == system.TableQuery && access.Indexes {
				queryActions = append(queryActions, jsii.String(a))
			} else {
				itemActions = append(itemActions, jsii.String(a))
			}
		}
	}

	var statements []awsiam.PolicyStatement
	if len(itemActions) > 0 {
		statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("TableItems"),
			Actions:    &itemActions,
			Resources:  &[]*string{d.table.TableArn()},
			Conditions: conditions,
		}))
	}
	if len(queryActions) > 0 {
		resources := []*string{d.table.TableArn()}
		for _, ix := range schema.Indexes {
			resources = append(resources, jsii.String(*d.table.TableArn()+"/index/"+ix.Name))
		}
		statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("TableQueries"),
			Actions:    &queryActions,
			Resources:  &resources,
			Conditions: conditions,
		}))
	}

	keyActions := tableKeyRead
	if writes {
		keyActions = tableKeyWrite
	}
	statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("TableKeyThroughDynamoDB"),
		Actions:   jsii.Strings(keyActions...),
		Resources: &[]*string{d.tableKey.KeyArn()},
		Conditions: &map[string]interface{}{
			"StringEquals": map[string]interface{}{
				"kms:ViaService": "dynamodb." + *awscdk.Aws_REGION() + ".amazonaws.com",
			},
		},
	}))
	return statements
}

// secretStatements lets a function seal or open only the kinds of runtime secret it lists:
// KMS checks the encryption context the code passes, which names the kind.
func secretStatements(secrets []system.SecretAccess, d *data) []awsiam.PolicyStatement {
	byAction := map[string][]*string{}
	var order []string
	for _, s := range secrets {
		for action, granted := range map[string]bool{"kms:Encrypt": s.Seal, "kms:Decrypt": s.Open} {
			if !granted {
				continue
			}
			if _, seen := byAction[action]; !seen {
				order = append(order, action)
			}
			byAction[action] = append(byAction[action], jsii.String(string(s.Kind)))
		}
	}
	slices.Sort(order)
	var statements []awsiam.PolicyStatement
	for _, action := range order {
		statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(action),
			Resources: &[]*string{d.secretsKey.KeyArn()},
			Conditions: &map[string]interface{}{
				"StringEquals": map[string]interface{}{
					"kms:EncryptionContext:" + system.SecretContextKey: byAction[action],
				},
			},
		}))
	}
	return statements
}
