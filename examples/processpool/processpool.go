// Package processpool counts the primes below two million on one goroutine,
// on an Executor with a worker per CPU, and on a process.Pool with a child
// process per CPU, each way runs times, and prints the median time of each
// way, the range of its times and its speed-up over the sequential median.
// Goroutines run on every core, so the Executor should be as fast as
// processes, or faster. It says when the machine was busy, since other
// programs' load skews every figure.
package processpool

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/asyncio/process"
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

// countPrimesInChild is countPrimes, registered so that child processes
// can run it. A child is this same program started again, so registering
// in a package-level variable registers it there too.
var countPrimesInChild = process.Register("processpool.countPrimes",
	func(_ context.Context, r primeRange) (int, error) {
		return countPrimes(r), nil
	})

// runs is how many times ProcessPool measures each way: one measurement on
// a shared machine can be off by half, so it prints the median and the
// range of three.
const runs = 3

// Run plays the Python counterpart's main().
func Run(ctx context.Context, w io.Writer) error {
	below, chunks := primesBelow(), 20
	ranges := make([]primeRange, chunks)
	for i := range ranges {
		ranges[i] = primeRange{i * below / chunks, (i + 1) * below / chunks}
	}
	cpus := runtime.GOMAXPROCS(0)
	fmt.Fprintf(w, "counting the primes below %d in %d chunks, on %d CPUs,\n",
		below, chunks, cpus)
	fmt.Fprintf(w, "each way %d times: median time (fastest–slowest), "+
		"speed-up over sequential\n", runs)
	loadBefore, _ := loadAverage()

	// One goroutine: a plain loop.
	sequential := func() ([]int, error) {
		counts := make([]int, chunks)
		for i, r := range ranges {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			counts[i] = countPrimes(r)
		}
		return counts, nil
	}

	// An Executor with a worker goroutine per CPU: threads, without a GIL.
	goroutines := func() ([]int, error) {
		pool := asyncio.NewExecutor(cpus)
		defer pool.Shutdown(context.WithoutCancel(ctx))
		return asyncio.Map(ctx, pool, ranges,
			func(_ context.Context, r primeRange) (int, error) {
				return countPrimes(r), nil
			})
	}

	// A process.Pool with a child process per CPU. Its time includes
	// starting and stopping the children, and encoding every argument and
	// result.
	processes := func() ([]int, error) {
		procs := process.NewPool(cpus)
		// Reaps every child; if ctx is canceled, kills them first.
		defer procs.Shutdown(ctx)
		return countPrimesInChild.Map(ctx, procs, ranges)
	}

	var base time.Duration // the sequential median
	for _, way := range []struct {
		how   string
		count func() ([]int, error)
	}{
		{"sequential", sequential},
		{fmt.Sprintf("Executor, %d goroutines", cpus), goroutines},
		{fmt.Sprintf("process.Pool, %d processes", cpus), processes},
	} {
		var took []time.Duration
		primes := 0
		for range runs {
			start := time.Now()
			counts, err := way.count()
			if err != nil {
				return err
			}
			took = append(took, time.Since(start))
			primes = sum(counts)
		}
		fmt.Fprintln(w, timingLine(way.how, primes, took, base))
		if base == 0 {
			base = median(took)
		}
	}

	// The 1-minute load average hardly moves in a second of our own work,
	// so the higher reading is the other programs' load.
	loadAfter, _ := loadAverage()
	load := max(loadBefore, loadAfter)
	if note := busyNote(load, runtime.NumCPU()); note != "" {
		fmt.Fprintln(w, note)
	}
	return nil
}

// primesBelow is how far Run counts: two million, unless the environment
// variable REXASYNCIO_PRIMES_BELOW says otherwise (the tests count less,
// to be quick).
func primesBelow() int {
	n, err := strconv.Atoi(os.Getenv("REXASYNCIO_PRIMES_BELOW"))
	if err != nil || n < 2 {
		return 2_000_000
	}
	return n
}

func sum(counts []int) int {
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}

// timingLine is a way's line of ProcessPool's table: its name, the primes it
// counted, the median of its times took, their range, and how many times
// as fast as base (the sequential median) it was, if base is set. A clock
// that stands still (testing/synctest) measures 0, and no speed-up.
func timingLine(how string, primes int, took []time.Duration,
	base time.Duration) string {
	lo, hi, mid := slices.Min(took), slices.Max(took), median(took)
	ms := func(d time.Duration) time.Duration {
		return d.Round(time.Millisecond)
	}
	line := fmt.Sprintf("%-29s %d primes  %v (%v–%v)", how+":", primes,
		ms(mid), ms(lo), ms(hi))
	if base > 0 && mid > 0 {
		line += fmt.Sprintf("  %.1f×", base.Seconds()/mid.Seconds())
	}
	return line
}

// median returns the middle of ds once sorted, or the mean of the two
// middle ones when there is an even number. ds must not be empty.
func median(ds []time.Duration) time.Duration {
	s := slices.Sorted(slices.Values(ds))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1] + (s[n/2]-s[n/2-1])/2
}

// busyNote says the machine was busy, or returns "": busy is a 1-minute
// load average above the number of CPUs, more runnable threads than cores.
func busyNote(load float64, cpus int) string {
	if load <= float64(cpus) {
		return ""
	}
	return fmt.Sprintf("the machine was busy (load average %.2f on %d CPUs): "+
		"the times are noisy", load, cpus)
}

// loadAverage returns the 1-minute load average from /proc/loadavg, and
// false where there is none (not Linux).
func loadAverage() (float64, bool) {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, false
	}
	return parseLoadAverage(string(data))
}

// parseLoadAverage reads the first field of /proc/loadavg:
// "0.52 0.58 0.59 2/1234 5678".
func parseLoadAverage(s string) (float64, bool) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, false
	}
	load, err := strconv.ParseFloat(fields[0], 64)
	if err != nil || load < 0 {
		return 0, false
	}
	return load, true
}
