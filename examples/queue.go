package examples

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Queue hands jobs from a producer to a consumer through an asyncio.Queue,
// one a second, then an end marker. The queue does its own locking.
func Queue(ctx context.Context, w io.Writer) error {
	// endOfJobs plays Python's None: a value no real job can have.
	const endOfJobs = -1
	queue := asyncio.NewQueue[int](0) // 0: unbounded

	producer := func(ctx context.Context) error {
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

	consumer := func(ctx context.Context) error {
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

	producerTask := asyncio.Go(ctx, producer, asyncio.WithName("producer"))
	consumerTask := asyncio.Go(ctx, consumer, asyncio.WithName("consumer"))
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
