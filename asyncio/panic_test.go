package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// A task that panics must not crash the process: every way of running and
// awaiting tasks turns the panic into a *PanicError that carries the value
// and a stack naming the function that panicked, and leaves no goroutine
// behind.

// panicValue is what panickyWork panics with: a value no other code uses.
type panicValue struct{ id string }

// panickyWork panics after a moment, so that it panics while awaited; its
// name must appear in the PanicError's stack.
func panickyWork(ctx context.Context, id string) (int, error) {
	_ = asyncio.Sleep(ctx, time.Millisecond)
	panic(panicValue{id})
}

// wantPanicError fails t unless err is, or wraps, a *PanicError with value
// panicValue{id} and a stack that names panickyWork.
func wantPanicError(t *testing.T, err error, id string) {
	t.Helper()
	var pe *asyncio.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *PanicError", err, err)
	}
	if pe.Value != (panicValue{id}) {
		t.Errorf("PanicError.Value = %#v, want %#v", pe.Value, panicValue{id})
	}
	if !strings.Contains(string(pe.Stack), "asyncio_test.panickyWork") {
		t.Errorf("PanicError.Stack does not name panickyWork:\n%s", pe.Stack)
	}
	// One line; the stack stays in its field.
	if want := fmt.Sprintf("asyncio: task panicked: %v", panicValue{id}); pe.Error() != want {
		t.Errorf("PanicError.Error() = %q, want %q", pe.Error(), want)
	}
}

func TestPanicBecomesPanicErrorEverywhere(t *testing.T) {
	ok := func(ctx context.Context) (int, error) { return 1, nil }
	slow := func(ctx context.Context) (int, error) {
		<-ctx.Done() // until cancelled by whoever reacts to the panic
		return 0, ctx.Err()
	}
	panics := func(id string) func(context.Context) (int, error) {
		return func(ctx context.Context) (int, error) { return panickyWork(ctx, id) }
	}
	cases := []struct {
		name string
		run  func(t *testing.T, ctx context.Context)
	}{
		{"CreateTask/Await", func(t *testing.T, ctx context.Context) {
			_, err := asyncio.CreateTask(ctx, panics("a")).Await(ctx)
			wantPanicError(t, err, "a")
		}},
		{"Go/Result", func(t *testing.T, ctx context.Context) {
			task := asyncio.Go(ctx, func(ctx context.Context) error { _, err := panickyWork(ctx, "b"); return err })
			<-task.Done()
			_, err := task.Result()
			wantPanicError(t, err, "b")
			if task.Canceled() {
				t.Error("a task that panicked reports Canceled")
			}
		}},
		{"Gather", func(t *testing.T, ctx context.Context) {
			_, err := asyncio.Gather(ctx,
				asyncio.CreateTask(ctx, ok), asyncio.CreateTask(ctx, panics("c")), asyncio.CreateTask(ctx, slow))
			wantPanicError(t, err, "c")
		}},
		{"GatherAll", func(t *testing.T, ctx context.Context) {
			rs, err := asyncio.GatherAll(ctx, asyncio.CreateTask(ctx, ok), asyncio.CreateTask(ctx, panics("d")))
			if err != nil {
				t.Fatal(err)
			}
			if rs[0].Value != 1 || rs[0].Err != nil {
				t.Errorf("the other task: %+v", rs[0])
			}
			wantPanicError(t, rs[1].Err, "d")
		}},
		{"TaskGroup.Go", func(t *testing.T, ctx context.Context) {
			tg, gctx := asyncio.NewTaskGroup(ctx)
			tg.Go(func(ctx context.Context) error { _, err := panickyWork(ctx, "e"); return err })
			sibling := tg.Go(func(ctx context.Context) error { _, err := slow(ctx); return err })
			err := tg.Wait(ctx)
			wantPanicError(t, err, "e")
			if !sibling.Canceled() || gctx.Err() == nil {
				t.Error("the panic did not cancel the group")
			}
		}},
		{"CreateTaskIn", func(t *testing.T, ctx context.Context) {
			tg, _ := asyncio.NewTaskGroup(ctx)
			task := asyncio.CreateTaskIn(tg, panics("f"))
			wantPanicError(t, tg.Wait(ctx), "f")
			wantPanicError(t, task.Err(), "f")
		}},
		{"AsCompleted", func(t *testing.T, ctx context.Context) {
			tasks := []*asyncio.Task[int]{asyncio.CreateTask(ctx, panics("g")), asyncio.CreateTask(ctx, ok)}
			n := 0
			for v, err := range asyncio.AsCompleted(ctx, tasks) {
				if err != nil {
					wantPanicError(t, err, "g")
					n++
				} else if v != 1 {
					t.Errorf("value %d", v)
				}
			}
			if n != 1 {
				t.Errorf("%d panics yielded, want 1", n)
			}
		}},
		{"Wait/FirstException", func(t *testing.T, ctx context.Context) {
			slowTask := asyncio.CreateTask(ctx, slow)
			tasks := []*asyncio.Task[int]{asyncio.CreateTask(ctx, panics("h")), slowTask}
			done, pending, err := asyncio.Wait(ctx, tasks, asyncio.FirstException)
			if err != nil || len(done) != 1 || len(pending) != 1 {
				t.Fatalf("Wait = %v, %v, %v", done, pending, err)
			}
			wantPanicError(t, done[0].Err(), "h")
			slowTask.Cancel()
			<-slowTask.Done()
		}},
		{"Shield", func(t *testing.T, ctx context.Context) {
			_, err := asyncio.Shield(ctx, panics("i")).Await(ctx)
			wantPanicError(t, err, "i")
		}},
		{"ToThread", func(t *testing.T, ctx context.Context) {
			_, err := asyncio.ToThread(ctx, func() (int, error) { return panickyWork(ctx, "j") })
			wantPanicError(t, err, "j")
		}},
		{"Run", func(t *testing.T, ctx context.Context) {
			err := asyncio.Run(ctx, func(ctx context.Context) error { _, err := panickyWork(ctx, "k"); return err })
			wantPanicError(t, err, "k")
		}},
		{"WaitFor inside a task", func(t *testing.T, ctx context.Context) {
			// WaitFor runs fn on the caller's goroutine and does not recover;
			// the task around it does.
			_, err := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
				return asyncio.WaitFor(ctx, time.Second, panics("l"))
			}).Await(ctx)
			wantPanicError(t, err, "l")
		}},
		{"Executor/Submit", func(t *testing.T, ctx context.Context) {
			ex := asyncio.NewExecutor(1)
			defer ex.Shutdown(ctx)
			task, err := asyncio.Submit(ctx, ex, panics("m"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = task.Await(ctx)
			wantPanicError(t, err, "m")
			// The worker carries on.
			next, err := asyncio.Submit(ctx, ex, ok)
			if err != nil {
				t.Fatal(err)
			}
			if v, err := next.Await(ctx); v != 1 || err != nil {
				t.Fatalf("the next function after a panic: %d, %v", v, err)
			}
		}},
		{"Executor/Map", func(t *testing.T, ctx context.Context) {
			ex := asyncio.NewExecutor(2)
			defer ex.Shutdown(ctx)
			_, err := asyncio.Map(ctx, ex, []string{"x", "n", "y"}, func(ctx context.Context, s string) (int, error) {
				if s == "n" {
					return panickyWork(ctx, s)
				}
				return 1, nil
			})
			wantPanicError(t, err, "n")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c.run(t, ctx)
		})
	}
}

// A panic value that is an error stays visible to errors.Is and errors.As
// through the PanicError.
func TestPanicWithErrorValueUnwraps(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	sentinel := errors.New("broken invariant")
	_, err := asyncio.CreateTask(context.Background(), func(context.Context) (int, error) {
		panic(sentinel)
	}).Await(context.Background())
	var pe *asyncio.PanicError
	if !errors.As(err, &pe) || !errors.Is(err, sentinel) {
		t.Fatalf("error %v: want a *PanicError matching the panicked error", err)
	}
}

// Many tasks panicking at once, awaited together: each failure is reported,
// nothing crashes, nothing leaks.
func TestPanicInManyTasksAtOnce(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx := context.Background()
	tasks := make([]*asyncio.Task[int], 200)
	for i := range tasks {
		tasks[i] = asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			if i%2 == 0 {
				return panickyWork(ctx, "many")
			}
			return i, nil
		})
	}
	rs, err := asyncio.GatherAll(ctx, tasks...)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if i%2 == 0 {
			wantPanicError(t, r.Err, "many")
		} else if r.Value != i || r.Err != nil {
			t.Errorf("task %d: %+v", i, r)
		}
	}
}
