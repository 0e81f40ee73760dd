// Package queuel has three producers and three consumers share a queue
// and a lock. Each producer puts 0 to 9, one a second; each consumer polls
// the queue every 100 ms, under the lock, until it gets an end marker.
package queuel

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// endOfJobs plays Python's None: a value no real job can have.
const endOfJobs = -1

func producer(ctx context.Context, queue *asyncio.Queue[int],
	lock *asyncio.Lock) error {
	for i := range 10 {
		if err := lock.Lock(ctx); err != nil {
			return err
		}
		err := queue.Put(ctx, i)
		lock.Unlock()
		if err != nil {
			return err
		}
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	return queue.Put(ctx, endOfJobs)
}

// poll is one turn of the consumer's loop: under the lock, take an item if
// there is one. It reports whether it took the end marker.
func poll(ctx context.Context, w io.Writer, queue *asyncio.Queue[int],
	lock *asyncio.Lock) (end bool, err error) {
	if err := lock.Lock(ctx); err != nil {
		return false, err
	}
	defer lock.Unlock()
	if queue.Empty() {
		return false, nil
	}
	item, err := queue.Get(ctx) // does not block: not empty
	if err != nil {
		return false, err
	}
	if item != endOfJobs {
		fmt.Fprintln(w, item)
	}
	queue.TaskDone()
	return item == endOfJobs, nil
}

func consumer(ctx context.Context, w io.Writer, queue *asyncio.Queue[int],
	lock *asyncio.Lock) error {
	for {
		end, err := poll(ctx, w, queue, lock)
		if end || err != nil {
			return err
		}
		if err := asyncio.Sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	queue := asyncio.NewQueue[int](0) // 0: unbounded
	var lock asyncio.Lock
	var producers, consumers []*asyncio.Task[struct{}]
	for i := range 3 {
		producers = append(producers, asyncio.Go(ctx,
			func(ctx context.Context) error {
				return producer(ctx, queue, &lock)
			}, asyncio.WithName(fmt.Sprintf("producer %d", i+1))))
	}
	for i := range 3 {
		consumers = append(consumers, asyncio.Go(ctx,
			func(ctx context.Context) error {
				return consumer(ctx, w, queue, &lock)
			}, asyncio.WithName(fmt.Sprintf("consumer %d", i+1))))
	}
	_, err := asyncio.Gather(ctx, append(producers, consumers...)...)
	if err != nil {
		return err
	}
	if err := queue.Join(ctx); err != nil {
		return err
	}
	// Every consumer has returned at its end marker: these cancels change
	// nothing, as in the post.
	for _, consumerTask := range consumers {
		consumerTask.Cancel()
	}
	return nil
}
