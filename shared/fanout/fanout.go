// Package fanout hands the metrics job's units of work to asynchronous invocations of the
// metrics function itself, so a run covers more than one invocation can pull in its time
// limit. Lambda queues asynchronous events durably, retries a failed one twice, and runs
// them in parallel up to the function's concurrency.
package fanout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/hypetrack/hypetrack/shared/metricsjob"
)

// Invoker is the part of the Lambda client the dispatcher uses.
type Invoker interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, opts ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Lambda dispatches units as asynchronous invocations of a function.
type Lambda struct {
	client   Invoker
	function string
}

var _ metricsjob.Dispatcher = (*Lambda)(nil)

// EnvFunctionName is set by the Lambda runtime to the running function's name.
const EnvFunctionName = "AWS_LAMBDA_FUNCTION_NAME"

// NewLambda dispatches to function (a name or ARN).
func NewLambda(client Invoker, function string) *Lambda {
	return &Lambda{client: client, function: function}
}

// Dispatch sends every unit as its own event, a few at a time; it fails if any could not
// be queued (those already queued run regardless, and a unit runs at most once).
func (l *Lambda) Dispatch(ctx context.Context, units []metricsjob.Unit) error {
	errs := make([]error, len(units))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, u := range units {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = l.send(ctx, u)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (l *Lambda) send(ctx context.Context, u metricsjob.Unit) error {
	payload, err := json.Marshal(metricsjob.UnitEvent{MetricsUnit: &u})
	if err != nil {
		return fmt.Errorf("encode unit %d.%d: %w", u.Shard, u.Part, err)
	}
	out, err := l.client.Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   aws.String(l.function),
		InvocationType: types.InvocationTypeEvent,
		Payload:        payload,
	})
	if err != nil {
		return fmt.Errorf("invoke %s for unit %d.%d: %w", l.function, u.Shard, u.Part, err)
	}
	if out.StatusCode != 202 {
		return fmt.Errorf("invoke %s for unit %d.%d: status %d", l.function, u.Shard, u.Part, out.StatusCode)
	}
	return nil
}
