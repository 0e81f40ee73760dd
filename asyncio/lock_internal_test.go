package asyncio

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// These tests reach inside the primitives to make a grant and a cancellation
// happen "at the same moment", deterministically: the test holds the
// primitive's mutex, cancels the waiter's context (which decides the
// waiter's select: it wakes on ctx.Done), and only then grants it, before the
// waiter can take the mutex to leave the queue.

// startWaiter runs f on a goroutine and returns a channel with its result
// and, once synctest.Wait returns, f is blocked.
func startWaiter(f func() error) <-chan error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	synctest.Wait()
	return done
}

func TestLockCanceledWaiterPassesLockOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		var l Lock
		_ = l.Lock(bg)
		actx, cancelA := context.WithCancel(bg)
		a := startWaiter(func() error { return l.Lock(actx) })
		b := startWaiter(func() error { return l.Lock(bg) })

		l.mu.Lock()
		cancelA()         // a's select now returns ctx.Done
		l.handOffLocked() // ...but the lock is handed to a first
		l.mu.Unlock()

		if err := <-a; !errors.Is(err, context.Canceled) {
			t.Fatalf("a: %v, want context.Canceled", err)
		}
		if err := <-b; err != nil {
			t.Fatalf("b did not get the lock a passed on: %v", err)
		}
		if !l.Locked() || l.TryLock() {
			t.Fatal("b should hold the lock")
		}
		l.Unlock()
		if l.Locked() {
			t.Fatal("lock still held after b unlocked")
		}
	})
}

func TestLockCanceledLastWaiterFreesHandedOffLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		var l Lock
		_ = l.Lock(bg)
		actx, cancelA := context.WithCancel(bg)
		a := startWaiter(func() error { return l.Lock(actx) })

		l.mu.Lock()
		cancelA()
		l.handOffLocked()
		l.mu.Unlock()

		if err := <-a; !errors.Is(err, context.Canceled) {
			t.Fatalf("a: %v", err)
		}
		if l.Locked() {
			t.Fatal("a cancelled waiter kept the lock it was handed")
		}
		if !l.TryLock() {
			t.Fatal("lock not free")
		}
	})
}

// withoutSpinning runs f with spinning off, so that every contended Lock and
// Acquire queues: the hammer tests then exercise the hand-off paths.
func withoutSpinning(f func()) {
	saved := lockSpins
	lockSpins = 0
	defer func() { lockSpins = saved }()
	f()
}

func TestLockMutualExclusionWhenEveryWaiterQueues(t *testing.T) {
	withoutSpinning(func() {
		const goroutines, rounds = 6, 300
		ctx := context.Background()
		var (
			l      Lock
			inside atomic.Int32
			wg     sync.WaitGroup
		)
		for range goroutines {
			wg.Go(func() {
				for range rounds {
					if err := l.Lock(ctx); err != nil {
						t.Error(err)
						return
					}
					if n := inside.Add(1); n != 1 {
						t.Errorf("%d holders at once", n)
					}
					inside.Add(-1)
					l.Unlock()
				}
			})
		}
		wg.Wait()
		if l.Locked() || l.state.Load() != 0 || l.waiters.len() != 0 {
			t.Fatalf("lock not back to its zero state: state %d, %d waiters", l.state.Load(), l.waiters.len())
		}
	})
}

func TestSemaphoreBoundWhenEveryWaiterQueues(t *testing.T) {
	withoutSpinning(func() {
		const value, goroutines, rounds = 2, 6, 300
		ctx := context.Background()
		s := NewSemaphore(value)
		var (
			inside atomic.Int32
			wg     sync.WaitGroup
		)
		for g := range goroutines {
			wg.Go(func() {
				for i := range rounds {
					cctx, cancel := context.WithCancel(ctx)
					if (g+i)%3 == 0 {
						go cancel()
					}
					if err := s.Acquire(cctx); err != nil {
						cancel()
						continue
					}
					if n := inside.Add(1); n > value {
						t.Errorf("%d holders of %d permits", n, value)
					}
					inside.Add(-1)
					s.Release()
					cancel()
				}
			})
		}
		wg.Wait()
		if st := s.sem.state.Load(); st != value<<1 || s.sem.waiters.len() != 0 {
			t.Fatalf("semaphore not back to %d free permits: state %d, %d waiters", value, st, s.sem.waiters.len())
		}
	})
}
