package asyncio_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// intQueue is the method set the three queue types share.
type intQueue interface {
	Put(context.Context, int) error
	Get(context.Context) (int, error)
	TryPut(int) error
	TryGet() (int, error)
	TaskDone()
	Join(context.Context) error
	Len() int
	Empty() bool
	Full() bool
	Cap() int
	Shutdown(immediate bool)
}

var qKinds = []struct {
	name string
	new  func(maxsize int) intQueue
}{
	{"Queue", func(m int) intQueue { return asyncio.NewQueue[int](m) }},
	{"LifoQueue", func(m int) intQueue { return asyncio.NewLifoQueue[int](m) }},
	{"PriorityQueue", func(m int) intQueue { return asyncio.NewPriorityQueue(m, cmp.Less[int]) }},
}

// forEachKind runs body in a synctest bubble for each queue type.
func forEachKind(t *testing.T, body func(t *testing.T, newQ func(maxsize int) intQueue)) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { body(t, k.new) })
		})
	}
}

// qResult is what a call started by qGet, qPut or qJoin returned, and how
// much virtual time it took.
type qResult struct {
	v    int
	err  error
	took time.Duration
}

func qStart(f func() (int, error)) <-chan qResult {
	ch := make(chan qResult, 1)
	go func() {
		start := time.Now()
		v, err := f()
		ch <- qResult{v, err, time.Since(start)}
	}()
	return ch
}

func qGet(ctx context.Context, q intQueue) <-chan qResult {
	return qStart(func() (int, error) { return q.Get(ctx) })
}

func qPut(ctx context.Context, q intQueue, v int) <-chan qResult {
	return qStart(func() (int, error) { return v, q.Put(ctx, v) })
}

func qJoin(ctx context.Context, q intQueue) <-chan qResult {
	return qStart(func() (int, error) { return 0, q.Join(ctx) })
}

// qBlocked reports whether the call has not returned; call it after
// synctest.Wait.
func qBlocked(ch <-chan qResult) bool {
	select {
	case <-ch:
		return false
	default:
		return true
	}
}

// qRecv returns the call's result, failing the test if it is still blocked;
// call it after synctest.Wait.
func qRecv(t *testing.T, ch <-chan qResult) qResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	default:
		t.Fatal("call still blocked")
		return qResult{}
	}
}

func mustTryPut(t *testing.T, q intQueue, vs ...int) {
	t.Helper()
	for _, v := range vs {
		if err := q.TryPut(v); err != nil {
			t.Fatalf("TryPut(%d): %v", v, err)
		}
	}
}

// drainTry gets every available item.
func drainTry(q intQueue) []int {
	var out []int
	for {
		v, err := q.TryGet()
		if err != nil {
			return out
		}
		out = append(out, v)
	}
}

func TestQueueFIFOOrder(t *testing.T) {
	q := asyncio.NewQueue[int](0)
	mustTryPut(t, q, 3, 1, 4, 1, 5)
	if got := drainTry(q); !slices.Equal(got, []int{3, 1, 4, 1, 5}) {
		t.Fatalf("got %v, want put order", got)
	}
}

func TestLifoQueueOrder(t *testing.T) {
	q := asyncio.NewLifoQueue[int](0)
	mustTryPut(t, q, 3, 1, 4, 1, 5)
	if got := drainTry(q); !slices.Equal(got, []int{5, 1, 4, 1, 3}) {
		t.Fatalf("got %v, want reverse put order", got)
	}
}

func TestPriorityQueueOrder(t *testing.T) {
	q := asyncio.NewPriorityQueue(0, cmp.Less[int])
	in := []int{9, 3, 7, 1, 8, 2, 6, 4, 5, 0, 3, 7}
	mustTryPut(t, q, in...)
	want := slices.Sorted(slices.Values(in))
	if got := drainTry(q); !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestPriorityQueueUsesLessOnStructs(t *testing.T) {
	type job struct {
		prio int
		name string
	}
	q := asyncio.NewPriorityQueue(0, func(a, b job) bool { return a.prio > b.prio }) // highest first
	for _, j := range []job{{2, "b"}, {9, "z"}, {5, "m"}} {
		if err := q.TryPut(j); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for !q.Empty() {
		j, _ := q.TryGet()
		got = append(got, j.name)
	}
	if strings.Join(got, "") != "zmb" {
		t.Fatalf("got %v, want z m b", got)
	}
}

func TestNewPriorityQueueNilLessPanicsWithArgError(t *testing.T) {
	defer func() {
		ae, ok := recover().(*asyncio.ArgError)
		if !ok || ae.Func != "NewPriorityQueue" || ae.Arg != "less" {
			t.Fatalf("recovered %#v, want *ArgError naming less", ae)
		}
	}()
	asyncio.NewPriorityQueue[int](0, nil)
}

func TestZeroPriorityQueuePutPanicsWithArgError(t *testing.T) {
	var q asyncio.PriorityQueue[int]
	for name, put := range map[string]func(){
		"PriorityQueue.Put":    func() { _ = q.Put(context.Background(), 1) },
		"PriorityQueue.TryPut": func() { _ = q.TryPut(1) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				ae, ok := recover().(*asyncio.ArgError)
				if !ok || ae.Func != name || ae.Arg != "less" {
					t.Fatalf("recovered %#v, want *ArgError from %s naming less", ae, name)
				}
			}()
			put()
		})
	}
	if _, err := q.TryGet(); !errors.Is(err, asyncio.ErrQueueEmpty) {
		t.Fatalf("TryGet on the zero PriorityQueue: %v", err)
	}
}

func TestPriorityQueuePanickingLessLeavesQueueUsable(t *testing.T) {
	var panicking atomic.Bool
	q := asyncio.NewPriorityQueue(0, func(a, b int) bool {
		if panicking.Load() {
			panic("less failed")
		}
		return a < b
	})
	mustTryPut(t, q, 1, 2, 3, 4)
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Fatalf("%s did not pass on less's panic", name)
			}
		}()
		f()
	}
	panicking.Store(true)
	mustPanic("TryPut", func() { _ = q.TryPut(0) })
	mustPanic("TryGet", func() { _, _ = q.TryGet() })
	panicking.Store(false)
	// Not left locked, nothing lost: the item whose put panicked is in,
	// and the get that panicked took nothing (the order may be off).
	got := drainTry(q)
	slices.Sort(got)
	if !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
		t.Fatalf("items after the panics: %v", got)
	}
	for range 5 {
		q.TaskDone()
	}
	if err := q.Join(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestZeroQueueIsUnboundedFIFO(t *testing.T) {
	var q asyncio.Queue[int]
	for i := range 100 {
		if err := q.Put(context.Background(), i); err != nil {
			t.Fatal(err)
		}
	}
	if q.Full() || q.Cap() != 0 || q.Len() != 100 {
		t.Fatalf("Full %v, Cap %d, Len %d", q.Full(), q.Cap(), q.Len())
	}
	for i := range 100 {
		if v, err := q.Get(context.Background()); v != i || err != nil {
			t.Fatalf("Get = %d, %v; want %d", v, err, i)
		}
	}
}

func TestZeroLifoQueueIsUnboundedLIFO(t *testing.T) {
	var q asyncio.LifoQueue[string]
	for _, s := range []string{"a", "b", "c"} {
		if err := q.TryPut(s); err != nil {
			t.Fatal(err)
		}
	}
	var got string
	for !q.Empty() {
		s, _ := q.TryGet()
		got += s
	}
	if got != "cba" || q.Full() {
		t.Fatalf("got %q, Full %v", got, q.Full())
	}
}

func TestQueueUnboundedWhenCapNotPositive(t *testing.T) {
	for _, maxsize := range []int{0, -1, -100} {
		for _, k := range qKinds {
			t.Run(fmt.Sprint(k.name, maxsize), func(t *testing.T) {
				q := k.new(maxsize)
				for i := range 1000 {
					if err := q.TryPut(i); err != nil {
						t.Fatalf("TryPut #%d: %v", i, err)
					}
				}
				if q.Full() || q.Len() != 1000 || q.Cap() != maxsize {
					t.Fatalf("Full %v, Len %d, Cap %d", q.Full(), q.Len(), q.Cap())
				}
			})
		}
	}
}

func TestQueueCapBlocksPut(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(2)
		mustTryPut(t, q, 1, 2)
		put := qPut(ctx, q, 3)
		synctest.Wait()
		if !qBlocked(put) {
			t.Fatal("Put on a full queue did not block")
		}
		time.Sleep(time.Second)
		if _, err := q.Get(ctx); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if r := qRecv(t, put); r.err != nil || r.took != time.Second {
			t.Fatalf("Put = %v after %v, want nil after 1s", r.err, r.took)
		}
		if q.Len() != 2 || !q.Full() {
			t.Fatalf("Len %d, Full %v; want 2, true", q.Len(), q.Full())
		}
	})
}

func TestQueueGetBlocksUntilPut(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(0)
		get := qGet(ctx, q)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if !qBlocked(get) {
			t.Fatal("Get on an empty queue did not block")
		}
		if err := q.Put(ctx, 7); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if r := qRecv(t, get); r.v != 7 || r.err != nil || r.took != 2*time.Second {
			t.Fatalf("Get = %d, %v after %v; want 7, nil after 2s", r.v, r.err, r.took)
		}
	})
}

func TestQueueTryErrors(t *testing.T) {
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			q := k.new(1)
			if _, err := q.TryGet(); !errors.Is(err, asyncio.ErrQueueEmpty) {
				t.Fatalf("TryGet on empty: %v, want ErrQueueEmpty", err)
			}
			mustTryPut(t, q, 1)
			if err := q.TryPut(2); !errors.Is(err, asyncio.ErrQueueFull) {
				t.Fatalf("TryPut on full: %v, want ErrQueueFull", err)
			}
			if v, err := q.TryGet(); v != 1 || err != nil {
				t.Fatalf("TryGet = %d, %v; the failed put changed the queue", v, err)
			}
		})
	}
}

func TestQueueLenEmptyFull(t *testing.T) {
	q := asyncio.NewQueue[int](3)
	check := func(size int, empty, full bool) {
		t.Helper()
		if q.Len() != size || q.Empty() != empty || q.Full() != full {
			t.Fatalf("Len %d Empty %v Full %v; want %d %v %v", q.Len(), q.Empty(), q.Full(), size, empty, full)
		}
	}
	check(0, true, false)
	mustTryPut(t, q, 1)
	check(1, false, false)
	mustTryPut(t, q, 2, 3)
	check(3, false, true)
	_, _ = q.TryGet()
	check(2, false, false)
	if q.Cap() != 3 {
		t.Fatalf("Cap %d", q.Cap())
	}
}

func TestQueueGettersServedFIFO(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(0)
		var gets []<-chan qResult
		for range 5 {
			gets = append(gets, qGet(ctx, q))
			synctest.Wait() // fixes the arrival order
		}
		for i := range 5 {
			mustTryPut(t, q, 10+i)
			synctest.Wait()
			if r := qRecv(t, gets[i]); r.v != 10+i || r.err != nil {
				t.Fatalf("getter %d got %d, %v; want %d", i, r.v, r.err, 10+i)
			}
			for j := i + 1; j < 5; j++ {
				if !qBlocked(gets[j]) {
					t.Fatalf("getter %d served before getter %d", j, i)
				}
			}
		}
	})
}

func TestQueuePuttersServedFIFO(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(1)
		mustTryPut(t, q, 0)
		var puts []<-chan qResult
		for i := 1; i <= 5; i++ {
			puts = append(puts, qPut(ctx, q, i))
			synctest.Wait()
		}
		for i := 1; i <= 5; i++ {
			if v, err := q.TryGet(); v != i-1 || err != nil {
				t.Fatalf("TryGet = %d, %v; want %d", v, err, i-1)
			}
			synctest.Wait()
			if r := qRecv(t, puts[i-1]); r.err != nil {
				t.Fatalf("putter %d: %v", i, r.err)
			}
			for j := i; j < 5; j++ {
				if !qBlocked(puts[j]) {
					t.Fatalf("putter %d served before putter %d", j+1, i)
				}
			}
		}
	})
}

func TestQueueTryGetDoesNotStealFromWokenGetter(t *testing.T) {
	// CPython lets get_nowait take the item a woken getter is about to
	// collect; here the item is promised to the getter that waited.
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := asyncio.NewQueue[int](0)
		for i := range 20 {
			get := qGet(ctx, q)
			synctest.Wait()
			mustTryPut(t, q, i)
			if v, err := q.TryGet(); !errors.Is(err, asyncio.ErrQueueEmpty) {
				t.Fatalf("TryGet took %d (%v) from the woken getter", v, err)
			}
			synctest.Wait()
			if r := qRecv(t, get); r.v != i || r.err != nil {
				t.Fatalf("woken getter got %d, %v; want %d", r.v, r.err, i)
			}
		}
	})
}

func TestQueueTryPutDoesNotStealSlotFromWokenPutter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := asyncio.NewQueue[int](1)
		mustTryPut(t, q, -1)
		for i := range 20 {
			put := qPut(ctx, q, i)
			synctest.Wait()
			if _, err := q.TryGet(); err != nil {
				t.Fatal(err)
			}
			if !q.Full() {
				t.Fatal("the slot promised to the woken putter is not counted by Full")
			}
			if err := q.TryPut(100); !errors.Is(err, asyncio.ErrQueueFull) {
				t.Fatalf("TryPut took the woken putter's slot: %v", err)
			}
			synctest.Wait()
			if r := qRecv(t, put); r.err != nil {
				t.Fatal(r.err)
			}
		}
		if v, _ := q.TryGet(); v != 19 {
			t.Fatalf("last item %d, want 19", v)
		}
	})
}

func TestQueueCanceledGetLeavesQueueIntact(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		ctx, cancel := context.WithCancel(context.Background())
		get := qGet(ctx, q)
		time.Sleep(time.Second)
		cancel()
		synctest.Wait()
		if r := qRecv(t, get); !errors.Is(r.err, context.Canceled) || r.took != time.Second {
			t.Fatalf("cancelled Get = %v after %v, want context.Canceled after 1s", r.err, r.took)
		}
		mustTryPut(t, q, 5)
		if q.Len() != 1 {
			t.Fatalf("Len %d: the cancelled getter still holds a claim", q.Len())
		}
		if v, err := q.TryGet(); v != 5 || err != nil {
			t.Fatalf("TryGet = %d, %v", v, err)
		}
	})
}

func TestQueueCanceledPutLeavesQueueIntact(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(1)
		mustTryPut(t, q, 1)
		ctx, cancel := context.WithCancel(context.Background())
		put := qPut(ctx, q, 2)
		synctest.Wait()
		cancel()
		synctest.Wait()
		if r := qRecv(t, put); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("cancelled Put = %v", r.err)
		}
		if v, _ := q.TryGet(); v != 1 || !q.Empty() {
			t.Fatalf("got %d, Empty %v: the cancelled put added its item", v, q.Empty())
		}
		if err := q.TryPut(3); err != nil {
			t.Fatalf("TryPut after a cancelled Put: %v (slot kept for it?)", err)
		}
	})
}

func TestQueueGetDeadlineAfterExactDuration(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](0)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		get := qGet(ctx, q)
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if r := qRecv(t, get); !errors.Is(r.err, context.DeadlineExceeded) || r.took != 3*time.Second {
			t.Fatalf("Get = %v after %v, want DeadlineExceeded after 3s", r.err, r.took)
		}
	})
}

func TestQueueWaitOnCanceledContextFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		full := asyncio.NewQueue[int](1)
		_ = full.TryPut(1)
		empty := asyncio.NewQueue[int](0)
		d := elapsed(func() {
			if err := full.Put(ctx, 2); !errors.Is(err, context.Canceled) {
				t.Errorf("Put: %v", err)
			}
			if _, err := empty.Get(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("Get: %v", err)
			}
			if err := full.Join(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("Join: %v", err)
			}
		})
		if d != 0 || full.Len() != 1 || !empty.Empty() {
			t.Fatalf("took %v; Len %d, Empty %v", d, full.Len(), empty.Empty())
		}
	})
}

func TestQueueNoWaitSucceedsOnCanceledContext(t *testing.T) {
	// As in CPython, where an await that need not suspend never sees a
	// cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q := asyncio.NewQueue[int](1)
	if err := q.Put(ctx, 1); err != nil {
		t.Fatalf("Put with room: %v", err)
	}
	if v, err := q.Get(ctx); v != 1 || err != nil {
		t.Fatalf("Get with an item: %d, %v", v, err)
	}
	if err := q.Join(ctx); err == nil {
		t.Fatal("Join with an unfinished item returned nil")
	}
	q.TaskDone()
	if err := q.Join(ctx); err != nil {
		t.Fatalf("Join with nothing unfinished: %v", err)
	}
}

func TestQueueTaskDoneTooManyTimes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := asyncio.NewQueue[int](0)
		wantArgPanic(t, "Queue.TaskDone", "queue", q.TaskDone) // on a new queue
		mustTryPut(t, q, 1)
		_, _ = q.TryGet()
		q.TaskDone()
		wantArgPanic(t, "Queue.TaskDone", "queue", q.TaskDone) // the second
		// The calls that panicked changed nothing: one new item needs one TaskDone.
		mustTryPut(t, q, 2)
		join := qJoin(ctx, q)
		synctest.Wait()
		if !qBlocked(join) {
			t.Fatal("Join returned with an item unfinished")
		}
		q.TaskDone()
		synctest.Wait()
		if r := qRecv(t, join); r.err != nil {
			t.Fatal(r.err)
		}
	})
}

func TestQueueJoinEmptyReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var q asyncio.Queue[int]
		if d := elapsed(func() {
			if err := q.Join(context.Background()); err != nil {
				t.Fatal(err)
			}
		}); d != 0 {
			t.Fatalf("Join took %v", d)
		}
	})
}

func TestQueueJoinWaitsForTaskDone(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(0)
		mustTryPut(t, q, 1, 2, 3)
		worker := asyncio.Go(ctx, func(ctx context.Context) error {
			for range 3 {
				if _, err := q.Get(ctx); err != nil {
					return err
				}
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return err
				}
				q.TaskDone()
			}
			return nil
		})
		d := elapsed(func() {
			if err := q.Join(ctx); err != nil {
				t.Fatal(err)
			}
		})
		if d != 3*time.Second {
			t.Fatalf("Join returned after %v, want 3s", d)
		}
		if _, err := worker.Await(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestQueueJoinCanceledReturnsCtxErr(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](0)
		mustTryPut(t, q, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		join := qJoin(ctx, q)
		synctest.Wait()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if r := qRecv(t, join); !errors.Is(r.err, context.DeadlineExceeded) || r.took != 2*time.Second {
			t.Fatalf("Join = %v after %v", r.err, r.took)
		}
		// The queue is intact: another joiner is released by TaskDone.
		join = qJoin(context.Background(), q)
		q.TaskDone()
		synctest.Wait()
		if r := qRecv(t, join); r.err != nil {
			t.Fatal(r.err)
		}
	})
}

func TestQueueJoinReleasesAllJoiners(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := asyncio.NewQueue[int](0)
		mustTryPut(t, q, 1, 2)
		var joins []<-chan qResult
		for range 4 {
			joins = append(joins, qJoin(ctx, q))
		}
		time.Sleep(time.Second)
		q.TaskDone()
		synctest.Wait()
		for _, j := range joins {
			if !qBlocked(j) {
				t.Fatal("a joiner returned with one item unfinished")
			}
		}
		q.TaskDone()
		synctest.Wait()
		for _, j := range joins {
			if r := qRecv(t, j); r.err != nil || r.took != time.Second {
				t.Fatalf("Join = %v after %v", r.err, r.took)
			}
		}
	})
}

func TestQueueJoinBlocksAgainAfterNewPut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := asyncio.NewQueue[int](0)
		mustTryPut(t, q, 1)
		q.TaskDone()
		if err := q.Join(ctx); err != nil {
			t.Fatal(err)
		}
		mustTryPut(t, q, 2)
		join := qJoin(ctx, q)
		synctest.Wait()
		if !qBlocked(join) {
			t.Fatal("Join returned with a new item unfinished")
		}
		q.TaskDone()
		synctest.Wait()
		qRecv(t, join)
	})
}

func TestQueueShutdownReleasesBlockedGetters(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(0)
		var gets []<-chan qResult
		for range 3 {
			gets = append(gets, qGet(ctx, q))
		}
		time.Sleep(time.Second)
		q.Shutdown(false)
		synctest.Wait()
		for _, g := range gets {
			if r := qRecv(t, g); !errors.Is(r.err, asyncio.ErrQueueShutdown) || r.took != time.Second {
				t.Fatalf("blocked Get = %v after %v, want ErrQueueShutdown after 1s", r.err, r.took)
			}
		}
	})
}

func TestQueueShutdownReleasesBlockedPutters(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(1)
		mustTryPut(t, q, 1)
		var puts []<-chan qResult
		for i := range 3 {
			puts = append(puts, qPut(ctx, q, 10+i))
		}
		synctest.Wait()
		q.Shutdown(false)
		synctest.Wait()
		for _, p := range puts {
			if r := qRecv(t, p); !errors.Is(r.err, asyncio.ErrQueueShutdown) {
				t.Fatalf("blocked Put = %v, want ErrQueueShutdown", r.err)
			}
		}
		if got := drainTry(q); !slices.Equal(got, []int{1}) {
			t.Fatalf("queue holds %v, want only the item put before Shutdown", got)
		}
	})
}

func TestQueueShutdownGetDrainsThenFails(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		ctx := context.Background()
		q := newQ(0)
		mustTryPut(t, q, 1, 2, 3)
		q.Shutdown(false)
		var got []int
		for range 3 {
			v, err := q.Get(ctx)
			if err != nil {
				t.Fatalf("Get of a remaining item: %v", err)
			}
			got = append(got, v)
		}
		slices.Sort(got)
		if !slices.Equal(got, []int{1, 2, 3}) {
			t.Fatalf("drained %v", got)
		}
		if _, err := q.Get(ctx); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("Get on a drained shut-down queue: %v", err)
		}
		if _, err := q.TryGet(); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("TryGet on a drained shut-down queue: %v, want ErrQueueShutdown not ErrQueueEmpty", err)
		}
	})
}

func TestQueuePutAfterShutdownFails(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(5)
		q.Shutdown(false)
		if err := q.Put(context.Background(), 1); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("Put: %v", err)
		}
		if err := q.TryPut(1); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("TryPut: %v", err)
		}
		if !q.Empty() {
			t.Fatal("a put after Shutdown added its item")
		}
	})
}

func TestQueueShutdownImmediateDropsItems(t *testing.T) {
	forEachKind(t, func(t *testing.T, newQ func(int) intQueue) {
		q := newQ(0)
		mustTryPut(t, q, 1, 2, 3)
		q.Shutdown(true)
		if q.Len() != 0 {
			t.Fatalf("Len %d after Shutdown(true)", q.Len())
		}
		if _, err := q.Get(context.Background()); !errors.Is(err, asyncio.ErrQueueShutdown) {
			t.Fatalf("Get: %v", err)
		}
	})
}

func TestQueueShutdownImmediateReleasesJoin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](0)
		mustTryPut(t, q, 1, 2, 3)
		join := qJoin(context.Background(), q)
		time.Sleep(time.Second)
		q.Shutdown(true)
		synctest.Wait()
		if r := qRecv(t, join); r.err != nil || r.took != time.Second {
			t.Fatalf("Join = %v after %v", r.err, r.took)
		}
		// The dropped items were counted as done.
		wantArgPanic(t, "Queue.TaskDone", "queue", q.TaskDone)
	})
}

func TestQueueShutdownImmediateJoinWaitsForTakenItems(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](0)
		mustTryPut(t, q, 1, 2, 3)
		_, _ = q.TryGet() // taken, not yet done
		join := qJoin(context.Background(), q)
		q.Shutdown(true)
		synctest.Wait()
		if !qBlocked(join) {
			t.Fatal("Join returned while a taken item was unfinished")
		}
		q.TaskDone()
		synctest.Wait()
		qRecv(t, join)
	})
}

func TestQueueGracefulShutdownJoinWaitsForRemaining(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := asyncio.NewQueue[int](0)
		mustTryPut(t, q, 1, 2)
		join := qJoin(ctx, q)
		q.Shutdown(false)
		synctest.Wait()
		if !qBlocked(join) {
			t.Fatal("Join returned at Shutdown(false)")
		}
		for range 2 {
			if _, err := q.Get(ctx); err != nil {
				t.Fatal(err)
			}
			q.TaskDone()
		}
		synctest.Wait()
		qRecv(t, join)
	})
}

func TestQueueShutdownTwiceThenImmediateDrops(t *testing.T) {
	q := asyncio.NewQueue[int](0)
	mustTryPut(t, q, 1, 2)
	q.Shutdown(false)
	q.Shutdown(false)
	if q.Len() != 2 {
		t.Fatalf("second Shutdown(false) dropped items: Len %d", q.Len())
	}
	q.Shutdown(true)
	if q.Len() != 0 {
		t.Fatalf("Shutdown(true) after Shutdown(false) left %d items", q.Len())
	}
}

func TestQueueGetterCanceledWhileItemArrivesNeverLosesIt(t *testing.T) {
	// The first getter is cancelled and an item put at once, so its grant
	// and its cancellation race; whichever wins, the item goes to exactly
	// one getter. queue_internal_test.go forces the pass-on path.
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](0)
		for i := range 50 {
			ctx1, cancel1 := context.WithCancel(context.Background())
			first := qGet(ctx1, q)
			synctest.Wait()
			second := qGet(context.Background(), q)
			synctest.Wait()
			cancel1()
			mustTryPut(t, q, i)
			synctest.Wait()
			r1 := qRecv(t, first)
			if r1.err == nil {
				t.Fatalf("first getter got %d after its cancellation", r1.v)
			}
			if r2 := qRecv(t, second); r2.v != i || r2.err != nil {
				t.Fatalf("second getter got %d, %v; want %d", r2.v, r2.err, i)
			}
		}
	})
}

func TestQueuePutterCanceledWhileSlotFreesNeverLosesIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := asyncio.NewQueue[int](1)
		mustTryPut(t, q, -1)
		for i := range 50 {
			ctx1, cancel1 := context.WithCancel(context.Background())
			first := qPut(ctx1, q, 1000+i)
			synctest.Wait()
			second := qPut(context.Background(), q, i)
			synctest.Wait()
			cancel1()
			if _, err := q.TryGet(); err != nil {
				t.Fatal(err)
			}
			synctest.Wait()
			if r := qRecv(t, first); !errors.Is(r.err, context.Canceled) {
				t.Fatalf("first putter: %v", r.err)
			}
			if r := qRecv(t, second); r.err != nil {
				t.Fatalf("second putter: %v", r.err)
			}
			if q.Len() != 1 || !q.Full() {
				t.Fatalf("Len %d, Full %v", q.Len(), q.Full())
			}
		}
	})
}

func TestQueueFIFOOrderAcrossBufferWrapAndGrowth(t *testing.T) {
	q := asyncio.NewQueue[int](0)
	next, want := 0, 0
	for round := range 200 {
		for range round%13 + 1 { // puts outrun gets: the ring wraps and grows
			mustTryPut(t, q, next)
			next++
		}
		for range round % 11 {
			if v, err := q.TryGet(); err != nil || v != want {
				t.Fatalf("round %d: TryGet = %d, %v; want %d", round, v, err, want)
			}
			want++
		}
	}
	for _, v := range drainTry(q) {
		if v != want {
			t.Fatalf("drain: got %d, want %d", v, want)
		}
		want++
	}
	if want != next {
		t.Fatalf("got %d items, put %d", want, next)
	}
}

func TestQueueKeepsEachProducersOrder(t *testing.T) {
	ctx := context.Background()
	q := asyncio.NewQueue[[2]int](4)
	const producers, perProducer = 4, 2000
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range perProducer {
				if err := q.Put(ctx, [2]int{p, i}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	last := [producers]int{-1, -1, -1, -1}
	for range producers * perProducer {
		item, err := q.Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p, i := item[0], item[1]; i != last[p]+1 {
			t.Fatalf("producer %d: item %d after %d", p, i, last[p])
		}
		last[item[0]] = item[1]
	}
	wg.Wait()
}

func TestQueueBlockingIsRecorded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		q := asyncio.NewQueue[int](1)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			getter := asyncio.Go(ctx, func(ctx context.Context) error {
				if _, err := q.Get(ctx); err != nil { // blocks 0s → 1s
					return err
				}
				q.TaskDone()
				return nil
			}, asyncio.WithName("getter"))
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			_ = q.TryPut(1)
			synctest.Wait() // the getter has taken item 1
			_ = q.TryPut(2) // full now
			putter := asyncio.Go(ctx, func(ctx context.Context) error {
				return q.Put(ctx, 3) // blocks 1s → 2s
			}, asyncio.WithName("putter"))
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			_, _ = q.TryGet()
			q.TaskDone()
			synctest.Wait()
			joiner := asyncio.Go(ctx, func(ctx context.Context) error {
				return q.Join(ctx) // blocks 2s → 3s on item 3
			}, asyncio.WithName("joiner"))
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			_, _ = q.TryGet()
			q.TaskDone()
			for _, task := range []*asyncio.Task[struct{}]{getter, putter, joiner} {
				if _, err := task.Await(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"getter": {"created@0s", "started@0s", "blocked:queue@0s", "resumed:queue@1s", "finished@1s"},
			"putter": {"created@1s", "started@1s", "blocked:queue@1s", "resumed:queue@2s", "finished@2s"},
			"joiner": {"created@2s", "started@2s", "blocked:queue@2s", "resumed:queue@3s", "finished@3s"},
		}
		for name, w := range want {
			if got := rec.of(name, start); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s: got %v\nwant %v", name, got, w)
			}
		}
	})
}

// TestQueueStressNoItemLostOrDuplicated runs producers and consumers flat out,
// with some calls cancelled by short deadlines so that grants race with
// cancellations, and checks every item is received exactly once and Join
// sees every TaskDone.
func TestQueueStressNoItemLostOrDuplicated(t *testing.T) {
	const producers, consumers = 8, 8
	perProducer := 20_000
	if testing.Short() {
		perProducer = 2_000
	}
	ctx := context.Background()
	q := asyncio.NewQueue[int](16)
	seen := make([]int32, producers*perProducer)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range perProducer {
				item := p*perProducer + i
				for {
					pctx, cancel := ctx, context.CancelFunc(func() {})
					if i%7 == 0 {
						pctx, cancel = context.WithTimeout(ctx, time.Microsecond)
					}
					err := q.Put(pctx, item)
					cancel()
					if err == nil {
						break
					}
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	var cwg sync.WaitGroup
	for c := range consumers {
		cwg.Go(func() {
			for n := 0; ; n++ {
				cctx, cancel := ctx, context.CancelFunc(func() {})
				if (n+c)%5 == 0 {
					cctx, cancel = context.WithTimeout(ctx, time.Microsecond)
				}
				item, err := q.Get(cctx)
				cancel()
				switch {
				case errors.Is(err, asyncio.ErrQueueShutdown):
					return
				case errors.Is(err, context.DeadlineExceeded):
					continue
				case err != nil:
					t.Error(err)
					return
				}
				mu.Lock()
				seen[item]++
				mu.Unlock()
				q.TaskDone()
			}
		})
	}
	wg.Wait()
	if err := q.Join(ctx); err != nil {
		t.Fatal(err)
	}
	q.Shutdown(false)
	cwg.Wait()
	for item, n := range seen {
		if n != 1 {
			t.Fatalf("item %d received %d times", item, n)
		}
	}
	if !q.Empty() {
		t.Fatalf("%d items left", q.Len())
	}
}

func ExampleQueue() {
	ctx := context.Background()
	q := asyncio.NewQueue[int](2) // producers wait while 2 items are queued
	var mu sync.Mutex
	total := 0
	var workers []*asyncio.Task[struct{}]
	for range 3 {
		workers = append(workers, asyncio.Go(ctx, func(ctx context.Context) error {
			for {
				n, err := q.Get(ctx)
				if errors.Is(err, asyncio.ErrQueueShutdown) {
					return nil // shut down and drained
				}
				if err != nil {
					return err
				}
				mu.Lock()
				total += n * n
				mu.Unlock()
				q.TaskDone()
			}
		}))
	}
	for n := 1; n <= 10; n++ {
		_ = q.Put(ctx, n)
	}
	_ = q.Join(ctx) // every item has been processed
	fmt.Println("sum of squares:", total)
	q.Shutdown(false)
	for _, w := range workers {
		_, _ = w.Await(ctx)
	}
	// Output: sum of squares: 385
}

func ExampleLifoQueue() {
	q := asyncio.NewLifoQueue[string](0)
	for _, page := range []string{"home", "search", "result"} {
		_ = q.TryPut(page)
	}
	for !q.Empty() {
		page, _ := q.TryGet()
		fmt.Println("back to", page)
	}
	// Output:
	// back to result
	// back to search
	// back to home
}

func ExamplePriorityQueue() {
	type job struct {
		priority int // lower runs first
		name     string
	}
	q := asyncio.NewPriorityQueue(0, func(a, b job) bool { return a.priority < b.priority })
	_ = q.TryPut(job{3, "send newsletter"})
	_ = q.TryPut(job{1, "fix outage"})
	_ = q.TryPut(job{2, "review patch"})
	for !q.Empty() {
		j, _ := q.TryGet()
		fmt.Println(j.priority, j.name)
	}
	// Output:
	// 1 fix outage
	// 2 review patch
	// 3 send newsletter
}

func benchPutGet(b *testing.B, put func(int), get func() int) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		put(i)
		if get() != i {
			b.Fatal("wrong item")
		}
	}
}

// BenchmarkQueuePutGet puts and gets one item on the same goroutine: the
// fast paths, beside a buffered channel doing the same.
func BenchmarkQueuePutGet(b *testing.B) {
	ctx := context.Background()
	b.Run("Queue", func(b *testing.B) {
		q := asyncio.NewQueue[int](100)
		benchPutGet(b, func(v int) { _ = q.Put(ctx, v) }, func() int { v, _ := q.Get(ctx); return v })
	})
	b.Run("LifoQueue", func(b *testing.B) {
		q := asyncio.NewLifoQueue[int](100)
		benchPutGet(b, func(v int) { _ = q.Put(ctx, v) }, func() int { v, _ := q.Get(ctx); return v })
	})
	b.Run("PriorityQueue", func(b *testing.B) {
		q := asyncio.NewPriorityQueue(100, cmp.Less[int])
		benchPutGet(b, func(v int) { _ = q.Put(ctx, v) }, func() int { v, _ := q.Get(ctx); return v })
	})
	b.Run("Chan", func(b *testing.B) {
		ch := make(chan int, 100)
		benchPutGet(b, func(v int) { ch <- v }, func() int { return <-ch })
	})
}

// BenchmarkQueueProducerConsumer passes items from one goroutine to another
// through a queue of maxsize 100, beside a channel of capacity 100.
func BenchmarkQueueProducerConsumer(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, put func(int), get func() int) {
		b.ReportAllocs()
		n := b.N
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := range n {
				if get() != i {
					panic("wrong item")
				}
			}
		}()
		b.ResetTimer()
		for i := range n {
			put(i)
		}
		<-done
	}
	b.Run("Queue", func(b *testing.B) {
		q := asyncio.NewQueue[int](100)
		run(b, func(v int) { _ = q.Put(ctx, v) }, func() int { v, _ := q.Get(ctx); return v })
	})
	b.Run("Chan", func(b *testing.B) {
		ch := make(chan int, 100)
		run(b, func(v int) { ch <- v }, func() int { return <-ch })
	})
}

func TestQueueFastPathDoesNotAllocate(t *testing.T) {
	ctx := context.Background()
	for _, k := range qKinds {
		t.Run(k.name, func(t *testing.T) {
			q := k.new(100)
			mustTryPut(t, q, 1, 2, 3) // grow the buffer first
			allocs := testing.AllocsPerRun(1000, func() {
				_ = q.Put(ctx, 4)
				_, _ = q.Get(ctx)
			})
			if allocs != 0 {
				t.Fatalf("Put+Get without waiting: %v allocations, want 0", allocs)
			}
		})
	}
}
