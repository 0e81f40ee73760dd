// Package helloio is the post's hello world: main awaits one coroutine,
// then the other, so the second starts only when the first is over: 2 s
// in all.
package helloio

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// An async def becomes a func that takes a context and returns an error.
func helloWorld1(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Hello World 1!")
	return asyncio.Sleep(ctx, time.Second)
}

func helloWorld2(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Hello World 2!")
	return asyncio.Sleep(ctx, time.Second)
}

// Run plays the post's main(): rexasyncio runs it on an event loop,
// asyncio.RunLoop, as the post runs main() with asyncio.run.
func Run(ctx context.Context, w io.Writer) error {
	// "await f()" is a plain call: it blocks this goroutine until f
	// returns.
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
