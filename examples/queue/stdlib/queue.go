// Package queue is the queue example on Go's standard library (and
// errgroup): a producer hands jobs to a consumer over a channel, one a
// second, then closes it.
package queue

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

func producer(ctx context.Context, queue chan<- int) error {
	// put(None) at the end → close(queue), however we leave: a receive
	// on a closed channel, once it is drained, ends the consumer's loop.
	defer close(queue)
	for i := range 10 {
		// await queue.put(i) → a send; it blocks only if the buffer is
		// full, and then gives up if ctx is cancelled.
		select {
		case queue <- i:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return nil
}

func consumer(ctx context.Context, w io.Writer, queue <-chan int) error {
	for {
		// await queue.get() → a receive; ok is false once the channel is
		// closed and empty: the end of jobs.
		select {
		case item, ok := <-queue:
			if !ok {
				return nil
			}
			fmt.Fprintln(w, item)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Run plays the post's main.
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.Queue() → a channel. Its buffer has a fixed size, where
	// asyncio.Queue() is unbounded: 10 holds every job, so no put waits.
	queue := make(chan int, 10)

	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return producer(ctx, queue) })
	g.Go(func() error { return consumer(ctx, w, queue) })
	// await producer; await queue.join(); consumer.cancel() → g.Wait().
	// A channel counts no task_done calls, so there is nothing to join:
	// instead we wait for the consumer itself, which returns once it has
	// printed every job, and then there is nothing left to cancel.
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
