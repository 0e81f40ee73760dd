package asyncio

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// RunLoop runs main, and every task created from its context, on one event
// loop, like asyncio.run, and returns main's error. One task runs at a time, in
// CPython's order, and gives the loop up only when it blocks in this package;
// blocking elsewhere (time.Sleep, a channel, a sync.Mutex) holds the loop. See
// "The event loop" in [asyncio] for what is ordered and what is not.
//
// RunLoop returns once main and every task it left behind have returned: tasks
// still running when main returns are canceled first. As with [Run], the first
// interrupt (Ctrl-C) cancels main's context and a second ends the process. If
// every task is blocked and nothing can wake one, RunLoop cancels them all and
// returns a [*DeadlockError]. A panic in main becomes a [*PanicError].
func RunLoop(ctx context.Context, main func(context.Context) error, opts ...LoopOption) error {
	if main == nil {
		nilFuncPanic("RunLoop", "main")
	}
	if ctx == nil {
		nilCtxPanic("RunLoop")
	}
	l := &loop{kick: make(chan struct{}, 1)}
	for _, o := range opts {
		o.applyLoop(l)
	}
	ctx, stop := catchInterrupt(ctx)
	defer stop()
	root := newScope(ctx)
	root.loop = l
	defer root.cancel(context.Canceled, nil)
	t := Go(root, main, WithName("main"))
	l.main = &t.taskCore
	l.run()
	err := t.err
	if l.deadlock != nil {
		return l.deadlock
	}
	return err
}

// LoopOption configures [RunLoop].
type LoopOption interface{ applyLoop(*loop) }

type seedOption uint64

func (s seedOption) applyLoop(l *loop) {
	l.rng = rand.New(rand.NewPCG(uint64(s), uint64(s)^0x9e3779b97f4a7c15))
}

// WithRandomSchedule makes the loop pick the next ready task at random, from a
// generator seeded with seed, instead of first-in first-out. The same seed and
// program give the same schedule. Package asynciotest explores schedules so.
func WithRandomSchedule(seed uint64) LoopOption { return seedOption(seed) }

type virtualTimeOption struct{}

func (virtualTimeOption) applyLoop(l *loop) { l.virtual = true }

// WithVirtualTime gives the loop a clock of its own, read with [Now]: real
// time, less the waits it skips. Whenever every task is blocked and nothing
// runs off the loop, the clock jumps to the next timer instead of waiting
// for it, so sleeps and timeouts take no real time, while running code and
// blocking outside the package (time.Sleep in a task, work off the loop) take
// the time they take. time.Now is not affected. Under testing/synctest the
// option is not needed: the bubble's clock already skips every wait.
func WithVirtualTime() LoopOption { return virtualTimeOption{} }

// Now returns the current time of the loop that ctx's task runs on: its
// virtual clock on a loop run [WithVirtualTime], time.Now() otherwise.
func Now(ctx context.Context) time.Time {
	if ctx == nil {
		nilCtxPanic("Now")
	}
	if s := scopeOf(ctx); s != nil && s.loop != nil {
		return s.loop.now()
	}
	return time.Now()
}

func (l *loop) now() time.Time {
	if l.virtual {
		return time.Now().Add(time.Duration(l.skipped.Load()))
	}
	return time.Now()
}

// ErrDeadlock is matched (errors.Is) by the [*DeadlockError] that [RunLoop]
// returns when every task is blocked and nothing can wake one.
var ErrDeadlock = errors.New("asyncio: deadlock")

// DeadlockError reports the tasks that were blocked when the loop found
// itself stuck, in the order they were created.
type DeadlockError struct {
	Blocked []BlockedTask
}

// BlockedTask is one task in a [DeadlockError].
type BlockedTask struct {
	Task  string    // the task's name
	Block BlockKind // what kind of call it was blocked in
	On    string    // the resource or task it waited for, e.g. "Lock(0xc000012345)" or "task worker-2"
}

func (e *DeadlockError) Error() string {
	var b strings.Builder
	b.WriteString("asyncio: deadlock: every task is blocked and nothing can wake one")
	for _, t := range e.Blocked {
		fmt.Fprintf(&b, "; %s waits on %s", t.Task, t.Block)
		if t.On != "" {
			fmt.Fprintf(&b, " %s", t.On)
		}
	}
	return b.String()
}

// Is reports whether target is ErrDeadlock.
func (e *DeadlockError) Is(target error) bool { return target == ErrDeadlock }

// loop is the state of one RunLoop. Tasks on it hand a baton to each other:
// the task holding it runs, every other one waits on its own turn channel. A
// task that blocks passes the baton straight to the next ready task, so a
// switch costs one channel send and receive; when none is ready the baton
// goes back to RunLoop's goroutine, which waits for a timer or for work off
// the loop.
type loop struct {
	mu      sync.Mutex
	ready   readyQueue
	batch   int       // entries of the current iteration not yet run (CPython's ntodo)
	holder  *loopTask // the running task; nil when RunLoop's goroutine holds the baton
	timers  timerHeap
	seq     uint64 // creation order of timers and tasks
	outside int    // work running off the loop that will wake a task when done
	live    taskList
	kick    chan struct{} // wakes RunLoop's goroutine; buffered
	rng     *rand.Rand    // nil: FIFO
	virtual bool          // the loop's clock is virtual (WithVirtualTime)
	skipped atomic.Int64  // with a virtual clock: the waits it skipped, in nanoseconds

	main     *taskCore
	mainDone bool
	deadlock *DeadlockError
}

// loopTask is a task's place on its loop. Its fields other than turn and
// loop are guarded by loop.mu.
type loopTask struct {
	loop    *loop
	core    *taskCore
	turn    chan struct{} // receives the baton; buffered
	seq     uint64
	state   uint8
	pending bool // woken while running: its next park returns at once
	// what it is parked on, for deadlock reports
	block BlockKind
	on    any
	ctx   context.Context

	cancelHook hook        // wakes the task when the context it parks with is canceled
	watching   *scope      // the scope cancelHook is registered with, if any
	stopWatch  func() bool // the same for a context of the standard library
	prev, next *loopTask   // in loop.live
}

const (
	ltReady uint8 = iota
	ltRunning
	ltParked
	ltDone
)

// newTask puts a new task on the loop, ready to run after everything that is
// ready already. Its goroutine must wait for its turn before running.
func (l *loop) newTask(c *taskCore) *loopTask {
	lt := &loopTask{loop: l, core: c, turn: make(chan struct{}, 1)}
	lt.cancelHook.target = lt
	l.mu.Lock()
	l.seq++
	lt.seq = l.seq
	l.live.push(lt)
	lt.state = ltReady
	c.scope.obs.emit(TaskReady, BlockNone, nil)
	l.ready.push(readyEntry{lt: lt})
	l.kickIfIdleLocked()
	l.mu.Unlock()
	return lt
}

func (lt *loopTask) scopeCanceled() { lt.wake() }

// wake makes a parked task ready. It may be called from any goroutine, any
// number of times: waking a ready or finished task does nothing, and waking
// the running task makes its next park return at once.
func (lt *loopTask) wake() {
	l := lt.loop
	l.mu.Lock()
	lt.wakeLocked()
	l.mu.Unlock()
}

func (lt *loopTask) wakeLocked() { lt.wakeLockedAt(time.Time{}) }

// wakeLockedAt is wakeLocked for a wake-up that was due at the given time
// (zero: now), which the TaskReady event then carries: a timer that expired
// while the loop was held made its task ready when it was due.
func (lt *loopTask) wakeLockedAt(due time.Time) {
	l := lt.loop
	switch lt.state {
	case ltParked:
		lt.state = ltReady
		lt.core.scope.obs.emitAt(TaskReady, due)
		l.ready.push(readyEntry{lt: lt})
		l.kickIfIdleLocked()
	case ltRunning:
		lt.pending = true
	}
}

// park gives the loop up until the task is woken. The caller must be the
// running task and must have arranged for whatever it waits for to wake it.
func (lt *loopTask) park(kind BlockKind, on any, ctx context.Context) {
	l := lt.loop
	l.mu.Lock()
	if l.holder != lt {
		l.mu.Unlock()
		panic(&ArgError{Func: "a blocking call", Arg: "ctx", Reason: "belongs to a task on an event loop but is used from another goroutine (start goroutines that block with CreateTask or ToThread)"})
	}
	if lt.pending {
		lt.pending = false
		l.mu.Unlock()
		return
	}
	lt.state = ltParked
	lt.block, lt.on, lt.ctx = kind, on, ctx
	l.handOffLocked()
	l.mu.Unlock()
	<-lt.turn
}

// parkCtx parks, and is also woken when ctx is cancelled.
func (lt *loopTask) parkCtx(ctx context.Context, kind BlockKind, on any) {
	lt.watchCancel(ctx)
	lt.park(kind, on, ctx)
	lt.unwatchCancel()
}

// watchCancel arranges for the task to be woken when ctx is cancelled:
// synchronously for a context of this package, from the standard library's
// own goroutine otherwise.
func (lt *loopTask) watchCancel(ctx context.Context) {
	if s, ok := ctx.(*scope); ok {
		if s.addHook(&lt.cancelHook) {
			lt.watching = s
		}
		return
	}
	if ctx.Done() == nil {
		return
	}
	lt.stopWatch = context.AfterFunc(ctx, lt.wake)
}

func (lt *loopTask) unwatchCancel() {
	if s := lt.watching; s != nil {
		s.removeHook(&lt.cancelHook)
		lt.watching = nil
	}
	if lt.stopWatch != nil {
		lt.stopWatch()
		lt.stopWatch = nil
	}
}

// yield puts the running task at the back of the ready queue and runs the
// others first, like `await asyncio.sleep(0)`.
func (lt *loopTask) yield() {
	l := lt.loop
	l.mu.Lock()
	if l.holder != lt {
		l.mu.Unlock()
		panic(&ArgError{Func: "Sleep", Arg: "ctx", Reason: "belongs to a task on an event loop but is used from another goroutine (start goroutines that block with CreateTask or ToThread)"})
	}
	lt.pending = false
	lt.state = ltReady
	l.ready.push(readyEntry{lt: lt})
	l.handOffLocked()
	l.mu.Unlock()
	<-lt.turn
}

// exit is the last thing a task's goroutine does: it passes the baton on.
func (lt *loopTask) exit() {
	l := lt.loop
	l.mu.Lock()
	lt.state = ltDone
	l.live.remove(lt)
	if lt.core == l.main {
		l.mainDone = true
		// As asyncio.run does: cancel what main left behind, then run
		// the loop until it has all returned.
		for t := l.live.head; t != nil; t = t.next {
			s := &t.core.scope
			l.mu.Unlock()
			s.cancel(context.Canceled, nil)
			l.mu.Lock()
		}
	}
	l.handOffLocked()
	l.mu.Unlock()
}

// handOffLocked passes the baton on from a task that stops running: to the
// next ready task, or back to RunLoop's goroutine.
func (l *loop) handOffLocked() {
	if !l.switchLocked() {
		l.kickLocked()
	}
}

// switchLocked hands the baton to the next ready task, running expired
// timers' callbacks on the way, and reports whether it did; if nothing is
// ready, nobody holds the baton. As in CPython's _run_once, the timers are
// looked at once per iteration, before the entries that were ready when it
// began.
func (l *loop) switchLocked() bool {
	for {
		if l.batch == 0 {
			l.expireTimersLocked(l.now())
			l.batch = l.ready.len()
		}
		if l.batch == 0 {
			l.holder = nil
			return false
		}
		e := l.ready.pop(l.rng)
		l.batch--
		if e.lt == nil {
			l.mu.Unlock()
			e.fn()
			l.mu.Lock()
			continue
		}
		if e.timer != nil { // a sleep ended: wake its task, as a callback
			e.timer.fired = true
			e.lt.wakeLockedAt(e.timer.when)
			continue
		}
		e.lt.state = ltRunning
		l.holder = e.lt
		e.lt.turn <- struct{}{}
		return true
	}
}

func (l *loop) kickLocked() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

func (l *loop) kickIfIdleLocked() {
	if l.holder == nil {
		l.kickLocked()
	}
}

// run is RunLoop's goroutine: it holds the baton whenever no task does, and
// waits for the next timer or for work off the loop.
func (l *loop) run() {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	l.mu.Lock()
	for {
		if l.holder != nil {
			l.mu.Unlock()
			<-l.kick
			l.mu.Lock()
			continue
		}
		if l.mainDone && l.live.head == nil {
			l.mu.Unlock()
			return
		}
		l.batch = 0 // a new iteration
		if l.switchLocked() {
			continue
		}
		// Nothing is ready: wait for a timer, work off the loop, or a
		// foreign context's deadline.
		wait, ok := l.nextEventLocked(l.now())
		if ok && l.virtual && l.outside == 0 && len(l.timers) > 0 {
			// Nothing runs and nothing off the loop can happen first: the
			// clock jumps to the next timer.
			if d := l.timers[0].when.Sub(l.now()); d > 0 {
				l.skipped.Add(int64(d))
			}
			continue
		}
		if !ok {
			if l.wakeCanceledLocked() {
				continue
			}
			l.deadlockLocked()
			continue
		}
		l.mu.Unlock()
		if wait >= 0 {
			timer.Reset(wait)
			select {
			case <-l.kick:
			case <-timer.C:
			}
			timer.Stop()
		} else {
			<-l.kick
		}
		l.mu.Lock()
	}
}

// nextEventLocked says how long to wait for something to happen: until the
// first timer, or a parked task's foreign deadline; -1 to wait for work off
// the loop with no deadline. ok is false if nothing can happen.
func (l *loop) nextEventLocked(now time.Time) (wait time.Duration, ok bool) {
	var next time.Time
	if len(l.timers) > 0 {
		next = l.timers[0].when
	}
	for t := l.live.head; t != nil; t = t.next {
		if t.state != ltParked || t.ctx == nil {
			continue
		}
		if d, has := t.ctx.Deadline(); has && (next.IsZero() || d.Before(next)) {
			next = d
		}
	}
	switch {
	case !next.IsZero():
		return max(next.Sub(now), 0), true
	case l.outside > 0:
		return -1, true
	}
	return 0, false
}

// wakeCanceledLocked wakes the parked tasks whose context is done but whose
// wake-up, coming from the standard library's goroutine, has not arrived.
func (l *loop) wakeCanceledLocked() bool {
	woke := false
	for t := l.live.head; t != nil; t = t.next {
		if t.state == ltParked && t.ctx != nil && t.ctx.Err() != nil {
			t.wakeLocked()
			woke = true
		}
	}
	return woke
}

// deadlockLocked records what every task waits on, then cancels them all so
// that their goroutines return.
func (l *loop) deadlockLocked() {
	d := &DeadlockError{}
	for t := l.live.head; t != nil; t = t.next {
		d.Blocked = append(d.Blocked, BlockedTask{Task: t.core.Name(), Block: t.block, On: describeResource(t.on)})
	}
	if l.deadlock == nil {
		l.deadlock = d
	}
	canceled := false
	for t := l.live.head; t != nil; t = t.next {
		if t.core.scope.Err() == nil {
			canceled = true
		}
		s := &t.core.scope
		l.mu.Unlock()
		s.cancel(context.Canceled, nil)
		l.mu.Lock()
	}
	if !canceled && !l.wakeCanceledLocked() {
		// Cancelling did not help: the tasks ignore their contexts. Their
		// goroutines stay parked; report and stop.
		for t := l.live.head; t != nil; t = t.next {
			t.state = ltDone
		}
		l.live = taskList{}
		l.mainDone = true
	}
}

// describeResource names what a task waits on, for a deadlock report.
func describeResource(on any) string {
	switch r := on.(type) {
	case nil:
		return ""
	case *taskCore:
		return r.Name()
	case []*taskCore:
		names := make([]string, len(r))
		for i, t := range r {
			names[i] = t.Name()
		}
		sort.Strings(names)
		return strings.Join(names, ", ")
	}
	name := fmt.Sprintf("%T", on)
	name = strings.TrimPrefix(name, "*asyncio.")
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i] // queueCore[int] → queueCore
	}
	if public, ok := publicNames[name]; ok {
		name = public
	}
	return fmt.Sprintf("%s(%p)", name, on)
}

// beginOutside counts work that runs off the loop and will wake a task;
// endOutside is called once it has.
func (l *loop) beginOutside() {
	l.mu.Lock()
	l.outside++
	l.mu.Unlock()
}

func (l *loop) endOutside() {
	l.mu.Lock()
	l.outside--
	l.kickIfIdleLocked()
	l.mu.Unlock()
}

// loopTimer is a timer on the loop: a Sleep's (lt set) or a callback's (fn).
type loopTimer struct {
	when  time.Time
	seq   uint64
	lt    *loopTask
	fn    func()
	index int  // in the heap; -1 once removed
	fired bool // guarded by loop.mu
}

// addTimer schedules a wake-up of lt (fn nil) or a call of fn at when.
func (l *loop) addTimer(when time.Time, lt *loopTask, fn func()) *loopTimer {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	t := &loopTimer{when: when, seq: l.seq, lt: lt, fn: fn}
	heap.Push(&l.timers, t)
	return t
}

// stopTimer removes t if it has not expired.
func (l *loop) stopTimer(t *loopTimer) {
	l.mu.Lock()
	if t.index >= 0 {
		heap.Remove(&l.timers, t.index)
	}
	l.mu.Unlock()
}

func (l *loop) timerFired(t *loopTimer) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return t.fired
}

// expireTimersLocked moves the timers due by now to the ready queue, in
// (deadline, creation) order, as callbacks.
func (l *loop) expireTimersLocked(now time.Time) {
	for len(l.timers) > 0 && !l.timers[0].when.After(now) {
		t := heap.Pop(&l.timers).(*loopTimer)
		if t.fn != nil {
			fn := func() {
				l.mu.Lock()
				t.fired = true
				l.mu.Unlock()
				t.fn()
			}
			l.ready.push(readyEntry{fn: fn})
		} else {
			l.ready.push(readyEntry{lt: t.lt, timer: t})
		}
	}
}

type timerHeap []*loopTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*loopTimer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// readyEntry is one thing the loop will run: a task's turn (lt), a Sleep's
// expired timer (lt and timer), or a callback (fn).
type readyEntry struct {
	lt    *loopTask
	timer *loopTimer
	fn    func()
}

// readyQueue is a FIFO ring of entries.
type readyQueue struct {
	buf     []readyEntry
	head, n int
}

func (q *readyQueue) len() int { return q.n }

func (q *readyQueue) push(e readyEntry) {
	if q.n == len(q.buf) {
		buf := make([]readyEntry, max(2*len(q.buf), 16))
		for i := range q.n {
			buf[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = buf, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = e
	q.n++
}

// pop takes the first entry, or with rng a random one among those ready.
func (q *readyQueue) pop(rng *rand.Rand) readyEntry {
	if rng != nil && q.n > 1 {
		i := (q.head + rng.IntN(q.n)) % len(q.buf)
		q.buf[i], q.buf[q.head] = q.buf[q.head], q.buf[i]
	}
	e := q.buf[q.head]
	q.buf[q.head] = readyEntry{}
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return e
}

// taskList is the loop's live tasks in creation order.
type taskList struct{ head, tail *loopTask }

func (l *taskList) push(t *loopTask) {
	t.prev, t.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = t
	} else {
		l.head = t
	}
	l.tail = t
}

func (l *taskList) remove(t *loopTask) {
	if t.prev != nil {
		t.prev.next = t.next
	} else if l.head == t {
		l.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else if l.tail == t {
		l.tail = t.prev
	}
	t.prev, t.next = nil, nil
}

// loopTaskOf returns the loop task whose context ctx is, or derives from;
// nil off a loop.
func loopTaskOf(ctx context.Context) *loopTask {
	if s := scopeOf(ctx); s != nil {
		return s.lt
	}
	return nil
}

// wakeSet is the tasks on a loop that wait for a channel to close (an
// Event's round, a Barrier's cycle, a Queue's Join), to be woken in the order
// they came when it does. Guarded by the primitive's mutex.
type wakeSet []*loopTask

func (s *wakeSet) add(lt *loopTask) {
	if lt != nil {
		*s = append(*s, lt)
	}
}

// remove drops a waiter that stopped waiting (cancelled).
func (s *wakeSet) remove(lt *loopTask) {
	for i, t := range *s {
		if t == lt {
			*s = append((*s)[:i], (*s)[i+1:]...)
			return
		}
	}
}

func (s *wakeSet) wakeAll() {
	for _, lt := range *s {
		lt.wake()
	}
	*s = nil
}

// parkUntilClosed parks lt until ch is closed or ctx is done, whichever it
// finds first when its turn comes (a cancellation first, as in CPython).
// Whatever closes ch must wake lt. It returns ctx.Err() or nil.
func (lt *loopTask) parkUntilClosed(ctx context.Context, ch <-chan struct{}, kind BlockKind, on any) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case <-ch:
			return nil
		default:
		}
		lt.parkCtx(ctx, kind, on)
	}
}

// publicNames names the cores of exported primitives as users know them.
var publicNames = map[string]string{"queueCore": "Queue", "semCore": "Semaphore"}
