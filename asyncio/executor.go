package asyncio

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
)

// ErrExecutorShutdown is returned by [Submit] and [Map], and by package process,
// once Shutdown or ShutdownNow has been called, as CPython's executors raise
// RuntimeError. Tasks that [Executor.ShutdownNow] cancels before they run fail
// with an error matching both it and [context.Canceled].
var ErrExecutorShutdown = errors.New("asyncio: executor is shut down")

// errCanceledByShutdown is the error of a task that ShutdownNow canceled
// before it ran: it matches context.Canceled (so Task.Canceled reports true) and
// ErrExecutorShutdown (so the caller can tell why).
var errCanceledByShutdown = fmt.Errorf("%w: %w", context.Canceled, ErrExecutorShutdown)

// Executor runs functions on at most maxWorkers reused goroutines, fed by a
// first-in first-out queue, like concurrent.futures.ThreadPoolExecutor: it
// bounds concurrency. [Submit] and [Map] give it work; Submit returns an
// ordinary [*Task]. Workers start on demand, and idle ones live until
// [Executor.Shutdown] or [Executor.ShutdownNow], one of which must be called.
//
// All methods are safe for concurrent use. The zero Executor is not usable: make
// one with [NewExecutor], inside the testing/synctest bubble that uses it, if
// any. On a loop, its functions run off the loop.
// CPython differs: see "Differences from CPython" in [asyncio].
type Executor struct {
	maxWorkers int

	mu           sync.Mutex
	queue        []execJob            // submitted functions not yet taken by a worker, oldest first
	wake         chan struct{}        // one token wakes one idle worker; capacity maxWorkers
	idle         int                  // idle workers not yet sent a token
	workers      int                  // live workers, busy or idle
	live         map[*worker]struct{} // the live workers, to cancel what they run
	closed       bool                 // Shutdown or ShutdownNow was called
	exitedClosed bool
	exited       chan struct{} // closed once closed && workers == 0
	exitWaiters  wakeSet       // Shutdown's callers on an event loop
}

// worker is one worker goroutine's state, guarded by Executor.mu.
type worker struct {
	job execJob // the function it took last; nil while idle
}

// execJob is one submitted function waiting in the queue.
type execJob interface {
	// start runs the function on the calling worker, unless it was
	// canceled while queued.
	start()
	// skip finishes the task with err without running it, unless it
	// has already started or finished.
	skip(err error)
	// cancelRunning cancels the running function's context; it does
	// nothing once the function has returned.
	cancelRunning()
}

// NewExecutor returns an Executor that runs at most maxWorkers functions at
// once; runtime.GOMAXPROCS(0) suits CPU-bound work. It panics with an
// [*ArgError] if maxWorkers < 1: there is no default.
func NewExecutor(maxWorkers int) *Executor {
	if maxWorkers <= 0 {
		panic(&ArgError{Func: "NewExecutor", Arg: "maxWorkers", Reason: "must be > 0, got " + strconv.Itoa(maxWorkers)})
	}
	return &Executor{
		maxWorkers: maxWorkers,
		wake:       make(chan struct{}, maxWorkers),
		live:       make(map[*worker]struct{}),
		exited:     make(chan struct{}),
	}
}

// MaxWorkers returns the executor's bound on concurrently running functions.
func (e *Executor) MaxWorkers() int { return e.maxWorkers }

// Submit queues fn to run on one of ex's workers and returns its task at once,
// like ThreadPoolExecutor.submit. It never blocks: the queue is unbounded.
// Functions start in submission order as workers free up. The task's context
// derives from ctx; canceling it while fn is queued finishes the task at once
// with the context's error, and fn never runs (nor is TaskStarted recorded). A
// panic in fn becomes the task's [*PanicError]. Submit returns
// [ErrExecutorShutdown] after Shutdown or ShutdownNow. It panics with an
// [*ArgError] if ex or fn is nil, or ex is a zero Executor.
func Submit[T any](ctx context.Context, ex *Executor, fn func(context.Context) (T, error), opts ...TaskOption) (*Task[T], error) {
	if ctx == nil {
		nilCtxPanic("Submit")
	}
	if ex == nil {
		nilFuncPanic("Submit", "ex")
	}
	if fn == nil {
		nilFuncPanic("Submit", "fn")
	}
	ex.mustBeMade("Submit")
	if ex.isClosed() {
		return nil, ErrExecutorShutdown
	}
	q := newQueuedTask(ctx, fn, opts)
	if !ex.enqueue(q) {
		// Shutdown won the race after the check above.
		q.skip(ErrExecutorShutdown)
		return nil, ErrExecutorShutdown
	}
	return &q.task, nil
}

// Shutdown stops e accepting work and waits for the work it has, like
// shutdown(wait=True): Submit and Map return [ErrExecutorShutdown] from then on,
// and queued and running functions run to the end. It blocks until every worker
// has exited and returns nil, or returns ctx.Err() if ctx is done first, leaving
// the work running. It may be called again, concurrently, and after ShutdownNow;
// on a zero Executor it returns nil.
func (e *Executor) Shutdown(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Executor.Shutdown")
	}
	if e.exited == nil {
		return nil
	}
	e.mu.Lock()
	e.closeLocked()
	e.mu.Unlock()
	select {
	case <-e.exited:
		return nil
	default:
	}
	o := blocked(ctx, BlockThread, e)
	defer o.resumed(BlockThread)
	if lt := loopTaskOf(ctx); lt != nil {
		// The workers run off the loop: it waits for them to exit.
		e.mu.Lock()
		e.exitWaiters.add(lt)
		e.mu.Unlock()
		l := lt.loop
		l.beginOutside()
		defer l.endOutside()
		err := lt.parkUntilClosed(ctx, e.exited, BlockThread, e)
		if err != nil {
			e.mu.Lock()
			e.exitWaiters.remove(lt)
			e.mu.Unlock()
		}
		return err
	}
	select {
	case <-e.exited:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ShutdownNow stops e accepting work, cancels the work it has and returns at
// once, like shutdown(wait=False, cancel_futures=True) but also canceling the
// running functions' contexts. Queued functions never run: their tasks fail with
// an error matching both [context.Canceled] and [ErrExecutorShutdown]. Call
// Shutdown to wait for the running ones. It may be called again, concurrently,
// and after Shutdown; on a zero Executor it does nothing.
func (e *Executor) ShutdownNow() {
	if e.exited == nil {
		return
	}
	e.closeAndDrop(true)
}

// closeAndDrop closes the executor, finishes the queued tasks with
// errCanceledByShutdown and, if cancelRunning, cancels the running ones.
func (e *Executor) closeAndDrop(cancelRunning bool) {
	e.mu.Lock()
	e.closeLocked()
	dropped := e.queue
	e.queue = nil
	var running []execJob
	if cancelRunning {
		for w := range e.live {
			if w.job != nil {
				running = append(running, w.job)
			}
		}
	}
	e.mu.Unlock()
	for _, j := range dropped {
		j.skip(errCanceledByShutdown)
	}
	for _, j := range running {
		j.cancelRunning()
	}
}

// closeLocked marks the executor closed and wakes its idle workers, which
// find the queue empty and exit.
func (e *Executor) closeLocked() {
	e.closed = true
	for e.wakeIdleLocked() {
	}
	e.closeExitedLocked()
}

// mustBeMade panics with an *ArgError if e is a zero Executor, which would
// otherwise queue work that no worker ever runs.
func (e *Executor) mustBeMade(fn string) {
	if e.exited == nil {
		panic(&ArgError{Func: fn, Arg: "ex", Reason: "is a zero Executor (use NewExecutor)"})
	}
}

func (e *Executor) isClosed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// enqueue appends j to the queue and finds it a worker: an idle one, or a new
// one if fewer than maxWorkers exist. It reports false if the executor is
// closed.
func (e *Executor) enqueue(j execJob) bool {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return false
	}
	e.queue = append(e.queue, j)
	var spawn *worker
	if !e.wakeIdleLocked() && e.workers < e.maxWorkers {
		spawn = e.newWorkerLocked()
	}
	e.mu.Unlock()
	if spawn != nil {
		go e.work(spawn)
	}
	return true
}

// enqueueMany is enqueue for several jobs under one lock. It reports false,
// queueing none, if the executor is closed.
func (e *Executor) enqueueMany(jobs []execJob) bool {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return false
	}
	e.queue = append(e.queue, jobs...)
	var spawn []*worker
	for range jobs {
		if !e.wakeIdleLocked() {
			if e.workers == e.maxWorkers {
				break
			}
			spawn = append(spawn, e.newWorkerLocked())
		}
	}
	e.mu.Unlock()
	for _, w := range spawn {
		go e.work(w)
	}
	return true
}

// newWorkerLocked counts a new worker, for the caller to start.
func (e *Executor) newWorkerLocked() *worker {
	w := new(worker)
	e.workers++
	e.live[w] = struct{}{}
	return w
}

// work is a worker's loop: run queued functions until the queue is empty,
// then wait idle for more, until the executor is closed and drained.
func (e *Executor) work(w *worker) {
	exitedNormally := false
	defer func() {
		if !exitedNormally {
			e.workerLost(w)
		}
	}()
	for {
		e.mu.Lock()
		if len(e.queue) > 0 {
			j := e.queue[0]
			e.queue[0] = nil
			e.queue = e.queue[1:]
			w.job = j
			e.mu.Unlock()
			j.start()
			continue
		}
		w.job = nil
		if e.closed {
			e.workers--
			delete(e.live, w)
			e.closeExitedLocked()
			e.mu.Unlock()
			exitedNormally = true
			return
		}
		e.idle++
		e.mu.Unlock()
		<-e.wake
	}
}

// wakeIdleLocked wakes one idle worker, if there is one, and reports whether
// it did. The send never blocks: tokens in the channel plus idle workers
// never exceed the number of workers, which never exceeds its capacity.
func (e *Executor) wakeIdleLocked() bool {
	if e.idle == 0 {
		return false
	}
	e.idle--
	e.wake <- struct{}{}
	return true
}

// workerLost accounts for a worker whose function called runtime.Goexit
// (its task already finished with errGoexit) and replaces it if work is
// waiting.
func (e *Executor) workerLost(w *worker) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w.job = nil
	if len(e.queue) > 0 {
		go e.work(w) // the worker count is unchanged: one goes, one comes
		return
	}
	e.workers--
	delete(e.live, w)
	e.closeExitedLocked()
}

func (e *Executor) closeExitedLocked() {
	if e.closed && e.workers == 0 && !e.exitedClosed {
		e.exitedClosed = true
		close(e.exited)
		e.exitWaiters.wakeAll()
	}
}

// queuedTask is a task whose function waits in an executor's queue. Exactly
// one of start (a worker runs it), skip (ShutdownNow drops it) and
// scopeCanceled (its context is cancelled while it is queued) claims it.
// The task is embedded to save an allocation, and so is the hook on the
// task's context through which a cancellation, by Task.Cancel or of the
// parent, finishes the task at once.
type queuedTask[T any] struct {
	task    Task[T]
	fn      func(context.Context) (T, error)
	claimed atomic.Bool
	cancel  hook
}

func newQueuedTask[T any](ctx context.Context, fn func(context.Context) (T, error), opts []TaskOption) *queuedTask[T] {
	q := &queuedTask[T]{fn: fn}
	s := q.task.init(ctx, opts, false)
	q.cancel.target = q
	if !s.addHook(&q.cancel) {
		q.scopeCanceled() // cancelled already
	}
	return q
}

func (q *queuedTask[T]) start() {
	if !q.claimed.CompareAndSwap(false, true) {
		return
	}
	// Canceled just now, before the cancellation could claim it? Ask the
	// parent first: a scope cancels its children one by one, so a sibling
	// task may already have ended and freed this worker while this task's
	// own context is still to be canceled.
	s := &q.task.scope
	err := s.parent.Err()
	if err == nil {
		err = s.Err()
	}
	if err != nil {
		q.task.finish(err)
		return
	}
	q.task.run(q.fn)
}

func (q *queuedTask[T]) skip(err error) {
	if q.claimed.CompareAndSwap(false, true) {
		q.task.finish(err)
	}
}

func (q *queuedTask[T]) cancelRunning() { q.task.Cancel() }

// scopeCanceled runs when the task's context is canceled. If no worker has
// taken the task yet, it finishes it now with the context's error, so that
// awaiting a canceled task does not wait for a free worker. The queue entry
// stays until a worker skips it. Such a task never emits TaskStarted.
func (q *queuedTask[T]) scopeCanceled() {
	if q.claimed.CompareAndSwap(false, true) {
		q.task.finish(q.task.scope.Err())
	}
}
