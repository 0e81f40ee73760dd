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
// panics (*PanicError). The first failure cancels the group's context, and so
// every other task of the group. Errors matching context.Canceled are
// cancellations, and so are errors matching context.DeadlineExceeded once the
// group's parent context is done, since its deadline is then the cause; an
// ErrTimeout from a task's own Timeout or WaitFor is a failure, as CPython's
// TimeoutError is.
//
// Tasks may be added from any goroutine, including the group's own tasks,
// until Wait returns. A task added after a failure (or a cancellation) has
// begun to shut the group down starts with the group's context already
// cancelled; CPython refuses it with RuntimeError instead, but a task that is
// cancelled at once is the Go way to refuse work. A task added after Wait has
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
	errs     []error     // failures of tasks dropped from the front of tasks by Wait
	finished bool        // Wait has returned
}

// NewTaskGroup returns an empty group and its context, derived from ctx. The
// context is cancelled when a task of the group fails, when ctx is cancelled,
// when Wait's context is cancelled, and when Wait returns; code that runs
// alongside the tasks should use it, as code in CPython's `async with
// TaskGroup()` block is cancelled with the tasks.
func NewTaskGroup(ctx context.Context) (*TaskGroup, context.Context) {
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
	return spawnIn(g, "TaskGroup.Go", func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) }, opts)
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
	return spawnIn(g, "CreateTaskIn", fn, opts)
}

func spawnIn[T any](g *TaskGroup, caller string, fn func(context.Context) (T, error), opts []TaskOption) *Task[T] {
	if g == nil || g.ctx == nil {
		panic(&ArgError{Func: caller, Arg: "g", Reason: "is not a TaskGroup made by NewTaskGroup"})
	}
	// The lock is held while the task starts, so that Wait cannot return
	// between the check of finished and the task joining the list.
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.finished {
		return finishedTask[T](ErrTaskGroupFinished, opts)
	}
	t := CreateTask(g.ctx, func(ctx context.Context) (v T, err error) {
		failed := true // stays true if fn panics or calls runtime.Goexit
		defer func() {
			if failed {
				g.cancel()
			}
		}()
		v, err = fn(ctx)
		failed = g.failure(err)
		return v, err
	}, opts...)
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
	if _, panicked := err.(*PanicError); panicked {
		return true
	}
	if errors.Is(err, context.Canceled) {
		return false
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
// the tasks were created (CPython raises an ExceptionGroup); nil if no task
// failed and the group's parent context is not done; otherwise the parent's
// ctx.Err().
//
// Pass Wait a context from outside the group (usually the one given to
// NewTaskGroup), not the group's own, which a failure cancels.
// If Wait's own ctx is cancelled, it cancels the group and still waits for
// every task to return, so that no task outlives the group, then returns an
// error that matches ctx.Err() (joined with any failures). A task that
// ignores its context therefore keeps Wait waiting, as it would in CPython.
//
// After Wait returns, the group's context is cancelled, every task is done,
// and tasks added later never run (ErrTaskGroupFinished). Calling Wait again,
// or from several goroutines, is allowed: every call waits for the same
// tasks and reports the same failures.
func (g *TaskGroup) Wait(ctx context.Context) error {
	if g == nil || g.ctx == nil {
		panic(&ArgError{Func: "TaskGroup.Wait", Arg: "g", Reason: "is not a TaskGroup made by NewTaskGroup"})
	}
	var (
		o        *observer
		blocking bool
		waitErr  error
		ctxDone  = ctx.Done()
	)
	for {
		g.mu.Lock()
		for len(g.tasks) > 0 && isDone(g.tasks[0]) {
			if t := g.tasks[0]; g.failure(t.err) {
				g.errs = append(g.errs, t.err)
			}
			g.tasks[0] = nil
			g.tasks = g.tasks[1:]
		}
		if len(g.tasks) == 0 {
			g.finished = true
			g.mu.Unlock()
			break
		}
		next := g.tasks[0]
		g.mu.Unlock()
		if !blocking {
			o, blocking = blocked(ctx, BlockTask), true
		}
		select {
		case <-next.done:
		case <-ctxDone:
			ctxDone = nil // cancel once, then wait for the tasks to return
			waitErr = ctx.Err()
			g.cancel()
		}
	}
	if blocking {
		o.resumed(BlockTask)
	}
	g.cancel()

	// No task is left to append to errs once finished is set.
	errs := g.errs
	switch {
	case waitErr != nil:
		return errors.Join(append([]error{waitErr}, errs...)...)
	case len(errs) > 0:
		return errors.Join(errs...)
	default:
		return g.parent.Err()
	}
}

// finishedTask returns a task that has already finished with err, without
// running anything.
func finishedTask[T any](err error, opts []TaskOption) *Task[T] {
	t := &Task[T]{}
	t.id = lastTaskID.Add(1)
	for _, o := range opts {
		o.applyTask(&t.taskCore)
	}
	t.cancel = func() {}
	t.done = make(chan struct{})
	close(t.done)
	t.finished, t.err = true, err
	return t
}
