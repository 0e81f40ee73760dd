// Package sleep is the post's point about sleeping: a coroutine that must
// pause calls asyncio.sleep, never time.sleep, which would freeze the
// event loop. First, as in the post, an async generator pauses a second
// before each of its 5 values. Then a ticker ticks twice, a second apart,
// while a napper naps 3 s: in asyncio.Sleep, the ticker ticks on time; in
// time.Sleep, which holds the event loop, only once the nap is over.
package sleep

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func myGenerator(ctx context.Context) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range 5 {
			if asyncio.Sleep(ctx, time.Second) != nil || !yield(i) {
				return
			}
		}
	}
}

func myConsumer(ctx context.Context, w io.Writer) error {
	for item := range myGenerator(ctx) {
		fmt.Fprintf(w, "generator ex1: %d\n", item)
	}
	return ctx.Err() // non-nil if the generator stopped because of ctx
}

// tickWhileNapping runs the ticker and a napper that naps with nap. Each
// line starts with the whole seconds since they started, on the loop's
// clock (asyncio.Now, Python's loop.time()).
func tickWhileNapping(ctx context.Context, w io.Writer,
	nap func(context.Context) error) error {
	start := asyncio.Now(ctx)
	since := func() time.Duration {
		return asyncio.Now(ctx).Sub(start).Truncate(time.Second)
	}
	ticker := func(ctx context.Context) error {
		for n := 1; n <= 2; n++ {
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			fmt.Fprintf(w, "%v tick %d\n", since(), n)
		}
		return nil
	}
	napper := func(ctx context.Context) error {
		fmt.Fprintf(w, "%v napper: asleep\n", since())
		if err := nap(ctx); err != nil {
			return err
		}
		fmt.Fprintf(w, "%v napper: awake\n", since())
		return nil
	}
	_, err := asyncio.Gather(ctx,
		asyncio.Go(ctx, ticker, asyncio.WithName("ticker")),
		asyncio.Go(ctx, napper, asyncio.WithName("napper")))
	return err
}

// napAwaiting gives the loop up: the ticker runs meanwhile. It also ends
// at once if ctx is cancelled.
func napAwaiting(ctx context.Context) error {
	return asyncio.Sleep(ctx, 3*time.Second)
}

// napBlocking holds the event loop: no other task runs until it returns,
// and cancelling ctx cannot cut it short.
func napBlocking(ctx context.Context) error {
	time.Sleep(3 * time.Second)
	return ctx.Err()
}

// Run plays the post's main(), then shows the two naps.
func Run(ctx context.Context, w io.Writer) error {
	if err := myConsumer(ctx, w); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "A ticker ticks while a napper naps 3s in asyncio.Sleep:")
	if err := tickWhileNapping(ctx, w, napAwaiting); err != nil {
		return err
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Now the napper naps 3s in time.Sleep:")
	return tickWhileNapping(ctx, w, napBlocking)
}
