package asyncio_test

import (
	"cmp"
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Bad input: every constructor and method is called with invalid arguments
// and must give its documented error at once (never a hang, never silence).
// A programming error panics with an *ArgError that names the call and the
// argument, and its message says both; a run-time condition returns an error
// matching the documented one.

// badOutcome is what a call with bad input did: returned err, or panicked
// with panicked.
type badOutcome struct {
	err      error
	panicked any
}

// tryBad runs fn, recovering a panic.
func tryBad(fn func() error) (out badOutcome) {
	defer func() { out.panicked = recover() }()
	return badOutcome{err: fn()}
}

type badCase struct {
	name  string
	call  func() error
	panic bool // the error is panicked, not returned

	// Either an *ArgError naming fn and arg...
	fn, arg string
	// ...or an error matching want.
	want error
}

func badInputCases() []badCase {
	ctx := context.Background()
	nilFn := (func(context.Context) (int, error))(nil)
	nilErrFn := (func(context.Context) error)(nil)
	done := func() *asyncio.Task[int] {
		return asyncio.CreateTask(ctx, func(context.Context) (int, error) { return 0, nil })
	}
	running := func() (*asyncio.Task[int], func()) {
		release := make(chan struct{})
		t := asyncio.CreateTask(ctx, func(context.Context) (int, error) { <-release; return 0, nil })
		return t, func() { close(release); <-t.Done() }
	}
	var lock asyncio.Lock
	var cond asyncio.Condition
	return []badCase{
		// Constructors.
		{name: "NewSemaphore(-1)", panic: true, fn: "NewSemaphore", arg: "value", call: func() error { asyncio.NewSemaphore(-1); return nil }},
		{name: "NewSemaphore(MaxInt)", panic: true, fn: "NewSemaphore", arg: "value", call: func() error { asyncio.NewSemaphore(math.MaxInt); return nil }},
		{name: "NewBoundedSemaphore(-1)", panic: true, fn: "NewBoundedSemaphore", arg: "value", call: func() error { asyncio.NewBoundedSemaphore(-1); return nil }},
		{name: "NewBarrier(0)", panic: true, fn: "NewBarrier", arg: "parties", call: func() error { asyncio.NewBarrier(0); return nil }},
		{name: "NewBarrier(-1)", panic: true, fn: "NewBarrier", arg: "parties", call: func() error { asyncio.NewBarrier(-1); return nil }},
		{name: "NewPriorityQueue(nil less)", panic: true, fn: "NewPriorityQueue", arg: "less",
			call: func() error { asyncio.NewPriorityQueue[int](0, nil); return nil }},
		{name: "NewExecutor(0)", panic: true, fn: "NewExecutor", arg: "maxWorkers", call: func() error { asyncio.NewExecutor(0); return nil }},
		{name: "NewExecutor(-1)", panic: true, fn: "NewExecutor", arg: "maxWorkers", call: func() error { asyncio.NewExecutor(-1); return nil }},

		// Nil functions.
		{name: "CreateTask(nil)", panic: true, fn: "CreateTask", arg: "fn", call: func() error { asyncio.CreateTask(ctx, nilFn); return nil }},
		{name: "Go(nil)", panic: true, fn: "Go", arg: "fn", call: func() error { asyncio.Go(ctx, nilErrFn); return nil }},
		{name: "Run(nil)", panic: true, fn: "Run", arg: "main", call: func() error { return asyncio.Run(ctx, nil) }},
		{name: "WaitFor(nil)", panic: true, fn: "WaitFor", arg: "fn", call: func() error { _, err := asyncio.WaitFor(ctx, time.Second, nilFn); return err }},
		{name: "Timeout(nil)", panic: true, fn: "Timeout", arg: "fn", call: func() error { return asyncio.Timeout(ctx, time.Second, nil) }},
		{name: "TimeoutAt(nil)", panic: true, fn: "TimeoutAt", arg: "fn", call: func() error { return asyncio.TimeoutAt(ctx, time.Now(), nil) }},
		{name: "ToThread(nil)", panic: true, fn: "ToThread", arg: "fn", call: func() error { _, err := asyncio.ToThread[int](ctx, nil); return err }},
		{name: "Shield(nil)", panic: true, fn: "Shield", arg: "fn", call: func() error { asyncio.Shield(ctx, nilFn); return nil }},
		{name: "TaskGroup.Go(nil)", panic: true, fn: "TaskGroup.Go", arg: "fn", call: func() error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			defer tg.Wait(ctx)
			tg.Go(nil)
			return nil
		}},
		{name: "CreateTaskIn(g, nil)", panic: true, fn: "CreateTaskIn", arg: "fn", call: func() error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			defer tg.Wait(ctx)
			asyncio.CreateTaskIn(tg, nilFn)
			return nil
		}},
		{name: "Condition.WaitFor(nil)", panic: true, fn: "Condition.WaitFor", arg: "pred", call: func() error {
			var c asyncio.Condition
			return c.WaitFor(ctx, nil)
		}},
		{name: "Submit(nil executor)", panic: true, fn: "Submit", arg: "ex", call: func() error { _, err := asyncio.Submit(ctx, nil, nilFn); return err }},
		{name: "Submit(ex, nil)", panic: true, fn: "Submit", arg: "fn", call: func() error {
			ex := asyncio.NewExecutor(1)
			defer ex.Shutdown(ctx)
			_, err := asyncio.Submit(ctx, ex, nilFn)
			return err
		}},
		{name: "Map(ex, nil)", panic: true, fn: "Map", arg: "fn", call: func() error {
			ex := asyncio.NewExecutor(1)
			defer ex.Shutdown(ctx)
			_, err := asyncio.Map[int, int](ctx, ex, []int{1}, nil)
			return err
		}},

		// Zero values that are documented as unusable.
		{name: "zero PriorityQueue Put", panic: true, fn: "PriorityQueue.Put", arg: "less", call: func() error {
			var q asyncio.PriorityQueue[int]
			return q.Put(ctx, 1)
		}},
		{name: "zero PriorityQueue TryPut", panic: true, fn: "PriorityQueue.TryPut", arg: "less", call: func() error {
			var q asyncio.PriorityQueue[int]
			return q.TryPut(1)
		}},
		{name: "zero TaskGroup Go", panic: true, fn: "TaskGroup.Go", arg: "g", call: func() error {
			var tg asyncio.TaskGroup
			tg.Go(func(context.Context) error { return nil })
			return nil
		}},
		{name: "nil TaskGroup CreateTaskIn", panic: true, fn: "CreateTaskIn", arg: "g", call: func() error {
			asyncio.CreateTaskIn(nil, func(context.Context) (int, error) { return 0, nil })
			return nil
		}},
		{name: "zero TaskGroup Wait", panic: true, fn: "TaskGroup.Wait", arg: "g", call: func() error {
			var tg asyncio.TaskGroup
			return tg.Wait(ctx)
		}},
		{name: "zero Executor Submit", panic: true, fn: "Submit", arg: "ex", call: func() error {
			var ex asyncio.Executor
			_, err := asyncio.Submit(ctx, &ex, func(context.Context) (int, error) { return 0, nil })
			return err
		}},

		// Bad task lists.
		{name: "Gather(nil task)", panic: true, fn: "Gather", arg: "tasks[1]", call: func() error { _, err := asyncio.Gather(ctx, done(), nil); return err }},
		{name: "GatherAll(nil task)", panic: true, fn: "GatherAll", arg: "tasks[0]", call: func() error { _, err := asyncio.GatherAll[int](ctx, nil); return err }},
		{name: "AsCompleted(nil task)", panic: true, fn: "AsCompleted", arg: "tasks[0]", call: func() error {
			asyncio.AsCompleted(ctx, []*asyncio.Task[int]{nil})
			return nil
		}},
		{name: "Wait(no tasks)", panic: true, fn: "Wait", arg: "tasks", call: func() error { _, _, err := asyncio.Wait[*asyncio.Task[int]](ctx, nil); return err }},
		{name: "Wait(nil task)", panic: true, fn: "Wait", arg: "tasks[1]", call: func() error {
			_, _, err := asyncio.Wait(ctx, []*asyncio.Task[int]{done(), nil})
			return err
		}},
		{name: "Wait(ReturnWhen(7))", panic: true, fn: "Wait", arg: "opts", call: func() error {
			_, _, err := asyncio.Wait(ctx, []*asyncio.Task[int]{done()}, asyncio.ReturnWhen(7))
			return err
		}},

		// Misuse of the primitives.
		{name: "Lock.Unlock unlocked", panic: true, fn: "Lock.Unlock", arg: "lock", call: func() error { lock.Unlock(); return nil }},
		{name: "Condition.Unlock unlocked", panic: true, fn: "Condition.Unlock", arg: "lock", call: func() error { cond.Unlock(); return nil }},
		{name: "Condition.Notify without the lock", panic: true, fn: "Condition.Notify", arg: "lock", call: func() error { cond.Notify(1); return nil }},
		{name: "Condition.NotifyAll without the lock", panic: true, fn: "Condition.NotifyAll", arg: "lock", call: func() error { cond.NotifyAll(); return nil }},
		{name: "Condition.Wait without the lock", panic: true, fn: "Condition.Wait", arg: "lock", call: func() error { return cond.Wait(ctx) }},
		{name: "Condition.WaitFor without the lock", panic: true, fn: "Condition.WaitFor", arg: "lock", call: func() error {
			return cond.WaitFor(ctx, func() bool { return false })
		}},
		{name: "BoundedSemaphore over-release", panic: true, fn: "BoundedSemaphore.Release", arg: "semaphore", call: func() error {
			s := asyncio.NewBoundedSemaphore(2)
			s.Release()
			return nil
		}},
		{name: "zero BoundedSemaphore Release", panic: true, fn: "BoundedSemaphore.Release", arg: "semaphore", call: func() error {
			var s asyncio.BoundedSemaphore
			s.Release()
			return nil
		}},
		{name: "Semaphore.Release beyond 2^62 permits", panic: true, fn: "Semaphore.Release", arg: "semaphore", call: func() error {
			s := asyncio.NewSemaphore(math.MaxInt64 >> 1)
			s.Release()
			return nil
		}},
		{name: "zero Barrier Wait", panic: true, fn: "Barrier.Wait", arg: "barrier", call: func() error {
			var b asyncio.Barrier
			_, err := b.Wait(ctx)
			return err
		}},
		{name: "Barrier.Wait after Abort", want: asyncio.ErrBrokenBarrier, call: func() error {
			b := asyncio.NewBarrier(2)
			b.Abort()
			_, err := b.Wait(ctx)
			return err
		}},
		{name: "Task.Result while running", want: asyncio.ErrTaskNotDone, call: func() error {
			t, stop := running()
			defer stop()
			_, err := t.Result()
			return err
		}},
		{name: "Task.Err while running", want: asyncio.ErrTaskNotDone, call: func() error {
			t, stop := running()
			defer stop()
			return t.Err()
		}},
		{name: "TaskGroup.Go after Wait", want: asyncio.ErrTaskGroupFinished, call: func() error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			if err := tg.Wait(ctx); err != nil {
				return err
			}
			return tg.Go(func(context.Context) error { return nil }).Err()
		}},
		{name: "Submit after Shutdown", want: asyncio.ErrExecutorShutdown, call: func() error {
			ex := asyncio.NewExecutor(1)
			_ = ex.Shutdown(ctx)
			_, err := asyncio.Submit(ctx, ex, func(context.Context) (int, error) { return 0, nil })
			return err
		}},
		{name: "Map after Shutdown", want: asyncio.ErrExecutorShutdown, call: func() error {
			ex := asyncio.NewExecutor(1)
			_ = ex.Shutdown(ctx)
			_, err := asyncio.Map(ctx, ex, []int{1}, func(context.Context, int) (int, error) { return 0, nil })
			return err
		}},
	}
}

// badQueueCases are the misuses of a queue, for each kind.
func badQueueCases(kind string, newQ func(int) intQueue) []badCase {
	ctx := context.Background()
	shut := func() intQueue { q := newQ(1); q.Shutdown(false); return q }
	return []badCase{
		{name: kind + ".TaskDone too often", panic: true, fn: kind + ".TaskDone", arg: "queue", call: func() error {
			q := newQ(0)
			_ = q.TryPut(1)
			_, _ = q.TryGet()
			q.TaskDone()
			q.TaskDone()
			return nil
		}},
		{name: kind + ".TryGet on empty", want: asyncio.ErrQueueEmpty, call: func() error { _, err := newQ(0).TryGet(); return err }},
		{name: kind + ".TryPut on full", want: asyncio.ErrQueueFull, call: func() error {
			q := newQ(1)
			_ = q.TryPut(1)
			return q.TryPut(2)
		}},
		{name: kind + ".Put after Shutdown", want: asyncio.ErrQueueShutdown, call: func() error { return shut().Put(ctx, 1) }},
		{name: kind + ".TryPut after Shutdown", want: asyncio.ErrQueueShutdown, call: func() error { return shut().TryPut(1) }},
		{name: kind + ".Get on shut-down empty queue", want: asyncio.ErrQueueShutdown, call: func() error { _, err := shut().Get(ctx); return err }},
		{name: kind + ".TryGet on shut-down empty queue", want: asyncio.ErrQueueShutdown, call: func() error { _, err := shut().TryGet(); return err }},
	}
}

func TestBadInputGivesDocumentedError(t *testing.T) {
	cases := badInputCases()
	cases = append(cases, badQueueCases("Queue", func(m int) intQueue { return asyncio.NewQueue[int](m) })...)
	cases = append(cases, badQueueCases("LifoQueue", func(m int) intQueue { return asyncio.NewLifoQueue[int](m) })...)
	cases = append(cases, badQueueCases("PriorityQueue", func(m int) intQueue { return asyncio.NewPriorityQueue(m, cmp.Less[int]) })...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.panic && c.arg == "" {
				t.Fatal("a panic must be an *ArgError: the case must name fn and arg")
			}
			out := tryBad(c.call)
			var err error
			if c.panic {
				if out.panicked == nil {
					t.Fatalf("did not panic (returned %v)", out.err)
				}
				perr, ok := out.panicked.(error)
				if !ok {
					t.Fatalf("panicked with %T %v, not an error", out.panicked, out.panicked)
				}
				err = perr
			} else {
				if out.panicked != nil {
					t.Fatalf("panicked with %v; want a returned error", out.panicked)
				}
				err = out.err
			}
			if err == nil {
				t.Fatal("no error")
			}
			switch {
			case c.arg != "":
				var ae *asyncio.ArgError
				if !errors.As(err, &ae) {
					t.Fatalf("error %v (%T) is not an *ArgError", err, err)
				}
				if ae.Func != c.fn || ae.Arg != c.arg {
					t.Errorf("ArgError names %s's %q; want %s's %q", ae.Func, ae.Arg, c.fn, c.arg)
				}
				if msg := err.Error(); !strings.HasPrefix(msg, "asyncio: "+c.fn+": "+c.arg+" ") || ae.Reason == "" {
					t.Errorf("message %q does not name %s and %s, or gives no reason", msg, c.fn, c.arg)
				}
			case c.want != nil:
				if !errors.Is(err, c.want) {
					t.Errorf("error %v does not match %v", err, c.want)
				}
			}
			if !strings.HasPrefix(err.Error(), "asyncio: ") {
				t.Errorf("message %q does not say where it comes from", err.Error())
			}
		})
	}
}

// Inputs that look wrong but are documented as valid give their documented
// result, not an error.
func TestEdgeInputsThatAreValid(t *testing.T) {
	ctx := context.Background()
	t.Run("NewQueue(-5) is unbounded", func(t *testing.T) {
		q := asyncio.NewQueue[int](-5)
		for i := range 100 {
			if err := q.TryPut(i); err != nil {
				t.Fatal(err)
			}
		}
		if q.Full() || q.Cap() != -5 {
			t.Fatalf("Full %v, Cap %d", q.Full(), q.Cap())
		}
	})
	t.Run("NewSemaphore(0) has no permits", func(t *testing.T) {
		s := asyncio.NewSemaphore(0)
		if s.TryAcquire() || !s.Locked() {
			t.Fatal("NewSemaphore(0): TryAcquire or Locked wrong")
		}
	})
	t.Run("Condition.Notify(-1) wakes none", func(t *testing.T) {
		var c asyncio.Condition
		_ = c.Lock(ctx)
		defer c.Unlock()
		c.Notify(-1)
	})
	t.Run("Sleep(-1) returns at once", func(t *testing.T) {
		if err := asyncio.Sleep(ctx, -time.Second); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("WaitFor(-1) has expired", func(t *testing.T) {
		_, err := asyncio.WaitFor(ctx, -time.Second, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		if !errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("WaitFor with a negative timeout: %v", err)
		}
	})
	t.Run("Timeout(0) has expired", func(t *testing.T) {
		err := asyncio.Timeout(ctx, 0, func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
		if !errors.Is(err, asyncio.ErrTimeout) {
			t.Fatalf("Timeout(0): %v", err)
		}
	})
	t.Run("Wait WithTimeout(-1) returns at once", func(t *testing.T) {
		release := make(chan struct{})
		task := asyncio.CreateTask(ctx, func(context.Context) (int, error) { <-release; return 0, nil })
		defer func() { close(release); <-task.Done() }()
		done, pending, err := asyncio.Wait(ctx, []*asyncio.Task[int]{task}, asyncio.WithTimeout(-time.Second))
		if err != nil || len(done) != 0 || len(pending) != 1 {
			t.Fatalf("Wait = %v, %v, %v", done, pending, err)
		}
	})
	t.Run("NewBarrier(1) never blocks", func(t *testing.T) {
		b := asyncio.NewBarrier(1)
		for range 3 {
			if i, err := b.Wait(ctx); i != 0 || err != nil {
				t.Fatalf("Wait = %d, %v", i, err)
			}
		}
	})
	t.Run("Shutdown twice", func(t *testing.T) {
		q := asyncio.NewQueue[int](0)
		q.Shutdown(false)
		q.Shutdown(true)
		ex := asyncio.NewExecutor(1)
		for i := range 2 {
			if err := ex.Shutdown(ctx); err != nil {
				t.Fatalf("Executor.Shutdown #%d = %v", i+1, err)
			}
		}
		ex.ShutdownNow()
		ex.ShutdownNow()
		if ex.Shutdown(ctx) != nil {
			t.Fatal("Executor.Shutdown after ShutdownNow failed")
		}
	})
}

// wantArgPanic checks that call panics with an *ArgError naming fn and arg,
// in its fields and at the start of its message.
func wantArgPanic(t testing.TB, fn, arg string, call func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		ae, ok := r.(*asyncio.ArgError)
		switch {
		case r == nil:
			t.Errorf("%s did not panic", fn)
		case !ok:
			t.Errorf("%s panicked with %T %v, want an *ArgError", fn, r, r)
		case ae.Func != fn || ae.Arg != arg || !strings.HasPrefix(ae.Error(), "asyncio: "+fn+": "+arg+" "):
			t.Errorf("%s panicked with %q (Func %q, Arg %q), want it to name %s and %s", fn, ae.Error(), ae.Func, ae.Arg, fn, arg)
		}
	}()
	call()
}

// recoverArgError calls f and returns the *ArgError it panicked with, or any
// other value it panicked with as other; both are nil if f returned.
func recoverArgError(f func()) (ae *asyncio.ArgError, other any) {
	defer func() {
		r := recover()
		if ae, _ = r.(*asyncio.ArgError); ae == nil {
			other = r
		}
	}()
	f()
	return nil, nil
}
