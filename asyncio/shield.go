package asyncio

import "context"

// Shield starts fn as a task that the cancellation of ctx does not reach, like
// asyncio.shield: its context is [context.WithoutCancel](ctx), which keeps ctx's
// values. Only [Task.Cancel] cancels it, so the caller must await or cancel it.
// Awaiting it with a canceled ctx returns at once and leaves it running, as
// with any task; [Gather] and [GatherAll] cancel it as they cancel any other.
// It panics with an [*ArgError] if fn is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
func Shield[T any](ctx context.Context, fn func(context.Context) (T, error), opts ...TaskOption) *Task[T] {
	if ctx == nil {
		nilCtxPanic("Shield")
	}
	if fn == nil {
		nilFuncPanic("Shield", "fn")
	}
	return CreateTask(context.WithoutCancel(ctx), fn, opts...)
}
