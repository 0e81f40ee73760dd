package asyncio

import (
	"context"
	"errors"
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

func TestLockCancelledWaiterPassesLockOn(t *testing.T) {
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

func TestLockCancelledLastWaiterFreesHandedOffLock(t *testing.T) {
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
