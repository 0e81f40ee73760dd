// Package multiprocessing runs functions in child processes, as Python's
// multiprocessing does: three children each send a greeting back, a fourth
// crashes without harming the parent, and a pipe carries messages to and
// from another program, a shell.
package multiprocessing

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// The functions that child processes run, registered in package-level
// variables, so that the children, which are this same program started
// again, have them too.
var (
	greetFromChild = process.Register("multiprocessing.greet",
		func(_ context.Context, name string) (string, error) {
			return fmt.Sprintf("child %d says hello to %s", os.Getpid(),
				name), nil
		})
	crashChild = process.Register("multiprocessing.crash",
		func(context.Context, struct{}) (string, error) {
			// A goroutine's unrecovered panic ends its whole process.
			go func() { panic("a goroutine gave up") }()
			select {} // until then
		})
)

// Run plays the Python counterpart's main().
func Run(ctx context.Context, w io.Writer) error {
	names := []string{"ada", "grace", "ken"}
	procs := process.NewPool(len(names))
	// Reaps every child; if ctx is canceled, kills them first.
	defer procs.Shutdown(ctx)
	fmt.Fprintf(w, "parent: process %d, with up to %d child processes\n",
		os.Getpid(), len(names))

	// Like Process(target=greet).start() and queue.get(): each reply
	// comes back over its child's stdout, and AsCompleted takes them in
	// the order they arrive.
	greetings := make([]*asyncio.Task[string], len(names))
	for i, name := range names {
		task, err := greetFromChild.Submit(ctx, procs, name)
		if err != nil {
			return err
		}
		greetings[i] = task
	}
	for greeting, err := range asyncio.AsCompleted(ctx, greetings) {
		if err != nil {
			return err
		}
		fmt.Fprintln(w, greeting)
	}

	// In-process, that panic would end the parent too. Here only the
	// child dies, and the pool starts another one when it needs one.
	crash, err := crashChild.Submit(ctx, procs, struct{}{})
	if err != nil {
		return err
	}
	_, err = crash.Await(ctx)
	if pe, ok := errors.AsType[*process.Error](err); ok {
		panicked, _, _ := strings.Cut(pe.Stderr, "\n")
		fmt.Fprintf(w, "child %d died (%s): %s\n", pe.PID, pe.Exit, panicked)
		fmt.Fprintln(w, "parent: still here")
	} else if err != nil {
		return err
	}

	// Like multiprocessing.Pipe, with another program at the other end: a
	// shell loop that sends each line back upper case.
	sh := exec.CommandContext(ctx, "sh", "-c",
		`while read -r line; do echo "$line" | tr a-z A-Z; done`)
	toSh, err := sh.StdinPipe()
	if err != nil {
		return err
	}
	fromSh, err := sh.StdoutPipe()
	if err != nil {
		return err
	}
	if err := sh.Start(); errors.Is(err, exec.ErrNotFound) {
		fmt.Fprintln(w, "pipe: skipped, there is no sh here")
		return nil
	} else if err != nil {
		return err
	}
	fmt.Fprintf(w, "pipe: to sh, process %d\n", sh.Process.Pid)
	replies := bufio.NewScanner(fromSh)
	for _, msg := range []string{"hello", "from", "go"} {
		fmt.Fprintln(toSh, msg)
		if !replies.Scan() {
			break // sh is gone: Wait says why
		}
		fmt.Fprintf(w, "pipe: sent %q, got %q\n", msg, replies.Text())
	}
	toSh.Close() // end of input: the loop ends, and sh exits
	if err := sh.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err() // CommandContext killed it
		}
		return err
	}
	fmt.Fprintf(w, "pipe: sh ended: %s\n", sh.ProcessState)
	return nil
}
