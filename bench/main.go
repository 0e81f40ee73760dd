// Command bench measures package asyncio against the Go a programmer writes by
// hand (the "floor": goroutines, sync.WaitGroup, channels, sync.Mutex), against
// golang.org/x/sync and github.com/sourcegraph/conc (the "peer"), and against
// CPython's asyncio running the same workloads (bench/python).
//
// bench is a module of its own (bench/go.mod, which replaces the library with
// the checkout beside it), so that the library's go.mod does not require the
// peers it is measured against. Run it from its directory:
//
//	cd bench
//	go run .                  # full run, writes RESULTS.md (a few minutes)
//	go run . -quick           # counts ÷10, fewer repetitions (under a minute)
//	go run . -only a,c -reps 3 -out /tmp/r.md
//
// From the repository's root, go run ./bench fails: the root module does not
// contain it. There is deliberately no go.work joining the two modules: a
// workspace would build the library against the union of both modules'
// requirements, hiding a dependency that the library's go.mod lacks.
//
// Every contender × workload runs in a child process of its own (this binary
// re-executed as "bench worker ..." or python3), so that each peak RSS belongs
// to one contender alone. The child times the workload itself and prints the
// result as JSON; the parent alternates the contenders, repeats, and reports
// the medians. The per-operation micro-benchmarks (micro.go, also runnable
// with go test -bench) run in the parent through testing.Benchmark.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == workerCommand {
		os.Exit(workerMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
