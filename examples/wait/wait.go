// Package wait shows the post's two waits. WaitFor gives a 2 s task 1 s
// and times out; then Wait waits for two tasks (1 s and 2 s) to finish:
// 3 s in all.
package wait

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func task(ctx context.Context) (int, error) {
	if err := asyncio.Sleep(ctx, 2*time.Second); err != nil {
		return 0, err
	}
	return 1, nil
}

func task1(ctx context.Context) (int, error) {
	if err := asyncio.Sleep(ctx, 1*time.Second); err != nil {
		return 0, err
	}
	return 1, nil
}

func task2(ctx context.Context) (int, error) {
	if err := asyncio.Sleep(ctx, 2*time.Second); err != nil {
		return 0, err
	}
	return 2, nil
}

// Run plays the post's two mains, one after the other.
func Run(ctx context.Context, w io.Writer) error {
	// wait_for: the timeout cancels the task, and WaitFor returns
	// ErrTimeout (Python raises TimeoutError).
	result, err := asyncio.WaitFor(ctx, 1*time.Second, task)
	switch {
	case errors.Is(err, asyncio.ErrTimeout):
		fmt.Fprintln(w, "Timed out!")
	case err != nil:
		return err // cancelled: not a timeout
	default:
		fmt.Fprintln(w, result)
	}

	// wait: block until every task is done, then read their results.
	f1 := asyncio.CreateTask(ctx, task1, asyncio.WithName("task1"))
	f2 := asyncio.CreateTask(ctx, task2, asyncio.WithName("task2"))
	// Python returns two sets, in no particular order; Wait returns
	// slices in argument order.
	done, _, err := asyncio.Wait(ctx, []*asyncio.Task[int]{f1, f2})
	if err != nil {
		return err
	}
	for _, f := range done {
		result, err := f.Result()
		if err != nil {
			return err
		}
		fmt.Fprintln(w, result)
	}
	return nil
}
