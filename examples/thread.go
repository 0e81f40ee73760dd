package examples

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Thread starts three goroutines, as threading.Thread(...).start() starts
// threads, and waits for them all with a sync.WaitGroup, as join does.
// Worker n sleeps n seconds; they sleep at the same time, so the run takes
// 3 s. Each leaves its result in its own slot of a slice.
func Thread(ctx context.Context, w io.Writer) error {
	worker := func(ctx context.Context, n int) (int, error) {
		fmt.Fprintf(w, "worker %d: sleeping %ds\n", n, n)
		// time.Sleep would do too, but could not be cancelled.
		if err := asyncio.Sleep(ctx, time.Duration(n)*time.Second); err != nil {
			return 0, err
		}
		fmt.Fprintf(w, "worker %d: done\n", n)
		return n * n, nil
	}

	// One slot per goroutine: no two write the same element, so no lock.
	results := make([]int, 3)
	var wg sync.WaitGroup
	fmt.Fprintf(w, "main: starting %d workers\n", len(results))
	for i := range results {
		// wg.Go(f) is wg.Add(1); go func() { defer wg.Done(); f() }().
		wg.Go(func() {
			// On error (ctx cancelled), the slot stays 0.
			results[i], _ = worker(ctx, i+1)
		})
	}
	fmt.Fprintln(w, "main: waiting for them (join)")
	wg.Wait() // every goroutine has returned, and its writes are visible
	if err := ctx.Err(); err != nil {
		return err
	}
	fmt.Fprintln(w, "main: all done, results", results)
	return nil
}
