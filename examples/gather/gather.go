// Package gather runs two coroutines concurrently and prints their
// results. Both sleep at the same time, so the run takes 1 s, not the 2 s
// of helloio.
package gather

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func helloWorld1(ctx context.Context, w io.Writer) (bool, error) {
	fmt.Fprintln(w, "Hello World 1!")
	if err := asyncio.Sleep(ctx, time.Second); err != nil {
		return false, err
	}
	return true, nil
}

func helloWorld2(ctx context.Context, w io.Writer) (bool, error) {
	fmt.Fprintln(w, "Hello World 2!")
	if err := asyncio.Sleep(ctx, time.Second); err != nil {
		return false, err
	}
	return true, nil
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	// Python's gather wraps each coroutine in a task; in Go we create the
	// tasks ourselves, each from a func(ctx) (T, error). On the event
	// loop each first runs when main blocks in Gather, as in Python; with
	// --goroutines, at once, in parallel.
	task1 := asyncio.CreateTask(ctx, func(ctx context.Context) (bool, error) {
		return helloWorld1(ctx, w)
	}, asyncio.WithName("hello_world1"))
	task2 := asyncio.CreateTask(ctx, func(ctx context.Context) (bool, error) {
		return helloWorld2(ctx, w)
	}, asyncio.WithName("hello_world2"))
	results, err := asyncio.Gather(ctx, task1, task2)
	if err != nil {
		return err
	}
	// The results come in argument order, whichever task finished first.
	for _, result := range results {
		fmt.Fprintln(w, result)
	}
	return nil
}
