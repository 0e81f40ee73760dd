// Package createtask starts three tasks at once and then awaits them in
// the order they were created. They run concurrently, so the run takes
// 3 s (the longest), not 1+2+3 s.
package createtask

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// coroutineFunc returns the work without starting it, as calling an async
// def returns a coroutine that has not run yet.
func coroutineFunc(w io.Writer, delay int, taskName string,
) func(context.Context) error {
	return func(ctx context.Context) error {
		fmt.Fprintf(w, "%s started\n", taskName)
		err := asyncio.Sleep(ctx, time.Duration(delay)*time.Second)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s finished\n", taskName)
		return nil
	}
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.Go is create_task for work with no result. On the event
	// loop, as in Python, a task first runs when main next blocks (here
	// in Await); with --goroutines, at once, on its own goroutine.
	task1 := asyncio.Go(ctx, coroutineFunc(w, 1, "Task 1"),
		asyncio.WithName("Task 1"))
	task2 := asyncio.Go(ctx, coroutineFunc(w, 2, "Task 2"),
		asyncio.WithName("Task 2"))
	task3 := asyncio.Go(ctx, coroutineFunc(w, 3, "Task 3"),
		asyncio.WithName("Task 3"))

	// await task1; await task2; await task3
	for _, task := range []*asyncio.Task[struct{}]{task1, task2, task3} {
		if _, err := task.Await(ctx); err != nil {
			return err
		}
	}
	return nil
}
