package asyncio

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// maxPermits is the largest number of free permits a semaphore can count.
const maxPermits = math.MaxInt64 >> 1

// Semaphore is a counting semaphore for tasks, like asyncio.Semaphore: Acquire
// takes a permit, blocking while there is none, and Release gives one back.
// Waiters are served first-in first-out: Release hands its permit to the first
// waiter, and a newcomer never takes one before them. A waiter canceled after it
// is handed a permit, before it runs, passes it on if on a loop and keeps it
// otherwise; on a loop the semaphore also stays locked until that waiter runs
// (see "Differences from CPython" in [asyncio]). Release has no bound; see
// [BoundedSemaphore].
//
// The zero value is a Semaphore with no permits. A Semaphore must not be copied
// after first use. All methods are safe for concurrent use. On a loop, the
// waiters Release wakes resume in the order they came.
type Semaphore struct {
	sem semCore
}

// NewSemaphore returns a Semaphore holding value permits. It panics with an
// [*ArgError] if value is negative, as CPython raises ValueError, or above
// 2^62-1.
func NewSemaphore(value int) *Semaphore {
	checkPermits("NewSemaphore", value)
	s := &Semaphore{}
	s.sem.state.Store(int64(value) << 1)
	return s
}

func checkPermits(fn string, value int) {
	switch {
	case value < 0:
		panic(&ArgError{Func: fn, Arg: "value", Reason: fmt.Sprintf("must be >= 0, got %d", value)})
	case int64(value) > maxPermits:
		panic(&ArgError{Func: fn, Arg: "value", Reason: fmt.Sprintf("must be <= %d, got %d", int64(maxPermits), value)})
	}
}

// Acquire takes a permit, blocking until one is free and every earlier waiter
// has had one, like await sem.acquire(). If ctx is done first, it returns
// ctx.Err() without a permit. A free permit is taken without looking at ctx.
func (s *Semaphore) Acquire(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Semaphore.Acquire")
	}
	if st := s.sem.state.Load(); st >= 2 && st&semQueued == 0 && s.sem.state.CompareAndSwap(st, st-2) {
		return nil
	}
	return s.sem.acquireSlow(ctx, maxPermits)
}

// TryAcquire takes a permit if one is free and nobody waits, and reports whether
// it did. It never blocks.
func (s *Semaphore) TryAcquire() bool { return s.sem.tryAcquire() }

// Release gives a permit back, handing it to the first waiter if there is one,
// like sem.release(). It never blocks. It panics with an [*ArgError] if the free
// permits would exceed 2^62-1.
// CPython differs: see "Differences from CPython" in [asyncio].
func (s *Semaphore) Release() {
	if st := s.sem.state.Load(); st&semQueued == 0 && st < maxPermits<<1 && s.sem.state.CompareAndSwap(st, st+2) {
		return
	}
	if !s.sem.releaseSlow(maxPermits) {
		panic(&ArgError{Func: "Semaphore.Release", Arg: "semaphore", Reason: "released too many times: the count of free permits would overflow"})
	}
}

// Locked reports whether Acquire would block: no permit is free, or others wait.
// It is sem.locked() of CPython 3.13.
func (s *Semaphore) Locked() bool { return s.sem.locked() }

// BoundedSemaphore is a [Semaphore] whose Release panics when it would raise the
// free permits above the initial value, like asyncio.BoundedSemaphore: it
// catches a release without an acquire. Make one with [NewBoundedSemaphore]; the
// zero value has a bound of 0, so every Release panics.
type BoundedSemaphore struct {
	sem   semCore
	bound int64
}

// NewBoundedSemaphore returns a BoundedSemaphore holding value permits, which is
// also its bound. It panics with an [*ArgError] if value is negative.
func NewBoundedSemaphore(value int) *BoundedSemaphore {
	checkPermits("NewBoundedSemaphore", value)
	s := &BoundedSemaphore{bound: int64(value)}
	s.sem.state.Store(int64(value) << 1)
	return s
}

// Acquire takes a permit, blocking until one is free; see [Semaphore.Acquire].
func (s *BoundedSemaphore) Acquire(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("BoundedSemaphore.Acquire")
	}
	if st := s.sem.state.Load(); st >= 2 && st&semQueued == 0 && s.sem.state.CompareAndSwap(st, st-2) {
		return nil
	}
	return s.sem.acquireSlow(ctx, s.bound)
}

// TryAcquire takes a permit if one is free and nobody waits, and reports whether
// it did. It never blocks.
func (s *BoundedSemaphore) TryAcquire() bool { return s.sem.tryAcquire() }

// Release gives a permit back, handing it to the first waiter if there is one.
// It never blocks. If every permit is free already, it panics with an
// [*ArgError] and changes nothing, as CPython raises ValueError.
func (s *BoundedSemaphore) Release() {
	if st := s.sem.state.Load(); st&semQueued == 0 && st < s.bound<<1 && s.sem.state.CompareAndSwap(st, st+2) {
		return
	}
	if !s.sem.releaseSlow(s.bound) {
		panic(&ArgError{Func: "BoundedSemaphore.Release", Arg: "semaphore",
			Reason: fmt.Sprintf("released more times than acquired: all %d permits are free", s.bound)})
	}
}

// Locked reports whether Acquire would block; see [Semaphore.Locked].
func (s *BoundedSemaphore) Locked() bool { return s.sem.locked() }

// semCore is what Semaphore and BoundedSemaphore share.
type semCore struct {
	// state is free<<1 | semQueued. semQueued is set, only under mu, while
	// waiters may be queued or a woken waiter on an event loop has not
	// resumed; it sends every call to the slow path, which hands a released
	// permit to the first waiter. Permits are free while it is set only in
	// the second case, as in CPython, where the woken waiter stays in the
	// queue until it resumes and then wakes as many others as permits allow.
	state    atomic.Int64
	mu       sync.Mutex // guards waiters, resuming and every change of semQueued
	waiters  waitList
	resuming int // waiters on an event loop granted a permit that have not resumed
}

const semQueued = 1

func (s *semCore) free() int64 { return s.state.Load() >> 1 }

func (s *semCore) locked() bool {
	st := s.state.Load()
	return st < 2 || st&semQueued != 0
}

func (s *semCore) tryAcquire() bool {
	for {
		st := s.state.Load()
		if st < 2 || st&semQueued != 0 {
			return false
		}
		if s.state.CompareAndSwap(st, st-2) {
			return true
		}
	}
}

// releaseSlow gives a permit back unless bound permits are free already, in
// which case it reports false and changes nothing.
func (s *semCore) releaseSlow(bound int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.free() >= bound {
		return false
	}
	s.releaseLocked()
	return true
}

// acquireSlow is Acquire's slow path; bound is the most permits that may be
// free.
func (s *semCore) acquireSlow(ctx context.Context, bound int64) error {
	prepareWait(ctx)
	w, err := s.enqueue(ctx)
	if w == nil {
		return err
	}
	// Parked here, not in enqueue, to keep a parked goroutine's stack small
	// (see Lock.lockSlow).
	err = s.waiters.block(ctx, w, func() { s.passOnLocked(w, bound) })
	onLoop := w.lt != nil
	w.release()
	if err == nil && !onLoop {
		return nil
	}
	s.mu.Lock()
	if err == nil {
		s.resuming-- // passOnLocked counted it down if err != nil
	}
	s.settleLocked()
	s.mu.Unlock()
	return err
}

// enqueue takes a permit if it can, spinning briefly, or queues a waiter
// for one. It returns the waiter, or nil and the outcome.
func (s *semCore) enqueue(ctx context.Context) (*waiter, error) {
	// Spin while no permit is free and nobody is queued, as Lock does.
	for range spinLimit() {
		st := s.state.Load()
		if st&semQueued != 0 {
			break
		}
		if st >= 2 && s.state.CompareAndSwap(st, st-2) {
			return nil, nil
		}
	}
	s.mu.Lock()
	for {
		st := s.state.Load()
		if st >= 2 && st&semQueued == 0 {
			if s.state.CompareAndSwap(st, st-2) {
				s.mu.Unlock()
				return nil, nil
			}
			continue
		}
		if err := ctx.Err(); err != nil {
			s.mu.Unlock()
			return nil, err
		}
		if st&semQueued != 0 || s.state.CompareAndSwap(st, st|semQueued) {
			break
		}
	}
	w := s.waiters.push(ctx, &s.mu, BlockSemaphore, s)
	s.mu.Unlock()
	return w, nil
}

// passOnLocked passes on the permit of waiter w, canceled after it was
// handed one: to the next waiter, or back to the free permits, but never
// above bound. (While the permit was in flight every permit looked taken, so
// a BoundedSemaphore may have accepted one Release too many; the permit that
// would exceed its bound is dropped.) s.mu must be held.
func (s *semCore) passOnLocked(w *waiter, bound int64) {
	if w.lt != nil {
		s.resuming--
	}
	if !s.grantLocked() {
		for {
			st := s.state.Load()
			next := st
			if next>>1 < bound {
				next += 2
			}
			if s.state.CompareAndSwap(st, next) {
				break
			}
		}
	}
	s.settleLocked()
}

// releaseLocked hands a permit to the first waiter, or frees it if there is
// none. s.mu must be held.
func (s *semCore) releaseLocked() {
	if s.grantLocked() {
		s.settleLocked()
		return
	}
	// Fast Releases may add permits concurrently when semQueued is not
	// set, hence the loop.
	for {
		st := s.state.Load()
		next := st + 2
		if s.resuming == 0 {
			next &^= semQueued
		}
		if s.state.CompareAndSwap(st, next) {
			return
		}
	}
}

// grantLocked hands a permit, not counted in state, to the first waiter
// still waiting, and reports whether there was one (waiters that a
// cancellation woke first are passed by). s.mu must be held.
func (s *semCore) grantLocked() bool {
	w := s.waiters.grant()
	if w == nil {
		return false
	}
	if w.lt != nil {
		s.resuming++
	}
	return true
}

// settleLocked hands free permits to waiters, who can have queued behind
// a woken waiter that had not resumed, as CPython's acquire does when it
// resumes; then, once nobody waits or resumes, it clears semQueued so that
// calls take the fast path again. s.mu must be held.
func (s *semCore) settleLocked() {
	for s.waiters.len() > 0 && s.state.Load() >= 2 {
		s.state.Add(-2) // stable: semQueued is set while anyone waits
		if !s.grantLocked() {
			s.state.Add(2) // everyone left was cancelled
			break
		}
	}
	if s.waiters.len() == 0 && s.resuming == 0 {
		for {
			st := s.state.Load()
			if st&semQueued == 0 || s.state.CompareAndSwap(st, st&^semQueued) {
				return
			}
		}
	}
}
