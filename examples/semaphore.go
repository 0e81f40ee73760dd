package examples

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Semaphore lets at most 3 of 5 workers in at a time: three work during the
// first second, the other two during the next, 2 s in all.
func Semaphore(ctx context.Context, w io.Writer) error {
	// Create a semaphore with a limit of 3 concurrent tasks.
	semaphore := asyncio.NewSemaphore(3)

	worker := func(ctx context.Context) error {
		// async with semaphore: Acquire, then Release however we leave.
		if err := semaphore.Acquire(ctx); err != nil {
			return err
		}
		defer semaphore.Release()
		// Do some work that requires access to the shared resource.
		fmt.Fprintln(w, "Worker started")
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return err
		}
		fmt.Fprintln(w, "Worker finished")
		return nil
	}

	// Create 5 tasks to access the shared resource.
	var tasks []*asyncio.Task[struct{}]
	for i := range 5 {
		name := fmt.Sprintf("worker %d", i+1)
		tasks = append(tasks, asyncio.Go(ctx, worker, asyncio.WithName(name)))
	}
	// Wait for all tasks to complete.
	_, err := asyncio.Gather(ctx, tasks...)
	return err
}
