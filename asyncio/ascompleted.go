package asyncio

import (
	"context"
	"iter"
	"time"
)

type asCompletedConfig struct {
	deadline    time.Time
	hasDeadline bool
	timeout     time.Duration // WithTimeout's, counted from the call
}

// AsCompleted returns an iterator over the tasks' outcomes in the order the
// tasks finish, like asyncio.as_completed:
//
//	for v, err := range asyncio.AsCompleted(ctx, tasks, asyncio.WithTimeout(d)) { ... }
//
// Each step blocks until the next task finishes; tasks already finished come
// first, in argument order, and a task listed twice is yielded twice. If the
// timeout passes or ctx is done before the end, the loop yields one
// (zero, [ErrTimeout]) or (zero, ctx.Err()) and stops. AsCompleted never
// cancels the tasks, and breaking out of the loop leaves nothing behind. It
// panics with an [*ArgError] if a task is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
func AsCompleted[T any](ctx context.Context, tasks []*Task[T], opts ...AsCompletedOption) iter.Seq2[T, error] {
	if ctx == nil {
		nilCtxPanic("AsCompleted")
	}
	checkTasks("AsCompleted", tasks)
	var cfg asCompletedConfig
	for _, o := range opts {
		o.applyAsCompleted(&cfg)
	}
	if cfg.hasDeadline {
		cfg.deadline = Now(ctx).Add(cfg.timeout)
	}
	return func(yield func(T, error) bool) {
		if len(tasks) == 0 {
			return
		}
		lt := loopTaskOf(ctx)
		w := newTaskWait(ctx, lt, len(tasks), nil)
		defer w.end()
		watchAll(tasks, w)
		if cfg.hasDeadline {
			w.setDeadline(cfg.deadline.Sub(Now(ctx)))
		}
		for left := len(tasks); left > 0; left-- {
			i, err := nextFinished(ctx, w)
			if err != nil {
				unwatchAll(tasks, w)
				var zero T
				yield(zero, err)
				return
			}
			// The send on ch happens after the task stored its outcome.
			if !yield(tasks[i].result, tasks[i].err) {
				unwatchAll(tasks, w)
				return
			}
		}
	}
}

// nextFinished receives the index of the next finished task, or ErrTimeout
// or ctx.Err() if the deadline passed or ctx was done before it. It reports
// blocking as BlockTask.
func nextFinished(ctx context.Context, w *taskWait) (int, error) {
	i, r, ok := w.poll()
	if !ok {
		o := blocked(ctx, BlockTask, nil)
		i, r = w.recv()
		o.resumed(BlockTask)
	}
	switch r {
	case recvTimeout:
		return -1, ErrTimeout
	case recvDone:
		return -1, ctx.Err()
	default:
		return i, nil
	}
}
