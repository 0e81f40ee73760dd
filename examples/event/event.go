// Package event holds three workers back until main sets an event after
// 3 s; then they run together, appending 1, 2 and 3 a second apart: 5 s
// in all.
package event

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// shared is the list the workers append to. With --goroutines the workers
// run in parallel, so it needs a mutex, which the event loop, like
// Python's, does without. The mutex is held only for an append, never
// across a wait.
type shared struct {
	mu   sync.Mutex
	data []int
}

func (s *shared) append(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = append(s.data, v)
}

func worker(ctx context.Context, event *asyncio.Event, data *shared) error {
	// Wait for the event to be set.
	if err := event.Wait(ctx); err != nil {
		return err
	}
	// Access the shared resource.
	data.append(1)
	if err := asyncio.Sleep(ctx, time.Second); err != nil {
		return err
	}
	data.append(2)
	if err := asyncio.Sleep(ctx, time.Second); err != nil {
		return err
	}
	data.append(3)
	return nil
}

// Run plays the post's main().
func Run(ctx context.Context, w io.Writer) error {
	var (
		event asyncio.Event // the zero Event is unset and ready
		data  shared
	)
	tasks := make([]*asyncio.Task[struct{}], 3)
	for i := range tasks {
		tasks[i] = asyncio.Go(ctx, func(ctx context.Context) error {
			return worker(ctx, &event, &data)
		}, asyncio.WithName(fmt.Sprintf("worker %d", i+1)))
	}
	if err := asyncio.Sleep(ctx, 3*time.Second); err != nil {
		return err
	}
	event.Set() // wake every waiting worker
	if _, err := asyncio.Gather(ctx, tasks...); err != nil {
		return err
	}
	fmt.Fprintln(w, data.data)
	return nil
}
