package asyncio_test

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Behaviours from CPython's test_queues that queue_test.go does not already
// cover, plus the regression tests of bugs found by the linearizability
// checks. Each test is named after the behaviour it pins down.

// withOneProc runs body with GOMAXPROCS=1, so that a goroutine woken by the
// test does not run before the test goroutine blocks: the test can then act
// in the instant between a waiter's wake-up and its return.
func withOneProc(t *testing.T, body func()) {
	t.Helper()
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	body()
}

// Regression: a getter woken for an item must get that item. It used to pop
// whatever came first when it ran, so a TryGet after more Puts could take
// the item promised to it (FIFO, priority), or the getter took a later item
// (LIFO) although a TryGet had meanwhile seen the queue empty: a history
// no sequential queue can produce. Found by TestLinearizableQueues.
func TestQueueWokenGetterGetsTheItemItWasWokenFor(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.new(0)
				get := qGet(t.Context(), q)
				synctest.Wait()
				withOneProc(t, func() {
					if err := q.TryPut(5); err != nil { // the getter is woken for 5...
						t.Fatal(err)
					}
					// ...and, until it returns, 5 is its: the queue looks empty.
					if v, err := q.TryGet(); !errors.Is(err, asyncio.ErrQueueEmpty) {
						t.Fatalf("TryGet right after the hand-off = %d, %v; want ErrQueueEmpty", v, err)
					}
					if err := q.TryPut(3); err != nil {
						t.Fatal(err)
					}
					if err := q.TryPut(9); err != nil {
						t.Fatal(err)
					}
					// Whatever the order, 5 is not available to anyone else.
					for range 2 {
						if v, err := q.TryGet(); err != nil || v == 5 {
							t.Fatalf("TryGet = %d, %v: took the item promised to the woken getter", v, err)
						}
					}
				})
				synctest.Wait()
				if r := <-get; r.v != 5 || r.err != nil {
					t.Fatalf("woken getter got %d, %v; want 5, the item it was woken for", r.v, r.err)
				}
			})
		})
	}
}

// Regression, same bug: the getters woken for successive items get them in
// the order they queued, whatever order they run in.
func TestQueueGettersWokenTogetherGetTheirOwnItems(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.new(0)
				var gets []<-chan qResult
				for range 3 {
					gets = append(gets, qGet(t.Context(), q))
					synctest.Wait() // queue them in a known order
				}
				withOneProc(t, func() {
					for _, v := range []int{30, 10, 20} {
						if err := q.TryPut(v); err != nil {
							t.Fatal(err)
						}
					}
				})
				synctest.Wait()
				for i, want := range []int{30, 10, 20} {
					if r := <-gets[i]; r.v != want || r.err != nil {
						t.Errorf("getter %d got %d, %v; want %d", i, r.v, r.err, want)
					}
				}
				if q.Len() != 0 {
					t.Errorf("Len = %d after three gets of three items", q.Len())
				}
			})
		})
	}
}

// cpQ returns the result of the queue call behind ch, which must have
// returned once the bubble settles.
func cpQ(t *testing.T, ch <-chan qResult) qResult {
	t.Helper()
	synctest.Wait()
	select {
	case r := <-ch:
		return r
	default:
		t.Fatal("the queue call is still blocked")
		return qResult{}
	}
}

// cpQBlocked reports whether the queue call behind ch is still blocked once
// the bubble settles, without taking its result.
func cpQBlocked(ch <-chan qResult) bool {
	synctest.Wait()
	return len(ch) == 0
}

// test_get_with_putters: a Get on a full queue with a putter waiting returns
// the first item and lets the putter in.
func TestQueueGetLetsWaitingPutterIn(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		mustTryPut(t, q, 1)
		put := qPut(t.Context(), q, 2)
		if !cpQBlocked(put) {
			t.Fatal("Put on a full queue returned")
		}
		if v, err := q.Get(t.Context()); v != 1 || err != nil {
			t.Fatalf("Get = %d, %v", v, err)
		}
		if r := cpQ(t, put); r.err != nil {
			t.Fatal(r.err)
		}
		if v, err := q.TryGet(); v != 2 || err != nil {
			t.Fatalf("TryGet = %d, %v; want the putter's 2", v, err)
		}
	})
}

// test_get_with_waiting_putters: items already in come out before those of
// waiting putters, which come out in the order the putters queued.
func TestQueueWaitingPuttersItemsFollowInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](1)
		mustTryPut(t, q, 1)
		var puts []<-chan qResult
		for v := 2; v <= 4; v++ {
			puts = append(puts, qPut(t.Context(), q, v))
			synctest.Wait()
		}
		var got []int
		for range 4 {
			v, err := q.Get(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
			synctest.Wait()
		}
		if !slices.Equal(got, []int{1, 2, 3, 4}) {
			t.Fatalf("got %v", got)
		}
		for _, p := range puts {
			if r := cpQ(t, p); r.err != nil {
				t.Fatal(r.err)
			}
		}
	})
}

// test_get_cancelled_race: of two waiting getters, the first is cancelled in
// the instant an item arrives: the second gets it.
func TestQueueFirstGetterCanceledAsItemArrivesSecondGetsIt(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		ctx1, cancel1 := context.WithCancel(t.Context())
		g1 := qGet(ctx1, q)
		synctest.Wait()
		g2 := qGet(t.Context(), q)
		synctest.Wait()
		withOneProc(t, func() {
			cancel1()
			mustTryPut(t, q, 7)
		})
		if r := cpQ(t, g1); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled getter = %d, %v", r.v, r.err)
		}
		if r := cpQ(t, g2); r.v != 7 || r.err != nil {
			t.Fatalf("second getter = %d, %v", r.v, r.err)
		}
		if q.Len() != 0 {
			t.Fatalf("Len = %d", q.Len())
		}
	})
}

// test_get_cancel_drop_one_pending_reader: a lone getter cancelled in the
// instant an item arrives for it leaves the item in the queue.
func TestQueueLoneGetterCanceledAsItemArrivesLeavesItem(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		ctx, cancel := context.WithCancel(t.Context())
		g := qGet(ctx, q)
		synctest.Wait()
		withOneProc(t, func() {
			mustTryPut(t, q, 7) // handed to the getter...
			cancel()            // ...which is cancelled before it runs
		})
		r := cpQ(t, g)
		// The getter either returns the item it was handed (it saw the
		// hand-off first) or puts it back: the item is never lost.
		switch {
		case r.err == nil && r.v == 7:
			if q.Len() != 0 {
				t.Fatalf("the item was got and is still there: Len %d", q.Len())
			}
		case errors.Is(r.err, context.Canceled):
			if v, err := q.TryGet(); v != 7 || err != nil {
				t.Fatalf("TryGet = %d, %v; the item was lost", v, err)
			}
		default:
			t.Fatalf("getter = %d, %v", r.v, r.err)
		}
	})
}

// test_get_cancel_drop_many_pending_readers: several getters cancelled, one
// item put: the one getter left gets it.
func TestQueueManyCanceledGettersOneItemReachesTheLastGetter(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		var cancels []context.CancelFunc
		var gets []<-chan qResult
		for range 3 {
			ctx, cancel := context.WithCancel(t.Context())
			cancels = append(cancels, cancel)
			gets = append(gets, qGet(ctx, q))
			synctest.Wait()
		}
		last := qGet(t.Context(), q)
		synctest.Wait()
		for _, c := range cancels {
			c()
		}
		synctest.Wait()
		mustTryPut(t, q, 9)
		for _, g := range gets {
			if r := cpQ(t, g); !errors.Is(r.err, context.Canceled) {
				t.Fatalf("cancelled getter = %d, %v", r.v, r.err)
			}
		}
		if r := cpQ(t, last); r.v != 9 || r.err != nil {
			t.Fatalf("last getter = %d, %v", r.v, r.err)
		}
	})
}

// test_cancelled_getters_not_being_held_in_self_getters: a cancelled getter
// leaves no trace: a later item is not held for it.
func TestQueueCanceledGetterLeavesNoTrace(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if _, err := q.Get(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Get = %v", err)
		}
		mustTryPut(t, q, 1)
		if q.Len() != 1 {
			t.Fatalf("Len = %d: the item went to a cancelled getter", q.Len())
		}
		if v, err := q.TryGet(); v != 1 || err != nil {
			t.Fatalf("TryGet = %d, %v", v, err)
		}
	})
}

// test_put_cancel_drop: a putter cancelled while it waits never adds its
// item.
func TestQueueCanceledPutterItemNeverArrives(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		mustTryPut(t, q, 1)
		ctx, cancel := context.WithCancel(t.Context())
		p := qPut(ctx, q, 2)
		synctest.Wait()
		cancel()
		if r := cpQ(t, p); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled Put = %v", r.err)
		}
		if got := drainTry(q); !slices.Equal(got, []int{1}) {
			t.Fatalf("queue held %v", got)
		}
		if err := q.TryPut(3); err != nil {
			t.Fatalf("TryPut after the cancelled putter: %v", err)
		}
	})
}

// test_put_cancelled_race: of three waiting putters the middle one is
// cancelled; the other two get in, in order.
func TestQueuePuttersKeepOrderWhenMiddleOneCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](1)
		mustTryPut(t, q, 0)
		ctx2, cancel2 := context.WithCancel(t.Context())
		p1 := qPut(t.Context(), q, 1)
		synctest.Wait()
		p2 := qPut(ctx2, q, 2)
		synctest.Wait()
		p3 := qPut(t.Context(), q, 3)
		synctest.Wait()
		cancel2()
		var got []int
		for range 3 {
			v, err := q.Get(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
			synctest.Wait()
		}
		if !slices.Equal(got, []int{0, 1, 3}) {
			t.Fatalf("got %v", got)
		}
		if r := cpQ(t, p2); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled putter = %v", r.err)
		}
		_, _ = cpQ(t, p1), cpQ(t, p3)
	})
}

// test_put_with_waiting_getters: a Put with a getter waiting goes straight to
// it, and the queue stays empty.
func TestQueuePutWithWaitingGetterLeavesQueueEmpty(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		g := qGet(t.Context(), q)
		synctest.Wait()
		if err := q.Put(t.Context(), 5); err != nil {
			t.Fatal(err)
		}
		if r := cpQ(t, g); r.v != 5 || r.err != nil {
			t.Fatalf("getter = %d, %v", r.v, r.err)
		}
		if !q.Empty() || q.Full() {
			t.Fatalf("Empty %v, Full %v", q.Empty(), q.Full())
		}
	})
}

// test_cancelled_puts_not_being_held_in_self_putters: a cancelled putter
// leaves no trace: the slot a Get frees is free for anyone.
func TestQueueCanceledPutterLeavesNoTrace(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		mustTryPut(t, q, 1)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := q.Put(ctx, 2); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Put = %v", err)
		}
		if _, err := q.TryGet(); err != nil {
			t.Fatal(err)
		}
		if q.Full() {
			t.Fatal("the freed slot is held for a cancelled putter")
		}
		if err := q.TryPut(3); err != nil {
			t.Fatal(err)
		}
	})
}

// test_why_are_getters_waiting / test_why_are_putters_waiting: many getters
// and putters on a queue of one all finish, every item once.
func TestQueueManyGettersAndPuttersOnSizeOneAllFinish(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		const n = 20
		var gets, puts []<-chan qResult
		for i := range n {
			gets = append(gets, qGet(t.Context(), q))
			puts = append(puts, qPut(t.Context(), q, i))
		}
		seen := make([]int, n)
		for i := range n {
			if r := cpQ(t, puts[i]); r.err != nil {
				t.Fatal(r.err)
			}
			r := cpQ(t, gets[i])
			if r.err != nil {
				t.Fatal(r.err)
			}
			seen[r.v]++
		}
		for v, c := range seen {
			if c != 1 {
				t.Fatalf("item %d got %d times", v, c)
			}
		}
	})
}

// test_blocking_put_wait: a Put on a full queue waits exactly until a Get
// frees a slot.
func TestQueuePutWaitsExactlyUntilSlotFrees(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		mustTryPut(t, q, 1)
		go func() {
			_ = asyncio.Sleep(t.Context(), 3*time.Second)
			_, _ = q.TryGet()
		}()
		start := time.Now()
		if err := q.Put(t.Context(), 2); err != nil || time.Since(start) != 3*time.Second {
			t.Fatalf("Put = %v after %v, want nil after 3s", err, time.Since(start))
		}
	})
}

// test_task_done: Join waits for the TaskDone of every item, however many
// workers take them.
func TestQueueJoinWaitsForEveryWorkersTaskDone(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		for i := range 10 {
			mustTryPut(t, q, i)
		}
		for range 3 {
			go func() {
				for {
					if _, err := q.Get(t.Context()); err != nil {
						return
					}
					_ = asyncio.Sleep(t.Context(), time.Second)
					q.TaskDone()
				}
			}()
		}
		start := time.Now()
		if err := q.Join(t.Context()); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 4*time.Second { // 10 items, 3 workers, 1s each
			t.Fatalf("Join returned after %v, want 4s", d)
		}
		q.Shutdown(false)
	})
}

// test_shutdown_empty: after Shutdown an empty queue fails every call, and
// Join returns at once.
func TestQueueShutdownEmptyFailsEverythingJoinReturns(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		q.Shutdown(false)
		if _, err := q.Get(t.Context()); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("Get = %v", err)
		}
		if err := q.Put(t.Context(), 1); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("Put = %v", err)
		}
		if err := q.Join(t.Context()); err != nil {
			t.Fatalf("Join = %v", err)
		}
	})
}

// test_shutdown_immediate_with_unfinished: after Shutdown(true) Join waits
// only for the items already taken.
func TestQueueShutdownImmediateJoinWaitsOnlyForTakenItems(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		mustTryPut(t, q, 1, 2, 3)
		_, _ = q.TryGet()
		q.Shutdown(true)
		j := qJoin(t.Context(), q)
		if !cpQBlocked(j) {
			t.Fatal("Join returned with a taken item not done")
		}
		q.TaskDone()
		if r := cpQ(t, j); r.err != nil {
			t.Fatal(r.err)
		}
		// The dropped items count as done already.
		kind := t.Name()[strings.LastIndexByte(t.Name(), '/')+1:]
		wantArgPanic(t, kind+".TaskDone", "queue", q.TaskDone)
	})
}

// Shutdown releases a getter woken for an item only if the items are
// dropped: after Shutdown(false) it still gets its item.
func TestQueueGracefulShutdownKeepsItemHandedToGetter(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		g := qGet(t.Context(), q)
		synctest.Wait()
		withOneProc(t, func() {
			mustTryPut(t, q, 4)
			q.Shutdown(false)
		})
		if r := cpQ(t, g); r.v != 4 || r.err != nil {
			t.Fatalf("getter = %d, %v", r.v, r.err)
		}
	})
}

// LifoQueue and PriorityQueue serve their getters first-come first-served,
// like Queue; only the items' order differs.
func TestLifoAndPriorityQueueGettersServedFIFO(t *testing.T) {
	for _, k := range qKinds[1:] {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.new(0)
				var gets []<-chan qResult
				for range 3 {
					gets = append(gets, qGet(t.Context(), q))
					synctest.Wait()
				}
				for v := 1; v <= 3; v++ {
					mustTryPut(t, q, v)
					synctest.Wait()
				}
				for i, g := range gets {
					if r := cpQ(t, g); r.v != i+1 || r.err != nil {
						t.Fatalf("getter %d = %d, %v", i, r.v, r.err)
					}
				}
			})
		})
	}
}

// A PriorityQueue putter that waited adds its item in priority order, not at
// the end.
func TestPriorityQueueWaitingPutterItemTakesItsPlace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewPriorityQueue(2, cmp.Less[int])
		mustTryPut(t, q, 5, 9)
		p := qPut(t.Context(), q, 1)
		synctest.Wait()
		if v, _ := q.TryGet(); v != 5 {
			t.Fatalf("first = %d", v)
		}
		_ = cpQ(t, p)
		if got := drainTry(q); !slices.Equal(got, []int{1, 9}) {
			t.Fatalf("then %v, want [1 9]", got)
		}
	})
}
