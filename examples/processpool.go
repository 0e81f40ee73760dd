package examples

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// primeRange is the numbers from Lo up to, but not including, Hi.
type primeRange struct{ Lo, Hi int }

// countPrimes counts the primes in r by trial division: CPU work only.
func countPrimes(r primeRange) int {
	count := 0
	for n := max(r.Lo, 2); n < r.Hi; n++ {
		if isPrime(n) {
			count++
		}
	}
	return count
}

func isPrime(n int) bool {
	if n%2 == 0 {
		return n == 2
	}
	for d := 3; d*d <= n; d += 2 {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// A child process can run only functions registered by name. It is this
// same program, so registering at init time registers them there too.
func init() {
	asyncio.RegisterProcessFunc("examples.countPrimes",
		func(_ context.Context, r primeRange) (int, error) {
			return countPrimes(r), nil
		})
}

// ProcessPool counts the primes below two million three times: on one
// goroutine, on an Executor with a worker per CPU, and on a ProcessExecutor
// with a child process per CPU, and prints how long each took. Goroutines
// run on every core, so the Executor is as fast as processes, or faster.
func ProcessPool(ctx context.Context, w io.Writer) error {
	const below, chunks = 2_000_000, 20
	ranges := make([]primeRange, chunks)
	for i := range ranges {
		ranges[i] = primeRange{i * below / chunks, (i + 1) * below / chunks}
	}
	cpus := runtime.GOMAXPROCS(0)
	fmt.Fprintf(w, "counting the primes below %d in %d chunks, on %d CPUs\n",
		below, chunks, cpus)

	// report prints a pass's result and time, and how many times as fast
	// as the sequential pass (base) it was.
	report := func(how string, counts []int, took, base time.Duration) {
		primes := 0
		for _, c := range counts {
			primes += c
		}
		line := fmt.Sprintf("%-29s %d primes in %v", how+":", primes,
			took.Round(time.Millisecond))
		if base > 0 && took > 0 { // a clock that stands still measures 0
			speedup := base.Seconds() / took.Seconds()
			line += fmt.Sprintf(", %.1f× as fast", speedup)
		}
		fmt.Fprintln(w, line)
	}

	// One goroutine: a plain loop.
	start := time.Now()
	counts := make([]int, chunks)
	for i, r := range ranges {
		if err := ctx.Err(); err != nil {
			return err
		}
		counts[i] = countPrimes(r)
	}
	sequential := time.Since(start)
	report("sequential", counts, sequential, 0)

	// An Executor with a worker goroutine per CPU: threads, without a GIL.
	pool := asyncio.NewExecutor(cpus)
	defer pool.Shutdown(context.WithoutCancel(ctx))
	start = time.Now()
	counts, err := asyncio.Map(ctx, pool, ranges,
		func(_ context.Context, r primeRange) (int, error) {
			return countPrimes(r), nil
		})
	if err != nil {
		return err
	}
	report(fmt.Sprintf("Executor, %d goroutines", cpus), counts,
		time.Since(start), sequential)

	// A ProcessExecutor with a child process per CPU. Its time includes
	// starting the children and encoding every argument and result.
	procs, err := asyncio.NewProcessExecutor(cpus)
	if err != nil {
		return err
	}
	// Reaps every child; if ctx is cancelled, kills them first.
	defer procs.Shutdown(ctx, true)
	start = time.Now()
	tasks := make([]*asyncio.Task[int], chunks)
	for i, r := range ranges {
		tasks[i], err = asyncio.SubmitProcess[primeRange, int](ctx, procs,
			"examples.countPrimes", r)
		if err != nil {
			return err
		}
	}
	if counts, err = asyncio.Gather(ctx, tasks...); err != nil {
		return err
	}
	report(fmt.Sprintf("ProcessExecutor, %d processes", cpus), counts,
		time.Since(start), sequential)
	return nil
}
