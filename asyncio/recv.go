package asyncio

import (
	"context"
	"sync/atomic"
	"time"
)

// recvResult says how a receive ended.
type recvResult uint8

const (
	recvOK      recvResult = iota // an index arrived
	recvTimeout                   // the deadline passed first
	recvDone                      // ctx was done first
	recvStale                     // a cancellation no longer watched: receive again
)

// Tokens that a taskWait's channel carries besides the tasks' indices and
// batchDone.
const (
	tokenCanceled = -2 - iota // the waiter's context was cancelled
	tokenExpired              // the waiter's deadline passed
)

// taskWait is a caller's wait for tasks to finish, behind Gather, Wait,
// AsCompleted, TaskGroup.Wait and Map: the channel on which the tasks'
// watchers send indices (see watchAll), and what else ends the wait.
//
// Off an event loop, everything arrives on that one channel, in order: the
// cancellation of a task's context through a hook of its scope, a deadline
// through a timer. So an index sent before them wins, and the caller parks
// on one channel; only a context of another kind needs a select with its
// Done channel. On an event loop (lt) the watchers wake the caller's task,
// which parks until an index, its cancellation or its deadline.
type taskWait struct {
	ch  chan int
	ctx context.Context // nil once the caller no longer watches it
	lt  *loopTask
	on  any // what the loop task waits on, for a deadlock report

	dl     *deadline // nil: no deadline
	hook   hook      // registered with ctx's scope: sends tokenCanceled
	hooked *scope    // the scope hook is registered with, if any

	// A batch (see batch) wakes the waiter only when it has something to
	// decide, instead of once per task.
	batched bool
	onError bool
	left    atomic.Int64 // tasks of the batch that have not finished
}

// batchDone is sent on a batch's channel once all its tasks have finished.
const batchDone = -1

// batch makes the wait one for n tasks as a batch, which wakes the waiter
// only when it has something to decide, instead of once per task (which
// hands the processor back and forth between the waiter and each finishing
// task): a task's index is sent only if it failed and onError is set, and
// batchDone once all have finished, after every index. Call it before
// watchAll.
func (w *taskWait) batch(n int, onError bool) {
	w.batched, w.onError = true, onError
	w.left.Store(int64(n))
}

// notify is told by a watched task that it finished with err.
func (w *taskWait) notify(idx int, err error) {
	if !w.batched {
		w.send(idx)
		return
	}
	if err != nil && w.onError {
		w.send(idx)
	}
	if w.left.Add(-1) == 0 {
		w.send(batchDone)
	}
}

func (w *taskWait) send(i int) {
	w.ch <- i // never blocks: see newTaskWait
	if w.lt != nil {
		w.lt.wake()
	}
}

// newTaskWait starts a wait with ctx (nil: do not watch a context) for
// notifications about n tasks, which the caller then asks for with
// watchAll(tasks, w). On an event loop, lt is the caller's task.
func newTaskWait(ctx context.Context, lt *loopTask, n int, on any) *taskWait {
	// Room for every notification, so that no sender ever blocks: an index
	// per task, batchDone, a cancellation and an expiry.
	w := &taskWait{ch: make(chan int, n+3), ctx: ctx, lt: lt, on: on}
	if s, ok := ctx.(*scope); ok && lt == nil {
		w.hook.target = w
		if s.addHook(&w.hook) {
			w.hooked = s
		} else {
			w.ch <- tokenCanceled
		}
	}
	return w
}

func (w *taskWait) scopeCanceled() { w.ch <- tokenCanceled }

// setDeadline makes the wait end d from now (d <= 0: once the notifications
// already sent have been received). Call it after watchAll, so that tasks
// already finished come first.
func (w *taskWait) setDeadline(d time.Duration) {
	if w.lt != nil {
		w.dl = newDeadline(w.lt, d)
		return
	}
	if d <= 0 {
		w.ch <- tokenExpired
		return
	}
	ch := w.ch
	w.dl = &deadline{timer: time.AfterFunc(d, func() { ch <- tokenExpired })}
}

// ignoreCtx stops watching the context: from now on only the tasks end the
// wait.
func (w *taskWait) ignoreCtx() {
	w.ctx = nil
	if s := w.hooked; s != nil {
		s.removeHook(&w.hook)
		w.hooked = nil
	}
}

// end releases what the wait holds on to: its hook and its timer.
func (w *taskWait) end() {
	w.ignoreCtx()
	w.dl.stop()
}

// token maps what the channel carried to a result.
func (w *taskWait) token(i int) (int, recvResult) {
	switch i {
	case tokenCanceled:
		if w.ctx == nil {
			return i, recvStale
		}
		return -1, recvDone
	case tokenExpired:
		return -1, recvTimeout
	}
	return i, recvOK
}

// poll returns what is already there, without blocking; ok is false if
// nothing is. An index already there wins over a passed deadline or a done
// ctx on an event loop too.
func (w *taskWait) poll() (i int, r recvResult, ok bool) {
	for {
		select {
		case i := <-w.ch:
			if i, r := w.token(i); r != recvStale {
				return i, r, true
			}
		default:
			return -1, recvOK, false
		}
	}
}

// recv blocks until a finished task's index, the deadline or the context's
// cancellation, taking them in the order they came.
func (w *taskWait) recv() (int, recvResult) {
	if i, r, ok := w.poll(); ok {
		return i, r
	}
	if w.lt != nil {
		return w.recvOnLoop()
	}
	var done <-chan struct{}
	if w.ctx != nil && w.hooked == nil {
		done = w.ctx.Done()
	}
	for {
		var i int
		if done == nil {
			i = <-w.ch
		} else {
			select {
			case i = <-w.ch:
			case <-done:
				return -1, recvDone
			}
		}
		if i, r := w.token(i); r != recvStale {
			return i, r
		}
	}
}

func (w *taskWait) recvOnLoop() (int, recvResult) {
	for {
		if i, r, ok := w.poll(); ok {
			return i, r
		}
		if w.ctx != nil && w.ctx.Err() != nil {
			return -1, recvDone
		}
		if w.dl != nil && w.dl.expired() {
			return -1, recvTimeout
		}
		if w.ctx != nil {
			w.lt.parkCtx(w.ctx, BlockTask, w.on)
		} else {
			w.lt.park(BlockTask, w.on, nil)
		}
	}
}

// deadline is a timeout: off the loop, a timer that sends tokenExpired; on
// the loop, a loop timer that wakes the waiting task.
type deadline struct {
	timer *time.Timer
	lt    *loopTimer
	loop  *loop
}

// newDeadline starts a deadline d from now for a caller on lt's loop. d <= 0
// has expired already.
func newDeadline(lt *loopTask, d time.Duration) *deadline {
	l := lt.loop
	return &deadline{lt: l.addTimer(l.now().Add(d), lt, nil), loop: l}
}

func (d *deadline) expired() bool { return d.loop.timerFired(d.lt) }

func (d *deadline) stop() {
	if d == nil {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	if d.lt != nil {
		d.loop.stopTimer(d.lt)
	}
}

// coresOf lists the tasks a caller waits for, for a deadlock report.
func coresOf[F Future](tasks []F) []*taskCore {
	cs := make([]*taskCore, len(tasks))
	for i, t := range tasks {
		cs[i] = t.core()
	}
	return cs
}
