package asyncio_test

import (
	"errors"
	"runtime"
	"testing"
	"testing/synctest"

	"rexasyncio/asyncio"
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
// whatever came first when it ran, so a GetNowait after more Puts could take
// the item promised to it (FIFO, priority), or the getter took a later item
// (LIFO) although a GetNowait had meanwhile seen the queue empty: a history
// no sequential queue can produce. Found by TestLinearizableQueues.
func TestQueueWokenGetterGetsTheItemItWasWokenFor(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q := k.new(0)
				get := qGet(t.Context(), q)
				synctest.Wait()
				withOneProc(t, func() {
					if err := q.PutNowait(5); err != nil { // the getter is woken for 5...
						t.Fatal(err)
					}
					// ...and, until it returns, 5 is its: the queue looks empty.
					if v, err := q.GetNowait(); !errors.Is(err, asyncio.ErrQueueEmpty) {
						t.Fatalf("GetNowait right after the hand-off = %d, %v; want ErrQueueEmpty", v, err)
					}
					if err := q.PutNowait(3); err != nil {
						t.Fatal(err)
					}
					if err := q.PutNowait(9); err != nil {
						t.Fatal(err)
					}
					// Whatever the order, 5 is not available to anyone else.
					for range 2 {
						if v, err := q.GetNowait(); err != nil || v == 5 {
							t.Fatalf("GetNowait = %d, %v: took the item promised to the woken getter", v, err)
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
						if err := q.PutNowait(v); err != nil {
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
				if q.Qsize() != 0 {
					t.Errorf("Qsize = %d after three gets of three items", q.Qsize())
				}
			})
		})
	}
}
