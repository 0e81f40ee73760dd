package main

import (
	"context"
	"os"
	"os/signal"
)

// catchInterrupt returns a context that the first interrupt (Ctrl-C)
// cancels, as asyncio.Run does for the examples it runs; call stop when the
// run is over. It stops catching before it cancels, so that a second
// interrupt ends the process.
//
// It is for the event loop, until asyncio.RunLoop catches interrupts itself.
func catchInterrupt(ctx context.Context) (_ context.Context, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	returned := make(chan struct{})
	go func() {
		select {
		case <-interrupts:
			signal.Stop(interrupts)
			cancel()
		case <-returned:
		}
	}()
	return ctx, func() {
		signal.Stop(interrupts)
		close(returned)
		cancel()
	}
}
