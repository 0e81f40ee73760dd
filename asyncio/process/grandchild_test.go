//go:build unix

package process_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

func needSleep(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("needs sleep(1)")
	}
}

// A process a function leaves running (sleep 60) ends with its worker's
// process group: when the pool shuts down, and when the worker dies.
func TestGrandchildrenEndWithTheirWorker(t *testing.T) {
	needSleep(t)
	ctx := context.Background()
	tests := []struct {
		name string
		end  func(t *testing.T, p *process.Pool, worker int)
	}{
		{"Shutdown", func(t *testing.T, p *process.Pool, _ int) {
			if err := p.Shutdown(ctx); err != nil {
				t.Fatal(err)
			}
		}},
		{"ShutdownNow", func(t *testing.T, p *process.Pool, _ int) { p.ShutdownNow() }},
		{"worker killed from outside", func(t *testing.T, _ *process.Pool, worker int) {
			if err := syscall.Kill(worker, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if !noChildrenSoon() { // the pool reaps it on its own
				t.Errorf("the killed worker was not reaped: %v", childProcesses())
			}
		}},
		{"worker exits", func(t *testing.T, p *process.Pool, _ int) {
			if _, err := call(ctx, p, exits, 0); !errors.Is(err, process.ErrDied) {
				t.Errorf("exit(0) = %v, want ErrDied", err)
			}
		}},
		{"worker panics", func(t *testing.T, p *process.Pool, _ int) {
			if _, err := call(ctx, p, panics, "boom"); err == nil {
				t.Error("panic returned no error")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPool(t, 1)
			grandchild, err := call(ctx, p, spawnDetached, struct{}{})
			if err != nil {
				t.Fatal(err)
			}
			worker, err := call(ctx, p, pid, struct{}{})
			if err != nil {
				t.Fatal(err)
			}
			tt.end(t, p, worker)
			if !dead(grandchild) {
				t.Errorf("grandchild %d outlived its worker", grandchild)
			}
		})
	}
}

// When the pool's process dies without shutting it down, even by SIGKILL,
// its worker and the worker's grandchild die too.
func TestWorkerAndGrandchildDieWithTheParent(t *testing.T) {
	needSleep(t)
	parent := exec.Command(os.Args[0])
	parent.Env = append(os.Environ(), modeEnv+"=orphaning-parent")
	parent.Stderr = os.Stderr
	parent.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	defer parent.Wait()
	defer parent.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	var worker, grandchild int
	if _, err2 := fmt.Sscanf(line, "worker %d grandchild %d", &worker, &grandchild); err != nil || err2 != nil {
		t.Fatalf("the parent printed %q (%v, %v)", line, err, err2)
	}
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if !dead(worker) {
		t.Errorf("worker %d outlived its parent", worker)
	}
	if !dead(grandchild) {
		t.Errorf("grandchild %d outlived its worker's parent", grandchild)
	}
}
