package asyncio

import (
	"context"
	"sync"
	"sync/atomic"
)

// waiter is one caller blocked in a primitive. It is woken once per wait,
// by whoever claims it first (woken): the primitive granting it what it
// waits for (the lock, a permit, an item, a notification) or releasing it,
// both under the primitive's mutex, or the cancellation of its context.
//
// Off an event loop it parks on ready alone. When its context is a task's
// (a scope), the scope's hook wakes it on cancellation, so it needs neither
// a select nor the context's Done channel, and the waiter is kept in the
// scope for the task's next wait. With any other context it selects on
// ready and ctx.Done(). On an event loop it parks its task (lt), which a
// cancellation wakes through the loop task's own hook.
type waiter struct {
	ready  chan struct{} // receives one token per wait; nil on an event loop
	lt     *loopTask     // on an event loop, the task to wake
	woken  atomic.Uint32 // why it was woken (wokeGrant...); 0 while it waits
	linked bool
	// stale says that the hook may still run after the wait: the waiter
	// must not be used for another one.
	stale bool
	// requeued says that a Condition's Notify moved the waiter onto its
	// Lock's wait list (see Condition.notifyLocked). Guarded by the Lock's
	// mutex.
	requeued   bool
	item       any // what the grant hands over, if more than a yes: a queue's item
	prev, next *waiter
	cancel     hook   // wakes it when its scope is cancelled
	home       *scope // the scope it was made for and returns to; nil if none
}

// Why a waiter was woken.
const (
	wokeGrant   = 1 + iota // granted what it waits for
	wokeRelease            // released by releaseAll, without a grant
	wokeCancel             // its context was cancelled first
)

// granted reports whether the waiter was woken by a grant.
func (w *waiter) granted() bool { return w.woken.Load() == wokeGrant }

// wake claims w for reason and wakes its caller, and reports whether it
// did: false if something else woke it first. On an event loop the caller
// becomes ready to run and checks its state when its turn comes.
func (w *waiter) wake(reason uint32) bool {
	if !w.woken.CompareAndSwap(0, reason) {
		return false
	}
	if w.lt != nil {
		w.lt.wake()
	} else {
		w.ready <- struct{}{} // never blocks: one token per wait, and room for one
	}
	return true
}

// scopeCanceled is the cancellation hook: it wakes the waiter, which then
// leaves the list itself. It takes no primitive's mutex, so a scope may be
// cancelled anywhere.
func (w *waiter) scopeCanceled() { w.wake(wokeCancel) }

// waitList is a FIFO of waiters: an intrusive doubly linked list, so that a
// canceled waiter leaves it in O(1). The zero value is an empty list. It is
// guarded by its primitive's mutex.
type waitList struct {
	head, tail *waiter
	n          int
	// Set by the first push, so that block needs fewer arguments (a
	// smaller frame on a parked goroutine's stack):
	mu   *sync.Mutex // the primitive's mutex
	kind BlockKind   // what a waiter is blocked on, for the recorder
	on   any         // the primitive, for a deadlock report
}

func (l *waitList) len() int { return l.n }

// push appends a waiter for a caller with ctx and returns it. mu is the
// primitive's mutex, which the caller holds; kind and on say what the
// waiter is blocked on.
func (l *waitList) push(ctx context.Context, mu *sync.Mutex, kind BlockKind, on any) *waiter {
	w := newWaiter(ctx)
	l.pushWaiter(w, mu, kind, on)
	return w
}

// pushWaiter appends w, which is in no list, as push does.
func (l *waitList) pushWaiter(w *waiter, mu *sync.Mutex, kind BlockKind, on any) {
	if l.mu == nil { // the first push: these never change
		l.mu, l.kind, l.on = mu, kind, on
	}
	w.linked, w.prev = true, l.tail
	if l.tail != nil {
		l.tail.next = w
	} else {
		l.head = w
	}
	l.tail = w
	l.n++
}

// newWaiter returns a waiter for a caller with ctx: the one its scope keeps,
// if ctx is a task's context and no other wait in it is using it.
func newWaiter(ctx context.Context) *waiter {
	s, direct := ctx.(*scope)
	if !direct {
		s = scopeOf(ctx)
	}
	if s != nil && s.lt != nil {
		return &waiter{lt: s.lt}
	}
	if !direct {
		return &waiter{ready: make(chan struct{}, 1)}
	}
	return s.waiter()
}

// waiter returns a waiter for a wait in s, off an event loop: the one s
// keeps, unless another wait is using it.
func (s *scope) waiter() *waiter {
	if w := s.x().spare.Swap(nil); w != nil {
		return w
	}
	w := &waiter{ready: make(chan struct{}, 1), home: s}
	w.cancel.target = w
	return w
}

// prepareWait makes the scope extension of a task's context ctx, where a
// waiter comes from, before a call that may block goes deeper: allocating
// it at the bottom of the blocking path could outgrow the goroutine's
// initial stack (see Lock.lockSlow).
func prepareWait(ctx context.Context) {
	if s, ok := ctx.(*scope); ok && s.ext.Load() == nil {
		s.x()
	}
}

// release ends a wait that block returned from: the waiter goes back to its
// scope for the next wait, unless a cancellation hook may still touch it.
// The caller must not use w afterwards.
func (w *waiter) release() {
	if w.home == nil || w.stale {
		return
	}
	w.woken.Store(0)
	w.item = nil
	w.requeued = false
	w.home.x().spare.Store(w)
}

// remove unlinks w; it does nothing if w is in no list. w must not be in
// another list.
func (l *waitList) remove(w *waiter) {
	if !w.linked {
		return
	}
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		l.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		l.tail = w.prev
	}
	w.prev, w.next, w.linked = nil, nil, false
	l.n--
}

// grant wakes the first waiter that is still waiting and returns it, or nil
// if there is none. Waiters that a cancellation woke first are dropped on
// the way: they no longer want a grant.
func (l *waitList) grant() *waiter {
	if l.head == nil { // inlined: the usual case of a queue or semaphore that nobody waits on
		return nil
	}
	return l.grantSlow()
}

func (l *waitList) grantSlow() *waiter {
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		if w.wake(wokeGrant) {
			return w
		}
	}
	return nil
}

// releaseAll wakes every waiter without a grant: their block returns nil
// with w.granted() false, which the primitive reads as "look again" (a queue
// that was shut down, for example).
func (l *waitList) releaseAll() {
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		w.wake(wokeRelease)
	}
}

// block waits until w is granted or ctx is done. The caller must not hold
// the list's mutex, and must call w.release afterwards. A canceled
// call returns ctx.Err() and never keeps or drops a grant, as in CPython
// and golang.org/x/sync/semaphore: w leaves the list, or, if the grant came
// first but the caller saw the cancellation first, passOn is called with mu
// held so that the grant goes to the next waiter instead of being lost. A
// nil return means w was woken: by a grant, or by releaseAll (w.granted
// tells which).
//
// With a task's context the first of the grant and the cancellation wins:
// the hook claims the waiter as it cancels, so a later grant passes it by.
// On an event loop the outcome is decided when the caller's turn comes, as
// CPython decides it when the woken task resumes: a caller whose ctx was
// cancelled meanwhile passes its grant on and returns ctx.Err().
func (l *waitList) block(ctx context.Context, w *waiter, passOn func()) error {
	// No defer, and the rarer ways to wait in functions of their own: the
	// frames on a parked goroutine's stack must stay small (see
	// Lock.lockSlow).
	kind := l.kind
	o := blocked(ctx, kind, l.on)
	var err error
	switch {
	case w.home != nil:
		err = l.blockHooked(w.home, w)
	case w.lt != nil:
		err = l.blockOnLoop(ctx, w, passOn)
	default:
		err = l.blockSelect(ctx, w, passOn)
	}
	o.resumed(kind)
	return err
}

// blockSelect parks w, waiting with a context that is not a task's, on its
// channel and ctx.Done().
func (l *waitList) blockSelect(ctx context.Context, w *waiter, passOn func()) error {
	done := ctx.Done()
	if done == nil { // never canceled: a plain receive is cheaper than a select
		<-w.ready
		return nil
	}
	select {
	case <-w.ready:
		return nil
	case <-done:
		mu := l.mu
		mu.Lock()
		switch w.woken.Load() {
		case wokeGrant:
			passOn()
		case 0:
			l.remove(w)
		}
		mu.Unlock()
		return ctx.Err()
	}
}

// blockHooked parks w, waiting in scope s, on its channel alone; s's hook
// wakes it if s is cancelled first.
func (l *waitList) blockHooked(s *scope, w *waiter) error {
	if w.park(s) {
		l.mu.Lock()
		l.remove(w)
		l.mu.Unlock()
		return s.Err()
	}
	return nil
}

// park waits, in scope s, until w is woken, and reports whether the
// cancellation of s woke it; the caller must then withdraw w from what
// would have woken it. The hook is withdrawn before park returns.
func (w *waiter) park(s *scope) (canceled bool) {
	hooked := s.addWaiter(w)
	if !hooked {
		w.scopeCanceled() // cancelled since the caller looked: unless woken meanwhile
	}
	<-w.ready
	if w.woken.Load() == wokeCancel {
		return true // the hook has run (or never was added)
	}
	w.stale = hooked && !s.removeWaiter(w)
	return false
}

// blockOnLoop is block for a task on an event loop.
func (l *waitList) blockOnLoop(ctx context.Context, w *waiter, passOn func()) error {
	lt, mu := w.lt, l.mu
	for {
		mu.Lock()
		woken := w.woken.Load()
		if err := ctx.Err(); err != nil {
			switch woken {
			case wokeGrant:
				passOn()
			case 0:
				l.remove(w)
			}
			mu.Unlock()
			return err
		}
		mu.Unlock()
		if woken != 0 {
			return nil
		}
		lt.parkCtx(ctx, l.kind, l.on)
	}
}
