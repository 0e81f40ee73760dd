// Package taskgather is the taskgather example on Go's standard library
// (and errgroup): two goroutines return strings, collected in order.
package taskgather

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

func task1(ctx context.Context, w io.Writer) (string, error) {
	fmt.Fprintln(w, "Task 1 started")
	if err := sleep(ctx, 1*time.Second); err != nil {
		return "", err
	}
	fmt.Fprintln(w, "Task 1 finished")
	return "Task 1 result", nil
}

func task2(ctx context.Context, w io.Writer) (string, error) {
	fmt.Fprintln(w, "Task 2 started")
	if err := sleep(ctx, 2*time.Second); err != nil {
		return "", err
	}
	fmt.Fprintln(w, "Task 2 finished")
	return "Task 2 result", nil
}

// Run plays the post's main. It writes to w from two goroutines at once:
// w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	tasks := []func(context.Context, io.Writer) (string, error){
		task1, task2,
	}
	// create_task + gather(*tasks) → an errgroup: a goroutine per task,
	// each storing its result at its own index; g.Wait waits for all and
	// returns the first error (and that error cancels the others' ctx).
	g, ctx := errgroup.WithContext(ctx)
	results := make([]string, len(tasks))
	for i, task := range tasks {
		g.Go(func() (err error) {
			results[i], err = task(ctx, w)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	fmt.Fprintln(w, "Results:")
	for _, result := range results {
		fmt.Fprintln(w, result)
	}
	return nil
}

// asyncio.sleep → a select between a timer and ctx.Done().
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
