package stack

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// Retry policy for work nobody waits on. Two retries ride out a throttle or a deploy;
// after that the event goes to the function's failure queue for a human to replay.
const (
	asyncRetries     = 2
	asyncMaxEventAge = 6 * time.Hour
	// streamRetries bounds how long one bad record can hold back its shard (each retry
	// bisects the batch first, so the bad record ends up alone).
	streamRetries = 10
)

// function is one deployed Lambda function with what monitoring needs to watch it.
type function struct {
	spec     system.Function
	fn       awslambda.Function
	logGroup awslogs.LogGroup
	// failures holds events of asynchronous and stream invocations that exhausted their
	// retries; nil for functions only ever invoked synchronously.
	failures awssqs.Queue
	// parked holds work the function parked for replay (system.Parking); nil without.
	parked awssqs.Queue
}

// newFunctions deploys every function in p.Functions, in order.
func newFunctions(scope constructs.Construct, p Props, d *data) []*function {
	c := constructs.NewConstruct(scope, jsii.String("Functions"))
	var out []*function
	byName := map[system.FunctionName]*function{}
	for _, spec := range p.Functions {
		f := newFunction(c, p, d, spec)
		if spec.Replays != "" {
			// system's tests make sure the producer came first and has a parking queue.
			grantReplay(f, byName[spec.Replays])
		}
		byName[spec.Name] = f
		out = append(out, f)
	}
	return out
}

// grantReplay lets f drain what producer parked: receive and delete on its queue only,
// with the queue's URL in the variable the producer sends to it by.
func grantReplay(f, producer *function) {
	producer.parked.GrantConsumeMessages(f.fn)
	f.fn.AddEnvironment(jsii.String(producer.spec.Parking.Env), producer.parked.QueueUrl(), nil)
}

func newFunction(scope constructs.Construct, p Props, d *data, spec system.Function) *function {
	c := constructs.NewConstruct(scope, jsii.String(string(spec.Name)))
	name := p.name(string(spec.Name))
	f := &function{spec: spec}

	// An explicit log group instead of Lambda's implicit one: retention and removal are
	// then part of the stack, and the role can be limited to this one group.
	f.logGroup = awslogs.NewLogGroup(c, jsii.String("Logs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/lambda/" + name),
		Retention:     p.Stage.logRetention(),
		RemovalPolicy: p.Stage.removalPolicy(),
	})
	// A role per function with no managed policies: everything it may do is below.
	role := awsiam.NewRole(c, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Runs " + name + ": " + spec.Purpose),
	})
	f.logGroup.GrantWrite(role)
	for _, s := range tableStatements(spec.Table, d, p.Table) {
		role.AddToPrincipalPolicy(s)
	}
	for _, s := range secretStatements(spec.Secrets, d) {
		role.AddToPrincipalPolicy(s)
	}

	env := map[string]*string{system.EnvTable: d.table.TableName()}
	if len(spec.Secrets) > 0 {
		env[system.EnvSecretsKey] = d.secretsKey.KeyArn()
	}
	for _, secretName := range spec.AppSecrets {
		// Props.Validate has made sure every name is known.
		secret := d.appSecrets[secretName]
		meta, _ := appSecretByName(p.AppSecrets, secretName)
		env[meta.Env] = secret.SecretArn()
		secret.GrantRead(role, nil)
	}

	if spec.InvokesItself {
		// The ARN is built from the name, not taken from the function, which would make the
		// role's policy and the function depend on each other.
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("lambda:InvokeFunction"),
			Resources: jsii.Strings(fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s",
				*awscdk.Aws_PARTITION(), *awscdk.Aws_REGION(), *awscdk.Aws_ACCOUNT_ID(), name)),
		}))
	}
	if spec.Parking != nil {
		f.parked = awssqs.NewQueue(c, jsii.String("Parked"), &awssqs.QueueProps{
			QueueName:       jsii.String(name + "-parked"),
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
			RemovalPolicy:   p.Stage.removalPolicy(),
		})
		f.parked.GrantSendMessages(role)
		env[spec.Parking.Env] = f.parked.QueueUrl()
	}

	async := spec.Schedule != nil || spec.Stream != nil
	if async {
		f.failures = awssqs.NewQueue(c, jsii.String("Failures"), &awssqs.QueueProps{
			QueueName:       jsii.String(name + "-failures"),
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
			RemovalPolicy:   p.Stage.removalPolicy(),
		})
	}

	props := &awslambda.FunctionProps{
		FunctionName: jsii.String(name),
		Description:  jsii.String(spec.Purpose),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         awslambda.Code_FromAsset(jsii.String(filepath.Join(p.AssetDir, string(spec.Name))), nil),
		MemorySize:   jsii.Number(float64(spec.MemoryMB)),
		Timeout:      duration(spec.Timeout),
		Role:         role,
		Environment:  &env,
		LogGroup:     f.logGroup,
		// slog's JSON lines pass through as they are; Lambda's own START/END/REPORT lines
		// become JSON too, so one query language reads all of them.
		LoggingFormat:         awslambda.LoggingFormat_JSON,
		ApplicationLogLevelV2: awslambda.ApplicationLogLevel_INFO,
		SystemLogLevelV2:      awslambda.SystemLogLevel_INFO,
		Tracing:               awslambda.Tracing_ACTIVE,
	}
	if spec.ReservedConcurrency > 0 {
		props.ReservedConcurrentExecutions = jsii.Number(float64(spec.ReservedConcurrency))
	}
	if async {
		props.OnFailure = awslambdadestinations.NewSqsDestination(f.failures)
		props.RetryAttempts = jsii.Number(asyncRetries)
		props.MaxEventAge = duration(asyncMaxEventAge)
	}
	f.fn = awslambda.NewFunction(c, jsii.String("Function"), props)

	if s := spec.Schedule; s != nil {
		every := s.Every
		if override, ok := p.ScheduleRates[s.Name]; ok {
			every = override
		}
		awsevents.NewRule(c, jsii.String("Schedule"), &awsevents.RuleProps{
			RuleName:    jsii.String(p.name(s.Name)),
			Description: jsii.String(fmt.Sprintf("Runs %s (%s).", name, s.Name)),
			Schedule:    awsevents.Schedule_Rate(duration(every)),
			Targets: &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(f.fn, &awseventstargets.LambdaFunctionProps{
				DeadLetterQueue: f.failures,
				RetryAttempts:   jsii.Number(asyncRetries),
				MaxEventAge:     duration(asyncMaxEventAge),
			})},
		})
	}
	if s := spec.Stream; s != nil {
		f.fn.AddEventSource(awslambdaeventsources.NewDynamoEventSource(d.table, &awslambdaeventsources.DynamoEventSourceProps{
			// From the oldest record still in the stream: a consumer deployed or re-enabled
			// late still sees everything of the last 24 hours.
			StartingPosition:        awslambda.StartingPosition_TRIM_HORIZON,
			BatchSize:               jsii.Number(float64(s.BatchSize)),
			MaxBatchingWindow:       duration(s.MaxBatchingWindow),
			BisectBatchOnError:      jsii.Bool(true),
			RetryAttempts:           jsii.Number(streamRetries),
			ReportBatchItemFailures: jsii.Bool(true),
			OnFailure:               awslambdaeventsources.NewSqsDlq(f.failures),
			Filters:                 streamFilters(p.Table, s),
		}))
	}
	return f
}

// streamFilters delivers only the records a consumer asked for, so it is neither invoked
// nor billed for the rest of the table's changes.
func streamFilters(schema *system.TableSchema, s *system.StreamSubscription) *[]*map[string]interface{} {
	pattern := map[string]interface{}{}
	record := map[string]interface{}{}
	if len(s.KeyPrefixes) > 0 {
		var prefixes []interface{}
		for _, prefix := range s.KeyPrefixes {
			prefixes = append(prefixes, map[string]interface{}{"prefix": prefix})
		}
		record["Keys"] = map[string]interface{}{
			string(schema.PartitionKey): map[string]interface{}{"S": prefixes},
		}
	}
	if s.Attribute != "" {
		record["NewImage"] = map[string]interface{}{
			s.Attribute: map[string]interface{}{"S": []interface{}{map[string]interface{}{"exists": true}}},
		}
	}
	if len(record) > 0 {
		pattern["dynamodb"] = record
	}
	if len(s.Events) > 0 {
		var names []interface{}
		for _, e := range s.Events {
			names = append(names, string(e))
		}
		pattern["eventName"] = names
	}
	if len(pattern) == 0 {
		return nil
	}
	return &[]*map[string]interface{}{awslambda.FilterCriteria_Filter(&pattern)}
}

// duration converts a Go duration into a CDK one, or nil for zero (CDK's default).
func duration(d time.Duration) awscdk.Duration {
	if d <= 0 {
		return nil
	}
	if d%time.Minute == 0 {
		return awscdk.Duration_Minutes(jsii.Number(d.Minutes()))
	}
	return awscdk.Duration_Seconds(jsii.Number(d.Seconds()))
}

func appSecretByName(secrets []system.AppSecret, name string) (system.AppSecret, bool) {
	for _, s := range secrets {
		if s.Name == name {
			return s, true
		}
	}
	return system.AppSecret{}, false
}
