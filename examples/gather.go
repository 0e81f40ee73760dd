package examples

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Gather runs two coroutines concurrently and prints their results. Both
// sleep at the same time, so the run takes 1 s, not the 2 s of helloio.
func Gather(ctx context.Context, w io.Writer) error {
	helloWorld1 := func(ctx context.Context) (bool, error) {
		fmt.Fprintln(w, "Hello World 1!")
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return false, err
		}
		return true, nil
	}
	helloWorld2 := func(ctx context.Context) (bool, error) {
		fmt.Fprintln(w, "Hello World 2!")
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return false, err
		}
		return true, nil
	}

	// Python's gather wraps each coroutine in a task; in Go we create the
	// tasks ourselves. On the event loop each first runs when main blocks
	// in Gather, as in Python; with --goroutines, at once, in parallel.
	results, err := asyncio.Gather(ctx,
		asyncio.CreateTask(ctx, helloWorld1, asyncio.WithName("hello_world1")),
		asyncio.CreateTask(ctx, helloWorld2, asyncio.WithName("hello_world2")),
	)
	if err != nil {
		return err
	}
	// The results come in argument order, whichever task finished first.
	for _, result := range results {
		fmt.Fprintln(w, result)
	}
	return nil
}
