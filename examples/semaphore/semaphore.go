// Package semaphore lets at most 3 of 5 workers in at a time: three work
// during the first second, the other two during the next, 2 s in all.
package semaphore

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func worker(ctx context.Context, w io.Writer,
	semaphore *asyncio.Semaphore) error {
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

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	// Create a semaphore with a limit of 3 concurrent tasks.
	semaphore := asyncio.NewSemaphore(3)
	// Create 5 tasks to access the shared resource.
	var tasks []*asyncio.Task[struct{}]
	for i := range 5 {
		tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
			return worker(ctx, w, semaphore)
		}, asyncio.WithName(fmt.Sprintf("worker %d", i+1))))
	}
	// Wait for all tasks to complete.
	_, err := asyncio.Gather(ctx, tasks...)
	return err
}
