package stack_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

func TestEveryFunctionRunsOnArmWithTracingAndKeptLogs(t *testing.T) {
	for _, c := range []struct {
		s         *scenario
		retention float64
	}{{dev(t), 7}, {prod(t), 90}} {
		for _, f := range c.s.functions() {
			name := "hypetrack-" + string(c.s.props.Stage) + "-" + string(f.Name)
			want := map[string]any{
				"FunctionName":  name,
				"Architectures": []any{"arm64"},
				"Runtime":       "provided.al2023",
				"Handler":       "bootstrap",
				"MemorySize":    float64(f.MemoryMB),
				"Timeout":       f.Timeout.Seconds(),
				"TracingConfig": map[string]any{"Mode": "Active"},
				"LoggingConfig": map[string]any{
					"LogFormat": "JSON",
					"LogGroup":  map[string]any{"Ref": assertions.Match_AnyValue()},
				},
				"Environment": map[string]any{"Variables": assertions.Match_ObjectLike(obj(map[string]any{
					system.EnvTable: map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^DataTable"))},
				}))},
			}
			if f.ReservedConcurrency > 0 {
				want["ReservedConcurrentExecutions"] = float64(f.ReservedConcurrency)
			} else {
				want["ReservedConcurrentExecutions"] = assertions.Match_Absent()
			}
			check(t, name, func() {
				c.s.template.HasResourceProperties(jsii.String("AWS::Lambda::Function"), obj(want))
				c.s.template.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj(map[string]any{
					"LogGroupName": "/aws/lambda/" + name, "RetentionInDays": c.retention,
				}))
			})
		}
	}
}

func TestScheduledFunctionsFailIntoAQueue(t *testing.T) {
	s := dev(t)
	for _, f := range s.functions() {
		if f.Schedule == nil {
			continue
		}
		fnID := s.functionID(t, f.Name)
		queue := assertions.Match_StringLikeRegexp(jsii.String("^Functions" + string(f.Name) + "Failures"))
		every := f.Schedule.Every
		if override, ok := s.props.ScheduleRates[f.Schedule.Name]; ok {
			every = override // the dev scenario overrides the metrics' shared hour
		}
		check(t, string(f.Name)+" schedule", func() {
			s.template.HasResourceProperties(jsii.String("AWS::Events::Rule"), obj(map[string]any{
				"Name":               "hypetrack-dev-" + f.Schedule.Name,
				"ScheduleExpression": fmt.Sprintf("rate(%d minutes)", int(every.Minutes())),
				"Targets": []any{map[string]any{
					"Arn":              map[string]any{"Fn::GetAtt": []any{fnID, "Arn"}},
					"DeadLetterConfig": map[string]any{"Arn": map[string]any{"Fn::GetAtt": []any{queue, "Arn"}}},
					"RetryPolicy":      map[string]any{"MaximumRetryAttempts": float64(2), "MaximumEventAgeInSeconds": float64(6 * 3600)},
				}},
			}))
			s.template.HasResourceProperties(jsii.String("AWS::Lambda::EventInvokeConfig"), obj(map[string]any{
				"FunctionName": map[string]any{"Ref": fnID},
				"DestinationConfig": map[string]any{"OnFailure": map[string]any{
					"Destination": map[string]any{"Fn::GetAtt": []any{queue, "Arn"}},
				}},
				"MaximumRetryAttempts": float64(2),
			}))
		})
	}
	check(t, "prod keeps the shared period", func() {
		prod(t).template.HasResourceProperties(jsii.String("AWS::Events::Rule"), obj(map[string]any{"ScheduleExpression": "rate(1 hour)"}))
	})
}

func TestStreamConsumersGetFilteredBatchesAndAFailureQueue(t *testing.T) {
	s := dev(t)
	check(t, "event source mapping", func() {
		consumers := 0
		for _, f := range s.functions() {
			if f.Stream != nil {
				consumers++
			}
		}
		s.template.ResourceCountIs(jsii.String("AWS::Lambda::EventSourceMapping"), jsii.Number(float64(consumers)))
		s.template.HasResourceProperties(jsii.String("AWS::Lambda::EventSourceMapping"), obj(map[string]any{
			"FunctionName":                   map[string]any{"Ref": s.functionID(t, consumer.Name)},
			"EventSourceArn":                 map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DataTable")), "StreamArn"}},
			"StartingPosition":               "TRIM_HORIZON",
			"BatchSize":                      float64(50),
			"MaximumBatchingWindowInSeconds": float64(2),
			"BisectBatchOnFunctionError":     true,
			"MaximumRetryAttempts":           float64(10),
			"FunctionResponseTypes":          []any{"ReportBatchItemFailures"},
			"DestinationConfig": map[string]any{"OnFailure": map[string]any{
				"Destination": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^FunctionsconsumerFailures")), "Arn"}},
			}},
			"FilterCriteria": map[string]any{"Filters": []any{map[string]any{
				"Pattern": `{"dynamodb":{"Keys":{"` + string(system.Table.PartitionKey) + `":{"S":[{"prefix":"INBOX#"}]}}},"eventName":["INSERT"]}`,
			}}},
		}))
	})
	check(t, "the results packer sees only the marked counters", func() {
		s.template.HasResourceProperties(jsii.String("AWS::Lambda::EventSourceMapping"), obj(map[string]any{
			"FunctionName": map[string]any{"Ref": s.functionID(t, system.ResultsPack)},
			"FilterCriteria": map[string]any{"Filters": []any{map[string]any{
				"Pattern": `{"dynamodb":{"NewImage":{"` + system.ResultsSourceAttribute + `":{"S":[{"exists":true}]}}},"eventName":["INSERT","MODIFY"]}`,
			}}},
		}))
	})
	check(t, "prod has the shared stream consumers", func() {
		want := 0
		for _, f := range system.Functions {
			if f.Stream != nil {
				want++
			}
		}
		prod(t).template.ResourceCountIs(jsii.String("AWS::Lambda::EventSourceMapping"), jsii.Number(float64(want)))
	})
}

func TestOnlyBackgroundAndParkingFunctionsHaveQueues(t *testing.T) {
	s := dev(t)
	want := 0
	for _, f := range s.functions() {
		if f.Schedule != nil || f.Stream != nil {
			want++
		}
		if f.Parking != nil {
			want++ // its parking queue
		}
	}
	check(t, "queues", func() {
		s.template.ResourceCountIs(jsii.String("AWS::SQS::Queue"), jsii.Number(float64(want)))
		s.template.AllResourcesProperties(jsii.String("AWS::SQS::Queue"), obj(map[string]any{
			"SqsManagedSseEnabled":   true,
			"MessageRetentionPeriod": float64(14 * 24 * 3600),
		}))
	})
}
