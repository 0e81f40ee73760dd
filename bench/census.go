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
// each task calls ended as it returns. The cost is one atomic add per task,
// the same for every Go contender.
type census struct {
	start   time.Time
	spawnNS int64 // how long creating every task took
	gone    atomic.Int64
	peak    int64 // the most tasks alive at once, sampled by the creator
}

// censusEvery is how often (in tasks created) the creator samples the number
// of live tasks: the peak is exact to within this many tasks.
const censusEvery = 1024

func newCensus() *census { return &census{start: time.Now()} }

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
}

func (c *census) sample(created int) {
	c.peak = max(c.peak, int64(created)-c.gone.Load())
}

// ended records that a task has returned.
func (c *census) ended() { c.gone.Add(1) }
