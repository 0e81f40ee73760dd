//go:build unix

package asyncio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Functions the ProcessExecutor tests run in child processes: this test
// binary, re-executed, serving them from TestMain's ServeProcessWorker.
func init() {
	// A child built with -race sleeps a second when it exits (GORACE's
	// atexit_sleep_ms), which would dominate these tests' run time.
	if g := os.Getenv("GORACE"); !strings.Contains(g, "atexit_sleep_ms") {
		os.Setenv("GORACE", strings.TrimSpace(g+" atexit_sleep_ms=0"))
	}
	asyncio.RegisterProcessFunc("test.square", func(_ context.Context, n int) (int, error) { return n * n, nil })
	asyncio.RegisterProcessFunc("test.pid", func(context.Context, struct{}) (int, error) { return os.Getpid(), nil })
	asyncio.RegisterProcessFunc("test.fail", func(_ context.Context, msg string) (struct{}, error) {
		return struct{}{}, errors.New(msg)
	})
	asyncio.RegisterProcessFunc("test.panic", func(_ context.Context, msg string) (int, error) { panic(msg) })
	asyncio.RegisterProcessFunc("test.exit", func(_ context.Context, code int) (int, error) {
		fmt.Fprintln(os.Stderr, "exiting with", code)
		os.Exit(code)
		return 0, nil
	})
	asyncio.RegisterProcessFunc("test.sigkill", func(context.Context, struct{}) (int, error) {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	})
	asyncio.RegisterProcessFunc("test.sleep", func(_ context.Context, d time.Duration) (struct{}, error) {
		time.Sleep(d)
		return struct{}{}, nil
	})
	// test.print writes to stdout three ways; none may corrupt the protocol.
	asyncio.RegisterProcessFunc("test.print", func(_ context.Context, s string) (string, error) {
		fmt.Println("fmt.Println:", s)
		fmt.Fprintln(os.Stdout, "os.Stdout:", s)
		_, _ = syscall.Write(1, []byte("fd 1: "+s+"\n"))
		return strings.ToUpper(s), nil
	})
	// test.spawn starts a grandchild (sleep), writes its PID to the given
	// file and blocks: cancelling it must kill both.
	asyncio.RegisterProcessFunc("test.spawn", func(_ context.Context, pidFile string) (struct{}, error) {
		cmd := exec.Command("sleep", "30")
		if err := cmd.Start(); err != nil {
			return struct{}{}, err
		}
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)), 0o600); err != nil {
			return struct{}{}, err
		}
		_ = cmd.Wait()
		return struct{}{}, nil
	})
}

// newProcessExecutor returns a ProcessExecutor whose Shutdown, at the end
// of the test, must leave no child process behind.
func newProcessExecutor(t *testing.T, n int, opts ...asyncio.ProcessOption) *asyncio.ProcessExecutor {
	t.Helper()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to check for leftover processes")
	}
	px, err := asyncio.NewProcessExecutor(n, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := px.Shutdown(context.Background(), true); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if kids := childProcesses(t); len(kids) > 0 {
			t.Errorf("child processes left after Shutdown: %v", kids)
		}
	})
	return px
}

// childProcesses lists the test process's children, running or zombie.
func childProcesses(t *testing.T) []string {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	me := strconv.Itoa(os.Getpid())
	var kids []string
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // it exited meanwhile
		}
		// pid (comm) state ppid ...; comm may contain spaces and parentheses.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == me {
			kids = append(kids, s[:strings.LastIndexByte(s, ')')+1]+" "+fields[0])
		}
	}
	return kids
}

// dead reports whether pid has ended within 5 seconds: it is gone, or a
// zombie that only its new parent (init, once we have reaped our children)
// has yet to reap.
func dead(pid int) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if errors.Is(err, os.ErrNotExist) {
			return true
		}
		if s := string(b); err == nil && strings.HasPrefix(strings.TrimSpace(s[strings.LastIndexByte(s, ')')+1:]), "Z") {
			return true
		}
	}
	return false
}

func submit[A, R any](t *testing.T, ctx context.Context, px *asyncio.ProcessExecutor, name string, arg A) (R, error) {
	t.Helper()
	task, err := asyncio.SubmitProcess[A, R](ctx, px, name, arg)
	if err != nil {
		t.Fatal(err)
	}
	return task.Await(ctx)
}

func TestProcessExecutorRoundTripReusesTheChild(t *testing.T) {
	var stderr syncBuffer
	px := newProcessExecutor(t, 1, asyncio.ProcessStderr(&stderr))
	ctx := context.Background()
	if v, err := submit[int, int](t, ctx, px, "test.square", 7); v != 49 || err != nil {
		t.Errorf("square(7) = %d, %v; want 49", v, err)
	}
	pid1, _ := submit[struct{}, int](t, ctx, px, "test.pid", struct{}{})
	if s, err := submit[string, string](t, ctx, px, "test.print", "hi"); s != "HI" || err != nil {
		t.Errorf("print = %q, %v; want HI (printing must not corrupt the protocol)", s, err)
	}
	_, err := submit[string, struct{}](t, ctx, px, "test.fail", "no luck")
	var re *asyncio.RemoteError
	if !errors.As(err, &re) || re.Msg != "no luck" || re.Func != "test.fail" {
		t.Errorf("fail = %v; want a *RemoteError with the message", err)
	}
	pid2, _ := submit[struct{}, int](t, ctx, px, "test.pid", struct{}{})
	if pid1 == os.Getpid() || pid1 == 0 || pid1 != pid2 {
		t.Errorf("calls ran in processes %d and %d (parent %d); want one reused child", pid1, pid2, os.Getpid())
	}
	if err := px.Shutdown(ctx, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fmt.Println: hi", "os.Stdout: hi", "fd 1: hi"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the child's output %q lacks %q", stderr.String(), want)
		}
	}
}

func TestProcessExecutorChildFailuresBecomeProcessErrors(t *testing.T) {
	px := newProcessExecutor(t, 1)
	ctx := context.Background()
	var pe *asyncio.ProcessError
	reaped := func(what string) {
		t.Helper()
		if kids := childProcesses(t); len(kids) > 0 {
			t.Errorf("after %s: children not reaped: %v", what, kids)
		}
	}

	_, err := submit[string, int](t, ctx, px, "test.panic", "boom")
	var panicErr *asyncio.PanicError
	if !errors.As(err, &panicErr) || panicErr.Value != "boom" || !errors.As(err, &pe) || pe.Exit != "exit status 2" {
		t.Errorf("panic: %v; want a *ProcessError (exit status 2) wrapping a *PanicError with boom", err)
	}
	reaped("a panic")

	_, err = submit[int, int](t, ctx, px, "test.exit", 3)
	if !errors.Is(err, asyncio.ErrProcessDied) || !errors.As(err, &pe) || pe.Exit != "exit status 3" || !strings.Contains(pe.Stderr, "exiting with 3") {
		t.Errorf("os.Exit(3): %v; want ErrProcessDied, exit status 3 and the stderr tail", err)
	}
	reaped("os.Exit")

	_, err = submit[struct{}, int](t, ctx, px, "test.sigkill", struct{}{})
	if !errors.Is(err, asyncio.ErrProcessDied) || !errors.As(err, &pe) || pe.Exit != "signal: killed" {
		t.Errorf("SIGKILL: %v; want ErrProcessDied and signal: killed", err)
	}
	reaped("SIGKILL")

	// The pool replaced its dead workers.
	if v, err := submit[int, int](t, ctx, px, "test.square", 3); v != 9 || err != nil {
		t.Errorf("after the failures square(3) = %d, %v", v, err)
	}
}

func TestProcessExecutorTimeoutKillsTheChild(t *testing.T) {
	// The timeout counts from when a worker takes the call, child start-up
	// included; a warm child keeps a loaded machine's start-up out of it.
	px := newProcessExecutor(t, 1, asyncio.ProcessTimeout(time.Second))
	ctx := context.Background()
	if _, err := submit[int, int](t, ctx, px, "test.square", 1); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := submit[time.Duration, struct{}](t, ctx, px, "test.sleep", time.Minute)
	var pe *asyncio.ProcessError
	if !errors.Is(err, asyncio.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &pe) || pe.Exit != "signal: killed" {
		t.Errorf("timeout: %v; want ErrTimeout from a killed child", err)
	}
	if d := time.Since(start); d < time.Second || d > 5*time.Second {
		t.Errorf("the timed-out call returned after %v, want about 1s", d)
	}
	if kids := childProcesses(t); len(kids) > 0 {
		t.Errorf("the timed-out child was not reaped: %v", kids)
	}
	if v, err := submit[int, int](t, ctx, px, "test.square", 3); v != 9 || err != nil {
		t.Errorf("after the timeout square(3) = %d, %v", v, err)
	}
}

func TestProcessExecutorCancelKillsChildAndGrandchild(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("needs sleep(1)")
	}
	px := newProcessExecutor(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	task, err := asyncio.SubmitProcess[string, struct{}](ctx, px, "test.spawn", pidFile)
	if err != nil {
		t.Fatal(err)
	}
	var grandchild int
	for deadline := time.Now().Add(10 * time.Second); grandchild == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(pidFile)
		grandchild, _ = strconv.Atoi(string(b))
	}
	if grandchild == 0 {
		t.Fatal("the child never started its grandchild")
	}
	cancel()
	if _, err := task.Await(context.Background()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call = %v, want context.Canceled", err)
	}
	if kids := childProcesses(t); len(kids) > 0 {
		t.Errorf("children left after the cancelled call returned: %v", kids)
	}
	if !dead(grandchild) {
		t.Errorf("grandchild %d outlived the cancelled call (orphan)", grandchild)
	}
}

func TestProcessExecutorShutdownKillsRunningChildrenWhenCtxEnds(t *testing.T) {
	px := newProcessExecutor(t, 2)
	ctx := context.Background()
	var tasks []*asyncio.Task[struct{}]
	for range 3 { // two run, one waits
		task, err := asyncio.SubmitProcess[time.Duration, struct{}](ctx, px, "test.sleep", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	time.Sleep(100 * time.Millisecond)
	sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := px.Shutdown(sctx, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown = %v, want DeadlineExceeded", err)
	}
	for _, task := range tasks {
		if err := task.Err(); !errors.Is(err, context.Canceled) || !errors.Is(err, asyncio.ErrExecutorShutdown) {
			t.Errorf("%v after a forced Shutdown: want context.Canceled and ErrExecutorShutdown", task)
		}
	}
	if kids := childProcesses(t); len(kids) > 0 {
		t.Errorf("children left after Shutdown returned: %v", kids)
	}
	if _, err := asyncio.SubmitProcess[int, int](ctx, px, "test.square", 2); !errors.Is(err, asyncio.ErrExecutorShutdown) {
		t.Errorf("SubmitProcess after Shutdown = %v, want ErrExecutorShutdown", err)
	}
}

func TestProcessExecutorRunsAtMostMaxWorkersChildren(t *testing.T) {
	px := newProcessExecutor(t, 2)
	ctx := context.Background()
	var tasks []*asyncio.Task[int]
	for range 6 {
		task, err := asyncio.SubmitProcess[struct{}, int](ctx, px, "test.pid", struct{}{})
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

func TestProcessExecutorArgumentErrors(t *testing.T) {
	for _, opts := range [][]asyncio.ProcessOption{nil, {asyncio.ProcessTimeout(-time.Second)}} {
		n := 1
		if opts == nil {
			n = 0
		}
		var ae *asyncio.ArgError
		if px, err := asyncio.NewProcessExecutor(n, opts...); px != nil || !errors.As(err, &ae) {
			t.Errorf("NewProcessExecutor(%d, %v) = %v, %v; want an *ArgError", n, opts, px, err)
		}
	}
	px := newProcessExecutor(t, 1)
	ctx := context.Background()
	var ae *asyncio.ArgError
	if _, err := asyncio.SubmitProcess[int, int](ctx, px, "test.nope", 1); !errors.As(err, &ae) || ae.Arg != "name" {
		t.Errorf("unregistered name: %v, want an *ArgError naming name", err)
	}
	if _, err := asyncio.SubmitProcess[string, int](ctx, px, "test.square", "x"); !errors.As(err, &ae) || ae.Arg != "name" {
		t.Errorf("wrong argument type: %v, want an *ArgError", err)
	}
	defer func() {
		if _, ok := recover().(*asyncio.ArgError); !ok {
			t.Error("registering a name twice did not panic with *ArgError")
		}
	}()
	asyncio.RegisterProcessFunc("test.square", func(_ context.Context, n int) (int, error) { return n, nil })
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The program registers its functions at initialisation, so that its
// re-executed children have them too, and calls ServeProcessWorker first
// thing in main (here, in TestMain):
//
//	func init() {
//		asyncio.RegisterProcessFunc("test.square", func(_ context.Context, n int) (int, error) {
//			return n * n, nil
//		})
//	}
func ExampleSubmitProcess() {
	ctx := context.Background()
	px, err := asyncio.NewProcessExecutor(2, asyncio.ProcessTimeout(10*time.Second))
	if err != nil {
		panic(err)
	}
	defer px.Shutdown(ctx, false)
	task, err := asyncio.SubmitProcess[int, int](ctx, px, "test.square", 12)
	if err != nil {
		panic(err)
	}
	fmt.Println(task.Await(ctx))
	// Output: 144 <nil>
}

// BenchmarkProcessExecutorCall measures one call's round trip to a warm
// child: queueing, JSON both ways, two pipe writes and two process
// switches. Compare BenchmarkExecutor: handing work to a goroutine is two
// orders of magnitude cheaper, which is why ProcessExecutor is for
// isolation, not speed.
//
//	go test -run '^$' -bench ProcessExecutorCall -benchmem ./asyncio
func BenchmarkProcessExecutorCall(b *testing.B) {
	px, err := asyncio.NewProcessExecutor(1)
	if err != nil {
		b.Fatal(err)
	}
	defer px.Shutdown(context.Background(), false)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		task, err := asyncio.SubmitProcess[int, int](ctx, px, "test.square", i)
		if err != nil {
			b.Fatal(err)
		}
		if v, err := task.Await(ctx); v != i*i || err != nil {
			b.Fatal(v, err)
		}
	}
}
