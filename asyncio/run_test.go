package asyncio_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

const runChildEnv = "REXASYNCIO_TEST_RUN_CHILD"

// runners are the two ways to run a main that catch interrupts.
var runners = map[string]func(context.Context, func(context.Context) error) error{
	"Run": asyncio.Run,
	"RunLoop": func(ctx context.Context, main func(context.Context) error) error {
		return asyncio.RunLoop(ctx, main)
	},
}

// Regression (B2): the first interrupt cancels Run's main; the second ends the
// process, as Run's doc says, and RunLoop's. Run used to keep catching
// interrupts until main returned, so a main that ignored its cancellation
// could not be stopped with Ctrl-C. A child process (this test binary) runs
// a main that ignores the cancellation; the test sends it two SIGINTs and
// checks that the second one killed it. Signals cannot reach a synctest
// bubble, so this runs in real time, but it asserts only the order of events
// and the outcome.
func TestRunSecondInterruptEndsTheProcess(t *testing.T) {
	if run := runners[os.Getenv(runChildEnv)]; run != nil {
		runChildIgnoringCancellation(run)
		return
	}
	for name := range runners {
		t.Run(name, func(t *testing.T) { testSecondInterrupt(t, name) })
	}
}

func testSecondInterrupt(t *testing.T, runner string) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunSecondInterruptEndsTheProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), runChildEnv+"="+runner)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := bufio.NewScanner(out)
	expect := func(want string) {
		t.Helper()
		for lines.Scan() {
			if lines.Text() == want {
				return
			}
		}
		_ = cmd.Process.Kill()
		t.Fatalf("the child's output ended before %q", want)
	}
	interrupt := func() {
		t.Helper()
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
	}
	expect("main is running") // the runner catches interrupts from now on
	interrupt()
	expect("main was canceled") // and no more from now on
	interrupt()
	go func() {
		for lines.Scan() { // drain, so the child never blocks on its stdout
		}
		exited <- cmd.Wait()
	}()
	select {
	case err = <-exited:
	case <-time.After(2 * time.Minute): // a generous bound: the signal kills it at once
		_ = cmd.Process.Kill()
		<-exited
		t.Fatalf("the child survived a second interrupt for two minutes: %s swallowed it", runner)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("child exited with %v; want death by SIGINT", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("child exited with %v; want death by SIGINT", err)
	}
}

// runChildIgnoringCancellation is the child: its main says when it runs and
// when it is canceled, and then carries on regardless, so only a signal
// can end the process.
func runChildIgnoringCancellation(run func(context.Context, func(context.Context) error) error) {
	_ = run(context.Background(), func(ctx context.Context) error {
		fmt.Println("main is running")
		<-ctx.Done()
		fmt.Println("main was canceled")
		time.Sleep(5 * time.Minute)
		return nil
	})
	fmt.Println("main returned")
	os.Exit(3)
}
