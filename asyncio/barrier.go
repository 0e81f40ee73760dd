package asyncio

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// ErrBrokenBarrier is returned by [Barrier.Wait] when the barrier is broken as
// the caller arrives, or is reset or aborted while it waits, like CPython's
// BrokenBarrierError.
var ErrBrokenBarrier = errors.New("asyncio: barrier is broken")

// Barrier makes a fixed number of tasks, its parties, wait for each other, like
// asyncio.Barrier: Wait blocks until the last party arrives, then releases them
// all, and the barrier starts a new cycle. A waiter canceled before then leaves
// without breaking the barrier, which then needs one more arrival.
//
// The zero value is not usable: make one with [NewBarrier]. All methods are safe
// for concurrent use. On a loop, the released tasks resume in the order they
// arrived.
// CPython differs: see "Differences from CPython" in [asyncio].
type Barrier struct {
	parties int
	mu      sync.Mutex
	cycle   *barrierCycle // the cycle arrivals join; nil until the first
	broken  bool          // aborted and not reset since
}

// barrierCycle is one filling of the barrier.
//
// It remembers only the waiters still blocked, never those who left, so
// that a canceled Wait costs no memory once it has returned, however many
// are canceled before the cycle fills.
type barrierCycle struct {
	// done is closed when the cycle ends. Only waiters that select on it
	// (on a loop, or with a context that is not a task's) need it, so the
	// first of them makes it.
	done    chan struct{}
	ended   bool     // the cycle has ended; guarded by the Barrier's mutex
	err     error    // nil if it filled; ErrBrokenBarrier if reset or aborted
	arrived int      // arrivals so far, including those who left: each one's arrival number
	blocked []int    // arrival numbers of the waiters still blocked, ascending; len < parties
	lts     wakeSet  // waiters on an event loop, woken in arrival order
	hooked  waitList // waiters with a task's context, woken when the cycle ends
	// first backs blocked while it is small: a barrier of a few parties
	// then costs one allocation per cycle.
	first [4]int
}

// doneLocked returns c's done channel, making it if need be. b.mu is held.
func (c *barrierCycle) doneLocked() chan struct{} {
	if c.done == nil {
		c.done = make(chan struct{})
	}
	return c.done
}

// waiting is the number of tasks blocked in the cycle.
func (c *barrierCycle) waiting() int { return len(c.blocked) }

// index is the position of a blocked waiter among those blocked, that is
// its index once the cycle fills.
func (c *barrierCycle) index(arrival int) int {
	i, _ := slices.BinarySearch(c.blocked, arrival)
	return i
}

// leave forgets a waiter that was canceled.
func (c *barrierCycle) leave(arrival int) {
	i := c.index(arrival)
	c.blocked = slices.Delete(c.blocked, i, i+1)
}

// NewBarrier returns a Barrier for parties tasks. It panics with an [*ArgError]
// if parties < 1, as CPython raises ValueError.
func NewBarrier(parties int) *Barrier {
	if parties < 1 {
		panic(&ArgError{Func: "NewBarrier", Arg: "parties", Reason: fmt.Sprintf("must be >= 1, got %d", parties)})
	}
	return &Barrier{parties: parties}
}

// Wait blocks until Parties() tasks have called it, like await barrier.wait(),
// and returns the caller's index among them in arrival order, from 0 to
// Parties()-1; the last, which releases the others, does not block. It returns
// [ErrBrokenBarrier] if the barrier is broken, or is reset or aborted while it
// waits. If ctx is done first, it returns ctx.Err() and leaves the barrier
// intact, unless the release came first. It panics with an [*ArgError] on a
// zero Barrier.
// CPython differs: see "Differences from CPython" in [asyncio].
func (b *Barrier) Wait(ctx context.Context) (int, error) {
	if ctx == nil {
		nilCtxPanic("Barrier.Wait")
	}
	if b.parties < 1 {
		panic(&ArgError{Func: "Barrier.Wait", Arg: "barrier", Reason: "is not made by NewBarrier"})
	}
	b.mu.Lock()
	if b.broken {
		b.mu.Unlock()
		return 0, ErrBrokenBarrier
	}
	if b.cycle == nil {
		b.cycle = &barrierCycle{}
		b.cycle.blocked = b.cycle.first[:0]
	}
	c := b.cycle
	if c.waiting()+1 == b.parties {
		idx := c.waiting()
		c.arrived++
		b.endCycleLocked(nil)
		b.mu.Unlock()
		return idx, nil
	}
	if err := ctx.Err(); err != nil {
		b.mu.Unlock()
		return 0, err
	}
	arrival := c.arrived
	c.arrived++
	c.blocked = append(c.blocked, arrival)
	if s, ok := ctx.(*scope); ok && s.lt == nil {
		return b.waitHooked(s, c, arrival)
	}
	lt := loopTaskOf(ctx)
	c.lts.add(lt)
	cycleDone := c.doneLocked()
	b.mu.Unlock()

	o := blocked(ctx, BlockBarrier, b)
	defer o.resumed(BlockBarrier)
	done := ctx.Done()
	if lt != nil {
		// The outcome is decided when the task's turn comes; a cancelled
		// waiter leaves below, unless the cycle ended meanwhile.
		lt.parkUntilClosed(ctx, cycleDone, BlockBarrier, b)
		if ctx.Err() == nil {
			done = nil
		} else {
			done = closedDone
		}
	}
	select {
	case <-cycleDone:
	case <-done:
		if b.leave(c, arrival, lt, nil) {
			return 0, ctx.Err()
		}
	}
	return c.outcome(arrival)
}

// leave withdraws a waiter whose ctx was cancelled (lt or w: its loop task
// or its waiter, if any) and reports true, unless the cycle ended
// meanwhile: then its outcome stands.
func (b *Barrier) leave(c *barrierCycle, arrival int, lt *loopTask, w *waiter) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.ended {
		return false
	}
	c.leave(arrival)
	c.lts.remove(lt)
	if w != nil {
		c.hooked.remove(w)
	}
	return true
}

// outcome is what Wait returns to the waiter that arrived arrival-th once
// the cycle c has ended: c.err and c.blocked are frozen by then.
func (c *barrierCycle) outcome(arrival int) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	return c.index(arrival), nil
}

// waitHooked is the rest of Wait, with b.mu held, for a caller with a
// task's context s: it parks on its waiter's channel, which the end of the
// cycle or the scope's cancellation hook wakes.
func (b *Barrier) waitHooked(s *scope, c *barrierCycle, arrival int) (int, error) {
	w := c.hooked.push(s, &b.mu, BlockBarrier, b)
	b.mu.Unlock()
	o := blocked(s, BlockBarrier, b)
	defer o.resumed(BlockBarrier)
	left := w.park(s) && b.leave(c, arrival, nil, w)
	w.release()
	if left {
		return 0, s.Err()
	}
	return c.outcome(arrival)
}

// Reset returns the barrier to its empty state, like await barrier.reset():
// waiting tasks get [ErrBrokenBarrier], and a broken barrier is usable again. It
// never blocks.
func (b *Barrier) Reset() {
	b.mu.Lock()
	b.endCycleLocked(ErrBrokenBarrier)
	b.broken = false
	b.mu.Unlock()
}

// Abort breaks the barrier, like await barrier.abort(): waiting tasks, and every
// Wait until Reset, get [ErrBrokenBarrier]. It never blocks.
func (b *Barrier) Abort() {
	b.mu.Lock()
	b.endCycleLocked(ErrBrokenBarrier)
	b.broken = true
	b.mu.Unlock()
}

// endCycleLocked ends the current cycle, if any: its waiters return err
// (nil: their index). Later arrivals start a new cycle. b.mu must be held.
func (b *Barrier) endCycleLocked(err error) {
	if c := b.cycle; c != nil {
		c.err = err
		c.ended = true
		if c.done != nil {
			close(c.done)
		}
		c.lts.wakeAll()
		for c.hooked.grant() != nil {
		}
		b.cycle = nil
	}
}

// Parties returns the number of tasks the barrier waits for.
func (b *Barrier) Parties() int { return b.parties }

// NWaiting returns the number of tasks blocked in the current cycle, like
// barrier.n_waiting.
func (b *Barrier) NWaiting() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cycle == nil {
		return 0
	}
	return b.cycle.waiting()
}

// Broken reports whether the barrier is broken (aborted and not reset since),
// like barrier.broken.
func (b *Barrier) Broken() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.broken
}
