package main

import (
	"flag"
	"fmt"
	"io"
	"testing"
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
func runMicro(res *results, cfg config, stderr io.Writer) error {
	testing.Init() // registers -test.benchtime, which testing.Benchmark reads
	benchtime := "500ms"
	if cfg.quick {
		benchtime = "50ms"
	}
	if err := flag.Set("test.benchtime", benchtime); err != nil {
		return err
	}
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
				r := testing.Benchmark(m.impl[c])
				if r.N == 0 {
					return fmt.Errorf("micro-benchmark %s, %s failed", m.key, c)
				}
				s := microSample{
					nsPerOp:     float64(r.T.Nanoseconds()) / float64(r.N),
					allocsPerOp: float64(r.MemAllocs) / float64(r.N),
				}
				res.addMicro(m.key, c, s)
				fmt.Fprintf(stderr, "rep %d/%d  micro %-14s %-6s %9.1f ns/op %5.1f allocs/op\n",
					rep+1, reps, m.key, c, s.nsPerOp, s.allocsPerOp)
			}
		}
	}
	return nil
}
