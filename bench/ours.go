package main

import (
	"context"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Ours: each workload written with package asyncio the way its documentation
// suggests, inside asyncio.Run (the worker calls these from Run's main task,
// so ctx is a task context, cancellable like any a user's code receives).

func gatherSum(ctx context.Context, tasks []*asyncio.Task[int]) (int64, error) {
	results, err := asyncio.Gather(ctx, tasks...)
	return sumInts(results), err
}

func oursGatherNoop(ctx context.Context, j job) (int64, error) {
	n := j.n
	tasks := make([]*asyncio.Task[int], n)
	for i := range n {
		tasks[i] = asyncio.CreateTask(ctx, func(context.Context) (int, error) { return i, nil })
	}
	return gatherSum(ctx, tasks)
}

func oursGatherSleep(ctx context.Context, j job) (int64, error) {
	n, d := j.n, time.Duration(j.k)*time.Millisecond
	tasks := make([]*asyncio.Task[int], n)
	for i := range n {
		tasks[i] = asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			j.census.wait()
			err := asyncio.Sleep(ctx, d)
			j.census.ended()
			return i, err
		})
		j.census.created(i)
	}
	j.census.allCreated(n)
	return gatherSum(ctx, tasks)
}

func oursQueue(ctx context.Context, j job) (int64, error) {
	n, maxsize := j.n, j.k
	q := asyncio.NewQueue[int](maxsize)
	producer := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
		for i := range n {
			if err := q.Put(ctx, i); err != nil {
				return 0, err
			}
		}
		return 0, nil
	})
	consumer := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
		sum := 0
		for range n {
			v, err := q.Get(ctx)
			if err != nil {
				return 0, err
			}
			sum += v
		}
		return sum, nil
	})
	return gatherSum(ctx, []*asyncio.Task[int]{producer, consumer})
}

func oursSemaphore(ctx context.Context, j job) (int64, error) {
	n, permits := j.n, j.k
	sem := asyncio.NewSemaphore(permits)
	tasks := make([]*asyncio.Task[int], n)
	for i := range n {
		tasks[i] = asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			if err := sem.Acquire(ctx); err != nil {
				return 0, err
			}
			defer sem.Release()
			return i, asyncio.Sleep(ctx, 0)
		})
	}
	return gatherSum(ctx, tasks)
}

func oursLock(ctx context.Context, j job) (int64, error) {
	ntasks, rounds := j.n, j.k
	var mu asyncio.Lock
	var count int64
	tasks := make([]*asyncio.Task[struct{}], ntasks)
	for i := range tasks {
		tasks[i] = asyncio.Go(ctx, func(ctx context.Context) error {
			for range rounds {
				if err := mu.Lock(ctx); err != nil {
					return err
				}
				err := asyncio.Sleep(ctx, 0)
				count++
				mu.Unlock()
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	_, err := asyncio.Gather(ctx, tasks...)
	return count, err
}
