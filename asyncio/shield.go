package asyncio

import "context"

// Shield starts fn as a task that the cancellation of ctx does not reach,
// like asyncio.shield: the task's context is context.WithoutCancel(ctx), so
// it keeps ctx's values (and recorder) but none of its cancellation or
// deadline. Only Task.Cancel on the returned task cancels it.
//
// Awaiting the task with a canceled ctx returns ctx.Err() at once while fn
// runs on, which is what CPython's shield gives its awaiter. Task.Await
// already behaves so; Shield exists because in Go a task inherits its
// creator's cancellation when it is created, so work that must complete (a
// commit, a reply, a clean-up) has to be started on a context that does not
// carry it. The caller remains responsible for awaiting or canceling the
// task, or it outlives its creator.
//
// Gather and GatherAll cancel every task they wait for when their own ctx is
// canceled or (Gather) a task fails, shielded ones included: they promise
// that no task outlives the call. CPython's gather(shield(x)) leaves x
// running. To wait for shielded tasks without canceling them, use their
// Await, Wait or AsCompleted, which never cancel.
//
// Shield panics with an *ArgError if fn is nil.
func Shield[T any](ctx context.Context, fn func(context.Context) (T, error), opts ...TaskOption) *Task[T] {
	if ctx == nil {
		nilCtxPanic("Shield")
	}
	if fn == nil {
		nilFuncPanic("Shield", "fn")
	}
	return CreateTask(context.WithoutCancel(ctx), fn, opts...)
}
