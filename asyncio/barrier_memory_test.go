package asyncio_test

import (
	"context"
	"runtime"
	"testing"
	"testing/synctest"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Regression (L6): 100,000 Waits canceled on a barrier that never fills
// must leave nothing behind. Each used to keep a record (8 bytes, and the
// slice's growth) until the cycle filled: about 1 MB here. The bound is a
// fraction of that and far above the heap's noise, so it cannot flake.
func TestBarrierCanceledWaitsRetainNoMemory(t *testing.T) {
	const (
		waits = 100_000
		batch = 1_000
		bound = 256 << 10
	)
	synctest.Test(t, func(t *testing.T) {
		b := asyncio.NewBarrier(batch + 1) // never fills
		cancelBatch := func() {
			ctx, cancel := context.WithCancel(t.Context())
			errs := make(chan error, batch)
			for range batch {
				go func() { _, err := b.Wait(ctx); errs <- err }()
			}
			synctest.Wait()
			cancel()
			for range batch {
				if err := <-errs; err != context.Canceled {
					t.Fatalf("canceled Wait = %v", err)
				}
			}
		}
		cancelBatch() // let the cycle and its slice reach their size first
		before := heapInUse()
		for range waits/batch - 1 {
			cancelBatch()
		}
		after := heapInUse()
		grew := int64(after) - int64(before)
		t.Logf("heap grew by %d bytes over %d canceled waits", grew, waits)
		if grew > bound {
			t.Fatalf("the heap grew by %d bytes over %d canceled waits; want at most %d", grew, waits, bound)
		}
		if n := b.NWaiting(); n != 0 {
			t.Fatalf("NWaiting = %d", n)
		}
		runtime.KeepAlive(b)
	})
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
