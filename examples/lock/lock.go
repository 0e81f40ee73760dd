// Package lock lets three workers share a list, one at a time: each holds
// the lock for 2 s while it appends 1, 2 and 3, so the run takes 6 s and
// the list never interleaves.
package lock

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func worker(ctx context.Context, lock *asyncio.Lock, data *[]int) error {
	// async with lock: Lock, then Unlock however we leave.
	if err := lock.Lock(ctx); err != nil {
		return err
	}
	defer lock.Unlock()
	// Access the shared resource.
	*data = append(*data, 1)
	if err := asyncio.Sleep(ctx, time.Second); err != nil {
		return err
	}
	*data = append(*data, 2)
	if err := asyncio.Sleep(ctx, time.Second); err != nil {
		return err
	}
	*data = append(*data, 3)
	return nil
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	var (
		lock asyncio.Lock // the zero Lock is unlocked and ready
		data []int        // guarded by lock
	)
	tasks := make([]*asyncio.Task[struct{}], 3)
	for i := range tasks {
		tasks[i] = asyncio.Go(ctx, func(ctx context.Context) error {
			return worker(ctx, &lock, &data)
		}, asyncio.WithName(fmt.Sprintf("worker %d", i+1)))
	}
	if _, err := asyncio.Gather(ctx, tasks...); err != nil {
		return err
	}
	fmt.Fprintln(w, data) // every worker is done: no lock needed
	return nil
}
