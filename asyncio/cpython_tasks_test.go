package asyncio_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Behaviours from CPython's test_tasks (gather, wait, as_completed, shield)
// that the combinators' own test files do not already cover.

// cpAfter returns a task function that sleeps d, then returns v and err; a
// cancelled sleep returns the context's error.
func cpAfter(d time.Duration, v int, err error) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		if e := asyncio.Sleep(ctx, d); e != nil {
			return 0, e
		}
		return v, err
	}
}

var errCP = errors.New("cpython-derived test failure")

// ---- gather ----

// test_one_exception: the first failure is Gather's error, at the instant it
// happens plus the time the cancelled siblings take to return (none here).
func TestGatherFirstFailureReturnedAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		start := time.Now()
		_, err := asyncio.Gather(ctx,
			asyncio.CreateTask(ctx, cpAfter(time.Second, 1, nil)),
			asyncio.CreateTask(ctx, cpAfter(2*time.Second, 0, errCP)),
			asyncio.CreateTask(ctx, cpAfter(time.Hour, 3, nil)))
		if !errors.Is(err, errCP) || time.Since(start) != 2*time.Second {
			t.Fatalf("Gather = %v after %v, want errCP after 2s", err, time.Since(start))
		}
	})
}

// test_return_exceptions: GatherAll waits for every task, failures included,
// and keeps the argument order.
func TestGatherAllKeepsOrderAndWaitsForAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		start := time.Now()
		rs, err := asyncio.GatherAll(ctx,
			asyncio.CreateTask(ctx, cpAfter(3*time.Second, 1, nil)),
			asyncio.CreateTask(ctx, cpAfter(time.Second, 0, errCP)),
			asyncio.CreateTask(ctx, cpAfter(2*time.Second, 3, nil)))
		if err != nil || time.Since(start) != 3*time.Second {
			t.Fatalf("GatherAll = %v after %v", err, time.Since(start))
		}
		if rs[0].Value != 1 || !errors.Is(rs[1].Err, errCP) || rs[2].Value != 3 {
			t.Fatalf("results %+v", rs)
		}
	})
}

// test_result_exception_one_cancellation: a task cancelled on its own is, in
// GatherAll, one result among others (context.Canceled), not a failure of
// the whole.
func TestGatherAllOneTaskCanceledIsJustItsResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		tasks := []*asyncio.Task[int]{
			asyncio.CreateTask(ctx, cpAfter(time.Second, 1, nil)),
			asyncio.CreateTask(ctx, cpAfter(time.Hour, 2, nil)),
		}
		tasks[1].Cancel()
		rs, err := asyncio.GatherAll(ctx, tasks...)
		if err != nil || rs[0].Value != 1 || !errors.Is(rs[1].Err, context.Canceled) {
			t.Fatalf("GatherAll = %+v, %v", rs, err)
		}
	})
}

// test_cancellation_broadcast: cancelling Gather's context cancels every
// child and Gather returns only once they have all returned.
func TestGatherContextCancelReachesEveryChild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		tasks := []*asyncio.Task[int]{
			asyncio.CreateTask(t.Context(), cpAfter(time.Hour, 1, nil)),
			asyncio.CreateTask(t.Context(), func(ctx context.Context) (int, error) {
				<-ctx.Done()
				_ = asyncio.Sleep(context.Background(), time.Second) // a slow clean-up
				return 0, ctx.Err()
			}),
		}
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := asyncio.Gather(ctx, tasks...)
		if !errors.Is(err, context.Canceled) || time.Since(start) != 2*time.Second {
			t.Fatalf("Gather = %v after %v; want Canceled after 1s + 1s of clean-up", err, time.Since(start))
		}
		for i, task := range tasks {
			if !task.Canceled() {
				t.Errorf("task %d not cancelled: %v", i, task)
			}
		}
	})
}

// ---- wait ----

// test_wait_really_done: with FirstCompleted, every task already done is
// reported done, not just the first.
func TestWaitFirstCompletedReportsAllAlreadyDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		a := asyncio.CreateTask(ctx, cpAfter(0, 1, nil))
		b := asyncio.CreateTask(ctx, cpAfter(0, 2, nil))
		c := asyncio.CreateTask(ctx, cpAfter(time.Hour, 3, nil))
		defer c.Cancel()
		synctest.Wait()
		done, pending, err := asyncio.Wait(ctx, []*asyncio.Task[int]{a, b, c}, asyncio.FirstCompleted)
		if err != nil || len(done) != 2 || len(pending) != 1 || pending[0] != c {
			t.Fatalf("Wait = %d done, %d pending, %v", len(done), len(pending), err)
		}
	})
}

// test_wait_with_exception: AllCompleted reports failures as done tasks; the
// error is the task's, not Wait's.
func TestWaitAllCompletedDoesNotReturnTaskErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		tasks := []*asyncio.Task[int]{
			asyncio.CreateTask(ctx, cpAfter(time.Second, 0, errCP)),
			asyncio.CreateTask(ctx, cpAfter(2*time.Second, 2, nil)),
		}
		done, pending, err := asyncio.Wait(ctx, tasks)
		if err != nil || len(done) != 2 || len(pending) != 0 || !errors.Is(done[0].Err(), errCP) {
			t.Fatalf("Wait = %v, %v, %v", done, pending, err)
		}
	})
}

// test_wait_first_exception without any failure: Wait waits for them all.
func TestWaitFirstExceptionWithoutFailureWaitsForAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		tasks := []*asyncio.Task[int]{
			asyncio.CreateTask(ctx, cpAfter(time.Second, 1, nil)),
			asyncio.CreateTask(ctx, cpAfter(3*time.Second, 2, nil)),
		}
		start := time.Now()
		done, _, err := asyncio.Wait(ctx, tasks, asyncio.FirstException)
		if err != nil || len(done) != 2 || time.Since(start) != 3*time.Second {
			t.Fatalf("Wait = %d done, %v after %v", len(done), err, time.Since(start))
		}
	})
}

// test_wait_first_exception_in_wait: a failure that happens while Wait waits
// ends it at that instant, the others still pending.
func TestWaitFirstExceptionEndsAtTheFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		slow := asyncio.CreateTask(ctx, cpAfter(time.Hour, 0, nil))
		defer slow.Cancel()
		tasks := []*asyncio.Task[int]{slow, asyncio.CreateTask(ctx, cpAfter(2*time.Second, 0, errCP))}
		start := time.Now()
		done, pending, err := asyncio.Wait(ctx, tasks, asyncio.FirstException)
		if err != nil || len(done) != 1 || len(pending) != 1 || time.Since(start) != 2*time.Second {
			t.Fatalf("Wait = %d done, %d pending, %v after %v", len(done), len(pending), err, time.Since(start))
		}
	})
}

// test_wait_with_timeout: the timeout ends the wait at that instant, and the
// tasks go on to finish.
func TestWaitTimeoutLeavesPendingTasksRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		a := asyncio.CreateTask(ctx, cpAfter(time.Second, 1, nil))
		b := asyncio.CreateTask(ctx, cpAfter(5*time.Second, 2, nil))
		done, pending, err := asyncio.Wait(ctx, []*asyncio.Task[int]{a, b}, asyncio.WithTimeout(2*time.Second))
		if err != nil || len(done) != 1 || len(pending) != 1 {
			t.Fatalf("Wait = %d done, %d pending, %v", len(done), len(pending), err)
		}
		if v, err := b.Await(ctx); v != 2 || err != nil {
			t.Fatalf("the pending task = %d, %v", v, err)
		}
	})
}

// Wait never cancels: awaiting shielded (or any) tasks with Wait and a
// cancelled context leaves them running, which is how Go spells
// gather(shield(...)) being cancelled.
func TestWaitCanceledLeavesShieldedTasksRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		tasks := []*asyncio.Task[int]{
			asyncio.Shield(ctx, cpAfter(2*time.Second, 1, nil)),
			asyncio.Shield(ctx, cpAfter(3*time.Second, 2, nil)),
		}
		time.AfterFunc(time.Second, cancel)
		_, pending, err := asyncio.Wait(ctx, tasks)
		if !errors.Is(err, context.Canceled) || len(pending) != 2 {
			t.Fatalf("Wait = %d pending, %v", len(pending), err)
		}
		rs, err := asyncio.GatherAll(t.Context(), tasks...)
		if err != nil || rs[0].Value != 1 || rs[1].Value != 2 {
			t.Fatalf("the shielded tasks: %+v, %v", rs, err)
		}
	})
}

// ---- as_completed ----

// test_as_completed_with_unused_timeout: a timeout that does not expire
// changes nothing.
func TestAsCompletedUnusedTimeoutYieldsEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		tasks := []*asyncio.Task[int]{
			asyncio.CreateTask(ctx, cpAfter(2*time.Second, 2, nil)),
			asyncio.CreateTask(ctx, cpAfter(time.Second, 1, nil)),
		}
		var got []int
		for v, err := range asyncio.AsCompleted(ctx, tasks, asyncio.WithTimeout(time.Minute)) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("got %v", got)
		}
	})
}

// test_as_completed_duplicate_coroutines: a task listed twice is yielded
// twice.
func TestAsCompletedTaskListedTwiceYieldedTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		task := asyncio.CreateTask(ctx, cpAfter(time.Second, 7, nil))
		n := 0
		for v, err := range asyncio.AsCompleted(ctx, []*asyncio.Task[int]{task, task}) {
			if v != 7 || err != nil {
				t.Fatalf("yielded %d, %v", v, err)
			}
			n++
		}
		if n != 2 {
			t.Fatalf("yielded %d times", n)
		}
	})
}

// test_as_completed_reverse_wait: tasks listed in reverse order of
// completion come out in completion order, each at its instant.
func TestAsCompletedYieldsEachAtItsInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		start := time.Now()
		tasks := []*asyncio.Task[int]{
			asyncio.CreateTask(ctx, cpAfter(3*time.Second, 3, nil)),
			asyncio.CreateTask(ctx, cpAfter(time.Second, 1, nil)),
		}
		var at []time.Duration
		for range asyncio.AsCompleted(ctx, tasks) {
			at = append(at, time.Since(start))
		}
		if !slices.Equal(at, []time.Duration{time.Second, 3 * time.Second}) {
			t.Fatalf("yielded at %v", at)
		}
	})
}

// ---- shield ----

// test_shield_result: a shielded function's value comes back through Await.
func TestShieldReturnsTheValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := asyncio.Shield(t.Context(), cpAfter(time.Second, 42, nil)).Await(t.Context())
		if v != 42 || err != nil {
			t.Fatalf("Await = %d, %v", v, err)
		}
	})
}

// test_shield_exception: a shielded function's error comes back through
// Await.
func TestShieldReturnsTheError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, err := asyncio.Shield(t.Context(), cpAfter(time.Second, 0, errCP)).Await(t.Context())
		if !errors.Is(err, errCP) {
			t.Fatalf("Await = %v", err)
		}
	})
}

// test_shield_effect: the awaiter's cancellation returns at once while the
// shielded work completes, and its result can be awaited again.
func TestShieldAwaiterCanceledWorkCompletes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		task := asyncio.Shield(ctx, cpAfter(3*time.Second, 5, nil))
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		if _, err := task.Await(ctx); !errors.Is(err, context.Canceled) || time.Since(start) != time.Second {
			t.Fatalf("Await = %v after %v", err, time.Since(start))
		}
		if v, err := task.Await(t.Context()); v != 5 || err != nil || time.Since(start) != 3*time.Second {
			t.Fatalf("second Await = %d, %v after %v", v, err, time.Since(start))
		}
	})
}
