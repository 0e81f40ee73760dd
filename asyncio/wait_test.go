package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// names returns the tasks' names, to compare Wait's results.
func names[F asyncio.Future](tasks []F) []string {
	out := make([]string, len(tasks))
	for i, t := range tasks {
		out[i] = t.Name()
	}
	return out
}

// named starts one named task per (name, duration, error) row: the task
// sleeps for the duration, then returns the error.
func named(ctx context.Context, rows ...struct {
	name string
	d    time.Duration
	err  error
}) []*asyncio.Task[string] {
	tasks := make([]*asyncio.Task[string], len(rows))
	for i, r := range rows {
		tasks[i] = asyncio.CreateTask(ctx, after(r.d, r.name, r.err), asyncio.WithName(r.name))
	}
	return tasks
}

type row = struct {
	name string
	d    time.Duration
	err  error
}

func TestWaitReturnWhen(t *testing.T) {
	for _, tc := range []struct {
		name        string
		opts        []asyncio.WaitOption
		tasks       []row
		wantElapsed time.Duration
		wantDone    []string
		wantPending []string
	}{
		{"AllCompletedIsTheDefault", nil,
			[]row{{"a", 3 * time.Second, nil}, {"b", time.Second, nil}},
			3 * time.Second, []string{"a", "b"}, []string{}},
		{"FirstCompleted", []asyncio.WaitOption{asyncio.FirstCompleted},
			[]row{{"a", 3 * time.Second, nil}, {"b", time.Second, nil}, {"c", 2 * time.Second, nil}},
			time.Second, []string{"b"}, []string{"a", "c"}},
		{"FirstException", []asyncio.WaitOption{asyncio.FirstException},
			[]row{{"slow", time.Hour, nil}, {"fails", 2 * time.Second, errBoom}, {"ok", time.Second, nil}},
			2 * time.Second, []string{"fails", "ok"}, []string{"slow"}},
		{"FirstExceptionWithoutFailureIsAllCompleted", []asyncio.WaitOption{asyncio.FirstException},
			[]row{{"a", 2 * time.Second, nil}, {"b", time.Second, nil}},
			2 * time.Second, []string{"a", "b"}, []string{}},
		{"LastReturnWhenWins", []asyncio.WaitOption{asyncio.FirstCompleted, asyncio.AllCompleted},
			[]row{{"a", 2 * time.Second, nil}, {"b", time.Second, nil}},
			2 * time.Second, []string{"a", "b"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				tasks := named(ctx, tc.tasks...)
				defer cancelAndAwait(tasks)
				var done, pending []*asyncio.Task[string]
				var err error
				d := elapsed(func() { done, pending, err = asyncio.Wait(ctx, tasks, tc.opts...) })
				if err != nil || d != tc.wantElapsed ||
					!slices.Equal(names(done), tc.wantDone) || !slices.Equal(names(pending), tc.wantPending) {
					t.Fatalf("Wait = %v, %v, %v after %v; want %v, %v, nil after %v",
						names(done), names(pending), err, d, tc.wantDone, tc.wantPending, tc.wantElapsed)
				}
			})
		})
	}
}

// cancelAndAwait cancels the tasks and waits for them to return.
func cancelAndAwait[T any](tasks []*asyncio.Task[T]) {
	for _, t := range tasks {
		t.Cancel()
		_, _ = t.Await(context.Background())
	}
}

func TestWaitFirstCompleted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := named(ctx, row{"a", 2 * time.Second, nil}, row{"b", time.Second, nil})
		done, pending, err := asyncio.Wait(ctx, tasks, asyncio.FirstCompleted)
		if err != nil || !slices.Equal(names(done), []string{"b"}) || !slices.Equal(names(pending), []string{"a"}) {
			t.Fatalf("Wait = %v, %v, %v", names(done), names(pending), err)
		}
		// The pending task was left alone and finishes on time.
		if v, err := pending[0].Await(ctx); v != "a" || err != nil {
			t.Fatalf("pending task: %q, %v", v, err)
		}
	})
}

func TestWaitFirstExceptionIgnoresCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := named(ctx, row{"cancelled", time.Hour, nil}, row{"ok", 3 * time.Second, nil})
		time.AfterFunc(time.Second, func() { tasks[0].Cancel() })
		var done []*asyncio.Task[string]
		d := elapsed(func() { done, _, _ = asyncio.Wait(ctx, tasks, asyncio.FirstException) })
		if d != 3*time.Second || len(done) != 2 {
			t.Fatalf("Wait returned %v after %v; a cancelled task must not count as an exception", names(done), d)
		}
	})
}

func TestWaitFirstExceptionCountsPanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		slow := asyncio.CreateTask(ctx, after(time.Hour, 0, nil))
		defer cancelAndAwait([]*asyncio.Task[int]{slow})
		panics := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			_ = asyncio.Sleep(ctx, time.Second)
			panic("kaboom")
		})
		done, pending, err := asyncio.Wait(ctx, []*asyncio.Task[int]{slow, panics}, asyncio.FirstException)
		var pe *asyncio.PanicError
		if err != nil || len(done) != 1 || len(pending) != 1 || !errors.As(done[0].Err(), &pe) {
			t.Fatalf("Wait = %v, %v, %v", done, pending, err)
		}
	})
}

func TestWaitTimeoutIsNotAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := named(ctx, row{"slow", 5 * time.Second, nil}, row{"fast", time.Second, nil})
		var done, pending []*asyncio.Task[string]
		var err error
		d := elapsed(func() { done, pending, err = asyncio.Wait(ctx, tasks, asyncio.WithTimeout(2*time.Second)) })
		if err != nil || d != 2*time.Second ||
			!slices.Equal(names(done), []string{"fast"}) || !slices.Equal(names(pending), []string{"slow"}) {
			t.Fatalf("Wait = %v, %v, %v after %v; want [fast], [slow], nil after 2s", names(done), names(pending), err, d)
		}
		// Wait does not cancel on timeout: the slow task completes.
		d = elapsed(func() { _, err = pending[0].Await(ctx) })
		if err != nil || d != 3*time.Second {
			t.Fatalf("pending task after Wait's timeout: %v after %v more", err, d)
		}
	})
}

func TestWaitZeroTimeoutReturnsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := named(ctx, row{"now", 0, nil}, row{"later", time.Second, nil})
		defer cancelAndAwait(tasks)
		<-tasks[0].Done()
		var done, pending []*asyncio.Task[string]
		var err error
		d := elapsed(func() { done, pending, err = asyncio.Wait(ctx, tasks, asyncio.WithTimeout(0)) })
		if err != nil || d != 0 || !slices.Equal(names(done), []string{"now"}) || !slices.Equal(names(pending), []string{"later"}) {
			t.Fatalf("Wait = %v, %v, %v after %v", names(done), names(pending), err, d)
		}
	})
}

func TestWaitCanceledReturnsCtxErrAndLeavesTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		tasks := named(context.Background(), row{"a", time.Hour, nil}, row{"b", time.Second, nil})
		defer cancelAndAwait(tasks)
		time.AfterFunc(2*time.Second, cancel)
		var done, pending []*asyncio.Task[string]
		var err error
		d := elapsed(func() { done, pending, err = asyncio.Wait(ctx, tasks) })
		if !errors.Is(err, context.Canceled) || d != 2*time.Second ||
			!slices.Equal(names(done), []string{"b"}) || !slices.Equal(names(pending), []string{"a"}) {
			t.Fatalf("Wait = %v, %v, %v after %v", names(done), names(pending), err, d)
		}
		if isDone(tasks[0]) {
			t.Fatal("Wait cancelled a task")
		}
	})
}

func isDone(f asyncio.Future) bool {
	select {
	case <-f.Done():
		return true
	default:
		return false
	}
}

func TestWaitEmptyPanicsWithArgError(t *testing.T) {
	wantArgPanic(t, "Wait", "tasks", func() { _, _, _ = asyncio.Wait[asyncio.Future](context.Background(), nil) })
}

func TestWaitUnknownReturnWhenPanicsWithArgError(t *testing.T) {
	task := asyncio.CreateTask(context.Background(), after(0, 0, nil))
	wantArgPanic(t, "Wait", "opts", func() {
		_, _, _ = asyncio.Wait(context.Background(), []*asyncio.Task[int]{task}, asyncio.ReturnWhen(7))
	})
	_, _ = task.Await(context.Background())
}

func TestWaitNilTaskPanicsWithArgError(t *testing.T) {
	var nilTask *asyncio.Task[int]
	for name, tasks := range map[string][]asyncio.Future{
		"nil interface": {nil},
		"nil *Task":     {nilTask},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				ae, ok := recover().(*asyncio.ArgError)
				if !ok || ae.Func != "Wait" || ae.Arg != "tasks[0]" {
					t.Fatalf("recovered %#v, want *ArgError naming tasks[0]", ae)
				}
			}()
			_, _, _ = asyncio.Wait(context.Background(), tasks)
		})
	}
}

func TestWaitMixesResultTypes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		n := asyncio.CreateTask(ctx, after(time.Second, 1, nil), asyncio.WithName("int"))
		s := asyncio.CreateTask(ctx, after(2*time.Second, "s", nil), asyncio.WithName("string"))
		done, pending, err := asyncio.Wait(ctx, []asyncio.Future{s, n}, asyncio.FirstCompleted)
		if err != nil || !slices.Equal(names(done), []string{"int"}) || !slices.Equal(names(pending), []string{"string"}) {
			t.Fatalf("Wait = %v, %v, %v", names(done), names(pending), err)
		}
		if v, _ := n.Result(); v != 1 {
			t.Fatalf("int task's result: %v", v)
		}
		_, _ = s.Await(ctx)
	})
}

func TestWaitSameTaskTwiceAppearsTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := named(ctx, row{"a", time.Second, nil}, row{"b", time.Hour, nil})
		defer cancelAndAwait(tasks)
		done, pending, err := asyncio.Wait(ctx, []*asyncio.Task[string]{tasks[0], tasks[1], tasks[0]}, asyncio.FirstCompleted)
		if err != nil || !slices.Equal(names(done), []string{"a", "a"}) || !slices.Equal(names(pending), []string{"b"}) {
			t.Fatalf("Wait = %v, %v, %v", names(done), names(pending), err)
		}
	})
}

func TestWaitDoneCannotOverwritePending(t *testing.T) {
	// done and pending share one allocation; appending to done must not
	// clobber pending.
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := named(ctx, row{"a", time.Second, nil}, row{"b", time.Hour, nil})
		defer cancelAndAwait(tasks)
		done, pending, _ := asyncio.Wait(ctx, tasks, asyncio.FirstCompleted)
		_ = append(done, tasks[0])
		if !slices.Equal(names(pending), []string{"b"}) {
			t.Fatalf("pending = %v after appending to done", names(pending))
		}
	})
}

func TestWaitLoopOverPending(t *testing.T) {
	// The usual loop: wait for the first, handle it, wait on the rest.
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		pending := named(ctx, row{"c", 3 * time.Second, nil}, row{"a", time.Second, nil}, row{"b", 2 * time.Second, nil})
		var order []string
		start := time.Now()
		for len(pending) > 0 {
			var done []*asyncio.Task[string]
			var err error
			done, pending, err = asyncio.Wait(ctx, pending, asyncio.FirstCompleted)
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range done {
				order = append(order, fmt.Sprintf("%s@%v", task.Name(), time.Since(start)))
			}
		}
		if want := []string{"a@1s", "b@2s", "c@3s"}; !slices.Equal(order, want) {
			t.Fatalf("order %v, want %v", order, want)
		}
	})
}

func TestReturnWhenString(t *testing.T) {
	for r, want := range map[asyncio.ReturnWhen]string{
		asyncio.AllCompleted: "AllCompleted", asyncio.FirstCompleted: "FirstCompleted",
		asyncio.FirstException: "FirstException", 9: "ReturnWhen(9)",
	} {
		if r.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(r), r.String(), want)
		}
	}
}

func ExampleWait() {
	ctx := context.Background()
	fast := asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
		return "fast", asyncio.Sleep(ctx, time.Millisecond)
	}, asyncio.WithName("fast"))
	slow := asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
		return "slow", asyncio.Sleep(ctx, time.Minute)
	}, asyncio.WithName("slow"))

	tasks := []*asyncio.Task[string]{slow, fast}
	done, pending, err := asyncio.Wait(ctx, tasks, asyncio.FirstCompleted, asyncio.WithTimeout(10*time.Second))
	fmt.Println("done:", done, "pending:", pending, "err:", err)

	// Wait never cancels: what is still pending is the caller's to handle.
	for _, t := range pending {
		t.Cancel()
	}
	_, _, _ = asyncio.Wait(ctx, pending)
	fmt.Println(slow)
	// Output:
	// done: [fast (done)] pending: [slow (pending)] err: <nil>
	// slow (canceled)
}
