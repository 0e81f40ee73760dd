// Package sleep is the sleep example on Go's standard library alone: a
// generator that pauses a second before each of its 5 values, then a ticker
// that ticks twice while a napper naps 3 s, first in a select on a timer,
// then in time.Sleep. Go has no event loop to freeze: both times the ticker
// ticks on time, as with rexasyncio --sleep --goroutines.
package sleep

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

// async generator → a goroutine that sends on a channel, then closes it.
func myGenerator(ctx context.Context) <-chan int {
	values := make(chan int)
	go func() {
		defer close(values)
		for i := range 5 {
			if sleep(ctx, time.Second) != nil {
				return
			}
			select {
			case values <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return values
}

// async for → for-range over the channel, until it is closed.
func myConsumer(ctx context.Context, w io.Writer) error {
	for item := range myGenerator(ctx) {
		fmt.Fprintf(w, "generator ex1: %d\n", item)
	}
	return ctx.Err() // non-nil if the generator stopped because of ctx
}

// tickWhileNapping runs the ticker and a napper that naps with nap, on
// goroutines of their own, and waits for both. Each line starts with the
// whole seconds since they started.
func tickWhileNapping(ctx context.Context, w io.Writer,
	nap func(context.Context) error) error {
	start := time.Now()
	since := func() time.Duration {
		return time.Since(start).Truncate(time.Second)
	}
	var wg sync.WaitGroup
	var tickErr, napErr error
	wg.Go(func() {
		for n := 1; n <= 2; n++ {
			if tickErr = sleep(ctx, time.Second); tickErr != nil {
				return
			}
			fmt.Fprintf(w, "%v tick %d\n", since(), n)
		}
	})
	wg.Go(func() {
		fmt.Fprintf(w, "%v napper: asleep\n", since())
		if napErr = nap(ctx); napErr == nil {
			fmt.Fprintf(w, "%v napper: awake\n", since())
		}
	})
	wg.Wait()
	if tickErr != nil {
		return tickErr
	}
	return napErr
}

// Run plays the post's main. It writes to w from several goroutines at
// once: w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	if err := myConsumer(ctx, w); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "A ticker ticks while a napper naps 3s in asyncio.Sleep:")
	err := tickWhileNapping(ctx, w, func(ctx context.Context) error {
		return sleep(ctx, 3*time.Second)
	})
	if err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Now the napper naps 3s in time.Sleep:")
	return tickWhileNapping(ctx, w, func(ctx context.Context) error {
		// Blocks only this goroutine: the ticker goes on. But ctx
		// cannot cut it short.
		time.Sleep(3 * time.Second)
		return ctx.Err()
	})
}

// asyncio.sleep → a select between a timer and ctx.Done(). time.Sleep would
// block only this goroutine too, but ctx could not cut it short.
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
