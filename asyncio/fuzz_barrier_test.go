package asyncio_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// barrierModel is the sequential model of a Barrier: its parties, the calls
// blocked in the current cycle in arrival order, and whether it is broken.
type barrierModel struct {
	h       *fzHarness
	parties int
	waiters []*fzCall
	broken  bool
}

// arrive is a Wait in the model: it fails on a broken barrier, releases the
// cycle if it is the last arrival (each gets its position among those who
// stayed), fails at once if cancelled, or blocks.
func (m *barrierModel) arrive(c *fzCall, cancelled bool) {
	switch {
	case m.broken:
		m.h.returns(c, fzResult{err: asyncio.ErrBrokenBarrier})
	case len(m.waiters)+1 == m.parties:
		for i, w := range m.waiters {
			m.h.returns(w, fzResult{v: i})
		}
		m.h.returns(c, fzResult{v: len(m.waiters)})
		m.waiters = nil
	case cancelled:
		m.h.returns(c, fzResult{err: context.Canceled})
	default:
		m.waiters = append(m.waiters, c)
	}
}

// breakCycle is Reset or Abort in the model: the waiters of the cycle fail.
func (m *barrierModel) breakCycle(broken bool) {
	for _, w := range m.waiters {
		m.h.returns(w, fzResult{err: asyncio.ErrBrokenBarrier})
	}
	m.waiters = nil
	m.broken = broken
}

func (m *barrierModel) cancel(c *fzCall) {
	c.cancel()
	i := slices.Index(m.waiters, c)
	m.waiters = slices.Delete(m.waiters, i, i+1)
	m.h.returns(c, fzResult{err: context.Canceled})
}

func FuzzBarrier(f *testing.F) {
	f.Add([]byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{1, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0})
	f.Add([]byte{3, 0, 0, 0, 0, 1, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0})
	// One party: a Wait with a cancelled ctx passes; after Abort one fails.
	f.Add([]byte{0, 1, 0, 3, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		parties := 1 + int(data[0]%4)
		fzRun(t, func(h *fzHarness) {
			b := asyncio.NewBarrier(parties)
			m := &barrierModel{h: h, parties: parties}
			h.step("NewBarrier(%d)", parties)
			ops := newFzOps(data[1:])
			for {
				op, arg, ok := ops.next()
				if !ok {
					break
				}
				switch op % 5 {
				case 0, 1: // Wait, with a live or an already cancelled ctx
					cancelled := op%5 == 1
					if len(h.live()) >= maxLive {
						continue
					}
					h.step("Wait (ctx cancelled: %v)", cancelled)
					c := h.start("Wait", cancelled, b.Wait)
					m.arrive(c, cancelled)
				case 2:
					h.step("Reset")
					b.Reset()
					m.breakCycle(false)
				case 3:
					h.step("Abort")
					b.Abort()
					m.breakCycle(true)
				case 4:
					c := h.pick(arg, func(c *fzCall) bool { return slices.Contains(m.waiters, c) })
					if c == nil {
						continue
					}
					h.step("cancel call %d", c.id)
					m.cancel(c)
				}
				h.check()
				fzExpect(h, "NWaiting()", b.NWaiting(), len(m.waiters))
				fzExpect(h, "Broken()", b.Broken(), m.broken)
				fzExpect(h, "Parties()", b.Parties(), parties)
			}
			for len(m.waiters) > 0 {
				m.cancel(m.waiters[0])
			}
			h.check()
		})
	})
}
