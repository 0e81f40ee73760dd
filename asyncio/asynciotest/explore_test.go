package asynciotest_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/asyncio/asynciotest"
)

// recorder is a testing.TB that records the failures Explore and Replay
// report, instead of failing the test that runs them.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Errorf(format string, args ...any) { r.Fatalf(format, args...) }
func (r *recorder) Fatal(args ...any)                 { r.failures = append(r.failures, fmt.Sprint(args...)) }
func (r *recorder) Error(args ...any)                 { r.Fatal(args...) }
func (r *recorder) FailNow()                          { r.Fatal("FailNow") }
func (r *recorder) Fail()                             { r.Fatal("Fail") }

// failure returns the one failure recorded, failing t if there is not
// exactly one.
func (r *recorder) failure(t *testing.T) string {
	t.Helper()
	if len(r.failures) != 1 {
		t.Fatalf("recorded %d failures, want 1: %q", len(r.failures), r.failures)
	}
	return r.failures[0]
}

var replayHint = regexp.MustCompile(`Replay it with asynciotest\.Replay\(t, (0x[0-9a-f]+), fn\)\.`)

// replaySeed extracts the seed from Explore's failure message.
func replaySeed(t *testing.T, msg string) uint64 {
	t.Helper()
	m := replayHint.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("failure %q does not say how to replay it", msg)
	}
	seed, err := strconv.ParseUint(m[1], 0, 64)
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// withdrawLocked is withdrawTwice with the check-then-act under a Lock.
func withdrawLocked(ctx context.Context) error {
	balance := 100
	var mu asyncio.Lock
	withdraw := func(ctx context.Context, amount int) error {
		if err := mu.Lock(ctx); err != nil {
			return err
		}
		defer mu.Unlock()
		if balance >= amount {
			if err := asyncio.Sleep(ctx, 0); err != nil {
				return err
			}
			balance -= amount
		}
		return nil
	}
	atm := asyncio.Go(ctx, func(ctx context.Context) error { return withdraw(ctx, 60) })
	online := asyncio.Go(ctx, func(ctx context.Context) error {
		if err := asyncio.Sleep(ctx, 0); err != nil {
			return err
		}
		return withdraw(ctx, 60)
	})
	if _, err := asyncio.Gather(ctx, atm, online); err != nil {
		return err
	}
	if balance != 40 {
		return fmt.Errorf("balance %d, want 40", balance)
	}
	return nil
}

func TestCheckThenActBug(t *testing.T) {
	// First-in first-out order hides it.
	if err := asyncio.RunLoop(t.Context(), withdrawTwice); err != nil {
		t.Fatalf("first-in first-out RunLoop = %v, want nil", err)
	}
	fifoOnly := &recorder{TB: t}
	asynciotest.Explore(fifoOnly, 1, withdrawTwice)
	if len(fifoOnly.failures) != 0 {
		t.Fatalf("Explore of the first-in first-out schedule alone failed: %q", fifoOnly.failures)
	}

	// Explore finds it.
	explored := &recorder{TB: t}
	asynciotest.Explore(explored, 100, withdrawTwice)
	msg := explored.failure(t)
	const overdraft = "overdraft: balance -20"
	if !strings.Contains(msg, overdraft) {
		t.Fatalf("Explore failed with %q, want the overdraft", msg)
	}
	seed := replaySeed(t, msg)
	if !strings.Contains(msg, fmt.Sprintf("(seed %#x)", seed)) {
		t.Errorf("failure %q does not name seed %#x", msg, seed)
	}

	// Replay reproduces it, every time.
	for range 3 {
		replayed := &recorder{TB: t}
		asynciotest.Replay(replayed, seed, withdrawTwice)
		want := fmt.Sprintf("asynciotest: schedule of seed %#x failed: %s", seed, overdraft)
		if got := replayed.failure(t); got != want {
			t.Errorf("Replay = %q, want %q", got, want)
		}
	}
	// The same schedule with the lock taken passes.
	fixed := &recorder{TB: t}
	asynciotest.Replay(fixed, seed, withdrawLocked)
	if len(fixed.failures) != 0 {
		t.Errorf("Replay of the fixed program failed: %q", fixed.failures)
	}
}

func TestCorrectProgramPassesEverySchedule(t *testing.T) {
	r := &recorder{TB: t}
	asynciotest.Explore(r, 500, withdrawLocked)
	if len(r.failures) != 0 {
		t.Errorf("Explore of the locked program failed: %q", r.failures)
	}
}

// orderProgram records the order in which three tasks, yielding twice each,
// run; runs receives each run's order.
func orderProgram(runs *[]string) func(context.Context) error {
	return func(ctx context.Context) error {
		var order []string
		g, _ := asyncio.NewTaskGroup(ctx)
		for _, name := range []string{"a", "b", "c"} {
			g.Go(func(ctx context.Context) error {
				for i := range 2 {
					order = append(order, fmt.Sprint(name, i))
					if err := asyncio.Sleep(ctx, 0); err != nil {
						return err
					}
				}
				return nil
			})
		}
		err := g.Wait(ctx)
		*runs = append(*runs, strings.Join(order, " "))
		return err
	}
}

func TestExploreRunsFIFOThenSeedsFromTheBase(t *testing.T) {
	for _, base := range []uint64{0, 1 << 40} {
		t.Run(fmt.Sprint("base ", base), func(t *testing.T) {
			if base != 0 {
				t.Setenv(asynciotest.SeedEnv, fmt.Sprintf("%#x", base))
			}
			var explored []string
			r := &recorder{TB: t}
			asynciotest.Explore(r, 20, orderProgram(&explored))
			if len(r.failures) != 0 {
				t.Fatalf("Explore failed: %q", r.failures)
			}
			if len(explored) != 20 {
				t.Fatalf("Explore ran fn %d times, want 20", len(explored))
			}

			var want []string
			if err := asyncio.RunLoop(t.Context(), orderProgram(&want)); err != nil {
				t.Fatal(err)
			}
			for i := uint64(1); i < 20; i++ {
				if err := asyncio.RunLoop(t.Context(), orderProgram(&want), asyncio.WithRandomSchedule(base+i)); err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(explored, want) {
				t.Errorf("Explore's orders:\n  got  %q\n  want first-in first-out, then seeds base+1..base+19: %q", explored, want)
			}
			if distinct := len(slices.Compact(slices.Sorted(slices.Values(explored)))); distinct < 5 {
				t.Errorf("20 schedules gave %d distinct orders, want several", distinct)
			}
		})
	}
}

func TestReplayRerunsTheSameSchedule(t *testing.T) {
	for seed := range uint64(10) {
		var runs []string
		for range 3 {
			asynciotest.Replay(t, seed, orderProgram(&runs))
		}
		if runs[1] != runs[0] || runs[2] != runs[0] {
			t.Errorf("seed %d gave different orders: %q", seed, runs)
		}
	}
}

func TestExploreStopsAtTheFirstFailure(t *testing.T) {
	calls := 0
	errSeventh := errors.New("seventh run")
	r := &recorder{TB: t}
	asynciotest.Explore(r, 50, func(ctx context.Context) error {
		calls++
		if calls == 8 {
			return errSeventh
		}
		return nil
	})
	if calls != 8 {
		t.Errorf("fn ran %d times, want 8", calls)
	}
	want := "asynciotest: schedule 7 of 50 (seed 0x7) failed: seventh run\nReplay it with asynciotest.Replay(t, 0x7, fn)."
	if got := r.failure(t); got != want {
		t.Errorf("failure:\n  got  %q\n  want %q", got, want)
	}
}

func TestExploreReportsAFailingFIFOSchedule(t *testing.T) {
	r := &recorder{TB: t}
	calls := 0
	asynciotest.Explore(r, 5, func(ctx context.Context) error {
		calls++
		return errors.New("always")
	})
	want := "asynciotest: schedule 0 of 5 (first-in first-out) failed: always\n" +
		"It fails on every run, under asyncio.RunLoop without options."
	if got := r.failure(t); got != want || calls != 1 {
		t.Errorf("after %d calls, failure:\n  got  %q\n  want %q", calls, got, want)
	}
}

// lockOrder deadlocks when b takes l2 while a holds l1; first-in first-out
// order, with b's extra yield, lets a finish first.
func lockOrder(ctx context.Context) error {
	var l1, l2 asyncio.Lock
	a := asyncio.Go(ctx, func(ctx context.Context) error {
		if err := l1.Lock(ctx); err != nil {
			return err
		}
		defer l1.Unlock()
		if err := asyncio.Sleep(ctx, 0); err != nil {
			return err
		}
		if err := l2.Lock(ctx); err != nil {
			return err
		}
		l2.Unlock()
		return nil
	}, asyncio.WithName("a"))
	b := asyncio.Go(ctx, func(ctx context.Context) error {
		if err := asyncio.Sleep(ctx, 0); err != nil {
			return err
		}
		if err := l2.Lock(ctx); err != nil {
			return err
		}
		defer l2.Unlock()
		if err := asyncio.Sleep(ctx, 0); err != nil {
			return err
		}
		if err := l1.Lock(ctx); err != nil {
			return err
		}
		l1.Unlock()
		return nil
	}, asyncio.WithName("b"))
	_, err := asyncio.Gather(ctx, a, b)
	return err
}

// panicOnInterleaving panics when the second task runs between the first's
// two steps.
func panicOnInterleaving(ctx context.Context) error {
	step := 0
	first := asyncio.Go(ctx, func(ctx context.Context) error {
		step = 1
		if err := asyncio.Sleep(ctx, 0); err != nil {
			return err
		}
		step = 2
		return nil
	})
	if err := asyncio.Sleep(ctx, 0); err != nil {
		return err
	}
	if err := asyncio.Sleep(ctx, 0); err != nil {
		return err
	}
	if step == 1 {
		panic("interleaved")
	}
	_, err := first.Await(ctx)
	return err
}

func TestExploreReportsDeadlocksAndPanics(t *testing.T) {
	tests := []struct {
		name string
		fn   func(context.Context) error
		want []string
	}{
		{"deadlock", lockOrder, []string{
			"asyncio: deadlock", "a waits on lock Lock(0x", "b waits on lock Lock(0x",
		}},
		{"panic", panicOnInterleaving, []string{
			"asyncio: task panicked: interleaved", "Panic stack:\n", "explore_test.go",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := asyncio.RunLoop(t.Context(), tt.fn); err != nil {
				t.Fatalf("first-in first-out RunLoop = %v, want nil", err)
			}
			explored := &recorder{TB: t}
			asynciotest.Explore(explored, 100, tt.fn)
			msg := explored.failure(t)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("failure %q does not contain %q", msg, w)
				}
			}
			replayed := &recorder{TB: t}
			asynciotest.Replay(replayed, replaySeed(t, msg), tt.fn)
			for _, w := range tt.want {
				if !strings.Contains(replayed.failure(t), w) {
					t.Errorf("replayed failure %q does not contain %q", replayed.failure(t), w)
				}
			}
		})
	}
}

func TestExploreRunsInVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		runs := 0
		asynciotest.Explore(t, 100, func(ctx context.Context) error {
			runs++
			sleeper := asyncio.Go(ctx, func(ctx context.Context) error {
				return asyncio.Sleep(ctx, time.Hour)
			})
			if err := asyncio.Sleep(ctx, time.Hour); err != nil {
				return err
			}
			_, err := sleeper.Await(ctx)
			return err
		})
		if elapsed := time.Since(start); runs != 100 || elapsed != 100*time.Hour {
			t.Errorf("%d runs took %v of virtual time, want 100 runs in 100h", runs, elapsed)
		}
	})
}

func TestSeedEnvMustBeANumber(t *testing.T) {
	t.Setenv(asynciotest.SeedEnv, "tuesday")
	r := &recorder{TB: t}
	calls := 0
	asynciotest.Explore(r, 10, func(ctx context.Context) error { calls++; return nil })
	want := `asynciotest: Explore: ASYNCIOTEST_SEED="tuesday" is not a uint64 (decimal or 0x-prefixed hex)`
	if got := r.failure(t); got != want || calls != 0 {
		t.Errorf("after %d calls, failure:\n  got  %q\n  want %q", calls, got, want)
	}
}

func TestMisusePanics(t *testing.T) {
	ok := func(context.Context) error { return nil }
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"Explore schedules", func() { asynciotest.Explore(t, 0, ok) }, "asynciotest: Explore: schedules must be >= 1, got 0"},
		{"Explore fn", func() { asynciotest.Explore(t, 1, nil) }, "asynciotest: Explore: fn is nil"},
		{"Replay fn", func() { asynciotest.Replay(t, 1, nil) }, "asynciotest: Replay: fn is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tt.want {
					t.Errorf("panic = %v, want %q", got, tt.want)
				}
			}()
			tt.call()
		})
	}
}
