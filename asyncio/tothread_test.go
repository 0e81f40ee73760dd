package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func TestToThreadReturnsResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var v int
		var err error
		d := elapsed(func() {
			v, err = asyncio.ToThread(context.Background(), func() (int, error) {
				time.Sleep(time.Second) // a blocking call that takes no context
				return 42, errBoom
			})
		})
		if v != 42 || !errors.Is(err, errBoom) || d != time.Second {
			t.Fatalf("ToThread = %d, %v after %v; want 42, boom after 1s", v, err, d)
		}
	})
}

func TestToThreadCancelReturnsPromptly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		finished := make(chan time.Duration, 1)
		start := time.Now()
		var err error
		d := elapsed(func() {
			_, err = asyncio.ToThread(ctx, func() (int, error) {
				time.Sleep(5 * time.Second)
				finished <- time.Since(start)
				return 1, nil
			})
		})
		if !errors.Is(err, context.Canceled) || d != time.Second {
			t.Fatalf("ToThread = %v after %v; want context.Canceled after 1s", err, d)
		}
		// The function cannot be interrupted: it runs to its end.
		if ran := <-finished; ran != 5*time.Second {
			t.Fatalf("fn ended after %v, want 5s", ran)
		}
	})
}

func TestToThreadAlreadyCanceledDoesNotStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if _, err := asyncio.ToThread(ctx, func() (int, error) { ran = true; return 0, nil }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("ToThread on a cancelled ctx = %v, ran %v", err, ran)
	}
}

func TestToThreadPanicBecomesPanicError(t *testing.T) {
	_, err := asyncio.ToThread(context.Background(), func() (int, error) { panic("kaboom") })
	var pe *asyncio.PanicError
	if !errors.As(err, &pe) || pe.Value != "kaboom" {
		t.Fatalf("ToThread = %v, want *PanicError", err)
	}
}

func TestToThreadGoexitIsAnError(t *testing.T) {
	_, err := asyncio.ToThread(context.Background(), func() (int, error) { runtimeGoexit(); return 0, nil })
	if err == nil {
		t.Fatal("ToThread of a function that called Goexit returned nil")
	}
}

func TestToThreadReportsBlockThread(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			_, err := asyncio.ToThread(ctx, func() (int, error) { time.Sleep(time.Second); return 0, nil })
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"created@0s", "started@0s", "blocked:thread@0s", "resumed:thread@1s", "finished@1s"}
		if got := rec.of("main", start); !slices.Equal(got, want) {
			t.Fatalf("main's events %v, want %v", got, want)
		}
	})
}

func ExampleToThread() {
	ctx := context.Background()
	// A blocking call with no context, such as a legacy client.
	blockingLookup := func() (string, error) {
		time.Sleep(time.Millisecond)
		return "192.0.2.1", nil
	}
	addr, err := asyncio.ToThread(ctx, blockingLookup)
	fmt.Println(addr, err)
	// Output: 192.0.2.1 <nil>
}
