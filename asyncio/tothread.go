package asyncio

import (
	"context"
	"runtime/debug"
)

// ToThread runs fn on a new goroutine and returns its result, like
// asyncio.to_thread. If ctx is canceled first, ToThread returns ctx.Err() at
// once; fn, which takes no context and cannot be interrupted (a Python thread
// cannot be either), runs on to completion in the background and its result
// is discarded. If ctx is already canceled, fn is not started. A panic in fn
// becomes a *PanicError; ToThread panics with an *ArgError if fn is nil.
//
// In CPython a blocking call in a coroutine stalls the whole event loop, so
// to_thread is how blocking work makes room for the other tasks. In Go a
// blocking call on one goroutine never holds up the others, so ToThread is
// not needed for progress: it exists for symmetry with asyncio and to let the
// caller stop waiting when ctx is canceled. Pass ctx to the blocking call
// instead whenever it accepts one. The wait is reported as BlockThread.
func ToThread[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	if ctx == nil {
		nilCtxPanic("ToThread")
	}
	if fn == nil {
		nilFuncPanic("ToThread", "fn")
	}
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	out := make(chan Result[T], 1) // buffered: an abandoned fn still finishes
	o := blocked(ctx, BlockThread, nil)
	defer o.resumed(BlockThread)
	if lt := loopTaskOf(ctx); lt != nil {
		// fn runs off the loop; the loop waits for it rather than report a
		// deadlock, and its end makes the task ready again.
		l := lt.loop
		l.beginOutside()
		go func() {
			runThread(fn, out)
			lt.wake()
			l.endOutside()
		}()
		for {
			if err := ctx.Err(); err != nil {
				return zero, err
			}
			select {
			case r := <-out:
				return r.Value, r.Err
			default:
			}
			lt.parkCtx(ctx, BlockThread, nil)
		}
	}
	go runThread(fn, out)
	select {
	case r := <-out:
		return r.Value, r.Err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

func runThread[T any](fn func() (T, error), out chan<- Result[T]) {
	var (
		r        Result[T]
		returned bool
	)
	defer func() {
		if !returned {
			if p := recover(); p != nil {
				r = Result[T]{Err: &PanicError{Value: p, Stack: debug.Stack()}}
			} else {
				r = Result[T]{Err: errGoexit}
			}
		}
		out <- r
	}()
	r.Value, r.Err = fn()
	returned = true
}
