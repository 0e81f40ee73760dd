package asyncio_test

import (
	"context"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// The benchmarks compare each asyncio operation with the plain Go code one
// would write instead. Run them with
//
//	go test -run '^$' -bench 'Task|Gather' -benchmem ./asyncio
//
// BenchmarkTask is one spawn and await; BenchmarkGather spawns gatherWidth
// no-op tasks and gathers their results, and reports ns and allocations per
// task.

func BenchmarkTask(b *testing.B) {
	ctx := context.Background()
	b.Run("asyncio", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			t := asyncio.CreateTask(ctx, func(context.Context) (int, error) { return i, nil })
			if v, err := t.Await(ctx); v != i || err != nil {
				b.Fatal(v, err)
			}
		}
	})
	b.Run("goroutine+chan", func(b *testing.B) {
		b.ReportAllocs()
		type result struct {
			v   int
			err error
		}
		for i := 0; b.Loop(); i++ {
			ch := make(chan result, 1)
			go func() { ch <- result{i, nil} }()
			if r := <-ch; r.v != i || r.err != nil {
				b.Fatal(r)
			}
		}
	})
	// What a task also gives: a context of its own to cancel it with.
	b.Run("goroutine+chan+ctx", func(b *testing.B) {
		b.ReportAllocs()
		type result struct {
			v   int
			err error
		}
		for i := 0; b.Loop(); i++ {
			tctx, cancel := context.WithCancel(ctx)
			ch := make(chan result, 1)
			go func() {
				defer cancel()
				ch <- result{i, tctx.Err()}
			}()
			if r := <-ch; r.v != i || r.err != nil {
				b.Fatal(r)
			}
		}
	})
}

const gatherWidth = 1000

func BenchmarkGather(b *testing.B) {
	ctx := context.Background()
	perTask := func(b *testing.B, op func()) {
		b.ReportAllocs()
		for b.Loop() {
			op()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*gatherWidth), "ns/task")
	}
	check := func(b *testing.B, values []int) {
		if len(values) != gatherWidth || values[gatherWidth-1] != gatherWidth-1 {
			b.Fatal("wrong results")
		}
	}
	b.Run("asyncio", func(b *testing.B) {
		perTask(b, func() {
			tasks := make([]*asyncio.Task[int], gatherWidth)
			for i := range tasks {
				tasks[i] = asyncio.CreateTask(ctx, func(context.Context) (int, error) { return i, nil })
			}
			values, err := asyncio.Gather(ctx, tasks...)
			if err != nil {
				b.Fatal(err)
			}
			check(b, values)
		})
	})
	b.Run("waitgroup", func(b *testing.B) {
		perTask(b, func() {
			values := make([]int, gatherWidth)
			var wg sync.WaitGroup
			for i := range values {
				wg.Go(func() { values[i] = i })
			}
			wg.Wait()
			check(b, values)
		})
	})
	b.Run("waitgroup+ctx", func(b *testing.B) {
		// Each goroutine with its own cancellable context, as a task has.
		perTask(b, func() {
			values := make([]int, gatherWidth)
			var wg sync.WaitGroup
			for i := range values {
				tctx, cancel := context.WithCancel(ctx)
				wg.Go(func() {
					defer cancel()
					if tctx.Err() == nil {
						values[i] = i
					}
				})
			}
			wg.Wait()
			check(b, values)
		})
	})
	b.Run("errgroup", func(b *testing.B) {
		perTask(b, func() {
			values := make([]int, gatherWidth)
			g, gctx := errgroup.WithContext(ctx)
			for i := range values {
				g.Go(func() error {
					values[i] = i
					return gctx.Err()
				})
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
			check(b, values)
		})
	})
}

func BenchmarkTaskGroup(b *testing.B) {
	ctx := context.Background()
	perTask := func(b *testing.B, op func()) {
		b.ReportAllocs()
		for b.Loop() {
			op()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*gatherWidth), "ns/task")
	}
	b.Run("asyncio", func(b *testing.B) {
		perTask(b, func() {
			tg, _ := asyncio.NewTaskGroup(ctx)
			for range gatherWidth {
				tg.Go(func(context.Context) error { return nil })
			}
			if err := tg.Wait(ctx); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("errgroup", func(b *testing.B) {
		perTask(b, func() {
			g, gctx := errgroup.WithContext(ctx)
			for range gatherWidth {
				g.Go(func() error { return gctx.Err() })
			}
			if err := g.Wait(); err != nil {
				b.Fatal(err)
			}
		})
	})
}
