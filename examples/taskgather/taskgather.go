// Package taskgather creates two tasks that return strings, then gathers
// them: the results come back as a slice, in the order the tasks were
// passed.
package taskgather

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func task1(ctx context.Context, w io.Writer) (string, error) {
	fmt.Fprintln(w, "Task 1 started")
	if err := asyncio.Sleep(ctx, 1*time.Second); err != nil {
		return "", err
	}
	fmt.Fprintln(w, "Task 1 finished")
	return "Task 1 result", nil
}

func task2(ctx context.Context, w io.Writer) (string, error) {
	fmt.Fprintln(w, "Task 2 started")
	if err := asyncio.Sleep(ctx, 2*time.Second); err != nil {
		return "", err
	}
	fmt.Fprintln(w, "Task 2 finished")
	return "Task 2 result", nil
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	tasks := []*asyncio.Task[string]{
		asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
			return task1(ctx, w)
		}, asyncio.WithName("task1")),
		asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
			return task2(ctx, w)
		}, asyncio.WithName("task2")),
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
