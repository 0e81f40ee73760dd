package asyncio

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
)

// See lock_internal_test.go for how these tests make a grant and a
// cancellation coincide.

func TestSemaphoreCanceledWaiterPassesPermitOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		var s Semaphore
		actx, cancelA := context.WithCancel(bg)
		a := startWaiter(func() error { return s.Acquire(actx) })
		b := startWaiter(func() error { return s.Acquire(bg) })

		s.sem.mu.Lock()
		cancelA()
		s.sem.releaseLocked() // hand the permit to a, whose ctx is done
		s.sem.mu.Unlock()

		if err := <-a; !errors.Is(err, context.Canceled) {
			t.Fatalf("a: %v, want context.Canceled", err)
		}
		if err := <-b; err != nil {
			t.Fatalf("b did not get the permit a passed on: %v", err)
		}
		if s.TryAcquire() {
			t.Fatal("a permit was created")
		}
	})
}

func TestSemaphoreCanceledLastWaiterReturnsPermit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewBoundedSemaphore(1)
		_ = s.Acquire(context.Background())
		actx, cancelA := context.WithCancel(context.Background())
		a := startWaiter(func() error { return s.Acquire(actx) })

		s.sem.mu.Lock()
		cancelA()
		s.sem.releaseLocked()
		s.sem.mu.Unlock()

		if err := <-a; !errors.Is(err, context.Canceled) {
			t.Fatalf("a: %v", err)
		}
		if s.Locked() || !s.TryAcquire() {
			t.Fatal("the permit handed to the cancelled waiter was lost")
		}
		if s.TryAcquire() {
			t.Fatal("a permit was created")
		}
	})
}
