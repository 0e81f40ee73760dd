package main

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sourcegraph/conc"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// microKey selects the micro-benchmarks in -only.
const microKey = "micro"

// microCase is one per-operation micro-benchmark: the same operation by each
// Go contender. They run in-process through testing.Benchmark (runMicro) and
// under go test -bench (micro_test.go).
type microCase struct {
	key, title string
	peerName   string // "" when no peer applies
	impl       map[contender]func(*testing.B)
	// contended cases also run at GOMAXPROCS 1, as the row key+"@1".
	contended bool
	procs     int // GOMAXPROCS to run with; 0: the process's
	// info says why the row is there for information, not held to a
	// target; "" for a row with a target.
	info string
}

// withProcs runs fn with GOMAXPROCS set to procs (0: unchanged).
func withProcs(procs int, fn func()) {
	if procs > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	}
	fn()
}

// micros lists the cases, each contended one followed by its GOMAXPROCS 1
// variant.
var micros = func() []microCase {
	var out []microCase
	for _, m := range microCases {
		out = append(out, m)
		if m.contended {
			one := m
			one.key += "@1"
			one.title += ", at GOMAXPROCS 1"
			one.procs = 1
			out = append(out, one)
		}
	}
	return out
}()

var microCases = []microCase{
	{key: "spawn", title: "Task spawn + await", peerName: "conc.WaitGroup",
		impl: map[contender]func(*testing.B){ours: microSpawnOurs, floor: microSpawnFloor, peer: microSpawnPeer}},
	{key: "gather", title: "Gather, per task (batches of 100)", peerName: "errgroup",
		impl: map[contender]func(*testing.B){ours: microGatherOurs, floor: microGatherFloor, peer: microGatherPeer}},
	{key: "taskgroup", title: "TaskGroup: Go, per task, and Wait (groups of 100)", peerName: "errgroup.WithContext",
		impl: map[contender]func(*testing.B){ours: microTaskGroupOurs, floor: microGatherFloor, peer: microTaskGroupPeer}},
	{key: "queue", title: "Queue put + get",
		impl: map[contender]func(*testing.B){ours: microQueueOurs, floor: microQueueFloor}},
	{key: "sem", title: "Semaphore acquire + release", peerName: "x/sync semaphore",
		impl: map[contender]func(*testing.B){ours: microSemOurs, floor: microSemFloor, peer: microSemPeer}},
	{key: "sem-contended", title: "Semaphore(1) acquire + release, 8×GOMAXPROCS goroutines", peerName: "x/sync semaphore", contended: true,
		impl: map[contender]func(*testing.B){ours: microSemContendedOurs(benchContext), floor: microSemContendedFloor, peer: microSemContendedPeer(benchContext)}},
	{key: "sem-contended-stdctx", title: "the same, each goroutine waiting with a context.WithCancel instead of a task's context", peerName: "x/sync semaphore",
		info: "what waiting costs with a context that is not a task's",
		impl: map[contender]func(*testing.B){ours: microSemContendedOurs(stdlibContext), floor: microSemContendedFloor, peer: microSemContendedPeer(stdlibContext)}},
	{key: "lock", title: "Lock + Unlock",
		impl: map[contender]func(*testing.B){ours: microLockOurs, floor: microLockFloor}},
	{key: "lock-contended", title: "Lock + Unlock, 8×GOMAXPROCS goroutines; floor: sync.Mutex, which lets a running goroutine barge ahead of the parked ones",
		info: "a fair lock cannot barge: its target is the lock-fifo row's",
		impl: map[contender]func(*testing.B){ours: microLockContendedOurs(benchContext), floor: microLockContendedFloor}},
	{key: "lock-fifo", title: "Lock + Unlock, 8×GOMAXPROCS goroutines; floor: a channel as lock (FIFO hand-off, as ours)", contended: true,
		peerName: "the design alone: a mutex, a FIFO list and a channel per waiter, by hand, without cancellation",
		impl:     map[contender]func(*testing.B){ours: microLockContendedOurs(benchContext), floor: microLockContendedChannel, peer: microLockFifoDesign}},
	{key: "lock-fifo-stdctx", title: "the same, each goroutine waiting with a context.WithCancel instead of a task's context",
		info: "what waiting costs with a context that is not a task's",
		impl: map[contender]func(*testing.B){ours: microLockContendedOurs(stdlibContext), floor: microLockContendedChannel}},
	{key: "queue-contended", title: "Queue(1) put + get, 8×GOMAXPROCS goroutines; floor: a channel of 1", contended: true,
		impl: map[contender]func(*testing.B){ours: microQueueContendedOurs, floor: microQueueContendedFloor}},
	{key: "event", title: "Event set → wait → clear, round trip of 2 goroutines", contended: true,
		impl: map[contender]func(*testing.B){ours: microEventOurs, floor: microEventFloor}},
	{key: "condition", title: "Condition notify → wait, round trip of 2 goroutines", contended: true,
		impl: map[contender]func(*testing.B){ours: microConditionOurs, floor: microConditionFloor}},
	{key: "barrier", title: "Barrier of 4 goroutines, per Wait; floor: a cyclic barrier of a mutex and a channel per cycle", contended: true,
		impl: map[contender]func(*testing.B){ours: microBarrierOurs, floor: microBarrierFloor}},
	{key: "loop-switch", title: "RunLoop task switch: two tasks yield to each other (Sleep(ctx, 0)), per switch; floor: a channel ping-pong between two goroutines, per hand-off",
		impl: map[contender]func(*testing.B){ours: microLoopSwitchOurs, floor: microLoopSwitchFloor}},
	{key: "executor", title: "Executor Submit + await, per function (batches of 100, GOMAXPROCS workers)", peerName: "errgroup.SetLimit",
		impl: map[contender]func(*testing.B){ours: microExecutorSubmitOurs, floor: microExecutorFloor, peer: microExecutorSubmitPeer}},
	{key: "executor-map", title: "Executor Map, per input (batches of 100, GOMAXPROCS workers)", peerName: "conc pool",
		impl: map[contender]func(*testing.B){ours: microExecutorMapOurs, floor: microExecutorFloor, peer: microExecutorMapPeer}},
}

// contendedParallelism × GOMAXPROCS goroutines run the contended cases: with
// that many on one permit, most acquisitions must wait.
const contendedParallelism = 8

// contendedGrain is how many iterations a contended worker claims at a time.
const contendedGrain = 32

// contendedBudget, when positive, bounds how long one run of a contended
// micro-benchmark lasts. runMicro sets it: a contended run can switch between
// a fast regime (the lock is taken by spinning, nobody queues) and a slow one
// (each acquisition a hand-off to a parked goroutine) 10–100× slower, so that
// no iteration count predicted from a short trial fits the long run. A run
// that the budget stops reports how many iterations it did as the "ops"
// metric. Under go test it is 0: runs do b.N iterations.
var contendedBudget time.Duration

// runContended runs body b.N times in all (fewer if contendedBudget stops
// it), spread over contendedParallelism × GOMAXPROCS goroutines that start
// together, and returns how many times it ran. It fails b if body fails.
//
// It replaces b.RunParallel, whose goroutines start one after another: at a
// small b.N the first of them can do every iteration alone, uncontended.
//
// Each worker gets a context of its own (newCtx's), as each task has.
func runContended(b *testing.B, newCtx func(*testing.B) context.Context, body func(ctx context.Context) error) int {
	workers := contendedParallelism * runtime.GOMAXPROCS(0)
	ctxs := make([]context.Context, workers)
	for w := range ctxs {
		ctxs[w] = newCtx(b)
	}
	var claimed, done atomic.Int64
	var deadline time.Time
	start := make(chan struct{})
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		ctx := ctxs[w]
		wg.Go(func() {
			<-start
			for {
				if contendedBudget > 0 && time.Now().After(deadline) {
					return
				}
				end := claimed.Add(contendedGrain)
				from, to := end-contendedGrain, min(end, int64(b.N))
				for range max(0, to-from) {
					if err := body(ctx); err != nil {
						errs <- err
						return
					}
				}
				done.Add(max(0, to-from))
				if end >= int64(b.N) {
					return
				}
			}
		})
	}
	b.ResetTimer()
	deadline = time.Now().Add(contendedBudget)
	close(start)
	wg.Wait()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	n := int(done.Load())
	if n < b.N {
		b.ReportMetric(float64(n), "ops")
	}
	return n
}

// gatherBatch is how many tasks one Gather (or WaitGroup, errgroup) waits for.
const gatherBatch = 100

// checkSum fails b unless got is want: every benchmark checks what it
// computed, so that no contender skips work unnoticed.
func checkSum(b *testing.B, what string, got, want int) {
	if got != want {
		b.Fatalf("%s = %d, want %d", what, got, want)
	}
}

// benchContext is a task's context, the context that code using the
// library runs with (in asyncio.Run's main, or any task): a task's, made by
// the package, which a blocking call waits with differently from a context
// of the standard library (see stdlibContext). The task lives until the
// benchmark ends. Every goroutine of a benchmark that blocks gets its own,
// as every task has.
func benchContext(b *testing.B) context.Context {
	got := make(chan context.Context, 1)
	task := asyncio.Go(context.Background(), func(ctx context.Context) error {
		got <- ctx
		<-ctx.Done()
		return nil
	})
	b.Cleanup(func() {
		task.Cancel()
		_, _ = task.Await(context.Background())
	})
	return <-got
}

// stdlibContext is a cancellable context of the standard library
// (context.WithCancel), for the rows that show what the library costs with
// one instead of a task's; it is cancelled when the benchmark ends.
func stdlibContext(b *testing.B) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	return ctx
}

// noContext is for the floor's contended workers, which take no context.
func noContext(*testing.B) context.Context { return nil }

func returnOne(context.Context) (int, error) { return 1, nil }

// --- Task spawn + await

func microSpawnOurs(b *testing.B) {
	ctx := benchContext(b)
	b.ReportAllocs()
	sum := 0
	for b.Loop() {
		v, err := asyncio.CreateTask(ctx, returnOne).Await(ctx)
		if err != nil {
			b.Fatal(err)
		}
		sum += v
	}
	checkSum(b, "sum", sum, b.N)
}

func microSpawnFloor(b *testing.B) {
	b.ReportAllocs()
	sum := 0
	for b.Loop() {
		ch := make(chan int, 1)
		go func() { ch <- 1 }()
		sum += <-ch
	}
	checkSum(b, "sum", sum, b.N)
}

func microSpawnPeer(b *testing.B) {
	b.ReportAllocs()
	sum := 0
	for b.Loop() {
		var wg conc.WaitGroup
		var v int
		wg.Go(func() { v = 1 })
		wg.Wait()
		sum += v
	}
	checkSum(b, "sum", sum, b.N)
}

// --- Gather, per task

func microGatherOurs(b *testing.B) {
	ctx := benchContext(b)
	b.ReportAllocs()
	tasks := make([]*asyncio.Task[int], gatherBatch)
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		for j := range m {
			tasks[j] = asyncio.CreateTask(ctx, returnOne)
		}
		vs, err := asyncio.Gather(ctx, tasks[:m]...)
		if err != nil {
			b.Fatal(err)
		}
		checkSum(b, "len(Gather(...))", len(vs), m)
	}
}

func microGatherFloor(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		results := make([]int, m)
		var wg sync.WaitGroup
		for j := range m {
			wg.Go(func() { results[j] = 1 })
		}
		wg.Wait()
		checkSum(b, "results[m-1]", results[m-1], 1)
	}
}

func microGatherPeer(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		results := make([]int, m)
		var g errgroup.Group
		for j := range m {
			g.Go(func() error { results[j] = 1; return nil })
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		checkSum(b, "results[m-1]", results[m-1], 1)
	}
}

// --- TaskGroup, per task: groups of gatherBatch tasks, each group waited for

func microTaskGroupOurs(b *testing.B) {
	ctx := benchContext(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		results := make([]int, m)
		g, _ := asyncio.NewTaskGroup(ctx)
		for j := range m {
			g.Go(func(context.Context) error { results[j] = 1; return nil })
		}
		if err := g.Wait(ctx); err != nil {
			b.Fatal(err)
		}
		checkSum(b, "results[m-1]", results[m-1], 1)
	}
}

// microTaskGroupPeer is errgroup with a context, which cancels the group on
// the first failure as a TaskGroup does.
func microTaskGroupPeer(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i += gatherBatch {
		m := min(gatherBatch, b.N-i)
		results := make([]int, m)
		g, gctx := errgroup.WithContext(context.Background())
		for j := range m {
			g.Go(func() error { results[j] = 1; return gctx.Err() })
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		checkSum(b, "results[m-1]", results[m-1], 1)
	}
}

// --- Queue put + get, one goroutine, never blocking

func microQueueOurs(b *testing.B) {
	ctx := benchContext(b)
	q := asyncio.NewQueue[int](100)
	b.ReportAllocs()
	sum := 0
	for b.Loop() {
		if err := q.Put(ctx, 1); err != nil {
			b.Fatal(err)
		}
		v, err := q.Get(ctx)
		if err != nil {
			b.Fatal(err)
		}
		sum += v
	}
	checkSum(b, "sum", sum, b.N)
}

func microQueueFloor(b *testing.B) {
	ch := make(chan int, 100)
	b.ReportAllocs()
	sum := 0
	for b.Loop() {
		ch <- 1
		sum += <-ch
	}
	checkSum(b, "sum", sum, b.N)
}

// --- Semaphore, uncontended

func microSemOurs(b *testing.B) {
	ctx := benchContext(b)
	sem := asyncio.NewSemaphore(1)
	b.ReportAllocs()
	for b.Loop() {
		if err := sem.Acquire(ctx); err != nil {
			b.Fatal(err)
		}
		sem.Release()
	}
}

func microSemFloor(b *testing.B) {
	sem := make(chan struct{}, 1)
	b.ReportAllocs()
	for b.Loop() {
		sem <- struct{}{}
		<-sem
	}
}

func microSemPeer(b *testing.B) {
	ctx := benchContext(b)
	sem := semaphore.NewWeighted(1)
	b.ReportAllocs()
	for b.Loop() {
		if err := sem.Acquire(ctx, 1); err != nil {
			b.Fatal(err)
		}
		sem.Release(1)
	}
}

// --- Semaphore, contended

// microSemContendedOurs's workers wait with contexts that newCtx makes.
func microSemContendedOurs(newCtx func(*testing.B) context.Context) func(*testing.B) {
	return func(b *testing.B) {
		sem := asyncio.NewSemaphore(1)
		b.ReportAllocs()
		runContended(b, newCtx, func(ctx context.Context) error {
			if err := sem.Acquire(ctx); err != nil {
				return err
			}
			sem.Release()
			return nil
		})
	}
}

func microSemContendedFloor(b *testing.B) {
	sem := make(chan struct{}, 1)
	b.ReportAllocs()
	runContended(b, noContext, func(context.Context) error {
		sem <- struct{}{}
		<-sem
		return nil
	})
}

func microSemContendedPeer(newCtx func(*testing.B) context.Context) func(*testing.B) {
	return func(b *testing.B) {
		sem := semaphore.NewWeighted(1)
		b.ReportAllocs()
		runContended(b, newCtx, func(ctx context.Context) error {
			if err := sem.Acquire(ctx, 1); err != nil {
				return err
			}
			sem.Release(1)
			return nil
		})
	}
}

// --- Lock (the critical section counts, and the count is checked)

func microLockOurs(b *testing.B) {
	ctx := benchContext(b)
	var mu asyncio.Lock
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := mu.Lock(ctx); err != nil {
			b.Fatal(err)
		}
		n++
		mu.Unlock()
	}
	checkSum(b, "count", n, b.N)
}

func microLockFloor(b *testing.B) {
	var mu sync.Mutex
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		mu.Lock()
		n++
		mu.Unlock()
	}
	checkSum(b, "count", n, b.N)
}

// microLockContendedOurs's workers wait with contexts that newCtx makes.
func microLockContendedOurs(newCtx func(*testing.B) context.Context) func(*testing.B) {
	return func(b *testing.B) {
		var mu asyncio.Lock
		n := 0
		b.ReportAllocs()
		runs := runContended(b, newCtx, func(ctx context.Context) error {
			if err := mu.Lock(ctx); err != nil {
				return err
			}
			n++
			mu.Unlock()
			return nil
		})
		checkSum(b, "count", n, runs)
	}
}

func microLockContendedFloor(b *testing.B) {
	var mu sync.Mutex
	n := 0
	b.ReportAllocs()
	runs := runContended(b, noContext, func(context.Context) error {
		mu.Lock()
		n++
		mu.Unlock()
		return nil
	})
	checkSum(b, "count", n, runs)
}

// microLockContendedChannel is the floor for a fair lock: a buffered channel
// of one, whose blocked senders are served in FIFO order, each Unlock handing
// the lock to the first of them, as asyncio.Lock does. sync.Mutex instead lets
// a running goroutine take the lock ahead of the parked ones.
func microLockContendedChannel(b *testing.B) {
	mu := make(chan struct{}, 1)
	n := 0
	b.ReportAllocs()
	runs := runContended(b, noContext, func(context.Context) error {
		mu <- struct{}{}
		n++
		<-mu
		return nil
	})
	checkSum(b, "count", n, runs)
}

// --- Event: two goroutines wake each other with two events

func microEventOurs(b *testing.B) {
	ctx, echoCtx := benchContext(b), benchContext(b)
	var ping, pong asyncio.Event
	b.ReportAllocs()
	echo := make(chan error, 1)
	go func() {
		for range b.N {
			if err := ping.Wait(echoCtx); err != nil {
				echo <- err
				return
			}
			ping.Clear()
			pong.Set()
		}
		echo <- nil
	}()
	for range b.N {
		ping.Set()
		if err := pong.Wait(ctx); err != nil {
			b.Fatal(err)
		}
		pong.Clear()
	}
	if err := <-echo; err != nil {
		b.Fatal(err)
	}
}

// floorEvent is the resettable event a Go programmer writes by hand: a
// channel closed by Set and replaced by Clear.
type floorEvent struct {
	mu sync.Mutex
	ch chan struct{}
	on bool
}

func newFloorEvent() *floorEvent { return &floorEvent{ch: make(chan struct{})} }

func (e *floorEvent) Set() {
	e.mu.Lock()
	if !e.on {
		e.on = true
		close(e.ch)
	}
	e.mu.Unlock()
}

func (e *floorEvent) Clear() {
	e.mu.Lock()
	if e.on {
		e.on = false
		e.ch = make(chan struct{})
	}
	e.mu.Unlock()
}

func (e *floorEvent) Wait() {
	e.mu.Lock()
	ch := e.ch
	e.mu.Unlock()
	<-ch
}

func microEventFloor(b *testing.B) {
	ping, pong := newFloorEvent(), newFloorEvent()
	b.ReportAllocs()
	echo := make(chan struct{})
	go func() {
		for range b.N {
			ping.Wait()
			ping.Clear()
			pong.Set()
		}
		close(echo)
	}()
	for range b.N {
		ping.Set()
		pong.Wait()
		pong.Clear()
	}
	<-echo
}

// --- Condition: two goroutines take turns, each waiting for its turn

func microConditionOurs(b *testing.B) {
	ctxs := [2]context.Context{benchContext(b), benchContext(b)}
	cond := asyncio.NewCondition(nil)
	turn := 0
	play := func(me int) error {
		ctx := ctxs[me]
		for range b.N {
			if err := cond.Lock(ctx); err != nil {
				return err
			}
			for turn != me {
				if err := cond.Wait(ctx); err != nil {
					return err
				}
			}
			turn = 1 - me
			cond.Notify(1)
			cond.Unlock()
		}
		return nil
	}
	b.ReportAllocs()
	other := make(chan error, 1)
	go func() { other <- play(1) }()
	if err := play(0); err != nil {
		b.Fatal(err)
	}
	if err := <-other; err != nil {
		b.Fatal(err)
	}
}

func microConditionFloor(b *testing.B) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	turn := 0
	play := func(me int) {
		for range b.N {
			mu.Lock()
			for turn != me {
				cond.Wait()
			}
			turn = 1 - me
			cond.Signal()
			mu.Unlock()
		}
	}
	b.ReportAllocs()
	other := make(chan struct{})
	go func() { play(1); close(other) }()
	play(0)
	<-other
}

// --- The event loop's task switch: two tasks take turns

// microLoopSwitchOurs has two tasks on one RunLoop yield to each other
// (asyncio.Sleep(ctx, 0)) b.N times in all: each yield is one switch from
// the running task to the other.
func microLoopSwitchOurs(b *testing.B) {
	b.ReportAllocs()
	err := asyncio.RunLoop(context.Background(), func(ctx context.Context) error {
		half := b.N / 2
		other := asyncio.Go(ctx, func(ctx context.Context) error {
			for range b.N - half {
				if err := asyncio.Sleep(ctx, 0); err != nil {
					return err
				}
			}
			return nil
		})
		b.ResetTimer()
		for range half {
			if err := asyncio.Sleep(ctx, 0); err != nil {
				return err
			}
		}
		_, err := other.Await(ctx)
		b.StopTimer()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// microLoopSwitchFloor is a channel ping-pong between two goroutines, b.N
// hand-offs in all: each is one switch from the goroutine that sends to the
// one that receives.
func microLoopSwitchFloor(b *testing.B) {
	b.ReportAllocs()
	ping, pong := make(chan int), make(chan int)
	half := b.N / 2
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	b.ResetTimer()
	v := 0
	for range half {
		ping <- v
		v = <-pong
	}
	b.StopTimer()
	close(ping)
	for range pong {
	}
	checkSum(b, "ping-pongs", v, half)
}

// --- Queue, contended: every goroutine puts, then gets, through a queue of 1

func microQueueContendedOurs(b *testing.B) {
	q := asyncio.NewQueue[int](1)
	b.ReportAllocs()
	runContended(b, benchContext, func(ctx context.Context) error {
		if err := q.Put(ctx, 1); err != nil {
			return err
		}
		_, err := q.Get(ctx)
		return err
	})
}

func microQueueContendedFloor(b *testing.B) {
	q := make(chan int, 1)
	b.ReportAllocs()
	runContended(b, noContext, func(context.Context) error {
		q <- 1
		<-q
		return nil
	})
}

// --- Barrier: barrierParties goroutines meet b.N/barrierParties times

const barrierParties = 4

// runParties runs wait in barrierParties goroutines, each calling it
// rounds times, and fails b if one fails.
func runParties(b *testing.B, newCtx func(*testing.B) context.Context, wait func(ctx context.Context) error) {
	rounds := max(1, b.N/barrierParties)
	ctxs := make([]context.Context, barrierParties)
	for i := range ctxs {
		ctxs[i] = newCtx(b)
	}
	errs := make(chan error, barrierParties)
	b.ResetTimer()
	var wg sync.WaitGroup
	for i := range barrierParties {
		wg.Go(func() {
			for range rounds {
				if err := wait(ctxs[i]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

func microBarrierOurs(b *testing.B) {
	bar := asyncio.NewBarrier(barrierParties)
	b.ReportAllocs()
	runParties(b, benchContext, func(ctx context.Context) error {
		_, err := bar.Wait(ctx)
		return err
	})
}

// floorBarrier is the cyclic barrier a Go programmer writes by hand: a
// count under a mutex, and a channel per cycle that the last arrival closes.
type floorBarrier struct {
	mu      sync.Mutex
	parties int
	arrived int
	cycle   chan struct{}
}

func (fb *floorBarrier) Wait() {
	fb.mu.Lock()
	fb.arrived++
	if fb.arrived == fb.parties {
		close(fb.cycle)
		fb.arrived, fb.cycle = 0, make(chan struct{})
		fb.mu.Unlock()
		return
	}
	c := fb.cycle
	fb.mu.Unlock()
	<-c
}

func microBarrierFloor(b *testing.B) {
	fb := &floorBarrier{parties: barrierParties, cycle: make(chan struct{})}
	b.ReportAllocs()
	runParties(b, noContext, func(context.Context) error {
		fb.Wait()
		return nil
	})
}
