package asyncio

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"time"
)

// A Recorder receives the lifecycle events of tasks, for timelines, tracers and
// tests. Install one with [WithRecorder]. Record is called synchronously, on the
// goroutine of the task the event is about (or of whatever woke it, for
// [TaskReady]), so it must be safe for concurrent use and quick. Events of one
// task arrive in order; events of different tasks are ordered only by time.
type Recorder interface {
	Record(TaskEvent)
}

// RecorderFunc adapts an ordinary function to the [Recorder] interface.
type RecorderFunc func(TaskEvent)

// Record calls f(e).
func (f RecorderFunc) Record(e TaskEvent) { f(e) }

// EventKind is what happened to a task.
type EventKind uint8

// The kinds of [TaskEvent], in the order they happen to one task: TaskCreated
// and TaskStarted once, then any number of TaskBlocked/TaskResumed pairs (on a
// loop, with TaskReady between them), then one of TaskFinished or TaskCanceled.
const (
	TaskCreated  EventKind = iota + 1 // CreateTask was called
	TaskStarted                       // the task's goroutine began running fn
	TaskBlocked                       // the task blocked; TaskEvent.Block says on what
	TaskResumed                       // the task stopped blocking; TaskEvent.Block says on what
	TaskFinished                      // fn returned; TaskEvent.Err is its error, if any
	TaskCanceled                      // fn returned an error matching context.Canceled (a panic is TaskFinished)
	TaskReady                         // on an event loop: the task can run again and waits for its turn
)

var eventKindNames = [...]string{"", "created", "started", "blocked", "resumed", "finished", "canceled", "ready"}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) && k != 0 {
		return eventKindNames[k]
	}
	return "EventKind(?)"
}

// BlockKind is what a blocked task waits for.
type BlockKind uint8

// The things a task can block on.
const (
	BlockNone      BlockKind = iota
	BlockSleep               // Sleep
	BlockTask                // Task.Await, Gather, Wait, AsCompleted, TaskGroup.Wait
	BlockThread              // ToThread, or an executor's worker
	BlockLock                // Lock.Lock
	BlockSemaphore           // Semaphore.Acquire
	BlockEvent               // Event.Wait
	BlockCondition           // Condition.Wait
	BlockBarrier             // Barrier.Wait
	BlockQueue               // Queue Put, Get and Join
)

var blockKindNames = [...]string{"none", "sleep", "task", "thread", "lock", "semaphore", "event", "condition", "barrier", "queue"}

func (k BlockKind) String() string {
	if int(k) < len(blockKindNames) {
		return blockKindNames[k]
	}
	return "BlockKind(?)"
}

// TaskInfo identifies a task in a [TaskEvent].
type TaskInfo struct {
	ID     uint64 // unique in the process, never 0
	Name   string // the Name option, or "Task-<ID>" as in CPython
	Parent uint64 // the ID of the task that created it; 0 at the top level
}

// TaskEvent is one thing that happened to a task. (It is not named Event: that
// is the synchronisation primitive [Event].)
type TaskEvent struct {
	Time  time.Time // when it happened, as time.Now (virtual time under testing/synctest)
	Kind  EventKind
	Task  TaskInfo
	Block BlockKind // for TaskBlocked and TaskResumed
	On    string    // for TaskBlocked: the primitive or task waited for, e.g. "Lock(0xc000012345)", "task worker-2"; "" if none
	File  string    // for TaskBlocked: the source file of the call into this package that blocked
	Line  int       // and its line
	Err   error     // for TaskFinished and TaskCanceled
}

// WithRecorder returns a context that carries rec: tasks created from it, or
// from contexts derived from it, report their lifecycle events to rec.
func WithRecorder(ctx context.Context, rec Recorder) context.Context {
	if ctx == nil {
		nilCtxPanic("WithRecorder")
	}
	o := &observer{rec: rec}
	if parent := observerFrom(ctx); parent != nil {
		o.task = parent.task
	}
	return context.WithValue(ctx, observerKey{}, o)
}

type observerKey struct{}

// observer is what a context carries for the recorder: where to report and
// which task the context belongs to. A nil *observer means "not recording",
// and every method is a no-op on it.
type observer struct {
	rec   Recorder
	task  TaskInfo
	clock *loop // a loop with a virtual clock that times the events; nil: eventTime
}

func observerFrom(ctx context.Context) *observer {
	o, _ := ctx.Value(observerKey{}).(*observer)
	return o
}

// emit records an event for the context's task. Code outside any task
// (task.ID == 0) is not reported: events are about tasks.
func (o *observer) emit(kind EventKind, block BlockKind, err error) {
	if o == nil || o.task.ID == 0 {
		return
	}
	o.report(kind, block, err, nil)
}

// report builds the event and records it. It is kept out of line so that
// the event is not built in the frame of every caller: some of those frames
// stay on the stack of every parked task, which must stay small.
//
//go:noinline
func (o *observer) report(kind EventKind, block BlockKind, err error, on any) {
	e := TaskEvent{Kind: kind, Task: o.task, Block: block, Err: err}
	if kind == TaskBlocked {
		e.On = describeResource(on)
		e.File, e.Line = callerOutsidePackage()
	}
	o.record(e)
}

// emitAt is emit for an event that happened at t (zero: now), not later.
func (o *observer) emitAt(kind EventKind, t time.Time) {
	if o == nil || o.task.ID == 0 {
		return
	}
	if t.IsZero() {
		o.record(TaskEvent{Kind: kind, Task: o.task})
		return
	}
	o.rec.Record(TaskEvent{Time: t, Kind: kind, Task: o.task})
}

// record stamps e with the time and hands it to the recorder.
func (o *observer) record(e TaskEvent) {
	if o.clock != nil {
		e.Time = o.clock.now()
	} else {
		e.Time = eventTime()
	}
	o.rec.Record(e)
}

// blocked reports that the task blocks on kind; call the returned observer's
// resumed when it stops blocking. Both are no-ops without a recorder.
// on is the primitive or task waited for (nil if none), which the event
// names in On.
func blocked(ctx context.Context, kind BlockKind, on any) *observer {
	o := observerFrom(ctx)
	if o != nil && o.task.ID != 0 {
		o.report(TaskBlocked, kind, nil, on)
	}
	return o
}

// callerOutsidePackage returns the position of the innermost call on the
// stack that is not in this package: the user's line that blocked.
func callerOutsidePackage() (file string, line int) {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, packagePath+".") {
			return f.File, f.Line
		}
		if !more {
			return "", 0
		}
	}
}

// packagePath is this package's import path, as runtime frames name it.
var packagePath = func() string {
	type probe struct{}
	return reflect.TypeOf(probe{}).PkgPath()
}()

func (o *observer) resumed(kind BlockKind) { o.emit(TaskResumed, kind, nil) }

// blockOnce is for a wait that may loop several times, or not block at all:
// block reports TaskBlocked the first time it is called, and resumed reports
// TaskResumed only if block was called. The zero value is ready to use.
type blockOnce struct {
	o       *observer
	blocked bool
}

func (b *blockOnce) block(ctx context.Context, kind BlockKind, on any) {
	if !b.blocked {
		b.o, b.blocked = blocked(ctx, kind, on), true
	}
}

func (b *blockOnce) resumed(kind BlockKind) {
	if b.blocked {
		b.o.resumed(kind)
	}
}

// clockBase anchors eventTime.
var clockBase = time.Now()

// eventTime is time.Now read from the monotonic clock alone: the base's wall
// time plus the monotonic time since. That is one clock read where time.Now
// takes two, and every recorded task takes five timestamps. Under
// testing/synctest time.Since is virtual, and so is the result.
func eventTime() time.Time { return clockBase.Add(time.Since(clockBase)) }
