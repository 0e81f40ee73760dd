package asyncio_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
)

// Regression (B4): a getter canceled at the instant it is handed an item
// puts the item back where it was, at the front of the queue, before the
// items put after it: for a LifoQueue that is the bottom. With GOMAXPROCS=1
// the getter is canceled, then 7 is handed to it and 8 is stored, all before
// it runs; it then finds itself both granted and canceled, and puts 7 back.
// (Had it run earlier, it would have left before the hand-off and 7 would have
// been stored first: the outcome is the same, so the test cannot flake.)
func TestQueueGetterCanceledAsItIsHandedAnItemPutsItBackInFront(t *testing.T) {
	want := map[string][]int{
		"Queue":         {7, 8},
		"LifoQueue":     {8, 7},
		"PriorityQueue": {7, 8},
	}
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.new(0)
				ctx, cancel := context.WithCancel(t.Context())
				g := qGet(ctx, q)
				synctest.Wait()
				withOneProc(t, func() {
					cancel()
					mustTryPut(t, q, 7, 8)
				})
				if r := cpQ(t, g); !errors.Is(r.err, context.Canceled) {
					t.Fatalf("canceled getter = %d, %v; want context.Canceled", r.v, r.err)
				}
				var got []int
				for !q.Empty() {
					v, err := q.TryGet()
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, v)
				}
				if !slices.Equal(got, want[k.name]) {
					t.Fatalf("items left in the order %v; want %v", got, want[k.name])
				}
			})
		})
	}
}

// A getter woken for an item holds the item's slot until it returns; when it
// returns, the slot goes to the first waiting putter. With GOMAXPROCS=1 the
// putter queues (the queue is full: the promised item fills it) before the
// getter runs, so the getter's return must wake it. (Had the getter run
// first, the putter would have found a free slot: the outcome is the same.)
func TestQueueWokenGetterPassesTheSlotItFreesToAWaitingPutter(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		g := qGet(t.Context(), q)
		synctest.Wait()
		var p <-chan qResult
		withOneProc(t, func() {
			mustTryPut(t, q, 7)         // handed to the getter, which has not run
			p = qPut(t.Context(), q, 8) // full: the promised 7 fills the queue
			synctest.Wait()             // the putter queues, then the getter returns
		})
		if r := cpQ(t, g); r.v != 7 || r.err != nil {
			t.Fatalf("getter = %d, %v; want 7", r.v, r.err)
		}
		if r := cpQ(t, p); r.err != nil {
			t.Fatalf("putter = %v", r.err)
		}
		if v, err := q.TryGet(); v != 8 || err != nil {
			t.Fatalf("TryGet = %d, %v; want the putter's 8", v, err)
		}
	})
}
