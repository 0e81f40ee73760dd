package asyncio

import (
	"context"
	"time"
)

// WaitFor runs fn with a context that expires after timeout and returns fn's
// result, like asyncio.wait_for. When the timeout passes, fn's context is
// canceled and WaitFor waits for fn to return (however long its clean-up
// takes); if fn then returns an error matching context.DeadlineExceeded,
// WaitFor returns the zero value and ErrTimeout, which matches
// context.DeadlineExceeded too.
// A timeout <= 0 gives fn a context that has already expired.
//
// Everything else passes through: if fn absorbs the cancellation and returns
// a value with a nil error, WaitFor returns them, as CPython 3.12 and later
// do; if ctx itself is canceled or reaches its own deadline, fn's error (in
// practice ctx.Err()) is returned, never ErrTimeout.
//
// fn runs on the calling goroutine, as wait_for runs a coroutine in the
// calling task since CPython 3.12, so a panic in fn is not recovered. To
// bound the wait for an existing task, await it inside fn and cancel it on
// error if it should not run on (CPython's wait_for cancels it). WaitFor
// panics with an *ArgError if fn is nil. It is the same scope as Timeout.
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
