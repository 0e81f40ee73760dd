package asyncio_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"rexasyncio/asyncio"
)

// Behaviours from CPython's test_locks (Lock, Event, Condition, Semaphore,
// BoundedSemaphore, Barrier) that the primitives' own test files do not
// already cover, plus regression tests of bugs found by the reliability
// tests. Each test is named after the behaviour it pins down.

// Regression: a waiter cancelled at the instant it was handed a permit gives
// the permit back, and used to do so unconditionally: if an extra Release had
// meanwhile been accepted (every permit looked taken, one being in flight),
// the BoundedSemaphore ended up with more free permits than its bound.
// Found while writing the model of TestLinearizableSemaphores, which never
// lets the free count exceed the bound.
func TestBoundedSemaphoreCancelledWaiterNeverRaisesPermitsAboveBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, err := asyncio.NewBoundedSemaphore(1)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Acquire(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		acq := make(chan error, 1)
		go func() { acq <- s.Acquire(ctx) }()
		synctest.Wait()
		withOneProc(t, func() {
			cancel()        // the waiter wakes to its cancellation...
			_ = s.Release() // ...is handed the permit before it runs...
			_ = s.Release() // ...and this release finds no permit free
		})
		synctest.Wait()
		if err := <-acq; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled Acquire = %v", err)
		}
		free := 0
		for s.TryAcquire() {
			free++
		}
		if free > 1 {
			t.Fatalf("%d permits free in a BoundedSemaphore of 1", free)
		}
	})
}
