package asyncio

import (
	"context"
	"errors"
	"fmt"
)

// ErrTimeout is returned when a deadline set by this package expires: that of
// [WaitFor], [Timeout], [TimeoutAt] or [AsCompleted]'s timeout. It matches
// [context.DeadlineExceeded] too. CPython raises TimeoutError.
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string { return "asyncio: timeout" }

// Is makes ErrTimeout match context.DeadlineExceeded.
func (timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// ErrAwaitSelf is returned by [Task.Await] when a task awaits itself, which
// would never end; CPython raises RuntimeError.
var ErrAwaitSelf = errors.New("asyncio: a task cannot await itself")

// ErrTaskNotDone is returned by [Task.Result] and [Task.Err] while the task
// runs, like CPython's InvalidStateError.
var ErrTaskNotDone = errors.New("asyncio: task is not done")

// ArgError is the panic value of a programming error: an invalid argument, or
// a call the receiver's state forbids. It names the call and the argument (or
// the receiver's kind: "lock", "queue"), so that the message says what to fix.
// Package process panics with it too.
type ArgError struct {
	Func   string // the function or method, e.g. "NewSemaphore", "Lock.Unlock"
	Arg    string // the argument's name, e.g. "value", or the receiver's kind, e.g. "lock"
	Reason string // what is wrong, e.g. "must be >= 0, got -1", "is not locked"
}

func (e *ArgError) Error() string {
	return fmt.Sprintf("asyncio: %s: %s %s", e.Func, e.Arg, e.Reason)
}

func nilFuncPanic(fn, arg string) {
	panic(&ArgError{Func: fn, Arg: arg, Reason: "is nil"})
}

// nilCtxPanic panics for a nil ctx given to fn. Every function that takes a
// ctx checks it on entry (one comparison), so that the misuse names the call
// instead of surfacing as a nil dereference somewhere inside, or not at all.
func nilCtxPanic(fn string) {
	panic(&ArgError{Func: fn, Arg: "ctx", Reason: "is nil (use context.Background() or context.TODO())"})
}

// PanicError is the error of a task whose function panicked. The panic is
// recovered on the task's goroutine, as CPython stores an exception on its task,
// so that one failing task does not crash the process and its owner sees why.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack, from runtime/debug.Stack
}

// Error returns one line, "asyncio: task panicked: " and the value; the
// stack is in the Stack field.
func (e *PanicError) Error() string {
	return fmt.Sprintf("asyncio: task panicked: %v", e.Value)
}

// Unwrap returns the panic value if it is an error, so that errors.Is and
// errors.As see through the panic. A panic is still a failure, never a
// cancellation, even when its value matches [context.Canceled].
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// isCanceled reports whether a task that finished with err was
// canceled: err matches context.Canceled and holds no *PanicError. Every
// "was it canceled?" decision of the package goes through it.
func isCanceled(err error) bool {
	if !errors.Is(err, context.Canceled) {
		return false
	}
	var pe *PanicError
	return !errors.As(err, &pe)
}
