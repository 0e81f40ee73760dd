// Package generator is the generator example on Go's standard library
// alone: an async generator becomes a goroutine feeding a channel, a plain
// generator an iterator function (iter.Seq).
package generator

import (
	"context"
	"fmt"
	"io"
	"time"
)

// async generator → a goroutine that sends its values on a channel and
// closes it when done. Each send waits until the consumer takes the value,
// so the goroutine runs no further ahead than a generator would. Its state
// (i) lives on between values, as a generator's locals do.
func myGenerator(ctx context.Context) <-chan int {
	values := make(chan int)
	go func() {
		defer close(values) // ends the consumer's for-range
		for i := range 10 {
			if err := sleep(ctx, time.Second); err != nil {
				return
			}
			select {
			case values <- i:
			case <-ctx.Done():
				return // nobody will take it: stop, do not leak
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

// A plain generator → an iterator function: it calls yield for each value,
// on the consumer's own goroutine, and stops if yield returns false.
func myGenerator2(yield func(int) bool) {
	for i := 1; i <= 5; i++ {
		if !yield(i) {
			return
		}
	}
}

// for-range calls myGenerator2 with the loop body as yield.
func myConsumer2(w io.Writer) {
	for item := range myGenerator2 {
		fmt.Fprintf(w, "generator ex2: %d\n", item)
	}
}

// Run plays the post's two asyncio.run calls, one after the other.
func Run(ctx context.Context, w io.Writer) error {
	if err := myConsumer(ctx, w); err != nil {
		return err
	}
	myConsumer2(w)
	return nil
}

// asyncio.sleep → a select between a timer and ctx.Done().
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
