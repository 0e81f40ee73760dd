package process

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync/atomic"
)

// ServeIfChild turns this process into a worker if a [Pool] started it, and
// otherwise returns at once. Call it first thing in main, and in TestMain of a
// test binary that uses a pool, before flags are parsed or anything is printed:
//
//	func main() {
//		process.ServeIfChild()
//		...
//	}
//
// A pool's workers are this program started again, since Go cannot fork a
// running program. In a worker ServeIfChild never returns: it serves calls of
// the functions registered with [Register], one at a time, until its parent
// closes its stdin or dies, then kills its process group, itself included. A
// pool marks its workers with an environment variable naming the parent and the
// pool's token; a process without one meant for it removes it and goes on. In a
// worker, os.Stdin reads nothing and what the functions print to os.Stdout goes
// to stderr, since stdin and stdout carry the calls. A worker whose function
// panicked exits with status 2 once it has reported the panic.
func ServeIfChild() {
	v, ok := os.LookupEnv(workerEnv)
	if !ok {
		return
	}
	// Neither the program nor its own children are to see it.
	os.Unsetenv(workerEnv)
	cfg, ok := parseWorkerConfig(v)
	if !ok || cfg.ppid != os.Getppid() {
		return
	}
	in, out, err := takeProtocolStdio()
	if err != nil {
		fmt.Fprintln(os.Stderr, "process: worker:", err)
		os.Exit(1)
	}
	onParentDeath(endProcessGroup)
	os.Exit(serve(in, out, cfg))
}

// serve is the worker's loop. It returns the exit status.
func serve(in io.Reader, out io.Writer, cfg workerConfig) int {
	if err := writeFrame(out, reply{Hello: helloVersion, Token: cfg.token}); err != nil {
		return 1
	}
	// reportedPanic is set once the worker is reporting a panic: then it
	// exits with status 2 when its stdin closes (the parent closes it as
	// soon as it reads the report, racing with the exit below).
	var reportedPanic atomic.Bool
	requests := make(chan request)
	go func() {
		br := newFrameReader(in)
		for {
			var req request
			if err := readFrame(br, cfg.frameLimit+frameEnvelope, &req); err != nil {
				// EOF: the parent is done with us, or gone. Either way
				// nobody waits for the call in progress, if any.
				status := 0
				if err != io.EOF {
					fmt.Fprintln(os.Stderr, "process: worker:", err)
					status = 1
				}
				if reportedPanic.Load() {
					os.Exit(2) // the parent, alive, ends the group
				}
				endProcessGroup()
				os.Exit(status)
			}
			requests <- req
		}
	}()
	for req := range requests {
		rep := runCall(req, cfg.frameLimit)
		if rep.Panic != "" {
			reportedPanic.Store(true)
		}
		if err := writeFrame(out, rep); err != nil {
			return 1
		}
		if rep.Panic != "" {
			return 2
		}
	}
	return 0
}

// runCall runs one request in the worker, on a goroutine of its own so that
// a function calling runtime.Goexit cannot end the serving loop.
func runCall(req request, limit int) reply {
	e, ok := lookup(req.Func)
	if !ok {
		return reply{ID: req.ID, Unknown: true}
	}
	replies := make(chan reply, 1)
	go func() {
		rep := reply{ID: req.ID}
		returned := false
		defer func() {
			if !returned {
				r := recover()
				if r == nil {
					r = "runtime.Goexit called"
				}
				rep = reply{ID: req.ID, Panic: cut(fmt.Sprint(r)), Stack: cut(string(debug.Stack()))}
				if rep.Panic == "" {
					rep.Panic = fmt.Sprintf("%#v", r) // panic("") still panics
				}
			}
			replies <- rep
		}()
		out, tooLarge, err := e.call(context.Background(), req.Arg, limit)
		returned = true
		switch {
		case err != nil:
			rep.Failed, rep.Err = true, cut(err.Error())
		case tooLarge > 0:
			rep.TooLarge = tooLarge
		default:
			rep.Result = out
		}
	}()
	return <-replies
}
