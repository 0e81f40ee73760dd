package main

// contendersText closes the report: what each contender is.
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
`

// limits explains, for each target that a run may miss, what limits it. The
// keys are "<kind>/<row key>" as built by report.checks; the explanations come
// from profiling the workloads (bench worker -cpuprofile).
var limits = map[string]string{}
