package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
)

// lockedBuffer is a strings.Builder safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestInterruptCancelsTheExample sends the process a real SIGINT, as Ctrl-C
// does, while an example waits, on the event loop and on goroutines, and
// checks that the example is cancelled and the command exits 130 with a
// one-line message. It runs in real time: signals cannot reach a synctest
// bubble.
func TestInterruptCancelsTheExample(t *testing.T) {
	for _, goroutines := range []bool{false, true} {
		t.Run(fmt.Sprintf("goroutines=%v", goroutines), func(t *testing.T) {
			testInterrupt(t, &options{color: colorNever, goroutines: goroutines})
		})
	}
}

func testInterrupt(t *testing.T, opts *options) {
	ex := examples.Default()
	ex.Name = "waiter"
	ex.Run = func(ctx context.Context, w io.Writer) error {
		fmt.Fprintln(w, "waiting for Ctrl-C")
		return asyncio.Sleep(ctx, time.Hour) // only the interrupt ends this
	}
	pr, pw := io.Pipe()
	var stderr lockedBuffer
	status := make(chan int, 1)
	go func() {
		defer pw.Close()
		status <- runExamples(context.Background(), []examples.Example{ex, examples.Default()},
			opts, pw, &stderr, fakeEnv(false))
	}()

	// Once the example has printed, the run catches interrupts: the
	// signal cannot kill the test.
	lines := bufio.NewScanner(pr)
	for lines.Scan() && lines.Text() != "waiting for Ctrl-C" {
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	if got := <-status; got != exitInterrupted {
		t.Errorf("status %d, want %d", got, exitInterrupted)
	}
	if got := stderr.String(); got != "rexasyncio: interrupted\n" {
		t.Errorf("stderr %q", got)
	}
	if len(rest) != 0 {
		t.Errorf("went on after the interrupt: %q", rest)
	}
}
