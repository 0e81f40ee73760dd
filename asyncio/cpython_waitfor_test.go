package asyncio_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Behaviours from CPython's test_waitfor that waitfor_test.go does not
// already cover.

// test_wait_for_timeout_less_then_0_or_0_future_done: work that finishes
// without looking at its context succeeds even with a timeout of 0.
func TestWaitForZeroTimeoutFinishedWorkReturnsValue(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		v, err := asyncio.WaitFor(context.Background(), d, func(context.Context) (int, error) { return 7, nil })
		if v != 7 || err != nil {
			t.Fatalf("WaitFor(%v) = %d, %v", d, v, err)
		}
	}
}

// test_wait_for_waits_for_task_cancellation_w_timeout_0: even with a timeout
// of 0, WaitFor waits for the work's clean-up before it returns.
func TestWaitForZeroTimeoutStillWaitsForCleanup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := asyncio.WaitFor(t.Context(), 0, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			_ = asyncio.Sleep(context.Background(), 2*time.Second)
			return 0, ctx.Err()
		})
		if !errors.Is(err, asyncio.ErrTimeout) || time.Since(start) != 2*time.Second {
			t.Fatalf("WaitFor = %v after %v", err, time.Since(start))
		}
	})
}

// test_wait_for_reraises_exception_during_cancellation: an error the work
// returns while cleaning up after the timeout is WaitFor's error, not
// ErrTimeout.
func TestWaitForCleanupErrorAfterTimeoutIsReturned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, err := asyncio.WaitFor(t.Context(), time.Second, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, errCP
		})
		if !errors.Is(err, errCP) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("WaitFor = %v, want errCP", err)
		}
	})
}

// test_cancel_wait_for / test_cancel_blocking_wait_for: cancelling the task
// that runs WaitFor ends it with context.Canceled, not a timeout, at once.
func TestWaitForInCanceledTaskReturnsCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		task := asyncio.CreateTask(t.Context(), func(ctx context.Context) (int, error) {
			return asyncio.WaitFor(ctx, time.Hour, cpAfter(time.Hour, 1, nil))
		})
		time.AfterFunc(time.Second, func() { task.Cancel() })
		start := time.Now()
		_, err := task.Await(t.Context())
		if !errors.Is(err, context.Canceled) || errors.Is(err, asyncio.ErrTimeout) || time.Since(start) != time.Second {
			t.Fatalf("task = %v after %v", err, time.Since(start))
		}
	})
}

// test_wait_for_self_cancellation: a WaitFor whose work awaits a task that
// is cancelled returns that cancellation, not a timeout.
func TestWaitForAwaitingCanceledTaskIsNotATimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := asyncio.CreateTask(t.Context(), cpAfter(time.Hour, 1, nil))
		time.AfterFunc(time.Second, func() { inner.Cancel() })
		_, err := asyncio.WaitFor(t.Context(), time.Minute, inner.Await)
		if !errors.Is(err, context.Canceled) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("WaitFor = %v", err)
		}
	})
}

// Nested WaitFor: the inner timeout expires first and is the inner call's
// ErrTimeout; the outer one carries on and succeeds.
func TestWaitForNestedInnerExpiresFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := asyncio.WaitFor(t.Context(), 10*time.Second, func(ctx context.Context) (int, error) {
			_, err := asyncio.WaitFor(ctx, time.Second, cpAfter(time.Hour, 0, nil))
			if !errors.Is(err, asyncio.ErrTimeout) {
				return 0, err
			}
			return 9, nil
		})
		if v != 9 || err != nil {
			t.Fatalf("outer WaitFor = %d, %v", v, err)
		}
	})
}

// test_wait_for: work that ends just before the deadline returns its value,
// after exactly its own duration.
func TestWaitForWorkJustInTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		v, err := asyncio.WaitFor(t.Context(), 3*time.Second, cpAfter(3*time.Second-time.Nanosecond, 4, nil))
		if v != 4 || err != nil || time.Since(start) != 3*time.Second-time.Nanosecond {
			t.Fatalf("WaitFor = %d, %v after %v", v, err, time.Since(start))
		}
	})
}
