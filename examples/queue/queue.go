// Package queue hands jobs from a producer to a consumer through an
// asyncio.Queue, one a second, then an end marker. The queue does its own
// locking.
package queue

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// endOfJobs plays Python's None: a value no real job can have.
const endOfJobs = -1

func producer(ctx context.Context, queue *asyncio.Queue[int]) error {
	for i := range 10 {
		if err := queue.Put(ctx, i); err != nil {
			return err
		}
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return queue.Put(ctx, endOfJobs)
}

func consumer(ctx context.Context, w io.Writer,
	queue *asyncio.Queue[int]) error {
	for {
		item, err := queue.Get(ctx)
		if err != nil {
			return err
		}
		if item == endOfJobs {
			queue.TaskDone() // end of jobs
			return nil
		}
		fmt.Fprintln(w, item)
		queue.TaskDone()
	}
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	queue := asyncio.NewQueue[int](0) // 0: unbounded
	producerTask := asyncio.Go(ctx, func(ctx context.Context) error {
		return producer(ctx, queue)
	}, asyncio.WithName("producer"))
	consumerTask := asyncio.Go(ctx, func(ctx context.Context) error {
		return consumer(ctx, w, queue)
	}, asyncio.WithName("consumer"))
	if _, err := producerTask.Await(ctx); err != nil {
		return err
	}
	// Join returns once every item put has been marked done.
	if err := queue.Join(ctx); err != nil {
		return err
	}
	// The consumer has returned at the end marker (or is about to), so
	// this cancel changes nothing, as in the post. Awaiting it makes sure
	// no task outlives main, even on goroutines.
	consumerTask.Cancel()
	consumerTask.Await(context.WithoutCancel(ctx)) // nil, or Canceled
	return nil
}
