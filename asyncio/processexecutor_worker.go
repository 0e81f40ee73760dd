package asyncio

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"sync/atomic"
)

// ServeProcessWorker turns this process into a ProcessExecutor worker if it
// was started as one, and otherwise returns at once. Call it first thing in
// main, and in TestMain of any test binary that uses a ProcessExecutor,
// before flags are parsed or anything is printed:
//
//	func main() {
//		asyncio.ServeProcessWorker()
//		...
//	}
//
// As a worker it never returns: it serves calls of the functions registered
// with RegisterProcessFunc, one at a time, until its parent closes its
// stdin or dies, then exits. Its stdin and stdout carry the protocol, so it
// moves them out of the way first: os.Stdin reads nothing and whatever the
// functions print to os.Stdout goes to stderr (on Unix, also writes to file
// descriptor 1 from cgo or the syscall package). A function that panics is
// reported to the parent, and the worker then exits with status 2, since a
// panic may leave its state broken.
//
// The protocol: frames of a 4-byte big-endian length and a JSON document;
// the worker sends a hello, then one reply per request, in order.
func ServeProcessWorker() {
	parent := os.Getenv(processWorkerEnv)
	if parent == "" {
		return
	}
	// Its own ProcessExecutors, if any, start workers of their own.
	os.Unsetenv(processWorkerEnv)
	if parent != strconv.Itoa(os.Getppid()) {
		return // the variable was inherited or set by hand: not our parent's request
	}
	in, out, err := takeProtocolStdio()
	if err != nil {
		fmt.Fprintln(os.Stderr, "asyncio: process worker:", err)
		os.Exit(1)
	}
	os.Exit(serveProcessCalls(in, out))
}

// processHello is the first frame a worker sends, so that the parent knows
// it runs the protocol and not the program's ordinary main.
const processHello = "rexasyncio-process-worker/1"

// maxFrameSize bounds a frame, so that garbage on the pipe fails fast
// instead of making the reader allocate gigabytes.
const maxFrameSize = 256 << 20

type processRequest struct {
	ID   uint64          `json:"id"`
	Func string          `json:"func"`
	Arg  json.RawMessage `json:"arg"`
}

type processReply struct {
	Hello  string          `json:"hello,omitempty"`
	ID     uint64          `json:"id,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Failed bool            `json:"failed,omitempty"` // the function returned Err
	Err    string          `json:"err,omitempty"`
	Panic  string          `json:"panic,omitempty"` // the function panicked with this value
	Stack  string          `json:"stack,omitempty"`
}

// serveProcessCalls is the worker's loop. It returns the exit status.
func serveProcessCalls(in io.Reader, out io.Writer) int {
	if err := writeFrame(out, processReply{Hello: processHello}); err != nil {
		return 1
	}
	// exitStatus is what the worker exits with when its stdin closes: 0, or
	// 2 once it is reporting a panic (the parent closes stdin as soon as it
	// reads the report, racing with the exit below).
	var exitStatus atomic.Int32
	requests := make(chan processRequest)
	go func() {
		br := newFrameReader(in)
		for {
			var req processRequest
			if err := readFrame(br, &req); err != nil {
				// EOF: the parent is done with us, or gone. Either way
				// nobody waits for the call in progress, if any.
				if err != io.EOF {
					fmt.Fprintln(os.Stderr, "asyncio: process worker:", err)
					os.Exit(1)
				}
				os.Exit(int(exitStatus.Load()))
			}
			requests <- req
		}
	}()
	for req := range requests {
		rep := runProcessCall(req)
		if rep.Panic != "" {
			exitStatus.Store(2)
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

// runProcessCall runs one request in the worker, on a goroutine of its own
// so that a function calling runtime.Goexit cannot end the serving loop.
func runProcessCall(req processRequest) processReply {
	f := lookupProcessFunc(req.Func)
	if f == nil {
		return processReply{ID: req.ID, Failed: true, Err: fmt.Sprintf("function %q is not registered in the worker", req.Func)}
	}
	replies := make(chan processReply, 1)
	go func() {
		rep := processReply{ID: req.ID}
		returned := false
		defer func() {
			if !returned {
				r := recover()
				if r == nil {
					r = "runtime.Goexit called"
				}
				rep = processReply{ID: req.ID, Panic: fmt.Sprint(r), Stack: string(debug.Stack())}
			}
			replies <- rep
		}()
		out, err := f.call(context.Background(), req.Arg)
		returned = true
		if err != nil {
			rep.Failed, rep.Err = true, err.Error()
		} else {
			rep.Result = out
		}
	}()
	return <-replies
}

func newFrameReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }

// writeFrame writes v as one frame, in a single Write.
func writeFrame(w io.Writer, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf := make([]byte, 4, 4+len(body))
	binary.BigEndian.PutUint32(buf, uint32(len(body)))
	_, err = w.Write(append(buf, body...))
	return err
}

// readFrame reads one frame into v. It returns io.EOF only at a frame
// boundary; a truncated frame is io.ErrUnexpectedEOF, and anything that is
// not a frame wraps ErrProcessProtocol.
func readFrame(r *bufio.Reader, v any) error {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxFrameSize {
		return fmt.Errorf("%w: frame of %d bytes (output %q is not a frame)", ErrProcessProtocol, n, hdr[:])
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %w", ErrProcessProtocol, err)
	}
	return nil
}
