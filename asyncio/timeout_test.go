package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func sleepHour(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) }

func TestTimeoutExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var err error
		d := elapsed(func() { err = asyncio.Timeout(context.Background(), 2*time.Second, sleepHour) })
		if !errors.Is(err, asyncio.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || d != 2*time.Second {
			t.Fatalf("Timeout = %v after %v; want ErrTimeout after 2s", err, d)
		}
	})
}

func TestTimeoutInTimePassesResultThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		for _, want := range []error{nil, errBoom} {
			err := asyncio.Timeout(ctx, 2*time.Second, func(ctx context.Context) error {
				return errors.Join(asyncio.Sleep(ctx, time.Second), want)
			})
			if !errors.Is(err, want) || (want == nil && err != nil) {
				t.Fatalf("Timeout = %v, want %v", err, want)
			}
		}
	})
}

func TestTimeoutParentDeadlineIsNotOurs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		err := asyncio.Timeout(ctx, 5*time.Second, sleepHour)
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("Timeout = %v; want the parent's DeadlineExceeded, not ErrTimeout", err)
		}
	})
}

func TestTimeoutParentCancelIsNotOurs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		if err := asyncio.Timeout(ctx, 5*time.Second, sleepHour); !errors.Is(err, context.Canceled) {
			t.Fatalf("Timeout = %v; want context.Canceled", err)
		}
	})
}

func TestTimeoutNestedOnlyTheExpiredScopeReportsIt(t *testing.T) {
	for _, tc := range []struct {
		name         string
		outer, inner time.Duration
		innerTimeout bool // the inner scope reports ErrTimeout
		outerTimeout bool // the outer scope reports ErrTimeout
	}{
		{"OuterExpires", time.Second, 5 * time.Second, false, true},
		{"InnerExpires", 5 * time.Second, time.Second, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var innerErr error
				outerErr := asyncio.Timeout(context.Background(), tc.outer, func(ctx context.Context) error {
					innerErr = asyncio.Timeout(ctx, tc.inner, sleepHour)
					return innerErr
				})
				if errors.Is(innerErr, asyncio.ErrTimeout) != tc.innerTimeout || !errors.Is(innerErr, context.DeadlineExceeded) {
					t.Errorf("inner scope returned %v", innerErr)
				}
				// When the inner scope expired, the outer one did not: its
				// ErrTimeout is the inner one's, passed through.
				if errors.Is(outerErr, asyncio.ErrTimeout) != tc.outerTimeout {
					t.Errorf("outer scope returned %v", outerErr)
				}
			})
		})
	}
}

func TestTimeoutHandledInnerExpiryLeavesOuterAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var d time.Duration
		err := asyncio.Timeout(context.Background(), 5*time.Second, func(ctx context.Context) error {
			d = elapsed(func() {
				if err := asyncio.Timeout(ctx, time.Second, sleepHour); !errors.Is(err, asyncio.ErrTimeout) {
					t.Errorf("inner = %v", err)
				}
			})
			return asyncio.Sleep(ctx, time.Second) // the outer scope's context is still live
		})
		if err != nil || d != time.Second {
			t.Fatalf("outer = %v, inner took %v", err, d)
		}
	})
}

func TestTimeoutAtPastDeadlineExpiresAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var err error
		d := elapsed(func() { err = asyncio.TimeoutAt(context.Background(), time.Now().Add(-time.Second), sleepHour) })
		if !errors.Is(err, asyncio.ErrTimeout) || d != 0 {
			t.Fatalf("TimeoutAt(past) = %v after %v", err, d)
		}
	})
}

func TestTimeoutAtExpiresAtTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		deadline := time.Now().Add(3 * time.Second)
		err := asyncio.TimeoutAt(context.Background(), deadline, sleepHour)
		if !errors.Is(err, asyncio.ErrTimeout) || !time.Now().Equal(deadline) {
			t.Fatalf("TimeoutAt = %v at %v, want ErrTimeout at %v", err, time.Now(), deadline)
		}
	})
}

func TestTimeoutCauseTellsExpiryFromCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var cause error
		_ = asyncio.Timeout(context.Background(), time.Second, func(ctx context.Context) error {
			<-ctx.Done()
			cause = context.Cause(ctx)
			return ctx.Err()
		})
		if !errors.Is(cause, asyncio.ErrTimeout) {
			t.Fatalf("context.Cause inside the scope = %v, want one matching ErrTimeout", cause)
		}
	})
}

func TestTimeoutSwallowedExpiryIsNil(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.Timeout(context.Background(), time.Second, func(ctx context.Context) error {
			_ = sleepHour(ctx)
			return nil
		})
		if err != nil {
			t.Fatalf("Timeout = %v; fn finished normally, want nil", err)
		}
	})
}

func ExampleTimeout() {
	ctx := context.Background()
	err := asyncio.Timeout(ctx, 20*time.Millisecond, func(ctx context.Context) error {
		for step := 1; ; step++ {
			if err := asyncio.Sleep(ctx, time.Hour); err != nil {
				return fmt.Errorf("step %d: %w", step, err)
			}
		}
	})
	fmt.Println(errors.Is(err, asyncio.ErrTimeout), err)
	// Output: true asyncio: timeout
}
