// Package queuel is the queuel example on Go's standard library (and
// errgroup): three producers and three polling consumers share a
// channel. A channel needs no lock, and polling it takes a select.
package queuel

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
		// async with lock: await queue.put(i) → a send, with no lock: a
		// channel is safe for any number of senders and receivers.
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

// poll is one turn of the consumer's loop: take an item if there is one.
// It reports whether the queue is closed and empty: the end of jobs.
func poll(w io.Writer, queue <-chan int) (end bool) {
	// if not queue.empty(): queue.get(), under the lock → a select with
	// a default case, a receive that never blocks. It looks and takes in
	// one step, so two consumers cannot both count on the same item: no
	// lock is needed.
	select {
	case item, ok := <-queue:
		if !ok {
			return true
		}
		fmt.Fprintln(w, item)
	default: // empty: try again later
	}
	return false
}

func consumer(ctx context.Context, w io.Writer, queue <-chan int) error {
	for !poll(w, queue) {
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

// Run plays the post's main. It writes to w from three goroutines at
// once: w must be safe for concurrent use (os.Stdout is).
//
// A poller and a producer wake at the same instant every second, and
// goroutines wake in no fixed order: a consumer that looks just before
// the put prints 100 ms later. Lines may come up to 100 ms late.
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
	// consumers to return: a channel counts no task_done calls, and each
	// consumer returns once the queue is closed and empty.
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
