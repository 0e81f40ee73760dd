package asyncio

import (
	"context"
	"errors"
	"sync"
)

// ErrTaskGroupFinished is the error of a task created in a TaskGroup whose
// Wait has already returned: such a task never runs, and is returned already
// finished. CPython raises RuntimeError in that case.
var ErrTaskGroupFinished = errors.New("asyncio: task group has finished")

// TaskGroup runs tasks that live and die together, like asyncio.TaskGroup:
//
//	tg, ctx := asyncio.NewTaskGroup(ctx)
//	tg.Go(func(ctx context.Context) error { ... })
//	t := asyncio.CreateTaskIn(tg, func(ctx context.Context) (int, error) { ... })
//	err := tg.Wait(ctx)
//
// A task fails when it returns an error that is not a cancellation, or
// panics (*PanicError, whatever the panic's value). The first failure cancels the group's context, and so
// every other task of the group. Errors matching context.Canceled are
// cancellations, and so are errors matching context.DeadlineExceeded once the
// group's parent context is done, since its deadline is then the cause; an
// ErrTimeout from a task's own Timeout or WaitFor is a failure, as CPython's
// TimeoutError is.
//
// Tasks may be added from any goroutine, including the group's own tasks,
// until Wait returns. A task added after a failure (or a cancellation) has
// begun to shut the group down starts with the group's context already
// canceled; CPython refuses it with RuntimeError instead, but a task that is
// canceled at once is the Go way to refuse work. A task added after Wait has
// returned never runs: it is returned finished with ErrTaskGroupFinished.
//
// The zero TaskGroup is not usable (it has no context to give its tasks);
// adding a task to one or waiting on it panics with an *ArgError. All methods are safe for
// concurrent use. Cost per task: CreateTask's, plus a closure and a slot in
// the group's list, which drops finished tasks as it grows.
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
// context is canceled when a task of the group fails, when ctx is canceled,
// when Wait's context is canceled, and when Wait returns; code that runs
// alongside the tasks should use it, as code in CPython's `async with
// TaskGroup()` block is canceled with the tasks.
func NewTaskGroup(ctx context.Context) (*TaskGroup, context.Context) {
	if ctx == nil {
		nilCtxPanic("NewTaskGroup")
	}
	gctx, cancel := context.WithCancel(ctx)
	return &TaskGroup{parent: ctx, ctx: gctx, cancel: cancel}, gctx
}

// Go starts fn as a task of the group, like TaskGroup.create_task for a
// function that only returns an error. See TaskGroup for what its failure
// does and for tasks added late. Go panics with an *ArgError if fn is nil.
func (g *TaskGroup) Go(fn func(context.Context) error, opts ...TaskOption) *Task[struct{}] {
	if fn == nil {
		nilFuncPanic("TaskGroup.Go", "fn")
	}
	checkGroup(g, "TaskGroup.Go")
	return spawnIn(g, func(ctx context.Context) (struct{}, error) {
		failed := true // stays true if fn panics or calls runtime.Goexit
		defer g.cancelIf(&failed)
		err := fn(ctx)
		failed = g.failure(err)
		return struct{}{}, err
	}, opts)
}

// CreateTaskIn starts fn as a task of g with a result, like
// TaskGroup.create_task; it is a function because Go methods cannot have
// type parameters. The task's result can be awaited as usual, and is final
// once g.Wait has returned. CreateTaskIn panics with an *ArgError if fn is
// nil.
func CreateTaskIn[T any](g *TaskGroup, fn func(context.Context) (T, error), opts ...TaskOption) *Task[T] {
	if fn == nil {
		nilFuncPanic("CreateTaskIn", "fn")
	}
	checkGroup(g, "CreateTaskIn")
	return spawnIn(g, func(ctx context.Context) (T, error) {
		failed := true // stays true if fn panics or calls runtime.Goexit
		defer g.cancelIf(&failed)
		v, err := fn(ctx)
		failed = g.failure(err)
		return v, err
	}, opts)
}

func checkGroup(g *TaskGroup, caller string) {
	if g == nil || g.ctx == nil {
		panic(&ArgError{Func: caller, Arg: "g", Reason: "is not a TaskGroup made by NewTaskGroup"})
	}
}

// cancelIf cancels the group if *failed: a task's deferred call, so that it
// also runs when the task panics.
func (g *TaskGroup) cancelIf(failed *bool) {
	if *failed {
		g.cancel()
	}
}

// spawnIn starts guarded, a task function that cancels the group when it
// fails, as a task of g.
func spawnIn[T any](g *TaskGroup, guarded func(context.Context) (T, error), opts []TaskOption) *Task[T] {
	// The lock is held while the task starts, so that Wait cannot return
	// between the check of finished and the task joining the list.
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.finished {
		return finishedTask[T](ErrTaskGroupFinished, opts)
	}
	t := CreateTask(g.ctx, guarded, opts...)
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

// Wait blocks until every task of the group has returned, including tasks
// added while it waits, like leaving CPython's `async with TaskGroup()`
// block. It returns errors.Join of every failed task's error, in the order
// the tasks were created (CPython raises an ExceptionGroup, in completion
// order); if no task failed, the parent context's ctx.Err(), which is nil
// unless the parent was canceled.
//
// If Wait's own ctx is canceled, it cancels the group and still waits for
// every task to return, so that no task outlives the group, then returns
// ctx.Err(), joined with the failures if there were any. Whether ctx is done
// is read once every task has returned, so a ctx canceled before Wait was
// called counts too, whichever finished first. A task that ignores its
// context therefore keeps Wait waiting, as it would in CPython. Pass Wait a
// context from outside the group (usually the one given to NewTaskGroup),
// not the group's own, which a failure cancels. Called by a task of the
// group, which it would wait for, Wait returns [ErrAwaitSelf] at once.
//
// After Wait returns, the group's context is canceled, every task is done,
// and tasks added later never run (ErrTaskGroupFinished). Calling Wait again,
// or from several goroutines, is allowed: every call waits for the same
// tasks and reports the same failures.
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
		waiting.block(ctx, BlockTask)
		// Wait for this round's tasks with one wake-up, not one per task;
		// tasks they add meanwhile make another round.
		ch := watchAll(pending, newWatchBatch(len(pending), false), lt)
		for {
			if _, r := recv(watchCtx, lt, ch, nil, pending); r == recvOK {
				break
			}
			watchCtx = nil // cancel once, then wait for the tasks to return
			g.cancel()
		}
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
