package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// after returns a task function that sleeps d, then returns v and err; if its
// context is cancelled first it returns the zero value and ctx.Err().
func after[T any](d time.Duration, v T, err error) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		if e := asyncio.Sleep(ctx, d); e != nil {
			var zero T
			return zero, e
		}
		return v, err
	}
}

// spawn starts one task per function.
func spawn[T any](ctx context.Context, fns ...func(context.Context) (T, error)) []*asyncio.Task[T] {
	tasks := make([]*asyncio.Task[T], len(fns))
	for i, fn := range fns {
		tasks[i] = asyncio.CreateTask(ctx, fn)
	}
	return tasks
}

var errBoom = errors.New("boom")

func TestGatherResultsInArgumentOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var got []string
		var err error
		d := elapsed(func() {
			got, err = asyncio.Gather(ctx, spawn(ctx,
				after(3*time.Second, "a", nil),
				after(1*time.Second, "b", nil),
				after(2*time.Second, "c", nil))...)
		})
		if err != nil || !slices.Equal(got, []string{"a", "b", "c"}) || d != 3*time.Second {
			t.Fatalf("Gather = %q, %v after %v; want [a b c], nil after 3s", got, err, d)
		}
	})
}

func TestGatherZeroTasksIsEmpty(t *testing.T) {
	got, err := asyncio.Gather[int](context.Background())
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("Gather() = %#v, %v; want empty slice, nil", got, err)
	}
}

func TestGatherFailsFastAndCancelsSiblings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx,
			after(time.Hour, 1, nil), // listed first, so the failure must not wait for it
			after(time.Second, 0, errBoom),
			after(5*time.Second, 3, nil))
		var got []int
		var err error
		d := elapsed(func() { got, err = asyncio.Gather(ctx, tasks...) })
		if !errors.Is(err, errBoom) || got != nil || d != time.Second {
			t.Fatalf("Gather = %v, %v after %v; want nil, boom after 1s", got, err, d)
		}
		if !tasks[0].Canceled() || !tasks[2].Canceled() {
			t.Fatalf("siblings not cancelled: %v, %v", tasks[0], tasks[2])
		}
	})
}

func TestGatherWaitsForCanceledSiblingsToReturn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		slow := asyncio.Go(ctx, func(ctx context.Context) error {
			<-ctx.Done()
			// Clean-up that outlasts the cancellation.
			return errors.Join(asyncio.Sleep(context.WithoutCancel(ctx), 2*time.Second), ctx.Err())
		})
		failing := asyncio.Go(ctx, func(ctx context.Context) error {
			return errors.Join(asyncio.Sleep(ctx, time.Second), errBoom)
		})
		var err error
		d := elapsed(func() { _, err = asyncio.Gather(ctx, slow, failing) })
		if !errors.Is(err, errBoom) || d != 3*time.Second {
			t.Fatalf("Gather = %v after %v; want boom after 1s + 2s clean-up", err, d)
		}
		if _, err := slow.Result(); !errors.Is(err, context.Canceled) {
			t.Fatalf("sibling not finished when Gather returned: %v", err)
		}
	})
}

func TestGatherCanceledCancelsAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		tasks := spawn(context.Background(), after(time.Hour, 1, nil), after(2*time.Hour, 2, nil))
		time.AfterFunc(time.Second, cancel)
		var err error
		d := elapsed(func() { _, err = asyncio.Gather(ctx, tasks...) })
		if !errors.Is(err, context.Canceled) || d != time.Second {
			t.Fatalf("Gather = %v after %v; want context.Canceled after 1s", err, d)
		}
		for _, task := range tasks {
			if !task.Canceled() {
				t.Errorf("%v not cancelled", task)
			}
		}
	})
}

func TestGatherReturnsCanceledTasksError(t *testing.T) {
	// A task cancelled by someone else fails Gather with context.Canceled,
	// as a cancelled child makes gather raise CancelledError in CPython.
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(time.Hour, 1, nil), after(2*time.Second, 2, nil))
		time.AfterFunc(time.Second, func() { tasks[0].Cancel() })
		if _, err := asyncio.Gather(ctx, tasks...); !errors.Is(err, context.Canceled) {
			t.Fatalf("Gather = %v, want context.Canceled", err)
		}
		if !tasks[1].Canceled() {
			t.Fatalf("the other task was not cancelled: %v", tasks[1])
		}
	})
}

func TestGatherPanicBecomesPanicError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(time.Hour, 1, nil), func(context.Context) (int, error) { panic("kaboom") })
		_, err := asyncio.Gather(ctx, tasks...)
		var pe *asyncio.PanicError
		if !errors.As(err, &pe) || pe.Value != "kaboom" {
			t.Fatalf("Gather = %v, want *PanicError(kaboom)", err)
		}
		if !tasks[0].Canceled() {
			t.Fatalf("sibling of a panicking task not cancelled: %v", tasks[0])
		}
	})
}

func TestGatherSameTaskTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		task := asyncio.CreateTask(ctx, after(time.Second, 7, nil))
		got, err := asyncio.Gather(ctx, task, task)
		if err != nil || !slices.Equal(got, []int{7, 7}) {
			t.Fatalf("Gather(t, t) = %v, %v", got, err)
		}
	})
}

func TestGatherFinishedTasksDoesNotBlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(0, 1, nil), after(0, 2, nil))
		synctest.Wait()
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		// Finished tasks win over a cancelled ctx, as with Task.Await.
		got, err := asyncio.Gather(cancelled, tasks...)
		if err != nil || !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("Gather = %v, %v", got, err)
		}
	})
}

func TestGatherNilTaskPanicsWithArgError(t *testing.T) {
	for name, call := range map[string]func(){
		"Gather":      func() { _, _ = asyncio.Gather[int](context.Background(), nil) },
		"GatherAll":   func() { _, _ = asyncio.GatherAll[int](context.Background(), nil) },
		"AsCompleted": func() { asyncio.AsCompleted[int](context.Background(), []*asyncio.Task[int]{nil}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				ae, ok := recover().(*asyncio.ArgError)
				if !ok || ae.Func != name || ae.Arg != "tasks[0]" {
					t.Fatalf("recovered %#v, want *ArgError for %s tasks[0]", ae, name)
				}
			}()
			call()
		})
	}
}

func TestGatherReportsOneBlockedSpan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			_, err := asyncio.Gather(ctx, spawn(ctx, after(time.Second, 1, nil), after(2*time.Second, 2, nil))...)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := "[created@0s started@0s blocked:task@0s resumed:task@2s finished@2s]"
		if got := fmt.Sprint(rec.of("main", start)); got != want {
			t.Fatalf("main's events:\n got %s\nwant %s", got, want)
		}
	})
}

func TestGatherManyTasksFinishingAtOnce(t *testing.T) {
	// Many tasks ending at the same instant, some failing: Gather must
	// report one of the failures and return only when all have finished.
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var fns []func(context.Context) (int, error)
		for i := range 200 {
			var err error
			if i%7 == 3 {
				err = fmt.Errorf("task %d: %w", i, errBoom)
			}
			fns = append(fns, after(time.Second, i, err))
		}
		tasks := spawn(ctx, fns...)
		_, err := asyncio.Gather(ctx, tasks...)
		if !errors.Is(err, errBoom) {
			t.Fatalf("Gather = %v, want one of the failures", err)
		}
		for _, task := range tasks {
			if _, err := task.Result(); errors.Is(err, asyncio.ErrTaskNotDone) {
				t.Fatalf("%v still running after Gather", task)
			}
		}
		// Each task either finished on its own or was cancelled by the failure.
		all, err := asyncio.GatherAll(ctx, tasks...)
		if err != nil || len(all) != len(tasks) {
			t.Fatalf("GatherAll of finished tasks: %d results, %v", len(all), err)
		}
		for i, r := range all {
			if ok := r.Err == nil && r.Value == i || errors.Is(r.Err, errBoom) || errors.Is(r.Err, context.Canceled); !ok {
				t.Fatalf("task %d: %v", i, r)
			}
		}
	})
}

func TestGatherAllCollectsEachError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var got []asyncio.Result[int]
		var err error
		d := elapsed(func() {
			got, err = asyncio.GatherAll(ctx, spawn(ctx,
				after(3*time.Second, 1, nil),
				after(time.Second, 0, errBoom),
				func(context.Context) (int, error) { panic("kaboom") })...)
		})
		if err != nil || d != 3*time.Second {
			t.Fatalf("GatherAll err = %v after %v; want nil after 3s (a failure must not stop the others)", err, d)
		}
		var pe *asyncio.PanicError
		if got[0] != (asyncio.Result[int]{1, nil}) || !errors.Is(got[1].Err, errBoom) || !errors.As(got[2].Err, &pe) {
			t.Fatalf("GatherAll = %v", got)
		}
	})
}

func TestGatherAllCanceledCancelsAllAndFillsResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		tasks := spawn(context.Background(), after(time.Second, 1, nil), after(time.Hour, 2, nil))
		got, err := asyncio.GatherAll(ctx, tasks...)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("GatherAll err = %v, want ctx's DeadlineExceeded", err)
		}
		if got[0] != (asyncio.Result[int]{1, nil}) || !errors.Is(got[1].Err, context.Canceled) || !tasks[1].Canceled() {
			t.Fatalf("GatherAll results = %v", got)
		}
	})
}

func TestGatherAllZeroTasksIsEmpty(t *testing.T) {
	got, err := asyncio.GatherAll[int](context.Background())
	if err != nil || len(got) != 0 {
		t.Fatalf("GatherAll() = %v, %v", got, err)
	}
}

func ExampleGather() {
	ctx := context.Background()
	fetch := func(name string, d time.Duration) *asyncio.Task[string] {
		return asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
			if err := asyncio.Sleep(ctx, d); err != nil {
				return "", err
			}
			return strings.ToUpper(name), nil
		})
	}
	// The slowest is listed first: values still come in argument order.
	values, err := asyncio.Gather(ctx, fetch("slow", 30*time.Millisecond), fetch("fast", time.Millisecond))
	fmt.Println(values, err)
	// Output: [SLOW FAST] <nil>
}

func ExampleGatherAll() {
	ctx := context.Background()
	parse := func(s string) *asyncio.Task[int] {
		return asyncio.CreateTask(ctx, func(context.Context) (int, error) {
			var n int
			_, err := fmt.Sscan(s, &n)
			return n, err
		})
	}
	results, _ := asyncio.GatherAll(ctx, parse("12"), parse("x"), parse("30"))
	for _, r := range results {
		fmt.Println(r.Value, r.Err != nil)
	}
	// Output:
	// 12 false
	// 0 true
	// 30 false
}
