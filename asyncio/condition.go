package asyncio

import (
	"context"
	"sync"
	"sync/atomic"
)

// Condition is a condition variable for tasks, like asyncio.Condition: a [Lock]
// and a first-in first-out list of tasks waiting to be notified. Wait, WaitFor,
// Notify and NotifyAll need the lock held, by any task. A waiter canceled as it
// is notified passes the notification on.
//
// The zero value is a Condition with a Lock of its own. A Condition must not be
// copied after first use. All methods are safe for concurrent use. On a loop,
// notified waiters resume in the order they came, each once it has the lock.
type Condition struct {
	shared  *Lock // the lock given to NewCondition; nil to use own
	own     Lock
	mu      sync.Mutex // guards waiters
	waiters waitList
	// waiting counts the calls between queuing and leaving Wait's wait list.
	// A waiter queues with the lock held, so a notifier, who holds it too,
	// sees 0 only if nobody is queued, and can skip mu.
	waiting atomic.Int32
}

// NewCondition returns a Condition over l, or over a Lock of its own if l is
// nil, like asyncio.Condition(lock).
func NewCondition(l *Lock) *Condition {
	return &Condition{shared: l}
}

func (c *Condition) lock() *Lock {
	if c.shared != nil {
		return c.shared
	}
	return &c.own
}

// Lock acquires the underlying lock; see [Lock.Lock].
func (c *Condition) Lock(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Condition.Lock")
	}
	return c.lock().Lock(ctx)
}

// TryLock acquires the underlying lock if it is free and nobody waits for it;
// see [Lock.TryLock].
func (c *Condition) TryLock() bool { return c.lock().TryLock() }

// Unlock releases the underlying lock; see [Lock.Unlock].
func (c *Condition) Unlock() { c.lock().unlock("Condition.Unlock") }

// Locked reports whether the underlying lock is held.
func (c *Condition) Locked() bool { return c.lock().Locked() }

// Wait releases the lock, blocks until notified, and re-acquires the lock, like
// await cond.wait(): the caller holds the lock whenever Wait returns. If ctx is
// done before the notification, Wait re-acquires the lock, ignoring ctx, and
// returns ctx.Err(). It panics with an [*ArgError] if the lock is not held.
// CPython differs: see "Differences from CPython" in [asyncio].
func (c *Condition) Wait(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Condition.Wait")
	}
	l := c.lock()
	if !l.Locked() {
		notHeldPanic("Condition.Wait")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Queue before unlocking: Notify needs the lock, so it cannot run
	// between the two and miss us.
	c.waiting.Add(1)
	c.mu.Lock()
	w := c.waiters.push(ctx, &c.mu, BlockCondition, c)
	c.mu.Unlock()
	l.unlock("Condition.Wait")
	if s := w.home; s != nil {
		return c.waitHooked(s, w, l)
	}
	err := c.waiters.block(ctx, w, c.notifyOneLocked)
	w.release()
	c.waiting.Add(-1)
	if !l.TryLock() {
		_ = l.Lock(context.WithoutCancel(ctx)) // cannot fail without cancellation
	}
	return err
}

// WaitFor calls pred with the lock held and Waits until pred returns true, like
// await cond.wait_for(pred). It returns nil once pred is true, or ctx.Err();
// the lock is held on return either way. It panics with an [*ArgError] if pred
// is nil or the lock is not held.
// CPython differs: see "Differences from CPython" in [asyncio].
func (c *Condition) WaitFor(ctx context.Context, pred func() bool) error {
	if ctx == nil {
		nilCtxPanic("Condition.WaitFor")
	}
	if pred == nil {
		nilFuncPanic("Condition.WaitFor", "pred")
	}
	if !c.lock().Locked() {
		notHeldPanic("Condition.WaitFor")
	}
	for !pred() {
		if err := c.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Notify wakes up to n waiting tasks, the longest-waiting first, like
// cond.notify(n); each returns from Wait once it has re-acquired the lock. It
// never blocks. It panics with an [*ArgError] if the lock is not held.
func (c *Condition) Notify(n int) {
	l := c.lock()
	if !l.Locked() {
		notHeldPanic("Condition.Notify")
	}
	if n <= 0 || c.waiting.Load() == 0 {
		return
	}
	c.mu.Lock()
	for i := 0; i < n && c.notifyLocked(l); i++ {
	}
	c.mu.Unlock()
}

// NotifyAll wakes every waiting task, like cond.notify_all(). It never blocks.
// It panics with an [*ArgError] if the lock is not held.
func (c *Condition) NotifyAll() {
	l := c.lock()
	if !l.Locked() {
		notHeldPanic("Condition.NotifyAll")
	}
	if c.waiting.Load() == 0 {
		return
	}
	c.mu.Lock()
	for c.notifyLocked(l) {
	}
	c.mu.Unlock()
}

// notifyLocked notifies the first waiter that is still waiting, and reports
// whether there was one. c.mu and the lock l must be held.
//
// A waiter with a task's context off a loop is not woken but moved onto
// l's wait list ("wait morphing", as futex requeue does): Unlock then hands
// it the lock and wakes it once, where waking it now would only have it
// find the lock held and park again. A waiter seen by a recorder is woken,
// so that its wait for the lock is reported as one.
func (c *Condition) notifyLocked(l *Lock) bool {
	for w := c.waiters.head; w != nil; w = c.waiters.head {
		c.waiters.remove(w)
		if w.home != nil && w.home.obs == nil && w.woken.Load() == 0 {
			l.requeue(w)
			return true
		}
		if w.wake(wokeGrant) {
			return true
		}
	}
	return false
}

// waitHooked is the rest of Wait for a waiter with a task's context s: it
// parks on its waiter's channel, which Notify's hand-off of the lock (see
// notifyLocked), Notify's plain wake-up, or the scope's cancellation hook
// wakes, and returns holding the lock.
func (c *Condition) waitHooked(s *scope, w *waiter, l *Lock) error {
	o := blocked(s, BlockCondition, c)
	canceled := w.park(s)
	o.resumed(BlockCondition)
	c.waiting.Add(-1)
	var err error
	switch {
	case canceled:
		// Notified first, then cancelled? c.mu orders us after Notify,
		// which holds it while it moves a waiter onto the lock's list.
		c.mu.Lock()
		notified := l.unqueue(w)
		if !notified {
			c.waiters.remove(w)
			err = s.Err()
		}
		c.mu.Unlock()
	case w.requeued:
		w.release()
		return nil // Unlock handed us the lock
	}
	w.release()
	if !l.TryLock() {
		_ = l.Lock(context.WithoutCancel(s)) // cannot fail without cancellation
	}
	return err
}

// notHeldPanic reports a call that needs the condition's lock held.
func notHeldPanic(fn string) {
	panic(&ArgError{Func: fn, Arg: "lock", Reason: "is not held"})
}

// notifyOneLocked passes a notification on to the first waiter, if any.
// c.mu must be held.
func (c *Condition) notifyOneLocked() { c.waiters.grant() }
