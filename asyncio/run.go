package asyncio

import (
	"context"
	"os"
	"os/signal"
)

// Run runs main as the root task named "main" and returns its error, like
// asyncio.run. main's context is derived from ctx and is canceled when the
// process receives an interrupt (Ctrl-C), so that everything main started can
// wind down; a second interrupt is not caught and ends the process as usual.
//
// Run blocks until main returns. A panic in main becomes a *PanicError.
// CPython's asyncio.run also cancels the tasks main left behind; Go cannot
// find them, so main must await or cancel every task it creates (a
// TaskGroup does that for it).
func Run(ctx context.Context, main func(context.Context) error) error {
	if main == nil {
		nilFuncPanic("Run", "main")
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	_, err := Go(ctx, main, WithName("main")).Await(context.WithoutCancel(ctx))
	return err
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
