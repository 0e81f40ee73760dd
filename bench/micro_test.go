package main

import "testing"

// BenchmarkMicro runs the per-operation micro-benchmarks of micro.go, one
// sub-benchmark per operation and contender: go test -bench=Micro . in bench/
// (or -bench='Micro/lock/' for one operation).
func BenchmarkMicro(b *testing.B) {
	for _, m := range micros {
		for _, c := range contenders {
			if fn := m.impl[c]; fn != nil {
				b.Run(m.key+"/"+string(c), func(b *testing.B) { withProcs(m.procs, func() { fn(b) }) })
			}
		}
	}
}
