package asyncio

import (
	"context"
	"time"
)

// WaitFor runs fn on the calling goroutine with a context that expires after
// timeout and returns fn's result, like asyncio.wait_for. It blocks until fn
// returns, however long fn takes after the timeout. If the timeout passed and fn
// returned nothing but the cancellation (an error matching
// [context.DeadlineExceeded], with no other failure joined in), WaitFor returns
// the zero value and [ErrTimeout]; anything else passes through, including a
// value fn returns despite the timeout and ctx's own error. A timeout <= 0
// starts fn expired. A panic in fn is not recovered. It panics with an
// [*ArgError] if fn is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
func WaitFor[T any](ctx context.Context, timeout time.Duration, fn func(context.Context) (T, error)) (T, error) {
	if ctx == nil {
		nilCtxPanic("WaitFor")
	}
	if fn == nil {
		nilFuncPanic("WaitFor", "fn")
	}
	var v T
	timedOut, err := timeoutScope(ctx, Now(ctx).Add(timeout), func(ctx context.Context) error {
		var err error
		v, err = fn(ctx)
		return err
	})
	if timedOut {
		var zero T
		v = zero
	}
	return v, err
}
