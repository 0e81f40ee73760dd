package asyncio

import (
	"context"
	"testing"
	"testing/synctest"
)

// See lock_internal_test.go for how this test makes a release and a
// cancellation coincide.

func TestBarrierReleaseWinsOverSimultaneousCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		b := NewBarrier(2)
		actx, cancelA := context.WithCancel(bg)
		index := make(chan int, 1)
		a := startWaiter(func() error {
			i, err := b.Wait(actx)
			index <- i
			return err
		})

		b.mu.Lock()
		cancelA()             // a's select now returns ctx.Done
		b.endCycleLocked(nil) // ...but the cycle is released first
		b.mu.Unlock()

		if err := <-a; err != nil {
			t.Fatalf("a waiter released as it was cancelled got %v, want its index", err)
		}
		if i := <-index; i != 0 {
			t.Fatalf("index %d, want 0", i)
		}
		if b.Broken() || b.NWaiting() != 0 {
			t.Fatal("barrier disturbed")
		}
	})
}
