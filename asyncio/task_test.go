package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// elapsed runs f and returns how much virtual time it took.
func elapsed(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

func TestTaskAwaitReturnsResultAfterExactDuration(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var got int
		var err error
		d := elapsed(func() {
			task := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
				return 42, asyncio.Sleep(ctx, 3*time.Second)
			})
			got, err = task.Await(ctx)
		})
		if got != 42 || err != nil || d != 3*time.Second {
			t.Fatalf("Await = %d, %v after %v; want 42, nil after 3s", got, err, d)
		}
	})
}

func TestTasksRunConcurrently(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		d := elapsed(func() {
			var tasks []*asyncio.Task[struct{}]
			for i := 1; i <= 3; i++ {
				tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
					return asyncio.Sleep(ctx, time.Duration(i)*time.Second)
				}))
			}
			for _, task := range tasks {
				if _, err := task.Await(ctx); err != nil {
					t.Error(err)
				}
			}
		})
		if d != 3*time.Second {
			t.Fatalf("three overlapping sleeps of 1s, 2s, 3s took %v, want 3s", d)
		}
	})
}

func TestTaskCancelStopsSleepAndReportsCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		task := asyncio.Go(ctx, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
		time.Sleep(time.Second)
		if task.Canceled() {
			t.Fatal("Canceled before Cancel")
		}
		if !task.Cancel() {
			t.Fatal("Cancel of a running task returned false")
		}
		_, err := task.Await(ctx)
		if !errors.Is(err, context.Canceled) || !task.Canceled() {
			t.Fatalf("after Cancel: err %v, Canceled %v", err, task.Canceled())
		}
		if task.Cancel() {
			t.Fatal("Cancel of a finished task returned true")
		}
	})
}

func TestTaskCanceledWithParentContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		task := asyncio.Go(ctx, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
		cancel()
		if _, err := task.Await(context.Background()); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}

func TestTaskThatSwallowsCancelIsNotCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		task := asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
			_ = asyncio.Sleep(ctx, time.Hour)
			return "cleaned up", nil
		})
		synctest.Wait()
		task.Cancel()
		v, err := task.Await(ctx)
		if v != "cleaned up" || err != nil || task.Canceled() {
			t.Fatalf("got %q, %v, cancelled=%v", v, err, task.Canceled())
		}
	})
}

func TestAwaitCanceledLeavesTaskRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		task := asyncio.CreateTask(bg, func(ctx context.Context) (int, error) {
			return 7, asyncio.Sleep(ctx, 2*time.Second)
		})
		ctx, cancel := context.WithTimeout(bg, time.Second)
		defer cancel()
		if _, err := task.Await(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Await with 1s deadline: %v", err)
		}
		if v, err := task.Await(bg); v != 7 || err != nil {
			t.Fatalf("task was disturbed by its awaiter's deadline: %d, %v", v, err)
		}
	})
}

func TestTaskResultAndErrBeforeAndAfterDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		boom := errors.New("boom")
		task := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			return 0, errors.Join(asyncio.Sleep(ctx, time.Second), boom)
		})
		if _, err := task.Result(); !errors.Is(err, asyncio.ErrTaskNotDone) {
			t.Fatalf("Result while running: %v", err)
		}
		if err := task.Err(); !errors.Is(err, asyncio.ErrTaskNotDone) {
			t.Fatalf("Err while running: %v", err)
		}
		<-task.Done()
		if _, err := task.Result(); !errors.Is(err, boom) {
			t.Fatalf("Result after done: %v", err)
		}
		if err := task.Err(); !errors.Is(err, boom) {
			t.Fatalf("Err after done: %v", err)
		}
	})
}

func TestTaskPanicBecomesPanicError(t *testing.T) {
	ctx := context.Background()
	sentinel := errors.New("sentinel")
	for _, tc := range []struct {
		name  string
		value any
	}{
		{"string", "kaboom"},
		{"error", sentinel},
		{"nil", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			task := asyncio.CreateTask(ctx, func(context.Context) (int, error) { panic(tc.value) })
			_, err := task.Await(ctx)
			var pe *asyncio.PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *PanicError", err)
			}
			if !strings.Contains(string(pe.Stack), "task_test.go") {
				t.Errorf("stack does not show the panicking function:\n%s", pe.Stack)
			}
			if tc.value == sentinel && !errors.Is(err, sentinel) {
				t.Errorf("errors.Is does not see the panicked error through PanicError")
			}
			if tc.value == "kaboom" && pe.Value != "kaboom" {
				t.Errorf("Value = %v", pe.Value)
			}
		})
	}
}

func TestTaskGoexitIsAnError(t *testing.T) {
	ctx := context.Background()
	task := asyncio.Go(ctx, func(context.Context) error {
		var wg sync.WaitGroup
		wg.Go(func() {})
		wg.Wait()
		runtimeGoexit()
		return nil
	})
	if _, err := task.Await(ctx); err == nil || !strings.Contains(err.Error(), "Goexit") {
		t.Fatalf("err = %v, want the Goexit error", err)
	}
}

func TestCreateTaskNilFuncPanicsWithArgError(t *testing.T) {
	for name, call := range map[string]func(){
		"CreateTask": func() { asyncio.CreateTask[int](context.Background(), nil) },
		"Go":         func() { asyncio.Go(context.Background(), nil) },
		"Run":        func() { _ = asyncio.Run(context.Background(), nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				ae, ok := recover().(*asyncio.ArgError)
				if !ok || ae.Func != name || !strings.Contains(ae.Error(), "is nil") {
					t.Fatalf("recovered %#v, want *ArgError for %s", ae, name)
				}
			}()
			call()
		})
	}
}

func TestTaskNamesAndString(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		named := asyncio.Go(ctx, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Second) }, asyncio.WithName("worker"))
		anon := asyncio.Go(ctx, func(context.Context) error { return nil })
		if named.Name() != "worker" || named.String() != "worker (pending)" {
			t.Fatalf("named: %q, %q", named.Name(), named.String())
		}
		if !strings.HasPrefix(anon.Name(), "Task-") {
			t.Fatalf("default name %q, want Task-<id>", anon.Name())
		}
		_, _ = named.Await(ctx)
		_, _ = anon.Await(ctx)
		if named.String() != "worker (done)" {
			t.Fatalf("String after done: %q", named.String())
		}
	})
}

func TestSleepZeroAndCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if err := asyncio.Sleep(context.Background(), 0); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if d := elapsed(func() {
			if err := asyncio.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
				t.Errorf("Sleep on a cancelled ctx: %v", err)
			}
		}); d != 0 {
			t.Fatalf("Sleep on a cancelled ctx took %v", d)
		}
	})
}

func TestRunReturnsMainsErrorAndRecoversPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("boom")
		if err := asyncio.Run(context.Background(), func(ctx context.Context) error {
			return errors.Join(asyncio.Sleep(ctx, time.Second), boom)
		}); !errors.Is(err, boom) {
			t.Fatalf("Run = %v", err)
		}
		var pe *asyncio.PanicError
		if err := asyncio.Run(context.Background(), func(context.Context) error { panic("main") }); !errors.As(err, &pe) {
			t.Fatalf("Run with panicking main = %v", err)
		}
	})
}

// events collects recorded events; safe for concurrent use.
type events struct {
	mu  sync.Mutex
	all []asyncio.TaskEvent
}

func (e *events) Record(ev asyncio.TaskEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, ev)
}

// of returns "kind/block@seconds" for each event of the named task.
func (e *events) of(name string, start time.Time) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, ev := range e.all {
		if ev.Task.Name != name {
			continue
		}
		s := fmt.Sprintf("%v@%v", ev.Kind, ev.Time.Sub(start))
		if ev.Block != asyncio.BlockNone {
			s = fmt.Sprintf("%v:%v@%v", ev.Kind, ev.Block, ev.Time.Sub(start))
		}
		out = append(out, s)
	}
	return out
}

func TestRecorderSeesLifecycleAndBlocking(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			a := asyncio.Go(ctx, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Second) }, asyncio.WithName("a"))
			b := asyncio.Go(ctx, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) }, asyncio.WithName("b"))
			if _, err := a.Await(ctx); err != nil {
				return err
			}
			b.Cancel()
			_, _ = b.Await(ctx)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"main": {"created@0s", "started@0s", "blocked:task@0s", "resumed:task@1s", "blocked:task@1s", "resumed:task@1s", "finished@1s"},
			"a":    {"created@0s", "started@0s", "blocked:sleep@0s", "resumed:sleep@1s", "finished@1s"},
			"b":    {"created@0s", "started@0s", "blocked:sleep@0s", "resumed:sleep@1s", "canceled@1s"},
		}
		for name, w := range want {
			if got := rec.of(name, start); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s: got %v\nwant %v", name, got, w)
			}
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		var mainID uint64
		for _, ev := range rec.all {
			if ev.Task.Name == "main" {
				mainID = ev.Task.ID
			}
		}
		for _, ev := range rec.all {
			if ev.Task.Name != "main" && ev.Task.Parent != mainID {
				t.Errorf("%s's parent is %d, want main (%d)", ev.Task.Name, ev.Task.Parent, mainID)
			}
		}
	})
}

func ExampleCreateTask() {
	ctx := context.Background()
	task := asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
		if err := asyncio.Sleep(ctx, 10*time.Millisecond); err != nil {
			return "", err
		}
		return "hello from a task", nil
	}, asyncio.WithName("greeter"))
	msg, err := task.Await(ctx)
	fmt.Println(msg, err, task)
	// Output: hello from a task <nil> greeter (done)
}

func TestRecordedTaskContextPropagatesCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := asyncio.WithRecorder(context.Background(), &events{})
		type key struct{}
		ctx = context.WithValue(ctx, key{}, "kept")
		task := asyncio.Go(ctx, func(ctx context.Context) error {
			if ctx.Value(key{}) != "kept" {
				t.Error("a recorded task's context lost its parent's values")
			}
			child, cancel := context.WithTimeout(ctx, time.Hour)
			defer cancel()
			<-child.Done()
			return child.Err()
		})
		synctest.Wait()
		task.Cancel()
		if _, err := task.Await(context.Background()); !errors.Is(err, context.Canceled) {
			t.Fatalf("a context derived from a recorded task's context: %v, want Canceled", err)
		}
	})
}
