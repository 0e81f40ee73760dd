// Package condition is the condition example on Go's standard library
// (and errgroup). The post's Condition and list become a buffered
// channel. Its consumer still stops after the first item, because it
// leaves whenever the channel is empty; a corrected consumer takes all
// five. Each run takes 5 s, and the second waits for the channel to close.
package condition

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

// asyncio.Condition guarding a list → a buffered channel. A send is the
// append and the notify in one step, a receive the wait and the pop.
// (sync.Cond exists, but its Wait cannot be cancelled: Go code uses a
// channel instead.) Closing the channel says no more items will come.
func producer(ctx context.Context, w io.Writer, data chan<- int) error {
	defer close(data)
	for i := range 5 {
		// Produce some data.
		item := i + 1
		fmt.Fprintf(w, "Producer put %d\n", item)
		// Never blocks: the buffer holds every item (see mainWith).
		data <- item
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return nil
}

// consumer is the post's, faithfully: it leaves as soon as the channel is
// empty, which it is right after item 1. len of a channel is a snapshot
// that may be out of date at once: nothing should be decided on it.
func consumer(ctx context.Context, w io.Writer, data <-chan int) error {
	for {
		// await condition.wait() until there is data → a receive.
		select {
		case item, ok := <-data:
			if !ok {
				return nil // closed: no more items will come
			}
			fmt.Fprintf(w, "Consumer got %d\n", item)
		case <-ctx.Done():
			return ctx.Err()
		}
		// Exit the loop when there are no more items.
		if len(data) == 0 {
			return nil
		}
	}
}

// consumeAll is the corrected consumer: an empty channel only means
// "wait"; it stops when the producer closes the channel.
func consumeAll(ctx context.Context, w io.Writer, data <-chan int) error {
	for {
		select {
		case item, ok := <-data:
			if !ok {
				return nil // closed, and every item taken
			}
			fmt.Fprintf(w, "Consumer got %d\n", item)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// mainWith is the post's main, with a choice of consumer. It writes to w
// from two goroutines at once: w must be safe for concurrent use.
func mainWith(ctx context.Context, w io.Writer,
	consume func(context.Context, io.Writer, <-chan int) error) error {
	// Room for all 5 items: the post's consumer leaves 4 behind, and the
	// producer must not block on a full channel.
	data := make(chan int, 5)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return consume(ctx, w, data) })
	g.Go(func() error { return producer(ctx, w, data) })
	return g.Wait()
}

// Run runs the post's main, then again with the corrected consumer.
func Run(ctx context.Context, w io.Writer) error {
	if err := mainWith(ctx, w, consumer); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Again, with a corrected consumer that takes all five:")
	return mainWith(ctx, w, consumeAll)
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
