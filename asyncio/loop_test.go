package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// loopTrace collects lines from tasks; on the loop no lock is needed, but tests
// also use it off the loop.
type loopTrace struct {
	mu    sync.Mutex
	start time.Time
	lines []string
}

func newTrace() *loopTrace { return &loopTrace{start: time.Now()} }

func (tr *loopTrace) add(format string, args ...any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.lines = append(tr.lines, fmt.Sprintf(format, args...))
}

// at adds a line prefixed with the virtual time since the trace began.
func (tr *loopTrace) at(format string, args ...any) {
	tr.add("%v "+format, append([]any{time.Since(tr.start)}, args...)...)
}

func (tr *loopTrace) got() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return slices.Clone(tr.lines)
}

func checkLines(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("lines:\n  got  %q\n  want %q", got, want)
	}
}

// runLoopTest runs main on a loop in a synctest bubble and returns the lines.
func runLoopTest(t *testing.T, main func(ctx context.Context, tr *loopTrace) error, opts ...asyncio.LoopOption) []string {
	t.Helper()
	var lines []string
	synctest.Test(t, func(t *testing.T) {
		tr := newTrace()
		if err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error { return main(ctx, tr) }, opts...); err != nil {
			t.Errorf("RunLoop: %v", err)
		}
		lines = tr.got()
	})
	return lines
}

func TestLoopNewTasksRunWhenTheCreatorYields(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		var tasks []*asyncio.Task[struct{}]
		for i := 1; i <= 3; i++ {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				tr.add("task %d started", i)
				if err := asyncio.Sleep(ctx, time.Duration(i)*time.Second); err != nil {
					return err
				}
				tr.at("task %d finished", i)
				return nil
			}))
		}
		tr.add("main created them")
		_, err := asyncio.Gather(ctx, tasks...)
		return err
	})
	checkLines(t, got, []string{
		"main created them",
		"task 1 started", "task 2 started", "task 3 started",
		"1s task 1 finished", "2s task 2 finished", "3s task 3 finished",
	})
}

func TestLoopSameInstantWakeUpsRunInCreationOrder(t *testing.T) {
	// Five workers sleep the same second: on free goroutines they wake in
	// any order; on the loop, in the order their timers were made.
	for range 20 {
		got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
			g, _ := asyncio.NewTaskGroup(ctx)
			for i := range 5 {
				g.Go(func(ctx context.Context) error {
					if err := asyncio.Sleep(ctx, time.Second); err != nil {
						return err
					}
					tr.add("w%d", i)
					return nil
				})
			}
			return g.Wait(ctx)
		})
		checkLines(t, got, []string{"w0", "w1", "w2", "w3", "w4"})
	}
}

func TestLoopSemaphoreKeepsThePostsOrder(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		sem := asyncio.NewSemaphore(3)
		var tasks []*asyncio.Task[struct{}]
		for range 5 {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				if err := sem.Acquire(ctx); err != nil {
					return err
				}
				defer sem.Release()
				tr.at("started")
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return err
				}
				tr.at("finished")
				return nil
			}))
		}
		_, err := asyncio.Gather(ctx, tasks...)
		return err
	})
	checkLines(t, got, []string{
		"0s started", "0s started", "0s started",
		"1s finished", "1s finished", "1s finished",
		"1s started", "1s started",
		"2s finished", "2s finished",
	})
}

func TestLoopWakeUpsFollowEachPrimitivesFIFO(t *testing.T) {
	tests := []struct {
		name string
		// wait blocks worker i; release lets them all go, one at a time or at once.
		setup func() (wait func(ctx context.Context) error, release func())
	}{
		{"Lock", func() (func(context.Context) error, func()) {
			var l asyncio.Lock
			l.TryLock()
			return func(ctx context.Context) error {
					if err := l.Lock(ctx); err != nil {
						return err
					}
					l.Unlock()
					return nil
				},
				l.Unlock
		}},
		{"Event", func() (func(context.Context) error, func()) {
			var e asyncio.Event
			return e.Wait, e.Set
		}},
		{"Semaphore", func() (func(context.Context) error, func()) {
			s := asyncio.NewSemaphore(0)
			return s.Acquire, func() {
				for range 4 {
					s.Release()
				}
			}
		}},
		{"Queue", func() (func(context.Context) error, func()) {
			var q asyncio.Queue[int]
			return func(ctx context.Context) error { _, err := q.Get(ctx); return err }, func() {
				for i := range 4 {
					q.TryPut(i)
				}
			}
		}},
		{"Barrier", func() (func(context.Context) error, func()) {
			b := asyncio.NewBarrier(5)
			return func(ctx context.Context) error { _, err := b.Wait(ctx); return err },
				func() { _, _ = b.Wait(context.Background()) }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
				wait, release := tt.setup()
				var tasks []*asyncio.Task[struct{}]
				for i := range 4 {
					tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
						if err := wait(ctx); err != nil {
							return err
						}
						tr.add("w%d", i)
						return nil
					}))
				}
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return err
				}
				release()
				_, err := asyncio.Gather(ctx, tasks...)
				return err
			})
			checkLines(t, got, []string{"w0", "w1", "w2", "w3"})
		})
	}
}

func TestLoopSleepZeroYieldsToEveryReadyTask(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		var tasks []*asyncio.Task[struct{}]
		for _, name := range []string{"a", "b"} {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				for i := range 3 {
					tr.add("%s%d", name, i)
					if err := asyncio.Sleep(ctx, 0); err != nil {
						return err
					}
				}
				return nil
			}))
		}
		_, err := asyncio.Gather(ctx, tasks...)
		return err
	})
	checkLines(t, got, []string{"a0", "b0", "a1", "b1", "a2", "b2"})
}

func TestLoopBlockingOutsideThePackageHoldsTheLoop(t *testing.T) {
	// time.Sleep in one task freezes the loop: the other task's one-second
	// sleep ends only when the loop is free again, at 3 s.
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		a := asyncio.Go(ctx, func(ctx context.Context) error {
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			tr.at("asyncio.Sleep(1s) done")
			return nil
		})
		b := asyncio.Go(ctx, func(ctx context.Context) error {
			time.Sleep(3 * time.Second)
			tr.at("time.Sleep(3s) done")
			return nil
		})
		_, err := asyncio.Gather(ctx, a, b)
		return err
	})
	checkLines(t, got, []string{"3s time.Sleep(3s) done", "3s asyncio.Sleep(1s) done"})
}

func TestLoopSharedDataNeedsNoLock(t *testing.T) {
	// One task runs at a time and the loop's hand-offs order them, so the
	// race detector sees no race on a plain counter.
	n := 0
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			g, _ := asyncio.NewTaskGroup(ctx)
			for range 50 {
				g.Go(func(ctx context.Context) error {
					for range 10 {
						n++
						if err := asyncio.Sleep(ctx, 0); err != nil {
							return err
						}
					}
					return nil
				})
			}
			return g.Wait(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	if n != 500 {
		t.Errorf("n = %d, want 500", n)
	}
}

func TestLoopCancelWakesInOrder(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		var ev asyncio.Event
		var tasks []*asyncio.Task[struct{}]
		for i := range 3 {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				err := ev.Wait(ctx)
				tr.add("w%d: %v", i, err)
				return err
			}))
		}
		if err := asyncio.Sleep(ctx, 0); err != nil {
			return err
		}
		for _, i := range []int{2, 0, 1} {
			tasks[i].Cancel()
		}
		asyncio.GatherAll(ctx, tasks...)
		tr.add("event still usable: set=%v", ev.IsSet())
		return nil
	})
	checkLines(t, got, []string{"w2: context canceled", "w0: context canceled", "w1: context canceled", "event still usable: set=false"})
}

func TestLoopTimeoutIsALoopEvent(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		a := asyncio.Go(ctx, func(ctx context.Context) error {
			err := asyncio.Timeout(ctx, time.Second, func(ctx context.Context) error {
				return asyncio.Sleep(ctx, time.Hour)
			})
			tr.at("a: %v", err)
			return nil
		})
		b := asyncio.Go(ctx, func(ctx context.Context) error {
			err := asyncio.Sleep(ctx, time.Second)
			tr.at("b: slept, %v", err)
			return nil
		})
		_, err := asyncio.Gather(ctx, a, b)
		return err
	})
	// a's timeout and b's timer were made in that order and fire together.
	checkLines(t, got, []string{"1s a: asyncio: timeout", "1s b: slept, <nil>"})
}

func TestLoopDeadlockIsAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var a, b asyncio.Event
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error {
			ta := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := a.Wait(ctx); err != nil {
					return err
				}
				b.Set()
				return nil
			}, asyncio.WithName("waits-for-a"))
			tb := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := b.Wait(ctx); err != nil {
					return err
				}
				a.Set()
				return nil
			}, asyncio.WithName("waits-for-b"))
			_, err := asyncio.Gather(ctx, ta, tb)
			return err
		})
		if !errors.Is(err, asyncio.ErrDeadlock) {
			t.Fatalf("RunLoop = %v, want ErrDeadlock", err)
		}
		var d *asyncio.DeadlockError
		if !errors.As(err, &d) || len(d.Blocked) != 3 {
			t.Fatalf("RunLoop = %#v, want 3 blocked tasks", err)
		}
		want := []string{"main task", "waits-for-a event", "waits-for-b event"}
		for i, bt := range d.Blocked {
			if got := bt.Task + " " + bt.Block.String(); got != want[i] {
				t.Errorf("blocked[%d] = %q, want %q", i, got, want[i])
			}
		}
		if msg := err.Error(); !strings.Contains(msg, "waits-for-a waits on event Event(0x") || !strings.Contains(msg, "main waits on task waits-for-a, waits-for-b") {
			t.Errorf("message %q does not name what each task waits on", msg)
		}
	})
}

func TestLoopWaitsForWorkOffTheLoop(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		ticker := asyncio.Go(ctx, func(ctx context.Context) error {
			for range 3 {
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return err
				}
				tr.at("tick")
			}
			return nil
		})
		v, err := asyncio.ToThread(ctx, func() (int, error) {
			time.Sleep(1500 * time.Millisecond) // off the loop: the ticker goes on
			return 42, nil
		})
		tr.at("ToThread = %d, %v", v, err)
		ex := asyncio.NewExecutor(1)
		defer ex.ShutdownNow()
		task, err := asyncio.Submit(ctx, ex, func(ctx context.Context) (string, error) {
			time.Sleep(time.Second)
			return "done", nil
		})
		if err != nil {
			return err
		}
		s, err := task.Await(ctx)
		tr.at("Submit = %s, %v", s, err)
		_, err = ticker.Await(ctx)
		return err
	})
	checkLines(t, got, []string{"1s tick", "1.5s ToThread = 42, <nil>", "2s tick", "2.5s Submit = done, <nil>", "3s tick"})
}

func TestLoopCancelsWhatMainLeavesBehind(t *testing.T) {
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		asyncio.Go(ctx, func(ctx context.Context) error {
			err := asyncio.Sleep(ctx, time.Hour)
			tr.at("left behind: %v", err)
			return err
		})
		return asyncio.Sleep(ctx, time.Second)
	})
	checkLines(t, got, []string{"1s left behind: context canceled"})
}

func TestLoopTaskAwaitingItselfFails(t *testing.T) {
	for _, loop := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			run := asyncio.Run
			if loop {
				run = func(ctx context.Context, main func(context.Context) error) error {
					return asyncio.RunLoop(ctx, main)
				}
			}
			err := run(t.Context(), func(ctx context.Context) error {
				var self *asyncio.Task[struct{}]
				ready := make(chan struct{})
				self = asyncio.Go(ctx, func(ctx context.Context) error {
					<-ready
					_, err := self.Await(ctx)
					return err
				})
				close(ready)
				_, err := self.Await(ctx)
				return err
			})
			if !errors.Is(err, asyncio.ErrAwaitSelf) {
				t.Errorf("loop=%v: %v, want ErrAwaitSelf", loop, err)
			}
		})
	}
}

func TestLoopRandomScheduleIsReproducible(t *testing.T) {
	program := func(ctx context.Context, tr *loopTrace) error {
		g, _ := asyncio.NewTaskGroup(ctx)
		for i := range 4 {
			g.Go(func(ctx context.Context) error {
				for j := range 2 {
					tr.add("%d.%d", i, j)
					if err := asyncio.Sleep(ctx, 0); err != nil {
						return err
					}
				}
				return nil
			})
		}
		return g.Wait(ctx)
	}
	orders := map[string]bool{}
	for seed := range uint64(20) {
		a := runLoopTest(t, program, asyncio.WithRandomSchedule(seed))
		b := runLoopTest(t, program, asyncio.WithRandomSchedule(seed))
		checkLines(t, b, a)
		orders[strings.Join(a, " ")] = true
	}
	if len(orders) < 5 {
		t.Errorf("20 seeds gave %d distinct orders, want several", len(orders))
	}
}

func TestLoopInRealTime(t *testing.T) {
	// Outside synctest the loop waits for real timers; assert order only.
	tr := newTrace()
	err := asyncio.RunLoop(context.Background(), func(ctx context.Context) error {
		var tasks []*asyncio.Task[struct{}]
		for i := range 3 {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				if err := asyncio.Sleep(ctx, time.Millisecond); err != nil {
					return err
				}
				tr.add("t%d", i)
				return nil
			}))
		}
		_, err := asyncio.Gather(ctx, tasks...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, tr.got(), []string{"t0", "t1", "t2"})
}

func TestLoopOutsideCancellationWakesTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A deadline set outside the loop is something that can still wake
		// a task: the loop waits for it instead of reporting a deadlock.
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		err := asyncio.RunLoop(ctx, func(ctx context.Context) error {
			var q asyncio.Queue[int]
			_, err := q.Get(ctx)
			return err
		})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Errorf("RunLoop = %v after %v, want context.DeadlineExceeded after 1s", err, time.Since(start))
		}
	})
}

func TestLoopPanicInMainBecomesPanicError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		err := asyncio.RunLoop(t.Context(), func(ctx context.Context) error { panic("boom") })
		var pe *asyncio.PanicError
		if !errors.As(err, &pe) || pe.Value != "boom" {
			t.Errorf("RunLoop = %v, want a *PanicError of boom", err)
		}
	})
}

func TestLoopVirtualTimeTakesNoRealTime(t *testing.T) {
	// Outside synctest: an hour of sleeps in virtual time, checked against
	// the loop's clock, with events timed by it too.
	var events []asyncio.TaskEvent
	var mu sync.Mutex
	rec := asyncio.RecorderFunc(func(e asyncio.TaskEvent) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	})
	var lines []string
	realStart := time.Now()
	err := asyncio.RunLoop(asyncio.WithRecorder(context.Background(), rec), func(ctx context.Context) error {
		start := asyncio.Now(ctx)
		var tasks []*asyncio.Task[struct{}]
		for i, d := range []time.Duration{time.Hour, time.Minute, time.Second} {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				if err := asyncio.Sleep(ctx, d); err != nil {
					return err
				}
				lines = append(lines, fmt.Sprintf("%d woke at +%v", i, asyncio.Now(ctx).Sub(start)))
				return nil
			}))
		}
		err := asyncio.Timeout(ctx, 30*time.Minute, func(ctx context.Context) error {
			_, err := asyncio.Gather(ctx, tasks...)
			return err
		})
		lines = append(lines, fmt.Sprintf("timeout: %v at +%v", err, asyncio.Now(ctx).Sub(start)))
		return nil
	}, asyncio.WithVirtualTime())
	if err != nil {
		t.Fatal(err)
	}
	// The clock is real time less the skipped waits: the moments are the
	// sleeps' durations plus the little real time the code took.
	want := []string{"2 woke at +1s", "1 woke at +1m0s", "timeout: asyncio: timeout at +30m0s"}
	for i := range lines {
		lines[i] = roundSeconds(lines[i])
	}
	checkLines(t, lines, want)
	if real := time.Since(realStart); real > time.Minute {
		t.Errorf("virtual run took %v of real time", real) // a bound no machine can miss honestly
	}
	mu.Lock()
	defer mu.Unlock()
	last := events[len(events)-1]
	if span := last.Time.Sub(events[0].Time).Round(time.Second); span != 30*time.Minute {
		t.Errorf("recorded events span %v, want 30m0s of virtual time", span)
	}
}

func TestBlockedEventsNameWhatTheyWaitFor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var ons []string
		rec := asyncio.RecorderFunc(func(e asyncio.TaskEvent) {
			if e.Kind == asyncio.TaskBlocked {
				mu.Lock()
				ons = append(ons, e.Block.String()+" "+e.On)
				mu.Unlock()
			}
		})
		var l asyncio.Lock
		var q asyncio.Queue[int]
		err := asyncio.RunLoop(asyncio.WithRecorder(t.Context(), rec), func(ctx context.Context) error {
			l.TryLock()
			worker := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := l.Lock(ctx); err != nil {
					return err
				}
				_, err := q.Get(ctx)
				return err
			}, asyncio.WithName("worker"))
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			l.Unlock()
			q.TryPut(1)
			_, err := worker.Await(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"lock " + fmt.Sprintf("Lock(%p)", &l), "sleep ", "task worker"}
		for _, w := range want {
			if !slices.Contains(ons, w) {
				t.Errorf("blocked events %q lack %q", ons, w)
			}
		}
	})
}

func TestLoopTaskCanceledBeforeItsFirstTurnNeverRuns(t *testing.T) {
	// CPython's test: a task canceled before it starts never runs its
	// coroutine, so it cannot take the queue's item.
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		var q asyncio.Queue[int]
		q.TryPut(1)
		task := asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
			tr.add("body ran")
			return q.Get(ctx)
		})
		task.Cancel()
		v, err := task.Await(ctx)
		tr.add("await: %d, %v; canceled: %v; queue holds %d", v, err, task.Canceled(), q.Len())
		return nil
	})
	checkLines(t, got, []string{"await: 0, context canceled; canceled: true; queue holds 1"})
}

func TestLoopExecutorWaitsGiveTheLoopUp(t *testing.T) {
	// Map and Shutdown wait for work off the loop without holding it: the
	// ticker keeps ticking, and Map's functions may themselves block.
	got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
		ticker := asyncio.Go(ctx, func(ctx context.Context) error {
			for range 4 {
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return err
				}
				tr.at("tick")
			}
			return nil
		})
		ex := asyncio.NewExecutor(2)
		squares, err := asyncio.Map(ctx, ex, []int{1, 2}, func(ctx context.Context, n int) (int, error) {
			if err := asyncio.Sleep(ctx, 1500*time.Millisecond); err != nil {
				return 0, err
			}
			return n * n, nil
		})
		tr.at("Map = %v, %v", squares, err)
		if _, err := asyncio.Submit(ctx, ex, func(ctx context.Context) (struct{}, error) {
			time.Sleep(time.Second)
			return struct{}{}, nil
		}); err != nil {
			return err
		}
		err = ex.Shutdown(ctx)
		tr.at("Shutdown = %v", err)
		_, err = ticker.Await(ctx)
		return err
	})
	checkLines(t, got, []string{"1s tick", "1.5s Map = [1 4], <nil>", "2s tick", "2.5s Shutdown = <nil>", "3s tick", "4s tick"})
}

func TestLoopTaskGroupCancellationIsALoopEvent(t *testing.T) {
	// A failing task cancels its siblings; they wake in creation order.
	for range 20 {
		got := runLoopTest(t, func(ctx context.Context, tr *loopTrace) error {
			g, _ := asyncio.NewTaskGroup(ctx)
			for i := range 4 {
				g.Go(func(ctx context.Context) error {
					err := asyncio.Sleep(ctx, time.Hour)
					tr.add("w%d: %v", i, err)
					return err
				})
			}
			g.Go(func(ctx context.Context) error { return errors.New("boom") })
			err := g.Wait(ctx)
			tr.add("Wait: %v", err)
			return nil
		})
		checkLines(t, got, []string{"w0: context canceled", "w1: context canceled", "w2: context canceled", "w3: context canceled", "Wait: boom"})
	}
}

// roundSeconds rounds a "+<duration>" in line to whole seconds.
func roundSeconds(line string) string {
	i := strings.LastIndex(line, "+")
	if i < 0 {
		return line
	}
	d, err := time.ParseDuration(line[i+1:])
	if err != nil {
		return line
	}
	return line[:i+1] + d.Round(time.Second).String()
}

func TestLoopReadyEventsSayWhenATaskCouldHaveRun(t *testing.T) {
	// A sleeper's timer is due at 1s, but another task holds the loop in
	// time.Sleep until 3s: the sleeper is ready from 1s, and resumes at 3s.
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var got []string
		start := time.Now()
		rec := asyncio.RecorderFunc(func(e asyncio.TaskEvent) {
			if e.Task.Name != "sleeper" {
				return
			}
			mu.Lock()
			got = append(got, fmt.Sprintf("%v %v", e.Time.Sub(start), e.Kind))
			mu.Unlock()
		})
		err := asyncio.RunLoop(asyncio.WithRecorder(t.Context(), rec), func(ctx context.Context) error {
			sleeper := asyncio.Go(ctx, func(ctx context.Context) error {
				return asyncio.Sleep(ctx, time.Second)
			}, asyncio.WithName("sleeper"))
			hog := asyncio.Go(ctx, func(ctx context.Context) error {
				time.Sleep(3 * time.Second)
				return nil
			})
			_, err := asyncio.Gather(ctx, sleeper, hog)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, got, []string{"0s created", "0s ready", "0s started", "0s blocked", "1s ready", "3s resumed", "3s finished"})
	})
}

func TestBlockedEventsSayWhereTheCallIs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var where []string
		rec := asyncio.RecorderFunc(func(e asyncio.TaskEvent) {
			if e.Kind == asyncio.TaskBlocked {
				mu.Lock()
				where = append(where, fmt.Sprintf("%s:%d", filepath.Base(e.File), e.Line))
				mu.Unlock()
			}
		})
		var line int
		err := asyncio.RunLoop(asyncio.WithRecorder(t.Context(), rec), func(ctx context.Context) error {
			_, _, line, _ = runtime.Caller(0)
			return asyncio.Sleep(ctx, time.Second) // the line after Caller
		})
		if err != nil {
			t.Fatal(err)
		}
		checkLines(t, where, []string{fmt.Sprintf("loop_test.go:%d", line+1)})
	})
}
