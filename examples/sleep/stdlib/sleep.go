// Package sleep is the sleep example on Go's standard library alone: a
// generator that pauses a second before each of its 5 values.
package sleep

import (
	"context"
	"fmt"
	"io"
	"time"
)

// async generator → a goroutine that sends on a channel, then closes it.
func myGenerator(ctx context.Context) <-chan int {
	values := make(chan int)
	go func() {
		defer close(values)
		for i := range 5 {
			// asyncio.sleep → a select between a timer and ctx.Done().
			// time.Sleep would block only this goroutine too (Go has no
			// event loop to freeze), but ctx could not cut it short.
			select {
			case <-time.After(time.Second):
			case <-ctx.Done():
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

// Run plays asyncio.run(my_consumer()).
func Run(ctx context.Context, w io.Writer) error {
	return myConsumer(ctx, w)
}
