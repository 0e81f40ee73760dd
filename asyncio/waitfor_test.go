package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func TestWaitForReturnsResultInTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var v int
		var err error
		d := elapsed(func() { v, err = asyncio.WaitFor(context.Background(), 2*time.Second, after(time.Second, 5, nil)) })
		if v != 5 || err != nil || d != time.Second {
			t.Fatalf("WaitFor = %d, %v after %v; want 5, nil after 1s", v, err, d)
		}
	})
}

func TestWaitForTimesOutAndWaitsForCleanup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cleanedUp := false
		var v int
		var err error
		d := elapsed(func() {
			v, err = asyncio.WaitFor(context.Background(), time.Second, func(ctx context.Context) (int, error) {
				if err := asyncio.Sleep(ctx, time.Hour); err != nil {
					// Clean-up that takes time of its own after the cancellation.
					_ = asyncio.Sleep(context.WithoutCancel(ctx), 500*time.Millisecond)
					cleanedUp = true
					return 9, err
				}
				return 1, nil
			})
		})
		if v != 0 || !errors.Is(err, asyncio.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("WaitFor = %d, %v; want 0, ErrTimeout", v, err)
		}
		if !cleanedUp || d != 1500*time.Millisecond {
			t.Fatalf("WaitFor returned after %v (clean-up done: %v); want 1.5s, after the clean-up", d, cleanedUp)
		}
	})
}

func TestWaitForReturnsValueWhenInnerSwallowsCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := asyncio.WaitFor(context.Background(), time.Second, func(ctx context.Context) (string, error) {
			_ = asyncio.Sleep(ctx, time.Hour)
			return "partial", nil
		})
		if v != "partial" || err != nil {
			t.Fatalf("WaitFor = %q, %v; want partial, nil", v, err)
		}
	})
}

func TestWaitForParentCancelIsNotTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		_, err := asyncio.WaitFor(ctx, 5*time.Second, after(time.Hour, 0, nil))
		if !errors.Is(err, context.Canceled) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("WaitFor = %v; want context.Canceled, not ErrTimeout", err)
		}
	})
}

func TestWaitForParentDeadlineIsNotTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := asyncio.WaitFor(ctx, 5*time.Second, after(time.Hour, 0, nil))
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("WaitFor = %v; want the parent's DeadlineExceeded, not ErrTimeout", err)
		}
	})
}

func TestWaitForZeroTimeoutIsAlreadyExpired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var sawExpired bool
		_, err := asyncio.WaitFor(context.Background(), 0, func(ctx context.Context) (int, error) {
			sawExpired = ctx.Err() != nil
			return 0, ctx.Err()
		})
		if !sawExpired || !errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("fn saw expired ctx: %v; WaitFor = %v", sawExpired, err)
		}
	})
}

func TestWaitForOtherErrorPassesThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, err := asyncio.WaitFor(context.Background(), time.Second, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, errBoom // failed while cleaning up: that is the news
		})
		if !errors.Is(err, errBoom) || errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("WaitFor = %v; want boom", err)
		}
	})
}

func TestNilFuncPanicsWithArgError(t *testing.T) {
	ctx := context.Background()
	tg, _ := asyncio.NewTaskGroup(ctx)
	defer func() { _ = tg.Wait(ctx) }()
	for name, call := range map[string]func(){
		"WaitFor":      func() { _, _ = asyncio.WaitFor[int](ctx, time.Second, nil) },
		"Timeout":      func() { _ = asyncio.Timeout(ctx, time.Second, nil) },
		"TimeoutAt":    func() { _ = asyncio.TimeoutAt(ctx, time.Now(), nil) },
		"Shield":       func() { asyncio.Shield[int](ctx, nil) },
		"ToThread":     func() { _, _ = asyncio.ToThread[int](ctx, nil) },
		"TaskGroup.Go": func() { tg.Go(nil) },
		"CreateTaskIn": func() { asyncio.CreateTaskIn[int](tg, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				ae, ok := recover().(*asyncio.ArgError)
				if !ok || ae.Func != name || !strings.Contains(ae.Error(), "is nil") {
					t.Fatalf("recovered %#v, want *ArgError for %s", ae, name)
				}
			}()
			call()
		})
	}
}

func ExampleWaitFor() {
	ctx := context.Background()
	slowQuery := func(ctx context.Context) (string, error) {
		if err := asyncio.Sleep(ctx, time.Minute); err != nil {
			return "", err
		}
		return "rows", nil
	}
	_, err := asyncio.WaitFor(ctx, 20*time.Millisecond, slowQuery)
	fmt.Println(err, errors.Is(err, asyncio.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
	// Output: asyncio: timeout true true
}
