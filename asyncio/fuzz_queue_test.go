package asyncio_test

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// queueModel is the sequential model of a Queue, LifoQueue or PriorityQueue:
// the items in the order they were put, the FIFOs of blocked getters and
// putters, the blocked joiners, the count of unfinished items and whether it
// is shut down. pick chooses the item a get takes.
type queueModel struct {
	h          *fzHarness
	maxsize    int
	pick       func(items []int) int
	items      []int
	getters    []*fzCall
	putters    []*fzCall
	putValues  map[*fzCall]int
	joiners    []*fzCall
	unfinished int
	shut       bool
}

func (m *queueModel) full() bool { return m.maxsize > 0 && len(m.items) >= m.maxsize }

// add is an item entering the queue: the first waiting getter gets it, or it
// is stored.
func (m *queueModel) add(v int) {
	m.unfinished++
	if len(m.getters) > 0 {
		m.h.returns(m.getters[0], fzResult{v: v})
		m.getters = m.getters[1:]
		return
	}
	m.items = append(m.items, v)
}

// take removes the next item; the slot it frees goes to the first waiting
// putter, whose item enters the queue.
func (m *queueModel) take() int {
	i := m.pick(m.items)
	v := m.items[i]
	m.items = slices.Delete(m.items, i, i+1)
	if len(m.putters) > 0 {
		p := m.putters[0]
		m.putters = m.putters[1:]
		m.add(m.putValues[p])
		m.h.returns(p, fzResult{v: m.putValues[p]})
	}
	return v
}

// put is Put or TryPut (nowait) of v in the model; for Put, c is the call
// and canceled says whether its ctx was already done. It returns the error
// of a call that returns at once, and whether it blocks.
func (m *queueModel) put(c *fzCall, v int, nowait, canceled bool) (err error, blocks bool) {
	switch {
	case m.shut:
		return asyncio.ErrQueueShutdown, false
	case !m.full():
		m.add(v)
		return nil, false
	case nowait:
		return asyncio.ErrQueueFull, false
	case canceled:
		return context.Canceled, false
	}
	m.putters = append(m.putters, c)
	m.putValues[c] = v
	return nil, true
}

// get is Get or TryGet in the model, as put is for Put.
func (m *queueModel) get(nowait, canceled bool) (v int, err error, blocks bool) {
	switch {
	case len(m.items) > 0:
		return m.take(), nil, false
	case m.shut:
		return 0, asyncio.ErrQueueShutdown, false
	case nowait:
		return 0, asyncio.ErrQueueEmpty, false
	case canceled:
		return 0, context.Canceled, false
	}
	return 0, nil, true
}

// taskDone reports whether TaskDone is allowed, that is must not panic.
func (m *queueModel) taskDone() bool {
	if m.unfinished == 0 {
		return false
	}
	m.unfinished--
	m.checkJoiners()
	return true
}

func (m *queueModel) checkJoiners() {
	if m.unfinished == 0 {
		for _, j := range m.joiners {
			m.h.returns(j, fzResult{})
		}
		m.joiners = nil
	}
}

func (m *queueModel) shutdown(immediate bool) {
	m.shut = true
	if immediate {
		m.unfinished -= min(len(m.items), m.unfinished)
		m.items = nil
		m.checkJoiners()
	}
	for _, c := range append(m.getters, m.putters...) {
		m.h.returns(c, fzResult{err: asyncio.ErrQueueShutdown})
	}
	m.getters, m.putters = nil, nil
}

// cancel is the cancellation of a blocked getter, putter or joiner.
func (m *queueModel) cancel(c *fzCall) {
	c.cancel()
	for _, l := range []*[]*fzCall{&m.getters, &m.putters, &m.joiners} {
		if i := slices.Index(*l, c); i >= 0 {
			*l = slices.Delete(*l, i, i+1)
		}
	}
	m.h.returns(c, fzResult{err: context.Canceled})
}

func (m *queueModel) waiting(c *fzCall) bool {
	return slices.Contains(m.getters, c) || slices.Contains(m.putters, c) || slices.Contains(m.joiners, c)
}

// fuzzQueue applies data to q, made with maxsize from data[0], and to
// queueModel.
func fuzzQueue(t *testing.T, data []byte, newQ func(maxsize int) intQueue, pick func([]int) int) {
	if len(data) == 0 {
		return
	}
	maxsize := int(data[0] % 4)
	fzRun(t, func(h *fzHarness) {
		q := newQ(maxsize)
		m := &queueModel{h: h, maxsize: maxsize, pick: pick, putValues: map[*fzCall]int{}}
		h.step("new queue, maxsize %d", maxsize)
		ops := newFzOps(data[1:])
		for seq := 0; ; seq++ {
			op, arg, ok := ops.next()
			if !ok {
				break
			}
			v := int(arg)*1000 + seq // distinct, and ordered mostly by arg
			switch op % 16 {
			case 0, 1, 12, 13: // Put, with a live or an already canceled ctx
				canceled := op%16 == 1
				if len(h.live()) >= maxLive {
					continue
				}
				h.step("Put(%d) (ctx canceled: %v)", v, canceled)
				c := h.start("Put", canceled, func(ctx context.Context) (int, error) { return v, q.Put(ctx, v) })
				if err, blocks := m.put(c, v, false, canceled); !blocks {
					h.returns(c, fzResult{v: v, err: err})
				}
			case 2, 3, 14, 15: // Get
				canceled := op%16 == 3
				if len(h.live()) >= maxLive {
					continue
				}
				h.step("Get (ctx canceled: %v)", canceled)
				c := h.start("Get", canceled, q.Get)
				if v, err, blocks := m.get(false, canceled); blocks {
					m.getters = append(m.getters, c)
				} else {
					h.returns(c, fzResult{v: v, err: err})
				}
			case 4:
				h.step("TryPut(%d)", v)
				want, _ := m.put(nil, v, true, false)
				h.expectErr("TryPut", q.TryPut(v), want)
			case 5:
				h.step("TryGet")
				wantV, wantErr, _ := m.get(true, false)
				got, err := q.TryGet()
				h.expectErr("TryGet", err, wantErr)
				if wantErr == nil {
					fzExpect(h, "TryGet()", got, wantV)
				}
			case 6:
				h.step("TaskDone")
				ok := m.taskDone()
				ae, other := recoverArgError(q.TaskDone)
				switch {
				case other != nil || ok && ae != nil:
					h.fail("TaskDone with items unfinished panicked: %v %v", ae, other)
				case !ok && ae == nil:
					h.fail("TaskDone with nothing unfinished did not panic")
				}
			case 7:
				if len(h.live()) >= maxLive {
					continue
				}
				h.step("Join")
				c := h.start("Join", false, func(ctx context.Context) (int, error) { return 0, q.Join(ctx) })
				if m.unfinished == 0 {
					h.returns(c, fzResult{})
				} else {
					m.joiners = append(m.joiners, c)
				}
			case 8:
				immediate := arg%2 == 1
				h.step("Shutdown(%v)", immediate)
				q.Shutdown(immediate)
				m.shutdown(immediate)
			case 9:
				c := h.pick(arg, m.waiting)
				if c == nil {
					continue
				}
				h.step("cancel call %d (%s)", c.id, c.what)
				m.cancel(c)
			case 10: // a getter canceled in the instant an item (and, with arg's high bit, a second) arrives for it
				c := h.pick(arg, func(c *fzCall) bool { return slices.Contains(m.getters, c) })
				if c == nil {
					continue
				}
				// A second item only if c is the only getter, whose item then
				// goes back to the store. (With another getter waiting, c
				// passes vs[0] to the first getter still waiting, which may
				// come after the one vs[1] went to: the documented outcome of
				// the race, which the model, cancelling first, does not follow.)
				vs := []int{v}
				if arg&0x80 != 0 && len(m.getters) == 1 {
					vs = append(vs, v+500) // distinct: seq < 500
				}
				h.step("cancel call %d (Get) and TryPut%v in the same instant", c.id, vs)
				// With one P the getter runs only after the puts, so it finds
				// itself canceled and handed vs[0]: it must put vs[0] back in
				// front of vs[1], where the model (cancel first) has it.
				var errs, wants []error
				prev := runtime.GOMAXPROCS(1)
				m.cancel(c)
				for _, v := range vs {
					want, _ := m.put(nil, v, true, false)
					wants = append(wants, want)
					errs = append(errs, q.TryPut(v))
				}
				runtime.GOMAXPROCS(prev)
				for i := range vs {
					h.expectErr("TryPut", errs[i], wants[i])
				}
			case 11: // a putter canceled in the instant a slot frees for it
				c := h.pick(arg, func(c *fzCall) bool { return slices.Contains(m.putters, c) })
				if c == nil {
					continue
				}
				h.step("cancel call %d (Put) and TryGet in the same instant", c.id)
				m.cancel(c)
				wantV, wantErr, _ := m.get(true, false)
				got, err := q.TryGet()
				h.expectErr("TryGet", err, wantErr)
				if wantErr == nil {
					fzExpect(h, "TryGet()", got, wantV)
				}
			}
			h.check()
			fzExpect(h, "Len()", q.Len(), len(m.items))
			fzExpect(h, "Empty()", q.Empty(), len(m.items) == 0)
			fzExpect(h, "Full()", q.Full(), m.full())
			fzExpect(h, "Cap()", q.Cap(), maxsize)
		}
		for _, l := range [][]*fzCall{m.getters, m.putters, m.joiners} {
			for _, c := range slices.Clone(l) {
				m.cancel(c)
			}
		}
		h.check()
		// Every item left comes out, in the model's order.
		for len(m.items) > 0 {
			want := m.take()
			got, err := q.TryGet()
			if err != nil || got != want {
				h.fail("draining: TryGet = %d, %v; the model says %d", got, err, want)
			}
		}
		if _, err := q.TryGet(); !errors.Is(err, asyncio.ErrQueueEmpty) && !errors.Is(err, asyncio.ErrQueueShutdown) {
			h.fail("TryGet on the drained queue: %v", err)
		}
	})
}

func fifoPick(items []int) int { return 0 }
func lifoPick(items []int) int { return len(items) - 1 }
func leastPick(items []int) int {
	return slices.Index(items, slices.Min(items))
}

var queueSeeds = [][]byte{
	{1, 0, 1, 0, 2, 0, 3, 2, 0, 2, 0, 2, 0},
	{1, 2, 0, 2, 0, 10, 0, 4, 5, 0, 0, 0, 0, 11, 0, 5, 0},
	{2, 4, 9, 4, 3, 4, 7, 7, 0, 5, 0, 6, 0, 5, 0, 6, 0, 6, 0},
	{0, 2, 0, 7, 0, 0, 1, 8, 0, 2, 0, 6, 0},
	{1, 4, 1, 0, 2, 0, 3, 8, 1, 2, 0, 9, 0},
	{3, 0, 9, 0, 5, 0, 1, 0, 7, 2, 0, 5, 0, 5, 0, 5, 0},
	{0, 2, 0, 10, 0x80},       // a getter canceled as two items arrive: the first goes back in front
	{2, 2, 0, 10, 0x80, 5, 0}, // the same, bounded, and a TryGet takes the first
}

func FuzzQueue(f *testing.F) {
	for _, s := range queueSeeds {
		f.Add(s)
	}
	// Maxsize 3: gets with a canceled ctx, a putter canceled as GetNowait
	// frees its slot, then Shutdown(immediate) while a Join waits.
	f.Add([]byte{3, 3, 0, 5, 0, 0, 0, 0, 0, 3, 0, 4, 0, 1, 0, 0, 0, 0, 0, 2, 0, 7, 0, 11, 0, 8, 1, 3, 0, 9, 0})
	// Unbounded: three getters, PutNowait and a Put with a canceled ctx
	// hand them items, one is canceled, Shutdown fails the last; puts fail.
	f.Add([]byte{0, 2, 0, 2, 0, 2, 0, 4, 0, 1, 0, 9, 0, 8, 0, 1, 0, 0, 0, 5, 0, 4, 0})
	// A getter canceled as PutNowait comes: the item stays queued.
	f.Add([]byte{1, 2, 0, 10, 0, 1, 0})
	// GetNowait frees the slot a blocked putter waits for.
	f.Add([]byte{1, 1, 0, 0, 0, 5, 0})
	// Shutdown(immediate) fails a waiting getter; it drops an unfinished
	// item, so that a waiting Join returns.
	f.Add([]byte{1, 2, 0, 8, 1})
	f.Add([]byte{0, 0, 0, 7, 0, 8, 1})
	// Unbounded: the buffer grows, once with the items in place and once
	// wrapped around its end.
	f.Add([]byte{0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 5, 0, 5, 0, 5, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzQueue(t, data, func(m int) intQueue { return asyncio.NewQueue[int](m) }, fifoPick)
	})
}

func FuzzLifoQueue(f *testing.F) {
	for _, s := range queueSeeds {
		f.Add(s)
	}
	// Maxsize 1: puts with a canceled ctx, a Join canceled, a putter
	// canceled as GetNowait frees its slot, getters served and canceled.
	f.Add([]byte{1, 3, 0, 1, 0, 1, 0, 0, 0, 0, 0, 3, 0, 7, 0, 9, 1, 11, 0, 2, 0, 4, 0, 2, 0, 2, 0, 1, 0, 9, 0})
	// Shutdown(false) with a putter waiting, then every call after it.
	f.Add([]byte{1, 5, 0, 1, 0, 0, 0, 8, 0, 4, 0, 1, 0, 2, 0, 5, 0, 0, 0, 3, 0, 8, 1})
	// The second of two getters canceled as PutNowait comes.
	f.Add([]byte{0, 2, 0, 2, 0, 0, 0, 10, 0, 3, 0})
	// Shutdown(immediate) fails a waiting getter.
	f.Add([]byte{0, 2, 0, 8, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzQueue(t, data, func(m int) intQueue { return asyncio.NewLifoQueue[int](m) }, lifoPick)
	})
}

func FuzzPriorityQueue(f *testing.F) {
	for _, s := range queueSeeds {
		f.Add(s)
	}
	// Maxsize 2: Shutdown(false) with a putter waiting, a Join, then
	// Shutdown(immediate) with the Join still waiting.
	f.Add([]byte{2, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 3, 0, 8, 0, 3, 0, 2, 0, 4, 0, 3, 0, 7, 0, 1, 0, 8, 1, 9, 0})
	// Shutdown(false) fails a waiting putter, and a Put after it.
	f.Add([]byte{1, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0})
	// PutNowait serves a waiting getter; GetNowait after Shutdown.
	f.Add([]byte{0, 2, 0, 4, 0, 8, 0, 5, 0})
	// A Get with a canceled ctx on an empty queue.
	f.Add([]byte{0, 3, 0})
	// Seven items put out of order come out least first (the heap's paths).
	f.Add([]byte{0, 4, 9, 4, 7, 4, 8, 4, 3, 4, 5, 4, 1, 4, 6, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzQueue(t, data, func(m int) intQueue { return asyncio.NewPriorityQueue(m, cmp.Less[int]) }, leastPick)
	})
}
