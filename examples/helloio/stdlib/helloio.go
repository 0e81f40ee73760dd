// Package helloio is the helloio example on Go's standard library alone:
// two functions called one after the other, 2 s in all.
package helloio

import (
	"context"
	"fmt"
	"io"
	"time"
)

// An async def becomes a plain function that takes a context (to be
// cancelled by) and returns an error.
func helloWorld1(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Hello World 1!")
	return sleep(ctx, time.Second)
}

func helloWorld2(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Hello World 2!")
	return sleep(ctx, time.Second)
}

// Run plays the post's main.
func Run(ctx context.Context, w io.Writer) error {
	// await f() → a plain call: this goroutine waits until f returns.
	// Go needs no event loop: a blocked goroutine holds up nobody else.
	if err := helloWorld1(ctx, w); err != nil {
		return err
	}
	// Do more stuff.
	if err := helloWorld2(ctx, w); err != nil {
		return err
	}
	// Do even more stuff; return results, if any.
	return nil
}

// asyncio.sleep → a select between a timer and ctx.Done(): whichever is
// ready first wins. time.Sleep would pause only this goroutine, as
// asyncio.sleep does, but nothing could cut it short.
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
