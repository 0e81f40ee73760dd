// Package createtask is the createtask example on Go's standard library
// alone: three goroutines start at once, then main waits for each in
// turn. They run concurrently, so the run takes 3 s, not 1+2+3 s.
package createtask

import (
	"context"
	"fmt"
	"io"
	"time"
)

func coroutineFunc(ctx context.Context, w io.Writer, delay time.Duration,
	taskName string) error {
	fmt.Fprintf(w, "%s started\n", taskName)
	if err := sleep(ctx, delay); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s finished\n", taskName)
	return nil
}

// Run plays the post's main. It writes to w from three goroutines at once:
// w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	// Cancelling this ctx stops every task: we do so if one fails.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// asyncio.create_task → a go statement; the task's outcome comes back
	// on a channel of its own. The buffer of 1 lets the goroutine send it
	// and exit without waiting for us. Unlike create_task, the goroutine
	// may start running at once, before main next waits.
	createTask := func(delay time.Duration, taskName string) <-chan error {
		done := make(chan error, 1)
		go func() { done <- coroutineFunc(ctx, w, delay, taskName) }()
		return done
	}
	task1 := createTask(1*time.Second, "Task 1")
	task2 := createTask(2*time.Second, "Task 2")
	task3 := createTask(3*time.Second, "Task 3")

	// await task → receive from its channel. We wait for every task,
	// even after a failure, so that none outlives Run.
	var first error
	for _, task := range []<-chan error{task1, task2, task3} {
		if err := <-task; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
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
