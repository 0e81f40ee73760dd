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
