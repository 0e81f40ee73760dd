// Package tothread hands a blocking, CPU-bound function to
// asyncio.ToThread and awaits its result, so that the event loop stays
// free meanwhile.
package tothread

import (
	"context"
	"fmt"
	"io"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// blockingFunction does heavy work that would block an event loop.
func blockingFunction() (int, error) {
	result := 0
	for i := range 1_000_000 {
		result += i
	}
	return result, nil
}

// asyncFunction runs blockingFunction on another goroutine and waits.
func asyncFunction(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Async function starting...")
	result, err := asyncio.ToThread(ctx, blockingFunction)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Async function finished with result %d.\n", result)
	return nil
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Main function starting...")
	if err := asyncFunction(ctx, w); err != nil {
		return err
	}
	fmt.Fprintln(w, "Main function finished.")
	return nil
}
