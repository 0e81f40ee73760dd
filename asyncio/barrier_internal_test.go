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
			t.Fatalf("a waiter released as it was canceled got %v, want its index", err)
		}
		if i := <-index; i != 0 {
			t.Fatalf("index %d, want 0", i)
		}
		if b.Broken() || b.NWaiting() != 0 {
			t.Fatal("barrier disturbed")
		}
	})
}

// Regression (L6): a canceled Wait left a record in its cycle until the
// cycle filled, so waits canceled on a barrier that rarely fills piled up.
// The cycle now holds only the waiters still blocked.
func TestBarrierForgetsCanceledWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBarrier(3)
		for range 1000 {
			ctx, cancel := context.WithCancel(context.Background())
			w := startWaiter(func() error { _, err := b.Wait(ctx); return err })
			synctest.Wait()
			cancel()
			if err := <-w; err != context.Canceled {
				t.Fatalf("canceled Wait = %v", err)
			}
		}
		b.mu.Lock()
		c := b.cycle
		b.mu.Unlock()
		// Capacity: what the parties need, or the cycle's inline buffer.
		if limit := max(b.parties, len(c.first)); len(c.blocked) != 0 || cap(c.blocked) > limit {
			t.Fatalf("after 1000 canceled waits the cycle holds %d records (capacity %d); want 0 (at most %d)", len(c.blocked), cap(c.blocked), limit)
		}
		// The barrier still counts right: indices 0, 1, 2 once each.
		idx := make(chan int, 2)
		for range 2 {
			go func() { i, _ := b.Wait(context.Background()); idx <- i }()
			synctest.Wait()
		}
		if i, err := b.Wait(context.Background()); i != 2 || err != nil {
			t.Fatalf("last arrival: %d, %v; want 2", i, err)
		}
		if got := []int{<-idx, <-idx}; got[0]+got[1] != 1 || got[0]*got[1] != 0 {
			t.Fatalf("first two arrivals got %v; want 0 and 1", got)
		}
	})
}
