package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// workerCommand is the first argument that makes this binary a worker: the
// child process that runs one workload for one Go contender.
const workerCommand = "worker"

// childResult is what a worker (Go or Python) prints on stdout, one JSON line.
type childResult struct {
	WallNS    int64 `json:"wall_ns"`             // the workload alone, timed inside the child
	CPUNS     int64 `json:"cpu_ns"`              // user+system CPU time of the workload
	SpawnNS   int64 `json:"spawn_ns,omitempty"`  // how long creating every task took (b, f)
	PeakLive  int64 `json:"peak_live,omitempty"` // the most tasks alive at once (b, f)
	BaseRSSKB int64 `json:"base_rss_kb"`         // the child's peak RSS before the workload
	Check     int64 `json:"check"`               // compared with workload.want
}

// workerMain runs "bench worker -workload K -impl C -n N -k K" and returns
// the exit status.
func workerMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("workload", "", "workload key, a–f")
	impl := fs.String("impl", "", "ours, floor or peer")
	n := fs.Int("n", 0, "the workload's n (default: its full size)")
	k := fs.Int("k", 0, "the workload's k (default: its full size)")
	gated := fs.Bool("gated", false, "b, f: each task waits until all exist before it sleeps (to measure memory per live task)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the workload to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w, ok := workloadByKey(*key)
	if !ok {
		fmt.Fprintf(stderr, "bench worker: unknown -workload %q\n", *key)
		return 2
	}
	c := contender(*impl)
	fn := w.impl[c]
	if fn == nil {
		fmt.Fprintf(stderr, "bench worker: workload %s has no -impl %q\n", w.key, *impl)
		return 2
	}
	if *n <= 0 {
		*n = w.n
	}
	if *k <= 0 {
		*k = w.k
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "bench worker:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "bench worker:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	res, err := runWorkload(c, fn, job{n: *n, k: *k, census: newCensus(*gated)})
	if err != nil {
		fmt.Fprintf(stderr, "bench worker: %s/%s: %v\n", w.key, c, err)
		return 1
	}
	if err := json.NewEncoder(stdout).Encode(res); err != nil {
		fmt.Fprintln(stderr, "bench worker:", err)
		return 1
	}
	return 0
}

// runWorkload times fn. Ours runs inside asyncio.Run, as a user's program
// would; the others get a cancellable context too, so that every contender's
// ctx costs the same. Only fn itself is timed.
func runWorkload(c contender, fn workFunc, j job) (childResult, error) {
	res := childResult{BaseRSSKB: selfMaxRSSKB()}
	timed := func(ctx context.Context) error {
		start, startCPU := time.Now(), selfCPUTime()
		j.census.start = start
		check, err := fn(ctx, j)
		res.WallNS = time.Since(start).Nanoseconds()
		res.CPUNS = (selfCPUTime() - startCPU).Nanoseconds()
		res.Check = check
		res.SpawnNS, res.PeakLive = j.census.spawnNS, j.census.peak
		return err
	}
	if c == ours {
		return res, asyncio.Run(context.Background(), timed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return res, timed(ctx)
}
