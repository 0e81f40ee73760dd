package asyncio

import (
	"context"
	"os"
	"os/signal"
)

// Run runs main as a task named "main", every task on a goroutine of its own,
// and returns main's error once main has returned, like asyncio.run without its
// event loop ([RunLoop] has one). The first interrupt (Ctrl-C) cancels main's
// context; a second one ends the process. A panic in main becomes a
// [*PanicError]. Tasks that main leaves running are not canceled.
// CPython differs: see "Differences from CPython" in [asyncio].
func Run(ctx context.Context, main func(context.Context) error) error {
	if ctx == nil {
		nilCtxPanic("Run")
	}
	if main == nil {
		nilFuncPanic("Run", "main")
	}
	ctx, stop := catchInterrupt(ctx)
	defer stop()
	_, err := Go(ctx, main, WithName("main")).Await(context.WithoutCancel(ctx))
	return err
}

// catchInterrupt returns a context that the first interrupt (Ctrl-C)
// cancels; call stop when done. It stops catching before it cancels, so
// that once main sees the cancellation a second interrupt ends the process.
func catchInterrupt(ctx context.Context) (context.Context, func()) {
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

// The runtime starts its signal-handling goroutines on the first signal.Notify
// in the process, and cannot start them inside a testing/synctest bubble.
// Starting them here, at package initialisation, lets Run be called inside a
// bubble. Stop restores the default handling of interrupts at once.
func init() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	signal.Stop(c)
}
