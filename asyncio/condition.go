package asyncio

import (
	"context"
	"sync"
	"sync/atomic"
)

// Condition is a condition variable for tasks, like asyncio.Condition: a
// Lock plus a FIFO of tasks waiting to be notified. A task holding the lock
// calls Wait, which releases the lock, waits for Notify or NotifyAll, and
// takes the lock again before returning.
//
// Waiters are notified first-in first-out. A waiter that is notified at the
// moment its ctx is canceled passes the notification on to the next waiter,
// so no notification is lost (CPython 3.13 passes one on whenever a wait
// fails, which may wake a task spuriously; here it is passed on only when the
// waiter had been notified, since the wait list tells exactly).
//
// Like CPython, Condition checks only that the lock is held, not that the
// caller holds it: a Lock has no owner.
//
// The zero value is a usable Condition with its own Lock; NewCondition shares
// an existing one. A Condition must not be copied after first use. All
// methods are safe for concurrent use.
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

// NewCondition returns a Condition over l, or over a Lock of its own when l
// is nil, like asyncio.Condition(lock).
func NewCondition(l *Lock) *Condition {
	return &Condition{shared: l}
}

func (c *Condition) lock() *Lock {
	if c.shared != nil {
		return c.shared
	}
	return &c.own
}

// Lock acquires the underlying lock; see Lock.Lock.
func (c *Condition) Lock(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Condition.Lock")
	}
	return c.lock().Lock(ctx)
}

// TryLock acquires the underlying lock if it is free and nobody waits for it;
// see Lock.TryLock.
func (c *Condition) TryLock() bool { return c.lock().TryLock() }

// Unlock releases the underlying lock; like Lock.Unlock it panics with an
// *ArgError if the lock is not held.
func (c *Condition) Unlock() { c.lock().unlock("Condition.Unlock") }

// Locked reports whether the underlying lock is held.
func (c *Condition) Locked() bool { return c.lock().Locked() }

// Wait releases the lock, blocks until notified, then re-acquires the lock
// and returns, like `await cond.wait()`. The lock must be held, or Wait
// panics with an *ArgError, as CPython raises RuntimeError.
//
// If ctx is canceled before the notification, Wait still re-acquires the
// lock (waiting for it without ctx, as CPython does) and then returns
// ctx.Err(): the caller holds the lock whenever Wait returns, whatever it
// returns, so a canceled Wait returns as soon as the lock is free, not
// before. If ctx is already done Wait returns ctx.Err() at once, keeping
// the lock. Once notified, Wait returns nil even if ctx is canceled while it
// re-acquires the lock: the notification was consumed and the caller should
// act on it. (CPython instead raises CancelledError then and notifies another
// task.)
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
	err := c.waiters.block(ctx, w, c.notifyOneLocked)
	w.release()
	c.waiting.Add(-1)
	if !l.TryLock() {
		_ = l.Lock(context.WithoutCancel(ctx)) // cannot fail without cancellation
	}
	return err
}

// WaitFor waits until pred returns true, like `await cond.wait_for(pred)`:
// it calls pred with the lock held and Waits as long as pred returns false.
// It returns nil when pred returned true, or ctx.Err() when ctx is canceled;
// the lock is held on return in both cases. WaitFor panics with an *ArgError
// if pred is nil or the lock is not held (checked first: CPython only notices
// when it has to wait).
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
// cond.notify(n); n <= 0 wakes none. Each woken task returns from Wait once
// it has re-acquired the lock, so not before the caller unlocks it. The lock
// must be held, or Notify panics with an *ArgError. It never blocks.
func (c *Condition) Notify(n int) {
	if !c.lock().Locked() {
		notHeldPanic("Condition.Notify")
	}
	if n <= 0 || c.waiting.Load() == 0 {
		return
	}
	c.mu.Lock()
	for i := 0; i < n && c.waiters.grant() != nil; i++ {
	}
	c.mu.Unlock()
}

// NotifyAll wakes every waiting task, like cond.notify_all(). The lock must
// be held, or NotifyAll panics with an *ArgError. It never blocks.
func (c *Condition) NotifyAll() {
	if !c.lock().Locked() {
		notHeldPanic("Condition.NotifyAll")
	}
	if c.waiting.Load() == 0 {
		return
	}
	c.mu.Lock()
	for c.waiters.grant() != nil {
	}
	c.mu.Unlock()
}

// notHeldPanic reports a call that needs the condition's lock held.
func notHeldPanic(fn string) {
	panic(&ArgError{Func: fn, Arg: "lock", Reason: "is not held"})
}

// notifyOneLocked passes a notification on to the first waiter, if any.
// c.mu must be held.
func (c *Condition) notifyOneLocked() { c.waiters.grant() }
