package asyncio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"sync"
	"time"
)

// ProcessExecutor runs registered functions in child processes, like CPython's
// concurrent.futures.ProcessPoolExecutor. The children are this same
// program, re-executed in a worker mode that ServeProcessWorker enters; each
// serves one call at a time over its stdin and stdout. Arguments and results
// cross the process boundary as JSON. CPython pickles a function by its
// qualified name; Go cannot name a function at run time, so functions are
// registered by name with RegisterProcessFunc.
//
// # When to use it in Go
//
// For isolation, not speed. A function that may crash the process (a panic
// in another goroutine, a nil dereference in cgo, os.Exit in a library),
// exhaust its memory, leak, hang, or that drives foreign code you do not
// trust, cannot take the parent down from a child: its task gets an error,
// the child is killed and reaped, and the next call gets a fresh one. A
// per-task timeout (ProcessTimeout) kills a child that runs too long, which
// no goroutine can be made to do.
//
// Not for CPU parallelism: Python needs processes to get around the GIL,
// but goroutines already run on every core. For CPU-bound work use an
// Executor with runtime.GOMAXPROCS(0) workers, or plain goroutines, and save
// the process start-up (milliseconds) and the encoding of every argument
// and result.
//
// # Contract
//
// At most maxWorkers children run at once. They start on demand and are
// reused while healthy; one that dies, panics, times out or is cancelled is
// killed and reaped, and replaced by a new one on the next call. Every child
// is put in its own process group (on Unix) and killed with it, so that its
// own children go too. Every child started is waited for (reaped) before the
// call or Shutdown that ended it returns: no zombies. A child whose parent
// dies without calling Shutdown sees its stdin close and exits at once: no
// orphans that outlive their work.
//
// All methods are safe for concurrent use. The zero ProcessExecutor is not
// usable (SubmitProcess panics with an *ArgError): create one with
// NewProcessExecutor.
type ProcessExecutor struct {
	exec    *Executor // queues the calls and bounds them to maxWorkers
	exe     string    // this program, re-executed for each child
	timeout time.Duration
	stderr  io.Writer // also receives the children's stderr, if set

	life context.Context // cancelled by a forced Shutdown: kills running children
	kill context.CancelFunc

	mu      sync.Mutex
	idle    []*processWorker // healthy children waiting for a call, most recent last
	reaping bool             // a Shutdown is ending the idle children
	reaped  chan struct{}    // closed when it has
}

// ProcessOption configures NewProcessExecutor.
type ProcessOption interface{ applyProcess(*ProcessExecutor) }

type processTimeoutOption time.Duration

func (d processTimeoutOption) applyProcess(px *ProcessExecutor) { px.timeout = time.Duration(d) }

// ProcessTimeout bounds each call of a ProcessExecutor: a call that takes
// longer than d, counted from the moment a worker takes it (including
// starting a child if needed), has its child killed and fails with a
// *ProcessError that matches ErrTimeout. Zero, the default, means no
// timeout; d < 0 makes NewProcessExecutor return an *ArgError. CPython has
// only a timeout on waiting for the result, which leaves the work running.
func ProcessTimeout(d time.Duration) ProcessOption { return processTimeoutOption(d) }

type processStderrOption struct{ w io.Writer }

func (o processStderrOption) applyProcess(px *ProcessExecutor) { px.stderr = o.w }

// ProcessStderr copies everything the children write to their stderr (and,
// since a worker's stdout carries the protocol, to their stdout) to w, which
// must be safe for concurrent use. By default it is only kept: the last
// few KiB of a failed child's output go into its *ProcessError.
func ProcessStderr(w io.Writer) ProcessOption { return processStderrOption{w} }

// processWorkerEnv marks a child started by a ProcessExecutor; its value is
// the parent's process ID.
const processWorkerEnv = "REXASYNCIO_PROCESS_WORKER"

// NewProcessExecutor returns a ProcessExecutor that runs at most maxWorkers
// child processes at once. No child starts until the first call.
//
// It returns an *ArgError for maxWorkers <= 0 or a negative ProcessTimeout,
// and an error matching ErrProcessProtocol when called in a process that was
// started as a worker but did not call ServeProcessWorker first (which would
// otherwise re-execute the program recursively).
func NewProcessExecutor(maxWorkers int, opts ...ProcessOption) (*ProcessExecutor, error) {
	if maxWorkers <= 0 {
		return nil, &ArgError{Func: "NewProcessExecutor", Arg: "maxWorkers", Reason: "must be > 0, got " + strconv.Itoa(maxWorkers)}
	}
	if os.Getenv(processWorkerEnv) != "" {
		return nil, fmt.Errorf("%w: this process is a worker but did not call ServeProcessWorker at the start of main", ErrProcessProtocol)
	}
	px := &ProcessExecutor{}
	for _, o := range opts {
		o.applyProcess(px)
	}
	if px.timeout < 0 {
		return nil, &ArgError{Func: "NewProcessExecutor", Arg: "ProcessTimeout", Reason: "must be >= 0, got " + px.timeout.String()}
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("asyncio: NewProcessExecutor: finding this program to re-execute: %w", err)
	}
	px.exe = exe
	px.exec = NewExecutor(maxWorkers)
	px.life, px.kill = context.WithCancel(context.Background())
	px.reaped = make(chan struct{})
	return px, nil
}

// SubmitProcess queues a call of the function registered as name, with arg,
// to run in one of px's child processes, and returns its Task at once. It
// never blocks. Calls start in submission order as workers free up.
//
// arg is encoded as JSON now; the result is decoded from JSON into R. A
// function's returned error comes back as a *RemoteError (only its message
// crosses the boundary). A child that panics, exits, is killed or
// exceeds the ProcessTimeout makes the task fail with a *ProcessError.
//
// Cancelling the task (Task.Cancel, or ctx) while it is queued skips it, as
// with Submit; while it runs, the child is killed at once and reaped, and the
// task returns the context's error. The function's own context in the child
// is never cancelled: killing the child is how a call is stopped.
//
// SubmitProcess returns an *ArgError if name is not registered, or was
// registered with other argument or result types; an error if arg cannot be
// encoded; ErrExecutorShutdown after Shutdown. It panics with an *ArgError if
// px is nil or a zero ProcessExecutor.
func SubmitProcess[A, R any](ctx context.Context, px *ProcessExecutor, name string, arg A, opts ...TaskOption) (*Task[R], error) {
	if px == nil {
		nilFuncPanic("SubmitProcess", "px")
	}
	if px.exec == nil {
		panic(&ArgError{Func: "SubmitProcess", Arg: "px", Reason: "is a zero ProcessExecutor (use NewProcessExecutor)"})
	}
	if err := checkProcessFunc[A, R]("SubmitProcess", name); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(arg)
	if err != nil {
		return nil, fmt.Errorf("asyncio: SubmitProcess: encoding the argument of %q: %w", name, err)
	}
	return Submit(ctx, px.exec, func(ctx context.Context) (R, error) {
		var r R
		out, err := px.call(ctx, name, raw)
		if err != nil {
			return r, err
		}
		if err := json.Unmarshal(out, &r); err != nil {
			return r, fmt.Errorf("%w: decoding the result of %q: %w", ErrProcessProtocol, name, err)
		}
		return r, nil
	}, opts...)
}

// Shutdown stops px accepting calls (SubmitProcess then returns
// ErrExecutorShutdown), lets the queued and running calls finish (queued ones
// are skipped when cancelPending is true, as by Executor.ShutdownNow), then ends
// every child and reaps it. It blocks until all of that is done.
//
// If ctx is done first, Shutdown stops waiting politely: it kills the
// children still running (their tasks fail with an error matching
// context.Canceled and ErrExecutorShutdown), skips the queued calls, kills the
// idle children, reaps every child, and returns ctx.Err(). Either way, when
// the first Shutdown returns, no child of px is left running or unreaped.
// Later or concurrent calls wait for the first one's work (or their own ctx).
// Shutdown blocks as Executor.Shutdown does, reported to the recorder as
// BlockThread. On a zero ProcessExecutor it returns nil.
func (px *ProcessExecutor) Shutdown(ctx context.Context, cancelPending bool) error {
	if px.exec == nil {
		return nil
	}
	if cancelPending {
		px.exec.closeAndDrop(false)
	}
	err := px.exec.Shutdown(ctx)
	if err != nil {
		px.kill()
		// Running calls see px.life, kill their children and return;
		// queued ones are skipped. This waits only for dying children.
		px.exec.closeAndDrop(false)
		_ = px.exec.Shutdown(context.Background())
	}
	px.kill() // from now on, release reaps instead of pooling

	px.mu.Lock()
	first := !px.reaping
	px.reaping = true
	idle := px.idle
	px.idle = nil
	px.mu.Unlock()
	if !first {
		select {
		case <-px.reaped:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer close(px.reaped)
	for _, w := range idle {
		w.stdin.Close() // an idle child exits when its stdin closes
	}
	grace := time.NewTimer(processExitGrace)
	defer grace.Stop()
	patient := true
	for _, w := range idle {
		if patient {
			select {
			case <-w.exited:
				continue
			case <-grace.C:
			case <-ctx.Done():
				err = ctx.Err()
			}
			patient = false
		}
		w.killTree()
		<-w.exited
	}
	return err
}

// processExitGrace is how long a child that should exit on its own (its
// stdin closed, or it reported a panic) is given before it is killed.
const processExitGrace = 2 * time.Second

// ErrProcessDied is the cause in a *ProcessError when a child exited or was
// killed (by a signal, the OOM killer, os.Exit, an unrecovered panic on
// another goroutine) while running a call.
var ErrProcessDied = errors.New("asyncio: process worker died")

// ErrProcessProtocol means that a child did not speak the worker protocol:
// most often because the program does not call ServeProcessWorker at the very
// start of main (or of TestMain), so the child ran the program instead. It
// is the cause in a *ProcessError, or wrapped by other errors.
var ErrProcessProtocol = errors.New("asyncio: process worker protocol error (is ServeProcessWorker called at the start of main?)")

// ProcessError reports that the child process running a call failed rather
// than the function returning an error: it panicked, died, was killed, did
// not speak the protocol, or exceeded the ProcessTimeout. The child has been
// killed and reaped, and the executor replaces it.
//
// Err is the cause: a *PanicError (the function panicked; Value is the
// panic's text, Stack the child's stack), ErrTimeout (which also matches
// context.DeadlineExceeded), ErrProcessDied or ErrProcessProtocol. Unwrap
// returns it, so errors.Is and errors.As see it.
type ProcessError struct {
	Func   string // the registered name of the function called
	PID    int    // the child's process ID
	Exit   string // how the child ended, e.g. "exit status 3" or "signal: killed"
	Stderr string // the last few KiB the child wrote to stderr or stdout
	Err    error
}

func (e *ProcessError) Error() string {
	msg := fmt.Sprintf("asyncio: process %d running %q: %v (%s)", e.PID, e.Func, e.Err, e.Exit)
	if e.Stderr != "" {
		msg += "\nchild's stderr (tail):\n" + e.Stderr
	}
	return msg
}

// Unwrap returns the cause, Err.
func (e *ProcessError) Unwrap() error { return e.Err }

// RemoteError is the error a registered function returned in a child
// process. Only the message crosses the process boundary, so errors.Is
// cannot match the original error; the child is healthy and is reused.
type RemoteError struct {
	Func string // the registered name of the function
	Msg  string // the error's message in the child
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("asyncio: %s (in child process): %s", e.Func, e.Msg)
}

// processFunc is a registered function, type-erased to JSON in and out.
type processFunc struct {
	arg, result reflect.Type
	call        func(ctx context.Context, arg []byte) ([]byte, error)
}

var processFuncs struct {
	sync.Mutex
	m map[string]*processFunc
}

// RegisterProcessFunc registers fn under name so that ProcessExecutor
// children can run it. Call it at initialisation time (from init or a
// package-level variable), so that the child, which is the same program,
// has registered it too before ServeProcessWorker serves it.
//
// A and R must be types that encoding/json round-trips (exported fields,
// no channels or functions). fn's context is never cancelled: the parent
// stops a call by killing the child.
//
// It panics with an *ArgError if fn is nil, name is empty or name is
// already registered: these are programming errors, found at start-up.
func RegisterProcessFunc[A, R any](name string, fn func(context.Context, A) (R, error)) {
	if fn == nil {
		nilFuncPanic("RegisterProcessFunc", "fn")
	}
	if name == "" {
		panic(&ArgError{Func: "RegisterProcessFunc", Arg: "name", Reason: "is empty"})
	}
	f := &processFunc{
		arg:    reflect.TypeFor[A](),
		result: reflect.TypeFor[R](),
		call: func(ctx context.Context, raw []byte) ([]byte, error) {
			var a A
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("decoding the argument: %w", err)
			}
			r, err := fn(ctx, a)
			if err != nil {
				return nil, err
			}
			return json.Marshal(r)
		},
	}
	processFuncs.Lock()
	defer processFuncs.Unlock()
	if _, dup := processFuncs.m[name]; dup {
		panic(&ArgError{Func: "RegisterProcessFunc", Arg: "name", Reason: strconv.Quote(name) + " is already registered"})
	}
	if processFuncs.m == nil {
		processFuncs.m = make(map[string]*processFunc)
	}
	processFuncs.m[name] = f
}

func lookupProcessFunc(name string) *processFunc {
	processFuncs.Lock()
	defer processFuncs.Unlock()
	return processFuncs.m[name]
}

// checkProcessFunc returns an *ArgError unless name is registered with
// argument type A and result type R.
func checkProcessFunc[A, R any](fn, name string) error {
	f := lookupProcessFunc(name)
	if f == nil {
		return &ArgError{Func: fn, Arg: "name", Reason: strconv.Quote(name) + " is not registered (see RegisterProcessFunc)"}
	}
	if a, r := reflect.TypeFor[A](), reflect.TypeFor[R](); f.arg != a || f.result != r {
		return &ArgError{Func: fn, Arg: "name", Reason: fmt.Sprintf("%q takes %v and returns %v, not %v and %v", name, f.arg, f.result, a, r)}
	}
	return nil
}

// errProcessTimeout is the cause of a call's context when ProcessTimeout
// expires.
var errProcessTimeout = errors.New("asyncio: process call timed out")

// call runs the registered function name on a child and returns its encoded
// result. It is the body of every SubmitProcess task, so it runs on one of
// px.exec's workers, and at most maxWorkers calls run at once.
func (px *ProcessExecutor) call(ctx context.Context, name string, arg []byte) ([]byte, error) {
	cctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(px.life, func() { cancel(errCanceledByShutdown) })
	defer stop()
	if px.timeout > 0 {
		var cancelTimeout context.CancelFunc
		cctx, cancelTimeout = context.WithTimeoutCause(cctx, px.timeout, errProcessTimeout)
		defer cancelTimeout()
	}

	w, err := px.acquire(ctx, cctx, name)
	if err != nil {
		return nil, err
	}
	w.lastID++
	id := w.lastID
	if err := writeFrame(w.stdin, processRequest{ID: id, Func: name, Arg: arg}); err != nil {
		return nil, px.fail(w, name, ErrProcessDied)
	}
	select {
	case r := <-w.replies:
		return px.reply(w, name, id, r)
	case <-w.eof:
		select {
		case r := <-w.replies: // the child replied, then exited
			return px.reply(w, name, id, r)
		default:
		}
		return nil, px.fail(w, name, w.eofCause())
	case <-cctx.Done():
		return nil, px.interrupted(ctx, cctx, w, name)
	}
}

// reply turns the child's reply into the call's result.
func (px *ProcessExecutor) reply(w *processWorker, name string, id uint64, r processReply) ([]byte, error) {
	switch {
	case r.ID != id || r.Hello != "":
		w.killTree()
		return nil, px.fail(w, name, fmt.Errorf("%w: reply %d to request %d", ErrProcessProtocol, r.ID, id))
	case r.Panic != "":
		// The child exits after reporting a panic: its state is suspect.
		return nil, px.fail(w, name, &PanicError{Value: r.Panic, Stack: []byte(r.Stack)})
	case r.Failed:
		px.release(w)
		return nil, &RemoteError{Func: name, Msg: r.Err}
	default:
		px.release(w)
		return r.Result, nil
	}
}

// interrupted kills and reaps w (if any) after cctx, the call's context,
// ended, and returns the call's error: ctx's own error if the caller
// cancelled, a *ProcessError matching ErrTimeout, or the shutdown error.
func (px *ProcessExecutor) interrupted(ctx, cctx context.Context, w *processWorker, name string) error {
	if w != nil {
		w.killTree()
		<-w.exited
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	cause := context.Cause(cctx)
	if cause != errProcessTimeout {
		return cause
	}
	if w == nil {
		return &ProcessError{Func: name, Err: ErrTimeout}
	}
	return w.processError(name, ErrTimeout)
}

// fail reaps w, giving it processExitGrace to exit on its own first, and
// returns a *ProcessError with cause.
func (px *ProcessExecutor) fail(w *processWorker, name string, cause error) error {
	w.stdin.Close()
	grace := time.NewTimer(processExitGrace)
	defer grace.Stop()
	select {
	case <-w.exited:
	case <-grace.C:
		w.killTree()
		<-w.exited
	}
	return w.processError(name, cause)
}

// acquire returns an idle healthy child, or starts one. ctx is the caller's
// context and cctx the call's (see interrupted).
func (px *ProcessExecutor) acquire(ctx, cctx context.Context, name string) (*processWorker, error) {
	px.mu.Lock()
	for len(px.idle) > 0 {
		w := px.idle[len(px.idle)-1]
		px.idle = px.idle[:len(px.idle)-1]
		select {
		case <-w.eof: // it died while idle
			px.mu.Unlock()
			w.killTree()
			<-w.exited
			px.mu.Lock()
			continue
		default:
		}
		px.mu.Unlock()
		return w, nil
	}
	px.mu.Unlock()
	return px.start(ctx, cctx, name)
}

// release returns a healthy child to the idle pool, or ends it if px is
// shutting down.
func (px *ProcessExecutor) release(w *processWorker) {
	px.mu.Lock()
	if px.life.Err() == nil {
		px.idle = append(px.idle, w)
		px.mu.Unlock()
		return
	}
	px.mu.Unlock()
	w.killTree()
	<-w.exited
}

// start starts a child and waits for its hello.
func (px *ProcessExecutor) start(ctx, cctx context.Context, name string) (*processWorker, error) {
	if cctx.Err() != nil {
		return nil, px.interrupted(ctx, cctx, nil, name)
	}
	cmd := exec.Command(px.exe)
	cmd.Env = append(os.Environ(), processWorkerEnv+"="+strconv.Itoa(os.Getpid()))
	cmd.WaitDelay = processExitGrace // if a grandchild keeps stderr open
	w := &processWorker{
		cmd:     cmd,
		tail:    &tailBuffer{tee: px.stderr},
		replies: make(chan processReply, 1),
		eof:     make(chan struct{}),
		exited:  make(chan struct{}),
	}
	cmd.Stderr = w.tail
	newProcessGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("asyncio: starting a process worker: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("asyncio: starting a process worker: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("asyncio: starting a process worker: %w", err)
	}
	w.stdin = stdin
	go w.readAndReap(stdout)

	select {
	case r := <-w.replies:
		if r.Hello != processHello {
			w.killTree()
			return nil, px.fail(w, name, fmt.Errorf("%w: no hello from the child", ErrProcessProtocol))
		}
		return w, nil
	case <-w.eof:
		return nil, px.fail(w, name, w.eofCause())
	case <-cctx.Done():
		return nil, px.interrupted(ctx, cctx, w, name)
	}
}

// processWorker is one child process and the goroutine that reads its
// replies and then reaps it.
type processWorker struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	tail   *tailBuffer
	lastID uint64 // used only by the call holding the worker

	replies chan processReply // the reader's frames; at most one is outstanding
	readErr error             // why reading stopped; set before eof is closed
	eof     chan struct{}     // closed when the child's stdout ends or is abandoned
	exited  chan struct{}     // closed once the child has been reaped
}

// readAndReap reads replies until the child's stdout ends, then reaps the
// child with cmd.Wait (which must come after the last read). A child that
// sends garbage or an unexpected frame is killed first.
func (w *processWorker) readAndReap(stdout io.Reader) {
	defer close(w.exited)
	br := newFrameReader(stdout)
	for {
		var r processReply
		if err := readFrame(br, &r); err != nil {
			w.readErr = err
			break
		}
		select {
		case w.replies <- r:
			continue
		default:
			w.readErr = fmt.Errorf("%w: unexpected frame", ErrProcessProtocol)
		}
		break
	}
	close(w.eof)
	if !errors.Is(w.readErr, io.EOF) {
		w.killTree()
	}
	_ = w.cmd.Wait()
}

// eofCause is the error of a call whose child's stdout ended.
func (w *processWorker) eofCause() error {
	if errors.Is(w.readErr, io.EOF) || errors.Is(w.readErr, io.ErrUnexpectedEOF) {
		return ErrProcessDied
	}
	if errors.Is(w.readErr, ErrProcessProtocol) {
		return w.readErr
	}
	return fmt.Errorf("%w: %w", ErrProcessProtocol, w.readErr)
}

// processError describes the failure of a reaped child.
func (w *processWorker) processError(name string, cause error) *ProcessError {
	e := &ProcessError{Func: name, PID: w.cmd.Process.Pid, Stderr: w.tail.String(), Err: cause}
	if st := w.cmd.ProcessState; st != nil {
		e.Exit = st.String()
	}
	return e
}

// killTree kills the child and its process group, unless it was reaped
// already (its PID might then belong to another process).
func (w *processWorker) killTree() {
	select {
	case <-w.exited:
		return
	default:
	}
	killProcessGroup(w.cmd.Process)
}

// tailBuffer keeps the last tailBufferSize bytes written to it, and copies
// everything to tee if set.
type tailBuffer struct {
	tee io.Writer
	mu  sync.Mutex
	buf []byte
}

const tailBufferSize = 4 << 10

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - tailBufferSize; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	b.mu.Unlock()
	if b.tee != nil {
		_, _ = b.tee.Write(p)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
