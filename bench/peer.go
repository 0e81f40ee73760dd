package main

import (
	"context"
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// The peer: each workload written with golang.org/x/sync, where it has
// something that applies. errgroup.Group gathers (and returns the first
// error, as Gather does); semaphore.Weighted is a context-aware FIFO
// semaphore like ours. Neither x/sync nor conc has a queue or a lock, so c
// and e have no peer; conc is the peer of the Task micro-benchmark.

func peerGatherNoop(_ context.Context, j job) (int64, error) {
	n := j.n
	results := make([]int, n)
	var g errgroup.Group
	for i := range n {
		g.Go(func() error { results[i] = i; return nil })
	}
	err := g.Wait()
	return sumInts(results), err
}

func peerGatherSleep(_ context.Context, j job) (int64, error) {
	n, d := j.n, time.Duration(j.k)*time.Millisecond
	results := make([]int, n)
	var g errgroup.Group
	for i := range n {
		g.Go(func() error {
			j.census.wait()
			time.Sleep(d)
			results[i] = i
			j.census.ended()
			return nil
		})
		j.census.created(i)
	}
	j.census.allCreated(n)
	err := g.Wait()
	return sumInts(results), err
}

func peerSemaphore(ctx context.Context, j job) (int64, error) {
	n, permits := j.n, j.k
	sem := semaphore.NewWeighted(int64(permits))
	results := make([]int, n)
	var g errgroup.Group
	for i := range n {
		g.Go(func() error {
			if err := sem.Acquire(ctx, 1); err != nil {
				return err
			}
			defer sem.Release(1)
			runtime.Gosched()
			results[i] = i
			return nil
		})
	}
	err := g.Wait()
	return sumInts(results), err
}
