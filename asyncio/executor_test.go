package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// newExecutor returns an executor with n workers, or fails the test.
func newExecutor(t testing.TB, n int) *asyncio.Executor {
	t.Helper()
	ex := asyncio.NewExecutor(n)
	return ex
}

// shutdown waits for ex's work and its workers to end.
func shutdown(t testing.TB, ex *asyncio.Executor) {
	t.Helper()
	if err := ex.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// sleepThen returns a function that sleeps d (cancellably) and returns v.
func sleepThen[T any](d time.Duration, v T) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) { return v, asyncio.Sleep(ctx, d) }
}

func TestNewExecutorRejectsNonPositiveMaxWorkers(t *testing.T) {
	for _, n := range []int{0, -1} {
		wantArgPanic(t, "NewExecutor", "maxWorkers", func() { asyncio.NewExecutor(n) })
	}
}

func TestExecutorNilArgumentsPanicWithArgError(t *testing.T) {
	ex := newExecutor(t, 1)
	defer shutdown(t, ex)
	ctx := context.Background()
	for name, call := range map[string]func(){
		"Submit fn": func() { _, _ = asyncio.Submit[int](ctx, ex, nil) },
		"Submit ex": func() { _, _ = asyncio.Submit(ctx, nil, sleepThen(0, 1)) },
		"Map fn":    func() { _, _ = asyncio.Map[int, int](ctx, ex, []int{1}, nil) },
		"Submit to a zero Executor": func() {
			_, _ = asyncio.Submit(ctx, new(asyncio.Executor), sleepThen(0, 1))
		},
		"Map ex": func() {
			_, _ = asyncio.Map(ctx, nil, []int{1}, func(context.Context, int) (int, error) { return 0, nil })
		},
	} {
		func() {
			defer func() {
				if _, ok := recover().(*asyncio.ArgError); !ok {
					t.Errorf("%s: want a panic with *ArgError", name)
				}
			}()
			call()
		}()
	}
}

// workerGoroutines counts the goroutines running an Executor's worker loop.
func workerGoroutines() int {
	buf := make([]byte, 1<<20)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "asyncio.(*Executor).work(")
}

func TestExecutorBoundsConcurrencyAndReusesWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		ex := newExecutor(t, 3)
		var running, peak atomic.Int32
		release := make(chan struct{})
		var tasks []*asyncio.Task[int]
		for i := range 100 {
			task, err := asyncio.Submit(ctx, ex, func(ctx context.Context) (int, error) {
				n := running.Add(1)
				defer running.Add(-1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				<-release
				return i, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			tasks = append(tasks, task)
		}
		synctest.Wait()
		if got := workerGoroutines(); got != 3 {
			t.Errorf("100 queued functions run on %d worker goroutines, want 3", got)
		}
		close(release)
		for i, task := range tasks {
			if v, err := task.Await(ctx); v != i || err != nil {
				t.Errorf("task %d = %d, %v", i, v, err)
			}
		}
		if p := peak.Load(); p != 3 {
			t.Errorf("peak concurrency %d, want 3", p)
		}
		shutdown(t, ex)
		synctest.Wait()
		if got := workerGoroutines(); got != 0 {
			t.Errorf("%d worker goroutines after Shutdown, want 0", got)
		}
	})
}

func TestExecutorRunsInSubmissionOrderWithExactTiming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		ex := newExecutor(t, 2)
		defer shutdown(t, ex)
		start := time.Now()
		var tasks []*asyncio.Task[time.Duration]
		for range 6 {
			task, err := asyncio.Submit(ctx, ex, func(ctx context.Context) (time.Duration, error) {
				began := time.Since(start)
				return began, asyncio.Sleep(ctx, time.Second)
			})
			if err != nil {
				t.Fatal(err)
			}
			tasks = append(tasks, task)
		}
		var began []time.Duration
		for _, task := range tasks {
			d, err := task.Await(ctx)
			if err != nil {
				t.Fatal(err)
			}
			began = append(began, d)
		}
		want := []time.Duration{0, 0, time.Second, time.Second, 2 * time.Second, 2 * time.Second}
		if !slices.Equal(began, want) || time.Since(start) != 3*time.Second {
			t.Errorf("six 1s functions on 2 workers began at %v, ended at %v; want %v, 3s", began, time.Since(start), want)
		}
	})
}

// mapModes are the two ways Map runs: a Task per input when a Recorder is
// installed, lighter bookkeeping when not. Both must behave the same.
var mapModes = []struct {
	name string
	ctx  func() context.Context
}{
	{"plain", context.Background},
	{"recorded", func() context.Context {
		return asyncio.WithRecorder(context.Background(), asyncio.RecorderFunc(func(asyncio.TaskEvent) {}))
	}},
}

func TestMapReturnsResultsInInputOrder(t *testing.T) {
	for _, mode := range mapModes {
		t.Run(mode.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := mode.ctx()
				ex := newExecutor(t, 2)
				defer shutdown(t, ex)
				start := time.Now()
				// The later inputs finish first: 4s and 3s run at once, then 2s
				// (from 3s to 5s) and 1s (from 4s to 5s).
				got, err := asyncio.Map(ctx, ex, []int{4, 3, 2, 1}, func(ctx context.Context, secs int) (string, error) {
					return fmt.Sprint(secs, "s"), asyncio.Sleep(ctx, time.Duration(secs)*time.Second)
				})
				if err != nil || !slices.Equal(got, []string{"4s", "3s", "2s", "1s"}) || time.Since(start) != 5*time.Second {
					t.Errorf("Map = %q, %v after %v; want [4s 3s 2s 1s] after 5s", got, err, time.Since(start))
				}
				empty, err := asyncio.Map(ctx, ex, nil, func(context.Context, int) (int, error) { return 0, nil })
				if empty == nil || len(empty) != 0 || err != nil {
					t.Errorf("Map of no inputs = %#v, %v; want an empty slice", empty, err)
				}
			})
		})
	}
}

func TestMapFailsFastAndSkipsTheRest(t *testing.T) {
	boom := errors.New("boom")
	for _, mode := range mapModes {
		for _, failure := range []struct {
			name  string
			fail  func() (int, error)
			check func(error) bool
		}{
			{"error", func() (int, error) { return 0, boom }, func(err error) bool { return errors.Is(err, boom) }},
			{"panic", func() (int, error) { panic(boom) }, func(err error) bool {
				var pe *asyncio.PanicError
				return errors.As(err, &pe) && errors.Is(err, boom)
			}},
		} {
			t.Run(mode.name+"/"+failure.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ex := newExecutor(t, 2)
					defer shutdown(t, ex)
					var mu sync.Mutex
					var ran []int
					start := time.Now()
					got, err := asyncio.Map(mode.ctx(), ex, []int{0, 1, 2, 3, 4}, func(ctx context.Context, i int) (int, error) {
						mu.Lock()
						ran = append(ran, i)
						mu.Unlock()
						if i == 1 {
							_ = asyncio.Sleep(ctx, time.Second)
							return failure.fail()
						}
						return i, asyncio.Sleep(ctx, time.Hour)
					})
					if got != nil || !failure.check(err) || time.Since(start) != time.Second {
						t.Errorf("Map = %v, %v after %v; want nil and the %s after 1s", got, err, time.Since(start), failure.name)
					}
					mu.Lock()
					defer mu.Unlock()
					// Input 2 may start on the worker freed by input 1 before Map
					// cancels it; inputs 3 and 4 are skipped.
					if slices.Contains(ran, 3) || slices.Contains(ran, 4) {
						t.Errorf("ran %v after the failure; 3 and 4 should have been skipped", ran)
					}
				})
			})
		}
	}
}

func TestMapReturnsPromptlyOnCancel(t *testing.T) {
	for _, mode := range mapModes {
		t.Run(mode.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ex := newExecutor(t, 1)
				defer shutdown(t, ex)
				ctx, cancel := context.WithTimeout(mode.ctx(), 2*time.Second)
				defer cancel()
				start := time.Now()
				_, err := asyncio.Map(ctx, ex, []int{1, 2, 3}, func(ctx context.Context, i int) (int, error) {
					return i, asyncio.Sleep(ctx, time.Hour)
				})
				if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 2*time.Second {
					t.Errorf("Map = %v after %v; want DeadlineExceeded after 2s", err, time.Since(start))
				}
			})
		})
	}
}

func TestMapInputsSkippedByShutdownNowFailIt(t *testing.T) {
	for _, mode := range mapModes {
		t.Run(mode.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ex := newExecutor(t, 1)
				result := make(chan error)
				go func() {
					_, err := asyncio.Map(mode.ctx(), ex, []int{1, 2, 3}, func(ctx context.Context, i int) (int, error) {
						return i, asyncio.Sleep(ctx, time.Second)
					})
					result <- err
				}()
				synctest.Wait() // input 1 runs, 2 and 3 are queued
				start := time.Now()
				ex.ShutdownNow()
				if err := <-result; !errors.Is(err, asyncio.ErrExecutorShutdown) || !errors.Is(err, context.Canceled) || time.Since(start) != 0 {
					t.Errorf("Map = %v after %v, want an error matching ErrExecutorShutdown and context.Canceled at once", err, time.Since(start))
				}
				shutdown(t, ex)
			})
		})
	}
}

func TestExecutorTasksWorkWithGatherWaitAndAsCompleted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		ex := newExecutor(t, 2)
		defer shutdown(t, ex)
		submit := func(secs int) *asyncio.Task[int] {
			task, err := asyncio.Submit(ctx, ex, sleepThen(time.Duration(secs)*time.Second, secs))
			if err != nil {
				t.Fatal(err)
			}
			return task
		}
		start := time.Now()

		// 3s and 1s run at once, 2s runs after the 1s one: done at 3s.
		if got, err := asyncio.Gather(ctx, submit(3), submit(1), submit(2)); !slices.Equal(got, []int{3, 1, 2}) || err != nil || time.Since(start) != 3*time.Second {
			t.Errorf("Gather = %v, %v after %v; want [3 1 2] after 3s", got, err, time.Since(start))
		}

		tasks := []*asyncio.Task[int]{submit(2), submit(1), submit(3)}
		done, pending, err := asyncio.Wait(ctx, tasks, asyncio.FirstCompleted)
		if err != nil || len(done) != 1 || done[0] != tasks[1] || len(pending) != 2 || time.Since(start) != 4*time.Second {
			t.Errorf("Wait(FirstCompleted) = %v, %v, %v after %v; want the 1s task after 4s", done, pending, err, time.Since(start))
		}

		var order []int
		for v, err := range asyncio.AsCompleted(ctx, pending) {
			if err != nil {
				t.Fatal(err)
			}
			order = append(order, v)
		}
		// The 3s task began at 4s, on the worker the 1s task freed.
		if !slices.Equal(order, []int{2, 3}) || time.Since(start) != 7*time.Second {
			t.Errorf("AsCompleted gave %v, ending after %v; want [2 3] after 7s", order, time.Since(start))
		}
	})
}

func TestCanceledQueuedWorkFinishesAtOnceWithoutRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ex := newExecutor(t, 1)
		defer shutdown(t, ex)
		bg := context.Background()
		start := time.Now()
		busy, _ := asyncio.Submit(bg, ex, sleepThen(2*time.Second, "busy"))

		var ran atomic.Bool
		mark := func(ctx context.Context) (int, error) { ran.Store(true); return 1, nil }
		byCancel, _ := asyncio.Submit(bg, ex, mark)
		parent, cancelParent := context.WithCancel(bg)
		byParent, _ := asyncio.Submit(parent, ex, mark)
		alreadyDone, _ := asyncio.Submit(parent, ex, mark)

		if !byCancel.Cancel() {
			t.Error("Cancel of a queued task reported it finished")
		}
		cancelParent()
		for _, task := range []*asyncio.Task[int]{byCancel, byParent, alreadyDone} {
			if _, err := task.Await(bg); !errors.Is(err, context.Canceled) || !task.Canceled() || time.Since(start) != 0 {
				t.Errorf("%v: Await = %v after %v; want context.Canceled at once", task, err, time.Since(start))
			}
		}
		if v, err := busy.Await(bg); v != "busy" || err != nil || time.Since(start) != 2*time.Second {
			t.Errorf("the running task = %q, %v after %v", v, err, time.Since(start))
		}
		preCanceled, cancel := context.WithCancel(bg)
		cancel()
		late, err := asyncio.Submit(preCanceled, ex, mark)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := late.Await(bg); !errors.Is(err, context.Canceled) {
			t.Errorf("a task submitted with a cancelled context = %v, want context.Canceled", err)
		}
		shutdown(t, ex)
		if ran.Load() {
			t.Error("a cancelled queued function ran")
		}
	})
}

func TestSubmitAndMapAfterShutdownFail(t *testing.T) {
	ex := newExecutor(t, 1)
	shutdown(t, ex)
	ctx := context.Background()
	if task, err := asyncio.Submit(ctx, ex, sleepThen(0, 1)); task != nil || !errors.Is(err, asyncio.ErrExecutorShutdown) {
		t.Errorf("Submit after Shutdown = %v, %v; want nil, ErrExecutorShutdown", task, err)
	}
	if _, err := asyncio.Map(ctx, ex, []int{1}, func(context.Context, int) (int, error) { return 0, nil }); !errors.Is(err, asyncio.ErrExecutorShutdown) {
		t.Errorf("Map after Shutdown = %v; want ErrExecutorShutdown", err)
	}
	if err := ex.Shutdown(ctx); err != nil {
		t.Errorf("a second Shutdown = %v", err)
	}
	ex.ShutdownNow()
	if task, err := asyncio.Submit(ctx, ex, sleepThen(0, 1)); task != nil || !errors.Is(err, asyncio.ErrExecutorShutdown) {
		t.Errorf("Submit after ShutdownNow = %v, %v; want nil, ErrExecutorShutdown", task, err)
	}
}

func TestShutdownSemantics(t *testing.T) {
	doneCtx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name         string
		stubborn     bool // the running function ignores its context
		shutdown     func(*asyncio.Executor) error
		wantErr      error
		returnsAfter time.Duration
		runningErr   error // what the running function ends with
		wantCanceled int   // of the two queued tasks
	}{
		{name: "Shutdown runs the queued work",
			shutdown:     func(ex *asyncio.Executor) error { return ex.Shutdown(context.Background()) },
			returnsAfter: 3 * time.Second},
		{name: "Shutdown with a done ctx returns at once and the work carries on",
			shutdown: func(ex *asyncio.Executor) error { return ex.Shutdown(doneCtx) },
			wantErr:  context.Canceled},
		{name: "ShutdownNow cancels the queued and the running work",
			shutdown:   func(ex *asyncio.Executor) error { ex.ShutdownNow(); return nil },
			runningErr: context.Canceled, wantCanceled: 2},
		{name: "ShutdownNow then Shutdown waits only for running work",
			stubborn: true,
			shutdown: func(ex *asyncio.Executor) error {
				ex.ShutdownNow()
				return ex.Shutdown(context.Background())
			},
			returnsAfter: time.Second, wantCanceled: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				ex := newExecutor(t, 1)
				start := time.Now()
				var tasks []*asyncio.Task[int]
				for i := range 3 {
					fn := sleepThen(time.Second, i)
					if tc.stubborn {
						fn = func(context.Context) (int, error) { time.Sleep(time.Second); return i, nil }
					}
					task, _ := asyncio.Submit(ctx, ex, fn)
					tasks = append(tasks, task)
				}
				synctest.Wait() // the first task is running
				if err := tc.shutdown(ex); !errors.Is(err, tc.wantErr) || time.Since(start) != tc.returnsAfter {
					t.Errorf("shutdown = %v after %v; want %v after %v", err, time.Since(start), tc.wantErr, tc.returnsAfter)
				}
				if _, err := tasks[0].Await(ctx); !errors.Is(err, tc.runningErr) {
					t.Errorf("the running task = %v; want %v", err, tc.runningErr)
				}
				canceled := 0
				for _, task := range tasks[1:] {
					_, err := task.Await(ctx)
					if task.Canceled() {
						canceled++
						if !errors.Is(err, asyncio.ErrExecutorShutdown) {
							t.Errorf("a task canceled by ShutdownNow has error %v, want it to match ErrExecutorShutdown", err)
						}
					} else if err != nil {
						t.Error(err)
					}
				}
				if canceled != tc.wantCanceled {
					t.Errorf("%d queued tasks canceled, want %d", canceled, tc.wantCanceled)
				}
				shutdown(t, ex)
			})
		})
	}
}

func TestShutdownWaitIsBoundedByContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ex := newExecutor(t, 1)
		task, _ := asyncio.Submit(context.Background(), ex, sleepThen(5*time.Second, 1))
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		if err := ex.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("Shutdown = %v after %v; want DeadlineExceeded after 1s", err, time.Since(start))
		}
		shutdown(t, ex)
		if time.Since(start) != 5*time.Second || task.Err() != nil {
			t.Errorf("second Shutdown returned after %v with the task at %v; want 5s and done", time.Since(start), task)
		}
	})
}

func TestExecutorPanicAndGoexitDoNotLoseWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		ex := newExecutor(t, 1)
		panicky, _ := asyncio.Submit(ctx, ex, func(context.Context) (int, error) { panic("boom") })
		goexit, _ := asyncio.Submit(ctx, ex, func(context.Context) (int, error) { runtimeGoexit(); return 0, nil })
		after, _ := asyncio.Submit(ctx, ex, sleepThen(time.Second, 42))
		var pe *asyncio.PanicError
		if _, err := panicky.Await(ctx); !errors.As(err, &pe) || pe.Value != "boom" {
			t.Errorf("panicking task = %v, want a *PanicError with boom", err)
		}
		if _, err := goexit.Await(ctx); err == nil {
			t.Error("a task that called Goexit succeeded")
		}
		if v, err := after.Await(ctx); v != 42 || err != nil {
			t.Errorf("the task after them = %v, %v; want 42", v, err)
		}
		shutdown(t, ex)
	})
}

func TestExecutorReportsBlockThread(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		err := asyncio.Run(ctx, func(ctx context.Context) error {
			ex := asyncio.NewExecutor(1)
			_, _ = asyncio.Submit(ctx, ex, sleepThen(time.Second, 0), asyncio.WithName("a"))
			_, _ = asyncio.Submit(ctx, ex, sleepThen(time.Second, 0), asyncio.WithName("b"))
			c, _ := asyncio.Submit(ctx, ex, sleepThen(time.Second, 0), asyncio.WithName("c"))
			c.Cancel() // finishes it at once: Await does not block
			if _, err := c.Await(ctx); !errors.Is(err, context.Canceled) {
				return err
			}
			if err := ex.Shutdown(ctx); err != nil {
				return err
			}
			ex = asyncio.NewExecutor(1)
			// No wait: whether the idle worker has exited yet would decide
			// whether Shutdown blocks. The bubble waits for it anyway.
			defer ex.ShutdownNow()
			_, err := asyncio.Map(ctx, ex, []int{1}, func(ctx context.Context, _ int) (int, error) {
				return 0, asyncio.Sleep(ctx, time.Second)
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"main": {"created@0s", "started@0s",
				"blocked:thread@0s", "resumed:thread@2s", // Shutdown
				"blocked:thread@2s", "resumed:thread@3s", // Map
				"finished@3s"},
			"a": {"created@0s", "started@0s", "blocked:sleep@0s", "resumed:sleep@1s", "finished@1s"},
			"b": {"created@0s", "started@1s", "blocked:sleep@1s", "resumed:sleep@2s", "finished@2s"},
			"c": {"created@0s", "canceled@0s"}, // skipped: it never started
		}
		for name, w := range want {
			if got := rec.of(name, start); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s: got %v\nwant %v", name, got, w)
			}
		}
	})
}

func ExampleMap() {
	ctx := context.Background()
	ex := asyncio.NewExecutor(4)
	defer ex.Shutdown(ctx)
	squares, err := asyncio.Map(ctx, ex, []int{1, 2, 3, 4, 5}, func(ctx context.Context, n int) (int, error) {
		return n * n, nil
	})
	fmt.Println(squares, err)
	// Output: [1 4 9 16 25] <nil>
}

func ExampleSubmit() {
	ctx := context.Background()
	ex := asyncio.NewExecutor(2)
	task, err := asyncio.Submit(ctx, ex, func(ctx context.Context) (string, error) {
		return "done on a worker", nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(task.Await(ctx))
	// Cancel whatever is still queued or running, then wait for the workers.
	ex.ShutdownNow()
	_ = ex.Shutdown(ctx)
	// Output: done on a worker <nil>
}

// BenchmarkExecutor measures the cost per function of running b.N trivial
// functions through a pool of GOMAXPROCS workers and waiting for them all,
// against errgroup with SetLimit (bench's executor rows add conc's pool and a
// hand-written one). Run with
//
//	go test -run '^$' -bench Executor -benchmem ./asyncio
func BenchmarkExecutor(b *testing.B) {
	workers := runtime.GOMAXPROCS(0)
	ctx := context.Background()
	work := func(i int) int { return i * 2 }

	b.Run("asyncio.Submit", func(b *testing.B) {
		b.ReportAllocs()
		ex := newExecutor(b, workers)
		tasks := make([]*asyncio.Task[int], b.N)
		for i := range b.N {
			tasks[i], _ = asyncio.Submit(ctx, ex, func(context.Context) (int, error) { return work(i), nil })
		}
		for _, t := range tasks {
			if _, err := t.Await(ctx); err != nil {
				b.Fatal(err)
			}
		}
		shutdown(b, ex)
	})
	b.Run("asyncio.Map", func(b *testing.B) {
		b.ReportAllocs()
		ex := newExecutor(b, workers)
		inputs := make([]int, b.N)
		if _, err := asyncio.Map(ctx, ex, inputs, func(_ context.Context, i int) (int, error) { return work(i), nil }); err != nil {
			b.Fatal(err)
		}
		shutdown(b, ex)
	})
	b.Run("errgroup.SetLimit", func(b *testing.B) {
		b.ReportAllocs()
		var g errgroup.Group
		g.SetLimit(workers)
		for i := range b.N {
			g.Go(func() error { _ = work(i); return nil })
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
	})
}
