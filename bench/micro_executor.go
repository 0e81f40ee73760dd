package main

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// The executor cases run batches of gatherBatch functions on GOMAXPROCS
// reused workers: ThreadPoolExecutor's job. The floor is the worker pool a Go
// programmer writes by hand (a jobs channel, a results slice, a WaitGroup).

func executorWorkers() int { return runtime.GOMAXPROCS(0) }

func newBenchExecutor(b *testing.B) *asyncio.Executor {
	ex := asyncio.NewExecutor(executorWorkers())
	b.Cleanup(func() { _ = ex.Shutdown(context.Background()) })
	return ex
}

// --- Executor: Submit + await, per function

func microExecutorSubmitOurs(b *testing.B) {
	ctx := benchContext(b)
	ex := newBenchExecutor(b)
	b.ReportAllocs()
	tasks := make([]*asyncio.Task[int], gatherBatch)
	sum := 0
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		for j := range m {
			t, err := asyncio.Submit(ctx, ex, returnOne)
			if err != nil {
				b.Fatal(err)
			}
			tasks[j] = t
		}
		for _, t := range tasks[:m] {
			v, err := t.Await(ctx)
			if err != nil {
				b.Fatal(err)
			}
			sum += v
		}
	}
	checkSum(b, "sum", sum, b.N)
}

// runPool is the hand-written floor: n workers draining a jobs channel, each
// job writing its own result slot.
func runPool(n int, jobs int, fn func(i int)) {
	ch := make(chan int)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for i := range ch {
				fn(i)
			}
		})
	}
	for i := range jobs {
		ch <- i
	}
	close(ch)
	wg.Wait()
}

func microExecutorFloor(b *testing.B) {
	b.ReportAllocs()
	results := make([]int, gatherBatch)
	sum := 0
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		runPool(executorWorkers(), m, func(j int) { results[j] = 1 })
		for _, v := range results[:m] {
			sum += v
		}
	}
	checkSum(b, "sum", sum, b.N)
}

func microExecutorSubmitPeer(b *testing.B) {
	b.ReportAllocs()
	results := make([]int, gatherBatch)
	sum := 0
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		var g errgroup.Group
		g.SetLimit(executorWorkers())
		for j := range m {
			g.Go(func() error { results[j] = 1; return nil })
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		for _, v := range results[:m] {
			sum += v
		}
	}
	checkSum(b, "sum", sum, b.N)
}

// --- Executor: Map, per input

func microExecutorMapOurs(b *testing.B) {
	ctx := benchContext(b)
	ex := newBenchExecutor(b)
	b.ReportAllocs()
	inputs := make([]int, gatherBatch)
	sum := 0
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		vs, err := asyncio.Map(ctx, ex, inputs[:m], func(context.Context, int) (int, error) { return 1, nil })
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range vs {
			sum += v
		}
	}
	checkSum(b, "sum", sum, b.N)
}

func microExecutorMapPeer(b *testing.B) {
	b.ReportAllocs()
	sum := 0
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		p := pool.NewWithResults[int]().WithMaxGoroutines(executorWorkers())
		for range m {
			p.Go(func() int { return 1 })
		}
		for _, v := range p.Wait() {
			sum += v
		}
	}
	checkSum(b, "sum", sum, b.N)
}
