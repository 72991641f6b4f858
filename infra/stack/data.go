package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// data holds everything stateful that outlives a deployment: the table, the keys that
// encrypt it and the runtime secrets, and the deployer-provided secrets.
type data struct {
	table      awsdynamodb.Table
	tableKey   awskms.Key
	secretsKey awskms.Key
	appSecrets map[string]awssecretsmanager.Secret
}

func newData(scope constructs.Construct, p Props) *data {
	c := constructs.NewConstruct(scope, jsii.String("Data"))
	retain := p.Stage.removalPolicy()
	d := &data{appSecrets: map[string]awssecretsmanager.Secret{}}

	// Two keys, because the table key is used by DynamoDB on every function's behalf while
	// the secrets key is used by code directly: separate keys keep a table reader from
	// ever being able to open a stored secret.
	d.tableKey = awskms.NewKey(c, jsii.String("TableKey"), &awskms.KeyProps{
		Alias:             jsii.String("alias/" + p.name("table")),
		Description:       jsii.String("Encrypts the Hypetrack table, its stream and backups."),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     retain,
	})
	d.secretsKey = awskms.NewKey(c, jsii.String("SecretsKey"), &awskms.KeyProps{
		Alias:             jsii.String("alias/" + p.name("secrets")),
		Description:       jsii.String("Seals webhook signing secrets, social tokens and app credentials."),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     retain,
	})

	schema := p.Table
	d.table = awsdynamodb.NewTable(c, jsii.String("Table"), &awsdynamodb.TableProps{
		TableName:    jsii.String(p.name("")),
		PartitionKey: stringAttr(schema.PartitionKey),
		SortKey:      stringAttr(schema.SortKey),
		// On demand: idle costs nothing, and a viral link's burst is absorbed without a
		// capacity plan.
		BillingMode:   awsdynamodb.BillingMode_PAY_PER_REQUEST,
		Encryption:    awsdynamodb.TableEncryption_CUSTOMER_MANAGED,
		EncryptionKey: d.tableKey,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
		DeletionProtection:  jsii.Bool(p.Stage == Prod),
		RemovalPolicy:       retain,
		TimeToLiveAttribute: jsii.String(schema.TTLAttribute),
		Stream:              awsdynamodb.StreamViewType(schema.Stream),
	})
	for _, ix := range schema.Indexes {
		d.table.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{
			IndexName:      jsii.String(ix.Name),
			PartitionKey:   stringAttr(ix.PartitionKey),
			SortKey:        stringAttr(ix.SortKey),
			ProjectionType: awsdynamodb.ProjectionType_ALL,
		})
	}

	for _, s := range p.AppSecrets {
		secret := awssecretsmanager.NewSecret(c, jsii.String("AppSecret-"+s.Name), &awssecretsmanager.SecretProps{
			SecretName:    jsii.String("hypetrack/" + string(p.Stage) + "/" + s.Name),
			Description:   jsii.String(s.Purpose),
			EncryptionKey: d.secretsKey,
			RemovalPolicy: retain,
		})
		d.appSecrets[s.Name] = secret
	}
	return d
}

func stringAttr(name system.KeyAttribute) *awsdynamodb.Attribute {
	return &awsdynamodb.Attribute{Name: jsii.String(string(name)), Type: awsdynamodb.AttributeType_STRING}
}

// name is a physical resource name: every resource of a stage starts with hypetrack-<stage>,
// so two stages can share an account and an operator can tell them apart at a glance.
func (p Props) name(suffix string) string {
	n := "hypetrack-" + string(p.Stage)
	if suffix != "" {
		n += "-" + suffix
	}
	return n
}
