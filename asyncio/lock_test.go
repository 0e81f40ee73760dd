package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// trace records what tasks did, in order; safe for concurrent use. The
// tests of lock_test.go, semaphore_test.go, event_test.go,
// condition_test.go and barrier_test.go share it.
type trace struct {
	mu  sync.Mutex
	all []string
}

func (tr *trace) add(format string, args ...any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.all = append(tr.all, fmt.Sprintf(format, args...))
}

func (tr *trace) String() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return fmt.Sprint(tr.all)
}

// awaitAll awaits every task and fails the test on the first error.
func awaitAll(t *testing.T, tasks ...*asyncio.Task[struct{}]) {
	t.Helper()
	for _, task := range tasks {
		if _, err := task.Await(context.Background()); err != nil {
			t.Errorf("%v: %v", task, err)
		}
	}
}

// blockKinds returns the blocked/resumed events of the named task as
// "blocked:lock@1s".
func blockKinds(rec *events, name string, start time.Time) []string {
	var out []string
	for _, s := range rec.of(name, start) {
		if s[:len("blocked")] == "blocked" || s[:len("resumed")] == "resumed" {
			out = append(out, s)
		}
	}
	return out
}

func TestLockZeroValueIsUnlocked(t *testing.T) {
	var l asyncio.Lock
	if l.Locked() {
		t.Fatal("zero Lock is locked")
	}
	if err := l.Lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !l.Locked() {
		t.Fatal("Locked() = false after Lock")
	}
	l.Unlock()
	if l.Locked() {
		t.Fatal("Locked() = true after Unlock")
	}
}

func TestLockTryLockFailsWhenLocked(t *testing.T) {
	var l asyncio.Lock
	if !l.TryLock() {
		t.Fatal("TryLock of a free lock failed")
	}
	if l.TryLock() {
		t.Fatal("TryLock of a held lock succeeded")
	}
	l.Unlock()
	if !l.TryLock() {
		t.Fatal("TryLock after Unlock failed")
	}
}

func TestLockWaiterAcquiresWhenHolderUnlocks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var l asyncio.Lock
		holder := asyncio.Go(ctx, func(ctx context.Context) error {
			if err := l.Lock(ctx); err != nil {
				return err
			}
			defer l.Unlock()
			return asyncio.Sleep(ctx, 2*time.Second)
		})
		synctest.Wait()
		if d := elapsed(func() {
			if err := l.Lock(ctx); err != nil {
				t.Fatal(err)
			}
		}); d != 2*time.Second {
			t.Fatalf("Lock waited %v for a holder that kept it 2s", d)
		}
		l.Unlock()
		awaitAll(t, holder)
	})
}

func TestLockFIFOAcrossReleases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var l asyncio.Lock
		_ = l.Lock(ctx)
		var order trace
		var tasks []*asyncio.Task[struct{}]
		for i := range 5 {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				if err := l.Lock(ctx); err != nil {
					return err
				}
				order.add("%d", i)
				// Hold the lock across a sleep, so that each release is a
				// separate hand-off while the others stay queued.
				err := asyncio.Sleep(ctx, time.Second)
				l.Unlock()
				return err
			}))
			synctest.Wait() // waiter i is queued before waiter i+1 arrives
		}
		l.Unlock()
		awaitAll(t, tasks...)
		if got := order.String(); got != "[0 1 2 3 4]" {
			t.Fatalf("waiters got the lock in order %s, want arrival order", got)
		}
	})
}

func TestLockNoBargingWhileWaitersQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var l asyncio.Lock
		_ = l.Lock(ctx)
		got := make(chan struct{})
		waiter := asyncio.Go(ctx, func(ctx context.Context) error {
			if err := l.Lock(ctx); err != nil {
				return err
			}
			<-got
			l.Unlock()
			return nil
		})
		synctest.Wait()
		l.Unlock()
		// The lock went to the waiter, not back to whoever asks first.
		if l.TryLock() {
			t.Fatal("TryLock took the lock from under a queued waiter")
		}
		if !l.Locked() {
			t.Fatal("Locked() = false while the lock is handed to a waiter")
		}
		close(got)
		awaitAll(t, waiter)
		if l.Locked() {
			t.Fatal("lock still held after the waiter unlocked")
		}
	})
}

func TestLockCanceledWaiterLeavesQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var l asyncio.Lock
		_ = l.Lock(ctx)
		var order trace
		start := func(name string) *asyncio.Task[struct{}] {
			task := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := l.Lock(ctx); err != nil {
					order.add("%s:%v", name, err)
					return nil
				}
				order.add("%s", name)
				l.Unlock()
				return nil
			})
			synctest.Wait()
			return task
		}
		a, b, c := start("a"), start("b"), start("c")
		b.Cancel()
		synctest.Wait()
		l.Unlock()
		awaitAll(t, a, b, c)
		if got := order.String(); got != "[b:context canceled a c]" {
			t.Fatalf("order %s, want b cancelled then a and c in order", got)
		}
		if l.Locked() {
			t.Fatal("lock left held")
		}
	})
}

func TestLockWaitReturnsDeadlineExceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l asyncio.Lock
		_ = l.Lock(context.Background())
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		var err error
		d := elapsed(func() { err = l.Lock(ctx) })
		if !errors.Is(err, context.DeadlineExceeded) || d != 3*time.Second {
			t.Fatalf("Lock = %v after %v, want DeadlineExceeded after 3s", err, d)
		}
		if !l.Locked() {
			t.Fatal("the timed-out Lock changed the lock's state")
		}
		l.Unlock()
		if !l.TryLock() {
			t.Fatal("lock not free after its holder unlocked")
		}
	})
}

func TestLockDoneContextFailsOnlyWhenItWouldBlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var l asyncio.Lock
		if err := l.Lock(ctx); err != nil {
			t.Fatalf("Lock of a free lock with a done ctx = %v, want nil as in CPython", err)
		}
		if d := elapsed(func() {
			if err := l.Lock(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("Lock of a held lock with a done ctx = %v", err)
			}
		}); d != 0 {
			t.Fatalf("took %v", d)
		}
		l.Unlock()
	})
}

func TestLockUnlockUnlockedPanics(t *testing.T) {
	var l asyncio.Lock
	wantArgPanic(t, "Lock.Unlock", "lock", l.Unlock)
	// The panic leaves the lock intact and usable.
	if !l.TryLock() {
		t.Fatal("TryLock failed after the recovered panic")
	}
	l.Unlock()
	wantArgPanic(t, "Lock.Unlock", "lock", l.Unlock)
}

func TestLockUnlockByAnotherTask(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var l asyncio.Lock
		_ = l.Lock(ctx)
		awaitAll(t, asyncio.Go(ctx, func(context.Context) error { l.Unlock(); return nil }))
		if l.Locked() {
			t.Fatal("a Lock is not owned: another task may unlock it")
		}
	})
}

func TestLockUnlockAfterLastWaiterCanceledFreesLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var l asyncio.Lock
		_ = l.Lock(ctx)
		waiter := asyncio.Go(ctx, func(ctx context.Context) error { return l.Lock(ctx) })
		synctest.Wait()
		waiter.Cancel()
		if _, err := waiter.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled waiter: %v", err)
		}
		l.Unlock()
		if l.Locked() || !l.TryLock() {
			t.Fatal("lock not free after Unlock with no waiter left")
		}
	})
}

func TestLockReportsBlockLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		var l asyncio.Lock
		_ = l.Lock(ctx)
		waiter := asyncio.Go(ctx, func(ctx context.Context) error {
			if err := l.Lock(ctx); err != nil {
				return err
			}
			l.Unlock()
			return nil
		}, asyncio.WithName("waiter"))
		time.Sleep(time.Second)
		l.Unlock()
		awaitAll(t, waiter)
		want := "[blocked:lock@0s resumed:lock@1s]"
		if got := fmt.Sprint(blockKinds(rec, "waiter", start)); got != want {
			t.Fatalf("recorded %s, want %s", got, want)
		}
	})
}

// A free lock is taken without blocking, so nothing is reported.
func TestLockUncontendedReportsNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		ctx := asyncio.WithRecorder(context.Background(), rec)
		var l asyncio.Lock
		task := asyncio.Go(ctx, func(ctx context.Context) error {
			if err := l.Lock(ctx); err != nil {
				return err
			}
			l.Unlock()
			return nil
		}, asyncio.WithName("t"))
		awaitAll(t, task)
		if got := blockKinds(rec, "t", time.Now()); len(got) != 0 {
			t.Fatalf("recorded %v for an uncontended Lock", got)
		}
	})
}

// Property: however the goroutines interleave, at most one holds the lock.
func TestLockMutualExclusionUnderHammer(t *testing.T) {
	const goroutines, rounds = 8, 300
	ctx := context.Background()
	var (
		l       asyncio.Lock
		inside  atomic.Int32
		counter int
		wg      sync.WaitGroup
	)
	for range goroutines {
		wg.Go(func() {
			for i := range rounds {
				var err error
				if i%3 == 0 && l.TryLock() {
					err = nil
				} else {
					err = l.Lock(ctx)
				}
				if err != nil {
					t.Error(err)
					return
				}
				if n := inside.Add(1); n != 1 {
					t.Errorf("%d holders at once", n)
				}
				counter++
				inside.Add(-1)
				l.Unlock()
			}
		})
	}
	wg.Wait()
	if counter != goroutines*rounds {
		t.Fatalf("counter = %d, want %d", counter, goroutines*rounds)
	}
	if l.Locked() {
		t.Fatal("lock left held")
	}
}

// Property: a waiter cancelled while the lock is released to it never keeps
// the lock, nor loses it: afterwards the lock is free or held by the caller
// that succeeded.
func TestLockCancellationRaceNeverLosesLock(t *testing.T) {
	ctx := context.Background()
	for range 300 {
		var l asyncio.Lock
		_ = l.Lock(ctx)
		wctx, cancel := context.WithCancel(ctx)
		results := make(chan error, 2)
		for _, c := range []context.Context{wctx, ctx} {
			go func() {
				err := l.Lock(c)
				if err == nil {
					l.Unlock()
				}
				results <- err
			}()
		}
		go cancel()
		l.Unlock()
		first, second := <-results, <-results
		if (first != nil && !errors.Is(first, context.Canceled)) || (second != nil && !errors.Is(second, context.Canceled)) {
			t.Fatalf("unexpected errors %v, %v", first, second)
		}
		if !l.TryLock() {
			t.Fatal("lock lost: still held after every caller finished")
		}
		cancel()
	}
}

func ExampleLock() {
	ctx := context.Background()
	var (
		mu      asyncio.Lock
		balance = 100
	)
	withdraw := func(ctx context.Context) error {
		if err := mu.Lock(ctx); err != nil {
			return err
		}
		defer mu.Unlock()
		if balance >= 30 {
			balance -= 30
		}
		return nil
	}
	var tasks []*asyncio.Task[struct{}]
	for range 5 {
		tasks = append(tasks, asyncio.Go(ctx, withdraw))
	}
	for _, t := range tasks {
		if _, err := t.Await(ctx); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("balance:", balance)
	// Output: balance: 10
}

// BenchmarkLock compares asyncio.Lock with sync.Mutex, uncontended (one
// goroutine) and contended (GOMAXPROCS goroutines, a tiny critical section).
func BenchmarkLock(b *testing.B) {
	ctx := context.Background()
	b.Run("uncontended/asyncio.Lock", func(b *testing.B) {
		b.ReportAllocs()
		var l asyncio.Lock
		for b.Loop() {
			_ = l.Lock(ctx)
			l.Unlock()
		}
	})
	b.Run("uncontended/sync.Mutex", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		for b.Loop() {
			mu.Lock()
			//lint:ignore SA2001 the benchmark measures the lock itself
			mu.Unlock()
		}
	})
	b.Run("contended/asyncio.Lock", func(b *testing.B) {
		b.ReportAllocs()
		var (
			l asyncio.Lock
			n int
		)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_ = l.Lock(ctx)
				n++
				l.Unlock()
			}
		})
	})
	b.Run("contended/sync.Mutex", func(b *testing.B) {
		b.ReportAllocs()
		var (
			mu sync.Mutex
			n  int
		)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.Lock()
				n++
				mu.Unlock()
			}
		})
	})
}
