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
		var dl *deadline
		if cfg.hasDeadline {
			dl = newDeadline(lt, cfg.deadline.Sub(Now(ctx)))
			defer dl.stop()
		}
		ch := watchAll(tasks, nil, lt)
		for left := len(tasks); left > 0; left-- {
			i, err := nextFinished(ctx, lt, ch, dl)
			if err != nil {
				unwatchAll(tasks, ch)
				var zero T
				yield(zero, err)
				return
			}
			// The send on ch happens after the task stored its outcome.
			if !yield(tasks[i].result, tasks[i].err) {
				unwatchAll(tasks, ch)
				return
			}
		}
	}
}

// nextFinished receives the index of the next finished task from ch,
// preferring one already there to a passed deadline (ErrTimeout) or a done
// ctx (ctx.Err()). It reports blocking as BlockTask.
func nextFinished(ctx context.Context, lt *loopTask, ch chan int, dl *deadline) (int, error) {
	if i, ok := recvNow(ch); ok {
		return i, nil
	}
	o := blocked(ctx, BlockTask, nil)
	defer o.resumed(BlockTask)
	switch i, r := recv(ctx, lt, ch, dl, nil); r {
	case recvTimeout:
		return -1, ErrTimeout
	case recvDone:
		return -1, ctx.Err()
	default:
		return i, nil
	}
}
