// Package lock is the lock example on Go's standard library (and
// errgroup): three workers share a slice, one at a time, 2 s each: 6 s.
package lock

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

func worker(ctx context.Context, lock chan struct{}, data *[]int) error {
	// async with lock → send, then receive however we leave.
	select {
	case lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-lock }()
	// Access the shared resource.
	*data = append(*data, 1)
	if err := sleep(ctx, time.Second); err != nil {
		return err
	}
	*data = append(*data, 2)
	if err := sleep(ctx, time.Second); err != nil {
		return err
	}
	*data = append(*data, 3)
	return nil
}

// Run plays the post's main.
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.Lock → a channel with room for one value: sending takes
	// the lock, receiving releases it. Unlike sync.Mutex, taking it is a
	// channel operation, so a select can give up when ctx is cancelled
	// (and holding a sync.Mutex across a wait, as here, is best avoided).
	// Its waiters are not served first come, first served, as
	// asyncio.Lock's are: which worker goes next is not fixed. All append
	// the same values, so the output is the same either way.
	lock := make(chan struct{}, 1)
	var data []int // guarded by lock

	// create_task three times, then gather → an errgroup.
	g, ctx := errgroup.WithContext(ctx)
	for range 3 {
		g.Go(func() error { return worker(ctx, lock, &data) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	fmt.Fprintln(w, data) // every worker is done: no lock needed
	return nil
}

// asyncio.sleep → a select between a timer and ctx.Done().
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
