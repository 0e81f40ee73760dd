package examples

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// TaskGather creates two tasks that return strings, then gathers them: the
// results come back as a slice, in the order the tasks were passed.
func TaskGather(ctx context.Context, w io.Writer) error {
	task1 := func(ctx context.Context) (string, error) {
		fmt.Fprintln(w, "Task 1 started")
		if err := asyncio.Sleep(ctx, 1*time.Second); err != nil {
			return "", err
		}
		fmt.Fprintln(w, "Task 1 finished")
		return "Task 1 result", nil
	}
	task2 := func(ctx context.Context) (string, error) {
		fmt.Fprintln(w, "Task 2 started")
		if err := asyncio.Sleep(ctx, 2*time.Second); err != nil {
			return "", err
		}
		fmt.Fprintln(w, "Task 2 finished")
		return "Task 2 result", nil
	}

	tasks := []*asyncio.Task[string]{
		asyncio.CreateTask(ctx, task1, asyncio.WithName("task1")),
		asyncio.CreateTask(ctx, task2, asyncio.WithName("task2")),
	}
	// gather(*tasks) is Gather(ctx, tasks...).
	results, err := asyncio.Gather(ctx, tasks...)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Results:")
	for _, result := range results {
		fmt.Fprintln(w, result)
	}
	return nil
}
