// Package tothread is the tothread example on Go's standard library
// alone: blocking work on a goroutine of its own, its result on a channel.
package tothread

import (
	"context"
	"fmt"
	"io"
)

// blockingFunction does heavy work that would block an event loop.
func blockingFunction() int {
	result := 0
	for i := range 1_000_000 {
		result += i
	}
	return result
}

func asyncFunction(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Async function starting...")
	// asyncio.to_thread → a goroutine that sends its result on a channel.
	// Go has no event loop to keep free (calling blockingFunction here
	// would block only this goroutine), but this is how work moves off
	// the caller's goroutine. The buffer of 1 lets the goroutine send and
	// exit even if nobody receives any more.
	done := make(chan int, 1)
	go func() { done <- blockingFunction() }()
	select {
	case result := <-done:
		fmt.Fprintf(w, "Async function finished with result %d.\n", result)
		return nil
	case <-ctx.Done():
		// Like a thread, a goroutine cannot be stopped from outside: it
		// finishes its loop, sends into the buffer and exits on its own.
		return ctx.Err()
	}
}

// Run plays the post's main.
func Run(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Main function starting...")
	if err := asyncFunction(ctx, w); err != nil {
		return err
	}
	fmt.Fprintln(w, "Main function finished.")
	return nil
}
