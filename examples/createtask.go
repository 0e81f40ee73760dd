package examples

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// CreateTask starts three tasks at once and then awaits them in the order
// they were created. They run concurrently, so the run takes 3 s (the
// longest), not 1+2+3 s.
func CreateTask(ctx context.Context, w io.Writer) error {
	// coroutineFunc returns the work without starting it, as calling an
	// async def returns a coroutine that has not run yet.
	coroutineFunc := func(delay int, name string) func(context.Context) error {
		return func(ctx context.Context) error {
			fmt.Fprintf(w, "%s started\n", name)
			err := asyncio.Sleep(ctx, time.Duration(delay)*time.Second)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s finished\n", name)
			return nil
		}
	}

	// asyncio.Go is create_task for work with no result. On the event
	// loop, as in Python, a task first runs when main next blocks (here
	// in Await); with --goroutines, at once, on its own goroutine.
	task1 := asyncio.Go(ctx, coroutineFunc(1, "Task 1"),
		asyncio.WithName("Task 1"))
	task2 := asyncio.Go(ctx, coroutineFunc(2, "Task 2"),
		asyncio.WithName("Task 2"))
	task3 := asyncio.Go(ctx, coroutineFunc(3, "Task 3"),
		asyncio.WithName("Task 3"))

	// await task1; await task2; await task3
	for _, task := range []*asyncio.Task[struct{}]{task1, task2, task3} {
		if _, err := task.Await(ctx); err != nil {
			return err
		}
	}
	return nil
}
