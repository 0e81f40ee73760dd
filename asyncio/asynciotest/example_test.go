package asynciotest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/asyncio/asynciotest"
)

// withdrawTwice is a program with a check-then-act bug across an await: an
// ATM and an online payment each withdraw 60 from a balance of 100. The
// online one first awaits a login, which, in first-in first-out order, lets
// the ATM finish its withdrawal before the online check runs.
func withdrawTwice(ctx context.Context) error {
	balance := 100
	withdraw := func(ctx context.Context, amount int) error {
		if balance >= amount {
			// An await between the check and the act: another task may
			// run here, and check the same balance.
			if err := asyncio.Sleep(ctx, 0); err != nil {
				return err
			}
			balance -= amount
		}
		return nil
	}
	atm := asyncio.Go(ctx, func(ctx context.Context) error {
		return withdraw(ctx, 60)
	})
	online := asyncio.Go(ctx, func(ctx context.Context) error {
		if err := asyncio.Sleep(ctx, 0); err != nil { // the login
			return err
		}
		return withdraw(ctx, 60)
	})
	if _, err := asyncio.Gather(ctx, atm, online); err != nil {
		return err
	}
	if balance < 0 {
		return fmt.Errorf("overdraft: balance %d", balance)
	}
	return nil
}

// printTB stands in for the *testing.T of a test: it prints what would fail
// the test.
type printTB struct{ testing.TB }

func (printTB) Helper() {}

func (printTB) Fatalf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

func ExampleExplore() {
	var t printTB // in a test, the test's t

	// The first-in first-out order hides the bug.
	fmt.Println("RunLoop:", asyncio.RunLoop(context.Background(), withdrawTwice))

	// Explore finds a schedule that shows it.
	asynciotest.Explore(t, 100, withdrawTwice)

	// Replay reruns that schedule.
	asynciotest.Replay(t, 0x1, withdrawTwice)

	// Output:
	// RunLoop: <nil>
	// asynciotest: schedule 1 of 100 (seed 0x1) failed: overdraft: balance -20
	// Replay it with asynciotest.Replay(t, 0x1, fn).
	// asynciotest: schedule of seed 0x1 failed: overdraft: balance -20
}
