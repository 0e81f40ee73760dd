package asyncio

import (
	"context"
	"time"
)

// recvResult says how recv ended.
type recvResult uint8

const (
	recvOK      recvResult = iota // an index arrived
	recvTimeout                   // the deadline passed first
	recvDone                      // ctx was done first
)

// recv receives a finished task's index from ch, which watchers fill: the
// wait behind Gather, Wait, AsCompleted, TaskGroup.Wait and Map. An index
// already on ch wins over a passed deadline or a done ctx. ctx nil means
// "do not watch a context"; dl nil means no deadline. On an event loop (lt
// set) the watchers wake lt, and recv parks it until one of the three holds.
func recv(ctx context.Context, lt *loopTask, ch chan int, dl *deadline, on any) (int, recvResult) {
	select {
	case i := <-ch:
		return i, recvOK
	default:
	}
	if lt == nil {
		var done <-chan struct{}
		if ctx != nil {
			done = ctx.Done()
		}
		var expired <-chan time.Time
		if dl != nil {
			expired = dl.c
		}
		select {
		case i := <-ch:
			return i, recvOK
		case <-expired:
			return -1, recvTimeout
		case <-done:
			return -1, recvDone
		}
	}
	for {
		select {
		case i := <-ch:
			return i, recvOK
		default:
		}
		if ctx != nil && ctx.Err() != nil {
			return -1, recvDone
		}
		if dl != nil && dl.expired() {
			return -1, recvTimeout
		}
		if ctx != nil {
			lt.parkCtx(ctx, BlockTask, on)
		} else {
			lt.park(BlockTask, on, nil)
		}
	}
}

// deadline is a timeout in either mode: a timer channel off the loop, a
// loop timer that wakes the waiting task on it.
type deadline struct {
	c     <-chan time.Time
	timer *time.Timer
	lt    *loopTimer
	loop  *loop
}

// newDeadline starts a deadline d from now for a caller on lt's loop (lt
// nil: off a loop). d <= 0 has expired already.
func newDeadline(lt *loopTask, d time.Duration) *deadline {
	if lt != nil {
		l := lt.loop
		return &deadline{lt: l.addTimer(l.now().Add(d), lt, nil), loop: l}
	}
	if d <= 0 {
		return &deadline{c: closedTimeChan}
	}
	t := time.NewTimer(d)
	return &deadline{c: t.C, timer: t}
}

func (d *deadline) expired() bool {
	if d.lt == nil {
		select {
		case <-d.c:
			return true
		default:
			return false
		}
	}
	return d.loop.timerFired(d.lt)
}

func (d *deadline) stop() {
	if d == nil {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	if d.lt != nil {
		d.loop.stopTimer(d.lt)
	}
}

// closedTimeChan stands for a timer that has already fired.
var closedTimeChan = func() <-chan time.Time {
	c := make(chan time.Time)
	close(c)
	return c
}()

// recvNow takes an index already on ch, without blocking.
func recvNow(ch chan int) (int, bool) {
	select {
	case i := <-ch:
		return i, true
	default:
		return -1, false
	}
}

// coresOf lists the tasks a caller waits for, for a deadlock report.
func coresOf[F Future](tasks []F) []*taskCore {
	cs := make([]*taskCore, len(tasks))
	for i, t := range tasks {
		cs[i] = t.core()
	}
	return cs
}
