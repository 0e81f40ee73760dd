package asyncio

import (
	"context"
	"errors"
	"sync"
)

// Errors of Queue, LifoQueue and PriorityQueue. Match them with errors.Is.
var (
	// ErrQueueFull is returned by TryPut when the queue has no free slot,
	// like CPython's QueueFull.
	ErrQueueFull = errors.New("asyncio: queue is full")
	// ErrQueueEmpty is returned by TryGet when the queue has no item, like
	// CPython's QueueEmpty.
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
	shutdown   bool
	dropped    bool // Shutdown(immediate) dropped the items, handed ones too
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
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return err
	}
	w := c.putters.push(ctx)
	c.mu.Unlock()
	if err := c.putters.block(ctx, &c.mu, w, BlockQueue, c, c.passSlot); err != nil {
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
	if w := c.getters.head; w != nil {
		w.item = v
		c.getters.grant()
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
	var zero T
	c.mu.Lock()
	if c.n > 0 {
		v := c.take(kind)
		c.mu.Unlock()
		return v, nil
	}
	if c.shutdown {
		c.mu.Unlock()
		return zero, ErrQueueShutdown
	}
	if err := ctx.Err(); err != nil {
		c.mu.Unlock()
		return zero, err
	}
	w := c.getters.push(ctx)
	c.mu.Unlock()
	if err := c.getters.block(ctx, &c.mu, w, BlockQueue, c, func() { c.passItem(w, kind) }); err != nil {
		return zero, err
	}
	c.mu.Lock()
	// Not granted: released by Shutdown on an empty queue. Granted but
	// dropped: Shutdown(immediate) dropped the item handed to us.
	if !w.granted || c.dropped {
		c.mu.Unlock()
		return zero, ErrQueueShutdown
	}
	c.claimed--
	if c.putters.grant() { // the item's slot is free now
		c.reserved++
	}
	c.mu.Unlock()
	v, _ := w.item.(T) // a nil interface item comes back as a nil any
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
	if c.putters.grant() {
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
	if next := c.getters.head; next != nil {
		next.item = w.item
		c.getters.grant()
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
	if !c.shutdown && !c.putters.grant() {
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
	if c.unfinished == 0 && c.allDone != nil {
		close(c.allDone)
		c.allDone = nil
		c.joiners.wakeAll()
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
// CPython's asyncio.Queue. NewQueue makes one with a maximum size; the zero
// Queue is usable and unbounded.
//
// Put blocks while the queue is full and Get while it is empty; both return
// ctx.Err() promptly when ctx is canceled, leaving the queue as it was.
// TryPut and TryGet never block. TaskDone and Join count the work done
// on the items taken out, and Shutdown stops the queue.
//
// Fairness, beyond CPython: blocked getters are served strictly in arrival
// order, and so are blocked putters. When an item arrives, the longest-waiting
// getter is woken and that item is promised to it: a later Get or TryGet
// cannot take it first. When a slot frees up, the longest-waiting putter gets
// it in the same way. A waiter canceled at the moment it is woken hands what
// it was promised to the next waiter, so no item and no slot is ever lost.
// (Getters woken at the same instant may return in any order, as goroutines
// do; items still leave the queue in order.)
//
// Cost: Put and Get that need not wait take one short mutex section and do
// not allocate once the buffer has grown; the buffer is a ring that grows by
// doubling (an unbounded queue's also shrinks after a burst). A call that
// waits allocates a waiter and a channel.
//
// All methods are safe for concurrent use. A Queue must not be copied after
// first use.
type Queue[T any] struct {
	c queueCore[T]
}

// NewQueue returns an empty FIFO queue holding at most maxsize items; with
// maxsize <= 0 it is unbounded, as in CPython.
func NewQueue[T any](maxsize int) *Queue[T] {
	return &Queue[T]{c: queueCore[T]{maxsize: maxsize}}
}

// Put adds v at the back of the queue, waiting for a free slot while the
// queue is full. Putters that wait are served in arrival order.
//
// It returns ErrQueueShutdown if the queue is shut down, including when
// Shutdown is called while it waits, and ctx.Err() if ctx is canceled while
// it waits; then v is not added. A Put that need not wait succeeds even if
// ctx is already done, as an await that does not suspend in CPython never
// sees a cancellation.
func (q *Queue[T]) Put(ctx context.Context, v T) error { return q.c.put(ctx, v, fifoQueue) }

// Get removes and returns the item at the front of the queue, waiting for one
// while the queue is empty. Getters that wait are served in arrival order.
//
// After Shutdown, Get keeps returning the items left (unless the shutdown was
// immediate) and then ErrQueueShutdown; a Get waiting on an empty queue when
// it is shut down returns ErrQueueShutdown. If ctx is canceled while it
// waits, Get returns ctx.Err() and takes nothing. A Get that need not wait
// succeeds even if ctx is already done.
func (q *Queue[T]) Get(ctx context.Context) (T, error) { return q.c.get(ctx, fifoQueue) }

// TryPut adds v at the back of the queue if it can do so without waiting.
// It returns ErrQueueShutdown after Shutdown, else ErrQueueFull if the queue
// is full: all slots used, or promised to putters that were woken and have
// not yet filled them.
func (q *Queue[T]) TryPut(v T) error { return q.c.tryPut(v, fifoQueue) }

// TryGet removes and returns the front item if one is available without
// waiting. Items promised to getters that were woken but have not yet taken
// them are not available. With none available it returns ErrQueueShutdown
// after Shutdown, else ErrQueueEmpty.
func (q *Queue[T]) TryGet() (T, error) { return q.c.tryGet(fifoQueue) }

// TaskDone marks one item taken from the queue as processed. Join returns
// when every item put has been marked done. TaskDone panics with an
// *ArgError, changing nothing, if it is called more times than items were
// put; CPython raises ValueError.
func (q *Queue[T]) TaskDone() { q.c.taskDone("Queue.TaskDone") }

// Join blocks until every item put into the queue has been marked done with
// TaskDone, and returns nil at once if none is pending. Items dropped by
// Shutdown(true) count as done. If ctx is canceled first, Join returns
// ctx.Err(). Any number of callers may Join at once.
func (q *Queue[T]) Join(ctx context.Context) error { return q.c.join(ctx, fifoQueue) }

// Len returns the number of items a Get could take now. Unlike CPython's
// qsize it leaves out items already promised to getters that were woken but
// have not yet returned, which CPython still counts.
func (q *Queue[T]) Len() int { return q.c.qsize() }

// Empty reports whether Len is 0, that is whether TryGet would fail.
func (q *Queue[T]) Empty() bool { return q.c.qsize() == 0 }

// Full reports whether TryPut would fail with ErrQueueFull: the queue is
// bounded and its items, including items promised to woken getters, and the
// slots promised to woken putters fill it. It is never true for an unbounded
// queue. Because of promised items it may be true while Len() < Cap(),
// for the instant between a hand-off and the woken getter's return.
func (q *Queue[T]) Full() bool { return q.c.isFull() }

// Cap returns the maxsize given to NewQueue (0 for the zero Queue); any
// value <= 0 means unbounded.
func (q *Queue[T]) Cap() int { return q.c.maxsize }

// Shutdown stops the queue, like CPython 3.13's Queue.shutdown. Put and
// TryPut then fail with ErrQueueShutdown, and blocked putters are woken
// with it. Getters blocked on an empty queue are woken with ErrQueueShutdown.
//
// With immediate false, Get and TryGet keep returning the items left and
// then fail with ErrQueueShutdown; Join still waits for their TaskDone. With
// immediate true, the items left are dropped and each counts as done for Join,
// so Join returns once the items already taken are done; every Get then fails
// at once, including one that was woken for a dropped item.
//
// Shutdown never blocks and may be called more than once; a later call with
// immediate true still drops the items left.
func (q *Queue[T]) Shutdown(immediate bool) { q.c.shut(immediate) }

// LifoQueue is a last-in first-out queue: Get returns the most recently put
// item, like CPython's asyncio.LifoQueue. Everything else is as for Queue:
// blocking, cancellation, fairness among waiters, TaskDone, Join and
// Shutdown. The zero LifoQueue is usable and unbounded.
//
// A getter woken for an item gets that item, even if more are put before it
// runs.
type LifoQueue[T any] struct {
	c queueCore[T]
}

// NewLifoQueue returns an empty LIFO queue holding at most maxsize items; with
// maxsize <= 0 it is unbounded.
func NewLifoQueue[T any](maxsize int) *LifoQueue[T] {
	return &LifoQueue[T]{c: queueCore[T]{maxsize: maxsize}}
}

// Put adds v on top, waiting while the queue is full; see Queue.Put.
func (q *LifoQueue[T]) Put(ctx context.Context, v T) error { return q.c.put(ctx, v, lifoQueue) }

// Get removes and returns the top item, waiting while the queue is empty; see
// Queue.Get.
func (q *LifoQueue[T]) Get(ctx context.Context) (T, error) { return q.c.get(ctx, lifoQueue) }

// TryPut adds v on top without waiting; see Queue.TryPut.
func (q *LifoQueue[T]) TryPut(v T) error { return q.c.tryPut(v, lifoQueue) }

// TryGet removes and returns the top item without waiting; see
// Queue.TryGet.
func (q *LifoQueue[T]) TryGet() (T, error) { return q.c.tryGet(lifoQueue) }

// TaskDone marks one item taken as processed; see Queue.TaskDone.
func (q *LifoQueue[T]) TaskDone() { q.c.taskDone("LifoQueue.TaskDone") }

// Join waits until every item put has been marked done; see Queue.Join.
func (q *LifoQueue[T]) Join(ctx context.Context) error { return q.c.join(ctx, lifoQueue) }

// Len returns the number of items a Get could take now; see Queue.Len.
func (q *LifoQueue[T]) Len() int { return q.c.qsize() }

// Empty reports whether TryGet would fail; see Queue.Empty.
func (q *LifoQueue[T]) Empty() bool { return q.c.qsize() == 0 }

// Full reports whether TryPut would fail with ErrQueueFull; see Queue.Full.
func (q *LifoQueue[T]) Full() bool { return q.c.isFull() }

// Cap returns the maxsize given to NewLifoQueue; <= 0 means unbounded.
func (q *LifoQueue[T]) Cap() int { return q.c.maxsize }

// Shutdown stops the queue; see Queue.Shutdown.
func (q *LifoQueue[T]) Shutdown(immediate bool) { q.c.shut(immediate) }

// PriorityQueue is a queue whose Get returns the least item first, as ordered
// by the less function given to NewPriorityQueue, like CPython's
// asyncio.PriorityQueue (a binary heap, as heapq). Everything else is as for
// Queue: blocking, cancellation, fairness among waiters, TaskDone, Join and
// Shutdown.
//
// Items that are equal under less leave in no particular order, as with
// heapq; add a sequence number to the item to make the order stable. Put and
// Get cost O(log n) calls of less, which run with the queue's mutex held, so
// less must be quick and must not use the queue. If less panics, the panic
// reaches the caller of Put or Get; the queue stays usable and loses no item,
// but its order may be off.
//
// The zero PriorityQueue has no less function: putting into it panics with an
// *ArgError. Create one with NewPriorityQueue.
type PriorityQueue[T any] struct {
	c queueCore[T]
}

// NewPriorityQueue returns an empty priority queue holding at most maxsize
// items (unbounded with maxsize <= 0) and ordered by less, which reports
// whether a must leave before b. It panics with an *ArgError naming "less" if
// less is nil.
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

// Put adds v, waiting while the queue is full; see Queue.Put.
func (q *PriorityQueue[T]) Put(ctx context.Context, v T) error {
	q.mustHaveLess("Put")
	return q.c.put(ctx, v, priorityQueue)
}

// Get removes and returns the least item, waiting while the queue is empty;
// see Queue.Get.
func (q *PriorityQueue[T]) Get(ctx context.Context) (T, error) { return q.c.get(ctx, priorityQueue) }

// TryPut adds v without waiting; see Queue.TryPut.
func (q *PriorityQueue[T]) TryPut(v T) error {
	q.mustHaveLess("TryPut")
	return q.c.tryPut(v, priorityQueue)
}

// TryGet removes and returns the least item without waiting; see
// Queue.TryGet.
func (q *PriorityQueue[T]) TryGet() (T, error) { return q.c.tryGet(priorityQueue) }

// TaskDone marks one item taken as processed; see Queue.TaskDone.
func (q *PriorityQueue[T]) TaskDone() { q.c.taskDone("PriorityQueue.TaskDone") }

// Join waits until every item put has been marked done; see Queue.Join.
func (q *PriorityQueue[T]) Join(ctx context.Context) error { return q.c.join(ctx, priorityQueue) }

// Len returns the number of items a Get could take now; see Queue.Len.
func (q *PriorityQueue[T]) Len() int { return q.c.qsize() }

// Empty reports whether TryGet would fail; see Queue.Empty.
func (q *PriorityQueue[T]) Empty() bool { return q.c.qsize() == 0 }

// Full reports whether TryPut would fail with ErrQueueFull; see Queue.Full.
func (q *PriorityQueue[T]) Full() bool { return q.c.isFull() }

// Cap returns the maxsize given to NewPriorityQueue; <= 0 means
// unbounded.
func (q *PriorityQueue[T]) Cap() int { return q.c.maxsize }

// Shutdown stops the queue; see Queue.Shutdown.
func (q *PriorityQueue[T]) Shutdown(immediate bool) { q.c.shut(immediate) }
