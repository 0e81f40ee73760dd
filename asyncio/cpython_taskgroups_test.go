package asyncio_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Behaviours from CPython's test_taskgroups that taskgroup_test.go does not
// already cover.

// test_taskgroup_17 (empty group): Wait on a group with no task returns nil
// at once.
func TestTaskGroupEmptyWaitReturnsAtOnce(t *testing.T) {
	tg, gctx := asyncio.NewTaskGroup(context.Background())
	if err := tg.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if gctx.Err() == nil {
		t.Fatal("the group's context is still live after Wait")
	}
}

// test_taskgroup_05/06: a failure in an inner group fails the outer group's
// task, which cancels the outer group's other tasks.
func TestTaskGroupNestedInnerFailureCancelsOuterSiblings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		outer, _ := asyncio.NewTaskGroup(t.Context())
		sibling := outer.Go(func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
		outer.Go(func(ctx context.Context) error {
			inner, _ := asyncio.NewTaskGroup(ctx)
			inner.Go(func(ctx context.Context) error { _, err := cpAfter(time.Second, 0, errCP)(ctx); return err })
			inner.Go(func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
			return inner.Wait(ctx)
		})
		start := time.Now()
		err := outer.Wait(t.Context())
		if !errors.Is(err, errCP) || time.Since(start) != time.Second {
			t.Fatalf("outer Wait = %v after %v", err, time.Since(start))
		}
		if !sibling.Canceled() {
			t.Fatalf("outer sibling: %v", sibling)
		}
	})
}

// test_taskgroup_08: cancelling Wait's context cancels the children and
// Wait still waits for them to return.
func TestTaskGroupWaitContextCancelWaitsForChildren(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		tg, _ := asyncio.NewTaskGroup(t.Context())
		child := tg.Go(func(ctx context.Context) error {
			<-ctx.Done()
			_ = asyncio.Sleep(context.Background(), 2*time.Second) // clean-up
			return ctx.Err()
		})
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		err := tg.Wait(ctx)
		if !errors.Is(err, context.Canceled) || time.Since(start) != 3*time.Second || !child.Canceled() {
			t.Fatalf("Wait = %v after %v, child %v", err, time.Since(start), child)
		}
	})
}

// test_taskgroup_21: a child that ignores the cancellation keeps Wait
// waiting until it returns, and its error is still reported.
func TestTaskGroupWaitWaitsForChildIgnoringCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tg, _ := asyncio.NewTaskGroup(t.Context())
		tg.Go(func(ctx context.Context) error { _, err := cpAfter(time.Second, 0, errCP)(ctx); return err })
		stubborn := tg.Go(func(ctx context.Context) error {
			_ = asyncio.Sleep(context.Background(), 5*time.Second)
			return nil
		})
		start := time.Now()
		err := tg.Wait(t.Context())
		if !errors.Is(err, errCP) || time.Since(start) != 5*time.Second || stubborn.Err() != nil {
			t.Fatalf("Wait = %v after %v, stubborn child %v", err, time.Since(start), stubborn)
		}
	})
}

// test_taskgroup_task_name: the Name option names a group's task.
func TestTaskGroupTaskNameOption(t *testing.T) {
	tg, _ := asyncio.NewTaskGroup(context.Background())
	a := tg.Go(func(context.Context) error { return nil }, asyncio.WithName("alpha"))
	b := asyncio.CreateTaskIn(tg, func(context.Context) (int, error) { return 0, nil }, asyncio.WithName("beta"))
	_ = tg.Wait(context.Background())
	if a.Name() != "alpha" || b.Name() != "beta" {
		t.Fatalf("names %q, %q", a.Name(), b.Name())
	}
}

type cpKey struct{}

// test_taskgroup_context: the group's tasks see the values of the context the
// group was made from.
func TestTaskGroupChildrenSeeParentValues(t *testing.T) {
	ctx := context.WithValue(context.Background(), cpKey{}, "v")
	tg, _ := asyncio.NewTaskGroup(ctx)
	task := asyncio.CreateTaskIn(tg, func(ctx context.Context) (string, error) {
		s, _ := ctx.Value(cpKey{}).(string)
		return s, nil
	})
	if err := tg.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := task.Result(); v != "v" {
		t.Fatalf("value %q", v)
	}
}

// test_taskgroup_03 (sibling that finished first): when a task fails, a
// sibling that had already finished keeps its result.
func TestTaskGroupSiblingFinishedBeforeFailureKeepsResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tg, _ := asyncio.NewTaskGroup(t.Context())
		early := asyncio.CreateTaskIn(tg, cpAfter(time.Second, 11, nil))
		tg.Go(func(ctx context.Context) error { _, err := cpAfter(2*time.Second, 0, errCP)(ctx); return err })
		if err := tg.Wait(t.Context()); !errors.Is(err, errCP) {
			t.Fatalf("Wait = %v", err)
		}
		if v, err := early.Result(); v != 11 || err != nil {
			t.Fatalf("early sibling = %d, %v", v, err)
		}
	})
}

// A child cancelled on its own (Task.Cancel) is not a failure: the group and
// its other tasks carry on.
func TestTaskGroupChildCanceledAloneIsNotAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tg, _ := asyncio.NewTaskGroup(t.Context())
		victim := tg.Go(func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
		other := asyncio.CreateTaskIn(tg, cpAfter(2*time.Second, 3, nil))
		time.AfterFunc(time.Second, func() { victim.Cancel() })
		if err := tg.Wait(t.Context()); err != nil {
			t.Fatalf("Wait = %v", err)
		}
		if v, err := other.Result(); v != 3 || err != nil || !victim.Canceled() {
			t.Fatalf("other = %d, %v; victim %v", v, err, victim)
		}
	})
}

// test_taskgroup_15/16: failures are reported in the order the tasks were
// created, whatever order they failed in.
func TestTaskGroupFailuresInCreationOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errA, errB := errors.New("a"), errors.New("b")
		tg, _ := asyncio.NewTaskGroup(t.Context())
		ignore := func(ctx context.Context, d time.Duration, err error) error {
			_ = asyncio.Sleep(context.Background(), d) // fails even once cancelled
			return err
		}
		tg.Go(func(ctx context.Context) error { return ignore(ctx, 2*time.Second, errA) })
		tg.Go(func(ctx context.Context) error { return ignore(ctx, time.Second, errB) })
		err := tg.Wait(t.Context())
		if err == nil || err.Error() != "a\nb" {
			t.Fatalf("Wait = %q, want a then b", err)
		}
	})
}
