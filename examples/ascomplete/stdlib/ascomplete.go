// Package ascomplete is the ascomplete example on Go's standard library
// alone: results taken as the goroutines finish, fastest first.
package ascomplete

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

func task1(ctx context.Context, w io.Writer) (bool, error) {
	if err := sleep(ctx, 2*time.Second); err != nil {
		return false, err
	}
	fmt.Fprintln(w, "Task 1 is done")
	return true, nil
}

func task2(ctx context.Context, w io.Writer) (bool, error) {
	if err := sleep(ctx, 1*time.Second); err != nil {
		return false, err
	}
	fmt.Fprintln(w, "Task 2 is done")
	return true, nil
}

// outcome is what a task returned.
type outcome struct {
	result bool
	err    error
}

func doAllTheTasks(ctx context.Context, w io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// asyncio.as_completed → every task sends its outcome on one channel,
	// so they arrive in the order the tasks finish. A WaitGroup tells when
	// all have sent; then the channel is closed, and the loop below ends.
	completed := make(chan outcome)
	var wg sync.WaitGroup
	for _, task := range []func(context.Context, io.Writer) (bool, error){
		task1, task2,
	} {
		wg.Go(func() {
			result, err := task(ctx, w)
			completed <- outcome{result, err}
		})
	}
	go func() {
		wg.Wait()
		close(completed)
	}()

	// Keep receiving after a failure, so that no task is left blocked on
	// its send; cancel tells the others to stop.
	var first error
	for done := range completed {
		switch {
		case done.err != nil && first == nil:
			first = done.err
			cancel()
		case first == nil:
			fmt.Fprintf(w, "Task completed: %v\n", done.result)
		}
	}
	return first
}

// Run plays asyncio.run(do_all_the_tasks()). It writes to w from two
// goroutines at once: w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	return doAllTheTasks(ctx, w)
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
