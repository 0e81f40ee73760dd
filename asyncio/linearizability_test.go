package asyncio_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// These tests record what many goroutines saw while they hammered one Queue
// or Semaphore for real (no synctest: the interleavings are the scheduler's),
// and ask porcupine whether some order of the operations, each taking effect
// at one instant between its call and its return, explains every result with
// a sequential model. If none does, the primitive let a goroutine see a state
// that never existed: a lost item, a doubled permit, an item out of order, a
// "full" queue that was not full.
//
// The models are the primitives' documented semantics, which include three
// windows where a call is half done (see linHistory): a woken getter holds
// its item's slot until it returns, a woken putter holds a reserved slot
// until it fills it, and a call cancelled at the instant it was woken holds
// what it was handed until it passes it on. The long run also counts how
// many histories a strict model, with every call atomic, rejects because of
// those windows (RELIABILITY.md).
//
// A few hundred histories run in go test; REXASYNCIO_LONG=1 runs thousands.

// linClock hands out timestamps: a shared counter orders the calls and
// returns of all goroutines as they really happened, which is all porcupine
// needs.
type linClock struct{ n atomic.Int64 }

func (c *linClock) now() int64 { return c.n.Add(1) }

// linHistory collects the operations of one run, safe for concurrent use.
//
// A blocking call is recorded twice over in ops, as two operations with the
// same interval (phase 1 and phase 2, paired by id), because that is what the
// primitives document: a woken getter holds its item's slot until it
// returns, a woken putter holds a reserved slot until it fills it, and a
// call cancelled at the instant it was woken holds what it was handed until
// it passes it on. The model lets phase 1 take the item or slot and phase 2
// give the slot up, each at its own instant within the call. whole records
// every call as one operation, for the strict model that ignores those
// windows.
type linHistory struct {
	clock  linClock
	mu     sync.Mutex
	ids    int
	ops    []porcupine.Operation
	whole  []porcupine.Operation
	phased int // calls recorded in two phases
}

// do runs fn as one call of client and records it as one atomic operation.
func (h *linHistory) do(client int, in linIn, fn func() linOut) linOut {
	call := h.clock.now()
	out := fn()
	ret := h.clock.now()
	op := porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret}
	h.mu.Lock()
	h.ops = append(h.ops, op)
	h.whole = append(h.whole, op)
	h.mu.Unlock()
	return out
}

// do2 runs fn as one call of client; if twoPhase(out) it records it as two
// operations, phase 1 and 2 of the same interval, else as one.
func (h *linHistory) do2(client int, in linIn, fn func() linOut, twoPhase func(linOut) bool) linOut {
	call := h.clock.now()
	out := fn()
	ret := h.clock.now()
	op := porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.whole = append(h.whole, op)
	if !twoPhase(out) {
		h.ops = append(h.ops, op)
		return out
	}
	h.ids++
	h.phased++
	for phase := 1; phase <= 2; phase++ {
		in.id, in.phase = h.ids, phase
		op.Input = in
		h.ops = append(h.ops, op)
	}
	return out
}

type linOp int

const (
	linPut linOp = iota
	linTryPut
	linGet
	linTryGet
	linShutdown
	linAcquire
	linTryAcquire
	linRelease
)

var linOpNames = [...]string{"Put", "TryPut", "Get", "TryGet", "Shutdown", "Acquire", "TryAcquire", "Release"}

// linIn is an operation's input: what was called, with which value, and,
// for a call recorded in two phases, which phase of which call.
type linIn struct {
	op    linOp
	v     int
	id    int
	phase int // 0: the whole call
}

// linOut is an operation's output.
type linOut struct {
	v   int
	ok  bool  // TryAcquire's result
	err error // nil or the error returned
}

func describeLin(input, output any) string {
	in, out := input.(linIn), output.(linOut)
	name := linOpNames[in.op]
	if in.phase > 0 {
		name = fmt.Sprintf("%s#%d.%d", name, in.id, in.phase)
	}
	switch {
	case in.op == linPut || in.op == linTryPut:
		name = fmt.Sprintf("%s(%d)", name, in.v)
	default:
		name += "()"
	}
	switch {
	case out.err != nil:
		return name + " -> " + out.err.Error()
	case in.op == linGet || in.op == linTryGet:
		return fmt.Sprintf("%s -> %d", name, out.v)
	case in.op == linTryAcquire:
		return fmt.Sprintf("%s -> %v", name, out.ok)
	}
	return name + " -> ok"
}

// linCheck fails t unless the history ops is linearizable under model; a
// check that times out is logged, not failed.
func linCheck(t *testing.T, model porcupine.Model, ops []porcupine.Operation, what string) {
	t.Helper()
	res, info := porcupine.CheckOperationsVerbose(model, ops, 20*time.Second)
	switch res {
	case porcupine.Ok:
	case porcupine.Unknown:
		t.Logf("%s: the check timed out; history of %d operations not decided", what, len(ops))
	default:
		t.Fatalf("%s: history is not linearizable:\n%s", what, linDump(t, model, info, ops))
	}
}

// linDump lists ops in call order and, if REXASYNCIO_PORCUPINE_DIR is set,
// writes porcupine's HTML visualization there.
func linDump(t *testing.T, model porcupine.Model, info porcupine.LinearizationInfo, ops []porcupine.Operation) string {
	var b strings.Builder
	ops = slices.Clone(ops)
	slices.SortStableFunc(ops, func(a, b porcupine.Operation) int { return cmp.Compare(a.Call, b.Call) })
	for _, op := range ops {
		fmt.Fprintf(&b, "  [%4d,%4d] client %2d: %s\n", op.Call, op.Return, op.ClientId, describeLin(op.Input, op.Output))
	}
	if dir := os.Getenv("REXASYNCIO_PORCUPINE_DIR"); dir != "" {
		path := fmt.Sprintf("%s/%s.html", dir, strings.ReplaceAll(t.Name(), "/", "_"))
		if err := porcupine.VisualizePath(model, info, path); err == nil {
			fmt.Fprintf(&b, "visualization: %s\n", path)
		}
	}
	return b.String()
}

// linStrictOK reports whether ops is linearizable under model, for the
// figures of the long run; a timeout counts as linearizable.
func linStrictOK(model porcupine.Model, ops []porcupine.Operation) bool {
	return porcupine.CheckOperationsTimeout(model, ops, 5*time.Second) != porcupine.Illegal
}

// linHeld is the part of a model's state that the two-phase calls add: the
// ids of the calls between their phases. It is immutable: every change
// returns a new slice.
type linHeld []int

func (h linHeld) has(id int) bool { return slices.Contains(h, id) }

func (h linHeld) with(id int) linHeld {
	n := append(slices.Clone(h), id)
	slices.Sort(n)
	return n
}

func (h linHeld) without(id int) linHeld {
	i := slices.Index(h, id)
	return slices.Delete(slices.Clone(h), i, i+1)
}

// ---- Queue ----

// linQState is the queue model's state: the items in the store, in the order
// they were put; the slots held by calls between their phases (an item handed
// to a woken getter, a slot reserved for a woken putter); whether the queue is
// shut down.
type linQState struct {
	items []int
	held  linHeld
	shut  bool
}

func (s linQState) withItems(items []int) linQState { s.items = items; return s }

// linQueueModel is a queue of at most maxsize items (unbounded if <= 0)
// whose Get returns the item pick chooses: the first for FIFO, the last for
// LIFO, the least for priority order. strict treats every call as atomic,
// as a plain sequential queue would be; otherwise blocking calls come in two
// phases (see linHistory).
func linQueueModel(maxsize int, pick func(items []int) int, strict bool) porcupine.Model {
	room := func(s linQState) bool { return maxsize <= 0 || len(s.items)+len(s.held) < maxsize }
	put := func(s linQState, v int) linQState { return s.withItems(append(slices.Clip(s.items), v)) }
	take := func(s linQState, out linOut) (linQState, bool) {
		if len(s.items) == 0 || out.err != nil {
			return s, false
		}
		i := pick(s.items)
		if s.items[i] != out.v {
			return s, false
		}
		return s.withItems(slices.Delete(slices.Clone(s.items), i, i+1)), true
	}
	one := func(s linQState, ok bool) []any {
		if ok {
			return []any{s}
		}
		return nil
	}
	step := func(state, input, output any) []any {
		s, in, out := state.(linQState), input.(linIn), output.(linOut)
		switch {
		case in.op == linShutdown:
			s.shut = true
			return []any{s}
		case in.op == linTryPut || (in.op == linPut && in.phase == 0):
			switch {
			case s.shut:
				return one(s, out.err == asyncio.ErrQueueShutdown)
			case !room(s) && in.op == linTryPut:
				return one(s, out.err == asyncio.ErrQueueFull)
			case !room(s):
				return nil // a blocking Put waits for room
			}
			return one(put(s, in.v), out.err == nil)
		case in.op == linPut && in.phase == 1: // the slot is granted
			next := []any{}
			if out.err == asyncio.ErrQueueShutdown {
				next = append(next, s) // refused, no slot taken...
			}
			if !s.shut && room(s) && (out.err == nil || out.err == asyncio.ErrQueueShutdown) {
				r := s // ...or granted just before the shutdown
				r.held = s.held.with(in.id)
				next = append(next, r)
			}
			return next
		case in.op == linPut && in.phase == 2: // the slot is filled
			if s.held.has(in.id) {
				s.held = s.held.without(in.id)
			} else if out.err == nil {
				return nil
			}
			if out.err == nil {
				return one(put(s, in.v), !s.shut)
			}
			return one(s, s.shut && out.err == asyncio.ErrQueueShutdown)
		case in.op == linTryGet || (in.op == linGet && in.phase == 0):
			if len(s.items) == 0 {
				switch {
				case s.shut:
					return one(s, out.err == asyncio.ErrQueueShutdown)
				case in.op == linTryGet:
					return one(s, out.err == asyncio.ErrQueueEmpty)
				}
				return nil // a blocking Get waits for an item
			}
			return one(take(s, out))
		case in.op == linGet && in.phase == 1: // the item is handed over
			r, ok := take(s, out)
			r.held = s.held.with(in.id)
			return one(r, ok)
		case in.op == linGet && in.phase == 2: // the getter returns: its slot frees
			if !s.held.has(in.id) {
				return nil
			}
			s.held = s.held.without(in.id)
			return []any{s}
		}
		return nil
	}
	if strict {
		inner := step
		step = func(state, input, output any) []any {
			in := input.(linIn)
			in.phase = 0
			return inner(state, in, output)
		}
	}
	nm := porcupine.NondeterministicModel{
		Init: func() []any { return []any{linQState{}} },
		Step: step,
		Equal: func(a, b any) bool {
			x, y := a.(linQState), b.(linQState)
			return x.shut == y.shut && slices.Equal(x.items, y.items) && slices.Equal(x.held, y.held)
		},
		DescribeOperation: describeLin,
		DescribeState: func(state any) string {
			s := state.(linQState)
			return fmt.Sprintf("%v held=%v shut=%v", s.items, s.held, s.shut)
		},
	}
	return nm.ToModel()
}

// linQueueRun records one history: producers put their own distinct values,
// blocking or not, while consumers get, blocking or not; once the producers
// are done the queue is shut down, and the consumers drain it until
// ErrQueueShutdown. Nothing is cancelled, so every call returns.
func linQueueRun(rng *rand.Rand, q intQueue, producers, consumers, perProducer int) *linHistory {
	h := &linHistory{}
	ctx := context.Background()
	blockingGetDone := func(out linOut) bool { return out.err == nil }
	always := func(linOut) bool { return true }
	var wg, prodWG sync.WaitGroup
	for p := range producers {
		prodWG.Add(1)
		seed := rng.Uint64()
		go func() {
			defer prodWG.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			for i := range perProducer {
				v := p*1000 + i
				if r.IntN(2) == 0 {
					h.do2(p, linIn{op: linPut, v: v}, func() linOut { return linOut{v: v, err: q.Put(ctx, v)} }, always)
				} else {
					h.do(p, linIn{op: linTryPut, v: v}, func() linOut { return linOut{v: v, err: q.TryPut(v)} })
				}
			}
		}()
	}
	for c := range consumers {
		wg.Add(1)
		client := producers + c
		seed := rng.Uint64()
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 2))
			for {
				var out linOut
				if r.IntN(2) == 0 {
					out = h.do2(client, linIn{op: linGet}, func() linOut {
						v, err := q.Get(ctx)
						return linOut{v: v, err: err}
					}, blockingGetDone)
				} else {
					out = h.do(client, linIn{op: linTryGet}, func() linOut {
						v, err := q.TryGet()
						return linOut{v: v, err: err}
					})
				}
				if out.err == asyncio.ErrQueueShutdown {
					return
				}
			}
		}()
	}
	prodWG.Wait()
	h.do(producers+consumers, linIn{op: linShutdown}, func() linOut { q.Shutdown(false); return linOut{} })
	wg.Wait()
	return h
}

// linHistories is how many histories each check records: a few hundred in
// go test, thousands in the long run.
func linHistories(short, long int) int {
	if longRun() {
		return long
	}
	return short
}

// linTally counts what the linearizability tests checked, for the figures
// in RELIABILITY.md (logged with -v).
type linTally struct {
	histories, ops, phased, strictFailures int
}

func (c *linTally) add(h *linHistory) {
	c.histories++
	c.ops += len(h.whole)
	c.phased += h.phased
}

func (c *linTally) log(t *testing.T) {
	t.Logf("%d histories, %d calls (%d in two phases) checked", c.histories, c.ops, c.phased)
	if longRun() {
		t.Logf("strict model (every call atomic): %d of %d histories not linearizable", c.strictFailures, c.histories)
	}
}

func TestLinearizableQueues(t *testing.T) {
	first := func(items []int) int { return 0 }
	last := func(items []int) int { return len(items) - 1 }
	least := func(items []int) int { return slices.Index(items, slices.Min(items)) }
	kinds := []struct {
		name string
		new  func(int) intQueue
		pick func([]int) int
	}{
		{"Queue", func(m int) intQueue { return asyncio.NewQueue[int](m) }, first},
		{"LifoQueue", func(m int) intQueue { return asyncio.NewLifoQueue[int](m) }, last},
		{"PriorityQueue", func(m int) intQueue { return asyncio.NewPriorityQueue(m, cmp.Less[int]) }, least},
	}
	seed := relSeed(t)
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, uint64(len(k.name))))
			var tally linTally
			for i := range linHistories(100, 2000) {
				maxsize := rng.IntN(4) // 0: unbounded
				var h *linHistory
				what := fmt.Sprintf("seed %d history %d (maxsize %d)", seed, i, maxsize)
				relWithin(t, 20*time.Second, what, func() {
					h = linQueueRun(rng, k.new(maxsize), 3, 3, 3+rng.IntN(4))
				})
				linCheck(t, linQueueModel(maxsize, k.pick, false), h.ops, what)
				tally.add(h)
				if longRun() && !linStrictOK(linQueueModel(maxsize, k.pick, true), h.whole) {
					tally.strictFailures++
				}
			}
			tally.log(t)
		})
	}
}

// ---- Semaphore ----

// linSState is the semaphore model's state: the free permits, and the calls
// between their phases (an Acquire cancelled at the instant it was handed a
// permit, which holds it until it passes it on).
type linSState struct {
	free int
	held linHeld
}

// linSemModel is a counting semaphore, bounded by bound if bound > 0. A
// successful Acquire is atomic; one that failed took nothing, or, recorded in
// two phases, held a permit in between that it gave back (strict: nothing).
func linSemModel(initial, bound int, strict bool) porcupine.Model {
	step := func(state, input, output any) []any {
		s, in, out := state.(linSState), input.(linIn), output.(linOut)
		one := func(s linSState, ok bool) []any {
			if ok {
				return []any{s}
			}
			return nil
		}
		if strict {
			in.phase = 0
		}
		switch in.op {
		case linAcquire:
			switch {
			case out.err == nil && in.phase == 0:
				return one(linSState{s.free - 1, s.held}, s.free > 0)
			case !errors.Is(out.err, context.DeadlineExceeded):
				return nil
			case in.phase == 0:
				return []any{s}
			case in.phase == 1: // handed a permit at the instant of the deadline, or not
				next := []any{s}
				if s.free > 0 {
					next = append(next, linSState{s.free - 1, s.held.with(in.id)})
				}
				return next
			default: // gives it back, never above the bound
				if s.held.has(in.id) {
					return one(linSState{s.free + 1, s.held.without(in.id)}, bound == 0 || s.free < bound)
				}
				return []any{s}
			}
		case linTryAcquire:
			if out.ok {
				return one(linSState{s.free - 1, s.held}, s.free > 0)
			}
			return one(s, s.free == 0)
		case linRelease:
			if bound > 0 && s.free >= bound {
				return one(s, out.err == errOverReleased)
			}
			return one(linSState{s.free + 1, s.held}, out.err == nil)
		}
		return nil
	}
	nm := porcupine.NondeterministicModel{
		Init: func() []any { return []any{linSState{free: initial}} },
		Step: step,
		Equal: func(a, b any) bool {
			x, y := a.(linSState), b.(linSState)
			return x.free == y.free && slices.Equal(x.held, y.held)
		},
		DescribeOperation: describeLin,
		DescribeState: func(state any) string {
			s := state.(linSState)
			return fmt.Sprintf("%d free, held by %v", s.free, s.held)
		},
	}
	return nm.ToModel()
}

// linSemaphore is what Semaphore and BoundedSemaphore share, with Release
// returning an error: always nil for Semaphore, errOverReleased for an
// over-released BoundedSemaphore.
type linSemaphore interface {
	Acquire(context.Context) error
	TryAcquire() bool
	Release() error
}

type linPlainSem struct{ *asyncio.Semaphore }

func (s linPlainSem) Release() error { s.Semaphore.Release(); return nil }

type linBoundedSem struct{ *asyncio.BoundedSemaphore }

func (s linBoundedSem) Release() error { return boundedRelease(s.BoundedSemaphore)() }

// linSemRun records one history: each client acquires (blocking, with a
// short deadline now and then, or trying), holds the permit for a moment and
// releases it; client 0 releases once more than it acquired at the end, which
// a BoundedSemaphore must refuse when all its permits are free.
func linSemRun(rng *rand.Rand, s linSemaphore, clients, rounds int) *linHistory {
	h := &linHistory{}
	failed := func(out linOut) bool { return out.err != nil }
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		seed := rng.Uint64()
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 3))
			for range rounds {
				var got bool
				switch r.IntN(3) {
				case 0:
					out := h.do(c, linIn{op: linAcquire}, func() linOut { return linOut{err: s.Acquire(context.Background())} })
					got = out.err == nil
				case 1:
					ctx, cancel := context.WithTimeout(context.Background(), time.Duration(r.IntN(50))*time.Microsecond)
					out := h.do2(c, linIn{op: linAcquire}, func() linOut { return linOut{err: s.Acquire(ctx)} }, failed)
					cancel()
					got = out.err == nil
				default:
					out := h.do(c, linIn{op: linTryAcquire}, func() linOut { return linOut{ok: s.TryAcquire()} })
					got = out.ok
				}
				if got {
					if r.IntN(2) == 0 {
						time.Sleep(time.Duration(r.IntN(20)) * time.Microsecond)
					}
					h.do(c, linIn{op: linRelease}, func() linOut { return linOut{err: s.Release()} })
				}
			}
			if c == 0 {
				h.do(c, linIn{op: linRelease}, func() linOut { return linOut{err: s.Release()} })
			}
		}()
	}
	wg.Wait()
	return h
}

func TestLinearizableSemaphores(t *testing.T) {
	seed := relSeed(t)
	for _, bounded := range []bool{false, true} {
		name := "Semaphore"
		if bounded {
			name = "BoundedSemaphore"
		}
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			var tally linTally
			for i := range linHistories(100, 2000) {
				initial := 1 + rng.IntN(2)
				var s linSemaphore
				bound := 0
				if bounded {
					b := asyncio.NewBoundedSemaphore(initial)
					s, bound = linBoundedSem{b}, initial
				} else {
					p := asyncio.NewSemaphore(initial)
					s = linPlainSem{p}
				}
				var h *linHistory
				what := fmt.Sprintf("seed %d history %d (initial %d)", seed, i, initial)
				relWithin(t, 20*time.Second, what, func() { h = linSemRun(rng, s, 4, 5) })
				linCheck(t, linSemModel(initial, bound, false), h.ops, what)
				tally.add(h)
				if longRun() && !linStrictOK(linSemModel(initial, bound, true), h.whole) {
					tally.strictFailures++
				}
			}
			tally.log(t)
		})
	}
}
