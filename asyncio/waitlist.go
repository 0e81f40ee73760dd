package asyncio

import (
	"context"
	"sync"
)

// waiter is one caller blocked in a primitive. The primitive grants it what it
// waits for (the lock, a permit, an item, a notification) by setting granted
// and closing ready, both under the primitive's mutex.
type waiter struct {
	ready      chan struct{} // nil for a waiter on an event loop, which is woken through lt
	lt         *loopTask
	granted    bool
	woken      bool // granted, or released by releaseAll
	linked     bool
	item       any // what the grant hands over, if more than a yes: a queue's item
	prev, next *waiter
}

// waitList is a FIFO of waiters: an intrusive doubly linked list, so that a
// canceled waiter leaves it in O(1). The zero value is an empty list. It is
// guarded by its primitive's mutex.
type waitList struct {
	head, tail *waiter
	n          int
}

func (l *waitList) len() int { return l.n }

// push appends a new waiter for a caller with ctx and returns it.
func (l *waitList) push(ctx context.Context) *waiter {
	w := &waiter{linked: true, prev: l.tail}
	if w.lt = loopTaskOf(ctx); w.lt == nil {
		w.ready = make(chan struct{})
	}
	if l.tail != nil {
		l.tail.next = w
	} else {
		l.head = w
	}
	l.tail = w
	l.n++
	return w
}

// remove unlinks w; it does nothing if w is no longer in the list.
func (l *waitList) remove(w *waiter) {
	if !w.linked {
		return
	}
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		l.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		l.tail = w.prev
	}
	w.prev, w.next, w.linked = nil, nil, false
	l.n--
}

// grant wakes the first waiter and reports whether there was one.
func (l *waitList) grant() bool {
	w := l.head
	if w == nil {
		return false
	}
	l.remove(w)
	w.granted = true
	w.wake()
	return true
}

// wake tells w's caller that it may go on: on an event loop, the caller
// becomes ready to run and checks its state when its turn comes.
func (w *waiter) wake() {
	w.woken = true
	if w.lt != nil {
		w.lt.wake()
	} else {
		close(w.ready)
	}
}

// releaseAll wakes every waiter without a grant: their block returns nil
// with w.granted false, which the primitive reads as "look again" (a queue
// that was shut down, for example).
func (l *waitList) releaseAll() {
	for w := l.head; w != nil; w = l.head {
		l.remove(w)
		w.wake()
	}
}

// block waits until w is granted or ctx is done; mu guards the list and must
// not be held by the caller. On cancellation w leaves the list, or, if the
// grant raced with the cancellation and won, passOn is called with mu held so
// that the grant goes to the next waiter instead of being lost. So a canceled
// call always returns ctx.Err() and never keeps or drops a grant, as in
// CPython and golang.org/x/sync/semaphore. A nil return means w was woken: by
// a grant, or by releaseAll (w.granted tells which).
//
// On an event loop the outcome is decided when the caller's turn comes, as
// CPython decides it when the woken task resumes: a caller whose ctx was
// cancelled meanwhile passes its grant on and returns ctx.Err().
func (l *waitList) block(ctx context.Context, mu *sync.Mutex, w *waiter, kind BlockKind, on any, passOn func()) error {
	o := blocked(ctx, kind, on)
	defer o.resumed(kind)
	if lt := w.lt; lt != nil {
		for {
			mu.Lock()
			woken := w.woken
			if err := ctx.Err(); err != nil {
				if w.granted {
					passOn()
				} else if !woken {
					l.remove(w)
				}
				mu.Unlock()
				return err
			}
			mu.Unlock()
			if woken {
				return nil
			}
			lt.parkCtx(ctx, kind, on)
		}
	}
	done := ctx.Done()
	if done == nil { // never canceled: a plain receive is cheaper than a select
		<-w.ready
		return nil
	}
	select {
	case <-w.ready:
		return nil
	case <-done:
		mu.Lock()
		if w.granted {
			passOn()
		} else {
			l.remove(w)
		}
		mu.Unlock()
		return ctx.Err()
	}
}
