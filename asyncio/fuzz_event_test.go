package asyncio_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// eventModel is the sequential model of an Event: set or not, and the blocked
// Wait calls (all woken together, so their order does not matter).
type eventModel struct {
	h       *fzHarness
	set     bool
	waiters []*fzCall
}

// wakeAll is Set in the model: every waiter returns nil.
func (m *eventModel) wakeAll() {
	m.set = true
	for _, c := range m.waiters {
		m.h.returns(c, fzResult{})
	}
	m.waiters = nil
}

func (m *eventModel) cancel(c *fzCall) {
	c.cancel()
	i := slices.Index(m.waiters, c)
	m.waiters = slices.Delete(m.waiters, i, i+1)
	m.h.returns(c, fzResult{err: context.Canceled})
}

func FuzzEvent(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 0})
	f.Add([]byte{0, 0, 1, 0, 4, 0, 0, 0, 5, 0, 2, 0, 3, 0, 1, 0})
	f.Add([]byte{2, 0, 2, 0, 3, 0, 3, 0, 0, 0, 5, 0, 0, 0, 4, 0, 4, 0})
	// Set, then a Wait with a cancelled ctx returns nil.
	f.Add([]byte{2, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		fzRun(t, func(h *fzHarness) {
			var e asyncio.Event
			m := &eventModel{h: h}
			h.step("zero Event")
			ops := newFzOps(data)
			for {
				op, arg, ok := ops.next()
				if !ok {
					break
				}
				switch op % 6 {
				case 0, 1: // Wait, with a live or an already cancelled ctx
					cancelled := op%6 == 1
					if len(h.live()) >= maxLive {
						continue
					}
					h.step("Wait (ctx cancelled: %v)", cancelled)
					c := h.start("Wait", cancelled, func(ctx context.Context) (int, error) { return 0, e.Wait(ctx) })
					switch {
					case m.set:
						h.returns(c, fzResult{})
					case cancelled:
						h.returns(c, fzResult{err: context.Canceled})
					default:
						m.waiters = append(m.waiters, c)
					}
				case 2:
					h.step("Set")
					e.Set()
					m.wakeAll()
				case 3:
					h.step("Clear")
					e.Clear()
					m.set = false
				case 4: // the waiters woken by Set return even if Clear follows at once
					h.step("Set and Clear in the same instant")
					e.Set()
					e.Clear()
					m.wakeAll()
					m.set = false
				case 5:
					c := h.pick(arg, func(c *fzCall) bool { return slices.Contains(m.waiters, c) })
					if c == nil {
						continue
					}
					h.step("cancel call %d", c.id)
					m.cancel(c)
				}
				h.check()
				fzExpect(h, "IsSet()", e.IsSet(), m.set)
			}
			for len(m.waiters) > 0 {
				m.cancel(m.waiters[0])
			}
			h.check()
		})
	})
}
