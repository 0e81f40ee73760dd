package main

import (
	"context"
	"fmt"
	"time"
)

// contender is one of the implementations being compared.
type contender string

const (
	ours    contender = "ours"    // package asyncio
	floor   contender = "floor"   // hand-written stdlib Go
	peer    contender = "peer"    // golang.org/x/sync or sourcegraph/conc
	cpython contender = "cpython" // python3's asyncio
)

// contenders in table order.
var contenders = []contender{ours, floor, peer, cpython}

// job is one run of a workload: its parameters, and the census that the
// gather-and-sleep workloads (b, f) keep of their live tasks.
type job struct {
	n, k   int
	census *census
}

// workFunc runs one job and returns a check value that the parent compares
// with workload.want, so that no contender can skip work or get it wrong
// unnoticed.
type workFunc func(ctx context.Context, j job) (int64, error)

// workload is one of the workloads a–f, with its implementation by
// each Go contender; the CPython one is bench/python/<python>.
type workload struct {
	key       string
	title     func(n, k int) string
	n, k      int // full size; what n and k mean depends on the workload
	quickN    int // n in quick mode (k is unchanged)
	fullReps  int // at most this many repetitions in a full run; 0 = no cap
	quickReps int // the same in quick mode
	python    string
	peerName  string // "" when no peer applies
	impl      map[contender]workFunc
	want      func(n, k int) int64
}

// sumBelow is 0+1+...+(n-1): what gathering tasks that return their index sums to.
func sumBelow(n, _ int) int64 { return int64(n) * int64(n-1) / 2 }

var workloads = []workload{{
	key:   "a",
	title: func(n, _ int) string { return "gather " + count(n) + " no-op tasks" },
	n:     100_000, quickN: 10_000,
	python:   "a_gather_noop.py",
	peerName: "errgroup",
	impl:     map[contender]workFunc{ours: oursGatherNoop, floor: floorGatherNoop, peer: peerGatherNoop},
	want:     sumBelow,
}, {
	key:   "b",
	title: func(n, k int) string { return "gather " + count(n) + " tasks sleeping " + millis(k) },
	n:     100_000, k: 100, quickN: 10_000,
	python:   "b_gather_sleep.py",
	peerName: "errgroup",
	impl:     map[contender]workFunc{ours: oursGatherSleep, floor: floorGatherSleep, peer: peerGatherSleep},
	want:     sumBelow,
}, {
	key:   "c",
	title: func(n, k int) string { return fmt.Sprintf("Queue(%d), 1 producer, 1 consumer, %s ints", k, count(n)) },
	n:     1_000_000, k: 100, quickN: 100_000,
	python: "c_queue.py",
	impl:   map[contender]workFunc{ours: oursQueue, floor: floorQueue},
	want:   sumBelow,
}, {
	key:   "d",
	title: func(n, k int) string { return fmt.Sprintf("%s tasks through Semaphore(%d), yield inside", count(n), k) },
	n:     100_000, k: 100, quickN: 10_000,
	python:   "d_semaphore.py",
	peerName: "errgroup+semaphore",
	impl:     map[contender]workFunc{ours: oursSemaphore, floor: floorSemaphore, peer: peerSemaphore},
	want:     sumBelow,
}, {
	key:   "e",
	title: func(n, k int) string { return count(n) + " tasks × " + count(k) + " lock hand-offs, yield while held" },
	n:     1000, k: 1000, quickN: 100, fullReps: 3,
	python: "e_lock.py",
	impl:   map[contender]workFunc{ours: oursLock, floor: floorLock},
	want:   func(n, k int) int64 { return int64(n) * int64(k) },
}, {
	key:   "f",
	title: func(n, k int) string { return "gather " + count(n) + " tasks sleeping " + millis(k) },
	n:     1_000_000, k: 1000, quickN: 100_000, fullReps: 3, quickReps: 1,
	python:   "f_gather_1m.py",
	peerName: "errgroup",
	impl:     map[contender]workFunc{ours: oursGatherSleep, floor: floorGatherSleep, peer: peerGatherSleep},
	want:     sumBelow,
}}

// millis writes k milliseconds as a duration: 100ms, 1s.
func millis(k int) string { return (time.Duration(k) * time.Millisecond).String() }

// count writes a task or item count the way the issue does: 1000, 10k, 1M.
func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 10_000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	default:
		return fmt.Sprint(n)
	}
}

// memoryKey is the workload whose memory per task the report shows.
const memoryKey = "f"

// size returns n and k for the mode.
func (w workload) size(quick bool) (n, k int) {
	if quick {
		return w.quickN, w.k
	}
	return w.n, w.k
}

// reps caps the repetitions for the mode.
func (w workload) reps(quick bool, reps int) int {
	limit := w.fullReps
	if quick {
		limit = w.quickReps
	}
	if limit > 0 && reps > limit {
		return limit
	}
	return reps
}

// has reports whether c takes part in w (CPython always does).
func (w workload) has(c contender) bool { return c == cpython || w.impl[c] != nil }

func workloadByKey(key string) (workload, bool) {
	for _, w := range workloads {
		if w.key == key {
			return w, true
		}
	}
	return workload{}, false
}
