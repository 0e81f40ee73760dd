package asyncio

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
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
	id      uint64
	name    string
	scope   scope      // the task's context; its parent is nil for a task that never runs
	outside *loop      // a loop that waits for this task run off it; nil if none
	group   *TaskGroup // the group whose failure this task's is; nil if none

	// finished is set when the task ends, after err and the result are
	// stored, so that a load that sees it may read them. It is the
	// lock-free "is it done?" of every method.
	finished atomic.Bool
	returned bool // the task's function returned (rather than panicked); set before finish

	// The task's own mutex is its scope's, s.mu: it guards done, err and
	// watchers, so that finishing the task and cancelling its context take
	// it once.
	done chan struct{} // made by the first Done (most tasks never need one); closed when finished
	err  error
	// The watchers, in the order they came: the first inline, so that the
	// usual one costs no allocation, the others in more. more is non-empty
	// only if watcher0 is set.
	watcher0 watcher
	more     *[]watcher
}

// closedDone is the Done channel of a task that finished before anyone asked
// for one.
var closedDone = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// watcher asks a task to notify n, with idx, when it finishes.
type watcher struct {
	n   notifier
	idx int
}

// notifier is told that a task it watches finished with err: a taskWait
// (Gather, Wait, AsCompleted, TaskGroup.Wait, Map), or the waiter (off a
// loop) or loop task (on one) of an Await. notify must not block.
type notifier interface {
	notify(idx int, err error)
}

func (w *waiter) notify(int, error) { w.wake(wokeGrant) }

func (lt *loopTask) notify(int, error) { lt.wake() }

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
	return startTask(ctx, fn, nil, opts, nil)
}

// startTask makes a task of group g (nil: none) and starts fn, or vfn (a
// function with no result, which Go and TaskGroup.Go run without wrapping it
// in a closure of the right type, an allocation), on a goroutine.
func startTask[T any](ctx context.Context, fn func(context.Context) (T, error), vfn func(context.Context) error, opts []TaskOption, g *TaskGroup) *Task[T] {
	t := &Task[T]{}
	t.group = g
	// The go statements pass what t does not hold, and no more: each
	// argument makes the goroutine's closure, an allocation per task, bigger.
	switch s := t.init(ctx, opts, true); {
	case s.lt != nil:
		go t.runOnLoop(fn, vfn)
	case vfn != nil:
		go t.runVoid(vfn)
	default:
		go t.run(fn)
	}
	return t
}

// runOnLoop runs the task once the loop gives it its first turn, and passes
// the loop on when it has finished.
//
// A task canceled before its first turn never runs fn, as in CPython, where
// a task canceled before it starts never runs its coroutine.
func (t *Task[T]) runOnLoop(fn func(context.Context) (T, error), vfn func(context.Context) error) {
	s := &t.scope
	<-s.lt.turn
	switch err := s.Err(); {
	case err != nil:
		t.finish(err)
	case vfn != nil:
		t.runVoid(vfn)
	default:
		t.run(fn)
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
		s.obs.emit(TaskCreated, BlockNone, nil)
	}
	if l := s.loop; l != nil {
		if onLoop {
			s.lt = l.newTask(c)
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
	return startTask[struct{}](ctx, nil, fn, opts, nil)
}

// errGoexit is the error of a task whose function called runtime.Goexit
// (for example t.FailNow in a test) instead of returning.
var errGoexit = errors.New("asyncio: task function called runtime.Goexit")

// run runs fn with the task's context.
func (t *Task[T]) run(fn func(context.Context) (T, error)) {
	// A deferred method and results stored straight into the task keep
	// this frame small: it stays on the stack of every parked task.
	// Nothing reads result or err before finish publishes them.
	defer t.end()
	t.scope.obs.emit(TaskStarted, BlockNone, nil)
	t.result, t.err = fn(&t.scope)
	t.returned = true
}

// runVoid is run for a function with no result.
func (t *Task[T]) runVoid(fn func(context.Context) error) {
	defer t.end()
	t.scope.obs.emit(TaskStarted, BlockNone, nil)
	t.err = fn(&t.scope)
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
	if g := c.group; g != nil && g.failure(err) {
		g.cancel() // before anyone can see the task finished
	}
	if o := c.scope.obs; o != nil {
		if isCanceled(err) {
			o.emit(TaskCanceled, BlockNone, err)
		} else {
			o.emit(TaskFinished, BlockNone, err)
		}
	}
	s := &c.scope
	s.mu.Lock()
	c.err = err
	c.finished.Store(true)
	if c.done != nil {
		close(c.done)
	}
	w0, more := c.watcher0, c.more
	c.watcher0, c.more = watcher{}, nil
	// The task's context is cancelled as its function returns, releasing
	// what it holds, under the same lock. A task that never ran has no
	// context.
	var hooks hookTargets
	if s.parent != nil {
		hooks = s.cancelLocked(context.Canceled, nil)
	}
	s.mu.Unlock()
	if w0.n != nil {
		w0.n.notify(w0.idx, err)
	}
	if more != nil {
		for _, w := range *more {
			w.n.notify(w.idx, err)
		}
	}
	if s.parent != nil {
		s.afterCancel(hooks)
	}
	if c.outside != nil {
		c.outside.endOutside()
	}
}

// watch arranges for n to be notified, with idx, when the task finishes:
// at once if it already has.
func (c *taskCore) watch(n notifier, idx int) {
	mu := &c.scope.mu
	mu.Lock()
	if !c.finished.Load() {
		if c.watcher0.n == nil {
			c.watcher0 = watcher{n, idx}
		} else {
			if c.more == nil {
				c.more = new([]watcher)
			}
			*c.more = append(*c.more, watcher{n, idx})
		}
		mu.Unlock()
		return
	}
	mu.Unlock()
	n.notify(idx, c.err)
}

// unwatch withdraws the watch calls made for n that have not fired yet, so
// that a caller who stops waiting early (Wait with FirstCompleted or a
// timeout, a broken AsCompleted loop, a cancelled Await) leaves nothing
// attached to a task that runs on. Without it a loop of Wait(FirstCompleted)
// calls over the same long tasks would pile up watchers on them. It reports
// whether it withdrew any: false means that they have fired, or are about
// to.
func (c *taskCore) unwatch(n notifier) bool {
	c.scope.mu.Lock()
	defer c.scope.mu.Unlock()
	var rest []watcher
	if c.more != nil {
		rest = *c.more
	}
	kept := rest[:0]
	for _, w := range rest {
		if w.n != n {
			kept = append(kept, w)
		}
	}
	removed := len(kept) < len(rest)
	clear(rest[len(kept):])
	if c.watcher0.n == n {
		removed = true
		c.watcher0 = watcher{}
		if len(kept) > 0 { // the next in line moves up, keeping the order
			c.watcher0 = kept[0]
			kept = kept[:copy(kept, kept[1:])]
			rest[len(kept)] = watcher{}
		}
	}
	if c.more != nil {
		*c.more = kept
	}
	return removed
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
	t.watch(w, 0)
	canceled := w.park(s)
	if canceled && !t.unwatch(w) {
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
	t.watch(lt, 0)
	defer t.unwatch(lt)
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
	c.scope.mu.Lock()
	defer c.scope.mu.Unlock()
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
