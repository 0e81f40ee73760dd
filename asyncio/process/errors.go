package process

import (
	"context"
	"errors"
	"fmt"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// ErrDied is the cause in an [*Error] when a worker exited or was killed (by
// a signal, the OOM killer, os.Exit, an unrecovered panic on another
// goroutine) while running a call.
var ErrDied = errors.New("process: worker died")

// ErrProtocol is the cause in an [*Error] when a worker did not speak the
// pool's protocol: most often because main does not call [ServeIfChild]
// first, so the child ran the program instead, or the child sent no
// handshake within the handshake timeout ([WithHandshakeTimeout]).
var ErrProtocol = errors.New("process: worker protocol error (does main call process.ServeIfChild first?)")

// ErrFrameTooLarge matches the error of a call whose argument or result encodes
// to more than the frame limit ([MaxFrameSize]). Submit and Map return it for an
// argument before sending anything; for a result, the worker reports it and
// stays in the pool.
var ErrFrameTooLarge = errors.New("process: message exceeds the frame limit")

// frameSizeError is the error matching ErrFrameTooLarge.
type frameSizeError struct {
	fn, what    string // the function's name; "argument" or "result"
	size, limit int
}

func (e *frameSizeError) Error() string {
	return fmt.Sprintf("process: %s: %s of %d bytes exceeds the %d-byte frame limit", e.fn, e.what, e.size, e.limit)
}

func (e *frameSizeError) Is(target error) bool { return target == ErrFrameTooLarge }

// errCanceledByShutdown is the error of a call that ShutdownNow (or a
// Shutdown whose context ended) stopped while it ran, as the executor's own
// error for the calls it skips: it matches context.Canceled and
// asyncio.ErrExecutorShutdown.
var errCanceledByShutdown = fmt.Errorf("%w: %w", context.Canceled, asyncio.ErrExecutorShutdown)

// errCallTimeout is the cause of a call's context when WithTimeout expires.
var errCallTimeout = errors.New("process: call timed out")

// Error reports that the worker running a call failed, rather than the function
// returning an error: it panicked, died, was killed, broke the protocol, or
// exceeded the call timeout. The worker has been killed and reaped. Err is the
// cause, which Unwrap returns: an [*asyncio.PanicError] (Value is the panic's
// text, Stack the worker's), [asyncio.ErrTimeout], [ErrDied] or [ErrProtocol].
type Error struct {
	Func   string // the registered name of the function called
	PID    int    // the worker's process ID; 0 if it never started
	Exit   string // how the worker ended, e.g. "exit status 3" or "signal: killed"
	Stderr string // the last few KiB the worker wrote to stderr or stdout
	Err    error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("process: worker %d running %q: %v", e.PID, e.Func, e.Err)
	if e.Exit != "" {
		msg += " (" + e.Exit + ")"
	}
	if e.Stderr != "" {
		msg += "\nworker's stderr (tail):\n" + e.Stderr
	}
	return msg
}

// Unwrap returns the cause, Err.
func (e *Error) Unwrap() error { return e.Err }

// RemoteError is the error a registered function returned in a worker. Only
// its message crosses the process boundary, so errors.Is cannot match the
// original error. The worker is healthy and stays in the pool.
type RemoteError struct {
	Func string // the registered name of the function
	Msg  string // the error's message in the worker
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("process: %s (in worker): %s", e.Func, e.Msg)
}
