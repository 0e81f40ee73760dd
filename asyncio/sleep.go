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
	if s, ok := ctx.(*scope); ok {
		return sleepHooked(s, d)
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

// sleepHooked is Sleep with a task's context s, off an event loop: it
// waits for a timer kept in s for its next sleep, or s's Done channel,
// which s makes once.
func sleepHooked(s *scope, d time.Duration) error {
	done := s.Done()
	if err := s.Err(); err != nil {
		return err
	}
	o := blocked(s, BlockSleep, nil)
	e := s.x()
	t := e.timer.Swap(nil)
	if t == nil {
		t = time.NewTimer(d)
	} else {
		t.Reset(d) // since Go 1.23 no stale tick is left to receive
	}
	var err error
	select {
	case <-t.C:
	case <-done:
		t.Stop()
		err = s.Err()
	}
	e.timer.Store(t)
	o.resumed(BlockSleep)
	return err
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
