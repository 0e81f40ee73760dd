// Package examples holds rexasyncio's examples. First, in the group
// "asyncio", the 16 asyncio programs of the blog post "asyncio – The Clue
// Is In The Name I/O!!", ported to Go on package asyncio so that each reads
// line for line like the post's Python. Then, in the group "threads and
// processes", five on what the post ranks after asyncio: threading,
// ThreadPoolExecutor, ProcessPoolExecutor and multiprocessing.
//
// # Reading order
//
// All returns them in that order, which is also the best order to read
// them in: helloio (async, await and asyncio.run), gather, generator and
// sleep (async generators as Go iterators), tothread, createtask and
// taskgather (tasks), wait (wait_for and wait), ascomplete, then the
// synchronisation primitives lock, event, condition and semaphore, and last
// the queues: queue, queuel (with a lock) and queuec (with a condition).
// Then thread (named goroutines, joined), threadlock (a shared counter:
// lost updates, sync.Mutex, sync/atomic), threadpool (Executor), processpool
// (CPU-bound work: goroutines against processes, measured) and
// multiprocessing (child processes and pipes).
//
// Each example is a package of its own, gobyexample style: gather/gather.go
// holds the post's functions (helloWorld1, helloWorld2) at top level, with
// the post's names, and an entry point, Run, that plays the post's main.
// Beside it are its Python counterpart (gather/gather.py), translated from
// the Go function for function, a note on how Go differs (gather/notes.md)
// and, for the post's examples, the same program on Go's standard library
// alone (gather/stdlib/gather.go): goroutines, channels, select, WaitGroup,
// errgroup and context instead of package asyncio. All are embedded in the
// Example.
//
// # Running
//
//	go run ./cmd/rexasyncio --gather               # output, then the Go source
//	go run ./cmd/rexasyncio --gather --goroutines  # on free goroutines
//	go run ./cmd/rexasyncio --gather --python      # and the Python counterpart
//	go run ./cmd/rexasyncio --gather --stdlib      # and the standard library's
//	go run ./cmd/rexasyncio --list                 # every example
//	go test ./examples                             # golden tests, virtual time
//
// # Modes
//
// The post's examples run on asyncio's event loop by default
// (asyncio.RunLoop, [Loop]): one task at a time, switching only where a task
// blocks in package asyncio, in CPython's first-in-first-out order. Every
// run then prints the post's lines in CPython's order, at the same moments.
// They also run on free goroutines ([Goroutines], asyncio.Run), in parallel,
// which shows what changes in Go: lines printed at one instant come in no
// fixed order. The threads and processes run on goroutines only: they show
// parallelism. [Example.RunMain] is the one place that runs an example in a
// mode; [Example.Modes] says which modes it has.
//
// # The example functions
//
// Each example's Run is a func(ctx context.Context, w io.Writer) error that
// plays the post's main(): run it with [Example.RunMain]. It writes only to w,
// awaits or cancels every task it starts, and returns ctx.Err() promptly when
// ctx is cancelled. On goroutines its tasks write to w from several
// goroutines at once: Example.Run serialises those writes, so any io.Writer
// will do; an example function called directly needs a writer that is safe
// for concurrent use (os.Stdout is). Every line is written by one call, so
// lines never interleave.
//
// processpool and multiprocessing start child processes: a program that runs
// them must call process.ServeIfChild first thing in main (and a test
// binary, in TestMain), since the children are that same program.
package examples

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples/ascomplete"
	ascompletestd "github.com/rexasyncio/rexasyncio/examples/ascomplete/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/condition"
	conditionstd "github.com/rexasyncio/rexasyncio/examples/condition/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/createtask"
	createtaskstd "github.com/rexasyncio/rexasyncio/examples/createtask/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/event"
	eventstd "github.com/rexasyncio/rexasyncio/examples/event/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/gather"
	gatherstd "github.com/rexasyncio/rexasyncio/examples/gather/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/generator"
	generatorstd "github.com/rexasyncio/rexasyncio/examples/generator/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/helloio"
	helloiostd "github.com/rexasyncio/rexasyncio/examples/helloio/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/lock"
	lockstd "github.com/rexasyncio/rexasyncio/examples/lock/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/multiprocessing"
	"github.com/rexasyncio/rexasyncio/examples/processpool"
	"github.com/rexasyncio/rexasyncio/examples/queue"
	queuestd "github.com/rexasyncio/rexasyncio/examples/queue/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/queuec"
	queuecstd "github.com/rexasyncio/rexasyncio/examples/queuec/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/queuel"
	queuelstd "github.com/rexasyncio/rexasyncio/examples/queuel/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/semaphore"
	semaphorestd "github.com/rexasyncio/rexasyncio/examples/semaphore/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/sleep"
	sleepstd "github.com/rexasyncio/rexasyncio/examples/sleep/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/taskgather"
	taskgatherstd "github.com/rexasyncio/rexasyncio/examples/taskgather/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/thread"
	"github.com/rexasyncio/rexasyncio/examples/threadlock"
	"github.com/rexasyncio/rexasyncio/examples/threadpool"
	"github.com/rexasyncio/rexasyncio/examples/tothread"
	tothreadstd "github.com/rexasyncio/rexasyncio/examples/tothread/stdlib"
	"github.com/rexasyncio/rexasyncio/examples/wait"
	waitstd "github.com/rexasyncio/rexasyncio/examples/wait/stdlib"
	"github.com/rexasyncio/rexasyncio/internal/eject"
)

// Example is one of the post's examples, ported to Go.
type Example struct {
	Name    string // the flag without dashes: "gather"
	Summary string // one line for --help and --list
	Teaches string // the Python → Go mapping it teaches

	// Group is the part of --help and --list the example belongs to:
	// GroupAsyncio for the post's examples, GroupThreads for the others.
	Group string

	// Run runs the example, writing its output to w. It must run as the
	// post's main, the root task of asyncio.RunLoop or asyncio.Run:
	// RunMain does that in either mode. Writes to w are serialised, so w
	// need not be safe for concurrent use, and nothing is written to it
	// once Run has returned. Run returns ctx.Err() soon after ctx is
	// cancelled, having awaited or cancelled every task it started.
	Run func(ctx context.Context, w io.Writer) error

	// File is its Go source file, from the examples directory:
	// "gather/gather.go". Source is that file's text: the code that Run
	// actually runs, the post's functions and Run.
	File   string
	Source string

	// PythonFile is this project's Python counterpart ("gather/gather.py"),
	// translated from Source function for function; Python is its text.
	PythonFile string
	Python     string

	Notes string // how Go differs here (<name>/notes.md), in Markdown

	// Stdlib is the same program on Go's standard library alone, for the
	// post's examples (nil for the others): goroutines, channels, select,
	// WaitGroup, errgroup and context. Call it as Run, but not on the
	// event loop: its goroutines are its own. Its writes to w are
	// serialised as Run's are. StdlibFile ("gather/stdlib/gather.go") and
	// StdlibSource are its file and that file's text.
	Stdlib       func(ctx context.Context, w io.Writer) error
	StdlibFile   string
	StdlibSource string

	// Duration is the example's total virtual run time in its default
	// mode, checked by the golden tests; real runs take the same, give or
	// take the scheduler.
	Duration time.Duration

	// Jitter is how much later than its golden time a line may
	// legitimately appear on goroutines: 0 except for the polling
	// examples (queuel, queuec), whose pollers race the producers at
	// whole seconds there (see their notes). On the loop every line
	// comes at its golden time.
	Jitter time.Duration

	// RealTime marks an example whose output depends on the machine: it
	// measures real time or shows process IDs. It has no golden file, and
	// its tests check the output's shape. Under testing/synctest, whose
	// clock stands still, it still runs, but measures every duration as 0.
	RealTime bool
}

// Mode is how an example's tasks are scheduled.
type Mode string

// The modes.
const (
	// Loop runs the example on asyncio's event loop, asyncio.RunLoop: one
	// task at a time, switching only where a task blocks in package
	// asyncio, in CPython's first-in-first-out order. The post's examples
	// run so by default.
	Loop Mode = "loop"
	// Goroutines runs every task on a goroutine of its own, in parallel,
	// with asyncio.Run: tasks that wake at one instant run in no fixed
	// order. The threads and processes run so, and only so.
	Goroutines Mode = "goroutines"
)

// Modes returns the modes the example runs in, its default first: Loop
// then Goroutines for the post's examples (GroupAsyncio), Goroutines alone
// for the threads and processes, which show parallelism. The slice is the
// caller's.
func (ex Example) Modes() []Mode {
	if ex.Group == GroupAsyncio {
		return []Mode{Loop, Goroutines}
	}
	return []Mode{Goroutines}
}

// RunMain runs the example as a program's main in mode ("" for its default,
// Modes()[0]), writing its output to w: as the root task of
// asyncio.RunLoop for Loop, of asyncio.Run for Goroutines. Both cancel the
// example on an interrupt (Ctrl-C). It returns when the example has, with
// its error. It panics if the example does not run in mode (see Modes): a
// programming error.
func (ex Example) RunMain(ctx context.Context, w io.Writer, mode Mode) error {
	modes := ex.Modes()
	if mode == "" {
		mode = modes[0]
	}
	if !slices.Contains(modes, mode) {
		panic(fmt.Sprintf("examples: Example.RunMain: --%s does not run in mode %q; it runs in %q", ex.Name, mode, modes))
	}
	main := func(ctx context.Context) error { return ex.Run(ctx, w) }
	if mode == Loop {
		return asyncio.RunLoop(ctx, main)
	}
	return asyncio.Run(ctx, main)
}

// Eject returns the files of a program of its own that runs ex in mode (""
// for its default) as rexasyncio does, for rexasyncio --eject: main.go, the
// example's package as package main with a func main, its other files, and
// a go.mod that builds this module from mod.Dir. Write them with
// eject.Write. It panics if the example does not run in mode.
func (ex Example) Eject(mode Mode, mod eject.Module) (map[string][]byte, error) {
	modes := ex.Modes()
	if mode == "" {
		mode = modes[0]
	}
	if !slices.Contains(modes, mode) {
		panic(fmt.Sprintf("examples: Example.Eject: --%s does not run in mode %q; it runs in %q", ex.Name, mode, modes))
	}
	command := "rexasyncio --" + ex.Name
	if mode != modes[0] {
		command += " --" + string(mode)
	}
	extra := make(map[string]string)
	entries, err := files.ReadDir(ex.Name)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if path.Ext(name) == ".go" && !strings.HasSuffix(name, "_test.go") &&
			ex.Name+"/"+name != ex.File {
			extra[name] = mustRead(ex.Name + "/" + name)
		}
	}
	return eject.Files(eject.Program{
		Name: ex.Name, Source: ex.Source, Extra: extra,
		Loop: mode == Loop, Command: command,
	}, mod)
}

// The groups of examples, in the order All returns them.
const (
	GroupAsyncio = "asyncio"               // the post's 16 examples
	GroupThreads = "threads and processes" // threading, executors, processes
)

// files holds every example's sources and notes.
//
//go:embed */*.go */*.py */notes.md */stdlib/*.go
var files embed.FS

// catalogue is the registry: the post's examples in its order, then the
// threads and processes. Run holds the example
// function itself; registry fills in the rest and serialises the writes.
var catalogue = []Example{
	{
		Name:     "helloio",
		Summary:  "async/await hello world: two coroutines, one after the other",
		Teaches:  "async def, await, asyncio.run → func(ctx) error, a call, asyncio.RunLoop",
		Group:    GroupAsyncio,
		Run:      helloio.Run,
		Stdlib:   helloiostd.Run,
		Duration: 2 * time.Second,
	},
	{
		Name:     "gather",
		Summary:  "gather coroutines and run them concurrently",
		Teaches:  "asyncio.gather → asyncio.CreateTask + asyncio.Gather",
		Group:    GroupAsyncio,
		Run:      gather.Run,
		Stdlib:   gatherstd.Run,
		Duration: 1 * time.Second,
	},
	{
		Name:     "generator",
		Summary:  "async and plain generators, consumed with for-range",
		Teaches:  "async generators, async for → iter.Seq, range-over-func",
		Group:    GroupAsyncio,
		Run:      generator.Run,
		Stdlib:   generatorstd.Run,
		Duration: 10 * time.Second,
	},
	{
		Name:     "sleep",
		Summary:  "sleep without blocking everyone else: asyncio.sleep",
		Teaches:  "asyncio.sleep vs time.sleep → asyncio.Sleep(ctx, d) vs time.Sleep",
		Group:    GroupAsyncio,
		Run:      sleep.Run,
		Stdlib:   sleepstd.Run,
		Duration: 12 * time.Second,
	},
	{
		Name:     "tothread",
		Summary:  "run a blocking function off the event loop",
		Teaches:  "asyncio.to_thread → asyncio.ToThread",
		Group:    GroupAsyncio,
		Run:      tothread.Run,
		Stdlib:   tothreadstd.Run,
		Duration: 0,
	},
	{
		Name:     "createtask",
		Summary:  "start three tasks at once, then await each in turn",
		Teaches:  "asyncio.create_task, await task → asyncio.Go, Task.Await",
		Group:    GroupAsyncio,
		Run:      createtask.Run,
		Stdlib:   createtaskstd.Run,
		Duration: 3 * time.Second,
	},
	{
		Name:     "taskgather",
		Summary:  "create tasks first, then gather their results",
		Teaches:  "create_task + gather(*tasks) → CreateTask + Gather(ctx, tasks...)",
		Group:    GroupAsyncio,
		Run:      taskgather.Run,
		Stdlib:   taskgatherstd.Run,
		Duration: 2 * time.Second,
	},
	{
		Name:     "wait",
		Summary:  "wait_for with a timeout, then wait for a set of tasks",
		Teaches:  "wait_for, wait → asyncio.WaitFor + ErrTimeout, asyncio.Wait",
		Group:    GroupAsyncio,
		Run:      wait.Run,
		Stdlib:   waitstd.Run,
		Duration: 3 * time.Second,
	},
	{
		Name:     "ascomplete",
		Summary:  "take results as tasks complete, fastest first",
		Teaches:  "asyncio.as_completed → range over asyncio.AsCompleted",
		Group:    GroupAsyncio,
		Run:      ascomplete.Run,
		Stdlib:   ascompletestd.Run,
		Duration: 2 * time.Second,
	},
	{
		Name:     "lock",
		Summary:  "three workers share a list, one at a time",
		Teaches:  "asyncio.Lock, async with → var Lock; Lock(ctx); defer Unlock()",
		Group:    GroupAsyncio,
		Run:      lock.Run,
		Stdlib:   lockstd.Run,
		Duration: 6 * time.Second,
	},
	{
		Name:     "event",
		Summary:  "workers wait for an event, then run together",
		Teaches:  "asyncio.Event → var Event; Wait(ctx); Set()",
		Group:    GroupAsyncio,
		Run:      event.Run,
		Stdlib:   eventstd.Run,
		Duration: 5 * time.Second,
	},
	{
		Name:     "condition",
		Summary:  "the post's consumer stops early; a corrected one doesn't",
		Teaches:  "asyncio.Condition → Condition: Lock, Wait, WaitFor, Notify",
		Group:    GroupAsyncio,
		Run:      condition.Run,
		Stdlib:   conditionstd.Run,
		Duration: 10 * time.Second,
	},
	{
		Name:     "semaphore",
		Summary:  "at most 3 of 5 workers at a time",
		Teaches:  "asyncio.Semaphore → NewSemaphore(n); Acquire(ctx); Release()",
		Group:    GroupAsyncio,
		Run:      semaphore.Run,
		Stdlib:   semaphorestd.Run,
		Duration: 2 * time.Second,
	},
	{
		Name:     "queue",
		Summary:  "a producer and a consumer share an asyncio.Queue",
		Teaches:  "asyncio.Queue, put/get/task_done/join → Queue[T] methods",
		Group:    GroupAsyncio,
		Run:      queue.Run,
		Stdlib:   queuestd.Run,
		Duration: 10 * time.Second,
	}, {
		Name:     "queuel",
		Summary:  "3 producers, 3 polling consumers, a queue and a lock",
		Teaches:  "Queue + Lock, polling with sleep → Queue[T] + Lock + Sleep",
		Group:    GroupAsyncio,
		Run:      queuel.Run,
		Stdlib:   queuelstd.Run,
		Duration: 10 * time.Second,
		Jitter:   100 * time.Millisecond,
	}, {
		Name:     "queuec",
		Summary:  "3 producers, 3 polling consumers, a queue and a condition",
		Teaches:  "Queue + Condition, notify_all → Queue[T] + Condition.NotifyAll",
		Group:    GroupAsyncio,
		Run:      queuec.Run,
		Stdlib:   queuecstd.Run,
		Duration: 10 * time.Second,
		Jitter:   100 * time.Millisecond,
	},
	{
		Name:     "thread",
		Summary:  "start three threads, then join them all",
		Teaches:  "threading.Thread, start, join → asyncio.CreateTask (a named goroutine), Task.Await",
		Group:    GroupThreads,
		Run:      thread.Run,
		Duration: 3 * time.Second,
	},
	{
		Name:    "threadlock",
		Summary: "a shared counter loses updates without a lock",
		Teaches: "threading.Lock → sync.Mutex; an atomic counter → sync/atomic",
		Group:   GroupThreads,
		Run:     threadlock.Run,
	},
	{
		Name:     "threadpool",
		Summary:  "five downloads on a pool of three threads: map, submit",
		Teaches:  "ThreadPoolExecutor, map, submit → Executor, Map, Submit",
		Group:    GroupThreads,
		Run:      threadpool.Run,
		Duration: 6 * time.Second,
	},
	{
		Name:     "processpool",
		Summary:  "CPU-bound work: sequential, goroutines, processes, timed",
		Teaches:  "ProcessPoolExecutor → Executor; process.Pool for isolation",
		Group:    GroupThreads,
		Run:      processpool.Run,
		RealTime: true,
	},
	{
		Name:     "multiprocessing",
		Summary:  "child processes: results, a crash, a pipe",
		Teaches:  "Process, Queue, Pipe → process.Pool, AsCompleted, os/exec",
		Group:    GroupThreads,
		Run:      multiprocessing.Run,
		RealTime: true,
	},
}

// registry is catalogue with every field filled in, built once.
var registry = sync.OnceValue(func() []Example {
	all := slices.Clone(catalogue)
	for i := range all {
		ex := &all[i]
		ex.File = ex.Name + "/" + ex.Name + ".go"
		ex.Source = mustRead(ex.File)
		ex.PythonFile = ex.Name + "/" + ex.Name + ".py"
		ex.Python = mustRead(ex.PythonFile)
		ex.Notes = mustRead(ex.Name + "/notes.md")
		ex.Run = serialised(ex.Run)
		if ex.Stdlib != nil {
			ex.StdlibFile = ex.Name + "/stdlib/" + ex.Name + ".go"
			ex.StdlibSource = mustRead(ex.StdlibFile)
			ex.Stdlib = serialised(ex.Stdlib)
		}
	}
	return all
})

// All returns every example: the post's, in its order, then the threads and
// processes. The slice is the caller's.
func All() []Example { return slices.Clone(registry()) }

// Lookup returns the example with the given name ("gather", no dashes) and
// whether there is one.
func Lookup(name string) (Example, bool) {
	for _, ex := range registry() {
		if ex.Name == name {
			return ex, true
		}
	}
	return Example{}, false
}

// Default returns the example that --run, or no flag at all, runs: helloio.
func Default() Example {
	ex, _ := Lookup("helloio")
	return ex
}

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("examples: missing embedded file: " + err.Error())
	}
	return string(b)
}

// serialised wraps an example so that its goroutines may share w: each Write
// happens alone. fmt.Fprint and friends make one Write per call, so every
// line arrives whole. Once the example has returned, w is no longer written
// to: a task that was cancelled but has not returned yet cannot print late.
func serialised(run func(context.Context, io.Writer) error) func(context.Context, io.Writer) error {
	return func(ctx context.Context, w io.Writer) error {
		lw := &lockedWriter{w: w}
		defer lw.close()
		return run(ctx, lw)
	}
}

// errReturned is what a task gets for writing after its example returned.
var errReturned = errors.New("examples: write after the example returned")

// lockedWriter serialises Writes to w. The lock is held only while w.Write
// runs, never across a wait on another task.
type lockedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, errReturned
	}
	return l.w.Write(p)
}

// close stops all writing. Taking the lock also orders every earlier Write
// before the example's return, for the race detector and for the caller.
func (l *lockedWriter) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
}
