// Package thread starts three workers, as threading.Thread(...).start()
// starts threads, then joins each in turn. Each worker is a goroutine
// started by asyncio.CreateTask: a go statement that also gives it a name,
// as Thread(name=...) does, and a context of its own, so that cancelling ctx
// stops it and a timeline draws it on a row of its own. Worker n sleeps n
// seconds; they sleep at the same time, so the run takes 3 s.
package thread

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Run plays the Python counterpart's main().
func Run(ctx context.Context, w io.Writer) error {
	worker := func(ctx context.Context, n int) (int, error) {
		fmt.Fprintf(w, "worker %d: sleeping %ds\n", n, n)
		// time.Sleep would do too, but could not be cancelled.
		if err := asyncio.Sleep(ctx, time.Duration(n)*time.Second); err != nil {
			return 0, err
		}
		fmt.Fprintf(w, "worker %d: done\n", n)
		return n * n, nil
	}

	threads := make([]*asyncio.Task[int], 3)
	fmt.Fprintf(w, "main: starting %d workers\n", len(threads))
	for i := range threads {
		n := i + 1
		work := func(ctx context.Context) (int, error) { return worker(ctx, n) }
		name := asyncio.WithName(fmt.Sprintf("worker %d", n))
		threads[i] = asyncio.CreateTask(ctx, work, name)
	}
	fmt.Fprintln(w, "main: waiting for them (join)")
	results := make([]int, len(threads))
	for i, t := range threads {
		// Like join, wait for the worker to return even if ctx is
		// cancelled (which stops it at once). On error the slot stays 0.
		results[i], _ = t.Await(context.WithoutCancel(ctx))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	fmt.Fprintln(w, "main: all done, results", results)
	return nil
}
