package asyncio

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// These tests force the races between a grant and a cancellation that the
// external tests can only provoke: they hold the queue's mutex while they
// cancel a waiter and then grant it, so the waiter has already chosen its
// ctx.Done case (a select's case is fixed when the channel that wakes it is
// closed) and is still first in line when the grant comes.

type queueTestResult struct {
	v   int
	err error
}

func queueTestGet(ctx context.Context, q *Queue[int]) <-chan queueTestResult {
	ch := make(chan queueTestResult, 1)
	go func() {
		v, err := q.Get(ctx)
		ch <- queueTestResult{v, err}
	}()
	return ch
}

func queueTestPut(ctx context.Context, q *Queue[int], v int) <-chan queueTestResult {
	ch := make(chan queueTestResult, 1)
	go func() { ch <- queueTestResult{v, q.Put(ctx, v)} }()
	return ch
}

// queueTestRecv receives a result that must already be there.
func queueTestRecv(t *testing.T, ch <-chan queueTestResult) queueTestResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	default:
		t.Fatal("call still blocked")
		return queueTestResult{}
	}
}

func TestQueueGetterCanceledAfterWakeDoesNotDropItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue[int](0)
		ctx1, cancel1 := context.WithCancel(context.Background())
		first := queueTestGet(ctx1, q)
		synctest.Wait()
		second := queueTestGet(context.Background(), q)
		synctest.Wait()

		q.c.mu.Lock()
		cancel1()
		q.c.add(7, fifoQueue)
		if q.c.claimed != 1 || q.c.getters.len() != 1 {
			t.Errorf("claimed %d, %d getters waiting: the grant did not go to the cancelled getter", q.c.claimed, q.c.getters.len())
		}
		q.c.mu.Unlock()
		synctest.Wait()

		if r := queueTestRecv(t, first); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled getter: %d, %v", r.v, r.err)
		}
		if r := queueTestRecv(t, second); r.v != 7 || r.err != nil {
			t.Fatalf("next getter: %d, %v; want the passed-on item 7", r.v, r.err)
		}
		if q.c.claimed != 0 || q.c.n != 0 {
			t.Fatalf("claimed %d, n %d after the hand-off", q.c.claimed, q.c.n)
		}
	})
}

func TestQueueGetterCanceledAfterWakeAloneReleasesItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue[int](0)
		ctx, cancel := context.WithCancel(context.Background())
		get := queueTestGet(ctx, q)
		synctest.Wait()

		q.c.mu.Lock()
		cancel()
		q.c.add(7, fifoQueue)
		q.c.mu.Unlock()
		synctest.Wait()

		if r := queueTestRecv(t, get); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled getter: %d, %v", r.v, r.err)
		}
		if q.Len() != 1 || q.c.claimed != 0 {
			t.Fatalf("Len %d, claimed %d: the released item is not available", q.Len(), q.c.claimed)
		}
		if v, err := q.TryGet(); v != 7 || err != nil {
			t.Fatalf("TryGet = %d, %v", v, err)
		}
	})
}

func TestQueuePutterCanceledAfterWakeDoesNotLoseSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue[int](1)
		_ = q.TryPut(0)
		ctx1, cancel1 := context.WithCancel(context.Background())
		first := queueTestPut(ctx1, q, 1)
		synctest.Wait()
		second := queueTestPut(context.Background(), q, 2)
		synctest.Wait()

		q.c.mu.Lock()
		cancel1()
		q.c.take(fifoQueue)
		if q.c.reserved != 1 || q.c.putters.len() != 1 {
			t.Errorf("reserved %d, %d putters waiting: the slot did not go to the cancelled putter", q.c.reserved, q.c.putters.len())
		}
		q.c.mu.Unlock()
		synctest.Wait()

		if r := queueTestRecv(t, first); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled putter: %v", r.err)
		}
		if r := queueTestRecv(t, second); r.err != nil {
			t.Fatalf("next putter: %v", r.err)
		}
		if v, err := q.TryGet(); v != 2 || err != nil || q.c.reserved != 0 {
			t.Fatalf("queue holds %d (%v), reserved %d; want the next putter's 2", v, err, q.c.reserved)
		}
	})
}

func TestQueuePutterCanceledAfterWakeAloneReleasesSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue[int](1)
		_ = q.TryPut(0)
		ctx, cancel := context.WithCancel(context.Background())
		put := queueTestPut(ctx, q, 1)
		synctest.Wait()

		q.c.mu.Lock()
		cancel()
		q.c.take(fifoQueue)
		q.c.mu.Unlock()
		synctest.Wait()

		if r := queueTestRecv(t, put); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled putter: %v", r.err)
		}
		if q.Full() || q.c.reserved != 0 {
			t.Fatalf("Full %v, reserved %d: the released slot is not free", q.Full(), q.c.reserved)
		}
		if err := q.TryPut(3); err != nil {
			t.Fatal(err)
		}
	})
}

func TestQueueImmediateShutdownFailsGetterWokenForDroppedItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewQueue[int](0)
		get := queueTestGet(context.Background(), q)
		synctest.Wait()

		q.c.mu.Lock()
		q.c.add(7, fifoQueue) // the getter is woken for 7...
		q.c.shutLocked(true)  // ...which is dropped before it runs
		q.c.mu.Unlock()
		synctest.Wait()

		if r := queueTestRecv(t, get); !errors.Is(r.err, ErrQueueShutdown) {
			t.Fatalf("getter woken for a dropped item: %d, %v", r.v, r.err)
		}
		if err := q.Join(context.Background()); err != nil || q.c.claimed != 0 {
			t.Fatalf("Join = %v, claimed %d", err, q.c.claimed)
		}
	})
}

func TestQueueCanceledWakersAfterShutdownKeepCountsAtZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gq := NewQueue[int](0)
		gctx, gcancel := context.WithCancel(context.Background())
		get := queueTestGet(gctx, gq)
		pq := NewQueue[int](1)
		_ = pq.TryPut(0)
		pctx, pcancel := context.WithCancel(context.Background())
		put := queueTestPut(pctx, pq, 1)
		synctest.Wait()

		gq.c.mu.Lock()
		gcancel()
		gq.c.add(7, fifoQueue)
		gq.c.shutLocked(true)
		gq.c.mu.Unlock()

		pq.c.mu.Lock()
		pcancel()
		pq.c.take(fifoQueue)
		pq.c.shutLocked(false)
		pq.c.mu.Unlock()
		synctest.Wait()

		if r := queueTestRecv(t, get); !errors.Is(r.err, context.Canceled) || gq.c.claimed != 0 {
			t.Fatalf("getter: %v, claimed %d", r.err, gq.c.claimed)
		}
		if r := queueTestRecv(t, put); !errors.Is(r.err, context.Canceled) || pq.c.reserved != 0 {
			t.Fatalf("putter: %v, reserved %d", r.err, pq.c.reserved)
		}
	})
}

func TestQueueUnboundedBufferShrinksAfterBurst(t *testing.T) {
	q := NewQueue[int](0)
	for i := range 100_000 {
		_ = q.TryPut(i)
	}
	for range 100_000 {
		_, _ = q.TryGet()
	}
	if len(q.c.buf) > shrinkQueueBuf {
		t.Fatalf("buffer of %d slots left after draining a burst", len(q.c.buf))
	}
}

func TestQueueBoundedBufferStaysWithinCap(t *testing.T) {
	q := NewPriorityQueue(100, func(a, b int) bool { return a < b })
	for range 3 {
		for i := range 100 {
			_ = q.TryPut(i)
		}
		for range 100 {
			_, _ = q.TryGet()
		}
	}
	if len(q.c.buf) != 128 {
		t.Fatalf("buffer of %d slots, want 128 (maxsize 100 rounded up)", len(q.c.buf))
	}
}

// A getter woken for an item is handed that very item: it never calls less,
// so a less that panics after the hand-off cannot fail it.
func TestQueueWokenGetterDoesNotCallLess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var panicking atomic.Bool
		q := NewPriorityQueue(0, func(a, b int) bool {
			if panicking.Load() {
				panic("less failed")
			}
			return a < b
		})
		panicked := make(chan bool, 3)
		for range 3 {
			go func() {
				defer func() { panicked <- recover() != nil }()
				_, _ = q.Get(context.Background())
			}()
		}
		synctest.Wait()
		q.c.mu.Lock()
		for i := range 3 {
			q.c.add(i, priorityQueue) // each getter is handed an item
		}
		panicking.Store(true) // before any of them runs
		q.c.mu.Unlock()
		synctest.Wait()
		for range 3 {
			if <-panicked {
				t.Fatal("a woken getter called less")
			}
		}
		if q.c.claimed != 0 || q.Len() != 0 {
			t.Fatalf("claimed %d, Len %d after three hand-offs", q.c.claimed, q.Len())
		}
	})
}
