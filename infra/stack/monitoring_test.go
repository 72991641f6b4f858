package stack_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

func TestAlarmsCoverEveryFunctionQueueAndTheAPI(t *testing.T) {
	s := dev(t)
	topic := map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^MonitoringAlarms"))}
	alarm := func(name string, extra map[string]any) {
		t.Helper()
		props := map[string]any{
			"AlarmName":          "hypetrack-dev-" + name,
			"AlarmActions":       []any{topic},
			"OKActions":          []any{topic},
			"ComparisonOperator": "GreaterThanOrEqualToThreshold",
			"TreatMissingData":   "notBreaching",
		}
		for k, v := range extra {
			props[k] = v
		}
		check(t, "alarm "+name, func() {
			s.template.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), obj(props))
		})
	}
	for _, f := range s.functions() {
		fn := map[string]any{"Name": "FunctionName", "Value": map[string]any{"Ref": s.functionID(t, f.Name)}}
		alarm(string(f.Name)+"-errors", map[string]any{"MetricName": "Errors", "Namespace": "AWS/Lambda", "Dimensions": []any{fn}})
		alarm(string(f.Name)+"-throttles", map[string]any{"MetricName": "Throttles", "Dimensions": []any{fn}, "Threshold": float64(1)})
		if f.Schedule != nil || f.Stream != nil {
			alarm(string(f.Name)+"-failures", map[string]any{
				"MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS", "Threshold": float64(1),
			})
		}
	}
	alarm("api-5xx", map[string]any{"Metrics": assertions.Match_ArrayWith(&[]any{
		assertions.Match_ObjectLike(obj(map[string]any{"Expression": assertions.Match_StringLikeRegexp(jsii.String("errors / requests"))})),
	})})
	alarm("table-throttles", nil)
}

func TestWebhookSignatureRejectionsAreCountedAndAlarmed(t *testing.T) {
	s := dev(t)
	webhook, _ := system.FunctionByName(system.Webhook)
	if len(webhook.LogAlarms) == 0 {
		t.Fatal("the webhook declares no log alarm")
	}
	for _, la := range webhook.LogAlarms {
		check(t, la.Metric, func() {
			s.template.HasResourceProperties(jsii.String("AWS::Logs::MetricFilter"), obj(map[string]any{
				"LogGroupName":  map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^FunctionswebhookLogs"))},
				"FilterPattern": fmt.Sprintf(`{ $.msg = "%s" }`, la.Message),
				"MetricTransformations": []any{map[string]any{
					"MetricName": la.Metric, "MetricNamespace": "Hypetrack/dev", "MetricValue": "1", "Unit": "Count",
				}},
			}))
			s.template.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), obj(map[string]any{
				"AlarmName":  "hypetrack-dev-" + la.Metric,
				"MetricName": la.Metric,
				"Namespace":  "Hypetrack/dev",
				"Threshold":  float64(la.Threshold),
				"Period":     float64(300),
				"Statistic":  "Sum",
			}))
		})
	}
	if webhook.LogAlarms[0].Message != system.LogWebhookSignatureRejected {
		t.Errorf("the webhook alarm counts %q", webhook.LogAlarms[0].Message)
	}
}

func TestDashboardAndAlarmSubscription(t *testing.T) {
	s := dev(t)
	check(t, "dashboard", func() {
		s.template.HasResourceProperties(jsii.String("AWS::CloudWatch::Dashboard"), obj(map[string]any{"DashboardName": "hypetrack-dev"}))
		s.template.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), obj(map[string]any{
			"Protocol": "email", "Endpoint": "oncall@example.com",
		}))
		s.template.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), obj(map[string]any{
			"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(obj(map[string]any{
					"Effect":    "Deny",
					"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
				})),
			})},
		}))
	})
}
