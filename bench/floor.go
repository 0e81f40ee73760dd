package main

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// The floor: each workload as a Go programmer writes it by hand with the
// standard library alone — a goroutine per task, a sync.WaitGroup and a
// results slice for gathering, a buffered channel for the queue and for the
// semaphore, sync.Mutex for the lock. It does no more than the workload
// needs: no contexts, no cancellation, no error or panic plumbing.

func sumInts(xs []int) int64 {
	var s int64
	for _, x := range xs {
		s += int64(x)
	}
	return s
}

func floorGatherNoop(_ context.Context, j job) (int64, error) {
	n := j.n
	results := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i] = i })
	}
	wg.Wait()
	return sumInts(results), nil
}

func floorGatherSleep(_ context.Context, j job) (int64, error) {
	n, d := j.n, time.Duration(j.k)*time.Millisecond
	results := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			j.census.wait()
			time.Sleep(d)
			results[i] = i
			j.census.ended()
		})
		j.census.created(i)
	}
	j.census.allCreated(n)
	wg.Wait()
	return sumInts(results), nil
}

func floorQueue(_ context.Context, j job) (int64, error) {
	n, maxsize := j.n, j.k
	ch := make(chan int, maxsize)
	go func() {
		for i := range n {
			ch <- i
		}
		close(ch)
	}()
	var sum int64
	for v := range ch {
		sum += int64(v)
	}
	return sum, nil
}

func floorSemaphore(_ context.Context, j job) (int64, error) {
	n, permits := j.n, j.k
	sem := make(chan struct{}, permits)
	results := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			runtime.Gosched()
			results[i] = i
			<-sem
		})
	}
	wg.Wait()
	return sumInts(results), nil
}

func floorLock(_ context.Context, j job) (int64, error) {
	tasks, rounds := j.n, j.k
	var mu sync.Mutex
	var count int64
	var wg sync.WaitGroup
	for range tasks {
		wg.Go(func() {
			for range rounds {
				mu.Lock()
				runtime.Gosched()
				count++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return count, nil
}
