package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// acquirer is what Semaphore and BoundedSemaphore have in common.
type acquirer interface {
	Acquire(context.Context) error
	TryAcquire() bool
	Locked() bool
}

// semaphores returns a Semaphore and a BoundedSemaphore of value permits,
// by name, for tests that hold for both; release gives a permit back.
func semaphores(t *testing.T, value int) map[string]struct {
	sem     acquirer
	release func()
} {
	t.Helper()
	s := asyncio.NewSemaphore(value)
	bs := asyncio.NewBoundedSemaphore(value)
	return map[string]struct {
		sem     acquirer
		release func()
	}{
		"Semaphore": {s, s.Release},
		"BoundedSemaphore": {bs, func() {
			bs.Release()
		}},
	}
}

// drain takes every free permit without blocking and returns how many.
func drain(s acquirer) int {
	n := 0
	for s.TryAcquire() {
		n++
	}
	return n
}

func TestNewSemaphoreNegativeValue(t *testing.T) {
	for name, newSem := range map[string]func(int){
		"NewSemaphore":        func(v int) { asyncio.NewSemaphore(v) },
		"NewBoundedSemaphore": func(v int) { asyncio.NewBoundedSemaphore(v) },
	} {
		t.Run(name, func(t *testing.T) {
			wantArgPanic(t, name, "value", func() { newSem(-1) })
		})
	}
}

func TestNewSemaphoreValueTooLarge(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("an int cannot exceed the largest count")
	}
	largest := int64(math.MaxInt64 >> 1)
	wantArgPanic(t, "NewSemaphore", "value", func() { asyncio.NewSemaphore(math.MaxInt) })
	s := asyncio.NewSemaphore(int(largest))
	wantArgPanic(t, "Semaphore.Release", "semaphore", s.Release)
	if !s.TryAcquire() {
		t.Fatal("the failed Release broke the semaphore")
	}
}

func TestSemaphoreZeroValueHasNoPermits(t *testing.T) {
	var s asyncio.Semaphore
	if !s.Locked() || s.TryAcquire() {
		t.Fatal("zero Semaphore should have no permit")
	}
	s.Release()
	if s.Locked() || !s.TryAcquire() {
		t.Fatal("zero Semaphore should have one permit after Release")
	}
}

func TestSemaphoreAcquiresUpToValueWithoutBlocking(t *testing.T) {
	for name, tc := range semaphores(t, 3) {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				if d := elapsed(func() {
					for range 3 {
						if err := tc.sem.Acquire(ctx); err != nil {
							t.Fatal(err)
						}
					}
				}); d != 0 {
					t.Fatalf("three Acquires of three permits took %v", d)
				}
				if !tc.sem.Locked() || tc.sem.TryAcquire() {
					t.Fatal("a fourth permit was available")
				}
			})
		})
	}
}

func TestSemaphoreBlocksUntilRelease(t *testing.T) {
	for name, tc := range semaphores(t, 1) {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				_ = tc.sem.Acquire(ctx)
				holder := asyncio.Go(ctx, func(ctx context.Context) error {
					err := asyncio.Sleep(ctx, 2*time.Second)
					tc.release()
					return err
				})
				if d := elapsed(func() {
					if err := tc.sem.Acquire(ctx); err != nil {
						t.Fatal(err)
					}
				}); d != 2*time.Second {
					t.Fatalf("Acquire waited %v, want 2s", d)
				}
				awaitAll(t, holder)
			})
		})
	}
}

func TestSemaphoreFIFOOrder(t *testing.T) {
	for name, tc := range semaphores(t, 2) {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				_, _ = tc.sem.Acquire(ctx), tc.sem.Acquire(ctx)
				var order trace
				var tasks []*asyncio.Task[struct{}]
				for i := range 6 {
					tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
						if err := tc.sem.Acquire(ctx); err != nil {
							return err
						}
						order.add("%d", i)
						err := asyncio.Sleep(ctx, time.Second)
						tc.release()
						return err
					}))
					synctest.Wait()
				}
				tc.release()
				time.Sleep(time.Second / 2) // waiter 0 runs alone for half a second
				tc.release()
				awaitAll(t, tasks...)
				if got := order.String(); got != "[0 1 2 3 4 5]" {
					t.Fatalf("permits went in order %s, want arrival order", got)
				}
			})
		})
	}
}

func TestSemaphoreNoBargingWhileWaitersQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := asyncio.NewSemaphore(0)
		waiter := asyncio.Go(ctx, s.Acquire)
		synctest.Wait()
		if !s.Locked() {
			t.Fatal("Locked() = false with a waiter queued")
		}
		s.Release()
		if s.TryAcquire() {
			t.Fatal("TryAcquire took the permit released to a queued waiter")
		}
		awaitAll(t, waiter)
	})
}

func TestSemaphoreCanceledWaiterLeavesQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := asyncio.NewSemaphore(0)
		var order trace
		start := func(name string) *asyncio.Task[struct{}] {
			task := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := s.Acquire(ctx); err != nil {
					order.add("%s:%v", name, err)
					return nil
				}
				order.add("%s", name)
				return nil
			})
			synctest.Wait()
			return task
		}
		a, b, c := start("a"), start("b"), start("c")
		a.Cancel()
		synctest.Wait()
		s.Release()
		synctest.Wait()
		s.Release()
		awaitAll(t, a, b, c)
		if got := order.String(); got != "[a:context canceled b c]" {
			t.Fatalf("order %s", got)
		}
		if s.TryAcquire() {
			t.Fatal("a permit appeared from nowhere")
		}
	})
}

func TestSemaphoreAcquireReturnsDeadlineExceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewSemaphore(0)
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		var err error
		d := elapsed(func() { err = s.Acquire(ctx) })
		if !errors.Is(err, context.DeadlineExceeded) || d != 1500*time.Millisecond {
			t.Fatalf("Acquire = %v after %v", err, d)
		}
		s.Release()
		if drain(s) != 1 {
			t.Fatal("the timed-out waiter disturbed the permit count")
		}
	})
}

func TestSemaphoreDoneContextFailsOnlyWhenItWouldBlock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := asyncio.NewSemaphore(1)
	if err := s.Acquire(ctx); err != nil {
		t.Fatalf("Acquire of a free permit with a done ctx = %v, want nil as in CPython", err)
	}
	if err := s.Acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire with no permit and a done ctx = %v", err)
	}
}

func TestSemaphoreLockedAsCPython(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := asyncio.NewSemaphore(1)
		if s.Locked() {
			t.Fatal("Locked with a free permit")
		}
		_ = s.Acquire(ctx)
		if !s.Locked() {
			t.Fatal("not Locked with no free permit")
		}
		waiter := asyncio.Go(ctx, s.Acquire)
		synctest.Wait()
		s.Release() // handed to the waiter: still no free permit
		if !s.Locked() {
			t.Fatal("not Locked after the permit was handed to a waiter")
		}
		awaitAll(t, waiter)
		s.Release()
		if s.Locked() {
			t.Fatal("Locked with a free permit and no waiter")
		}
	})
}

func TestSemaphoreReleaseBeyondInitialValue(t *testing.T) {
	s := asyncio.NewSemaphore(1)
	s.Release()
	s.Release()
	if n := drain(s); n != 3 {
		t.Fatalf("an unbounded Semaphore(1) released twice has %d permits, want 3", n)
	}
}

func TestBoundedSemaphoreReleaseTooManyTimes(t *testing.T) {
	ctx := context.Background()
	s := asyncio.NewBoundedSemaphore(2)
	_ = s.Acquire(ctx)
	s.Release()
	wantArgPanic(t, "BoundedSemaphore.Release", "semaphore", s.Release)
	if n := drain(s); n != 2 {
		t.Fatalf("the failed Release changed the count: %d permits, want 2", n)
	}
}

func TestBoundedSemaphoreZeroValueRejectsRelease(t *testing.T) {
	var s asyncio.BoundedSemaphore
	wantArgPanic(t, "BoundedSemaphore.Release", "semaphore", s.Release)
	if s.TryAcquire() {
		t.Fatal("zero BoundedSemaphore has a permit")
	}
}

func TestBoundedSemaphoreReleaseHandsOffToWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := asyncio.NewBoundedSemaphore(1)
		_ = s.Acquire(ctx)
		waiter := asyncio.Go(ctx, s.Acquire)
		synctest.Wait()
		s.Release()
		awaitAll(t, waiter)
		s.Release()
		wantArgPanic(t, "BoundedSemaphore.Release", "semaphore", s.Release)
	})
}

func TestSemaphoreReportsBlockSemaphore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		s := asyncio.NewBoundedSemaphore(1)
		_ = s.Acquire(ctx)
		waiter := asyncio.Go(ctx, s.Acquire, asyncio.WithName("waiter"))
		time.Sleep(2 * time.Second)
		s.Release()
		awaitAll(t, waiter)
		want := "[blocked:semaphore@0s resumed:semaphore@2s]"
		if got := fmt.Sprint(blockKinds(rec, "waiter", start)); got != want {
			t.Fatalf("recorded %s, want %s", got, want)
		}
	})
}

// Property: however the goroutines interleave, no more than value of them
// hold a permit at once, and every permit comes back.
func TestSemaphoreNeverExceedsValueUnderHammer(t *testing.T) {
	const value, goroutines, rounds = 3, 10, 200
	ctx := context.Background()
	for name, tc := range semaphores(t, value) {
		t.Run(name, func(t *testing.T) {
			var (
				inside atomic.Int32
				wg     sync.WaitGroup
			)
			for range goroutines {
				wg.Go(func() {
					for range rounds {
						if err := tc.sem.Acquire(ctx); err != nil {
							t.Error(err)
							return
						}
						n := inside.Add(1)
						if n > value {
							t.Errorf("%d holders of %d permits", n, value)
						}
						inside.Add(-1)
						tc.release()
					}
				})
			}
			wg.Wait()
			if n := drain(tc.sem); n != value {
				t.Fatalf("%d permits at the end, want %d", n, value)
			}
		})
	}
}

// Property: waiters cancelled at random, racing with releases, never lose
// nor create a permit.
func TestSemaphorePermitsConservedUnderCancellation(t *testing.T) {
	const value, goroutines, rounds = 2, 8, 150
	for name, tc := range semaphores(t, value) {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Go(func() {
					for i := range rounds {
						ctx, cancel := context.WithCancel(context.Background())
						if (g+i)%2 == 0 {
							go cancel()
						}
						if err := tc.sem.Acquire(ctx); err == nil {
							tc.release()
						} else if !errors.Is(err, context.Canceled) {
							t.Error(err)
						}
						cancel()
					}
				})
			}
			wg.Wait()
			if n := drain(tc.sem); n != value {
				t.Fatalf("%d permits at the end, want %d", n, value)
			}
		})
	}
}

func ExampleSemaphore() {
	ctx := context.Background()
	sem := asyncio.NewSemaphore(2) // at most two downloads at once
	var inFlight, most atomic.Int32
	download := func(ctx context.Context) error {
		if err := sem.Acquire(ctx); err != nil {
			return err
		}
		defer sem.Release()
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		return asyncio.Sleep(ctx, 10*time.Millisecond)
	}
	var tasks []*asyncio.Task[struct{}]
	for range 6 {
		tasks = append(tasks, asyncio.Go(ctx, download))
	}
	for _, t := range tasks {
		if _, err := t.Await(ctx); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("most downloads at once:", most.Load())
	// Output: most downloads at once: 2
}

// BenchmarkSemaphore compares one Acquire+Release of asyncio.Semaphore with
// golang.org/x/sync/semaphore.Weighted and a buffered channel used as a
// semaphore: uncontended (one goroutine), and contended (GOMAXPROCS
// goroutines sharing one permit).
func BenchmarkSemaphore(b *testing.B) {
	ctx := context.Background()
	b.Run("uncontended/asyncio.Semaphore", func(b *testing.B) {
		b.ReportAllocs()
		s := asyncio.NewSemaphore(1)
		for b.Loop() {
			_ = s.Acquire(ctx)
			s.Release()
		}
	})
	b.Run("uncontended/semaphore.Weighted", func(b *testing.B) {
		b.ReportAllocs()
		w := semaphore.NewWeighted(1)
		for b.Loop() {
			_ = w.Acquire(ctx, 1)
			w.Release(1)
		}
	})
	b.Run("uncontended/chan", func(b *testing.B) {
		b.ReportAllocs()
		ch := make(chan struct{}, 1)
		for b.Loop() {
			select {
			case ch <- struct{}{}:
			case <-ctx.Done():
			}
			<-ch
		}
	})
	b.Run("contended/asyncio.Semaphore", func(b *testing.B) {
		b.ReportAllocs()
		s := asyncio.NewSemaphore(1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_ = s.Acquire(ctx)
				s.Release()
			}
		})
	})
	b.Run("contended/semaphore.Weighted", func(b *testing.B) {
		b.ReportAllocs()
		w := semaphore.NewWeighted(1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_ = w.Acquire(ctx, 1)
				w.Release(1)
			}
		})
	})
	b.Run("contended/chan", func(b *testing.B) {
		b.ReportAllocs()
		ch := make(chan struct{}, 1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				select {
				case ch <- struct{}{}:
				case <-ctx.Done():
				}
				<-ch
			}
		})
	})
}

// errOverReleased stands, in tests that compare Release with a model, for
// the *ArgError a BoundedSemaphore's over-release panics with.
var errOverReleased = errors.New("test: BoundedSemaphore.Release panicked: released more times than acquired")

// boundedRelease returns s.Release as a function that returns
// errOverReleased instead of panicking with the documented *ArgError, and
// fails loudly on any other panic.
func boundedRelease(s *asyncio.BoundedSemaphore) func() error {
	return func() error {
		ae, other := recoverArgError(s.Release)
		switch {
		case other != nil:
			panic(other)
		case ae == nil:
			return nil
		case ae.Func != "BoundedSemaphore.Release" || ae.Arg != "semaphore":
			return fmt.Errorf("test: BoundedSemaphore.Release panicked with %v, naming the wrong call", ae)
		}
		return errOverReleased
	}
}
