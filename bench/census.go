package main

import (
	"sync/atomic"
	"time"
)

// census counts the tasks of a gather-and-sleep job (b, f) that are alive at
// once, so that memory per task divides by the tasks that really shared the
// peak. A Go task starts sleeping as soon as it is created, so when creating
// them all takes longer than one sleep, the first have ended before the last
// exist. (A CPython task starts only once its creator awaits, so there all of
// them are alive at once.)
//
// The creator calls created after each task and allCreated after the last;
// each task calls wait first and ended as it returns. The cost is one atomic
// add per task, the same for every Go contender.
//
// A gated census makes the tasks wait until all of them exist before they go
// on, as CPython's do: then all of them are alive at once, and the run
// measures the memory of n live tasks.
type census struct {
	start   time.Time
	spawnNS int64 // how long creating every task took
	gone    atomic.Int64
	peak    int64         // the most tasks alive at once, sampled by the creator
	gate    chan struct{} // closed by allCreated in a gated census; nil otherwise
}

// censusEvery is how often (in tasks created) the creator samples the number
// of live tasks: the peak is exact to within this many tasks.
const censusEvery = 1024

func newCensus(gated bool) *census {
	c := &census{start: time.Now()}
	if gated {
		c.gate = make(chan struct{})
	}
	return c
}

// wait returns once every task exists, in a gated census; at once otherwise.
func (c *census) wait() {
	if c.gate != nil {
		<-c.gate
	}
}

// created records that task i (counting from 0) has been created.
func (c *census) created(i int) {
	if i%censusEvery == 0 {
		c.sample(i + 1)
	}
}

// allCreated records that all n tasks have been created.
func (c *census) allCreated(n int) {
	c.spawnNS = time.Since(c.start).Nanoseconds()
	c.sample(n)
	if c.gate != nil {
		close(c.gate)
	}
}

func (c *census) sample(created int) {
	c.peak = max(c.peak, int64(created)-c.gone.Load())
}

// ended records that a task has returned.
func (c *census) ended() { c.gone.Add(1) }
