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

// collect ranges over seq and returns "value/err@elapsed" for each step.
func collect[T any](seq func(func(T, error) bool)) []string {
	start := time.Now()
	var out []string
	for v, err := range seq {
		s := fmt.Sprint(v)
		if err != nil {
			s = err.Error()
		}
		out = append(out, fmt.Sprintf("%s@%v", s, time.Since(start)))
	}
	return out
}

func TestAsCompletedYieldsInCompletionOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(3*time.Second, "a", nil), after(time.Second, "b", nil), after(2*time.Second, "c", nil))
		got := collect(asyncio.AsCompleted(ctx, tasks))
		if want := []string{"b@1s", "c@2s", "a@3s"}; !slices.Equal(got, want) {
			t.Fatalf("AsCompleted yielded %v, want %v", got, want)
		}
	})
}

func TestAsCompletedYieldsErrorsAndPanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx,
			after(2*time.Second, 2, nil),
			after(time.Second, 0, errBoom),
			func(ctx context.Context) (int, error) { _ = asyncio.Sleep(ctx, 3*time.Second); panic("kaboom") })
		var errs []error
		var values []int
		for v, err := range asyncio.AsCompleted(ctx, tasks) {
			values = append(values, v)
			errs = append(errs, err)
		}
		var pe *asyncio.PanicError
		if len(errs) != 3 || !errors.Is(errs[0], errBoom) || errs[1] != nil || values[1] != 2 || !errors.As(errs[2], &pe) {
			t.Fatalf("AsCompleted yielded %v, %v", values, errs)
		}
	})
}

func TestAsCompletedTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(time.Hour, "slow", nil), after(time.Second, "fast", nil))
		var errs []error
		var got []string
		d := elapsed(func() {
			for v, err := range asyncio.AsCompleted(ctx, tasks, asyncio.WithTimeout(2*time.Second)) {
				got, errs = append(got, v), append(errs, err)
			}
		})
		if d != 2*time.Second || len(got) != 2 || got[0] != "fast" || errs[0] != nil || got[1] != "" ||
			!errors.Is(errs[1], asyncio.ErrTimeout) || !errors.Is(errs[1], context.DeadlineExceeded) {
			t.Fatalf("AsCompleted yielded %q, %v after %v; want fast, then ErrTimeout after 2s", got, errs, d)
		}
		if isDone(tasks[0]) {
			t.Fatal("AsCompleted's timeout cancelled a task")
		}
		cancelAndAwait(tasks)
	})
}

func TestAsCompletedTimeoutCountsFromTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(time.Hour, 0, nil))
		defer cancelAndAwait(tasks)
		seq := asyncio.AsCompleted(ctx, tasks, asyncio.WithTimeout(2*time.Second))
		time.Sleep(time.Second)
		if got, want := collect(seq), []string{"asyncio: timeout@1s"}; !slices.Equal(got, want) {
			t.Fatalf("AsCompleted yielded %v, want %v", got, want)
		}
	})
}

func TestAsCompletedCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		tasks := spawn(context.Background(), after(time.Second, 1, nil), after(time.Hour, 2, nil))
		defer cancelAndAwait(tasks)
		time.AfterFunc(2*time.Second, cancel)
		got := collect(asyncio.AsCompleted(ctx, tasks))
		if want := []string{"1@1s", "context canceled@2s"}; !slices.Equal(got, want) {
			t.Fatalf("AsCompleted yielded %v, want %v", got, want)
		}
		if isDone(tasks[1]) {
			t.Fatal("AsCompleted's cancellation cancelled a task")
		}
	})
}

func TestAsCompletedBreakLeavesTasksRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(time.Second, 1, nil), after(2*time.Second, 2, nil))
		for v := range asyncio.AsCompleted(ctx, tasks) {
			if v != 1 {
				t.Fatalf("first value %d", v)
			}
			break
		}
		if v, err := tasks[1].Await(ctx); v != 2 || err != nil {
			t.Fatalf("the other task after break: %d, %v", v, err)
		}
	})
}

func TestAsCompletedCanBeRangedTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := spawn(ctx, after(2*time.Second, "a", nil), after(time.Second, "b", nil))
		seq := asyncio.AsCompleted(ctx, tasks)
		first := collect(seq)
		second := collect(seq) // both finished by now: argument order, at once
		if !slices.Equal(first, []string{"b@1s", "a@2s"}) || !slices.Equal(second, []string{"a@0s", "b@0s"}) {
			t.Fatalf("first loop %v, second loop %v", first, second)
		}
	})
}

func TestAsCompletedNoTasksYieldsNothing(t *testing.T) {
	for range asyncio.AsCompleted[int](context.Background(), nil, asyncio.WithTimeout(time.Second)) {
		t.Fatal("AsCompleted of no tasks yielded")
	}
}

func ExampleAsCompleted() {
	ctx := context.Background()
	job := func(name string, d time.Duration) *asyncio.Task[string] {
		return asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
			return name, asyncio.Sleep(ctx, d)
		})
	}
	tasks := []*asyncio.Task[string]{
		job("third", 400*time.Millisecond),
		job("first", 10*time.Millisecond),
		job("second", 200*time.Millisecond),
	}
	for name, err := range asyncio.AsCompleted(ctx, tasks, asyncio.WithTimeout(10*time.Second)) {
		fmt.Println(name, err)
	}
	// Output:
	// first <nil>
	// second <nil>
	// third <nil>
}
