package asyncio

import (
	"context"
	"errors"
	"sync"
)

// ErrTaskGroupFinished is the error of a task added to a [TaskGroup] after its
// Wait returned: such a task never runs. CPython raises RuntimeError.
var ErrTaskGroupFinished = errors.New("asyncio: task group has finished")

// TaskGroup runs tasks that live and die together, like asyncio.TaskGroup:
//
//	tg, ctx := asyncio.NewTaskGroup(ctx)
//	tg.Go(func(ctx context.Context) error { ... })
//	t := asyncio.CreateTaskIn(tg, func(ctx context.Context) (int, error) { ... })
//	err := tg.Wait(ctx)
//
// A task fails when it panics or returns an error other than a cancellation
// (one matching [context.Canceled], or [context.DeadlineExceeded] once the
// parent context is done); an [ErrTimeout] from its own Timeout or WaitFor is
// a failure. The first failure cancels the group's context, and so every task
// of the group. Tasks may be added from any goroutine until Wait returns: once
// the group is shutting down they start canceled, and after Wait they never
// run.
//
// All methods are safe for concurrent use. The zero TaskGroup is not usable: its
// methods panic with an [*ArgError].
// CPython differs: see "Differences from CPython" in [asyncio].
type TaskGroup struct {
	parent context.Context
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	tasks    []*taskCore // in creation order; finished ones that did not fail may be dropped
	compact  int         // drop finished tasks when tasks grows to this length
	errs     []error     // the failures, collected when the group finishes
	finished bool        // every task has returned and Wait is returning
}

// NewTaskGroup returns an empty group and its context, derived from ctx. The
// context is canceled when a task fails, when ctx or Wait's ctx is canceled, and
// when Wait returns. Code running beside the tasks should use it, as code in an
// async with TaskGroup() block is canceled with them.
func NewTaskGroup(ctx context.Context) (*TaskGroup, context.Context) {
	if ctx == nil {
		nilCtxPanic("NewTaskGroup")
	}
	// A scope, so that the group's cancellation reaches its tasks
	// synchronously: on an event loop, in a fixed order.
	gctx := newScope(ctx)
	cancel := func() { gctx.cancel(context.Canceled, nil) }
	return &TaskGroup{parent: ctx, ctx: gctx, cancel: cancel}, gctx
}

// Go starts fn as a task of the group, like TaskGroup.create_task for a function
// that returns only an error. It panics with an [*ArgError] if fn is nil.
func (g *TaskGroup) Go(fn func(context.Context) error, opts ...TaskOption) *Task[struct{}] {
	if fn == nil {
		nilFuncPanic("TaskGroup.Go", "fn")
	}
	checkGroup(g, "TaskGroup.Go")
	return spawnIn[struct{}](g, nil, fn, opts)
}

// CreateTaskIn is [TaskGroup.Go] for a function with a result (a method cannot
// have type parameters). The result is final once g.Wait has returned. It
// panics with an [*ArgError] if fn is nil.
func CreateTaskIn[T any](g *TaskGroup, fn func(context.Context) (T, error), opts ...TaskOption) *Task[T] {
	if fn == nil {
		nilFuncPanic("CreateTaskIn", "fn")
	}
	checkGroup(g, "CreateTaskIn")
	return spawnIn(g, fn, nil, opts)
}

func checkGroup(g *TaskGroup, caller string) {
	if g == nil || g.ctx == nil {
		panic(&ArgError{Func: caller, Arg: "g", Reason: "is not a TaskGroup made by NewTaskGroup"})
	}
}

// spawnIn starts fn (or vfn, see startTask) as a task of g, whose failure
// (finish checks it, panics included) cancels the group.
func spawnIn[T any](g *TaskGroup, fn func(context.Context) (T, error), vfn func(context.Context) error, opts []TaskOption) *Task[T] {
	// The lock is held while the task starts, so that Wait cannot return
	// between the check of finished and the task joining the list.
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.finished {
		return finishedTask[T](ErrTaskGroupFinished, opts)
	}
	t := startTask(g.ctx, fn, vfn, opts, g)
	if len(g.tasks) >= g.compact {
		g.dropFinishedLocked()
		g.compact = max(64, 2*len(g.tasks))
	}
	g.tasks = append(g.tasks, &t.taskCore)
	return t
}

// failure reports whether a task's error makes it a failure of the group.
func (g *TaskGroup) failure(err error) bool {
	if err == nil {
		return false
	}
	if isCanceled(err) {
		return false
	}
	var pe *PanicError
	if errors.As(err, &pe) { // a panic is a failure, whatever its value
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrTimeout) {
		return g.parent.Err() == nil
	}
	return true
}

// dropFinishedLocked forgets finished tasks that did not fail, keeping the
// order of the rest, so that a long-lived group holds only live tasks and
// failures.
func (g *TaskGroup) dropFinishedLocked() {
	kept := g.tasks[:0]
	for _, t := range g.tasks {
		if !isDone(t) || g.failure(t.err) {
			kept = append(kept, t)
		}
	}
	clear(g.tasks[len(kept):])
	g.tasks = kept
}

// Wait blocks until every task of the group has returned, tasks added meanwhile
// included, like leaving an async with TaskGroup() block. It returns the
// errors.Join of the failed tasks' errors in creation order or, if none failed,
// the parent context's error (nil unless it was canceled). If ctx is done while
// it waits, Wait cancels the group and still waits for every task; if ctx is
// done once they have all returned, whether or not Wait had to wait, it returns
// ctx.Err() joined with any failures; so pass a ctx from outside the group.
// Called from a task of the group, it returns [ErrAwaitSelf] at once.
// Every call, concurrent or later, waits for the same tasks and reports the same.
// CPython differs: see "Differences from CPython" in [asyncio].
func (g *TaskGroup) Wait(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("TaskGroup.Wait")
	}
	if g == nil || g.ctx == nil {
		panic(&ArgError{Func: "TaskGroup.Wait", Arg: "g", Reason: "is not a TaskGroup made by NewTaskGroup"})
	}
	if g.hasMember(ctx) {
		return ErrAwaitSelf
	}
	var (
		waiting  blockOnce
		watchCtx = ctx
		lt       = loopTaskOf(ctx)
	)
	for {
		pending := g.pendingOrFinish()
		if len(pending) == 0 {
			break
		}
		waiting.block(ctx, BlockTask, nil)
		// Wait for this round's tasks with one wake-up, not one per task;
		// tasks they add meanwhile make another round.
		w := newTaskWait(watchCtx, lt, len(pending), pending)
		w.batch(len(pending), false)
		watchAll(pending, w)
		for {
			if _, r := w.recv(); r == recvOK {
				break
			}
			w.ignoreCtx()
			watchCtx = nil // cancel once, then wait for the tasks to return
			g.cancel()
		}
		w.end()
	}
	waiting.resumed(BlockTask)
	g.cancel()

	// errs is final once finished is set, and pendingOrFinish set it.
	errs := g.errs
	waitErr := ctx.Err()
	switch {
	case waitErr != nil && len(errs) > 0:
		return errors.Join(append([]error{waitErr}, errs...)...)
	case waitErr != nil:
		return waitErr
	case len(errs) > 0:
		return errors.Join(errs...)
	default:
		return g.parent.Err()
	}
}

// hasMember reports whether ctx belongs to a task of the group that is
// still running.
func (g *TaskGroup) hasMember(ctx context.Context) bool {
	s := scopeOf(ctx)
	if s == nil || s.task == nil {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, t := range g.tasks {
		if t == s.task {
			return !isDone(t)
		}
	}
	return false
}

// pendingOrFinish returns the tasks still running. If there are none, it
// marks the group finished, so that no task can be added any more, and
// collects the failures in creation order.
func (g *TaskGroup) pendingOrFinish() []*taskCore {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.finished {
		return nil
	}
	var pending []*taskCore
	for _, t := range g.tasks {
		if !isDone(t) {
			pending = append(pending, t)
		}
	}
	if len(pending) == 0 {
		g.finished = true
		for _, t := range g.tasks {
			if g.failure(t.err) {
				g.errs = append(g.errs, t.err)
			}
		}
		g.tasks = nil
	}
	return pending
}

// finishedTask returns a task that has already finished with err, without
// running anything.
func finishedTask[T any](err error, opts []TaskOption) *Task[T] {
	t := &Task[T]{}
	t.id = lastTaskID.Add(1)
	for _, o := range opts {
		o.applyTask(&t.taskCore)
	}
	t.err = err
	t.done = closedDone
	t.finished.Store(true)
	return t
}
