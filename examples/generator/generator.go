// Package generator ports the post's two generators to Go iterators: an
// async one that sleeps a second before each of its 10 values, and a plain
// one that yields 1 to 5 at once. One for-range loop consumes both kinds.
package generator

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// myGenerator is the async generator: an iter.Seq whose body may block.
// Its state (i) lives on between yields, as a generator's locals do. It
// stops early if ctx is cancelled; the consumer then reports why.
func myGenerator(ctx context.Context) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range 10 {
			if asyncio.Sleep(ctx, time.Second) != nil || !yield(i) {
				return
			}
		}
	}
}

// "async for" and "for" are the same loop in Go.
func myConsumer(ctx context.Context, w io.Writer) error {
	for item := range myGenerator(ctx) {
		fmt.Fprintf(w, "generator ex1: %d\n", item)
	}
	return ctx.Err() // non-nil if the generator stopped because of ctx
}

// myGenerator2 is the plain generator: an iter.Seq that never blocks.
func myGenerator2(yield func(int) bool) {
	for i := 1; i <= 5; i++ {
		if !yield(i) {
			return
		}
	}
}

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
