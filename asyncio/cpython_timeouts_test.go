package asyncio_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Behaviours from CPython's test_timeouts that timeout_test.go does not
// already cover.

// test_timeout_zero_sleep_zero: a scope of 0 expires even if the work only
// yields (Sleep(0) reports the expired context).
func TestTimeoutZeroWithSleepZeroTimesOut(t *testing.T) {
	err := asyncio.Timeout(context.Background(), 0, func(ctx context.Context) error {
		return asyncio.Sleep(ctx, 0)
	})
	if !errors.Is(err, asyncio.ErrTimeout) {
		t.Fatalf("Timeout(0) = %v", err)
	}
}

// test_timeout_in_the_past_sleep_zero: the same with a deadline in the past.
func TestTimeoutAtPastWithSleepZeroTimesOut(t *testing.T) {
	err := asyncio.TimeoutAt(context.Background(), time.Now().Add(-time.Hour), func(ctx context.Context) error {
		return asyncio.Sleep(ctx, 0)
	})
	if !errors.Is(err, asyncio.ErrTimeout) {
		t.Fatalf("TimeoutAt(past) = %v", err)
	}
}

// test_foreign_exception_passed: an error of the work before the deadline
// passes through unchanged.
func TestTimeoutForeignErrorPassesThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.Timeout(t.Context(), time.Hour, func(ctx context.Context) error {
			_ = asyncio.Sleep(ctx, time.Second)
			return errCP
		})
		if err != errCP {
			t.Fatalf("Timeout = %v, want errCP itself", err)
		}
	})
}

// test_foreign_exception_on_timeout: an error the work returns instead of
// the expiry, after the deadline, wins over ErrTimeout.
func TestTimeoutForeignErrorAfterExpiryWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.Timeout(t.Context(), time.Second, func(ctx context.Context) error {
			<-ctx.Done()
			return errCP
		})
		if !errors.Is(err, errCP) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("Timeout = %v, want errCP", err)
		}
	})
}

// test_outer_task_is_not_cancelled: the expiry of a scope cancels only the
// scope's context: the caller's stays alive and can go on working.
func TestTimeoutExpiryLeavesCallerContextAlive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		task := asyncio.CreateTask(t.Context(), func(ctx context.Context) (int, error) {
			err := asyncio.Timeout(ctx, time.Second, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
			if !errors.Is(err, asyncio.ErrTimeout) {
				return 0, err
			}
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			return 1, asyncio.Sleep(ctx, time.Second)
		})
		if v, err := task.Await(t.Context()); v != 1 || err != nil {
			t.Fatalf("task = %d, %v", v, err)
		}
	})
}

// test_nested_timeouts_loop_busy: when the outer scope expires first, the
// outer reports ErrTimeout and the inner passes the cancellation through.
func TestTimeoutNestedOuterExpiresFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var inner error
		outer := asyncio.Timeout(t.Context(), time.Second, func(ctx context.Context) error {
			inner = asyncio.Timeout(ctx, time.Hour, func(ctx context.Context) error { return asyncio.Sleep(ctx, 2*time.Hour) })
			return inner
		})
		if !errors.Is(outer, asyncio.ErrTimeout) {
			t.Fatalf("outer = %v", outer)
		}
		if inner == asyncio.ErrTimeout {
			t.Fatalf("inner scope, which did not expire, reported ErrTimeout")
		}
		if !errors.Is(inner, context.DeadlineExceeded) {
			t.Fatalf("inner = %v, want the outer's expiry passed through", inner)
		}
	})
}

// test_timeout_exception_cause: ErrTimeout is a deadline for code that only
// knows contexts, and the scope's cause says it is this package's timeout.
func TestTimeoutErrorIsADeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var cause error
		err := asyncio.Timeout(t.Context(), time.Second, func(ctx context.Context) error {
			<-ctx.Done()
			cause = context.Cause(ctx)
			return ctx.Err()
		})
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("Timeout = %v", err)
		}
		if !errors.Is(cause, asyncio.ErrTimeout) {
			t.Fatalf("cause = %v", cause)
		}
	})
}

// test_timeout_at_basic: TimeoutAt expires at its deadline exactly, whatever
// the time it was called.
func TestTimeoutAtExpiresExactlyAtDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		deadline := time.Now().Add(5 * time.Second)
		_ = asyncio.Sleep(t.Context(), 2*time.Second)
		err := asyncio.TimeoutAt(t.Context(), deadline, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
		if !errors.Is(err, asyncio.ErrTimeout) || !time.Now().Equal(deadline) {
			t.Fatalf("TimeoutAt = %v at %v, deadline %v", err, time.Now(), deadline)
		}
	})
}
