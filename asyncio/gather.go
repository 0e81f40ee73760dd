package asyncio

import (
	"context"
	"strconv"
)

// Gather waits for every task and returns their values in argument order, like
// asyncio.gather. It blocks until every task has finished. On the first failure
// (a task's non-nil error) it cancels the other tasks, waits for them, and
// returns that error and a nil slice; if ctx is done first, it cancels every
// task, waits, and returns ctx.Err(). No task outlives the call. A task may be
// listed twice. If the calling task is among them, it returns [ErrAwaitSelf] at
// once. It panics with an [*ArgError] if a task is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
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

// Result is one task's outcome in [GatherAll]: its value and its error.
type Result[T any] struct {
	Value T
	Err   error
}

// GatherAll waits for every task to finish and returns each one's value and
// error in argument order, like asyncio.gather(..., return_exceptions=True); a
// failure does not disturb the other tasks. Its error is non-nil only if ctx is
// done first: it then cancels every task, waits for them, fills in their results
// and returns ctx.Err(). If the calling task is among them, it returns nil and
// [ErrAwaitSelf] at once. It panics with an [*ArgError] if a task is nil.
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
	var on any
	if lt != nil || observerFrom(ctx) != nil { // for a deadlock report or a recorder
		on = coresOf(tasks)
	}
	w := newTaskWait(ctx, lt, len(tasks), on)
	defer w.end()
	w.batch(len(tasks), failFast)
	watchAll(tasks, w)
	var (
		err     error
		waiting blockOnce
	)
	for {
		i, r, ok := w.poll()
		if !ok {
			waiting.block(ctx, BlockTask, on)
			i, r = w.recv()
		}
		if r == recvDone {
			w.ignoreCtx() // from now on, only wait for the tasks to return
			if err == nil {
				err = ctx.Err()
				cancelAll(tasks)
			}
			continue
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

// watchAll arranges for w to be notified of each task's end (at once for
// tasks already finished), in the order they finish.
func watchAll[F Future](tasks []F, w *taskWait) {
	for i, t := range tasks {
		t.core().watch(w, i)
	}
}

// unwatchAll withdraws watchAll's requests from the tasks that are still
// running, for callers that stop waiting before every task has finished.
func unwatchAll[F Future](tasks []F, w *taskWait) {
	for _, t := range tasks {
		t.core().unwatch(w)
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
