package asyncio

import (
	"context"
	"errors"
	"sync"
)

// Errors of [Queue], [LifoQueue] and [PriorityQueue]. Match them with
// errors.Is.
var (
	// ErrQueueFull is returned by TryPut when the queue is full, like
	// CPython's QueueFull.
	ErrQueueFull = errors.New("asyncio: queue is full")
	// ErrQueueEmpty is returned by TryGet when no item is there for the
	// taking, like CPython's QueueEmpty.
	ErrQueueEmpty = errors.New("asyncio: queue is empty")
	// ErrQueueShutdown is returned by Put and TryPut after Shutdown, and by
	// Get and TryGet once a shut-down queue is empty, like CPython's
	// QueueShutDown.
	ErrQueueShutdown = errors.New("asyncio: queue is shut down")
)

// queueKind says in which order a queue's items leave it. Each exported queue
// type passes its own kind as a constant, so that the zero values of Queue and
// LifoQueue are usable and the order costs one predictable branch, not an
// indirect call.
type queueKind uint8

const (
	fifoQueue queueKind = iota
	lifoQueue
	priorityQueue
)

// nilCtxPanic panics for a nil ctx given to the queue's method.
func (k queueKind) nilCtxPanic(method string) {
	nilCtxPanic([...]string{"Queue.", "LifoQueue.", "PriorityQueue."}[k] + method)
}

// minQueueBuf is the first length of a queue's buffer. An unbounded queue's
// buffer longer than shrinkQueueBuf is halved when it is an eighth full, so
// that a burst does not pin memory for ever; the gap between growing (full)
// and shrinking (an eighth) keeps a queue that swings in size from
// reallocating all the time. A bounded queue's buffer never exceeds maxsize
// rounded up to a power of two and is never shrunk.
const (
	minQueueBuf    = 8
	shrinkQueueBuf = 1024
)

// queueCore is the engine shared by Queue, LifoQueue and PriorityQueue.
//
// Items live in buf: a ring (power-of-two length) for FIFO and LIFO, a binary
// heap on buf[:n] (head stays 0) for priority order. Waiting getters and
// putters are FIFO waitLists served by hand-off:
//
//   - A Put that finds getters waiting hands its item to the first getter
//     (waiter.item) instead of storing it (claimed++): that getter returns
//     that item, whatever runs first, so the queue behaves as if the item had
//     been taken at the instant of the Put. The item keeps its slot until the
//     getter returns. A getter canceled after its grant passes the item to
//     the next getter, or puts it back at the front of the store.
//   - A Get that frees a slot while putters wait grants the first putter that
//     slot (reserved++). Reserved slots count as full for other puts. A putter
//     canceled after its grant passes its slot on, or releases it.
//
// Invariants, under mu: n+claimed+reserved <= maxsize when bounded; getters
// wait only while n == 0; putters wait only while n+claimed+reserved ==
// maxsize. So a put need only grant one getter, and a get one putter.
type queueCore[T any] struct {
	mu      sync.Mutex
	maxsize int               // <= 0: unbounded
	less    func(a, b T) bool // priority order; nil for FIFO and LIFO
	buf     []T               // the store; len is 0 or a power of two
	head, n int               // first item's index in buf, and item count

	claimed  int // items handed to woken getters that have not returned
	reserved int // free slots promised to woken putters not yet filled
	getters  waitList
	putters  waitList

	unfinished int           // items put and not yet marked done
	allDone    chan struct{} // closed when unfinished drops to 0; nil until Join waits
	joiners    wakeSet       // Join's waiters on an event loop
	// Join's waiters with a task's context off a loop
	hookedJoiners waitList
	shutdown      bool
	dropped       bool // Shutdown(immediate) dropped the items, handed ones too
}

func (c *queueCore[T]) full() bool {
	return c.maxsize > 0 && c.n+c.claimed+c.reserved >= c.maxsize
}

// The paths that can call less (add and take on a priority queue) unlock mu
// explicitly rather than by defer: if less panics, the guarded sift unlocks mu
// before the panic goes on, so that the queue stays usable, and a deferred
// unlock would then unlock twice. FIFO and LIFO queues pay for no defer.

func (c *queueCore[T]) put(ctx context.Context, v T, kind queueKind) error {
	if ctx == nil {
		kind.nilCtxPanic("Put")
	}
	c.mu.Lock()
	if c.shutdown {
		c.mu.Unlock()
		return ErrQueueShutdown
	}
	if !c.full() {
		c.add(v, kind)
		c.mu.Unlock()
		return nil
	}
	return c.putWait(ctx, v, kind)
}

// putWait is put on a full queue, entered with mu held: a function of its
// own, so that put's frame, which every Put sets up, stays small.
func (c *queueCore[T]) putWait(ctx context.Context, v T, kind queueKind) error {
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return err
	}
	w := c.putters.push(ctx, &c.mu, BlockQueue, c)
	c.mu.Unlock()
	err := c.putters.block(ctx, w, c.passSlot)
	w.release()
	if err != nil {
		return err
	}
	c.mu.Lock()
	if c.shutdown { // released by Shutdown, or granted just before it: Shutdown dropped the reservation
		c.mu.Unlock()
		return ErrQueueShutdown
	}
	c.reserved--
	c.add(v, kind)
	c.mu.Unlock()
	return nil
}

func (c *queueCore[T]) tryPut(v T, kind queueKind) error {
	c.mu.Lock()
	if c.shutdown {
		c.mu.Unlock()
		return ErrQueueShutdown
	}
	if c.full() {
		c.mu.Unlock()
		return ErrQueueFull
	}
	c.add(v, kind)
	c.mu.Unlock()
	return nil
}

// add counts v as unfinished and hands it to the first waiting getter, or
// stores it if none waits. mu is held and there is room.
func (c *queueCore[T]) add(v T, kind queueKind) {
	c.unfinished++
	if w := c.getters.grant(); w != nil {
		w.item = v // read by the getter once we unlock mu
		c.claimed++
		return
	}
	if c.n == len(c.buf) {
		c.resize(max(2*len(c.buf), minQueueBuf))
	}
	if kind == priorityQueue {
		c.buf[c.n] = v
	} else {
		c.buf[(c.head+c.n)&(len(c.buf)-1)] = v
	}
	c.n++
	if kind == priorityQueue {
		c.guardedSiftUp(c.n - 1) // last: if less panics, v is in and counted
	}
}

func (c *queueCore[T]) get(ctx context.Context, kind queueKind) (T, error) {
	if ctx == nil {
		kind.nilCtxPanic("Get")
	}
	c.mu.Lock()
	if c.n > 0 {
		v := c.take(kind)
		c.mu.Unlock()
		return v, nil
	}
	return c.getWait(ctx, kind)
}

// getWait is get on an empty queue, entered with mu held: a function of its
// own, so that get's frame, which every Get sets up, stays small.
func (c *queueCore[T]) getWait(ctx context.Context, kind queueKind) (T, error) {
	var zero T
	if c.shutdown {
		c.mu.Unlock()
		return zero, ErrQueueShutdown
	}
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return zero, err
	}
	w := c.getters.push(ctx, &c.mu, BlockQueue, c)
	c.mu.Unlock()
	if err := c.getters.block(ctx, w, func() { c.passItem(w, kind) }); err != nil {
		w.release()
		return zero, err
	}
	c.mu.Lock()
	// Not granted: released by Shutdown on an empty queue. Granted but
	// dropped: Shutdown(immediate) dropped the item handed to us.
	if !w.granted() || c.dropped {
		c.mu.Unlock()
		w.release()
		return zero, ErrQueueShutdown
	}
	c.claimed--
	if c.putters.grant() != nil { // the item's slot is free now
		c.reserved++
	}
	c.mu.Unlock()
	v, _ := w.item.(T) // a nil interface item comes back as a nil any
	w.release()
	return v, nil
}

func (c *queueCore[T]) tryGet(kind queueKind) (T, error) {
	c.mu.Lock()
	if c.n > 0 {
		v := c.take(kind)
		c.mu.Unlock()
		return v, nil
	}
	shutdown := c.shutdown
	c.mu.Unlock()
	var zero T
	if shutdown {
		return zero, ErrQueueShutdown
	}
	return zero, ErrQueueEmpty
}

// take removes the next item in kind's order and grants the slot it frees to
// the first waiting putter. mu is held and n > 0.
func (c *queueCore[T]) take(kind queueKind) T {
	var i int
	switch kind {
	case fifoQueue:
		i = c.head
		c.head = (c.head + 1) & (len(c.buf) - 1)
	case lifoQueue:
		i = (c.head + c.n - 1) & (len(c.buf) - 1)
	default:
		i = c.n - 1
		c.buf[0], c.buf[i] = c.buf[i], c.buf[0]
		c.guardedSiftDown(0, i) // first: if less panics, nothing is taken
	}
	v := c.buf[i]
	var zero T
	c.buf[i] = zero // let the item be collected
	c.n--
	if c.maxsize <= 0 && len(c.buf) > shrinkQueueBuf && c.n <= len(c.buf)/8 {
		c.resize(len(c.buf) / 2)
	}
	if c.putters.grant() != nil {
		c.reserved++
	}
	return v
}

// resize moves the items to a new buffer of length size (a power of two, at
// least n), starting at index 0. Heap order survives, since head is 0 for a
// priority queue.
func (c *queueCore[T]) resize(size int) {
	buf := make([]T, size)
	if c.n > 0 {
		if end := c.head + c.n; end <= len(c.buf) {
			copy(buf, c.buf[c.head:end])
		} else {
			k := copy(buf, c.buf[c.head:])
			copy(buf[k:], c.buf[:end-len(c.buf)])
		}
	}
	c.buf, c.head = buf, 0
}

// siftUp and siftDown restore the heap order of buf[:n] by swaps, so that
// the buffer always holds the same items even if less panics midway. Their
// guarded forms unlock mu if less panics; see above.

func (c *queueCore[T]) guardedSiftUp(i int) {
	if i == 0 {
		return // nothing to compare
	}
	done := false
	defer func() {
		if !done {
			c.mu.Unlock()
		}
	}()
	c.siftUp(i)
	done = true
}

func (c *queueCore[T]) guardedSiftDown(i, n int) {
	if 2*i+1 >= n {
		return // nothing to compare
	}
	done := false
	defer func() {
		if !done {
			c.mu.Unlock()
		}
	}()
	c.siftDown(i, n)
	done = true
}

func (c *queueCore[T]) siftUp(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !c.less(c.buf[i], c.buf[p]) {
			return
		}
		c.buf[i], c.buf[p] = c.buf[p], c.buf[i]
		i = p
	}
}

func (c *queueCore[T]) siftDown(i, n int) {
	for {
		child := 2*i + 1
		if child >= n {
			return
		}
		if r := child + 1; r < n && c.less(c.buf[r], c.buf[child]) {
			child = r
		}
		if !c.less(c.buf[child], c.buf[i]) {
			return
		}
		c.buf[i], c.buf[child] = c.buf[child], c.buf[i]
		i = child
	}
}

// passItem is called, with mu held, when getter w, which was handed an item,
// is canceled before returning it: the item goes to the next getter, or back
// to the front of the store, where it was the next to leave. Nothing is left
// to pass if Shutdown(immediate) dropped the item meanwhile.
func (c *queueCore[T]) passItem(w *waiter, kind queueKind) {
	if c.dropped {
		return
	}
	if next := c.getters.grant(); next != nil {
		next.item = w.item
		return
	}
	c.claimed--
	v, _ := w.item.(T)
	if c.n == len(c.buf) {
		c.resize(max(2*len(c.buf), minQueueBuf))
	}
	if kind == priorityQueue {
		c.buf[c.n] = v
		c.n++
		c.guardedSiftUp(c.n - 1) // last: if less panics, v is in and counted
		return
	}
	// The store was empty when v was handed out, so everything in it came
	// later: v goes before it, for FIFO and LIFO alike.
	c.head = (c.head - 1) & (len(c.buf) - 1)
	c.buf[c.head] = v
	c.n++
}

// passSlot is passItem for putters. Shutdown drops every reservation, and no
// putter waits after it.
func (c *queueCore[T]) passSlot() {
	if !c.shutdown && c.putters.grant() == nil {
		c.reserved--
	}
}

// taskDone is TaskDone; fn names the caller's method in the panic.
func (c *queueCore[T]) taskDone(fn string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.unfinished <= 0 {
		panic(&ArgError{Func: fn, Arg: "queue", Reason: "has no unfinished item: TaskDone called more times than items were put"})
	}
	c.unfinished--
	c.checkAllDone()
}

// checkAllDone wakes the joiners if every item is done. mu is held.
func (c *queueCore[T]) checkAllDone() {
	if c.unfinished != 0 {
		return
	}
	if c.allDone != nil {
		close(c.allDone)
		c.allDone = nil
		c.joiners.wakeAll()
	}
	for c.hookedJoiners.grant() != nil {
	}
}

func (c *queueCore[T]) join(ctx context.Context, kind queueKind) error {
	if ctx == nil {
		kind.nilCtxPanic("Join")
	}
	c.mu.Lock()
	if c.unfinished == 0 {
		c.mu.Unlock()
		return nil
	}
	if s, ok := ctx.(*scope); ok && s.lt == nil {
		// A task's context: park on the waiter's own channel, which the
		// last TaskDone or the scope's cancellation hook wakes.
		w := c.hookedJoiners.push(ctx, &c.mu, BlockQueue, c)
		c.mu.Unlock()
		err := c.hookedJoiners.block(ctx, w, nil)
		w.release()
		return err
	}
	if c.allDone == nil {
		c.allDone = make(chan struct{})
	}
	done := c.allDone
	lt := loopTaskOf(ctx)
	c.joiners.add(lt)
	c.mu.Unlock()
	o := blocked(ctx, BlockQueue, c)
	defer o.resumed(BlockQueue)
	if lt != nil {
		err := lt.parkUntilClosed(ctx, done, BlockQueue, c)
		if err != nil {
			c.mu.Lock()
			c.joiners.remove(lt)
			c.mu.Unlock()
		}
		return err
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *queueCore[T]) qsize() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *queueCore[T]) isFull() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.full()
}

func (c *queueCore[T]) shut(immediate bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shutLocked(immediate)
}

func (c *queueCore[T]) shutLocked(immediate bool) {
	c.shutdown = true
	if immediate {
		c.unfinished -= min(c.n+c.claimed, c.unfinished)
		c.buf, c.head, c.n, c.claimed = nil, 0, 0, 0
		c.dropped = true
		c.checkAllDone()
	}
	// Waiting getters found no unclaimed item and no more can come: they fail.
	// Getters already granted keep their claims unless the items were dropped.
	c.getters.releaseAll()
	c.putters.releaseAll()
	c.reserved = 0
}

// Queue is a first-in first-out queue for passing values between tasks, like
// asyncio.Queue. Put blocks while it is full and Get while it is empty; TryPut
// and TryGet never block; TaskDone and Join count the work done on the items
// taken out; Shutdown stops the queue. Blocked getters, and blocked putters, are
// served in arrival order, each promised the item or slot it was woken for; one
// canceled after that, before it runs, passes it on if on a loop and keeps it
// otherwise, so nothing is lost.
//
// The zero Queue is usable and unbounded. A Queue must not be copied after first
// use. All methods are safe for concurrent use. On a loop, woken getters and
// putters resume in the order they came.
// CPython differs: see "Differences from CPython" in [asyncio].
type Queue[T any] struct {
	c queueCore[T]
}

// NewQueue returns an empty Queue holding at most maxsize items, or any number
// if maxsize <= 0.
func NewQueue[T any](maxsize int) *Queue[T] {
	return &Queue[T]{c: queueCore[T]{maxsize: maxsize}}
}

// Put adds v at the back, waiting while the queue is full; waiting putters are
// served in arrival order. It returns [ErrQueueShutdown] if the queue is shut
// down, before or while it waits, and ctx.Err() if ctx is done while it waits;
// either way v is not added. A Put that need not wait ignores ctx.
func (q *Queue[T]) Put(ctx context.Context, v T) error { return q.c.put(ctx, v, fifoQueue) }

// Get removes and returns the front item, waiting while the queue is empty;
// waiting getters are served in arrival order. After Shutdown it returns the
// items left, unless the shutdown was immediate, then [ErrQueueShutdown]. If ctx
// is done while it waits, it returns ctx.Err() and takes nothing. A Get that
// need not wait ignores ctx.
func (q *Queue[T]) Get(ctx context.Context) (T, error) { return q.c.get(ctx, fifoQueue) }

// TryPut adds v at the back if it can without waiting. Otherwise it returns
// [ErrQueueShutdown] after Shutdown, else [ErrQueueFull]; slots promised to
// woken putters count as taken.
func (q *Queue[T]) TryPut(v T) error { return q.c.tryPut(v, fifoQueue) }

// TryGet removes and returns the front item if one is there for the taking:
// items promised to woken getters are not. Otherwise it returns
// [ErrQueueShutdown] after Shutdown, else [ErrQueueEmpty].
func (q *Queue[T]) TryGet() (T, error) { return q.c.tryGet(fifoQueue) }

// TaskDone marks one item taken out as processed, for Join. It panics with an
// [*ArgError], changing nothing, if it is called more times than items were put,
// as CPython raises ValueError.
func (q *Queue[T]) TaskDone() { q.c.taskDone("Queue.TaskDone") }

// Join blocks until every item put has been marked done with TaskDone, and
// returns nil, at once if none is pending; items Shutdown(true) drops count as
// done. If ctx is done first, it returns ctx.Err().
func (q *Queue[T]) Join(ctx context.Context) error { return q.c.join(ctx, fifoQueue) }

// Len returns the number of items a Get could take now: items promised to
// woken getters are left out.
// CPython differs: see "Differences from CPython" in [asyncio].
func (q *Queue[T]) Len() int { return q.c.qsize() }

// Empty reports whether Len is 0, that is whether TryGet would fail.
func (q *Queue[T]) Empty() bool { return q.c.qsize() == 0 }

// Full reports whether TryPut would fail with [ErrQueueFull]. Items promised to
// woken getters and slots promised to woken putters count, so Full may hold
// while Len() < Cap(). An unbounded queue is never full.
func (q *Queue[T]) Full() bool { return q.c.isFull() }

// Cap returns the maxsize given to NewQueue (0 for the zero Queue); <= 0 means
// unbounded.
func (q *Queue[T]) Cap() int { return q.c.maxsize }

// Shutdown stops the queue, like Queue.shutdown of CPython 3.13: Put and TryPut
// fail with [ErrQueueShutdown] from then on, and blocked putters, and getters
// blocked on an empty queue, return it. With immediate false, Get and TryGet
// return the items left, then fail. With immediate true, the items left are
// dropped and count as done for Join, and every Get fails at once. Shutdown
// never blocks and may be called again; a later immediate call drops what is
// left.
func (q *Queue[T]) Shutdown(immediate bool) { q.c.shut(immediate) }

// LifoQueue is a last-in first-out queue, like asyncio.LifoQueue: Get returns
// the item put last. A getter woken for an item gets that item, even if more are
// put before it runs. Everything else is as for [Queue], the zero value
// included.
type LifoQueue[T any] struct {
	c queueCore[T]
}

// NewLifoQueue returns an empty LifoQueue holding at most maxsize items, or any
// number if maxsize <= 0.
func NewLifoQueue[T any](maxsize int) *LifoQueue[T] {
	return &LifoQueue[T]{c: queueCore[T]{maxsize: maxsize}}
}

// Put adds v, waiting while the queue is full; see [Queue.Put].
func (q *LifoQueue[T]) Put(ctx context.Context, v T) error { return q.c.put(ctx, v, lifoQueue) }

// Get removes and returns the top item, waiting while the queue is empty; see
// [Queue.Get].
func (q *LifoQueue[T]) Get(ctx context.Context) (T, error) { return q.c.get(ctx, lifoQueue) }

// TryPut adds v without waiting; see [Queue.TryPut].
func (q *LifoQueue[T]) TryPut(v T) error { return q.c.tryPut(v, lifoQueue) }

// TryGet removes and returns the top item without waiting; see [Queue.TryGet].
func (q *LifoQueue[T]) TryGet() (T, error) { return q.c.tryGet(lifoQueue) }

// TaskDone marks one item taken out as processed; see [Queue.TaskDone].
func (q *LifoQueue[T]) TaskDone() { q.c.taskDone("LifoQueue.TaskDone") }

// Join blocks until every item put has been marked done; see [Queue.Join].
func (q *LifoQueue[T]) Join(ctx context.Context) error { return q.c.join(ctx, lifoQueue) }

// Len returns the number of items a Get could take now; see [Queue.Len].
func (q *LifoQueue[T]) Len() int { return q.c.qsize() }

// Empty reports whether TryGet would fail; see [Queue.Empty].
func (q *LifoQueue[T]) Empty() bool { return q.c.qsize() == 0 }

// Full reports whether TryPut would fail with [ErrQueueFull]; see [Queue.Full].
func (q *LifoQueue[T]) Full() bool { return q.c.isFull() }

// Cap returns the maxsize given to [NewLifoQueue]; <= 0 means unbounded.
func (q *LifoQueue[T]) Cap() int { return q.c.maxsize }

// Shutdown stops the queue; see [Queue.Shutdown].
func (q *LifoQueue[T]) Shutdown(immediate bool) { q.c.shut(immediate) }

// PriorityQueue is a queue whose Get returns the least item first, as less
// orders them, like asyncio.PriorityQueue (a binary heap). Items equal under
// less leave in no set order. less runs with the queue's lock held, so it must
// be quick and must not use the queue; if it panics, the caller of Put or Get
// gets the panic and the queue loses no item, but may be out of order.
// Everything else is as for [Queue]. The zero value has no less function: make
// one with [NewPriorityQueue].
// CPython differs: see "Differences from CPython" in [asyncio].
type PriorityQueue[T any] struct {
	c queueCore[T]
}

// NewPriorityQueue returns an empty PriorityQueue ordered by less, which reports
// whether a must leave before b, holding at most maxsize items, or any number if
// maxsize <= 0. It panics with an [*ArgError] if less is nil.
func NewPriorityQueue[T any](maxsize int, less func(a, b T) bool) *PriorityQueue[T] {
	if less == nil {
		nilFuncPanic("NewPriorityQueue", "less")
	}
	return &PriorityQueue[T]{c: queueCore[T]{maxsize: maxsize, less: less}}
}

func (q *PriorityQueue[T]) mustHaveLess(method string) {
	if q.c.less == nil {
		panic(&ArgError{Func: "PriorityQueue." + method, Arg: "less", Reason: "is nil: create the queue with NewPriorityQueue"})
	}
}

// Put adds v, waiting while the queue is full; see [Queue.Put].
func (q *PriorityQueue[T]) Put(ctx context.Context, v T) error {
	q.mustHaveLess("Put")
	return q.c.put(ctx, v, priorityQueue)
}

// Get removes and returns the least item, waiting while the queue is empty; see
// [Queue.Get].
func (q *PriorityQueue[T]) Get(ctx context.Context) (T, error) { return q.c.get(ctx, priorityQueue) }

// TryPut adds v without waiting; see [Queue.TryPut].
func (q *PriorityQueue[T]) TryPut(v T) error {
	q.mustHaveLess("TryPut")
	return q.c.tryPut(v, priorityQueue)
}

// TryGet removes and returns the least item without waiting; see [Queue.TryGet].
func (q *PriorityQueue[T]) TryGet() (T, error) { return q.c.tryGet(priorityQueue) }

// TaskDone marks one item taken out as processed; see [Queue.TaskDone].
func (q *PriorityQueue[T]) TaskDone() { q.c.taskDone("PriorityQueue.TaskDone") }

// Join blocks until every item put has been marked done; see [Queue.Join].
func (q *PriorityQueue[T]) Join(ctx context.Context) error { return q.c.join(ctx, priorityQueue) }

// Len returns the number of items a Get could take now; see [Queue.Len].
func (q *PriorityQueue[T]) Len() int { return q.c.qsize() }

// Empty reports whether TryGet would fail; see [Queue.Empty].
func (q *PriorityQueue[T]) Empty() bool { return q.c.qsize() == 0 }

// Full reports whether TryPut would fail with [ErrQueueFull]; see [Queue.Full].
func (q *PriorityQueue[T]) Full() bool { return q.c.isFull() }

// Cap returns the maxsize given to [NewPriorityQueue]; <= 0 means unbounded.
func (q *PriorityQueue[T]) Cap() int { return q.c.maxsize }

// Shutdown stops the queue; see [Queue.Shutdown].
func (q *PriorityQueue[T]) Shutdown(immediate bool) { q.c.shut(immediate) }
