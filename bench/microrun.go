package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"
)

// microSample is one testing.Benchmark result.
type microSample struct {
	nsPerOp     float64
	allocsPerOp float64
}

func (r *results) addMicro(key string, c contender, s microSample) {
	if r.micro == nil {
		r.micro = map[string]map[contender][]microSample{}
	}
	if r.micro[key] == nil {
		r.micro[key] = map[contender][]microSample{}
	}
	r.micro[key][c] = append(r.micro[key][c], s)
}

// microReps is how many times each micro-benchmark runs: each run already
// repeats the operation for the whole benchtime.
func microReps(cfg config) int {
	if cfg.quick {
		return min(cfg.repetitions(), 2)
	}
	return min(cfg.repetitions(), 3)
}

// runMicro runs the micro-benchmarks in this process through
// testing.Benchmark, alternating the contenders.
func runMicro(ctx context.Context, res *results, cfg config, stderr io.Writer) error {
	testing.Init() // registers -test.benchtime, which testing.Benchmark reads
	target := 500 * time.Millisecond
	if cfg.quick {
		target = 50 * time.Millisecond
	}
	contendedBudget = 2 * target
	defer func() { contendedBudget = 0 }()
	reps := microReps(cfg)
	for rep := range reps {
		for _, m := range micros {
			var cs []contender
			for _, c := range contenders {
				if m.impl[c] != nil {
					cs = append(cs, c)
				}
			}
			for _, c := range rotate(cs, rep) {
				if err := ctx.Err(); err != nil {
					return err
				}
				started := time.Now()
				var (
					r   testing.BenchmarkResult
					err error
				)
				withProcs(m.procs, func() { r, err = benchmark(m.impl[c], target) })
				if err != nil {
					return fmt.Errorf("micro-benchmark %s, %s: %w", m.key, c, err)
				}
				ops := float64(r.N)
				if done := r.Extra["ops"]; done > 0 { // stopped by contendedBudget
					ops = done
				}
				s := microSample{
					nsPerOp:     float64(r.T.Nanoseconds()) / ops,
					allocsPerOp: float64(r.MemAllocs) / ops,
				}
				res.addMicro(m.key, c, s)
				fmt.Fprintf(stderr, "rep %d/%d  micro %-14s %-6s %9.1f ns/op %5.1f allocs/op  (%d ops, %s)\n",
					rep+1, reps, m.key, c, s.nsPerOp, s.allocsPerOp, int(ops), time.Since(started).Round(time.Millisecond))
			}
		}
	}
	return nil
}

// maxGrowth is how much benchmark lets the iteration count grow from one
// trial to the next.
const maxGrowth = 10

// benchmark runs fn with more and more iterations until one run lasts at
// least target, and returns that run.
//
// testing.Benchmark alone lets the count grow 100× a step, so its final count
// can come from a trial of a few milliseconds; when that trial was faster
// than the steady state (goroutines not yet contending, a quiet moment on a
// shared machine) the final run lasts many times the target. Growing at most
// 10× a step bases the final count on a trial at least a tenth as long.
func benchmark(fn func(*testing.B), target time.Duration) (testing.BenchmarkResult, error) {
	n := 1
	for {
		if err := flag.Set("test.benchtime", strconv.Itoa(n)+"x"); err != nil {
			return testing.BenchmarkResult{}, err
		}
		r := testing.Benchmark(fn)
		if r.N == 0 {
			return r, errors.New("failed")
		}
		if r.T >= target || r.Extra["ops"] > 0 || n >= 1e9 {
			return r, nil
		}
		next := n * maxGrowth
		if r.T > 0 {
			next = min(next, int(float64(n)*1.2*float64(target)/float64(r.T)))
		}
		n = max(next, n+1)
	}
}
