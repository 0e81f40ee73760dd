package examples

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Event holds three workers back until main sets an event after 3 s; then
// they run together, appending 1, 2 and 3 a second apart: 5 s in all.
func Event(ctx context.Context, w io.Writer) error {
	var (
		event asyncio.Event // the zero Event is unset and ready

		// With --goroutines the workers run in parallel, so the list
		// needs a mutex, which the event loop, like Python's, does
		// without. It is held only for an append, never across a wait.
		mu   sync.Mutex
		data []int
	)
	appendData := func(v int) {
		mu.Lock()
		defer mu.Unlock()
		data = append(data, v)
	}

	worker := func(ctx context.Context) error {
		// Wait for the event to be set.
		if err := event.Wait(ctx); err != nil {
			return err
		}
		// Access the shared resource.
		appendData(1)
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return err
		}
		appendData(2)
		if err := asyncio.Sleep(ctx, time.Second); err != nil {
			return err
		}
		appendData(3)
		return nil
	}

	tasks := make([]*asyncio.Task[struct{}], 3)
	for i := range tasks {
		name := fmt.Sprintf("worker %d", i+1)
		tasks[i] = asyncio.Go(ctx, worker, asyncio.WithName(name))
	}
	if err := asyncio.Sleep(ctx, 3*time.Second); err != nil {
		return err
	}
	event.Set() // wake every waiting worker
	if _, err := asyncio.Gather(ctx, tasks...); err != nil {
		return err
	}
	fmt.Fprintln(w, data)
	return nil
}
