package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// sleeper returns a group task function that sleeps d, then returns err.
func sleeper(d time.Duration, err error) func(context.Context) error {
	return func(ctx context.Context) error {
		if e := asyncio.Sleep(ctx, d); e != nil {
			return e
		}
		return err
	}
}

func TestTaskGroupWaitsForAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var err error
		d := elapsed(func() {
			tg, _ := asyncio.NewTaskGroup(ctx)
			for i := 1; i <= 3; i++ {
				tg.Go(sleeper(time.Duration(i)*time.Second, nil))
			}
			err = tg.Wait(ctx)
		})
		if err != nil || d != 3*time.Second {
			t.Fatalf("Wait = %v after %v; want nil after 3s", err, d)
		}
	})
}

func TestTaskGroupFirstFailureCancelsSiblings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, gctx := asyncio.NewTaskGroup(ctx)
		long1 := tg.Go(sleeper(time.Hour, nil))
		tg.Go(sleeper(time.Second, errBoom))
		long2 := tg.Go(sleeper(time.Hour, nil))
		var err error
		d := elapsed(func() { err = tg.Wait(ctx) })
		if !errors.Is(err, errBoom) || d != time.Second {
			t.Fatalf("Wait = %v after %v; want boom after 1s", err, d)
		}
		if !long1.Canceled() || !long2.Canceled() || gctx.Err() == nil {
			t.Fatalf("siblings %v, %v; group ctx %v", long1, long2, gctx.Err())
		}
	})
}

func TestTaskGroupJoinsAllErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		errCleanup := errors.New("clean-up failed")
		tg, _ := asyncio.NewTaskGroup(ctx)
		tg.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return errCleanup // fails while being cancelled: also reported
		})
		tg.Go(sleeper(time.Second, errBoom))
		tg.Go(sleeper(time.Hour, nil)) // cancelled: not an error
		err := tg.Wait(ctx)
		joined, ok := err.(interface{ Unwrap() []error })
		if !ok || !errors.Is(err, errBoom) || !errors.Is(err, errCleanup) || errors.Is(err, context.Canceled) {
			t.Fatalf("Wait = %v; want both failures joined, no cancellation", err)
		}
		// In the order the tasks were created.
		if got := joined.Unwrap(); len(got) != 2 || got[0] != errCleanup || got[1] != errBoom {
			t.Fatalf("joined errors %v", got)
		}
	})
}

func TestTaskGroupNoTaskOutlivesWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		tg, _ := asyncio.NewTaskGroup(context.Background())
		var stillRunning atomic.Int32
		var tasks []*asyncio.Task[struct{}]
		for range 3 {
			stillRunning.Add(1)
			tasks = append(tasks, tg.Go(func(ctx context.Context) error {
				defer stillRunning.Add(-1)
				<-ctx.Done()
				return asyncio.Sleep(context.WithoutCancel(ctx), 2*time.Second) // slow clean-up
			}))
		}
		var err error
		d := elapsed(func() { err = tg.Wait(ctx) })
		if !errors.Is(err, context.Canceled) || d != 3*time.Second {
			t.Fatalf("Wait = %v after %v; want context.Canceled after 1s + 2s clean-up", err, d)
		}
		if n := stillRunning.Load(); n != 0 {
			t.Fatalf("%d tasks still running after Wait", n)
		}
		for _, task := range tasks {
			if _, err := task.Result(); errors.Is(err, asyncio.ErrTaskNotDone) {
				t.Fatalf("%v not done after Wait", task)
			}
		}
	})
}

func TestTaskGroupPanicBecomesError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		sibling := tg.Go(sleeper(time.Hour, nil))
		tg.Go(func(context.Context) error { panic("kaboom") })
		err := tg.Wait(ctx)
		var pe *asyncio.PanicError
		if !errors.As(err, &pe) || pe.Value != "kaboom" || !sibling.Canceled() {
			t.Fatalf("Wait = %v, sibling %v; want *PanicError and a cancelled sibling", err, sibling)
		}
	})
}

func TestTaskGroupParentCancelReturnsParentErr(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancel(context.Background())
		tg, _ := asyncio.NewTaskGroup(parent)
		task := tg.Go(sleeper(time.Hour, nil))
		time.AfterFunc(time.Second, cancel)
		var err error
		d := elapsed(func() { err = tg.Wait(context.Background()) })
		if !errors.Is(err, context.Canceled) || d != time.Second || !task.Canceled() {
			t.Fatalf("Wait = %v after %v, task %v", err, d, task)
		}
	})
}

func TestTaskGroupParentDeadlineIsNotAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		tg, _ := asyncio.NewTaskGroup(parent)
		tg.Go(func(ctx context.Context) error {
			<-ctx.Done()
			return fmt.Errorf("gave up: %w", ctx.Err()) // DeadlineExceeded, the parent's
		})
		err := tg.Wait(parent)
		if err != context.DeadlineExceeded {
			t.Fatalf("Wait = %#v; want exactly the parent's context.DeadlineExceeded", err)
		}
	})
}

func TestTaskGroupOwnTimeoutIsAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		sibling := tg.Go(sleeper(time.Hour, nil))
		tg.Go(func(ctx context.Context) error { return asyncio.Timeout(ctx, time.Second, sleepHour) })
		if err := tg.Wait(ctx); !errors.Is(err, asyncio.ErrTimeout) || !sibling.Canceled() {
			t.Fatalf("Wait = %v, sibling %v; a task's ErrTimeout is a failure", err, sibling)
		}
	})
}

func TestTaskGroupTaskAddedDuringWaitIsAwaited(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		var child *asyncio.Task[int]
		tg.Go(func(ctx context.Context) error {
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			child = asyncio.CreateTaskIn(tg, after(2*time.Second, 5, nil))
			return nil
		})
		var err error
		d := elapsed(func() { err = tg.Wait(ctx) })
		if err != nil || d != 3*time.Second {
			t.Fatalf("Wait = %v after %v; want nil after 3s (the child's end)", err, d)
		}
		if v, err := child.Result(); v != 5 || err != nil {
			t.Fatalf("child's result after Wait: %d, %v", v, err)
		}
	})
}

func TestTaskGroupManyTasksSpawningTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		var ran atomic.Int32
		for i := range 50 {
			tg.Go(func(ctx context.Context) error {
				for j := range 5 {
					if err := asyncio.Sleep(ctx, time.Duration(i%3)*time.Second); err != nil {
						return err
					}
					tg.Go(func(ctx context.Context) error {
						defer ran.Add(1)
						return asyncio.Sleep(ctx, time.Duration(j)*time.Second)
					})
				}
				return nil
			})
		}
		var err error
		d := elapsed(func() { err = tg.Wait(ctx) })
		// The last child starts at 5*2s and sleeps 4s.
		if err != nil || d != 14*time.Second || ran.Load() != 250 {
			t.Fatalf("Wait = %v after %v with %d children run; want nil after 14s, 250", err, d, ran.Load())
		}
	})
}

func TestTaskGroupTaskAddedAfterWaitIsFinished(t *testing.T) {
	ctx := context.Background()
	tg, _ := asyncio.NewTaskGroup(ctx)
	if err := tg.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	ran := false
	late := asyncio.CreateTaskIn(tg, func(context.Context) (int, error) { ran = true; return 1, nil }, asyncio.WithName("late"))
	if !isDone(late) || !errors.Is(late.Err(), asyncio.ErrTaskGroupFinished) || late.Name() != "late" || late.Cancel() {
		t.Fatalf("late task %v: %v", late, late.Err())
	}
	if _, err := late.Await(ctx); !errors.Is(err, asyncio.ErrTaskGroupFinished) || ran {
		t.Fatalf("late task's Await = %v, ran %v", err, ran)
	}
}

func TestTaskGroupTaskAddedAfterFailureStartsCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		failed := tg.Go(func(context.Context) error { return errBoom })
		<-failed.Done()
		late := tg.Go(func(ctx context.Context) error { return ctx.Err() })
		if err := tg.Wait(ctx); !errors.Is(err, errBoom) {
			t.Fatalf("Wait = %v", err)
		}
		if !late.Canceled() {
			t.Fatalf("task added after the failure: %v", late)
		}
	})
}

func TestTaskGroupCreateTaskInGivesTypedResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		a := asyncio.CreateTaskIn(tg, after(2*time.Second, "a", nil))
		b := asyncio.CreateTaskIn(tg, after(time.Second, "b", nil))
		if err := tg.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		va, _ := a.Result()
		vb, _ := b.Result()
		if va != "a" || vb != "b" {
			t.Fatalf("results %q, %q", va, vb)
		}
	})
}

func TestTaskGroupWaitTwiceReportsTheSame(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tg, _ := asyncio.NewTaskGroup(ctx)
		tg.Go(sleeper(time.Second, errBoom))
		first := make(chan error, 1)
		go func() { first <- tg.Wait(ctx) }() // a concurrent Wait
		second := tg.Wait(ctx)
		third := tg.Wait(ctx)
		for i, err := range []error{<-first, second, third} {
			if !errors.Is(err, errBoom) {
				t.Errorf("Wait #%d = %v", i+1, err)
			}
		}
	})
}

func TestTaskGroupGroupContextCanceledAfterWait(t *testing.T) {
	ctx := context.Background()
	tg, gctx := asyncio.NewTaskGroup(ctx)
	tg.Go(func(context.Context) error { return nil })
	if err := tg.Wait(ctx); err != nil || gctx.Err() == nil {
		t.Fatalf("Wait = %v, group ctx %v; want nil and a cancelled group ctx", err, gctx.Err())
	}
}

func TestTaskGroupZeroValuePanicsWithArgError(t *testing.T) {
	var tg asyncio.TaskGroup
	for name, call := range map[string]func(){
		"TaskGroup.Go":   func() { tg.Go(func(context.Context) error { return nil }) },
		"CreateTaskIn":   func() { asyncio.CreateTaskIn(&tg, after(0, 0, nil)) },
		"TaskGroup.Wait": func() { _ = tg.Wait(context.Background()) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				ae, ok := recover().(*asyncio.ArgError)
				if !ok || ae.Func != name || ae.Arg != "g" {
					t.Fatalf("recovered %#v, want *ArgError naming g", ae)
				}
			}()
			call()
		})
	}
}

func TestTaskGroupRecordsParentAndBlocking(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			tg, _ := asyncio.NewTaskGroup(ctx)
			tg.Go(sleeper(time.Second, nil), asyncio.WithName("child"))
			return tg.Wait(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		got := rec.of("main", start)
		if want := []string{"created@0s", "started@0s", "blocked:task@0s", "resumed:task@1s", "finished@1s"}; !slices.Equal(got, want) {
			t.Fatalf("main's events %v, want %v", got, want)
		}
		if got := rec.of("child", start); len(got) == 0 || got[len(got)-1] != "finished@1s" {
			t.Fatalf("child's events %v", got)
		}
	})
}

func ExampleTaskGroup() {
	ctx := context.Background()
	tg, gctx := asyncio.NewTaskGroup(ctx)
	double := func(n int) *asyncio.Task[int] {
		return asyncio.CreateTaskIn(tg, func(ctx context.Context) (int, error) {
			return 2 * n, asyncio.Sleep(ctx, time.Millisecond)
		})
	}
	a, b := double(20), double(1)
	tg.Go(func(ctx context.Context) error { return nil })
	if err := tg.Wait(ctx); err != nil {
		fmt.Println("failed:", err)
		return
	}
	va, _ := a.Result()
	vb, _ := b.Result()
	fmt.Println(va+vb, gctx.Err())

	// A failure cancels the rest of the group.
	tg, _ = asyncio.NewTaskGroup(ctx)
	slow := tg.Go(func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) }, asyncio.WithName("slow"))
	tg.Go(func(ctx context.Context) error { return errors.New("disk full") })
	fmt.Println(tg.Wait(ctx), slow)
	// Output:
	// 42 context canceled
	// disk full slow (canceled)
}
