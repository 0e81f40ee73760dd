package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Regression tests for the gaps that running CPython 3.13's own test cases
// against the package found (issue 12, section 4). Each test is named after
// the CPython case it ports, where there is one, and runs in both modes when
// the mode matters: on free goroutines (asyncio.Run) and on an event loop
// (asyncio.RunLoop), each inside a synctest bubble.

// gapMode is one of the two ways of running tasks.
type gapMode struct {
	name string
	loop bool
}

var gapModes = []gapMode{{"goroutines", false}, {"loop", true}}

// inModes runs main in each mode, in a synctest bubble. main's error fails
// the test.
func inModes(t *testing.T, main func(t *testing.T, m gapMode, ctx context.Context) error) {
	t.Helper()
	runModes(t, gapModes, main)
}

// runModes is inModes for the given modes.
func runModes(t *testing.T, modes []gapMode, main func(t *testing.T, m gapMode, ctx context.Context) error) {
	t.Helper()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				run := asyncio.Run
				if m.loop {
					run = func(ctx context.Context, main func(context.Context) error) error {
						return asyncio.RunLoop(ctx, main)
					}
				}
				if err := run(t.Context(), func(ctx context.Context) error { return main(t, m, ctx) }); err != nil {
					t.Errorf("main: %v", err)
				}
			})
		})
	}
}

// settle lets every other task run until it blocks: on the loop one round
// of the ready tasks, as `await asyncio.sleep(0)` gives; on goroutines, until
// the bubble is idle.
func (m gapMode) settle(ctx context.Context) {
	if m.loop {
		_ = asyncio.Sleep(ctx, 0)
	} else {
		synctest.Wait()
	}
}

var errCrash = errors.New("crash in cleanup")

// joined returns the errors err joins, or err alone.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// ---- 1. A failure lost behind a timeout ----

// test_timeout_taskgroup: a group's child interrupted by the timeout crashes
// in its cleanup, a moment later: the crash comes out, not ErrTimeout
// (CPython raises the ExceptionGroup).
func TestTimeoutTaskgroup(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		start := time.Now()
		err := asyncio.Timeout(ctx, 10*time.Millisecond, func(ctx context.Context) error {
			tg, gctx := asyncio.NewTaskGroup(ctx)
			tg.Go(func(ctx context.Context) error {
				_ = asyncio.Sleep(ctx, 2*time.Second)                           // interrupted at 10ms
				_ = asyncio.Sleep(context.WithoutCancel(ctx), time.Millisecond) // cleanup takes a moment
				return errCrash
			})
			_ = asyncio.Sleep(gctx, time.Second) // the block's own work, interrupted too
			return tg.Wait(ctx)
		})
		if !errors.Is(err, errCrash) || errors.Is(err, asyncio.ErrTimeout) {
			t.Errorf("Timeout = %v, want the crash and no ErrTimeout", err)
		}
		// TaskGroup.Wait joins its context's error, which is the scope's.
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Timeout = %v, want the scope's expiry joined", err)
		}
		if d := time.Since(start); d != 11*time.Millisecond {
			t.Errorf("returned after %v, want 11ms", d)
		}
		return nil
	})
}

// test_foreign_exception_on_timeout: work that fails in its cleanup after the
// deadline returns its failure, even joined with or wrapping the expiry;
// only an error made of cancellations alone becomes ErrTimeout.
func TestTimeoutForeignExceptionOnTimeout(t *testing.T) {
	cases := []struct {
		name        string
		ret         func(ctx context.Context) error
		wantTimeout bool
	}{
		{"joined", func(ctx context.Context) error { return errors.Join(ctx.Err(), errCrash) }, false},
		{"wrapped", func(ctx context.Context) error { return fmt.Errorf("after %w: %w", ctx.Err(), errCrash) }, false},
		{"crash alone", func(ctx context.Context) error { return errCrash }, false},
		{"cancellation wrapped", func(ctx context.Context) error { return fmt.Errorf("work: %w", ctx.Err()) }, true},
		{"cancellations joined", func(ctx context.Context) error { return errors.Join(ctx.Err(), context.Canceled) }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
				err := asyncio.Timeout(ctx, time.Millisecond, func(ctx context.Context) error {
					_ = asyncio.Sleep(ctx, time.Hour)
					return tc.ret(ctx)
				})
				if tc.wantTimeout {
					if err != asyncio.ErrTimeout {
						t.Errorf("Timeout = %v, want ErrTimeout", err)
					}
				} else if !errors.Is(err, errCrash) || errors.Is(err, asyncio.ErrTimeout) {
					t.Errorf("Timeout = %v, want the crash and no ErrTimeout", err)
				}
				v, err := asyncio.WaitFor(ctx, time.Millisecond, func(ctx context.Context) (int, error) {
					_ = asyncio.Sleep(ctx, time.Hour)
					return 7, tc.ret(ctx)
				})
				if tc.wantTimeout {
					if err != asyncio.ErrTimeout || v != 0 {
						t.Errorf("WaitFor = %d, %v, want 0, ErrTimeout", v, err)
					}
				} else if !errors.Is(err, errCrash) || errors.Is(err, asyncio.ErrTimeout) || v != 7 {
					t.Errorf("WaitFor = %d, %v, want 7 and the crash", v, err)
				}
				return nil
			})
		})
	}
}

// The case as written, on goroutines only: a bare channel receive
// would hold the event loop.
func TestTimeoutJoinedCrashKeptOnGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.Timeout(t.Context(), time.Millisecond, func(ctx context.Context) error {
			<-ctx.Done()
			return errors.Join(ctx.Err(), errCrash)
		})
		if !errors.Is(err, errCrash) || errors.Is(err, asyncio.ErrTimeout) {
			t.Errorf("Timeout = %v, want errCrash kept", err)
		}
	})
}

// TaskGroup.Wait reports its context's error from the state it finds, not
// from whether it had to block: the same program gives the same error
// whether the failure or the cancellation comes first.
func TestTaskGroupWaitJoinsItsContextErrorWhateverTheOrder(t *testing.T) {
	cases := []struct {
		name string
		// run cancels waitCtx (or not) and fails the group, in its own
		// order, then returns tg.Wait(waitCtx).
		run       func(m gapMode, ctx, waitCtx context.Context, cancel context.CancelFunc) error
		canceled  bool
		wantAfter time.Duration
	}{
		{"canceled while waiting, then the cleanup fails", func(m gapMode, ctx, waitCtx context.Context, cancel context.CancelFunc) error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			tg.Go(func(ctx context.Context) error {
				_ = asyncio.Sleep(ctx, time.Hour)
				_ = asyncio.Sleep(context.WithoutCancel(ctx), time.Second)
				return errCrash
			})
			asyncio.Go(ctx, func(ctx context.Context) error {
				_ = asyncio.Sleep(ctx, time.Second)
				cancel()
				return nil
			})
			return tg.Wait(waitCtx)
		}, true, 2 * time.Second},
		{"failed first, canceled before Wait", func(m gapMode, ctx, waitCtx context.Context, cancel context.CancelFunc) error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			child := tg.Go(func(ctx context.Context) error { return errCrash })
			_, _ = child.Await(ctx)
			cancel()
			return tg.Wait(waitCtx)
		}, true, 0},
		{"failed first, canceled while a sibling cleans up", func(m gapMode, ctx, waitCtx context.Context, cancel context.CancelFunc) error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			tg.Go(func(ctx context.Context) error {
				_ = asyncio.Sleep(ctx, time.Hour)
				return asyncio.Sleep(context.WithoutCancel(ctx), 2*time.Second)
			})
			child := tg.Go(func(ctx context.Context) error { return errCrash })
			_, _ = child.Await(ctx)
			asyncio.Go(ctx, func(ctx context.Context) error {
				_ = asyncio.Sleep(ctx, time.Second)
				cancel()
				return nil
			})
			return tg.Wait(waitCtx)
		}, true, 2 * time.Second},
		{"failed, never canceled", func(m gapMode, ctx, waitCtx context.Context, cancel context.CancelFunc) error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			child := tg.Go(func(ctx context.Context) error { return errCrash })
			_, _ = child.Await(ctx)
			return tg.Wait(waitCtx)
		}, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
				waitCtx, cancel := context.WithCancel(ctx)
				defer cancel()
				start := time.Now()
				err := tc.run(m, ctx, waitCtx, cancel)
				want := []error{errCrash}
				if tc.canceled {
					want = []error{context.Canceled, errCrash}
				}
				if got := joined(err); !slices.Equal(got, want) {
					t.Errorf("Wait = %v, want the join of %v", err, want)
				}
				if d := time.Since(start); d != tc.wantAfter {
					t.Errorf("Wait returned after %v, want %v", d, tc.wantAfter)
				}
				return nil
			})
		})
	}
}

// ---- 2. A hand-off decided when the woken task resumes ----

// test_get_cancel_drop_many_pending_readers: two items put, then the first
// woken reader cancelled before it runs. On the loop, as in CPython, it
// returns Canceled and its item goes to the third reader. On goroutines the
// hand-off is final when the item is put: the first reader returns its item
// and the third keeps waiting (the difference doc.go states).
func TestQueueGetCancelDropManyPendingReaders(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		q := asyncio.NewQueue[int](0)
		var readers []*asyncio.Task[int]
		for range 3 {
			readers = append(readers, asyncio.CreateTask(ctx, q.Get))
			m.settle(ctx) // on goroutines, so that they queue in this order
		}
		if err := errors.Join(q.TryPut(1), q.TryPut(2)); err != nil {
			return err
		}
		readers[0].Cancel()
		v1, err1 := readers[0].Await(ctx)
		if m.loop {
			if !errors.Is(err1, context.Canceled) {
				t.Errorf("reader 1 = %d, %v, want Canceled", v1, err1)
			}
			got, err := asyncio.Gather(ctx, readers[1], readers[2])
			slices.Sort(got)
			if err != nil || !slices.Equal(got, []int{1, 2}) {
				t.Errorf("readers 2 and 3 = %v, %v, want 1 and 2", got, err)
			}
		} else {
			if v1 != 1 || err1 != nil {
				t.Errorf("reader 1 = %d, %v, want 1, nil (handed over before the cancel)", v1, err1)
			}
			if v2, err := readers[1].Await(ctx); v2 != 2 || err != nil {
				t.Errorf("reader 2 = %d, %v, want 2", v2, err)
			}
			m.settle(ctx)
			if _, err := readers[2].Result(); err != asyncio.ErrTaskNotDone {
				t.Errorf("reader 3 = %v, want still waiting", err)
			}
			readers[2].Cancel()
			if _, err := readers[2].Await(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("reader 3 = %v after Cancel", err)
			}
		}
		if q.Len() != 0 {
			t.Errorf("Len = %d, want 0", q.Len())
		}
		return nil
	})
}

// test_cancelled_put_silence_value_error_exception: a putter woken by a get
// on a full queue and cancelled before it runs. On the loop, as in CPython,
// it returns Canceled and its item never arrives. On goroutines its slot was
// granted by the get: the put succeeds.
func TestQueueCancelledPutSilenceValueErrorException(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		q := asyncio.NewQueue[int](1)
		if err := q.TryPut(1); err != nil {
			return err
		}
		put := asyncio.Go(ctx, func(ctx context.Context) error { return q.Put(ctx, 2) })
		m.settle(ctx)
		if v, err := q.TryGet(); v != 1 || err != nil {
			t.Errorf("TryGet = %d, %v", v, err)
		}
		put.Cancel()
		_, err := put.Await(ctx)
		if m.loop {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("put = %v, want Canceled", err)
			}
			if q.Len() != 0 {
				t.Errorf("Len = %d: the cancelled put's item arrived", q.Len())
			}
			if err := q.TryPut(3); err != nil {
				t.Errorf("TryPut = %v: the cancelled putter kept its slot", err)
			}
		} else {
			if err != nil {
				t.Errorf("put = %v, want nil (its slot was granted before the cancel)", err)
			}
			if v, err := q.TryGet(); v != 2 || err != nil {
				t.Errorf("TryGet = %d, %v, want the put's 2", v, err)
			}
		}
		return nil
	})
}

// test_acquire_fifo_order_4: three Releases with one waiter wake it, and
// the semaphore stays locked until it resumes, so the releasing task queues
// behind it; when the woken waiter resumes it wakes the next ones. On the
// loop the order is CPython's exactly.
func TestSemaphoreAcquireFifoOrder4(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var result []int
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			sem := asyncio.NewSemaphore(0)
			var t4 *asyncio.Task[struct{}]
			t1 := asyncio.Go(ctx, func(c1ctx context.Context) error {
				if err := sem.Acquire(c1ctx); err != nil {
					return err
				}
				if !sem.Locked() {
					t.Error("c1: not locked once the others were woken")
				}
				// From main's context: a task made from c1's would be
				// canceled when c1 returns, before its first turn.
				t4 = asyncio.Go(ctx, func(ctx context.Context) error {
					result = append(result, 4)
					return nil
				})
				result = append(result, 1)
				return nil
			})
			t2 := asyncio.Go(ctx, func(ctx context.Context) error {
				sem.Release()
				sem.Release()
				sem.Release()
				if !sem.Locked() {
					t.Error("c2: not locked after the releases, although c1 has not resumed")
				}
				if err := sem.Acquire(ctx); err != nil {
					return err
				}
				result = append(result, 2)
				return nil
			})
			t3 := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := sem.Acquire(ctx); err != nil {
					return err
				}
				if !sem.Locked() {
					t.Error("c3: not locked")
				}
				result = append(result, 3)
				return nil
			})
			_ = asyncio.Sleep(ctx, 0)
			if !sem.Locked() {
				t.Error("main: not locked with three waiters, one of them woken")
			}
			_ = asyncio.Sleep(ctx, 0)
			_, err := asyncio.Gather(ctx, t1, t2, t3, t4)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(result, []int{1, 2, 3, 4}) {
			t.Errorf("order %v, want [1 2 3 4]", result)
		}
	})
}

// On goroutines a Release hands its permit over at once, so the waiter it
// wakes counts as served: the semaphore is free again after the releases
// and the releasing task's Acquire does not wait (doc.go states this).
func TestSemaphoreReleasedPermitsFreeAtOnceOnGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		sem := asyncio.NewSemaphore(0)
		c1 := cpStart(func() error { return sem.Acquire(ctx) })
		synctest.Wait()
		sem.Release()
		sem.Release()
		sem.Release()
		if sem.Locked() {
			t.Error("locked after three releases for one waiter")
		}
		free := 0
		for sem.TryAcquire() {
			free++
		}
		if free != 2 {
			t.Errorf("%d free permits; want exactly two", free)
		}
		if err := cpRecv(t, c1); err != nil {
			t.Error(err)
		}
	})
}

// test_acquire_no_hang: a waiter woken by a Release and cancelled before it
// runs. On the loop, as in CPython, it returns Canceled and the permit is
// free again; on goroutines it got the permit when it was released.
func TestSemaphoreAcquireNoHang(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		sem := asyncio.NewSemaphore(1)
		if err := sem.Acquire(ctx); err != nil { // main is CPython's c1
			return err
		}
		entered := false
		t2 := asyncio.Go(ctx, func(ctx context.Context) error {
			if err := sem.Acquire(ctx); err != nil {
				return err
			}
			entered = true
			sem.Release()
			return nil
		})
		m.settle(ctx)
		sem.Release()
		t2.Cancel()
		_, err := t2.Await(ctx)
		if m.loop {
			if !errors.Is(err, context.Canceled) || entered {
				t.Errorf("t2 = %v, entered %v; want Canceled without entering", err, entered)
			}
		} else if err != nil || !entered {
			t.Errorf("t2 = %v, entered %v; want the permit it was handed", err, entered)
		}
		return asyncio.Timeout(ctx, time.Second, sem.Acquire)
	})
}

// A Lock handed to a waiter that is cancelled before it runs: on the loop
// the waiter returns Canceled and the lock goes to the next one, as in
// CPython (test_finished_waiter_cancelled, with the release first); on
// goroutines the waiter keeps it.
func TestLockFinishedWaiterCancelledAfterRelease(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		var mu asyncio.Lock
		if err := mu.Lock(ctx); err != nil {
			return err
		}
		lockAndUnlock := func(ctx context.Context) error {
			if err := mu.Lock(ctx); err != nil {
				return err
			}
			mu.Unlock()
			return nil
		}
		tb := asyncio.Go(ctx, lockAndUnlock)
		m.settle(ctx)
		tc := asyncio.Go(ctx, lockAndUnlock)
		m.settle(ctx)
		mu.Unlock()
		tb.Cancel()
		_, errB := tb.Await(ctx)
		_, errC := tc.Await(ctx)
		if m.loop && !errors.Is(errB, context.Canceled) || !m.loop && errB != nil {
			t.Errorf("tb = %v", errB)
		}
		if errC != nil {
			t.Errorf("tc = %v", errC)
		}
		if mu.Locked() {
			t.Error("lock still held")
		}
		return nil
	})
}

// ---- 3. Nested scopes with the same deadline ----

// test_nested_timeouts: nested scopes with one deadline; only the outermost
// reports ErrTimeout, the inner one passes the cancellation through. Many
// times, since on goroutines both timers fire in no fixed order.
func TestNestedTimeouts(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		nestedSameDeadline(t, ctx, 200, true)
		return nil
	})
	// On a loop with a clock of its own, outside a bubble: the clock runs
	// with real time between waits, so the instant of return is not exact.
	t.Run("loop with virtual time", func(t *testing.T) {
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			nestedSameDeadline(t, ctx, 200, false)
			return nil
		}, asyncio.WithVirtualTime())
		if err != nil {
			t.Error(err)
		}
	})
}

// nestedSameDeadline runs rounds of three nested scopes with one deadline;
// exact checks that they return at the deadline, not merely after it.
func nestedSameDeadline(t *testing.T, ctx context.Context, rounds int, exact bool) {
	for i := range rounds {
		deadline := asyncio.Now(ctx).Add(10 * time.Millisecond)
		var innerFn, inner, middle error
		outer := asyncio.TimeoutAt(ctx, deadline, func(ctx context.Context) error {
			middle = asyncio.TimeoutAt(ctx, deadline, func(ctx context.Context) error {
				inner = asyncio.TimeoutAt(ctx, deadline, func(ctx context.Context) error {
					innerFn = asyncio.Sleep(ctx, time.Hour)
					return innerFn
				})
				return inner
			})
			return middle
		})
		if innerFn != context.DeadlineExceeded || inner != context.DeadlineExceeded || middle != context.DeadlineExceeded || outer != asyncio.ErrTimeout {
			t.Errorf("round %d: fn %v, inner %v, middle %v, outer %v; want the expiry passed through to the outer scope, which reports ErrTimeout", i, innerFn, inner, middle, outer)
			return
		}
		if now := asyncio.Now(ctx); now.Before(deadline) || exact && !now.Equal(deadline) {
			t.Errorf("round %d: returned at %v, deadline %v", i, now, deadline)
			return
		}
	}
}

// A scope under a standard-library deadline equal to its own does not
// convert: the enclosing deadline is the one that expired.
func TestNestedTimeoutsUnderContextDeadline(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		for i := range 50 {
			deadline := time.Now().Add(10 * time.Millisecond)
			dctx, cancel := context.WithDeadline(ctx, deadline)
			err := asyncio.TimeoutAt(dctx, deadline, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
			cancel()
			if err != context.DeadlineExceeded {
				t.Errorf("round %d: TimeoutAt = %v, want the context's deadline passed through", i, err)
				return nil
			}
		}
		return nil
	})
}

// test_nested_timeouts_loop_busy, in order: the inner deadline comes first
// and converts; the outer expires later and converts too.
func TestNestedTimeoutsInnerExpiresFirst(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		start := time.Now()
		var inner error
		var innerAt time.Duration
		outer := asyncio.Timeout(ctx, 20*time.Millisecond, func(ctx context.Context) error {
			inner = asyncio.Timeout(ctx, 10*time.Millisecond, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
			innerAt = time.Since(start)
			return asyncio.Sleep(ctx, time.Hour)
		})
		if inner != asyncio.ErrTimeout || innerAt != 10*time.Millisecond {
			t.Errorf("inner = %v at %v, want ErrTimeout at 10ms", inner, innerAt)
		}
		if d := time.Since(start); outer != asyncio.ErrTimeout || d != 20*time.Millisecond {
			t.Errorf("outer = %v at %v, want ErrTimeout at 20ms", outer, d)
		}
		return nil
	})
}

// A task cancelled by Task.Cancel at the instant its scope expires: the
// scope does not convert (CPython: the task's cancel count stays above the
// scope's, so CancelledError propagates). On the loop, CPython's order
// decides, as in CPython: a canceller whose timer was made first cancels the
// task before it resumes; one made after the scope's timer comes too late,
// and the scope has converted by then. On goroutines the instant has no
// order, so the scope's work lets it settle before returning.
func TestTimeoutCancelledAtTheInstantOfExpiry(t *testing.T) {
	for _, cancellerFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("canceller first %v", cancellerFirst), func(t *testing.T) {
			modes := gapModes
			if !cancellerFirst {
				modes = gapModes[1:] // on goroutines the instant has no order
			}
			runModes(t, modes, func(t *testing.T, m gapMode, ctx context.Context) error {
				deadline := time.Now().Add(time.Second)
				var scopeErr, after error
				started := asyncio.NewSemaphore(0)
				var task atomic.Pointer[asyncio.Task[struct{}]]
				startCanceller := func() {
					asyncio.Go(ctx, func(ctx context.Context) error {
						_ = asyncio.Sleep(ctx, time.Until(deadline))
						task.Load().Cancel()
						return nil
					})
				}
				if cancellerFirst {
					startCanceller() // its timer is made first
				}
				task.Store(asyncio.Go(ctx, func(ctx context.Context) error {
					scopeErr = asyncio.TimeoutAt(ctx, deadline, func(ctx context.Context) error {
						started.Release()
						err := asyncio.Sleep(ctx, time.Hour)
						if !m.loop {
							synctest.Wait() // let the instant's other events happen
						}
						return err
					})
					after = asyncio.Sleep(ctx, time.Second)
					return nil
				}))
				if !cancellerFirst {
					if err := started.Acquire(ctx); err != nil { // the scope's timer is made first
						return err
					}
					startCanceller()
				}
				if _, err := task.Load().Await(ctx); err != nil {
					return err
				}
				switch {
				case !cancellerFirst:
					if scopeErr != asyncio.ErrTimeout {
						t.Errorf("scope = %v, want ErrTimeout: the task resumed before the canceller ran", scopeErr)
					}
				case m.loop:
					// The scope's own expiry, passed through.
					if scopeErr != context.DeadlineExceeded {
						t.Errorf("scope = %v, want DeadlineExceeded passed through", scopeErr)
					}
				default:
					// Whichever cancelled the scope first, passed through.
					if scopeErr != context.DeadlineExceeded && scopeErr != context.Canceled {
						t.Errorf("scope = %v, want the cancellation passed through", scopeErr)
					}
				}
				if !errors.Is(after, context.Canceled) {
					t.Errorf("the task's next wait = %v, want Canceled", after)
				}
				return nil
			})
		})
	}
}

// ---- 4. A task awaiting itself ----

// test_task_awaits_on_itself: a task that awaits itself, directly or
// through Gather, GatherAll or the Wait of its own TaskGroup, fails at once
// with ErrAwaitSelf, whatever context of its own it passes. Wait and
// AsCompleted, which can end on a timeout, see the task pending, as CPython's
// wait and as_completed do.
func TestTaskAwaitsOnItself(t *testing.T) {
	type selfCall func(ctx context.Context, self *asyncio.Task[int]) error
	type selfKey struct{} // a context key of our own (SA1029)
	awaitSelf := func(ctx context.Context, self *asyncio.Task[int]) error {
		_, err := self.Await(ctx)
		return err
	}
	cases := []struct {
		name string
		call selfCall
	}{
		{"Await", awaitSelf},
		{"Await in a Timeout", func(ctx context.Context, self *asyncio.Task[int]) error {
			return asyncio.Timeout(ctx, time.Hour, func(ctx context.Context) error { return awaitSelf(ctx, self) })
		}},
		{"Await with a derived context", func(ctx context.Context, self *asyncio.Task[int]) error {
			ctx, cancel := context.WithCancel(context.WithValue(ctx, selfKey{}, 1))
			defer cancel()
			return awaitSelf(ctx, self)
		}},
		{"Gather", func(ctx context.Context, self *asyncio.Task[int]) error {
			other := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) { return 1, nil })
			defer other.Await(ctx)
			_, err := asyncio.Gather(ctx, other, self)
			return err
		}},
		{"GatherAll", func(ctx context.Context, self *asyncio.Task[int]) error {
			rs, err := asyncio.GatherAll(ctx, self)
			if rs != nil {
				return fmt.Errorf("GatherAll returned results %v", rs)
			}
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
				ready := asyncio.NewSemaphore(0)
				var self *asyncio.Task[int]
				self = asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
					if err := ready.Acquire(ctx); err != nil {
						return 0, err
					}
					start := time.Now()
					err := tc.call(ctx, self)
					if d := time.Since(start); d != 0 {
						t.Errorf("returned after %v, want at once", d)
					}
					return 0, err
				})
				ready.Release()
				if _, err := self.Await(ctx); !errors.Is(err, asyncio.ErrAwaitSelf) {
					t.Errorf("got %v, want ErrAwaitSelf", err)
				}
				return nil
			})
		})
	}
}

// A task of a TaskGroup that waits for its own group would wait for itself:
// ErrAwaitSelf, and the group is left as it was.
func TestTaskGroupWaitFromItsOwnTask(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		tg, _ := asyncio.NewTaskGroup(ctx)
		sibling := tg.Go(func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Second) })
		member := tg.Go(func(ctx context.Context) error {
			start := time.Now()
			err := tg.Wait(ctx)
			if d := time.Since(start); d != 0 {
				t.Errorf("Wait returned after %v, want at once", d)
			}
			if !errors.Is(err, asyncio.ErrAwaitSelf) {
				t.Errorf("Wait from a member = %v, want ErrAwaitSelf", err)
			}
			return nil
		})
		if _, err := member.Await(ctx); err != nil {
			return err
		}
		if _, err := sibling.Result(); err != asyncio.ErrTaskNotDone {
			t.Errorf("sibling = %v: the failed Wait disturbed the group", err)
		}
		return tg.Wait(ctx)
	})
}

// Wait and AsCompleted over the calling task are not errors: with a timeout
// they end and report it pending, as CPython's asyncio.wait([current_task()],
// timeout=...) returns it in the pending set.
func TestWaitOnItselfReportsItPending(t *testing.T) {
	inModes(t, func(t *testing.T, m gapMode, ctx context.Context) error {
		ready := asyncio.NewSemaphore(0)
		var self *asyncio.Task[struct{}]
		self = asyncio.Go(ctx, func(ctx context.Context) error {
			if err := ready.Acquire(ctx); err != nil {
				return err
			}
			done, pending, err := asyncio.Wait(ctx, []*asyncio.Task[struct{}]{self}, asyncio.WithTimeout(time.Second))
			if err != nil || len(done) != 0 || len(pending) != 1 {
				t.Errorf("Wait = %v, %v, %v; want self pending", done, pending, err)
			}
			for _, err := range asyncio.AsCompleted(ctx, []*asyncio.Task[struct{}]{self}, asyncio.WithTimeout(time.Second)) {
				if !errors.Is(err, asyncio.ErrTimeout) {
					t.Errorf("AsCompleted = %v, want ErrTimeout", err)
				}
			}
			return nil
		})
		ready.Release()
		_, err := self.Await(ctx)
		return err
	})
}

// ---- FIFO orders that hold exactly on the loop ----

// loopConditionWaiters starts n tasks that each wait on cond and then
// append their number, 1 to n, to *result.
func loopConditionWaiters(ctx context.Context, cond *asyncio.Condition, n int, result *[]int) []*asyncio.Task[struct{}] {
	var tasks []*asyncio.Task[struct{}]
	for i := 1; i <= n; i++ {
		tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
			if err := cond.Lock(ctx); err != nil {
				return err
			}
			defer cond.Unlock()
			if err := cond.Wait(ctx); err != nil {
				return err
			}
			*result = append(*result, i)
			return nil
		}))
	}
	return tasks
}

// test_notify: notified waiters re-take the lock, and so return, in the
// order they waited.
func TestConditionNotifyOrderOnLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var result []int
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			cond := asyncio.NewCondition(nil)
			tasks := loopConditionWaiters(ctx, cond, 3, &result)
			_ = asyncio.Sleep(ctx, 0)
			notify := func(ns ...int) error {
				if err := cond.Lock(ctx); err != nil {
					return err
				}
				for _, n := range ns {
					cond.Notify(n)
				}
				cond.Unlock()
				return asyncio.Sleep(ctx, 0)
			}
			if err := notify(1); err != nil {
				return err
			}
			if !slices.Equal(result, []int{1}) {
				t.Errorf("after notify(1): %v, want [1]", result)
			}
			if err := notify(1, 2048); err != nil {
				return err
			}
			if !slices.Equal(result, []int{1, 2, 3}) {
				t.Errorf("after notify(1), notify(2048): %v, want [1 2 3]", result)
			}
			_, err := asyncio.Gather(ctx, tasks...)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// test_notify_all: every waiter re-takes the lock, in the order it waited.
func TestConditionNotifyAllOrderOnLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var result []int
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			cond := asyncio.NewCondition(nil)
			tasks := loopConditionWaiters(ctx, cond, 5, &result)
			_ = asyncio.Sleep(ctx, 0)
			if err := cond.Lock(ctx); err != nil {
				return err
			}
			cond.NotifyAll()
			cond.Unlock()
			_ = asyncio.Sleep(ctx, 0)
			if !slices.Equal(result, []int{1, 2, 3, 4, 5}) {
				t.Errorf("after NotifyAll: %v, want [1 2 3 4 5]", result)
			}
			_, err := asyncio.Gather(ctx, tasks...)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// test_acquire: two Releases back to back wake the first two waiters; a
// task created before the releases, which runs after them, waits.
func TestSemaphoreAcquireOrderOnLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var result []int
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			sem := asyncio.NewSemaphore(3)
			_, _ = sem.Acquire(ctx), sem.Acquire(ctx)
			if sem.Locked() {
				t.Error("locked with one permit free")
			}
			acquirer := func(i int) func(ctx context.Context) error {
				return func(ctx context.Context) error {
					if err := sem.Acquire(ctx); err != nil {
						return err
					}
					result = append(result, i)
					return nil
				}
			}
			t1, t2, t3 := asyncio.Go(ctx, acquirer(1)), asyncio.Go(ctx, acquirer(2)), asyncio.Go(ctx, acquirer(3))
			_ = asyncio.Sleep(ctx, 0)
			if !slices.Equal(result, []int{1}) || !sem.Locked() {
				t.Errorf("after the first round: %v, locked %v; want [1], locked", result, sem.Locked())
			}
			t4 := asyncio.Go(ctx, acquirer(4))
			sem.Release()
			sem.Release()
			_ = asyncio.Sleep(ctx, 0)
			if !slices.Equal(result, []int{1, 2, 3}) || !sem.Locked() {
				t.Errorf("after two releases: %v, locked %v; want [1 2 3], locked", result, sem.Locked())
			}
			sem.Release()
			_, err := asyncio.Gather(ctx, t1, t2, t3, t4)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(result, []int{1, 2, 3, 4}) {
			t.Errorf("order %v", result)
		}
	})
}

// test_acquire_fifo_order: tasks that release and acquire again queue
// behind the others, in one exact order.
func TestSemaphoreAcquireFifoOrderOnLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var result []string
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			sem := asyncio.NewSemaphore(1)
			tg, _ := asyncio.NewTaskGroup(ctx)
			for _, tag := range []string{"c1", "c2", "c3"} {
				tg.Go(func(ctx context.Context) error {
					for round := 1; round <= 2; round++ {
						if err := sem.Acquire(ctx); err != nil {
							return err
						}
						result = append(result, fmt.Sprintf("%s_%d", tag, round))
						if err := asyncio.Sleep(ctx, 10*time.Millisecond); err != nil {
							return err
						}
						sem.Release()
					}
					return nil
				})
			}
			return tg.Wait(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"}; !slices.Equal(result, want) {
			t.Errorf("order %v, want %v", result, want)
		}
	})
}

// The Semaphore keeps a woken waiter's place until it resumes on the loop
// (TestSemaphoreAcquireFifoOrder4). Under random schedules, with waiters
// timing out and tasks cancelled at any await, no more than the permits
// are ever held, and every permit is free at the end.
func TestSemaphorePermitsConservedOnLoopUnderRandomSchedules(t *testing.T) {
	const permits, workers, rounds = 2, 6, 8
	for seed := range uint64(40) {
		synctest.Test(t, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 1))
			sem := asyncio.NewSemaphore(permits)
			held, most := 0, 0
			err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
				var tasks []*asyncio.Task[struct{}]
				for range workers {
					tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
						for range rounds {
							err := asyncio.Timeout(ctx, time.Duration(rng.IntN(3))*time.Millisecond, sem.Acquire)
							if errors.Is(err, asyncio.ErrTimeout) {
								continue
							}
							if err != nil {
								return err
							}
							held++
							most = max(most, held)
							err = asyncio.Sleep(ctx, time.Duration(rng.IntN(2))*time.Millisecond)
							held--
							sem.Release()
							if err != nil {
								return err
							}
						}
						return nil
					}))
				}
				for range workers / 2 {
					_ = asyncio.Sleep(ctx, time.Duration(rng.IntN(4))*time.Millisecond)
					tasks[rng.IntN(workers)].Cancel()
				}
				_, _ = asyncio.GatherAll(ctx, tasks...)
				return nil
			}, asyncio.WithRandomSchedule(seed))
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if most > permits || held != 0 {
				t.Fatalf("seed %d: %d held at most, %d at the end; want <= %d, 0", seed, most, held, permits)
			}
			if sem.Locked() || !sem.TryAcquire() || !sem.TryAcquire() || sem.TryAcquire() {
				t.Fatalf("seed %d: want exactly %d free permits at the end", seed, permits)
			}
		})
	}
}

// test_acquire_cancel_before_awoken: two waiters cancelled, then one
// Release: after two rounds of the loop exactly the third waiter has the
// permit and the fourth still waits.
func TestSemaphoreAcquireCancelBeforeAwokenOnLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			sem := asyncio.NewSemaphore(0)
			var ts []*asyncio.Task[struct{}]
			for range 4 {
				ts = append(ts, asyncio.Go(ctx, sem.Acquire))
			}
			_ = asyncio.Sleep(ctx, 0)
			ts[0].Cancel()
			ts[1].Cancel()
			sem.Release()
			_ = asyncio.Sleep(ctx, 0)
			_ = asyncio.Sleep(ctx, 0)
			for i, want := range []error{context.Canceled, context.Canceled, nil, asyncio.ErrTaskNotDone} {
				if _, err := ts[i].Result(); !errors.Is(err, want) {
					t.Errorf("t%d = %v, want %v", i+1, err, want)
				}
			}
			ts[3].Cancel()
			_, _ = asyncio.GatherAll(ctx, ts...)
			if !sem.Locked() || sem.TryAcquire() {
				t.Error("the permit the third waiter holds is free")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// test_acquire_hang: the first of two waiters cancelled, then a Release:
// after two rounds the second has the permit.
func TestSemaphoreAcquireHangOnLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			sem := asyncio.NewSemaphore(0)
			t1, t2 := asyncio.Go(ctx, sem.Acquire), asyncio.Go(ctx, sem.Acquire)
			_ = asyncio.Sleep(ctx, 0)
			t1.Cancel()
			sem.Release()
			_ = asyncio.Sleep(ctx, 0)
			_ = asyncio.Sleep(ctx, 0)
			if _, err := t2.Result(); err != nil || !sem.Locked() {
				t.Errorf("t2 = %v, locked %v; want nil, locked", err, sem.Locked())
			}
			_, err := t1.Await(ctx)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("t1 = %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
