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
	{"task creation", "A task is one allocation of 208 bytes (asyncio/task.go: the Task, with its context, its " +
		"mutex and its first watcher; the rest of the context, 128 bytes, is made only for a task that blocks, " +
		"sleeps or is linked to) plus the goroutine's argument closure, where the floor's goroutine has its closure " +
		"alone; the task's context is set up (scope.init) and, when its function returns, cancelled under the " +
		"task's lock while its watchers are notified (taskCore.finish). In a CPU profile of the gather row " +
		"(`go test -run='^$' -bench='Micro/gather/ours' -cpuprofile`), the go statement (newproc, as for the floor) " +
		"is 28% of all CPU, the first writes into the fresh Task 7%, taskCore.finish 9% and taskCore.init 8%. A " +
		"TaskGroup also takes its mutex for each task it adds, and its Wait lists the tasks still pending."},
	{"garbage collection", "Each task allocates about 240 B (the Task and the goroutine's closure), and, the " +
		"first time it blocks, the rest of its context and a waiter with its channel (about 370 B, kept for its " +
		"next wait) or, when it sleeps, the rest of its context, a timer and its Done channel (about 400 B, also " +
		"kept) and two sudogs; the floor's goroutine allocates its closure alone. With 100k to 1M goroutines alive, " +
		"every collection scans all their stacks: in a CPU profile of d (`bench worker -workload d -impl ours " +
		"-cpuprofile`), mallocgc is 26% of all CPU (gcAssistAlloc 18%) and scanstack 23%, where the floor's d " +
		"hardly collects. The same bytes make most of the peak RSS above the floor's."},
	{"waiting path", "A waiter with a task's context parks on its own channel alone, and a cancellation reaches " +
		"it through a hook of the context (no select, and no allocation once the task has waited once), but handing " +
		"it the lock or permit still takes the primitive's mutex, a compare-and-swap on the waiter and a channel " +
		"send that readies its goroutine, which wakes from a channel receive: in a CPU profile of the lock-fifo " +
		"row, the hand-off (Lock.handOffLocked: chansend, goready) is 25% of all CPU, parking (park_m, waiter.park) " +
		"18% and queueing 12%. A channel used as lock, semaphore or queue does the whole hand-off inside the " +
		"runtime, under the channel's own lock, the value passed straight to the woken goroutine. Waking the " +
		"waiter after unlocking the primitive's mutex was tried, and measured no faster. The lock-fifo row's peer " +
		"is this design alone, written by hand without contexts or cancellation (bench/micro_design.go): it is " +
		"itself at about 1.3× the channel lock, so a waiter that parks on a channel of its own cannot meet that " +
		"target; the rest of ours' gap is cancellation (the hook registered and withdrawn around each park: " +
		"about 30 ns per operation, measured by removing it), the waiter kept for reuse, and the recorder's checks."},
	{"condition wait", "Notify moves a waiter with a task's context straight onto the lock's wait list (wait " +
		"morphing), so that each turn parks once, as with sync.Cond; what remains is that park's hand-off through " +
		"the lock's wait list and a channel (see the waiting path), where sync.Cond parks on the runtime's notify " +
		"list: in a CPU profile of the condition row, Lock.handOffLocked is 27% of all CPU (chansend 23%)."},
	{"barrier wait", "The last arrival wakes the waiters with a task's context one by one, each through its own " +
		"channel, and each cycle allocates its record (the cycle's channel only if a waiter selects on it, on a " +
		"loop or with a context that is not a task's); the floor's waiters all receive from the cycle's channel, " +
		"which one close wakes."},
	{"cancellable sleep", "A Sleep that can be cancelled waits on two channels, its timer's and its context's " +
		"Done (a select and two sudogs), where time.Sleep parks the goroutine on its own timer without allocating. " +
		"The timer is kept for the task's next sleep, so only the first sleep of a task allocates (time.NewTimer " +
		"and the Done channel)."},
	{"executor submit", "Submit makes a Task without a goroutine, links its context to the submitter's (so that " +
		"cancelling the submitter finishes a queued task at once) and queues it under the executor's mutex; a " +
		"worker then runs and finishes it, taking the task's lock and, to unlink it, the submitter's context's, " +
		"which the submitter and the other workers share: in a CPU profile of the executor row, newQueuedTask is " +
		"16% of all CPU and Executor.work 32%. The floor's job is one channel send to a worker."},
	{"goroutine cost", "Compare the floor's ratio in the last column: a goroutine per task, written by hand, is " +
		"itself close to this target on this machine (creating, scheduling and ending a goroutine costs a few " +
		"hundred nanoseconds, a CPython task several microseconds), so the target leaves ours almost no overhead " +
		"over a bare goroutine."},
	{"goroutine memory", "A goroutine needs at least a 2 KiB stack plus its runtime descriptor, more than CPython's " +
		"whole task: the floor's ratio in the last column shows that a goroutine per task cannot reach 0.8× " +
		"CPython's memory. Ours adds the Task with its context (208 B), the goroutine's closure and, for a sleep, " +
		"the rest of the context, the timer, the context's Done channel and two sudogs."},
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
	"floor/a": {causes: []string{"task creation", "garbage collection"}},
	"rss/a":   {causes: []string{"garbage collection"}, note: "The 100k Tasks themselves are 20 MiB."},
	"floor/b": {causes: []string{"task creation", "cancellable sleep"},
		note: "The 100 ms sleep dominates the wall time, so the gap is mostly the spawn cost."},
	"rss/b":   {causes: []string{"cancellable sleep", "garbage collection"}},
	"floor/c": {causes: []string{"waiting path"}, note: "Put and Get each take the queue's mutex."},
	"rss/c":   {causes: []string{"waiting path"}},
	"floor/d": {causes: []string{"garbage collection", "waiting path", "task creation"}},
	"rss/d":   {causes: []string{"garbage collection"}},
	"floor/e": {causes: []string{"waiting path"}},
	"rss/e":   {causes: []string{"waiting path"}},
	"floor/f": {causes: []string{"cancellable sleep", "garbage collection", "task creation"}},
	"rss/f":   {causes: []string{"cancellable sleep", "garbage collection"}},

	"floor/spawn":     {causes: []string{"task creation"}},
	"floor/gather":    {causes: []string{"task creation"}},
	"floor/taskgroup": {causes: []string{"task creation"}},
	"peer/taskgroup":  {causes: []string{"task creation"}, note: "errgroup.Group.Go is a goroutine, a WaitGroup and, for the first error, a sync.Once."},
	"floor/queue":     {note: "Put and Get each take the queue's mutex, where a channel takes its own lock."},
	"floor/sem":       {causes: []string{"noise"}},
	"floor/lock":      {causes: []string{"noise"}},

	"floor/sem-contended":     {causes: []string{"waiting path"}, note: "The peer, x/sync's semaphore, is slower still (peer column)."},
	"floor/sem-contended@1":   {causes: []string{"waiting path"}},
	"floor/lock-fifo":         {causes: []string{"waiting path"}, note: "Both hand the lock over in FIFO order; the peer column is ours' design alone."},
	"floor/lock-fifo@1":       {causes: []string{"waiting path"}},
	"floor/queue-contended":   {causes: []string{"waiting path"}},
	"floor/queue-contended@1": {causes: []string{"waiting path"}},
	"floor/event":             {causes: []string{"waiting path"}},
	"floor/event@1":           {causes: []string{"waiting path"}},
	"floor/condition":         {causes: []string{"condition wait"}},
	"floor/condition@1":       {causes: []string{"condition wait"}},
	"floor/barrier":           {causes: []string{"barrier wait", "waiting path"}},
	"floor/barrier@1":         {causes: []string{"barrier wait", "waiting path"}},
	"floor/loop-switch": {note: "A switch passes the loop's baton through the next task's turn channel, under the loop's mutex " +
		"(asyncio/loop.go, switchLocked)."},
	"floor/executor": {causes: []string{"executor submit", "task creation"},
		note: "Submit returns a Task: awaitable, cancellable while queued, named and recorded; the floor's jobs carry nothing. " +
			"Map, which needs no Task per input, beats the floor (executor-map row)."},

	"cpython/a": {causes: []string{"goroutine cost", "task creation"}},
	"cpython/c": {causes: []string{"waiting path"}, note: "With maxsize 100 the producer and consumer keep parking on a full or empty queue."},
	"cpython/d": {causes: []string{"garbage collection", "waiting path", "task creation"}},
	"cpython/e": {causes: []string{"goroutine cost", "waiting path"}},
	"cpython/f": {causes: []string{"cancellable sleep", "task creation"},
		note: "Beyond the 1 s sleep, the Go contenders' time goes to creating 1M goroutines and collecting garbage while they live."},
	"memory/f": {causes: []string{"goroutine memory"}},
}
