package asyncio

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Lock is a mutual-exclusion lock for tasks, like asyncio.Lock. Waiters are
// served first-in first-out: Unlock hands the lock to the first waiter, and a
// newcomer never takes it before them. A waiter canceled after it is handed the
// lock, before it runs, passes it on if on a loop and keeps it otherwise (see
// "Differences from CPython" in [asyncio]). A Lock has no owner: any task may
// unlock it.
//
// The zero value is an unlocked Lock. A Lock must not be copied after first use.
// All methods are safe for concurrent use. On a loop, the waiters Unlock wakes
// resume in the order they came.
type Lock struct {
	// state is lockHeld|lockQueued|lockHandedOff bits. lockQueued is set
	// only while the lock is held, and only under mu; it sends Unlock to
	// the slow path, which hands the lock to the first waiter instead of
	// freeing it. lockHandedOff says that the holder got the lock from
	// Unlock while it was parked: a contender does not spin then, since the
	// holder may not even run before the contender would give up.
	state   atomic.Int32
	mu      sync.Mutex // guards waiters and every change of lockQueued
	waiters waitList
}

const (
	lockHeld      = 1 << iota // someone holds the lock
	lockQueued                // waiters may be queued: Unlock must hand off
	lockHandedOff             // the holder was handed the lock while parked
)

// lockSpins is how many times a contended Lock or Semaphore.Acquire looks
// at the state again before it queues: a few hundred nanoseconds, about what
// parking and waking a goroutine costs. Tests set it to 0 to make every
// contended call queue.
var lockSpins = 512

// spinLimit is how many times a contended call may spin: lockSpins, or 0 on
// one processor, where the holder cannot run while we spin. GOMAXPROCS can
// change while the program runs, so it is looked up again every so often.
func spinLimit() int {
	if spinChecks.Add(1)%1024 == 1 {
		multiProc.Store(runtime.NumCPU() > 1 && runtime.GOMAXPROCS(0) > 1)
	}
	if !multiProc.Load() {
		return 0
	}
	return lockSpins
}

var (
	spinChecks atomic.Uint32
	multiProc  atomic.Bool
)

// Lock acquires the lock, blocking until it is free and every earlier waiter has
// had it, like await lock.acquire(). If ctx is done first, it returns ctx.Err()
// without the lock. A free lock is taken without looking at ctx.
func (l *Lock) Lock(ctx context.Context) error {
	// One call, to lockSlow, which also checks ctx: Lock stays small
	// enough to be inlined.
	if ctx != nil && l.state.CompareAndSwap(0, lockHeld) {
		return nil
	}
	return l.lockSlow(ctx)
}

func (l *Lock) lockSlow(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Lock.Lock")
	}
	prepareWait(ctx)
	w, err := l.enqueue(ctx)
	if w == nil {
		return err
	}
	// Parking happens here, not in enqueue, whose frame would then stay on
	// the stack: a parked goroutine's stack must stay small, or every one of
	// them is copied to a bigger one.
	err = l.waiters.block(ctx, w, l.handOffLocked)
	w.release()
	if err != nil {
		l.mu.Lock()
		if l.waiters.len() == 0 {
			// We were the last waiter: let the next Unlock take the fast
			// path again. Only Unlock's slow path (under mu) and this can
			// change a state with lockQueued set.
			l.clearQueuedLocked()
		}
		l.mu.Unlock()
	}
	return err
}

// enqueue takes the lock if it can, spinning briefly, or queues a waiter
// for it. It returns the waiter, or nil and the outcome.
func (l *Lock) enqueue(ctx context.Context) (*waiter, error) {
	// Spin while the lock is held and nobody is queued: a short critical
	// section ends sooner than a goroutine can park and be woken. Taking a
	// free lock here is not barging, since a free lock has no waiters
	// (Unlock hands it over instead of freeing it when there are some).
	for range spinLimit() {
		s := l.state.Load()
		if s == 0 && l.state.CompareAndSwap(0, lockHeld) {
			return nil, nil
		}
		if s&(lockQueued|lockHandedOff) != 0 {
			break
		}
	}
	l.mu.Lock()
	for {
		s := l.state.Load()
		if s == 0 {
			if l.state.CompareAndSwap(0, lockHeld) {
				l.mu.Unlock()
				return nil, nil
			}
			continue // an Unlock or a fast Lock raced with us
		}
		if err := ctx.Err(); err != nil {
			l.mu.Unlock()
			return nil, err
		}
		if s&lockQueued != 0 || l.state.CompareAndSwap(s, s|lockQueued) {
			break
		}
	}
	w := l.waiters.push(ctx, &l.mu, BlockLock, l)
	l.mu.Unlock()
	return w, nil
}

// requeue moves w, a waiter notified by a Condition over l, onto l's wait
// list, so that Unlock hands it the lock and wakes it. The notifier holds l,
// unless another goroutine unlocked it meanwhile: then w gets it at once.
func (l *Lock) requeue(w *waiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w.requeued = true
	for {
		s := l.state.Load()
		if s == 0 {
			if !l.state.CompareAndSwap(0, lockHeld|lockHandedOff) {
				continue
			}
			if !w.wake(wokeGrant) {
				l.state.Store(0) // cancelled meanwhile: it takes the lock the usual way
			}
			return
		}
		if s&lockQueued != 0 || l.state.CompareAndSwap(s, s|lockQueued) {
			break
		}
	}
	l.waiters.pushWaiter(w, &l.mu, BlockLock, l)
}

// unqueue withdraws w, requeued onto l's wait list and then cancelled, and
// reports whether it had been requeued at all. Its caller, notified, must
// then take the lock the usual way.
func (l *Lock) unqueue(w *waiter) (requeued bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !w.requeued {
		return false
	}
	l.waiters.remove(w)
	if l.waiters.len() == 0 {
		l.clearQueuedLocked()
	}
	return true
}

// clearQueuedLocked clears lockQueued, if set, once nobody waits. l.mu must
// be held: nothing else changes a state with lockQueued set.
func (l *Lock) clearQueuedLocked() {
	if s := l.state.Load(); s&lockQueued != 0 {
		l.state.Store(s &^ lockQueued)
	}
}

// TryLock acquires the lock if it is free and nobody waits for it, and reports
// whether it did. It never blocks.
func (l *Lock) TryLock() bool {
	return l.state.CompareAndSwap(0, lockHeld)
}

// Unlock releases the lock, handing it to the first waiter if there is one. It
// never blocks. Unlock of an unlocked Lock panics with an [*ArgError], which,
// unlike sync.Mutex's fatal error, can be recovered and leaves the Lock intact.
func (l *Lock) Unlock() { l.unlock("Lock.Unlock") }

// unlock is Unlock; fn names the caller's method in the panic.
func (l *Lock) unlock(fn string) {
	if l.state.CompareAndSwap(lockHeld, 0) {
		return
	}
	l.unlockSlow(fn)
}

func (l *Lock) unlockSlow(fn string) {
	if l.state.CompareAndSwap(lockHeld|lockHandedOff, 0) {
		return
	}
	l.mu.Lock()
	if l.state.Load()&lockHeld == 0 {
		l.mu.Unlock()
		panic(&ArgError{Func: fn, Arg: "lock", Reason: "is not locked"})
	}
	l.handOffLocked()
	l.mu.Unlock()
}

// handOffLocked gives the held lock to the first waiter, or frees it if there
// is none. l.mu must be held.
func (l *Lock) handOffLocked() {
	if l.waiters.grant() == nil {
		l.state.Store(0)
	} else if l.waiters.len() == 0 {
		l.state.Store(lockHeld | lockHandedOff) // the last waiter took it: no more hand-offs
	} else {
		l.state.Store(lockHeld | lockQueued | lockHandedOff)
	}
}

// Locked reports whether the lock is held, like lock.locked(). It stays held
// while Unlock hands it to a waiter.
// CPython differs: see "Differences from CPython" in [asyncio].
func (l *Lock) Locked() bool {
	return l.state.Load()&lockHeld != 0
}
