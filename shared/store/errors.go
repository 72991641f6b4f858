package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The three outcomes other than success that callers act on. Errors returned by this
// package wrap one of them (test with errors.Is) together with the SDK's own error.
var (
	// ErrNotFound means the item does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a write's condition failed: the item exists already, or its
	// version moved on. The caller decides whether that is a duplicate or a stale update.
	ErrConflict = errors.New("condition failed")
	// ErrThrottled means the store is busy, throttling or out of reach; the request may be
	// retried later. Callers answering a client turn it into a status that makes it retry.
	ErrThrottled = errors.New("store busy, retry later")
)

// classify wraps err with the sentinel that says what the caller should do about it.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var (
		condFailed *types.ConditionalCheckFailedException
		canceled   *types.TransactionCanceledException
		throughput *types.ProvisionedThroughputExceededException
		limit      *types.RequestLimitExceeded
		throttling *types.ThrottlingException
		txConflict *types.TransactionConflictException
		inProgress *types.TransactionInProgressException
		internal   *types.InternalServerError
		quota      ratelimit.QuotaExceededError
		send       *smithyhttp.RequestSendError
		attempts   *retry.MaxAttemptsError
	)
	switch {
	case errors.As(err, &condFailed):
		return fmt.Errorf("%w: %w", ErrConflict, err)
	case errors.As(err, &canceled):
		return fmt.Errorf("%w: %w", canceledKind(canceled), err)
	case errors.As(err, &throughput), errors.As(err, &limit), errors.As(err, &throttling),
		errors.As(err, &txConflict), errors.As(err, &inProgress), errors.As(err, &internal),
		errors.As(err, &quota), errors.As(err, &attempts), errors.As(err, &send),
		errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: %w", ErrThrottled, err)
	}
	return err
}

// canceledKind reads a cancelled transaction's reasons: a failed condition is a conflict,
// anything else (a concurrent transaction, throttling) is worth retrying.
func canceledKind(e *types.TransactionCanceledException) error {
	for _, r := range e.CancellationReasons {
		if r.Code != nil && *r.Code == "ConditionalCheckFailed" {
			return ErrConflict
		}
	}
	return ErrThrottled
}

// FailedConditions returns the positions of the transaction items whose condition failed,
// so a caller can tell "already processed" from "stale version" in one transaction.
func FailedConditions(err error) []int {
	var canceled *types.TransactionCanceledException
	if !errors.As(err, &canceled) {
		return nil
	}
	var failed []int
	for i, r := range canceled.CancellationReasons {
		if r.Code != nil && *r.Code == "ConditionalCheckFailed" {
			failed = append(failed, i)
		}
	}
	return failed
}
