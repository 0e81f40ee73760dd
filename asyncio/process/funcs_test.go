//go:build unix

package process_test

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

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// The functions the tests run in workers: this test binary, re-executed,
// serving them from TestMain's ServeIfChild.
var (
	square = process.Register("test.square", func(_ context.Context, n int) (int, error) { return n * n, nil })
	pid    = process.Register("test.pid", func(context.Context, struct{}) (int, error) { return os.Getpid(), nil })
	fail   = process.Register("test.fail", func(_ context.Context, msg string) (struct{}, error) {
		return struct{}{}, errors.New(msg)
	})
	panics = process.Register("test.panic", func(_ context.Context, msg string) (int, error) { panic(msg) })
	exits  = process.Register("test.exit", func(_ context.Context, code int) (int, error) {
		fmt.Fprintln(os.Stderr, "exiting with", code)
		os.Exit(code)
		return 0, nil
	})
	sigkill = process.Register("test.sigkill", func(context.Context, struct{}) (int, error) {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	})
	sleep = process.Register("test.sleep", func(_ context.Context, d time.Duration) (struct{}, error) {
		time.Sleep(d)
		return struct{}{}, nil
	})
	// prints writes to stdout three ways; none may corrupt the protocol.
	prints = process.Register("test.print", func(_ context.Context, s string) (string, error) {
		fmt.Println("fmt.Println:", s)
		fmt.Fprintln(os.Stdout, "os.Stdout:", s)
		_, _ = syscall.Write(1, []byte("fd 1: "+s+"\n"))
		return strings.ToUpper(s), nil
	})
	// spawn starts a grandchild (sleep), writes its PID to the given file
	// and waits for it: canceling the call must kill both.
	spawn = process.Register("test.spawn", func(_ context.Context, pidFile string) (struct{}, error) {
		cmd := exec.Command("sleep", "60")
		if err := cmd.Start(); err != nil {
			return struct{}{}, err
		}
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)), 0o600); err != nil {
			return struct{}{}, err
		}
		_ = cmd.Wait()
		return struct{}{}, nil
	})
	// spawnDetached starts a grandchild (sleep) and returns its PID at once,
	// leaving it running.
	spawnDetached = process.Register("test.spawnDetached", func(context.Context, struct{}) (int, error) {
		cmd := exec.Command("sleep", "60")
		if err := cmd.Start(); err != nil {
			return 0, err
		}
		return cmd.Process.Pid, nil
	})
	length = process.Register("test.length", func(_ context.Context, s string) (int, error) { return len(s), nil })
	repeat = process.Register("test.repeat", func(_ context.Context, n int) (string, error) { return strings.Repeat("x", n), nil })
)

// call submits a call of f and awaits it.
func call[A, R any](ctx context.Context, p *process.Pool, f process.Func[A, R], arg A) (R, error) {
	task, err := f.Submit(ctx, p, arg)
	if err != nil {
		var r R
		return r, err
	}
	return task.Await(ctx)
}

// newPool returns a pool whose Shutdown, at the end of the test, must leave
// no child process behind.
func newPool(t *testing.T, n int, opts ...process.Option) *process.Pool {
	t.Helper()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to check for leftover processes")
	}
	p := process.NewPool(n, opts...)
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if kids := childProcesses(); len(kids) > 0 {
			t.Errorf("child processes left after Shutdown: %v", kids)
		}
	})
	return p
}

// childProcesses lists the test process's children, running or zombie.
func childProcesses() []string {
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
		end := strings.LastIndexByte(s, ')')
		fields := strings.Fields(s[end+1:])
		if len(fields) > 1 && fields[1] == me {
			kids = append(kids, s[:end+1]+" "+fields[0])
		}
	}
	return kids
}

// noChildrenSoon reports whether the test process has no children within a
// generous deadline, for a worker that the pool reaps on its own.
func noChildrenSoon() bool {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if len(childProcesses()) == 0 {
			return true
		}
	}
	return false
}

// dead reports whether pid has ended within a generous deadline: it is
// gone, or a zombie that only its new parent has yet to reap.
func dead(pid int) bool {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
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
