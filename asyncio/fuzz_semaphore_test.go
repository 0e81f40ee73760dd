package asyncio_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// semModel is the sequential model of a Semaphore or BoundedSemaphore: free
// permits and the FIFO of blocked Acquires.
type semModel struct {
	h       *fzHarness
	free    int
	bounded bool
	bound   int
	waiters []*fzCall
}

// release is Release in the model: the first waiter gets the permit, or it
// becomes free, unless a BoundedSemaphore already has all its permits free.
//
// (A BoundedSemaphore of 0 refuses every Release, even with waiters, as
// CPython's does: its waiters can never be woken.)
func (m *semModel) release() error {
	if m.bounded && m.free >= m.bound {
		return errOverReleased
	}
	if len(m.waiters) > 0 {
		m.h.returns(m.waiters[0], fzResult{})
		m.waiters = m.waiters[1:]
		return nil
	}
	m.free++
	return nil
}

// cancel is the cancellation of waiter c: it leaves the queue and returns
// context.Canceled.
func (m *semModel) cancel(c *fzCall) {
	c.cancel()
	i := slices.Index(m.waiters, c)
	m.waiters = slices.Delete(m.waiters, i, i+1)
	m.h.returns(c, fzResult{err: context.Canceled})
}

// fuzzSemaphore applies data to a semaphore with the given initial value,
// bounded or not, and to semModel.
func fuzzSemaphore(t *testing.T, data []byte, bounded bool) {
	if len(data) == 0 {
		return
	}
	initial := int(data[0] % 4)
	fzRun(t, func(h *fzHarness) {
		var (
			acquire    func(context.Context) error
			tryAcquire func() bool
			release    func() error
			locked     func() bool
		)
		m := &semModel{h: h, free: initial}
		if bounded {
			s := asyncio.NewBoundedSemaphore(initial)
			acquire, tryAcquire, release, locked = s.Acquire, s.TryAcquire, boundedRelease(s), s.Locked
			m.bounded, m.bound = true, initial
		} else {
			s := asyncio.NewSemaphore(initial)
			acquire, tryAcquire, locked = s.Acquire, s.TryAcquire, s.Locked
			release = func() error { s.Release(); return nil }
		}
		h.step("new semaphore(%d), bounded %v", initial, bounded)
		ops := newFzOps(data[1:])
		for {
			op, arg, ok := ops.next()
			if !ok {
				break
			}
			switch op % 6 {
			case 0, 1: // Acquire, with a live or an already cancelled ctx
				cancelled := op%6 == 1
				if len(h.live()) >= maxLive {
					continue
				}
				h.step("Acquire (ctx cancelled: %v)", cancelled)
				c := h.start("Acquire", cancelled, func(ctx context.Context) (int, error) { return 0, acquire(ctx) })
				switch {
				case m.free > 0 && len(m.waiters) == 0:
					m.free--
					h.returns(c, fzResult{})
				case cancelled:
					h.returns(c, fzResult{err: context.Canceled})
				default:
					m.waiters = append(m.waiters, c)
				}
			case 2:
				h.step("TryAcquire")
				want := m.free > 0
				if want {
					m.free--
				}
				fzExpect(h, "TryAcquire()", tryAcquire(), want)
			case 3:
				h.step("Release")
				h.expectErr("Release()", release(), m.release())
			case 4, 5: // cancel a waiter, alone or racing a Release
				c := h.pick(arg, func(c *fzCall) bool { return slices.Contains(m.waiters, c) })
				if c == nil {
					continue
				}
				withRelease := op%6 == 5
				h.step("cancel call %d (and Release in the same instant: %v)", c.id, withRelease)
				m.cancel(c)
				if withRelease {
					h.expectErr("Release()", release(), m.release())
				}
			}
			h.check()
			fzExpect(h, "Locked()", locked(), m.free == 0)
		}
		// Permits are conserved: cancel the waiters, then count the free ones.
		for len(m.waiters) > 0 {
			m.cancel(m.waiters[0])
		}
		h.check()
		n := 0
		for tryAcquire() {
			n++
		}
		fzExpect(h, "free permits at the end", n, m.free)
	})
}

func FuzzSemaphore(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0, 3, 0, 3, 0})
	f.Add([]byte{0, 0, 0, 0, 1, 4, 0, 3, 0, 1, 0, 5, 1, 3, 0})
	f.Add([]byte{2, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0, 5, 0, 5, 0, 3, 0, 3, 0})
	// The only waiter is cancelled as a Release comes: the permit stays
	// free, and an Acquire with a cancelled ctx takes it.
	f.Add([]byte{0, 0, 0, 5, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSemaphore(t, data, false) })
}

func FuzzBoundedSemaphore(f *testing.F) {
	f.Add([]byte{1, 3, 0, 0, 0, 3, 0, 3, 0})
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 5, 0, 3, 0, 3, 0, 2, 0})
	f.Add([]byte{3, 2, 0, 2, 0, 0, 0, 4, 0, 3, 0, 3, 0, 3, 0, 3, 0})
	// Every permit taken (one by an Acquire with a cancelled ctx); waiters
	// cancelled alone and as a Release comes; a Release handed to a waiter.
	f.Add([]byte{3, 0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0, 0, 3, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSemaphore(t, data, true) })
}
