package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
)

// The fuzz targets (fuzz_*_test.go) decode their input into a sequence of
// operations on one primitive and apply each to the primitive and to a small
// sequential model written in the test, then compare results and state. They
// run in a synctest bubble, so a call that blocks is seen to block: after
// each step synctest.Wait() lets every woken goroutine run until it returns
// or blocks again, and the model says which calls must have returned, with
// what, and which must still be waiting. The blocking calls run on their own
// goroutines with their own cancellable contexts, so that the operations
// include cancelling a waiter, alone or in the same step as the grant it
// races with.
//
// Without -fuzz, go test runs each target's f.Add seeds, and any input the
// fuzzer found failing and wrote to testdata/fuzz/<FuzzName> (commit those:
// they are the regression tests).

// fzOps decodes fuzz input: each operation is an opcode and an argument byte.
type fzOps struct {
	data []byte
	max  int // operations left
}

func newFzOps(data []byte) *fzOps { return &fzOps{data: data, max: 200} }

// next returns the next operation, or false at the end of the input.
func (o *fzOps) next() (op, arg byte, ok bool) {
	if len(o.data) < 2 || o.max == 0 {
		return 0, 0, false
	}
	op, arg, o.data, o.max = o.data[0], o.data[1], o.data[2:], o.max-1
	return op, arg, true
}

// fzResult is what a blocking call returned.
type fzResult struct {
	v   int
	err error
}

func (r fzResult) String() string {
	if r.err != nil {
		return r.err.Error()
	}
	return fmt.Sprint(r.v)
}

// fzCall is a blocking call running on its own goroutine.
type fzCall struct {
	id     int
	what   string
	cancel context.CancelFunc
	out    chan fzResult // buffered: the goroutine never blocks on it
	got    *fzResult     // what it returned, once seen
}

// fzHarness runs the blocking calls of one fuzz input and checks them
// against the model's expectations.
type fzHarness struct {
	t     *testing.T
	calls []*fzCall // every call started, in order
	log   []string  // the steps so far, for failure messages
	want  map[int]*fzResult
}

func newFzHarness(t *testing.T) *fzHarness {
	return &fzHarness{t: t, want: map[int]*fzResult{}}
}

// maxLive bounds the calls waiting at once, to keep each input quick.
const maxLive = 12

// live returns the calls that have not returned, as far as the model knows.
func (h *fzHarness) live() []*fzCall {
	var l []*fzCall
	for _, c := range h.calls {
		if h.want[c.id] == nil {
			l = append(l, c)
		}
	}
	return l
}

// start runs fn on a new goroutine with a cancellable context (already
// cancelled if cancelled is true) and returns the call; the model decides
// later when it must return.
func (h *fzHarness) start(what string, cancelled bool, fn func(ctx context.Context) (int, error)) *fzCall {
	ctx, cancel := context.WithCancel(context.Background())
	if cancelled {
		cancel()
	}
	c := &fzCall{id: len(h.calls), what: what, cancel: cancel, out: make(chan fzResult, 1)}
	h.calls = append(h.calls, c)
	go func() {
		v, err := fn(ctx)
		c.out <- fzResult{v, err}
	}()
	return c
}

// step records what the current step does, for failure messages.
func (h *fzHarness) step(format string, args ...any) {
	h.log = append(h.log, fmt.Sprintf(format, args...))
}

// returns tells the harness that the model says call c returns r now.
func (h *fzHarness) returns(c *fzCall, r fzResult) {
	if h.want[c.id] != nil {
		h.fail("model bug: call %d (%s) returns twice", c.id, c.what)
	}
	h.want[c.id] = &r
}

// check lets the bubble settle and compares every call with the model: a
// call the model says returned must have returned that, and the others must
// still be blocked.
func (h *fzHarness) check() {
	synctest.Wait()
	for _, c := range h.calls {
		if c.got == nil {
			select {
			case r := <-c.out:
				c.got = &r
			default:
			}
		}
		want := h.want[c.id]
		switch {
		case want == nil && c.got != nil:
			h.fail("call %d (%s) returned %v; the model says it is still blocked", c.id, c.what, *c.got)
		case want != nil && c.got == nil:
			h.fail("call %d (%s) is still blocked; the model says it returned %v", c.id, c.what, *want)
		case want != nil && !sameResult(*want, *c.got):
			h.fail("call %d (%s) returned %v; the model says %v", c.id, c.what, *c.got, *want)
		}
	}
}

func sameResult(want, got fzResult) bool {
	if want.err != nil || got.err != nil {
		return errors.Is(got.err, want.err)
	}
	return want.v == got.v
}

// expect fails unless got equals want, naming what was compared.
func fzExpect[T comparable](h *fzHarness, what string, got, want T) {
	if got != want {
		h.fail("%s = %v; the model says %v", what, got, want)
	}
}

// expectErr fails unless err matches want (nil: no error).
func (h *fzHarness) expectErr(what string, err, want error) {
	if (want == nil) != (err == nil) || (want != nil && !errors.Is(err, want)) {
		h.fail("%s: error %v; the model says %v", what, err, want)
	}
}

func (h *fzHarness) fail(format string, args ...any) {
	h.t.Helper()
	for _, c := range h.calls { // so that the bubble can end
		c.cancel()
	}
	h.t.Fatalf("%s\nafter the steps:\n  %s", fmt.Sprintf(format, args...), strings.Join(h.log, "\n  "))
}

// finish cancels every call still blocked and waits for all to return, so
// that the bubble can end; the model must have said which ones return
// ctx.Err() (see cancelAll in each target).
func (h *fzHarness) finish() {
	for _, c := range h.calls {
		c.cancel()
	}
	synctest.Wait()
	for _, c := range h.calls {
		if c.got == nil {
			select {
			case r := <-c.out:
				c.got = &r
			default:
				h.fail("call %d (%s) is still blocked after every call was cancelled", c.id, c.what)
			}
		}
	}
}

// pick returns the live call chosen by arg, or nil if none is live.
func (h *fzHarness) pick(arg byte, filter func(*fzCall) bool) *fzCall {
	var l []*fzCall
	for _, c := range h.live() {
		if filter == nil || filter(c) {
			l = append(l, c)
		}
	}
	if len(l) == 0 {
		return nil
	}
	return l[int(arg)%len(l)]
}

// fzRun runs one fuzz input in a synctest bubble.
func fzRun(t *testing.T, body func(h *fzHarness)) {
	synctest.Test(t, func(t *testing.T) {
		h := newFzHarness(t)
		body(h)
		h.finish()
	})
}
