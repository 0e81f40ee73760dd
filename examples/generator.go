package examples

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Generator ports the post's two generators to Go iterators: an async one
// that sleeps a second before each of its 10 values, and a plain one that
// yields 1 to 5 at once. One for-range loop consumes both kinds.
func Generator(ctx context.Context, w io.Writer) error {
	// myGenerator is the async generator: an iter.Seq whose body may block.
	// Its state (i) lives on between yields, as a generator's locals do.
	// It stops early if ctx is cancelled; the consumer then reports why.
	myGenerator := func(ctx context.Context) iter.Seq[int] {
		return func(yield func(int) bool) {
			for i := range 10 {
				if asyncio.Sleep(ctx, time.Second) != nil || !yield(i) {
					return
				}
			}
		}
	}

	// myGenerator2 is the plain generator: it never blocks.
	myGenerator2 := func(yield func(int) bool) {
		for i := 1; i <= 5; i++ {
			if !yield(i) {
				return
			}
		}
	}

	// myConsumer: "async for" and "for" are the same loop in Go.
	for item := range myGenerator(ctx) {
		fmt.Fprintf(w, "generator ex1: %d\n", item)
	}
	if err := ctx.Err(); err != nil {
		return err // the generator stopped because we were cancelled
	}

	// myConsumer2.
	for item := range myGenerator2 {
		fmt.Fprintf(w, "generator ex2: %d\n", item)
	}
	return nil
}
