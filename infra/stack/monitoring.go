package stack

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// alarmPeriod is the window every alarm judges: short enough to page while a problem is
// young, long enough that one slow request is not an incident.
const alarmPeriod = 5 * time.Minute

// Alarm thresholds. A function serving a caller may fail now and then (a client hangs up,
// one request times out); background work should not fail at all, because nobody retries
// it but the platform, and its failures pile up in a queue.
const (
	syncErrorThreshold  = 5
	asyncErrorThreshold = 1
	// api5xxPercent of requests answered 5xx, once there are apiMinRequests requests in
	// the window (a single 5xx out of three requests is not an outage).
	api5xxPercent  = 1
	apiMinRequests = 20
)

// monitoring holds the alarms, so tests and the dashboard can see them.
type monitoring struct {
	topic  awssns.Topic
	alarms []awscloudwatch.Alarm
}

func newMonitoring(scope constructs.Construct, p Props, d *data, fns []*function, a *api) *monitoring {
	c := constructs.NewConstruct(scope, jsii.String("Monitoring"))
	m := &monitoring{}
	m.topic = awssns.NewTopic(c, jsii.String("Alarms"), &awssns.TopicProps{
		TopicName:  jsii.String(p.name("alarms")),
		EnforceSSL: jsii.Bool(true),
	})
	if p.AlarmEmail != "" {
		m.topic.AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String(p.AlarmEmail), nil))
	}
	namespace := "Hypetrack/" + string(p.Stage)
	period := duration(alarmPeriod)
	sum := &awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("Sum")}

	var functionWidgets []awscloudwatch.IWidget
	var queueMetrics, logMetrics []awscloudwatch.IMetric
	for _, f := range fns {
		name := string(f.spec.Name)
		threshold := syncErrorThreshold
		if f.failures != nil {
			threshold = asyncErrorThreshold
		}
		m.alarm(c, p, name+"-errors", f.fn.MetricErrors(sum), threshold,
			fmt.Sprintf("%s failed %d or more invocations in %s. Read its log group for the error.", name, threshold, alarmPeriod))
		m.alarm(c, p, name+"-throttles", f.fn.MetricThrottles(sum), 1,
			fmt.Sprintf("Lambda refused to run %s for lack of concurrency: callers saw errors or retries.", name))
		if f.failures != nil {
			depth := &awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("Maximum")}
			m.alarm(c, p, name+"-failures", f.failures.MetricApproximateNumberOfMessagesVisible(depth), 1,
				fmt.Sprintf("Events %s could not process after retries are waiting in %s: fix the cause, then replay them.", name, *f.failures.QueueName()))
			depth.Label = jsii.String(name)
			queueMetrics = append(queueMetrics, f.failures.MetricApproximateNumberOfMessagesVisible(depth))
		}
		if f.parked != nil {
			depth := &awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("Maximum")}
			m.alarm(c, p, name+"-parked", f.parked.MetricApproximateNumberOfMessagesVisible(depth), 1,
				fmt.Sprintf("%s parked work in %s (%s): fix the cause, then replay it.", name, *f.parked.QueueName(), f.spec.Parking.Purpose))
		}
		for _, la := range f.spec.LogAlarms {
			awslogs.NewMetricFilter(c, jsii.String("Filter-"+la.Metric), &awslogs.MetricFilterProps{
				LogGroup:        f.logGroup,
				FilterPattern:   awslogs.FilterPattern_StringValue(jsii.String("$."+slog.MessageKey), jsii.String("="), jsii.String(la.Message)),
				MetricNamespace: jsii.String(namespace),
				MetricName:      jsii.String(la.Metric),
				MetricValue:     jsii.String("1"),
				Unit:            awscloudwatch.Unit_COUNT,
			})
			metric := awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
				Namespace: jsii.String(namespace), MetricName: jsii.String(la.Metric),
				Period: period, Statistic: jsii.String("Sum"),
			})
			m.alarm(c, p, la.Metric, metric, la.Threshold, la.Why)
			logMetrics = append(logMetrics, metric)
		}
		functionWidgets = append(functionWidgets,
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String(name + ": invocations, errors, throttles"), Width: jsii.Number(12),
				Left: &[]awscloudwatch.IMetric{f.fn.MetricInvocations(sum), f.fn.MetricErrors(sum), f.fn.MetricThrottles(sum)},
			}),
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String(name + ": duration"), Width: jsii.Number(12),
				Left: &[]awscloudwatch.IMetric{
					f.fn.MetricDuration(&awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("p50")}),
					f.fn.MetricDuration(&awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("p99")}),
				},
			}),
		)
	}

	requests := a.stage.MetricCount(sum)
	serverErrors := a.stage.MetricServerError(sum)
	errorRate := awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
		Expression:   jsii.String(fmt.Sprintf("IF(requests >= %d, 100 * errors / requests, 0)", apiMinRequests)),
		UsingMetrics: &map[string]awscloudwatch.IMetric{"requests": requests, "errors": serverErrors},
		Label:        jsii.String("5xx %"),
		Period:       period,
	})
	m.alarm(c, p, "api-5xx", errorRate, api5xxPercent,
		fmt.Sprintf("More than %d%% of API requests were answered 5xx: clicks or webhooks may be failing.", api5xxPercent))

	tableThrottles := d.table.MetricThrottledRequestsForOperations(&awsdynamodb.OperationsMetricOptions{
		Period: period,
		Operations: &[]awsdynamodb.Operation{
			awsdynamodb.Operation_GET_ITEM, awsdynamodb.Operation_BATCH_GET_ITEM, awsdynamodb.Operation_QUERY,
			awsdynamodb.Operation_PUT_ITEM, awsdynamodb.Operation_UPDATE_ITEM, awsdynamodb.Operation_DELETE_ITEM,
			awsdynamodb.Operation_BATCH_WRITE_ITEM, awsdynamodb.Operation_TRANSACT_WRITE_ITEMS,
		},
	})
	m.alarm(c, p, "table-throttles", tableThrottles, 1,
		"DynamoDB throttled requests: on-demand capacity is ramping up behind a burst, or one partition is hot.")

	widgets := [][]awscloudwatch.IWidget{
		{awscloudwatch.NewAlarmStatusWidget(&awscloudwatch.AlarmStatusWidgetProps{
			Title: jsii.String("Alarms"), Width: jsii.Number(24), Alarms: m.alarmRefs(),
		})},
		{
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String("API requests and errors"), Width: jsii.Number(12),
				Left: &[]awscloudwatch.IMetric{requests, a.stage.MetricClientError(sum), serverErrors},
			}),
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String("API latency"), Width: jsii.Number(12),
				Left: &[]awscloudwatch.IMetric{
					a.stage.MetricLatency(&awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("p50")}),
					a.stage.MetricLatency(&awscloudwatch.MetricOptions{Period: period, Statistic: jsii.String("p99")}),
				},
			}),
		},
		{
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String("Table capacity used"), Width: jsii.Number(12),
				Left: &[]awscloudwatch.IMetric{
					d.table.MetricConsumedReadCapacityUnits(sum), d.table.MetricConsumedWriteCapacityUnits(sum),
				},
			}),
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String("Table throttles"), Width: jsii.Number(12),
				Left: &[]awscloudwatch.IMetric{tableThrottles},
			}),
		},
	}
	if len(queueMetrics) > 0 || len(logMetrics) > 0 {
		widgets = append(widgets, []awscloudwatch.IWidget{
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String("Failed events waiting for replay"), Width: jsii.Number(12), Left: &queueMetrics,
			}),
			awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
				Title: jsii.String("Counted log messages"), Width: jsii.Number(12), Left: &logMetrics,
			}),
		})
	}
	for i := 0; i < len(functionWidgets); i += 2 {
		widgets = append(widgets, functionWidgets[i:i+2])
	}
	var rows []*[]awscloudwatch.IWidget
	for i := range widgets {
		rows = append(rows, &widgets[i])
	}
	awscloudwatch.NewDashboard(c, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DashboardName:   jsii.String(p.name("")),
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(24)),
		Widgets:         &rows,
	})
	return m
}

// alarm raises an alarm when metric reaches threshold in one period, and tells the topic
// both when it fires and when it clears. No data means nothing happened: not an alarm.
func (m *monitoring) alarm(scope constructs.Construct, p Props, name string, metric awscloudwatch.IMetric, threshold int, why string) {
	alarm := awscloudwatch.NewAlarm(scope, jsii.String("Alarm-"+name), &awscloudwatch.AlarmProps{
		AlarmName:          jsii.String(p.name(name)),
		AlarmDescription:   jsii.String(why),
		Metric:             metric,
		Threshold:          jsii.Number(float64(threshold)),
		EvaluationPeriods:  jsii.Number(1),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
	})
	action := awscloudwatchactions.NewSnsAction(m.topic)
	alarm.AddAlarmAction(action)
	alarm.AddOkAction(action)
	m.alarms = append(m.alarms, alarm)
}

func (m *monitoring) alarmRefs() *[]interfacesawscloudwatch.IAlarmRef {
	refs := make([]interfacesawscloudwatch.IAlarmRef, len(m.alarms))
	for i, a := range m.alarms {
		refs[i] = a
	}
	return &refs
}
