package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Pool runs calls of registered functions in at most n worker processes at once,
// like ProcessPoolExecutor. Make one with [NewPool]; call functions with
// [Func.Submit] and [Func.Map]. Workers start on demand and are reused while
// healthy. A worker that fails is killed with its process group, reaped before
// the call that ended it returns, and replaced on the next call. A worker whose
// parent dies sees its stdin close and kills its process group.
//
// Call Shutdown or ShutdownNow when done: idle workers live until then. All
// methods are safe for concurrent use. The zero Pool is not usable: submitting
// to it panics.
// CPython differs: see "Differences from ProcessPoolExecutor" in [process].
type Pool struct {
	exec       *asyncio.Executor // queues the calls and bounds them to n
	exe        string            // this program, re-executed for each worker
	exeErr     error             // why exe could not be found, reported by each call
	token      string            // the worker must say it in its hello
	timeout    time.Duration
	handshake  time.Duration
	frameLimit int
	stderr     io.Writer               // also receives the workers' stderr, if set
	editEnv    func([]string) []string // changes a worker's environment; tests only
	spawner    spawner                 // starts the workers (see spawner's comment)

	life context.Context // canceled by a forced shutdown: running calls kill their workers
	kill context.CancelFunc

	mu      sync.Mutex
	idle    []*worker     // healthy workers waiting for a call, most recent last
	closing bool          // a shutdown is ending the workers: release ends them too
	reaped  chan struct{} // closed when the first shutdown has reaped every worker
}

// Option configures [NewPool].
type Option func(*Pool)

// WithTimeout bounds each call: a call still running d after it was sent to its
// worker has the worker killed and fails with an [*Error] matching
// [asyncio.ErrTimeout]. Zero, the default, means no bound. It panics with an
// [*asyncio.ArgError] if d < 0.
// CPython differs: see "Differences from ProcessPoolExecutor" in [process].
func WithTimeout(d time.Duration) Option {
	if d < 0 {
		panic(&asyncio.ArgError{Func: "process.WithTimeout", Arg: "d", Reason: "must be >= 0, got " + d.String()})
	}
	return func(p *Pool) { p.timeout = d }
}

// defaultHandshakeTimeout is how long a worker may take to start and say
// hello unless WithHandshakeTimeout says otherwise.
const defaultHandshakeTimeout = 30 * time.Second

// WithHandshakeTimeout bounds a worker's start: from starting the process
// to its handshake. A worker that takes longer is killed, and the call that
// needed it fails with an [*Error] matching [ErrProtocol]. The default is 30
// seconds. It panics with an [*asyncio.ArgError] if d <= 0.
func WithHandshakeTimeout(d time.Duration) Option {
	if d <= 0 {
		panic(&asyncio.ArgError{Func: "process.WithHandshakeTimeout", Arg: "d", Reason: "must be > 0, got " + d.String()})
	}
	return func(p *Pool) { p.handshake = d }
}

// WithStderr copies everything the workers write to their stderr (and,
// since a worker's stdout carries the protocol, to their stdout) to w, which
// must be safe for concurrent use. By default it is only kept: the last few
// KiB of a failed worker's output go into its [*Error].
func WithStderr(w io.Writer) Option { return func(p *Pool) { p.stderr = w } }

// NewPool returns a pool of at most n workers; none starts before the first
// call. It panics with an [*asyncio.ArgError] if n < 1, or if this process is a
// worker whose main did not call [ServeIfChild] first.
func NewPool(n int, opts ...Option) *Pool {
	if n < 1 {
		panic(&asyncio.ArgError{Func: "process.NewPool", Arg: "n", Reason: "must be >= 1, got " + strconv.Itoa(n)})
	}
	if c, ok := parseWorkerConfig(os.Getenv(workerEnv)); ok && c.ppid == os.Getppid() {
		panic(&asyncio.ArgError{Func: "process.NewPool", Arg: "n", Reason: "is not usable: this process was started as a worker, but main did not call process.ServeIfChild first"})
	}
	poolMade.Store(true)
	p := &Pool{
		exec:       asyncio.NewExecutor(n),
		token:      newToken(),
		handshake:  defaultHandshakeTimeout,
		frameLimit: MaxFrameSize,
		reaped:     make(chan struct{}),
	}
	p.exe, p.exeErr = os.Executable()
	for _, o := range opts {
		o(p)
	}
	p.life, p.kill = context.WithCancel(context.Background())
	return p
}

func (p *Pool) mustBeMade(call string) {
	if p == nil {
		panic(&asyncio.ArgError{Func: call, Arg: "p", Reason: "is nil"})
	}
	if p.exec == nil {
		panic(&asyncio.ArgError{Func: call, Arg: "p", Reason: "is a zero Pool (use NewPool)"})
	}
}

// Shutdown stops p accepting calls, lets the queued and running calls finish,
// then ends and reaps every worker; it blocks until all that is done. If ctx is
// done first, it does what [Pool.ShutdownNow] does and returns ctx.Err(). Either
// way, once the first Shutdown returns, no worker of p is left. On a zero Pool it
// returns nil. It panics with an [*asyncio.ArgError] if ctx is nil.
func (p *Pool) Shutdown(ctx context.Context) error {
	mustHaveCtx(ctx, "Pool.Shutdown")
	if p.exec == nil {
		return nil
	}
	if err := p.exec.Shutdown(ctx); err != nil {
		p.ShutdownNow()
		return err
	}
	return p.reap(ctx, false)
}

// ShutdownNow stops p accepting calls, skips the queued ones, kills the workers
// of the running ones, whose tasks fail with an error matching
// [context.Canceled] and [asyncio.ErrExecutorShutdown], and the idle workers,
// and returns once every worker is reaped. On a zero Pool it does nothing.
func (p *Pool) ShutdownNow() {
	if p.exec == nil {
		return
	}
	p.kill()
	// The running calls see p.life, kill their workers and return; the
	// queued ones are skipped. Shutdown waits only for dying workers.
	p.exec.ShutdownNow()
	_ = p.exec.Shutdown(context.Background())
	_ = p.reap(context.Background(), true)
}

// reap ends the idle workers, once every call has returned: politely (stdin
// closed, then killed after exitGrace) unless now is true, ctx ends or
// ShutdownNow is called meanwhile.
func (p *Pool) reap(ctx context.Context, now bool) error {
	p.mu.Lock()
	first := !p.closing
	p.closing = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	if !first {
		select {
		case <-p.reaped:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	defer close(p.reaped)
	defer p.spawner.stop()
	defer p.kill()
	for _, w := range idle {
		w.stdin.Close() // an idle worker exits when its stdin closes
	}
	grace := time.NewTimer(exitGrace)
	defer grace.Stop()
	var err error
	for _, w := range idle {
		if !now {
			select {
			case <-w.exited:
				continue
			case <-grace.C:
			case <-p.life.Done():
			case <-ctx.Done():
				err = ctx.Err()
			}
			now = true
		}
		w.killTree()
		<-w.exited
	}
	return err
}

// exitGrace is how long a worker that should exit on its own (its stdin
// closed, or it reported a panic) is given before it is killed.
const exitGrace = 2 * time.Second

// call runs the registered function name on a worker and returns its encoded
// result. It is the body of every call's task, so it runs on one of p.exec's
// goroutines, and at most n calls run at once.
func (p *Pool) call(ctx context.Context, name string, arg []byte) ([]byte, error) {
	cctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(p.life, func() { cancel(errCanceledByShutdown) })
	defer stop()

	w, err := p.acquire(ctx, cctx, name)
	if err != nil {
		return nil, err
	}
	if p.timeout > 0 {
		// From here: a worker's start-up does not count.
		var cancelTimeout context.CancelFunc
		cctx, cancelTimeout = context.WithTimeoutCause(cctx, p.timeout, errCallTimeout)
		defer cancelTimeout()
	}
	w.lastID++
	id := w.lastID
	if err := writeFrame(w.stdin, request{ID: id, Func: name, Arg: arg}); err != nil {
		w.killTree()
		return nil, p.fail(w, name, ErrDied)
	}
	select {
	case r := <-w.replies:
		return p.reply(w, name, id, r)
	case <-w.eof:
		select {
		case r := <-w.replies: // the worker replied, then exited
			return p.reply(w, name, id, r)
		default:
		}
		return nil, p.fail(w, name, w.eofCause())
	case <-cctx.Done():
		return nil, p.interrupted(ctx, cctx, w, name)
	}
}

// reply turns the worker's reply into the call's result.
func (p *Pool) reply(w *worker, name string, id uint64, r reply) ([]byte, error) {
	switch {
	case r.ID != id || r.Hello != "":
		w.killTree()
		return nil, p.fail(w, name, fmt.Errorf("%w: reply %d to request %d", ErrProtocol, r.ID, id))
	case r.Panic != "":
		// The worker exits after reporting a panic: its state is suspect.
		return nil, p.fail(w, name, &asyncio.PanicError{Value: r.Panic, Stack: []byte(r.Stack)})
	case r.Unknown:
		p.release(w)
		return nil, &RemoteError{Func: name, Msg: fmt.Sprintf("function %q is not registered in the worker: register it in a package-level variable", name)}
	case r.TooLarge > 0:
		p.release(w)
		return nil, &frameSizeError{fn: name, what: "result", size: r.TooLarge, limit: p.frameLimit}
	case r.Failed:
		p.release(w)
		return nil, &RemoteError{Func: name, Msg: r.Err}
	default:
		p.release(w)
		return r.Result, nil
	}
}

// interrupted kills and reaps w (if any) after cctx, the call's context,
// ended, and returns the call's error: ctx's own error if the caller
// canceled, an *Error matching asyncio.ErrTimeout, or the shutdown error.
func (p *Pool) interrupted(ctx, cctx context.Context, w *worker, name string) error {
	if w != nil {
		w.killTree()
		<-w.exited
	}
	cause := context.Cause(cctx)
	switch {
	case cause == errCallTimeout:
		return w.failure(name, asyncio.ErrTimeout)
	case p.life.Err() != nil:
		// A forced shutdown, which also cancels ctx: say why.
		return errCanceledByShutdown
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return cause
}

// fail reaps w, giving it exitGrace to exit on its own first, and returns
// an *Error with cause.
func (p *Pool) fail(w *worker, name string, cause error) error {
	w.stdin.Close()
	grace := time.NewTimer(exitGrace)
	defer grace.Stop()
	select {
	case <-w.exited:
	case <-grace.C:
		w.killTree()
		<-w.exited
	}
	return w.failure(name, cause)
}

// acquire returns an idle healthy worker, or starts one. ctx is the caller's
// context and cctx the call's (see interrupted).
func (p *Pool) acquire(ctx, cctx context.Context, name string) (*worker, error) {
	p.mu.Lock()
	for len(p.idle) > 0 {
		w := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		select {
		case <-w.eof: // it died while idle; its reader reaps it
			p.mu.Unlock()
			<-w.exited
			p.mu.Lock()
			continue
		default:
		}
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	return p.start(ctx, cctx, name)
}

// release returns a healthy worker to the idle pool, or ends it if p is
// shutting down.
func (p *Pool) release(w *worker) {
	p.mu.Lock()
	if !p.closing && p.life.Err() == nil {
		p.idle = append(p.idle, w)
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	w.killTree()
	<-w.exited
}

// start starts a worker and waits for its hello, for at most p.handshake.
func (p *Pool) start(ctx, cctx context.Context, name string) (*worker, error) {
	if p.exeErr != nil {
		return nil, fmt.Errorf("process: starting a worker: finding this program: %w", p.exeErr)
	}
	if cctx.Err() != nil {
		return nil, p.interrupted(ctx, cctx, nil, name)
	}
	cmd := exec.Command(p.exe)
	cfg := workerConfig{ppid: os.Getpid(), token: p.token, frameLimit: p.frameLimit}
	cmd.Env = append(os.Environ(), workerEnv+"="+cfg.String())
	if p.editEnv != nil {
		cmd.Env = p.editEnv(cmd.Env)
	}
	cmd.WaitDelay = exitGrace // if a process that left the group keeps stderr open
	w := &worker{
		cmd:     cmd,
		tail:    &tailBuffer{tee: p.stderr},
		replies: make(chan reply, 1),
		eof:     make(chan struct{}),
		exited:  make(chan struct{}),
	}
	cmd.Stderr = w.tail
	newProcessGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("process: starting a worker: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("process: starting a worker: %w", err)
	}
	if err := p.spawner.start(cmd); err != nil {
		return nil, fmt.Errorf("process: starting a worker: %w", err)
	}
	w.stdin = stdin
	go w.readAndReap(stdout, p.frameLimit+frameEnvelope)

	handshake := time.NewTimer(p.handshake)
	defer handshake.Stop()
	select {
	case r := <-w.replies:
		if r.Hello != helloVersion || r.Token != p.token {
			w.killTree()
			return nil, p.fail(w, name, fmt.Errorf("%w: the worker's handshake %q does not carry this pool's token", ErrProtocol, r.Hello))
		}
		return w, nil
	case <-w.eof:
		return nil, p.fail(w, name, w.eofCause())
	case <-handshake.C:
		w.killTree()
		return nil, p.fail(w, name, fmt.Errorf("%w: no handshake from the worker within %v", ErrProtocol, p.handshake))
	case <-cctx.Done():
		return nil, p.interrupted(ctx, cctx, w, name)
	}
}

// worker is one worker process and the goroutine that reads its replies
// and then reaps it.
type worker struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	tail   *tailBuffer
	lastID uint64 // used only by the call holding the worker

	replies chan reply    // the reader's frames; at most one is outstanding
	readErr error         // why reading stopped; set before eof is closed
	eof     chan struct{} // closed when the worker's stdout ends or is abandoned
	exited  chan struct{} // closed once the worker has been reaped

	killMu  sync.Mutex
	reaping bool // the reader has killed the group for good and reaps the worker
}

// readAndReap reads replies until the worker's stdout ends, then kills the
// worker's process group and reaps the worker. Killing comes before
// reaping, while the worker's PID, and so its group's ID, cannot be reused.
func (w *worker) readAndReap(stdout io.Reader, limit int) {
	defer close(w.exited)
	br := newFrameReader(stdout)
	for {
		var r reply
		if err := readFrame(br, limit, &r); err != nil {
			w.readErr = err
			break
		}
		select {
		case w.replies <- r:
			continue
		default:
			w.readErr = fmt.Errorf("%w: unexpected frame", ErrProtocol)
		}
		break
	}
	close(w.eof)
	w.killMu.Lock()
	killProcessGroup(w.cmd.Process)
	w.reaping = true
	w.killMu.Unlock()
	_ = w.cmd.Wait()
}

// eofCause is the error of a call whose worker's stdout ended.
func (w *worker) eofCause() error {
	if errors.Is(w.readErr, io.EOF) || errors.Is(w.readErr, io.ErrUnexpectedEOF) {
		return ErrDied
	}
	if errors.Is(w.readErr, ErrProtocol) {
		return w.readErr
	}
	return fmt.Errorf("%w: %w", ErrProtocol, w.readErr)
}

// failure describes the failure of a reaped worker.
func (w *worker) failure(name string, cause error) *Error {
	e := &Error{Func: name, Err: cause}
	if w == nil {
		return e
	}
	e.PID, e.Stderr = w.cmd.Process.Pid, w.tail.String()
	if st := w.cmd.ProcessState; st != nil {
		e.Exit = st.String()
	}
	return e
}

// killTree kills the worker and its process group, unless the reader has
// done so already and is reaping it (its PID might then belong to another
// process).
func (w *worker) killTree() {
	w.killMu.Lock()
	defer w.killMu.Unlock()
	if !w.reaping {
		killProcessGroup(w.cmd.Process)
	}
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
