package asyncio

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
)

// Task is a function running as a task, whose result can be awaited, like
// asyncio.Task. Make one with [CreateTask], [Go], [CreateTaskIn] or [Submit].
//
// A task's context derives from its creator's and is canceled by [Task.Cancel],
// by the parent, and when the function returns. The task ends only when its
// function returns; a panic in it becomes the task's [*PanicError].
//
// All methods are safe for concurrent use. The zero Task is not usable: Await,
// Result, Err, Done and Cancel panic on it with an [*ArgError].
type Task[T any] struct {
	taskCore
	result T
}

// taskCore is the part of a task that does not depend on its result type.
type taskCore struct {
	id       uint64
	name     string
	scope    scope     // the task's context; its parent is nil for a task that never runs
	onCancel func()    // called by Cancel after the context is cancelled; may be nil
	lt       *loopTask // the task's place on its event loop; nil off a loop
	outside  *loop     // a loop that waits for this task run off it; nil if none
	obs      *observer // nil unless a Recorder is installed

	// finished is set when the task ends, after err and the result are
	// stored, so that a load that sees it may read them. It is the
	// lock-free "is it done?" of every method.
	finished atomic.Bool
	returned bool // the task's function returned (rather than panicked); set before finish

	mu       sync.Mutex
	done     chan struct{} // made by the first Done (most tasks never need one); closed when finished
	err      error
	watchers []watcher
	watcher0 [1]watcher // backing for the first watcher, so the usual one costs no allocation
}

// closedDone is the Done channel of a task that finished before anyone asked
// for one.
var closedDone = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// watcher asks a task to send idx on ch when it finishes. ch must have room, so
// finishing never blocks; Gather, Wait and AsCompleted size it to the number
// of tasks they watch. A watcher with a batch sends only when the batch says
// so (see watchBatch).
type watcher struct {
	ch    chan<- int
	idx   int
	batch *watchBatch
	lt    *loopTask // on an event loop, the waiter to wake after each send
	w     *waiter   // off a loop, a waiter to wake (Await) instead of sending
}

// watchBatch lets one waiter watch many tasks and be woken only when it has
// something to decide, instead of once per task (which hands the processor
// back and forth between the waiter and each finishing task). A watcher of a
// batch sends its idx only if its task failed and onError is set; the one
// that fires last then sends batchDone. Each sends its idx before counting
// itself down, so batchDone comes after every idx on ch. ch needs a slot per
// watcher plus one.
type watchBatch struct {
	left    atomic.Int64 // watchers of the batch that have not fired
	onError bool
}

// batchDone is sent on a batch's channel once all its watchers have fired.
const batchDone = -1

func newWatchBatch(n int, onError bool) *watchBatch {
	b := &watchBatch{onError: onError}
	b.left.Store(int64(n))
	return b
}

// fire notifies w's waiter that its task finished with err, if it should.
func (w watcher) fire(err error) {
	b := w.batch
	if b == nil {
		w.send(w.idx)
		return
	}
	if err != nil && b.onError {
		w.send(w.idx)
	}
	if b.left.Add(-1) == 0 {
		w.send(batchDone)
	}
}

func (w watcher) send(i int) {
	if w.ch != nil {
		w.ch <- i
	}
	if w.lt != nil {
		w.lt.wake()
	}
	if w.w != nil {
		w.w.wake(wokeGrant)
	}
}

var lastTaskID atomic.Uint64

// TaskOption configures a task made by [CreateTask], [Go] and the like.
type TaskOption interface{ applyTask(*taskCore) }

type nameOption string

func (n nameOption) applyTask(c *taskCore) { c.name = string(n) }

// WithName names a task, like create_task's name argument. The default name
// is "Task-<id>".
func WithName(name string) TaskOption { return nameOption(name) }

// CreateTask starts fn as a task and returns the task at once, like
// asyncio.create_task; fn receives the task's context. On a loop the task first
// runs when its creator next yields; off a loop it starts at once, in parallel.
// It panics with an [*ArgError] if fn is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
func CreateTask[T any](ctx context.Context, fn func(context.Context) (T, error), opts ...TaskOption) *Task[T] {
	if ctx == nil {
		nilCtxPanic("CreateTask")
	}
	if fn == nil {
		nilFuncPanic("CreateTask", "fn")
	}
	t := &Task[T]{}
	s := t.init(ctx, opts, true)
	if s.lt != nil {
		go t.runOnLoop(s, fn)
	} else {
		go t.run(s, fn)
	}
	return t
}

// runOnLoop runs the task once the loop gives it its first turn, and passes
// the loop on when it has finished.
//
// A task canceled before its first turn never runs fn, as in CPython, where
// a task canceled before it starts never runs its coroutine.
func (t *Task[T]) runOnLoop(s *scope, fn func(context.Context) (T, error)) {
	<-s.lt.turn
	if err := s.Err(); err != nil {
		t.finish(err)
	} else {
		t.run(s, fn)
	}
	s.lt.exit()
}

// init gives a new task its identity, options, context and recorder, and
// reports TaskCreated. It returns the context fn will run with. onLoop says
// whether the task may run on its creator's event loop: if so and there is
// one, the task gets its place there, ready to run (s.lt); otherwise it runs
// off the loop, which then waits for it to finish. The caller then runs the
// task (t.run, or t.runOnLoop) or, for work that never starts, finishes it
// (t.finish).
func (c *taskCore) init(ctx context.Context, opts []TaskOption, onLoop bool) *scope {
	c.id = lastTaskID.Add(1)
	for _, o := range opts {
		o.applyTask(c)
	}
	s := &c.scope
	s.init(ctx)
	s.task = c
	if parent := s.obs; parent != nil { // the creator's, which init inherited
		s.obs = &observer{rec: parent.rec, task: TaskInfo{ID: c.id, Name: c.Name(), Parent: parent.task.ID}}
		if s.loop != nil && s.loop.virtual {
			s.obs.clock = s.loop
		}
		c.obs = s.obs
		c.obs.emit(TaskCreated, BlockNone, nil)
	}
	if l := s.loop; l != nil {
		if onLoop {
			s.lt = l.newTask(c)
			c.lt = s.lt
		} else {
			s.loop, s.lt = nil, nil
			c.outside = l
			l.beginOutside()
		}
	}
	return s
}

// Go is [CreateTask] for a function that returns only an error.
func Go(ctx context.Context, fn func(context.Context) error, opts ...TaskOption) *Task[struct{}] {
	if ctx == nil {
		nilCtxPanic("Go")
	}
	if fn == nil {
		nilFuncPanic("Go", "fn")
	}
	return CreateTask(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) }, opts...)
}

// errGoexit is the error of a task whose function called runtime.Goexit
// (for example t.FailNow in a test) instead of returning.
var errGoexit = errors.New("asyncio: task function called runtime.Goexit")

func (t *Task[T]) run(ctx context.Context, fn func(context.Context) (T, error)) {
	// A deferred method and results stored straight into the task keep
	// this frame small: it stays on the stack of every parked task.
	// Nothing reads result or err before finish publishes them.
	defer t.end()
	t.scope.obs.emit(TaskStarted, BlockNone, nil)
	t.result, t.err = fn(ctx)
	t.returned = true
}

// end finishes the task once its function has returned, panicked or called
// runtime.Goexit.
func (t *Task[T]) end() {
	if !t.returned {
		if r := recover(); r != nil {
			t.err = &PanicError{Value: r, Stack: debug.Stack()}
		} else {
			t.err = errGoexit
		}
		var zero T
		t.result = zero
	}
	t.finish(t.err)
}

func (c *taskCore) finish(err error) {
	if isCanceled(err) {
		c.obs.emit(TaskCanceled, BlockNone, err)
	} else {
		c.obs.emit(TaskFinished, BlockNone, err)
	}
	c.mu.Lock()
	c.err = err
	c.finished.Store(true)
	if c.done != nil {
		close(c.done)
	} else {
		c.done = closedDone
	}
	ws := c.watchers
	c.watchers = nil
	c.mu.Unlock()
	for _, w := range ws {
		w.fire(err)
	}
	if c.scope.parent != nil {
		c.scope.cancel(context.Canceled, nil) // release the context's resources
	}
	if c.outside != nil {
		c.outside.endOutside()
	}
}

// watch arranges for idx to be sent on ch when the task finishes, at once if
// it already has. ch must have a free slot for it.
func (c *taskCore) watch(ch chan<- int, idx int, lt *loopTask) { c.watchIn(nil, ch, idx, lt) }

// watchIn is watch as part of batch b (nil: no batch).
func (c *taskCore) watchIn(b *watchBatch, ch chan<- int, idx int, lt *loopTask) {
	c.addWatcher(watcher{ch: ch, idx: idx, batch: b, lt: lt})
}

// addWatcher registers w, or fires it at once if the task has finished.
func (c *taskCore) addWatcher(w watcher) {
	c.mu.Lock()
	if !c.finished.Load() {
		if c.watchers == nil {
			c.watchers = c.watcher0[:0]
		}
		c.watchers = append(c.watchers, w)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	w.fire(c.err)
}

// unwatch withdraws the watch calls made with ch that have not fired yet, so
// that a caller who stops waiting early (Wait with FirstCompleted or a
// timeout, a broken AsCompleted loop) leaves nothing attached to a task that
// runs on. Without it a loop of Wait(FirstCompleted) calls over the same long
// tasks would pile up watchers on them.
func (c *taskCore) unwatch(ch chan<- int) {
	c.mu.Lock()
	kept := c.watchers[:0]
	for _, w := range c.watchers {
		if w.ch != ch {
			kept = append(kept, w)
		}
	}
	clear(c.watchers[len(kept):])
	c.watchers = kept
	c.mu.Unlock()
}

// Await blocks until the task finishes and returns its result and error, like
// await task. If ctx is done first, it returns ctx.Err() and leaves the task
// running. A task that awaits itself gets [ErrAwaitSelf].
// CPython differs: see "Differences from CPython" in [asyncio].
func (t *Task[T]) Await(ctx context.Context) (T, error) {
	if ctx == nil {
		nilCtxPanic("Task.Await")
	}
	if t.finished.Load() {
		return t.result, t.err
	}
	t.mustBeMade("Await")
	if s := scopeOf(ctx); s != nil && s.task == &t.taskCore {
		var zero T
		return zero, ErrAwaitSelf
	}
	if s, ok := ctx.(*scope); ok && s.lt == nil {
		return t.awaitHooked(s)
	}
	o := blocked(ctx, BlockTask, &t.taskCore)
	defer o.resumed(BlockTask)
	if lt := loopTaskOf(ctx); lt != nil {
		return t.awaitOnLoop(ctx, lt)
	}
	done := t.Done()
	select {
	case <-done:
		return t.result, t.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// awaitHooked is Await with a task's context s off an event loop: it parks
// on one channel, which t's finishing or the cancellation of s wakes.
func (t *Task[T]) awaitHooked(s *scope) (T, error) {
	o := blocked(s, BlockTask, &t.taskCore)
	w := s.waiter()
	t.addWatcher(watcher{w: w})
	canceled := w.park(s)
	if canceled && !t.unwatchWaiter(w) {
		w.stale = true // finish may still try to wake it
	}
	w.release()
	o.resumed(BlockTask)
	if canceled {
		var zero T
		return zero, s.Err()
	}
	return t.result, t.err
}

// awaitOnLoop is Await for a task on an event loop: it parks until t
// finishes or ctx is cancelled, whichever it finds first when its turn comes.
func (t *Task[T]) awaitOnLoop(ctx context.Context, lt *loopTask) (T, error) {
	t.watch(nil, 0, lt)
	defer t.unwatchLoop(lt)
	for {
		if err := ctx.Err(); err != nil {
			var zero T
			return zero, err
		}
		if t.finished.Load() {
			return t.result, t.err
		}
		lt.parkCtx(ctx, BlockTask, &t.taskCore)
	}
}

// unwatchWaiter withdraws the watcher that would wake w, and reports
// whether it did: false means that it has fired, or is about to.
func (c *taskCore) unwatchWaiter(w *waiter) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.watchers {
		if x.w == w {
			n := len(c.watchers)
			copy(c.watchers[i:], c.watchers[i+1:])
			c.watchers[n-1] = watcher{}
			c.watchers = c.watchers[:n-1]
			return true
		}
	}
	return false
}

// unwatchLoop withdraws the watchers that would wake lt.
func (c *taskCore) unwatchLoop(lt *loopTask) {
	c.mu.Lock()
	kept := c.watchers[:0]
	for _, w := range c.watchers {
		if w.lt != lt || w.ch != nil {
			kept = append(kept, w)
		}
	}
	clear(c.watchers[len(kept):])
	c.watchers = kept
	c.mu.Unlock()
}

// Result returns the result and error of a finished task without blocking, or
// [ErrTaskNotDone] while the task runs.
func (t *Task[T]) Result() (T, error) {
	if !t.finished.Load() {
		t.mustBeMade("Result")
		var zero T
		return zero, ErrTaskNotDone
	}
	return t.result, t.err
}

// Done returns a channel that is closed when the task finishes.
func (c *taskCore) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		if c.finished.Load() {
			c.done = closedDone
		} else {
			c.mustBeMade("Done")
			c.done = make(chan struct{})
		}
	}
	return c.done
}

// Err returns the error the task finished with (nil on success), or
// [ErrTaskNotDone] while it runs, like Task.exception.
func (c *taskCore) Err() error {
	if !c.finished.Load() {
		c.mustBeMade("Err")
		return ErrTaskNotDone
	}
	return c.err
}

// Cancel cancels the task's context and reports whether the task was still
// running. Like Task.cancel it does not wait for the task to end. Calling it
// again has no further effect.
func (c *taskCore) Cancel() bool {
	if c.finished.Load() {
		return false
	}
	c.mustBeMade("Cancel")
	c.scope.cancel(context.Canceled, nil)
	if c.onCancel != nil {
		c.onCancel()
	}
	return true
}

// mustBeMade panics if c is the zero Task, which nothing runs: it would
// never finish, and has no context to cancel.
func (c *taskCore) mustBeMade(method string) {
	if c.id == 0 {
		panic(&ArgError{Func: "Task." + method, Arg: "task", Reason: zeroTaskReason})
	}
}

const zeroTaskReason = "is the zero Task, not made by CreateTask or Go"

// Canceled reports whether the task finished with an error that matches
// [context.Canceled], like Task.cancelled. A task that panicked is not canceled,
// whatever the panic's value.
func (c *taskCore) Canceled() bool {
	return c.finished.Load() && isCanceled(c.err)
}

// Name returns the task's name: the WithName option, or "Task-<id>".
func (c *taskCore) Name() string {
	if c.name != "" {
		return c.name
	}
	return "Task-" + strconv.FormatUint(c.id, 10)
}

// String describes the task and its state, e.g. "Task-3 (pending)".
func (c *taskCore) String() string {
	if !c.finished.Load() {
		return c.Name() + " (pending)"
	}
	switch {
	case isCanceled(c.err):
		return c.Name() + " (canceled)"
	case c.err != nil:
		return fmt.Sprintf("%s (failed: %v)", c.Name(), c.err)
	default:
		return c.Name() + " (done)"
	}
}

// Future is a task without its result type, so that [Wait] can take tasks of
// different result types together. Every [*Task] is one; nothing else is.
type Future interface {
	Done() <-chan struct{}
	Err() error
	Cancel() bool
	Canceled() bool
	Name() string
	core() *taskCore
}

func (c *taskCore) core() *taskCore { return c }
