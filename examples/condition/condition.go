// Package condition runs the post's producer and consumer, then runs them
// again with a corrected consumer. The post's consumer stops after the
// first item: it leaves as soon as the list is empty, and the list is
// empty after every item. The corrected one takes all five. Each run
// takes 5 s.
package condition

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// data is guarded by condition: every function touches it only while it
// holds condition's lock.
func producer(ctx context.Context, w io.Writer,
	condition *asyncio.Condition, data *[]int) error {
	for i := range 5 {
		// Produce some data.
		item := i + 1
		fmt.Fprintf(w, "Producer put %d\n", item)
		if err := condition.Lock(ctx); err != nil {
			return err
		}
		// Add the data, and tell the consumer it is there.
		*data = append(*data, item)
		condition.Notify(1)
		condition.Unlock()
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return nil
}

// consumer is the post's, faithfully: it exits when the list is empty,
// which it is as soon as it has taken item 1.
func consumer(ctx context.Context, w io.Writer,
	condition *asyncio.Condition, data *[]int) error {
	if err := condition.Lock(ctx); err != nil {
		return err
	}
	defer condition.Unlock()
	for {
		if len(*data) == 0 {
			// Wait for the producer to add data; Wait unlocks while
			// it waits and locks again before returning.
			if err := condition.Wait(ctx); err != nil {
				return err
			}
			continue // check again after being woken up
		}
		// Access the shared data.
		item := (*data)[0]
		*data = (*data)[1:]
		fmt.Fprintf(w, "Consumer got %d\n", item)
		// Notify the producer that the data has been consumed.
		condition.Notify(1)
		// Exit the loop when there are no more items.
		if len(*data) == 0 {
			return nil
		}
	}
}

// consumeAll is the corrected consumer: an empty list only means "wait",
// and it stops after the 5 items the producer makes.
func consumeAll(ctx context.Context, w io.Writer,
	condition *asyncio.Condition, data *[]int) error {
	if err := condition.Lock(ctx); err != nil {
		return err
	}
	defer condition.Unlock()
	for range 5 {
		// WaitFor waits until the predicate holds, checking it again
		// after every wake-up.
		err := condition.WaitFor(ctx, func() bool { return len(*data) > 0 })
		if err != nil {
			return err
		}
		item := (*data)[0]
		*data = (*data)[1:]
		fmt.Fprintf(w, "Consumer got %d\n", item)
	}
	return nil
}

// mainWith is the post's main, with a choice of consumer.
func mainWith(ctx context.Context, w io.Writer, consume func(
	context.Context, io.Writer, *asyncio.Condition, *[]int) error) error {
	var (
		condition asyncio.Condition // the zero Condition has its own Lock
		data      []int             // guarded by condition
	)
	consumerTask := asyncio.Go(ctx, func(ctx context.Context) error {
		return consume(ctx, w, &condition, &data)
	}, asyncio.WithName("consumer"))
	producerTask := asyncio.Go(ctx, func(ctx context.Context) error {
		return producer(ctx, w, &condition, &data)
	}, asyncio.WithName("producer"))
	_, err := asyncio.Gather(ctx, consumerTask, producerTask)
	return err
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
