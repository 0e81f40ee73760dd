// Package queuec is the queuec example on Go's standard library (and
// errgroup): three producers and three consumers share a channel. The
// post's consumers poll although the producers notify them; here they
// block on the channel, which wakes one of them as each item arrives.
package queuec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

func producer(ctx context.Context, queue chan<- int) error {
	for i := range 10 {
		// async with condition: await queue.put(i); notify_all() → a
		// send. It needs no lock, and it is the notification: a
		// consumer blocked on the channel wakes with the item.
		select {
		case queue <- i:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return nil // put(None): Run closes the queue once all are done
}

func consumer(ctx context.Context, w io.Writer, queue <-chan int) error {
	for {
		// Polling every 0.1 s under the condition's lock → a blocking
		// receive: no lock, no poll, no 100 ms delay. ok is false once
		// the channel is closed and empty: the end of jobs.
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

// Run plays the post's main. It writes to w from three goroutines at
// once: w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.Queue() → a channel, with room for every job (30), as
	// asyncio.Queue() is unbounded: no put ever waits.
	queue := make(chan int, 30)

	var producers, consumers errgroup.Group
	for range 3 {
		producers.Go(func() error { return producer(ctx, queue) })
	}
	for range 3 {
		consumers.Go(func() error { return consumer(ctx, w, queue) })
	}
	// Three None end markers → one close, once every producer has
	// returned. Sending on a closed channel panics, so only the one who
	// knows that all senders are done may close it.
	errProducers := producers.Wait()
	close(queue)
	// await queue.join(); consumer_task.cancel() → wait for the
	// consumers: a channel counts no task_done calls, and each consumer
	// returns once the queue is closed and empty.
	return errors.Join(errProducers, consumers.Wait())
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
