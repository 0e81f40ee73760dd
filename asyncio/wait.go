package asyncio

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// ReturnWhen says when [Wait] returns. It is a [WaitOption].
type ReturnWhen int

// The conditions for Wait, named after asyncio's ALL_COMPLETED,
// FIRST_COMPLETED and FIRST_EXCEPTION.
const (
	// AllCompleted returns when every task has finished. It is the default.
	AllCompleted ReturnWhen = iota
	// FirstCompleted returns as soon as any task has finished.
	FirstCompleted
	// FirstException returns as soon as a task fails (an error that does
	// not match context.Canceled, or a panic), or when every task has
	// finished.
	FirstException
)

func (r ReturnWhen) String() string {
	switch r {
	case AllCompleted:
		return "AllCompleted"
	case FirstCompleted:
		return "FirstCompleted"
	case FirstException:
		return "FirstException"
	}
	return "ReturnWhen(" + strconv.Itoa(int(r)) + ")"
}

func (r ReturnWhen) applyWait(c *waitConfig) { c.returnWhen = r }

// WaitOption configures [Wait]: a [ReturnWhen], or [WithTimeout].
type WaitOption interface{ applyWait(*waitConfig) }

// AsCompletedOption configures [AsCompleted]: [WithTimeout].
type AsCompletedOption interface{ applyAsCompleted(*asCompletedConfig) }

type waitConfig struct {
	returnWhen ReturnWhen
	timeout    time.Duration
	hasTimeout bool
}

// TimeoutOption is what [WithTimeout] returns, for [Wait] and [AsCompleted].
type TimeoutOption struct{ d time.Duration }

// WithTimeout bounds how long [Wait] or [AsCompleted] waits, counted from the
// call, like their timeout argument. When it passes, Wait returns with a nil
// error and AsCompleted yields [ErrTimeout]. A duration <= 0 counts only the
// tasks already finished. The last WithTimeout given wins.
func WithTimeout(d time.Duration) TimeoutOption { return TimeoutOption{d} }

func (o TimeoutOption) applyWait(c *waitConfig) { c.timeout, c.hasTimeout = o.d, true }

func (o TimeoutOption) applyAsCompleted(c *asCompletedConfig) {
	c.timeout, c.hasDeadline = o.d, true
}

// Wait blocks until the [ReturnWhen] condition holds ([AllCompleted] by
// default), the [WithTimeout] duration passes, or ctx is done, like
// asyncio.wait, and returns the finished and the pending tasks, each in argument
// order. Its error is nil when the condition held or the timeout passed, and
// ctx.Err() if ctx was done first. The calling task may be among them: it
// stays pending, as in CPython. Wait never cancels the tasks. With F =
// [Future], tasks of different result types can be waited on together. It
// panics with an [*ArgError] if tasks is empty or holds a nil task.
// CPython differs: see "Differences from CPython" in [asyncio].
func Wait[F Future](ctx context.Context, tasks []F, opts ...WaitOption) (done, pending []F, err error) {
	if ctx == nil {
		nilCtxPanic("Wait")
	}
	var cfg waitConfig
	for _, o := range opts {
		o.applyWait(&cfg)
	}
	switch {
	case len(tasks) == 0:
		panic(&ArgError{Func: "Wait", Arg: "tasks", Reason: "is empty"})
	case cfg.returnWhen < AllCompleted || cfg.returnWhen > FirstException:
		panic(&ArgError{Func: "Wait", Arg: "opts", Reason: "has an unknown " + cfg.returnWhen.String()})
	}
	for i, t := range tasks {
		if isNilFuture(t) {
			panic(&ArgError{Func: "Wait", Arg: "tasks[" + strconv.Itoa(i) + "]", Reason: "is nil"})
		}
		if t.core().id == 0 {
			panic(&ArgError{Func: "Wait", Arg: "tasks[" + strconv.Itoa(i) + "]", Reason: zeroTaskReason})
		}
	}

	lt := loopTaskOf(ctx)
	var on any
	if lt != nil || observerFrom(ctx) != nil { // for a deadlock report or a recorder
		on = coresOf(tasks)
	}
	w := newTaskWait(ctx, lt, len(tasks), on)
	if cfg.returnWhen != FirstCompleted {
		w.batch(len(tasks), cfg.returnWhen == FirstException)
	}
	watchAll(tasks, w)
	if cfg.hasTimeout {
		w.setDeadline(cfg.timeout)
	}
	err = waitUntil(ctx, tasks, w, cfg)
	w.end()
	done, pending = partition(tasks)
	for _, t := range pending {
		t.core().unwatch(w)
	}
	return done, pending, err
}

// waitUntil receives finished tasks from ch until cfg's condition holds
// (nil), the timeout passes (nil) or ctx is done (ctx.Err()). Tasks already
// reported on ch count before a timeout or cancellation does.
func waitUntil[F Future](ctx context.Context, tasks []F, w *taskWait, cfg waitConfig) error {
	var waiting blockOnce
	defer waiting.resumed(BlockTask)
	for {
		i, r, ok := w.poll()
		if !ok {
			waiting.block(ctx, BlockTask, w.on)
			i, r = w.recv()
		}
		switch r {
		case recvTimeout:
			return nil
		case recvDone:
			return ctx.Err()
		}
		// FirstCompleted: any task. Otherwise a batch sends batchDone when
		// all have finished, and, for FirstException, the index of each
		// task that failed; the send happens after the task stored its error.
		if cfg.returnWhen == FirstCompleted || i == batchDone || !isCanceled(tasks[i].core().err) {
			return nil
		}
	}
}

// partition splits tasks into those that have finished and the rest, keeping
// their order, from one look at each task and in one allocation.
func partition[F Future](tasks []F) (done, pending []F) {
	all := make([]F, len(tasks))
	d, p := 0, len(all)
	for _, t := range tasks {
		if isDone(t.core()) {
			all[d] = t
			d++
		} else {
			p--
			all[p] = t
		}
	}
	slices.Reverse(all[p:])
	return all[:d:d], all[d:]
}

func isDone(c *taskCore) bool { return c.finished.Load() }

// isNilFuture reports whether f is a nil interface or a nil *Task.
func isNilFuture[F Future](f F) bool {
	if any(f) == nil {
		return true
	}
	v := reflect.ValueOf(f)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
