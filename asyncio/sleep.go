package asyncio

import (
	"context"
	"runtime"
	"time"
)

// Sleep pauses the calling task for d, like asyncio.sleep: it returns nil after
// d, or ctx.Err() as soon as ctx is done. With d <= 0 it yields, to every ready
// task on a loop and by runtime.Gosched off one, and returns ctx.Err(). On a
// loop, use it rather than time.Sleep, which holds the loop.
func Sleep(ctx context.Context, d time.Duration) error {
	s, direct := ctx.(*scope)
	if !direct || s.lt != nil || d <= 0 {
		return sleepOther(ctx, d)
	}
	// The usual case, a task's context off a loop. Its frames stay on the
	// stack of every sleeping task, so they are small, and what may go deep
	// (linking s to its parent, allocating) happens before the select's
	// frame is pushed: that keeps most sleeping tasks within their first
	// 2 KiB of stack.
	t, done := prepareSleep(s, d)
	if t == nil {
		return s.Err()
	}
	return sleepScope(s, t, done)
}

// prepareSleep arms the timer of a sleep in s, kept in s for its next
// sleep, and returns it with s's Done channel; nil if s is done.
func prepareSleep(s *scope, d time.Duration) (*time.Timer, <-chan struct{}) {
	done := s.Done()
	if s.Err() != nil {
		return nil, nil
	}
	t := s.x().timer.Swap(nil)
	if t == nil {
		t = time.NewTimer(d)
	} else {
		t.Reset(d) // since Go 1.23 no stale tick is left to receive
	}
	return t, done
}

// sleepScope waits for the timer t or for s's cancellation.
func sleepScope(s *scope, t *time.Timer, done <-chan struct{}) error {
	o := blocked(s, BlockSleep, nil)
	var err error
	select {
	case <-t.C:
	case <-done:
		t.Stop()
		err = s.Err()
	}
	s.ext.Load().timer.Store(t)
	o.resumed(BlockSleep)
	return err
}

// sleepOther is Sleep on a loop, for d <= 0, or with a context that is not
// a task's.
func sleepOther(ctx context.Context, d time.Duration) error {
	if ctx == nil {
		nilCtxPanic("Sleep")
	}
	if lt := loopTaskOf(ctx); lt != nil {
		return sleepOnLoop(ctx, lt, d)
	}
	if d <= 0 {
		runtime.Gosched()
		return ctx.Err()
	}
	o := blocked(ctx, BlockSleep, nil)
	defer o.resumed(BlockSleep)
	t := time.NewTimer(d)
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}

// sleepOnLoop is Sleep for a task on an event loop: a timer of the loop
// wakes it; d <= 0 puts it behind the tasks that are ready.
func sleepOnLoop(ctx context.Context, lt *loopTask, d time.Duration) error {
	if d <= 0 {
		lt.yield()
		return ctx.Err()
	}
	o := blocked(ctx, BlockSleep, nil)
	defer o.resumed(BlockSleep)
	l := lt.loop
	t := l.addTimer(l.now().Add(d), lt, nil)
	for {
		if err := ctx.Err(); err != nil {
			l.stopTimer(t)
			return err
		}
		if l.timerFired(t) {
			return nil
		}
		lt.parkCtx(ctx, BlockSleep, nil)
	}
}
