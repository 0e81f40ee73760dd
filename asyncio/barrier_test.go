package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func newBarrier(t *testing.T, parties int) *asyncio.Barrier {
	t.Helper()
	b := asyncio.NewBarrier(parties)
	return b
}

// arrive starts a task that waits on b and returns its index; with
// synctest.Wait the tasks arrive in the order they are started.
func arrive(ctx context.Context, b *asyncio.Barrier) *asyncio.Task[int] {
	task := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) { return b.Wait(ctx) })
	synctest.Wait()
	return task
}

func TestNewBarrierZeroParties(t *testing.T) {
	for _, parties := range []int{0, -1} {
		wantArgPanic(t, "NewBarrier", "parties", func() { asyncio.NewBarrier(parties) })
	}
}

func TestBarrierIndexes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 3)
		first, second := arrive(ctx, b), arrive(ctx, b)
		last, err := b.Wait(ctx) // the last arrival does not block
		if err != nil || last != 2 {
			t.Fatalf("last arrival: %d, %v; want 2", last, err)
		}
		for want, task := range []*asyncio.Task[int]{first, second} {
			if got, err := task.Await(ctx); got != want || err != nil {
				t.Fatalf("arrival %d got index %d, %v", want, got, err)
			}
		}
	})
}

func TestBarrierLastArrivalReleasesAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 4)
		begin := time.Now()
		var released trace
		var tasks []*asyncio.Task[struct{}]
		for i := range 4 {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				if err := asyncio.Sleep(ctx, time.Duration(i)*time.Second); err != nil {
					return err
				}
				if _, err := b.Wait(ctx); err != nil {
					return err
				}
				released.add("%v", time.Since(begin))
				return nil
			}))
		}
		awaitAll(t, tasks...)
		if got := released.String(); got != "[3s 3s 3s 3s]" {
			t.Fatalf("released at %s, want all at 3s, when the last arrived", got)
		}
	})
}

func TestBarrierIsReusable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 2)
		for cycle := range 3 {
			first := arrive(ctx, b)
			if n := b.NWaiting(); n != 1 {
				t.Fatalf("cycle %d: NWaiting = %d, want 1", cycle, n)
			}
			if i, err := b.Wait(ctx); i != 1 || err != nil {
				t.Fatalf("cycle %d: last arrival got %d, %v", cycle, i, err)
			}
			if i, err := first.Await(ctx); i != 0 || err != nil {
				t.Fatalf("cycle %d: first arrival got %d, %v", cycle, i, err)
			}
			if n := b.NWaiting(); n != 0 {
				t.Fatalf("cycle %d: NWaiting = %d after release", cycle, n)
			}
		}
	})
}

func TestBarrierSinglePartyNeverBlocks(t *testing.T) {
	b := newBarrier(t, 1)
	for range 3 {
		if i, err := b.Wait(context.Background()); i != 0 || err != nil {
			t.Fatalf("Wait = %d, %v", i, err)
		}
	}
}

func TestBarrierResetBreaksCurrentWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 3)
		a, c := arrive(ctx, b), arrive(ctx, b)
		b.Reset()
		for _, task := range []*asyncio.Task[int]{a, c} {
			if _, err := task.Await(ctx); !errors.Is(err, asyncio.ErrBrokenBarrier) {
				t.Fatalf("waiter during Reset: %v, want ErrBrokenBarrier", err)
			}
		}
		if b.Broken() || b.NWaiting() != 0 {
			t.Fatalf("after Reset: broken %v, waiting %d", b.Broken(), b.NWaiting())
		}
	})
}

func TestBarrierUsableAfterReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 2)
		broken := arrive(ctx, b)
		b.Reset()
		if _, err := broken.Await(ctx); !errors.Is(err, asyncio.ErrBrokenBarrier) {
			t.Fatal(err)
		}
		first := arrive(ctx, b)
		if i, err := b.Wait(ctx); i != 1 || err != nil {
			t.Fatalf("after Reset: %d, %v", i, err)
		}
		if i, err := first.Await(ctx); i != 0 || err != nil {
			t.Fatalf("after Reset: %d, %v", i, err)
		}
	})
}

func TestBarrierAbort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 3)
		waiter := arrive(ctx, b)
		b.Abort()
		if _, err := waiter.Await(ctx); !errors.Is(err, asyncio.ErrBrokenBarrier) {
			t.Fatalf("waiter during Abort: %v", err)
		}
		if !b.Broken() {
			t.Fatal("Broken() = false after Abort")
		}
		for range 3 { // even enough arrivals to fill it do not get through
			if _, err := b.Wait(ctx); !errors.Is(err, asyncio.ErrBrokenBarrier) {
				t.Fatalf("Wait on an aborted barrier: %v", err)
			}
		}
		if n := b.NWaiting(); n != 0 {
			t.Fatalf("NWaiting = %d on an aborted barrier", n)
		}
	})
}

func TestBarrierResetAfterAbortRepairs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 2)
		b.Abort()
		b.Reset()
		if b.Broken() {
			t.Fatal("Broken() = true after Reset")
		}
		first := arrive(ctx, b)
		if _, err := b.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := first.Await(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestBarrierCanceledWaiterLeavesWithoutBreaking(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 2)
		leaver := arrive(ctx, b)
		leaver.Cancel()
		if _, err := leaver.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled waiter: %v", err)
		}
		if b.Broken() || b.NWaiting() != 0 {
			t.Fatalf("after the cancellation: broken %v, waiting %d", b.Broken(), b.NWaiting())
		}
		// The cycle still needs two arrivals.
		first := arrive(ctx, b)
		if b.NWaiting() != 1 {
			t.Fatalf("NWaiting = %d, want 1", b.NWaiting())
		}
		if i, err := b.Wait(ctx); i != 1 || err != nil {
			t.Fatalf("last arrival: %d, %v", i, err)
		}
		if i, err := first.Await(ctx); i != 0 || err != nil {
			t.Fatalf("first arrival: %d, %v", i, err)
		}
	})
}

// CPython would give b and c the same index here: it hands out the number of
// waiters present on arrival, and leaver's departure lowers it.
func TestBarrierIndexesStayUniqueAfterCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		b := newBarrier(t, 3)
		leaver, second := arrive(ctx, b), arrive(ctx, b)
		leaver.Cancel()
		if _, err := leaver.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		third := arrive(ctx, b)
		last, err := b.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, task := range []*asyncio.Task[int]{second, third} {
			i, err := task.Await(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, i)
		}
		got = append(got, last)
		if !slices.Equal(got, []int{0, 1, 2}) {
			t.Fatalf("indices of the arrivals that stayed = %v, want [0 1 2]", got)
		}
	})
}

func TestBarrierWaitDeadlineExceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBarrier(t, 2)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var err error
		d := elapsed(func() { _, err = b.Wait(ctx) })
		if !errors.Is(err, context.DeadlineExceeded) || d != 5*time.Second {
			t.Fatalf("Wait = %v after %v", err, d)
		}
		if b.Broken() || b.NWaiting() != 0 {
			t.Fatal("the timed-out waiter disturbed the barrier")
		}
	})
}

func TestBarrierLastArrivalWithDoneContextStillReleases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		b := newBarrier(t, 2)
		first := arrive(bg, b)
		done, cancel := context.WithCancel(bg)
		cancel()
		if i, err := b.Wait(done); i != 1 || err != nil {
			t.Fatalf("last arrival with a done ctx: %d, %v; want 1, nil", i, err)
		}
		if _, err := first.Await(bg); err != nil {
			t.Fatal(err)
		}
		// But one that would have to wait fails at once without joining.
		if _, err := b.Wait(done); !errors.Is(err, context.Canceled) || b.NWaiting() != 0 {
			t.Fatalf("first arrival with a done ctx: %v, waiting %d", err, b.NWaiting())
		}
	})
}

func TestBarrierParties(t *testing.T) {
	if p := newBarrier(t, 5).Parties(); p != 5 {
		t.Fatalf("Parties = %d", p)
	}
}

func TestBarrierZeroValueWaitPanics(t *testing.T) {
	var b asyncio.Barrier
	// It would hang.
	wantArgPanic(t, "Barrier.Wait", "barrier", func() { _, _ = b.Wait(context.Background()) })
}

func TestBarrierReportsBlockBarrier(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		begin := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		b := newBarrier(t, 2)
		waiter := asyncio.CreateTask(ctx, b.Wait, asyncio.WithName("waiter"))
		time.Sleep(2 * time.Second)
		_, _ = b.Wait(ctx)
		if _, err := waiter.Await(ctx); err != nil {
			t.Fatal(err)
		}
		want := "[blocked:barrier@0s resumed:barrier@2s]"
		if got := fmt.Sprint(blockKinds(rec, "waiter", begin)); got != want {
			t.Fatalf("recorded %s, want %s", got, want)
		}
	})
}

// Property: over many cycles with parties goroutines, every cycle hands out
// each index exactly once.
func TestBarrierIndexesPerCycleUnderHammer(t *testing.T) {
	const parties, cycles = 4, 200
	ctx := context.Background()
	b := newBarrier(t, parties)
	counts := make([][parties]int, cycles)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range parties {
		wg.Go(func() {
			for cycle := range cycles {
				i, err := b.Wait(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				counts[cycle][i]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for cycle, c := range counts {
		if c != [parties]int{1, 1, 1, 1} {
			t.Fatalf("cycle %d handed out indices %v times", cycle, c)
		}
	}
}

func ExampleBarrier() {
	ctx := context.Background()
	const runners = 3
	b := asyncio.NewBarrier(runners)
	var tasks []*asyncio.Task[int]
	for range runners {
		tasks = append(tasks, asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			// ...get ready, then wait for the others at the start line.
			return b.Wait(ctx)
		}))
	}
	var indices []int
	for _, t := range tasks {
		i, err := t.Await(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		indices = append(indices, i)
	}
	slices.Sort(indices)
	fmt.Println("arrival indices:", indices, "still waiting:", b.NWaiting())
	// Output: arrival indices: [0 1 2] still waiting: 0
}

// A cycle may mix waiters that park on their own channel (a task's context)
// with waiters that select on the cycle's channel (any other context): every
// kind is released, in arrival order, by a fill and by a Reset.
func TestBarrierMixedWaiterKinds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cancelable, cancel := context.WithCancel(context.Background())
		defer cancel()
		waitWith := map[string]func(b *asyncio.Barrier) <-chan error{
			"task": func(b *asyncio.Barrier) <-chan error {
				return goWait(func() (int, error) {
					return asyncio.CreateTask(context.Background(), func(ctx context.Context) (int, error) { return b.Wait(ctx) }).Await(context.Background())
				})
			},
			"background": func(b *asyncio.Barrier) <-chan error {
				return goWait(func() (int, error) { return b.Wait(context.Background()) })
			},
			"cancelable": func(b *asyncio.Barrier) <-chan error {
				return goWait(func() (int, error) { return b.Wait(cancelable) })
			},
		}
		for _, order := range [][]string{{"task", "background", "cancelable"}, {"cancelable", "task", "background"}, {"background", "cancelable", "task"}} {
			b := asyncio.NewBarrier(len(order) + 1)
			for _, reset := range []bool{false, true} {
				var results []<-chan error
				for _, kind := range order {
					results = append(results, waitWith[kind](b))
					synctest.Wait()
				}
				if reset {
					b.Reset()
				} else if i, err := b.Wait(context.Background()); i != len(order) || err != nil {
					t.Fatalf("%v: the last arrival got %d, %v", order, i, err)
				}
				for i, r := range results {
					want := fmt.Sprint(i)
					if reset {
						want = asyncio.ErrBrokenBarrier.Error()
					}
					if got := (<-r).Error(); got != want {
						t.Errorf("%v, reset %v: the %s waiter got %q, want %q", order, reset, order[i], got, want)
					}
				}
			}
		}
	})
}

// goWait runs wait on a goroutine and sends its outcome as an error: its
// index as text, or the error.
func goWait(wait func() (int, error)) <-chan error {
	out := make(chan error, 1)
	go func() {
		i, err := wait()
		if err == nil {
			err = errors.New(fmt.Sprint(i))
		}
		out <- err
	}()
	return out
}
