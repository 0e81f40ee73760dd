// Package wait is the wait example on Go's standard library alone: a
// timeout with context.WithTimeout, then a sync.WaitGroup: 3 s in all.
package wait

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

func task(ctx context.Context) (int, error) {
	if err := sleep(ctx, 2*time.Second); err != nil {
		return 0, err
	}
	return 1, nil
}

func task1(ctx context.Context) (int, error) {
	if err := sleep(ctx, 1*time.Second); err != nil {
		return 0, err
	}
	return 1, nil
}

func task2(ctx context.Context) (int, error) {
	if err := sleep(ctx, 2*time.Second); err != nil {
		return 0, err
	}
	return 2, nil
}

// Run plays the post's two mains, one after the other. Its goroutines
// write nothing to w.
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.wait_for(task(), timeout=1) → context.WithTimeout: the
	// task's ctx is cancelled after 1 s, and the task returns its error.
	// The call is plain: no goroutine is needed to put a limit on it.
	timeoutCtx, cancel := context.WithTimeout(ctx, 1*time.Second)
	result, err := task(timeoutCtx)
	cancel() // release the timer at once, as every WithTimeout must
	switch {
	// A timeout, and not our own ctx ending: TimeoutError.
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		fmt.Fprintln(w, "Timed out!")
	case err != nil:
		return err
	default:
		fmt.Fprintln(w, result)
	}

	// asyncio.wait({f1, f2}) → a sync.WaitGroup: wg.Go starts each task
	// on a goroutine, wg.Wait returns once both have returned. Each task
	// stores its outcome in variables of its own.
	var (
		wg         sync.WaitGroup
		r1, r2     int
		err1, err2 error
	)
	wg.Go(func() { r1, err1 = task1(ctx) })
	wg.Go(func() { r2, err2 = task2(ctx) })
	wg.Wait()
	// done is a set in Python, in no order; here we print in task order.
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	fmt.Fprintln(w, r1)
	fmt.Fprintln(w, r2)
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
