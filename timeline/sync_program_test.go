package timeline_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// guarded starts n workers that each go inside once, through enter and
// leave. They arrive at staggered instants (0, 0.3s or 0.6s), so some wait
// and some walk straight in, and stay inside for hold, in a ToThread so that
// being inside has a state of its own in the chart: InThread.
func guarded(n int, hold time.Duration, enter func(context.Context) error, leave func()) func(context.Context) error {
	return func(ctx context.Context) error {
		var tasks []*asyncio.Task[struct{}]
		for i := range n {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				if err := asyncio.Sleep(ctx, time.Duration(i%3)*300*time.Millisecond); err != nil {
					return err
				}
				if err := enter(ctx); err != nil {
					return err
				}
				defer leave()
				_, err := asyncio.ToThread(ctx, func() (struct{}, error) {
					time.Sleep(hold)
					return struct{}{}, nil
				})
				return err
			}, asyncio.WithName(fmt.Sprintf("worker %d", i+1))))
		}
		_, err := asyncio.Gather(ctx, tasks...)
		return err
	}
}

func TestLockWorkersAreNeverInsideTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var lock asyncio.Lock
		c := record(t, guarded(3, time.Second, lock.Lock, lock.Unlock))
		w := workers(c)
		if len(w) != 3 {
			t.Fatalf("workers %q, want 3", names(w))
		}
		if n, at := timeline.MaxConcurrent(w, timeline.Is(timeline.InThread)); n != 1 {
			t.Errorf("%d workers hold the lock at %v, want 1", n, at)
		}
		if n, _ := timeline.MaxConcurrent(w, timeline.Is(timeline.WaitingLock)); n == 0 {
			t.Error("no worker ever waited for the lock: the test shows nothing")
		}
		if c.Duration() != 3*time.Second {
			t.Errorf("three 1s turns took %v, want 3s", c.Duration())
		}
	})
}

func TestSemaphoreAdmitsAtMostThree(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sem := asyncio.NewSemaphore(3)
		c := record(t, guarded(8, time.Second, sem.Acquire, sem.Release))
		w := workers(c)
		if n, at := timeline.MaxConcurrent(w, timeline.Is(timeline.InThread)); n != 3 {
			t.Errorf("%d workers inside at %v, want at most 3, and 3 at some point", n, at)
		}
		if n, _ := timeline.MaxConcurrent(w, timeline.Is(timeline.WaitingSemaphore)); n == 0 {
			t.Error("no worker ever waited for the semaphore: the test shows nothing")
		}
		var inside time.Duration
		for _, r := range w {
			inside += r.TimeIn(timeline.Is(timeline.InThread))
		}
		if inside != 8*time.Second {
			t.Errorf("workers were inside for %v in all, want 8 × 1s", inside)
		}
	})
}

// An Executor's task waits in the queue until a worker is free: the chart
// draws that time as Pending ("queued"), not as running.
func TestExecutorQueuedTaskIsPending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.NewRecorder()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			ex := asyncio.NewExecutor(1)
			defer ex.Shutdown(ctx)
			var tasks []*asyncio.Task[struct{}]
			for _, name := range []string{"first", "second"} {
				task, err := asyncio.Submit(ctx, ex, func(ctx context.Context) (struct{}, error) {
					return struct{}{}, asyncio.Sleep(ctx, time.Second)
				}, asyncio.WithName(name))
				if err != nil {
					return err
				}
				tasks = append(tasks, task)
			}
			_, err := asyncio.Gather(ctx, tasks...)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		second, ok := rec.Chart().Row("second")
		if !ok {
			t.Fatal("no row for the second task")
		}
		for at, want := range map[time.Duration]timeline.State{
			0:                      timeline.Pending,
			999 * time.Millisecond: timeline.Pending,
			time.Second:            timeline.Sleeping,
		} {
			if got := second.StateAt(at); got != want {
				t.Errorf("second task at %v: %v, want %v", at, got, want)
			}
		}
	})
}
