package examples

import (
	"context"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Sleep is the post's point about sleeping: a coroutine that must pause
// calls asyncio.sleep, never time.sleep, which would freeze the event loop.
// Here an async generator pauses a second before each of its 5 values.
func Sleep(ctx context.Context, w io.Writer) error {
	myGenerator := func(ctx context.Context) iter.Seq[int] {
		return func(yield func(int) bool) {
			for i := range 5 {
				// asyncio.Sleep, not time.Sleep: both pause only this
				// goroutine, but asyncio.Sleep also ends when ctx is
				// cancelled.
				if asyncio.Sleep(ctx, time.Second) != nil || !yield(i) {
					return
				}
			}
		}
	}

	// myConsumer.
	for item := range myGenerator(ctx) {
		fmt.Fprintf(w, "generator ex1: %d\n", item)
	}
	return ctx.Err() // non-nil if the loop ended because we were cancelled
}
