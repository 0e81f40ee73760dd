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

To profile one contender on one workload, in bench/ (a module of its own):

    go build -o /tmp/bench .
    /tmp/bench worker -workload d -impl ours -cpuprofile /tmp/d.prof   # -n, -k change the size
    go tool pprof -top -cum /tmp/bench /tmp/d.prof

and a micro-benchmark: ` + "`go test -run='^$' -bench='Micro/condition/' -cpuprofile /tmp/c.prof .`" + `.
`

// cause is one reason, found by profiling (see contendersText), why ours
// misses targets.
type cause struct {
	name string // a few words, shown next to each target it explains
	text string
}

// causes, in the order the report lists them.
var causes = []cause{
	{"task creation", "Each task is a goroutine plus a context.WithCancel of its creator's context " +
		"(asyncio/task.go, taskCore.init: `tctx, cancel := context.WithCancel(ctx)`), released by taskCore.finish " +
		"(`c.cancel()`). Under a cancellable parent (always, inside asyncio.Run) WithCancel inserts the child into " +
		"the parent's children map and cancel removes it, both under the parent context's mutex, which every task of " +
		"one creator shares. In a CPU profile of a with 1M tasks (`bench worker -workload a -impl ours -n 1000000`), " +
		"context.WithCancel is 15% and cancelCtx.cancel 18% of all CPU (removeChild 13%, contended Mutex.lockSlow " +
		"6%). A task also makes 4 allocations (the Task, the goroutine's argument closure, the cancelCtx and its " +
		"CancelFunc) where a goroutine with a WaitGroup makes 2; Task.Await adds the done channel."},
	{"cancellable sleep", "Sleep (asyncio/sleep.go) allocates a timer and its channel (time.NewTimer) and selects " +
		"on it and ctx.Done(), whose channel the task's context allocates on first use; time.Sleep uses the " +
		"goroutine's own timer and allocates nothing. In a CPU profile of f, Sleep is 37% of all CPU (time.NewTimer " +
		"14%, selectgo 18%), the tasks' contexts 19% (WithCancel, cancel, Done), and the garbage collector, run more " +
		"often by these allocations, scans the live goroutines' stacks each cycle (markroot 12%, assists 10%)."},
	{"waiting path", "Every acquisition that has to wait goes through waitList.push (asyncio/waitlist.go), which " +
		"allocates a waiter and its ready channel, and waitList.block, which selects on that channel and " +
		"ctx.Done(): two sudogs, and the context's done channel on first use. A channel used as semaphore or lock " +
		"parks once on its own queue without allocating."},
	{"stack growth", "With many tasks blocked at once, the blocking path outgrows the 2 KiB initial goroutine " +
		"stack: Task.run → the task's function → Semaphore.Acquire → semCore.acquireSlow → waitList.block → " +
		"selectgo → acquireSudog → mallocgc needs more, so runtime.newstack copies each blocked task's stack to " +
		"4 KiB. In a CPU profile of d, newstack/copystack is 29% of all CPU and runtime.stackpoolalloc 17% " +
		"(waitList.push 8%); it also doubles the stack memory of every blocked task (d's peak RSS). x/sync's " +
		"semaphore, also a select on two channels, pays part of it."},
	{"fairness", "asyncio.Lock is fair, as CPython's is: Unlock hands the lock to the first parked waiter, so " +
		"every contended acquisition waits for a goroutine to wake up, where sync.Mutex lets the running goroutine " +
		"take the lock again ahead of the parked ones (barging). The lock-fifo row compares ours with a fair floor. " +
		"Under contention ours also switches between two regimes: while nobody is queued, Lock spins and takes " +
		"the lock in a few nanoseconds; once a waiter queues, every Unlock is a hand-off (about 350 ns here) " +
		"until the queue drains, so one run can measure either, or a mix (see the spread)."},
	{"condition wait", "Each Condition.Wait parks twice, each time through the wait list: on the condition " +
		"(waitList.push, waitList.block), then on its Lock as it takes it again (Lock.lockSlow). sync.Cond parks on " +
		"the runtime's notify list without allocating. In a CPU profile of the micro-benchmark, waitList.block is " +
		"38% and waitList.push 12% of all CPU."},
	{"event wait", "Event.Wait selects on the event's channel and ctx.Done(), where the floor receives from one " +
		"channel; both allocate a channel per Set after a Clear."},
	{"goroutine cost", "Compare the floor's ratio in the last column: a goroutine per task, written by hand, is " +
		"itself close to this target on this machine (creating, scheduling and ending a goroutine costs a few " +
		"hundred nanoseconds, a CPython task several microseconds), so the target leaves ours almost no overhead " +
		"over a bare goroutine."},
	{"goroutine memory", "A goroutine needs at least a 2 KiB stack plus its runtime descriptor, more than CPython's " +
		"whole task: the floor's ratio in the last column shows that a goroutine per task cannot reach 0.8× " +
		"CPython's memory. Ours adds the Task, its cancelCtx and CancelFunc and entry in the parent's children map, " +
		"Sleep's timer and channel, and the context's done channel."},
	{"noise", "The fast path is one compare-and-swap, as in sync.Mutex; a miss here is measurement noise."},
}

// limit is what limits one target: causes by name, and a note about this row.
type limit struct {
	causes []string
	note   string
}

// limits says, for each target that a run may miss, what limits it. The keys
// are "<kind>/<row key>" as built by report.checks.
var limits = map[string]limit{
	"floor/a": {causes: []string{"task creation"}},
	"peer/a":  {causes: []string{"task creation"}, note: "The peer's errgroup.Group.Go is just a goroutine and a WaitGroup."},
	"floor/b": {causes: []string{"task creation", "cancellable sleep"},
		note: "The 100 ms sleep dominates the wall time, so the gap is mostly the spawn cost."},
	"peer/b":  {causes: []string{"task creation", "cancellable sleep"}},
	"floor/c": {causes: []string{"waiting path"}, note: "Put and Get each take the queue's mutex."},
	"floor/d": {causes: []string{"stack growth", "waiting path", "task creation"}},
	"peer/d":  {causes: []string{"stack growth", "waiting path", "task creation"}},
	"floor/e": {causes: []string{"fairness", "waiting path"},
		note: "Each of the 1M acquisitions wakes the next waiter, then yields: two trips through the scheduler."},
	"floor/f":              {causes: []string{"cancellable sleep", "task creation"}},
	"peer/f":               {causes: []string{"cancellable sleep", "task creation"}},
	"floor/spawn":          {causes: []string{"task creation"}},
	"peer/spawn":           {causes: []string{"task creation"}, note: "The peer's conc.WaitGroup.Go is a goroutine, a WaitGroup and a deferred recover."},
	"floor/gather":         {causes: []string{"task creation"}},
	"peer/gather":          {causes: []string{"task creation"}},
	"floor/queue":          {note: "Put and Get each take the queue's mutex, where a channel takes its own lock."},
	"floor/sem":            {causes: []string{"noise"}},
	"peer/sem":             {causes: []string{"noise"}},
	"floor/sem-contended":  {causes: []string{"waiting path"}, note: "The peer, x/sync's semaphore, built the same way, is about as slow (peer column)."},
	"peer/sem-contended":   {causes: []string{"waiting path"}},
	"floor/lock":           {causes: []string{"noise"}},
	"floor/lock-contended": {causes: []string{"fairness", "waiting path"}},
	"floor/lock-fifo":      {causes: []string{"waiting path"}, note: "Both hand the lock over in FIFO order."},
	"floor/event":          {causes: []string{"event wait"}},
	"floor/condition":      {causes: []string{"condition wait"}},
	"cpython/a":            {causes: []string{"goroutine cost", "task creation"}},
	"cpython/c":            {causes: []string{"waiting path"}, note: "With maxsize 100 the producer and consumer keep parking on a full or empty queue."},
	"cpython/d":            {causes: []string{"stack growth", "waiting path", "task creation"}},
	"cpython/e":            {causes: []string{"goroutine cost", "fairness", "waiting path"}},
	"cpython/f": {causes: []string{"cancellable sleep", "task creation"},
		note: "Beyond the 1 s sleep, the Go contenders' time goes to creating 1M goroutines and collecting garbage while they live."},
	"memory/f": {causes: []string{"goroutine memory"}},
	"floor/executor": {causes: []string{"task creation"},
		note: "Submit returns a Task: awaitable, cancellable while queued (a context and a callback on the parent's cancellation), named and recorded; the floor's jobs carry nothing. Map, which needs no Task per input, beats the floor (executor-map row)."},
	"peer/executor": {causes: []string{"task creation"},
		note: "errgroup.SetLimit starts a goroutine per function; it cannot cancel one function, name it or return its result."},
}
