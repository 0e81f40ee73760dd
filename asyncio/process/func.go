package process

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Func is a function registered with [Register]: a typed handle that calls it
// in a [Pool]'s workers, taking an A and returning an R. Copy it freely. The
// zero Func is not usable: its methods panic with an [*asyncio.ArgError].
type Func[A, R any] struct{ name string }

// entry is a registered function, with its argument and result encoded.
type entry struct {
	// call runs the function on arg; a result over limit bytes is
	// reported as tooLarge instead of returned.
	call func(ctx context.Context, arg []byte, limit int) (result []byte, tooLarge int, err error)
}

var registry struct {
	sync.Mutex
	m map[string]entry
}

// poolMade is set by the first NewPool: a function registered after it
// might be missing in workers, which run only the program's initialisation.
var poolMade atomic.Bool

// Register registers fn under name, so that workers can run it, and returns its
// typed handle. Call it at package initialisation, in a package-level variable
// or init: a worker knows only the functions registered by the time main calls
// [ServeIfChild]. A and R must round-trip through encoding/json. fn's context
// is never canceled: the pool stops a call by killing its worker. Register
// panics with an [*asyncio.ArgError] if fn is nil, name is empty, longer than
// 1 KiB or taken, or a [Pool] has been made already.
func Register[A, R any](name string, fn func(context.Context, A) (R, error)) Func[A, R] {
	const call = "process.Register"
	switch {
	case fn == nil:
		panic(&asyncio.ArgError{Func: call, Arg: "fn", Reason: "is nil"})
	case name == "":
		panic(&asyncio.ArgError{Func: call, Arg: "name", Reason: "is empty"})
	case len(name) > maxNameLen:
		panic(&asyncio.ArgError{Func: call, Arg: "name", Reason: "is longer than " + strconv.Itoa(maxNameLen) + " bytes"})
	}
	e := entry{call: func(ctx context.Context, raw []byte, limit int) ([]byte, int, error) {
		var a A
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, 0, fmt.Errorf("decoding the argument: %w", err)
		}
		r, err := fn(ctx, a)
		if err != nil {
			return nil, 0, err
		}
		out, err := json.Marshal(r)
		if err != nil {
			return nil, 0, fmt.Errorf("encoding the result: %w", err)
		}
		if len(out) > limit {
			return nil, len(out), nil
		}
		return out, 0, nil
	}}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.m[name]; dup {
		panic(&asyncio.ArgError{Func: call, Arg: "name", Reason: strconv.Quote(name) + " is already registered"})
	}
	if poolMade.Load() {
		panic(&asyncio.ArgError{Func: call, Arg: "name", Reason: strconv.Quote(name) +
			" is registered after a Pool was made: register functions in package-level variables, so that workers have them too"})
	}
	if registry.m == nil {
		registry.m = make(map[string]entry)
	}
	registry.m[name] = e
	return Func[A, R]{name: name}
}

func lookup(name string) (entry, bool) {
	registry.Lock()
	defer registry.Unlock()
	e, ok := registry.m[name]
	return e, ok
}

// Name returns the name f was registered under.
func (f Func[A, R]) Name() string { return f.name }

// Submit queues a call of f with arg in one of p's workers and returns its task
// at once, like ProcessPoolExecutor.submit. Calls start in submission order,
// and run off the loop, if any. The task fails with a [*RemoteError] if the
// function returns an error, and with an [*Error] if its worker fails.
// Canceling the task skips a queued call and kills the worker of a running
// one; the task then fails with the context's error. Submit returns an error, queueing nothing, if arg
// cannot be encoded, exceeds the frame limit ([ErrFrameTooLarge]), or p is shut
// down ([asyncio.ErrExecutorShutdown]). It panics with an [*asyncio.ArgError] if
// ctx is nil, f is a zero Func, or p is nil or a zero Pool.
func (f Func[A, R]) Submit(ctx context.Context, p *Pool, arg A, opts ...asyncio.TaskOption) (*asyncio.Task[R], error) {
	mustHaveCtx(ctx, "Func.Submit")
	f.mustBeMade("Func.Submit")
	p.mustBeMade("Func.Submit")
	raw, err := f.encode(p, arg)
	if err != nil {
		return nil, err
	}
	return asyncio.Submit(ctx, p.exec, func(ctx context.Context) (R, error) {
		return f.run(ctx, p, raw)
	}, opts...)
}

// Map calls f on every argument in p's workers and returns the results in
// argument order, like ProcessPoolExecutor.map. It blocks and fails as
// [asyncio.Map] does; a running call it cancels has its worker killed. Every
// argument is encoded first: if one cannot be, or exceeds the frame limit, Map
// returns that error and runs nothing. It returns [asyncio.ErrExecutorShutdown]
// once p is shut down, and panics as Submit does.
func (f Func[A, R]) Map(ctx context.Context, p *Pool, args []A) ([]R, error) {
	mustHaveCtx(ctx, "Func.Map")
	f.mustBeMade("Func.Map")
	p.mustBeMade("Func.Map")
	raws := make([][]byte, len(args))
	for i, a := range args {
		raw, err := f.encode(p, a)
		if err != nil {
			return nil, err
		}
		raws[i] = raw
	}
	return asyncio.Map(ctx, p.exec, raws, func(ctx context.Context, raw []byte) (R, error) {
		return f.run(ctx, p, raw)
	})
}

func mustHaveCtx(ctx context.Context, call string) {
	if ctx == nil {
		panic(&asyncio.ArgError{Func: call, Arg: "ctx", Reason: "is nil (use context.Background() or context.TODO())"})
	}
}

func (f Func[A, R]) mustBeMade(call string) {
	if f.name == "" {
		panic(&asyncio.ArgError{Func: call, Arg: "f", Reason: "is a zero Func (use Register)"})
	}
}

// encode encodes arg and checks it against p's frame limit.
func (f Func[A, R]) encode(p *Pool, arg A) ([]byte, error) {
	raw, err := json.Marshal(arg)
	if err != nil {
		return nil, fmt.Errorf("process: %s: encoding the argument: %w", f.name, err)
	}
	if len(raw) > p.frameLimit {
		return nil, &frameSizeError{fn: f.name, what: "argument", size: len(raw), limit: p.frameLimit}
	}
	return raw, nil
}

// run makes the call in one of p's workers and decodes its result.
func (f Func[A, R]) run(ctx context.Context, p *Pool, arg []byte) (R, error) {
	var r R
	out, err := p.call(ctx, f.name, arg)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return r, fmt.Errorf("process: %s: decoding the result: %w", f.name, err)
	}
	return r, nil
}
