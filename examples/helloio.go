package examples

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// HelloIO is the post's hello world. main awaits one coroutine and then the
// other, so the second starts only when the first is over: 2 s in all.
//
// HelloIO plays the post's main(): rexasyncio runs it on an event loop,
// asyncio.RunLoop, as the post runs main() with asyncio.run.
func HelloIO(ctx context.Context, w io.Writer) error {
	// An async def becomes a func that takes a context and returns an error.
	helloWorld1 := func(ctx context.Context) error {
		fmt.Fprintln(w, "Hello World 1!")
		return asyncio.Sleep(ctx, time.Second)
	}
	helloWorld2 := func(ctx context.Context) error {
		fmt.Fprintln(w, "Hello World 2!")
		return asyncio.Sleep(ctx, time.Second)
	}

	// "await f()" is a plain call: it blocks this goroutine until f returns.
	if err := helloWorld1(ctx); err != nil {
		return err
	}
	// Do more stuff.
	if err := helloWorld2(ctx); err != nil {
		return err
	}
	// Do even more stuff; return results, if any.
	return nil
}
