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

// A panic is always a failure, never a cancellation, whatever its value: a
// task that panics with context.Canceled (or an error wrapping it) is not
// Canceled, is "failed" in String, is recorded as TaskFinished, stops
// Wait(FirstException) and fails a TaskGroup. Each place that tells the two
// apart is checked here with both values.

var cancelPanicValues = []struct {
	name  string
	value error
}{
	{"context.Canceled", context.Canceled},
	{"wrapped context.Canceled", fmt.Errorf("stopping: %w", context.Canceled)},
}

func panicsWith(v error) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { panic(v) }
}

func wantPanicWith(t *testing.T, err error, v error) {
	t.Helper()
	var pe *asyncio.PanicError
	if !errors.As(err, &pe) || pe.Value != v {
		t.Fatalf("error %v: want a *PanicError with value %v", err, v)
	}
}

func TestPanicWithCancelValueIsNotCanceled(t *testing.T) {
	for _, pv := range cancelPanicValues {
		t.Run(pv.name, func(t *testing.T) {
			task := asyncio.CreateTask(t.Context(), panicsWith(pv.value))
			_, err := task.Await(t.Context())
			wantPanicWith(t, err, pv.value)
			if task.Canceled() {
				t.Error("Canceled() = true for a task that panicked")
			}
			if s := task.String(); !strings.Contains(s, "(failed: ") {
				t.Errorf("String() = %q; want it failed, not canceled", s)
			}
		})
	}
}

func TestPanicWithCancelValueIsRecordedAsFinished(t *testing.T) {
	for _, pv := range cancelPanicValues {
		t.Run(pv.name, func(t *testing.T) {
			var (
				mu    sync.Mutex
				kinds []asyncio.EventKind
			)
			ctx := asyncio.WithRecorder(t.Context(), asyncio.RecorderFunc(func(e asyncio.TaskEvent) {
				mu.Lock()
				kinds = append(kinds, e.Kind)
				mu.Unlock()
			}))
			_, err := asyncio.CreateTask(ctx, panicsWith(pv.value)).Await(t.Context())
			wantPanicWith(t, err, pv.value)
			mu.Lock()
			defer mu.Unlock()
			if len(kinds) == 0 || kinds[len(kinds)-1] != asyncio.TaskFinished {
				t.Fatalf("events %v; want the last to be %v", kinds, asyncio.TaskFinished)
			}
		})
	}
}

// Wait(FirstException) returns as soon as the panicking task ends, without
// waiting for the other one.
func TestPanicWithCancelValueStopsWaitFirstException(t *testing.T) {
	for _, pv := range cancelPanicValues {
		t.Run(pv.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				long := asyncio.CreateTask(t.Context(), func(ctx context.Context) (int, error) {
					return 0, asyncio.Sleep(ctx, time.Hour)
				})
				bad := asyncio.CreateTask(t.Context(), panicsWith(pv.value))
				start := time.Now()
				done, pending, err := asyncio.Wait(t.Context(), []*asyncio.Task[int]{long, bad}, asyncio.FirstException)
				if err != nil || len(done) != 1 || done[0] != bad || len(pending) != 1 {
					t.Errorf("Wait = done %v, pending %v, %v; want done [the panicked task]", done, pending, err)
				}
				if d := time.Since(start); d != 0 {
					t.Errorf("Wait took %v; want 0 (it waited for the other task)", d)
				}
				long.Cancel()
				_, _ = long.Await(t.Context())
			})
		})
	}
}

// In a TaskGroup the panic cancels the other tasks and Wait reports it; a
// task that returns a wrapped panic error fails the group too, and so does a
// panic after the group's parent was canceled (which makes plain
// cancellations not failures).
func TestPanicWithCancelValueFailsTaskGroup(t *testing.T) {
	waitForCancel := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	for _, pv := range cancelPanicValues {
		t.Run(pv.name, func(t *testing.T) {
			t.Run("Go", func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					tg, _ := asyncio.NewTaskGroup(t.Context())
					tg.Go(waitForCancel) // canceled only if the panic counts as a failure
					tg.Go(func(context.Context) error { panic(pv.value) })
					wantPanicWith(t, tg.Wait(t.Context()), pv.value)
				})
			})
			t.Run("CreateTaskIn", func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					tg, _ := asyncio.NewTaskGroup(t.Context())
					tg.Go(waitForCancel)
					asyncio.CreateTaskIn(tg, panicsWith(pv.value))
					wantPanicWith(t, tg.Wait(t.Context()), pv.value)
				})
			})
			t.Run("wrapped panic returned", func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					tg, _ := asyncio.NewTaskGroup(t.Context())
					tg.Go(waitForCancel)
					tg.Go(func(ctx context.Context) error {
						_, err := asyncio.CreateTask(ctx, panicsWith(pv.value)).Await(ctx)
						return fmt.Errorf("subtask: %w", err)
					})
					wantPanicWith(t, tg.Wait(t.Context()), pv.value)
				})
			})
			t.Run("after the parent was canceled", func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					parent, cancel := context.WithCancel(t.Context())
					tg, _ := asyncio.NewTaskGroup(parent)
					tg.Go(func(ctx context.Context) error {
						<-ctx.Done()
						panic(pv.value)
					})
					cancel()
					wantPanicWith(t, tg.Wait(t.Context()), pv.value)
				})
			})
		})
	}
}
