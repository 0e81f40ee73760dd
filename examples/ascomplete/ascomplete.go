// Package ascomplete takes each task's result as soon as it is ready,
// fastest first: task2 (1 s) before task1 (2 s), although task1 comes
// first.
package ascomplete

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func task1(ctx context.Context, w io.Writer) (bool, error) {
	if err := asyncio.Sleep(ctx, 2*time.Second); err != nil {
		return false, err
	}
	fmt.Fprintln(w, "Task 1 is done")
	return true, nil
}

func task2(ctx context.Context, w io.Writer) (bool, error) {
	if err := asyncio.Sleep(ctx, 1*time.Second); err != nil {
		return false, err
	}
	fmt.Fprintln(w, "Task 2 is done")
	return true, nil
}

func doAllTheTasks(ctx context.Context, w io.Writer) error {
	taskList := []*asyncio.Task[bool]{
		asyncio.CreateTask(ctx, func(ctx context.Context) (bool, error) {
			return task1(ctx, w)
		}, asyncio.WithName("task1")),
		asyncio.CreateTask(ctx, func(ctx context.Context) (bool, error) {
			return task2(ctx, w)
		}, asyncio.WithName("task2")),
	}
	// Each iteration blocks until the next task finishes, then yields its
	// result and error: the "await completed_task" is built in.
	for results, err := range asyncio.AsCompleted(ctx, taskList) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Task completed: %v\n", results)
	}
	return nil
}

// Run plays the post's asyncio.run(do_all_the_tasks()).
func Run(ctx context.Context, w io.Writer) error {
	return doAllTheTasks(ctx, w)
}
