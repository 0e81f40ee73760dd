// Package asynciotest runs a program on [asyncio.RunLoop] under many
// schedules, to find the bugs that depend on the order in which ready tasks
// run.
//
// The loop runs ready tasks first-in first-out, so a program behaves the same
// on every run, and a bug that needs another order stays hidden. A
// check-then-act across an await is the classic one. An ATM and an online
// payment each withdraw 60 from a balance of 100:
//
//	withdraw := func(ctx context.Context, amount int) error {
//		if balance >= amount {
//			if err := asyncio.Sleep(ctx, 0); err != nil { // any await
//				return err
//			}
//			balance -= amount
//		}
//		return nil
//	}
//
// The online payment first awaits a login. First-in first-out, the ATM's
// withdrawal ends during that login, the online check sees 40 and refuses,
// and the program passes on every run. In another order both checks see
// 100 and the balance ends at -20. [Explore] finds such an order:
//
//	func TestWithdraw(t *testing.T) {
//		asynciotest.Explore(t, 100, withdrawTwice)
//	}
//
// fails with
//
//	asynciotest: schedule 1 of 100 (seed 0x1) failed: overdraft: balance -20
//	Replay it with asynciotest.Replay(t, 0x1, fn).
//
// and [Replay] reruns that schedule, as often as it takes to fix the bug.
//
// A schedule only reorders tasks at the points where they block in package
// asyncio. Goroutines started with the go statement, and code that blocks
// outside the package, are not explored. Exploration samples schedules; it
// does not enumerate them, so passing is evidence, not proof.
//
// Wrap Explore in [testing/synctest.Test] when the program sleeps or times
// out: the loop then runs in the bubble's virtual time, and exploring a
// program that sleeps for an hour takes no real hour.
package asynciotest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// SeedEnv is the environment variable that sets the base of the seeds
// [Explore] draws its schedules from: a uint64, decimal or 0x-prefixed hex.
// Unset, the base is 0, so every run of a test explores the same schedules;
// set it (CI can use the date, or a run number it prints) to explore others.
// An environment variable, unlike a flag, can be given to `go test ./...`
// without breaking the packages that do not import asynciotest.
const SeedEnv = "ASYNCIOTEST_SEED"

// Explore runs fn on an [asyncio.RunLoop] schedules times, each to the end,
// and fails t at the first run whose fn returns an error, panics or
// deadlocks. The first run uses the loop's first-in first-out order. Run i,
// for i ≥ 1, draws its schedule with [asyncio.WithRandomSchedule] from the
// seed base+i, where base is read from [SeedEnv] (0 by default). The failure,
// reported with t.Fatalf, names the run, the seed and fn's error (with the
// stack of a panic) and says how to replay it with [Replay].
//
// fn runs as RunLoop's main: the tasks it leaves running are canceled when
// it returns, and the run ends when they have returned. fn must build its
// state afresh on every call. Inside a [testing/synctest] bubble, the runs
// take virtual time.
//
// Explore panics if schedules < 1 or fn is nil.
func Explore(t testing.TB, schedules int, fn func(context.Context) error) {
	t.Helper()
	if schedules < 1 {
		panic(fmt.Sprintf("asynciotest: Explore: schedules must be >= 1, got %d", schedules))
	}
	if fn == nil {
		panic("asynciotest: Explore: fn is nil")
	}
	base, err := seedBase()
	if err != nil {
		t.Fatalf("asynciotest: Explore: %v", err)
		return
	}
	if err := runSchedule(fn); err != nil {
		t.Fatalf("asynciotest: schedule 0 of %d (first-in first-out) failed: %v\n"+
			"It fails on every run, under asyncio.RunLoop without options.%s",
			schedules, err, panicStack(err))
		return
	}
	for i := 1; i < schedules; i++ {
		seed := base + uint64(i)
		if err := runSchedule(fn, asyncio.WithRandomSchedule(seed)); err != nil {
			t.Fatalf("asynciotest: schedule %d of %d (seed %#x) failed: %v\n"+
				"Replay it with asynciotest.Replay(t, %#x, fn).%s",
				i, schedules, seed, err, seed, panicStack(err))
			return
		}
	}
}

// Replay runs fn once on an [asyncio.RunLoop] with the schedule that
// [asyncio.WithRandomSchedule](seed) draws, the one [Explore] reported with
// that seed, and fails t with t.Fatalf, as Explore does, if fn returns an
// error, panics or deadlocks. The schedule is the same on every replay as
// long as fn makes the same calls: its order must not depend on work off the
// loop or on real time. A failure of Explore's first-in first-out run has no
// seed: [asyncio.RunLoop] without options reruns it.
//
// Replay panics if fn is nil.
func Replay(t testing.TB, seed uint64, fn func(context.Context) error) {
	t.Helper()
	if fn == nil {
		panic("asynciotest: Replay: fn is nil")
	}
	if err := runSchedule(fn, asyncio.WithRandomSchedule(seed)); err != nil {
		t.Fatalf("asynciotest: schedule of seed %#x failed: %v%s", seed, err, panicStack(err))
	}
}

func runSchedule(fn func(context.Context) error, opts ...asyncio.LoopOption) error {
	return asyncio.RunLoop(context.Background(), fn, opts...)
}

// seedBase reads SeedEnv.
func seedBase() (uint64, error) {
	s, ok := os.LookupEnv(SeedEnv)
	if !ok || s == "" {
		return 0, nil
	}
	base, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a uint64 (decimal or 0x-prefixed hex)", SeedEnv, s)
	}
	return base, nil
}

// panicStack returns the stack of a panic that err holds, as a suffix of the
// failure message.
func panicStack(err error) string {
	var pe *asyncio.PanicError
	if !errors.As(err, &pe) || len(pe.Stack) == 0 {
		return ""
	}
	return "\nPanic stack:\n" + string(pe.Stack)
}
