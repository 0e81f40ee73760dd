package asyncio_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// cpStart runs f on a new goroutine and returns a channel that receives its
// error.
func cpStart(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

// cpBlocked reports whether the call behind ch is still blocked, once the
// bubble has settled.
func cpBlocked(ch <-chan error) bool {
	synctest.Wait()
	return len(ch) == 0
}

// cpRecv returns the error of the call behind ch, which must have returned.
func cpRecv(t *testing.T, ch <-chan error) error {
	t.Helper()
	synctest.Wait()
	select {
	case err := <-ch:
		return err
	default:
		t.Fatal("the call is still blocked")
		return nil
	}
}

// cpOrder records the order in which things happen, safe for concurrent use.
type cpOrder struct {
	mu  sync.Mutex
	got []int
}

func (o *cpOrder) add(i int) {
	o.mu.Lock()
	o.got = append(o.got, i)
	o.mu.Unlock()
}

func (o *cpOrder) want(t *testing.T, want ...int) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if !slices.Equal(o.got, want) {
		t.Fatalf("order %v, want %v", o.got, want)
	}
}

// Behaviours from CPython's test_locks (Lock, Event, Condition, Semaphore,
// BoundedSemaphore, Barrier) that the primitives' own test files do not
// already cover, plus regression tests of bugs found by the reliability
// tests. Each test is named after the behaviour it pins down.

// Regression: a waiter cancelled at the instant it was handed a permit gives
// the permit back, and used to do so unconditionally: if an extra Release had
// meanwhile been accepted (every permit looked taken, one being in flight),
// the BoundedSemaphore ended up with more free permits than its bound.
// Found while writing the model of TestLinearizableSemaphores, which never
// lets the free count exceed the bound.
func TestBoundedSemaphoreCanceledWaiterNeverRaisesPermitsAboveBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewBoundedSemaphore(1)
		if err := s.Acquire(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		acq := make(chan error, 1)
		go func() { acq <- s.Acquire(ctx) }()
		synctest.Wait()
		withOneProc(t, func() {
			cancel()    // the waiter wakes to its cancellation...
			s.Release() // ...is handed the permit before it runs...
			s.Release() // ...and this release finds no permit free
		})
		synctest.Wait()
		if err := <-acq; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled Acquire = %v", err)
		}
		free := 0
		for s.TryAcquire() {
			free++
		}
		if free > 1 {
			t.Fatalf("%d permits free in a BoundedSemaphore of 1", free)
		}
	})
}

// ---- Lock (test_locks.LockTests) ----

// test_cancel_race: A holds the lock, B and C wait; B is cancelled in the
// instant A releases. C must get the lock, and it must end free.
func TestLockReleaseRacingFirstWaiterCancelGoesToNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l asyncio.Lock
		_ = l.Lock(t.Context())
		ctxB, cancelB := context.WithCancel(t.Context())
		b := cpStart(func() error { return l.Lock(ctxB) })
		synctest.Wait()
		c := cpStart(func() error {
			if err := l.Lock(t.Context()); err != nil {
				return err
			}
			l.Unlock()
			return nil
		})
		synctest.Wait()
		withOneProc(t, func() {
			cancelB()
			l.Unlock()
		})
		if err := cpRecv(t, b); !errors.Is(err, context.Canceled) {
			t.Fatalf("B = %v, want context.Canceled", err)
		}
		if err := cpRecv(t, c); err != nil {
			t.Fatalf("C = %v", err)
		}
		if l.Locked() {
			t.Fatal("the lock is left held")
		}
	})
}

// test_acquire_no_hang: after a waiter is cancelled, a new Lock after the
// holder's Unlock does not hang.
func TestLockAcquireAfterCanceledWaiterDoesNotHang(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l asyncio.Lock
		_ = l.Lock(t.Context())
		ctx, cancel := context.WithCancel(t.Context())
		w := cpStart(func() error { return l.Lock(ctx) })
		synctest.Wait()
		cancel()
		_ = cpRecv(t, w)
		l.Unlock()
		if err := cpRecv(t, cpStart(func() error { return l.Lock(t.Context()) })); err != nil {
			t.Fatal(err)
		}
		l.Unlock()
	})
}

// test_release_no_waiters: Unlock with nobody waiting frees the lock.
func TestLockReleaseWithoutWaitersFreesLock(t *testing.T) {
	var l asyncio.Lock
	if err := l.Lock(context.Background()); err != nil || !l.Locked() {
		t.Fatalf("Lock = %v, Locked %v", err, l.Locked())
	}
	l.Unlock()
	if l.Locked() || !l.TryLock() {
		t.Fatal("the lock is not free after Unlock")
	}
}

// test_acquire: waiters that arrive while others are being served still
// queue behind them.
func TestLockLateWaiterQueuesBehindEarlierOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l asyncio.Lock
		var order cpOrder
		_ = l.Lock(t.Context())
		waiter := func(i int) <-chan error {
			return cpStart(func() error {
				if err := l.Lock(t.Context()); err != nil {
					return err
				}
				order.add(i)
				return nil // keeps the lock: the test unlocks for it
			})
		}
		w1 := waiter(1)
		synctest.Wait()
		w2 := waiter(2)
		synctest.Wait()
		l.Unlock()
		_ = cpRecv(t, w1)
		w3 := waiter(3) // arrives while 2 waits
		synctest.Wait()
		l.Unlock()
		_ = cpRecv(t, w2)
		l.Unlock()
		_ = cpRecv(t, w3)
		l.Unlock()
		order.want(t, 1, 2, 3)
	})
}

// ---- Event (test_locks.EventTests) ----

// test_clear_with_waiters: Set, Clear, Set, Set wakes the waiter once, and
// leaves the event set.
func TestEventSetClearSetWakesWaiterOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e asyncio.Event
		woken := 0
		w := cpStart(func() error {
			err := e.Wait(t.Context())
			woken++
			return err
		})
		synctest.Wait()
		e.Set()
		e.Clear()
		e.Set()
		e.Set()
		if err := cpRecv(t, w); err != nil || woken != 1 {
			t.Fatalf("Wait = %v, woken %d times", err, woken)
		}
		if !e.IsSet() {
			t.Fatal("the event is not set")
		}
	})
}

// test_wait_on_set and clear: Wait on a set event returns at once, and after
// Clear it blocks again.
func TestEventWaitBlocksAgainAfterClear(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e asyncio.Event
		e.Set()
		if err := e.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.Clear()
		w := cpStart(func() error { return e.Wait(t.Context()) })
		if !cpBlocked(w) {
			t.Fatal("Wait returned on a cleared event")
		}
		e.Set()
		if err := cpRecv(t, w); err != nil {
			t.Fatal(err)
		}
	})
}

// ---- Condition (test_locks.ConditionTests) ----

// test_wait: a notified waiter returns only once the notifier unlocks, one
// at a time, in the order they waited.
func TestConditionNotifiedWaitersReturnOneByOneAsLockIsReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		var order cpOrder
		var ws []<-chan error
		for i := 1; i <= 3; i++ {
			ws = append(ws, cpStart(func() error {
				_ = c.Lock(t.Context())
				if err := c.Wait(t.Context()); err != nil {
					return err
				}
				order.add(i)
				return nil // keeps the lock: the test unlocks for it
			}))
			synctest.Wait()
		}
		_ = c.Lock(t.Context())
		c.Notify(1)
		synctest.Wait()
		order.want(t) // notified, but the lock is still ours
		c.Unlock()
		_ = cpRecv(t, ws[0])
		order.want(t, 1)
		c.Notify(2) // the lock is held by waiter 1, which is enough
		synctest.Wait()
		order.want(t, 1)
		// 2 and 3, woken together, queue for the lock in no fixed order;
		// each Unlock lets exactly one of them return.
		c.Unlock()
		synctest.Wait()
		if n := len(ws[1]) + len(ws[2]); n != 1 {
			t.Fatalf("%d notified waiters returned after one Unlock, want 1", n)
		}
		c.Unlock()
		_, _ = cpRecv(t, ws[1]), cpRecv(t, ws[2])
		if order.got[0] != 1 || !slices.Contains(order.got, 2) || !slices.Contains(order.got, 3) {
			t.Fatalf("order %v", order.got)
		}
		c.Unlock()
	})
}

// test_wait_cancel_after_notify: a waiter notified and then cancelled while
// it waits for the lock returns nil (the notification was consumed; CPython
// raises CancelledError here), holding the lock.
func TestConditionNotifiedWaiterCanceledWhileReacquiringReturnsNil(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		ctx, cancel := context.WithCancel(t.Context())
		held := false
		w := cpStart(func() error {
			_ = c.Lock(t.Context())
			err := c.Wait(ctx)
			held = c.Locked()
			c.Unlock()
			return err
		})
		synctest.Wait()
		_ = c.Lock(t.Context())
		c.Notify(1)
		synctest.Wait()
		cancel()
		if !cpBlocked(w) {
			t.Fatal("Wait returned before it got the lock back")
		}
		c.Unlock()
		if err := cpRecv(t, w); err != nil || !held {
			t.Fatalf("Wait = %v, lock held on return %v", err, held)
		}
	})
}

// test_wait_for_unacquired: WaitFor without the lock panics even when the
// predicate is already true (CPython only notices when it has to wait).
func TestConditionWaitForWithoutLockPanicsEvenIfPredicateTrue(t *testing.T) {
	var c asyncio.Condition
	called := false
	wantArgPanic(t, "Condition.WaitFor", "lock", func() {
		_ = c.WaitFor(context.Background(), func() bool { called = true; return true })
	})
	if called {
		t.Fatal("WaitFor without the lock called the predicate")
	}
}

// test_notify (notify(2048)): notifying more than are waiting wakes them all.
func TestConditionNotifyMoreThanWaitingWakesAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		var ws []<-chan error
		for range 3 {
			ws = append(ws, cpStart(func() error {
				_ = c.Lock(t.Context())
				defer c.Unlock()
				return c.Wait(t.Context())
			}))
		}
		synctest.Wait()
		_ = c.Lock(t.Context())
		c.Notify(2048)
		c.Unlock()
		for _, w := range ws {
			if err := cpRecv(t, w); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// test_notify_all: NotifyAll wakes those waiting, not those who wait after it.
func TestConditionNotifyAllDoesNotWakeLaterWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		wait := func() <-chan error {
			return cpStart(func() error {
				_ = c.Lock(t.Context())
				defer c.Unlock()
				return c.Wait(t.Context())
			})
		}
		early := []<-chan error{wait(), wait()}
		synctest.Wait()
		_ = c.Lock(t.Context())
		c.NotifyAll()
		c.Unlock()
		late := wait()
		for _, w := range early {
			if err := cpRecv(t, w); err != nil {
				t.Fatal(err)
			}
		}
		if !cpBlocked(late) {
			t.Fatal("a waiter that came after NotifyAll was woken")
		}
		_ = c.Lock(t.Context())
		c.Notify(1)
		c.Unlock()
		_ = cpRecv(t, late)
	})
}

// test_explicit_lock: two Conditions over one Lock share it, and each wakes
// only its own waiters.
func TestConditionsSharingALockNotifyOnlyTheirOwnWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l asyncio.Lock
		a, b := asyncio.NewCondition(&l), asyncio.NewCondition(&l)
		wait := func(c *asyncio.Condition) <-chan error {
			return cpStart(func() error {
				_ = c.Lock(t.Context())
				defer c.Unlock()
				return c.Wait(t.Context())
			})
		}
		wa, wb := wait(a), wait(b)
		synctest.Wait()
		_ = l.Lock(t.Context())
		if !a.Locked() || !b.Locked() {
			t.Fatal("the conditions do not see the shared lock")
		}
		a.NotifyAll()
		l.Unlock()
		if err := cpRecv(t, wa); err != nil {
			t.Fatal(err)
		}
		if !cpBlocked(wb) {
			t.Fatal("b's waiter was woken by a's NotifyAll")
		}
		_ = b.Lock(t.Context())
		b.Notify(1)
		b.Unlock()
		_ = cpRecv(t, wb)
	})
}

// test_timeout_in_block: WaitFor with a deadline returns the deadline's
// error after exactly that long, holding the lock.
func TestConditionWaitForTimesOutAfterExactDurationHoldingLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		_ = c.Lock(t.Context())
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		err := c.WaitFor(ctx, func() bool { return false })
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 3*time.Second || !c.Locked() {
			t.Fatalf("WaitFor = %v after %v, locked %v", err, time.Since(start), c.Locked())
		}
		c.Unlock()
	})
}

// ---- Semaphore (test_locks.SemaphoreTests) ----

// test_acquire_no_hang: after a waiter is cancelled, an Acquire after the
// Release does not hang.
func TestSemaphoreAcquireAfterCanceledWaiterDoesNotHang(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewSemaphore(1)
		_ = s.Acquire(t.Context())
		ctx, cancel := context.WithCancel(t.Context())
		w := cpStart(func() error { return s.Acquire(ctx) })
		synctest.Wait()
		cancel()
		_ = cpRecv(t, w)
		s.Release()
		if err := cpRecv(t, cpStart(func() error { return s.Acquire(t.Context()) })); err != nil {
			t.Fatal(err)
		}
	})
}

// test_release_while_acquire_cancelled: a waiter cancelled in the instant of
// the Release leaves the permit free.
func TestSemaphoreReleaseRacingOnlyWaiterCancelFreesPermit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewSemaphore(1)
		_ = s.Acquire(t.Context())
		ctx, cancel := context.WithCancel(t.Context())
		w := cpStart(func() error { return s.Acquire(ctx) })
		synctest.Wait()
		withOneProc(t, func() {
			cancel()
			s.Release()
		})
		if err := cpRecv(t, w); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled Acquire = %v", err)
		}
		if s.Locked() || !s.TryAcquire() {
			t.Fatal("the permit was lost")
		}
	})
}

// test_acquire_fifo_order_2: holders that release and acquire again queue
// behind those already waiting.
func TestSemaphoreReacquiringHoldersQueueBehindWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewSemaphore(1)
		var order cpOrder
		var ws []<-chan error
		for i := 1; i <= 3; i++ {
			ws = append(ws, cpStart(func() error {
				for range 2 {
					if err := s.Acquire(t.Context()); err != nil {
						return err
					}
					order.add(i)
					_ = asyncio.Sleep(t.Context(), time.Second)
					s.Release()
				}
				return nil
			}))
			synctest.Wait()
		}
		for _, w := range ws {
			if err := <-w; err != nil { // blocking, so that virtual time runs
				t.Fatal(err)
			}
		}
		order.want(t, 1, 2, 3, 1, 2, 3)
	})
}

// test_acquire_fifo_order_3: cancelling a waiter in the middle keeps the
// order of the others.
func TestSemaphoreFIFOKeptWhenMiddleWaiterCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewSemaphore(0)
		var order cpOrder
		cancels := map[int]context.CancelFunc{}
		var ws []<-chan error
		for i := 1; i <= 4; i++ {
			ctx, cancel := context.WithCancel(t.Context())
			cancels[i] = cancel
			ws = append(ws, cpStart(func() error {
				if err := s.Acquire(ctx); err != nil {
					return err
				}
				order.add(i)
				return nil
			}))
			synctest.Wait()
		}
		cancels[2]()
		synctest.Wait()
		for range 3 {
			s.Release()
			synctest.Wait()
		}
		order.want(t, 1, 3, 4)
		if err := cpRecv(t, ws[1]); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled waiter = %v", err)
		}
		for _, c := range cancels {
			c()
		}
	})
}

// test_acquire_hang: with two waiters on an empty semaphore, the first is
// cancelled in the instant of a Release: the second gets the permit.
func TestSemaphoreFirstWaiterCanceledAsReleaseComesLetsSecondIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := asyncio.NewSemaphore(0)
		ctx1, cancel1 := context.WithCancel(t.Context())
		w1 := cpStart(func() error { return s.Acquire(ctx1) })
		synctest.Wait()
		w2 := cpStart(func() error { return s.Acquire(t.Context()) })
		synctest.Wait()
		withOneProc(t, func() {
			cancel1()
			s.Release()
		})
		if err := cpRecv(t, w1); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled waiter = %v", err)
		}
		if err := cpRecv(t, w2); err != nil {
			t.Fatalf("second waiter = %v", err)
		}
		if !s.Locked() {
			t.Fatal("a permit appeared from nowhere")
		}
	})
}

// ---- Barrier (test_locks.BarrierTests) ----

// test_filling_task_by_task: NWaiting counts the arrivals, and the last one
// releases them all.
func TestBarrierNWaitingCountsArrivalsTaskByTask(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := asyncio.NewBarrier(3)
		var ws []<-chan error
		for i := range 2 {
			ws = append(ws, cpStart(func() error { _, err := b.Wait(t.Context()); return err }))
			synctest.Wait()
			if b.NWaiting() != i+1 {
				t.Fatalf("NWaiting = %d after %d arrivals", b.NWaiting(), i+1)
			}
		}
		if _, err := b.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if err := cpRecv(t, w); err != nil {
				t.Fatal(err)
			}
		}
		if b.NWaiting() != 0 || b.Broken() {
			t.Fatalf("after the release: NWaiting %d, Broken %v", b.NWaiting(), b.Broken())
		}
	})
}

// test_filling_tasks_wait_twice: the same parties pass the barrier twice.
func TestBarrierSamePartiesPassTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := asyncio.NewBarrier(3)
		var ws []<-chan error
		for range 3 {
			ws = append(ws, cpStart(func() error {
				for range 2 {
					if _, err := b.Wait(t.Context()); err != nil {
						return err
					}
				}
				return nil
			}))
		}
		for _, w := range ws {
			if err := cpRecv(t, w); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// test_draining_state: a task that arrives right after a release waits for
// the next cycle rather than passing with the released ones.
func TestBarrierArrivalAfterReleaseWaitsForNextCycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := asyncio.NewBarrier(2)
		first := cpStart(func() error { _, err := b.Wait(t.Context()); return err })
		synctest.Wait()
		_, _ = b.Wait(t.Context())
		late := cpStart(func() error { _, err := b.Wait(t.Context()); return err })
		if err := cpRecv(t, first); err != nil {
			t.Fatal(err)
		}
		if !cpBlocked(late) || b.NWaiting() != 1 {
			t.Fatalf("the late arrival passed, or NWaiting = %d", b.NWaiting())
		}
		if i, err := b.Wait(t.Context()); i != 1 || err != nil {
			t.Fatalf("the next cycle's last arrival: %d, %v", i, err)
		}
		_ = cpRecv(t, late)
	})
}

// test_reset_barrier: Reset of an idle barrier changes nothing.
func TestBarrierResetOfIdleBarrierIsHarmless(t *testing.T) {
	b := asyncio.NewBarrier(1)
	b.Reset()
	if b.Broken() || b.NWaiting() != 0 {
		t.Fatalf("Broken %v, NWaiting %d", b.Broken(), b.NWaiting())
	}
	if i, err := b.Wait(context.Background()); i != 0 || err != nil {
		t.Fatalf("Wait = %d, %v", i, err)
	}
}

// test_reset_barrier_while_tasks_waiting_and_waiting_again: tasks broken by a
// Reset can wait again and pass together.
func TestBarrierTasksBrokenByResetCanWaitAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := asyncio.NewBarrier(3)
		var ws []<-chan error
		for range 2 {
			ws = append(ws, cpStart(func() error {
				if _, err := b.Wait(t.Context()); !errors.Is(err, asyncio.ErrBrokenBarrier) {
					return errors.New("not broken by Reset")
				}
				_, err := b.Wait(t.Context())
				return err
			}))
		}
		synctest.Wait()
		b.Reset()
		synctest.Wait()
		if b.NWaiting() != 2 {
			t.Fatalf("NWaiting = %d after the broken tasks came back", b.NWaiting())
		}
		if _, err := b.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if err := cpRecv(t, w); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// test_abort_barrier_when_exception: a party that fails aborts the barrier,
// and the others waiting get ErrBrokenBarrier, as do later arrivals.
func TestBarrierAbortByFailingPartyBreaksOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := asyncio.NewBarrier(3)
		w := cpStart(func() error { _, err := b.Wait(t.Context()); return err })
		synctest.Wait()
		failing := cpStart(func() error {
			b.Abort() // the party fails before it arrives
			return nil
		})
		_ = cpRecv(t, failing)
		if err := cpRecv(t, w); !errors.Is(err, asyncio.ErrBrokenBarrier) {
			t.Fatalf("waiting party = %v", err)
		}
		if _, err := b.Wait(t.Context()); !errors.Is(err, asyncio.ErrBrokenBarrier) || !b.Broken() {
			t.Fatalf("later arrival = %v, Broken %v", err, b.Broken())
		}
	})
}
