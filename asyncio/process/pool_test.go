//go:build unix

package process_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

func TestRoundTripReusesTheWorker(t *testing.T) {
	var stderr syncBuffer
	p := newPool(t, 1, process.WithStderr(&stderr))
	ctx := context.Background()
	if v, err := call(ctx, p, square, 7); v != 49 || err != nil {
		t.Errorf("square(7) = %d, %v; want 49", v, err)
	}
	pid1, _ := call(ctx, p, pid, struct{}{})
	if s, err := call(ctx, p, prints, "hi"); s != "HI" || err != nil {
		t.Errorf("prints = %q, %v; want HI (printing must not corrupt the protocol)", s, err)
	}
	_, err := call(ctx, p, fail, "no luck")
	var re *process.RemoteError
	if !errors.As(err, &re) || re.Msg != "no luck" || re.Func != "test.fail" {
		t.Errorf("fail = %v; want a *RemoteError with the message", err)
	}
	pid2, _ := call(ctx, p, pid, struct{}{})
	if pid1 == os.Getpid() || pid1 == 0 || pid1 != pid2 {
		t.Errorf("calls ran in processes %d and %d (parent %d); want one reused worker", pid1, pid2, os.Getpid())
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fmt.Println: hi", "os.Stdout: hi", "fd 1: hi"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the worker's output %q lacks %q", stderr.String(), want)
		}
	}
}

func TestMapReturnsResultsInOrder(t *testing.T) {
	p := newPool(t, 2)
	ctx := context.Background()
	got, err := square.Map(ctx, p, []int{1, 2, 3, 4, 5, 6, 7})
	if want := []int{1, 4, 9, 16, 25, 36, 49}; err != nil || !equal(got, want) {
		t.Errorf("Map = %v, %v; want %v", got, err, want)
	}
	if got, err := square.Map(ctx, p, nil); err != nil || len(got) != 0 {
		t.Errorf("Map(nil) = %v, %v; want no results", got, err)
	}
	_, err = fail.Map(ctx, p, []string{"first", "second"})
	var re *process.RemoteError
	if !errors.As(err, &re) {
		t.Errorf("Map of failing calls = %v, want a *RemoteError", err)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWorkerFailuresBecomeErrors(t *testing.T) {
	p := newPool(t, 1)
	ctx := context.Background()
	var pe *process.Error
	reaped := func(what string) {
		t.Helper()
		if kids := childProcesses(); len(kids) > 0 {
			t.Errorf("after %s: workers not reaped: %v", what, kids)
		}
	}

	_, err := call(ctx, p, panics, "boom")
	var panicErr *asyncio.PanicError
	if !errors.As(err, &panicErr) || panicErr.Value != "boom" || !errors.As(err, &pe) || pe.Exit != "exit status 2" {
		t.Errorf("panic: %v; want an *Error (exit status 2) wrapping a *PanicError with boom", err)
	}
	reaped("a panic")

	_, err = call(ctx, p, exits, 3)
	if !errors.Is(err, process.ErrDied) || !errors.As(err, &pe) || pe.Exit != "exit status 3" || !strings.Contains(pe.Stderr, "exiting with 3") {
		t.Errorf("os.Exit(3): %v; want ErrDied, exit status 3 and the stderr tail", err)
	}
	reaped("os.Exit")

	_, err = call(ctx, p, sigkill, struct{}{})
	if !errors.Is(err, process.ErrDied) || !errors.As(err, &pe) || pe.Exit != "signal: killed" {
		t.Errorf("SIGKILL: %v; want ErrDied and signal: killed", err)
	}
	reaped("SIGKILL")

	// The pool replaced its dead workers.
	if v, err := call(ctx, p, square, 3); v != 9 || err != nil {
		t.Errorf("after the failures square(3) = %d, %v", v, err)
	}
}

// The call timeout counts from the request's sending, so the outcome does
// not depend on how long the worker took to start: the call fails with the
// timeout, its worker killed and reaped, and the next call gets a new one.
func TestTimeoutKillsTheWorkerAndReplacesIt(t *testing.T) {
	const timeout = time.Second
	p := newPool(t, 1, process.WithTimeout(timeout))
	ctx := context.Background()
	start := time.Now()
	_, err := call(ctx, p, sleep, time.Hour)
	var pe *process.Error
	if !errors.Is(err, asyncio.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &pe) || pe.Exit != "signal: killed" {
		t.Errorf("timeout: %v; want ErrTimeout from a killed worker", err)
	}
	if d := time.Since(start); d < timeout {
		t.Errorf("the timed-out call returned after %v, before its timeout of %v", d, timeout)
	}
	if kids := childProcesses(); len(kids) > 0 {
		t.Errorf("the timed-out worker was not reaped: %v", kids)
	}
	if v, err := call(ctx, p, square, 3); v != 9 || err != nil {
		t.Errorf("after the timeout square(3) = %d, %v", v, err)
	}
}

// A worker held back from starting for longer than the call timeout still
// serves the call: its start-up is not the call's time. (The call itself
// has the whole timeout, 2s, for a round trip of microseconds.)
func TestTimeoutExcludesTheWorkersStart(t *testing.T) {
	const timeout = 2 * time.Second
	gate := filepath.Join(t.TempDir(), "go")
	t.Setenv(holdStartEnv, gate)
	p := newPool(t, 1, process.WithTimeout(timeout))
	ctx := context.Background()
	task, err := square.Submit(ctx, p, 5)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(timeout + timeout/4) // the worker waits at the gate
	if err := os.WriteFile(gate, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := task.Await(ctx); v != 25 || err != nil {
		t.Errorf("square(5) after a start longer than the timeout = %d, %v; want 25", v, err)
	}
}

func TestCancelKillsWorkerAndGrandchild(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("needs sleep(1)")
	}
	p := newPool(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	task, err := spawn.Submit(ctx, p, pidFile)
	if err != nil {
		t.Fatal(err)
	}
	var grandchild int
	for deadline := time.Now().Add(30 * time.Second); grandchild == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(pidFile)
		grandchild, _ = strconv.Atoi(string(b))
	}
	if grandchild == 0 {
		t.Fatal("the worker never started its grandchild")
	}
	cancel()
	if _, err := task.Await(context.Background()); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled call = %v, want context.Canceled", err)
	}
	if kids := childProcesses(); len(kids) > 0 {
		t.Errorf("children left after the canceled call returned: %v", kids)
	}
	if !dead(grandchild) {
		t.Errorf("grandchild %d outlived the canceled call (orphan)", grandchild)
	}
}

func TestShutdownKillsRunningWorkersWhenCtxEnds(t *testing.T) {
	p := newPool(t, 2)
	ctx := context.Background()
	var tasks []*asyncio.Task[struct{}]
	for range 3 { // two run, one waits
		task, err := sleep.Submit(ctx, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	time.Sleep(100 * time.Millisecond)
	sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := p.Shutdown(sctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown = %v, want DeadlineExceeded", err)
	}
	checkStoppedByShutdown(t, p, tasks)
}

func TestShutdownNowKillsRunningWorkers(t *testing.T) {
	p := newPool(t, 2)
	ctx := context.Background()
	var tasks []*asyncio.Task[struct{}]
	for range 3 { // two run, one waits
		task, err := sleep.Submit(ctx, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	time.Sleep(100 * time.Millisecond)
	p.ShutdownNow()
	checkStoppedByShutdown(t, p, tasks)
	p.ShutdownNow() // again: nothing to do
	if err := p.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown after ShutdownNow = %v", err)
	}
}

// checkStoppedByShutdown checks the state a forced shutdown leaves.
func checkStoppedByShutdown(t *testing.T, p *process.Pool, tasks []*asyncio.Task[struct{}]) {
	t.Helper()
	for _, task := range tasks {
		if err := task.Err(); !errors.Is(err, context.Canceled) || !errors.Is(err, asyncio.ErrExecutorShutdown) {
			t.Errorf("%v after a forced shutdown: want context.Canceled and ErrExecutorShutdown", task)
		}
	}
	if kids := childProcesses(); len(kids) > 0 {
		t.Errorf("children left after the shutdown returned: %v", kids)
	}
	if _, err := square.Submit(context.Background(), p, 2); !errors.Is(err, asyncio.ErrExecutorShutdown) {
		t.Errorf("Submit after the shutdown = %v, want ErrExecutorShutdown", err)
	}
	if _, err := square.Map(context.Background(), p, []int{2}); !errors.Is(err, asyncio.ErrExecutorShutdown) {
		t.Errorf("Map after the shutdown = %v, want ErrExecutorShutdown", err)
	}
}

func TestRunsAtMostNWorkers(t *testing.T) {
	p := newPool(t, 2)
	ctx := context.Background()
	var tasks []*asyncio.Task[int]
	for range 6 {
		task, err := pid.Submit(ctx, p, struct{}{})
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	pids := map[int]bool{}
	for _, task := range tasks {
		pid, err := task.Await(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pids[pid] = true
	}
	if len(pids) > 2 {
		t.Errorf("6 calls ran in %d processes, want at most 2", len(pids))
	}
}
