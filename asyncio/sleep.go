package asyncio

import (
	"context"
	"runtime"
	"time"
)

// Sleep pauses the calling goroutine for d, like asyncio.sleep. It returns nil
// after d, or ctx.Err() as soon as ctx is canceled. With d <= 0 it yields the
// processor (runtime.Gosched), as asyncio.sleep(0) yields to the event loop,
// and returns ctx.Err().
//
// Unlike time.Sleep in a CPython coroutine, which freezes the whole event
// loop, time.Sleep in Go blocks only its own goroutine. Use Sleep anyway when
// the wait should end on cancellation.
func Sleep(ctx context.Context, d time.Duration) error {
	if ctx == nil {
		nilCtxPanic("Sleep")
	}
	if d <= 0 {
		runtime.Gosched()
		return ctx.Err()
	}
	o := blocked(ctx, BlockSleep)
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
