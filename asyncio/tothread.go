package asyncio

import (
	"context"
	"runtime/debug"
)

// ToThread runs fn on a goroutine of its own, off the loop if there is one, and
// returns its result, like asyncio.to_thread. If ctx is done first, ToThread
// returns ctx.Err() at once, and fn, which cannot be interrupted, runs on and
// its result is dropped; if ctx is done already, fn does not start. A panic in
// fn becomes a [*PanicError]. It panics with an [*ArgError] if fn is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
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
