// Package gather is the gather example on Go's standard library (and
// errgroup): two functions run at once, so the run takes 1 s, not 2 s.
package gather

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"
)

func helloWorld1(ctx context.Context, w io.Writer) (bool, error) {
	fmt.Fprintln(w, "Hello World 1!")
	if err := sleep(ctx, time.Second); err != nil {
		return false, err
	}
	return true, nil
}

func helloWorld2(ctx context.Context, w io.Writer) (bool, error) {
	fmt.Fprintln(w, "Hello World 2!")
	if err := sleep(ctx, time.Second); err != nil {
		return false, err
	}
	return true, nil
}

// Run plays the post's main. It writes to w from two goroutines at once:
// w must be safe for concurrent use (os.Stdout is).
func Run(ctx context.Context, w io.Writer) error {
	// asyncio.gather → an errgroup: g.Go runs each function on a goroutine
	// of its own, g.Wait waits for all of them and returns the first
	// error. Unlike gather, that error also cancels the others' ctx.
	g, ctx := errgroup.WithContext(ctx)
	// The results, in argument order: each goroutine writes only its own
	// element, so they need no lock, and g.Wait makes them visible here.
	var results [2]bool
	g.Go(func() (err error) {
		results[0], err = helloWorld1(ctx, w)
		return err
	})
	g.Go(func() (err error) {
		results[1], err = helloWorld2(ctx, w)
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	for _, result := range results {
		fmt.Fprintln(w, result)
	}
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
