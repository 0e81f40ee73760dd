// Package event is the event example on Go's standard library (and
// errgroup): three workers wait until main closes a channel after 3 s,
// then run together: 5 s in all.
package event

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// shared is the list the workers append to. They run in parallel, so it
// needs a mutex, which Python's single thread does without. The mutex is
// held only for an append, never across a wait.
type shared struct {
	mu   sync.Mutex
	data []int
}

func (s *shared) append(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = append(s.data, v)
}

func worker(ctx context.Context, event <-chan struct{}, data *shared) error {
	// await event.wait() → receive from the channel: it blocks until the
	// channel is closed, and then returns at once, for every receiver.
	select {
	case <-event:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Access the shared resource.
	data.append(1)
	if err := sleep(ctx, time.Second); err != nil {
		return err
	}
	data.append(2)
	if err := sleep(ctx, time.Second); err != nil {
		return err
	}
	data.append(3)
	return nil
}

// Run plays the post's main.
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.Event() → a channel that is never sent on, only closed.
	// It cannot be cleared: an Event that must be reset needs a new one.
	event := make(chan struct{})
	var data shared

	g, ctx := errgroup.WithContext(ctx)
	for range 3 {
		g.Go(func() error { return worker(ctx, event, &data) })
	}
	if err := sleep(ctx, 3*time.Second); err != nil {
		g.Wait() // the workers see ctx is done and return
		return err
	}
	// event.set() → close(event): wakes every waiting worker. Closing
	// twice panics, so exactly one goroutine may close it.
	close(event)
	if err := g.Wait(); err != nil {
		return err
	}
	fmt.Fprintln(w, data.data)
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
