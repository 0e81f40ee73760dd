// Package threadlock has ten goroutines add 1 to a shared counter a hundred
// times each, three ways. Without a lock updates are lost: an increment is a
// read, an add and a write, and other goroutines write in between. With a
// sync.Mutex, or with sync/atomic, every one counts.
package threadlock

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// Run plays the Python counterpart's main().
func Run(ctx context.Context, w io.Writer) error {
	const workers, times, want = 10, 100, 10 * 100

	// hammer calls add times times on each of workers goroutines, and
	// returns once they have all returned.
	hammer := func(add func()) error {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := 0; i < times && ctx.Err() == nil; i++ {
					add()
				}
			})
		}
		wg.Wait()
		return ctx.Err()
	}
	fmt.Fprintf(w, "%d workers each add 1 to a shared counter %d times:"+
		" %d in all\n", workers, times, want)

	// Without a lock: a data race, since nothing orders the goroutines'
	// reads and writes of counter. Gosched lets others run between the
	// read and the write, as preemption may at any moment: without it
	// updates are lost less often, not never. go run -race reports it as
	// "WARNING: DATA RACE" with the stacks of both accesses, and fails go
	// test -race: so a -race build skips it.
	if raceEnabled {
		fmt.Fprintln(w, "without a lock: skipped in a -race build: the race "+
			"detector")
		fmt.Fprintln(w, "  would report this data race (WARNING: DATA RACE)")
	} else {
		counter := 0
		err := hammer(func() {
			n := counter      // read
			runtime.Gosched() // others read the same n and write n+1...
			counter = n + 1   // ...and this write overwrites theirs
		})
		if err != nil {
			return err
		}
		if counter < want {
			fmt.Fprintf(w, "without a lock: %d, short of %d: updates were "+
				"lost\n", counter, want)
		} else {
			fmt.Fprintf(w, "without a lock: %d: none lost this time, by "+
				"luck\n", counter)
		}
	}

	// With a sync.Mutex: one goroutine at a time between Lock and Unlock.
	var (
		mu      sync.Mutex
		counter int // guarded by mu
	)
	err := hammer(func() {
		mu.Lock()
		defer mu.Unlock()
		n := counter
		runtime.Gosched() // others may run, but not in here
		counter = n + 1
	})
	if err != nil {
		return err
	}
	// hammer has returned: every goroutine is done, no lock needed.
	fmt.Fprintf(w, "with a lock:    %d\n", counter)

	// With sync/atomic: Add reads, adds and writes as one indivisible step.
	var total atomic.Int64
	if err := hammer(func() { total.Add(1) }); err != nil {
		return err
	}
	fmt.Fprintf(w, "atomically:     %d\n", total.Load())
	return nil
}
