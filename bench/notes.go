package main

// contendersText closes the report: what each contender is, and how to
// profile one.
const contendersText = `## The contenders

- **ours**: package asyncio, used as its documentation says, inside asyncio.Run: CreateTask + Gather (a, b, f),
  Queue (c), Semaphore (d), Lock (e), Sleep(ctx, 0) as the yield. Code: bench/ours.go, bench/micro.go.
- **floor**: what a Go programmer writes by hand with the standard library: a goroutine per task, a
  sync.WaitGroup and a results slice, time.Sleep, a buffered channel as queue or semaphore, sync.Mutex,
  runtime.Gosched as the yield. It has no contexts, cancellation, error or panic handling. Code: bench/floor.go.
- **peer**: golang.org/x/sync v0.25.0 (errgroup.Group, semaphore.Weighted) and, for spawn + await,
  github.com/sourcegraph/conc v0.3.0 (conc.WaitGroup). Neither has a queue, a lock, an event or a condition.
  Code: bench/peer.go.
- **CPython**: python3's asyncio on its default event loop, the same workloads in bench/python/*.py.

To profile one contender on one workload:

    go build -o /tmp/bench ./bench
    /tmp/bench worker -workload d -impl ours -cpuprofile /tmp/d.prof   # -n, -k change the size
    go tool pprof -top -cum /tmp/bench /tmp/d.prof

and a micro-benchmark: ` + "`go test -run='^$' -bench='Micro/condition/' -cpuprofile /tmp/c.prof ./bench`" + `.
`

// The causes that the explanations below share. Each comes from CPU profiles
// of the workload or micro-benchmark it explains (see contendersText).
const (
	// whyCreateTask: what a task costs over a goroutine.
	whyCreateTask = "CreateTask costs about 2–3× a bare goroutine. Each task gets its own context.WithCancel of the " +
		"caller's context (asyncio/task.go, CreateTask: `tctx, cancel := context.WithCancel(ctx)`), which inserts it " +
		"into the parent context's children map under the parent's mutex, and taskCore.finish removes it again " +
		"(`c.cancel()`): in a CPU profile of a with 1M tasks, context.WithCancel is 14% and cancelCtx.cancel " +
		"18% (removeChild 15%) of all CPU, with contention on that one parent mutex (sync.Mutex.lockSlow 8%), since every " +
		"task of a Gather has the same parent. A task also makes 5 allocations (the Task, its done channel, the " +
		"cancelCtx, the goroutine's closure, the watcher slice that Gather appends to in taskCore.watchIn) where a " +
		"goroutine with a WaitGroup makes 2. The limit is in the library (CreateTask and taskCore.finish), not in " +
		"this benchmark."

	// whyBlocking: what a blocked acquisition costs.
	whyBlocking = "Every acquisition that has to wait goes through waitList.push, which allocates a waiter and its " +
		"ready channel, and waitList.block, which selects on that channel and ctx.Done() (so the task's context " +
		"allocates its done channel too, and the select takes two sudogs). A channel semaphore or lock parks once on " +
		"the channel's own queue without allocating."

	// whyStackGrowth: why many blocked tasks are expensive.
	whyStackGrowth = "With thousands of tasks blocked at once, the blocking path also outgrows the 2 KiB initial " +
		"goroutine stack: Task.run → the task's function → Semaphore.Acquire → semCore.acquireSlow → waitList.block → " +
		"selectgo → acquireSudog → mallocgc needs more, so runtime.newstack copies every blocked task's stack to 4 KiB " +
		"(in a CPU profile of d: newstack/copystack 18%, runtime.stackpoolalloc 25%, waitList.push 8%), which also " +
		"doubles their memory (d's peak RSS). x/sync's semaphore, also a select on two channels, pays part of this too."

	// whyGoroutineVsCoroutine: why even the floor cannot reach some CPython targets.
	whyGoroutineVsCoroutine = "Even the floor does not reach this target (last column): creating, scheduling and " +
		"ending a goroutine costs about 0.5 µs here, against about 7 µs for a CPython task, so 20× would need a task " +
		"cheaper than a bare goroutine. The target assumed a cost that a goroutine per task cannot meet."
)

// limits explains, for each target that a run may miss, what limits it. The
// keys are "<kind>/<row key>" as built by report.checks.
var limits = map[string]string{
	"floor/a": whyCreateTask,
	"peer/a":  whyCreateTask + " errgroup.Group.Go is a bare goroutine plus a WaitGroup.",
	"floor/b": whyCreateTask + " Sleep adds a timer and a select on the timer and ctx.Done() (cancellable, unlike " +
		"the floor's time.Sleep); the 100 ms sleep dominates the wall time, so the gap is mostly the spawn cost.",
	"peer/b": whyCreateTask + " Sleep adds a timer and a select on ctx.Done(), where errgroup's tasks call time.Sleep.",
	"floor/c": "Queue.Put and Get are a mutex and a ring buffer on their fast path, and park through the wait list " +
		"when the queue is full or empty; " + whyBlocking,
	"floor/d": whyBlocking + " " + whyStackGrowth + " On top of that each task is a CreateTask: " + whyCreateTask,
	"peer/d":  whyBlocking + " " + whyStackGrowth,
	"floor/e": "Each of the 1M acquisitions hands the lock to the first waiter (FIFO, as CPython does): a goroutine " +
		"wake-up per hand-off. " + whyBlocking,
	"floor/f": whyCreateTask + " Sleep adds a timer and a select on ctx.Done(), whose done channel the task's context " +
		"allocates on first use. With 1M tasks the parent's children map holds up to 1M entries, and its probing " +
		"(internal/runtime/maps.ctrlGroup.matchH2, 8% flat in a CPU profile of f) adds to removeChild.",
	"peer/f":      whyCreateTask + " Sleep adds a timer and a select on ctx.Done(), where errgroup's tasks call time.Sleep.",
	"floor/spawn": whyCreateTask,
	"peer/spawn":  whyCreateTask + " conc.WaitGroup.Go is a goroutine, a WaitGroup and a deferred recover.",
	"floor/gather": whyCreateTask + " Gather adds, per task, a watcher appended to the task (taskCore.watchIn's " +
		"append allocates) and an atomic countdown.",
	"peer/gather":         whyCreateTask + " Gather adds, per task, a watcher appended to the task (an allocation).",
	"floor/sem-contended": whyBlocking + " x/sync's semaphore.Weighted, built the same way, is about as slow (peer column).",
	"peer/sem-contended":  whyBlocking,
	"floor/lock-contended": "asyncio.Lock is fair: Unlock hands the lock to the first parked waiter, as CPython's " +
		"Lock does, so every contended acquisition waits for a goroutine wake-up. sync.Mutex lets the running " +
		"goroutine take the lock again ahead of the parked ones (barging), which is much faster and unfair. The " +
		"lock-fifo row compares ours with a fair floor. " + whyBlocking,
	"floor/lock-fifo": "Both hand the lock over in FIFO order; the gap is the waiting path: " + whyBlocking,
	"floor/event": "Wait selects on the event's channel and ctx.Done() where the floor receives from one channel; " +
		"both allocate a channel per Set/Clear cycle.",
	"floor/condition": "Each Condition.Wait parks twice: in the condition's wait list (waitList.push allocates a " +
		"waiter and a channel, waitList.block selects on it and ctx.Done()), then on the Lock when it re-acquires it " +
		"(Lock.lockSlow, another waiter). sync.Cond parks on the runtime's notify list and sync.Mutex without " +
		"allocating. In a CPU profile of the micro-benchmark, waitList.block is 33% and waitList.push 14%.",
	"floor/queue": "Queue.Put and Get take a mutex each where a buffered channel takes its own lock once.",
	"floor/sem":   "Acquire and Release are one compare-and-swap each on the fast path; a miss here is noise.",
	"peer/sem":    "Acquire and Release are one compare-and-swap each on the fast path; a miss here is noise.",
	"floor/lock":  "Lock and Unlock are one compare-and-swap each on the fast path, as sync.Mutex; a miss here is noise.",
	"cpython/a":   whyGoroutineVsCoroutine + " Ours adds CreateTask's context: " + whyCreateTask,
	"cpython/c": "Queue.Put and Get are a mutex and a ring buffer on their fast path; with maxsize 100 the producer " +
		"and consumer alternate between full and empty, parking through the wait list. " + whyBlocking,
	"cpython/d": whyBlocking + " " + whyStackGrowth + " The floor shows what a goroutine per task could reach.",
	"cpython/e": "Each of the 1M acquisitions is a FIFO hand-off to a parked goroutine, plus the yield: two trips " +
		"through the scheduler per acquisition. " + whyBlocking + " The floor's sync.Mutex is no faster here: its " +
		"waiters spin while the holder yields.",
	"cpython/f": "Creating 1M goroutines with their timers takes most of the Go contenders' time beyond the 1 s sleep, " +
		"and the garbage collector scans every live goroutine's stack. " + whyCreateTask,
	"memory/f": "A goroutine needs at least a 2 KiB stack and its runtime descriptor (a few hundred bytes), already more " +
		"than CPython's whole task: the floor's ratio (last column) shows that a goroutine per task cannot reach " +
		"0.8× CPython's memory. Ours adds per task the Task, its cancelCtx and entry in the parent's children map, " +
		"the context's done channel, the timer and the select's sudogs.",
}
