package asyncio

import (
	"context"
	"sync"
	"sync/atomic"
)

// Event is a flag that tasks can wait for, like asyncio.Event: Set raises it
// and wakes every waiter, Clear lowers it, and Wait blocks until it is raised.
// A waiter woken by Set returns even if Clear follows at once.
//
// The zero value is an unset Event. An Event must not be copied after first use.
// All methods are safe for concurrent use. On a loop, the waiters Set wakes
// resume in the order they came.
type Event struct {
	set    atomic.Bool
	mu     sync.Mutex
	ch     chan struct{} // closed by Set; nil while nobody waits on this round
	lts    wakeSet       // waiters on an event loop, woken in order by Set
	hooked waitList      // waiters with a task's context, woken by Set
}

// IsSet reports whether the event is set, like event.is_set().
func (e *Event) IsSet() bool { return e.set.Load() }

// Set sets the event and wakes every task waiting for it, like event.set(). It
// never blocks; setting a set event does nothing.
func (e *Event) Set() {
	if e.set.Load() {
		return
	}
	e.mu.Lock()
	if !e.set.Load() {
		e.set.Store(true)
		if e.ch != nil {
			close(e.ch)
			e.ch = nil
			e.lts.wakeAll()
		}
		for e.hooked.grant() != nil {
		}
	}
	e.mu.Unlock()
}

// Clear unsets the event, like event.clear(), so that later Waits block until
// the next Set. It never blocks.
func (e *Event) Clear() {
	if !e.set.Load() {
		return
	}
	e.mu.Lock()
	e.set.Store(false)
	e.mu.Unlock()
}

// Wait blocks until the event is set, like await event.wait(), and returns nil,
// at once if it is set already. If ctx is done first, it returns ctx.Err().
func (e *Event) Wait(ctx context.Context) error {
	if ctx == nil {
		nilCtxPanic("Event.Wait")
	}
	if e.set.Load() {
		return nil
	}
	e.mu.Lock()
	if e.set.Load() {
		e.mu.Unlock()
		return nil
	}
	if err := ctx.Err(); err != nil {
		e.mu.Unlock()
		return err
	}
	if s, ok := ctx.(*scope); ok && s.lt == nil {
		// A task's context: park on the waiter's own channel, which Set
		// or the scope's cancellation hook wakes.
		w := e.hooked.push(ctx, &e.mu, BlockEvent, e)
		e.mu.Unlock()
		err := e.hooked.block(ctx, w, nil)
		w.release()
		return err
	}
	if e.ch == nil {
		e.ch = make(chan struct{})
	}
	ch := e.ch
	lt := loopTaskOf(ctx)
	e.lts.add(lt)
	e.mu.Unlock()

	o := blocked(ctx, BlockEvent, e)
	defer o.resumed(BlockEvent)
	if lt != nil {
		err := lt.parkUntilClosed(ctx, ch, BlockEvent, e)
		if err != nil {
			e.mu.Lock()
			e.lts.remove(lt)
			e.mu.Unlock()
		}
		return err
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
