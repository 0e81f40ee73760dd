package main

import (
	"context"
	"sync"
	"testing"
)

// fifoLock is a lock of ours' design stripped to the bone, as one would
// write it by hand: a mutex, a FIFO list of waiters and a channel per
// waiter, which Unlock hands the lock to. No context, no cancellation, no
// recorder. It is the lock-fifo row's peer: what parking on a channel of
// one's own costs, apart from everything else ours does.
type fifoLock struct {
	mu      sync.Mutex
	held    bool
	waiters []chan struct{}
}

func (l *fifoLock) lock(ready chan struct{}) {
	l.mu.Lock()
	if !l.held {
		l.held = true
		l.mu.Unlock()
		return
	}
	l.waiters = append(l.waiters, ready)
	l.mu.Unlock()
	<-ready
}

func (l *fifoLock) unlock() {
	l.mu.Lock()
	if len(l.waiters) == 0 {
		l.held = false
		l.mu.Unlock()
		return
	}
	next := l.waiters[0]
	l.waiters = l.waiters[1:]
	l.mu.Unlock()
	next <- struct{}{} // the lock stays held: it is next's now
}

type readyKey struct{}

// readyContext gives each worker its own channel to park on.
func readyContext(*testing.B) context.Context {
	return context.WithValue(context.Background(), readyKey{}, make(chan struct{}, 1))
}

func microLockFifoDesign(b *testing.B) {
	var l fifoLock
	n := 0
	b.ReportAllocs()
	runs := runContended(b, readyContext, func(ctx context.Context) error {
		l.lock(ctx.Value(readyKey{}).(chan struct{}))
		n++
		l.unlock()
		return nil
	})
	checkSum(b, "count", n, runs)
}
