package asyncio_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// lockModel is the sequential model of a Lock: held or not, and the FIFO of
// blocked Lock calls.
type lockModel struct {
	h       *fzHarness
	locked  bool
	waiters []*fzCall
}

// unlock is Unlock in the model: the lock goes to the first waiter, or is
// freed; it reports false if the lock was not held (Unlock panics then).
func (m *lockModel) unlock() bool {
	switch {
	case !m.locked:
		return false
	case len(m.waiters) > 0:
		m.h.returns(m.waiters[0], fzResult{})
		m.waiters = m.waiters[1:]
	default:
		m.locked = false
	}
	return true
}

func (m *lockModel) cancel(c *fzCall) {
	c.cancel()
	i := slices.Index(m.waiters, c)
	m.waiters = slices.Delete(m.waiters, i, i+1)
	m.h.returns(c, fzResult{err: context.Canceled})
}

// unlockChecked calls l.Unlock and checks it against the model, including
// the *ArgError it panics with when the lock is not held.
func unlockChecked(h *fzHarness, l *asyncio.Lock, m *lockModel) {
	want := m.unlock()
	ae, other := recoverArgError(l.Unlock)
	switch {
	case other != nil || want && ae != nil:
		h.fail("Unlock of a held lock panicked: %v %v", ae, other)
	case !want && (ae == nil || ae.Func != "Lock.Unlock"):
		h.fail("Unlock of an unlocked lock: recovered %v; want a panic with an *ArgError naming Lock.Unlock", ae)
	}
}

func FuzzLock(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 3, 0, 3, 0, 3, 0, 3, 0})
	f.Add([]byte{2, 0, 0, 0, 0, 0, 4, 1, 5, 0, 3, 0, 1, 0})
	f.Add([]byte{3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 2, 5, 0, 2, 0})
	// Held: TryLock fails, a Lock with a cancelled ctx returns Canceled.
	f.Add([]byte{0, 0, 2, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		fzRun(t, func(h *fzHarness) {
			var l asyncio.Lock
			m := &lockModel{h: h}
			h.step("zero Lock")
			ops := newFzOps(data)
			for {
				op, arg, ok := ops.next()
				if !ok {
					break
				}
				switch op % 6 {
				case 0, 1: // Lock, with a live or an already cancelled ctx
					cancelled := op%6 == 1
					if len(h.live()) >= maxLive {
						continue
					}
					h.step("Lock (ctx cancelled: %v)", cancelled)
					c := h.start("Lock", cancelled, func(ctx context.Context) (int, error) { return 0, l.Lock(ctx) })
					switch {
					case !m.locked:
						m.locked = true
						h.returns(c, fzResult{})
					case cancelled:
						h.returns(c, fzResult{err: context.Canceled})
					default:
						m.waiters = append(m.waiters, c)
					}
				case 2:
					h.step("TryLock")
					want := !m.locked
					m.locked = true
					fzExpect(h, "TryLock()", l.TryLock(), want)
				case 3:
					h.step("Unlock")
					unlockChecked(h, &l, m)
				case 4, 5: // cancel a waiter, alone or racing an Unlock
					c := h.pick(arg, func(c *fzCall) bool { return slices.Contains(m.waiters, c) })
					if c == nil {
						continue
					}
					withUnlock := op%6 == 5
					h.step("cancel call %d (and Unlock in the same instant: %v)", c.id, withUnlock)
					m.cancel(c)
					if withUnlock {
						unlockChecked(h, &l, m)
					}
				}
				h.check()
				fzExpect(h, "Locked()", l.Locked(), m.locked)
			}
			for len(m.waiters) > 0 {
				m.cancel(m.waiters[0])
			}
			h.check()
			if m.locked {
				unlockChecked(h, &l, m)
			}
			fzExpect(h, "TryLock() at the end", l.TryLock(), true)
		})
	})
}
