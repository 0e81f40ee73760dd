// Package semaphore is the semaphore example on Go's standard library
// (and errgroup): at most 3 of 5 workers at a time, 2 s in all.
package semaphore

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

func worker(ctx context.Context, w io.Writer, semaphore chan struct{}) error {
	// async with semaphore → send to take a permit (it blocks while the
	// buffer is full), receive to give it back however we leave.
	select {
	case semaphore <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-semaphore }()
	// Do some work that requires access to the shared resource.
	fmt.Fprintln(w, "Worker started")
	if err := sleep(ctx, time.Second); err != nil {
		return err
	}
	fmt.Fprintln(w, "Worker finished")
	return nil
}

// Run plays the post's main. It writes to w from several goroutines at
// once: w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.Semaphore(3) → a channel with room for 3 values, one per
	// permit. Its waiters are not served first come, first served, as
	// asyncio's are; here any two of the five go second, and it shows
	// nowhere. (errgroup's SetLimit(3) limits the goroutines themselves:
	// the way to go when every goroutine needs a permit all its life.)
	semaphore := make(chan struct{}, 3)

	// Create 5 goroutines to access the shared resource, and wait for
	// all of them to complete.
	g, ctx := errgroup.WithContext(ctx)
	for range 5 {
		g.Go(func() error { return worker(ctx, w, semaphore) })
	}
	return g.Wait()
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
