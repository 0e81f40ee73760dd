package asyncio

import (
	"context"
	"strconv"
)

// Gather waits for every task and returns their values in argument order,
// like asyncio.gather. It blocks until all the tasks have finished.
//
// On the first failure (a task's non-nil error, in the order the tasks
// finish, noticed as soon as that task ends) Gather cancels the other tasks,
// waits for them to return, and returns that error with a nil slice. If ctx
// is canceled first it cancels every task, waits for them, and returns
// ctx.Err(). Zero tasks give an empty slice and nil. A task that panicked
// fails with its *PanicError. A task may be listed more than once.
//
// CPython differs: when one awaitable fails, gather propagates the exception
// at once and leaves the others running. Gather instead cancels them and
// waits, so that no task outlives the call and nothing is left running that
// nobody awaits; golang.org/x/sync/errgroup behaves the same way. Use
// GatherAll to let every task finish and collect each error.
//
// A task that gathers itself would wait for ever: Gather then returns
// [ErrAwaitSelf] at once and touches no task (CPython's gather hangs).
//
// Gather panics with an *ArgError if a task is nil. Cost: one channel sized
// to the tasks and a watcher kept in each unfinished task; no goroutine per
// task, and the caller is woken once at the end (and once per failure), not
// once per task.
func Gather[T any](ctx context.Context, tasks ...*Task[T]) ([]T, error) {
	if ctx == nil {
		nilCtxPanic("Gather")
	}
	checkTasks("Gather", tasks)
	if awaitsSelf(ctx, tasks) {
		return nil, ErrAwaitSelf
	}
	err := gather(ctx, tasks, true)
	if err != nil {
		return nil, err
	}
	values := make([]T, len(tasks))
	for i, t := range tasks {
		values[i] = t.result
	}
	return values, nil
}

// Result is one task's outcome in GatherAll: its value and its error.
type Result[T any] struct {
	Value T
	Err   error
}

// GatherAll waits for every task to finish and returns each one's value and
// error in argument order, like asyncio.gather(..., return_exceptions=True).
// A task's failure (including a *PanicError) does not disturb the others.
//
// The error is non-nil only when ctx is canceled before all the tasks have
// finished: GatherAll then cancels every task, waits for them to return,
// fills in their results (mostly context.Canceled errors) and returns
// ctx.Err(). Like Gather it never leaves a task running, returns nil and
// [ErrAwaitSelf] if the calling task is among tasks, and panics with an
// *ArgError if a task is nil.
func GatherAll[T any](ctx context.Context, tasks ...*Task[T]) ([]Result[T], error) {
	if ctx == nil {
		nilCtxPanic("GatherAll")
	}
	checkTasks("GatherAll", tasks)
	if awaitsSelf(ctx, tasks) {
		return nil, ErrAwaitSelf
	}
	err := gather(ctx, tasks, false)
	results := make([]Result[T], len(tasks))
	for i, t := range tasks {
		results[i] = Result[T]{t.result, t.err}
	}
	return results, err
}

// gather waits until every task has finished. If failFast, the first task
// error cancels the rest and is returned; a canceled ctx cancels them all and
// ctx.Err() is returned. Either way it returns only once every task is done.
func gather[T any](ctx context.Context, tasks []*Task[T], failFast bool) error {
	if len(tasks) == 0 {
		return nil
	}
	// A batch wakes us for each failure (if we care) and once at the end,
	// not once per task.
	lt := loopTaskOf(ctx)
	ch := watchAll(tasks, newWatchBatch(len(tasks), failFast), lt)
	var (
		err      error
		waiting  blockOnce
		watchCtx = ctx
		on       any
	)
	if lt != nil {
		on = coresOf(tasks)
	}
	for {
		i, ok := recvNow(ch)
		if !ok {
			waiting.block(ctx, BlockTask)
			var r recvResult
			if i, r = recv(watchCtx, lt, ch, nil, on); r == recvDone {
				watchCtx = nil // from now on, only wait for the tasks to return
				if err == nil {
					err = ctx.Err()
					cancelAll(tasks)
				}
				continue
			}
		}
		if i == batchDone {
			break
		}
		// i failed. The send on ch happens after the task stored its error.
		if err == nil {
			err = tasks[i].err
			cancelAll(tasks)
		}
	}
	waiting.resumed(BlockTask)
	return err
}

// watchAll returns a channel on which each task's index is sent when it
// finishes (at once for tasks already finished), in the order they finish;
// with a batch b, only what b sends (see watchBatch). The channel has room
// for every notification, so a finishing task never blocks on it.
//
// On an event loop, each send also wakes lt, the waiting task.
func watchAll[F Future](tasks []F, b *watchBatch, lt *loopTask) chan int {
	ch := make(chan int, len(tasks)+1)
	for i, t := range tasks {
		t.core().watchIn(b, ch, i, lt)
	}
	return ch
}

// unwatchAll withdraws watchAll's requests from the tasks that are still
// running, for callers that stop waiting before every task has finished.
func unwatchAll[F Future](tasks []F, ch chan int) {
	for _, t := range tasks {
		t.core().unwatch(ch)
	}
}

func cancelAll[T any](tasks []*Task[T]) {
	for _, t := range tasks {
		t.Cancel()
	}
}

// awaitsSelf reports whether the task that ctx belongs to is among tasks.
func awaitsSelf[T any](ctx context.Context, tasks []*Task[T]) bool {
	s := scopeOf(ctx)
	if s == nil || s.task == nil {
		return false
	}
	for _, t := range tasks {
		if &t.taskCore == s.task {
			return true
		}
	}
	return false
}

// checkTasks panics with an *ArgError naming the first nil or zero task.
func checkTasks[T any](fn string, tasks []*Task[T]) {
	for i, t := range tasks {
		if t == nil {
			panic(&ArgError{Func: fn, Arg: "tasks[" + strconv.Itoa(i) + "]", Reason: "is nil"})
		}
		if t.id == 0 {
			panic(&ArgError{Func: fn, Arg: "tasks[" + strconv.Itoa(i) + "]", Reason: zeroTaskReason})
		}
	}
}
