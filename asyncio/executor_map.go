package asyncio

import (
	"context"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Map calls fn on every input on ex's workers, starting them in input order as
// workers free up, and returns the results in input order, like
// ThreadPoolExecutor.map. It blocks until one of these happens:
//
//   - Every call has returned: Map returns the results and nil.
//   - A call fails (an error, or a panic as a [*PanicError]): Map cancels the
//     other calls' context, skips the queued ones, waits for the running ones to
//     return, and returns that first error and nil results.
//   - ctx is done: Map returns ctx.Err() at once. The queued inputs are skipped;
//     the running calls see their context canceled, and may still be running
//     when Map returns.
//
// Map returns [ErrExecutorShutdown], running nothing, after Shutdown or
// ShutdownNow; an input that ShutdownNow skips makes it fail with an error
// matching both ErrExecutorShutdown and [context.Canceled]. It panics with an
// [*ArgError] if ex or fn is nil, or ex is a zero Executor.
// CPython differs: see "Differences from CPython" in [asyncio].
func Map[T, R any](ctx context.Context, ex *Executor, inputs []T, fn func(context.Context, T) (R, error)) ([]R, error) {
	if ctx == nil {
		nilCtxPanic("Map")
	}
	if ex == nil {
		nilFuncPanic("Map", "ex")
	}
	if fn == nil {
		nilFuncPanic("Map", "fn")
	}
	ex.mustBeMade("Map")
	if ex.isClosed() {
		return nil, ErrExecutorShutdown
	}
	if len(inputs) == 0 {
		return []R{}, nil
	}
	if observerFrom(ctx) != nil || loopTaskOf(ctx) != nil {
		// Tasks report to the recorder, and give an event loop up while
		// Map waits; their contexts are off the loop.
		return mapTasks(ctx, ex, inputs, fn)
	}
	return mapInputs(ctx, ex, inputs, fn)
}

// mapTasks is Map with a Task per input, for the recorder.
func mapTasks[T, R any](ctx context.Context, ex *Executor, inputs []T, fn func(context.Context, T) (R, error)) ([]R, error) {
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tasks := make([]*Task[R], len(inputs))
	for i, in := range inputs {
		t, err := Submit(mctx, ex, func(ctx context.Context) (R, error) { return fn(ctx, in) })
		if err != nil {
			cancel() // what was already queued finishes at once
			return nil, err
		}
		tasks[i] = t
	}
	lt := loopTaskOf(ctx)
	w := newTaskWait(ctx, lt, len(tasks), nil)
	defer w.end()
	watchAll(tasks, w)
	o := blocked(ctx, BlockThread, nil)
	defer o.resumed(BlockThread)
	var firstErr error
	for range tasks {
		i, r := w.recv()
		if r == recvDone {
			unwatchAll(tasks, w)
			return nil, ctx.Err()
		}
		if err := tasks[i].err; err != nil && firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	results := make([]R, len(tasks))
	for i, t := range tasks {
		results[i] = t.result
	}
	return results, nil
}

// mapRun is one call of Map without a recorder: the inputs are queued as
// mapInput jobs that share its context and results.
type mapRun[T, R any] struct {
	ctx     context.Context         // canceled on the first failure, or with Map's ctx
	cancel  context.CancelCauseFunc // the cause is the error inputs not yet started finish with
	fn      func(context.Context, T) (R, error)
	inputs  []T
	results []R
	claimed []atomic.Bool // an input is claimed by the worker that runs it, or by the first failure
	left    atomic.Int64  // inputs not yet finished or skipped
	done    chan struct{} // closed when left reaches 0

	mu  sync.Mutex
	err error // the first failure
}

// mapInput is the queue entry for input i of a mapRun.
type mapInput[T, R any] struct {
	m *mapRun[T, R]
	i int
}

func mapInputs[T, R any](ctx context.Context, ex *Executor, inputs []T, fn func(context.Context, T) (R, error)) ([]R, error) {
	n := len(inputs)
	m := &mapRun[T, R]{
		fn:      fn,
		inputs:  inputs,
		results: make([]R, n),
		claimed: make([]atomic.Bool, n),
		done:    make(chan struct{}),
	}
	m.ctx, m.cancel = context.WithCancelCause(ctx)
	defer m.cancel(nil) // on return, whatever is still queued is skipped
	m.left.Store(int64(n))
	items := make([]mapInput[T, R], n)
	jobs := make([]execJob, n)
	for i := range items {
		items[i] = mapInput[T, R]{m, i}
		jobs[i] = &items[i]
	}
	if !ex.enqueueMany(jobs) {
		return nil, ErrExecutorShutdown
	}
	// No recorder here, so no BlockThread to report.
	select {
	case <-m.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if m.err != nil {
		return nil, m.err
	}
	return m.results, nil
}

func (it *mapInput[T, R]) start() {
	m := it.m
	if !m.claimed[it.i].CompareAndSwap(false, true) {
		return // the first failure skipped it
	}
	defer m.finishOne()
	if m.ctx.Err() != nil { // an atomic load: context.Cause takes the context's mutex, which every worker shares
		// Map has returned, or is returning the first failure, or
		// ShutdownNow canceled it (then this is the first failure).
		m.fail(context.Cause(m.ctx))
		return
	}
	returned := false
	defer func() {
		if !returned {
			var err error = errGoexit
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: debug.Stack()}
			}
			m.fail(err)
		}
	}()
	r, err := m.fn(m.ctx, m.inputs[it.i])
	returned = true
	if err != nil {
		m.fail(err)
		return
	}
	m.results[it.i] = r
}

// cancelRunning cancels the whole Map, as a failure would.
func (it *mapInput[T, R]) cancelRunning() { it.m.cancel(errCanceledByShutdown) }

func (it *mapInput[T, R]) skip(err error) {
	m := it.m
	if m.claimed[it.i].CompareAndSwap(false, true) {
		m.fail(err)
		m.finishOne()
	}
}

// fail records the first failure, cancels the other inputs and skips those
// still queued, so that Map waits only for the running ones.
func (m *mapRun[T, R]) fail(err error) {
	m.mu.Lock()
	first := m.err == nil
	if first {
		m.err = err
	}
	m.mu.Unlock()
	if !first {
		return
	}
	m.cancel(nil)
	for i := range m.claimed {
		if m.claimed[i].CompareAndSwap(false, true) {
			m.finishOne()
		}
	}
}

func (m *mapRun[T, R]) finishOne() {
	if m.left.Add(-1) == 0 {
		close(m.done)
	}
}
