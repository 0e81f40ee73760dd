package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Stress: many producers and consumers push a large number of items through
// a queue for real (no synctest), under the race detector in CI. Nothing may
// be lost or duplicated, each producer's items must leave a FIFO queue in
// the order they were put, and Join must return once every item is done.
//
// go test pushes 50,000 items per run; REXASYNCIO_LONG=1 pushes 1,000,000.
// The helpers at the top are shared by the reliability tests
// (linearizability, storms).

// longRun reports whether the long versions of the reliability tests were
// asked for.
func longRun() bool { return os.Getenv("REXASYNCIO_LONG") != "" }

// relSeed returns the seed of a randomized test, REXASYNCIO_SEED if set, and
// logs it so that a failure can be replayed.
func relSeed(t *testing.T) uint64 {
	seed := rand.Uint64()
	if s := os.Getenv("REXASYNCIO_SEED"); s != "" {
		if _, err := fmt.Sscan(s, &seed); err != nil {
			t.Fatalf("REXASYNCIO_SEED=%q: %v", s, err)
		}
	}
	t.Logf("seed %d (REXASYNCIO_SEED=%d replays it)", seed, seed)
	return seed
}

// relWithin runs fn and fails t with every goroutine's stack if fn has not
// returned after d: a lost wake-up shows up as a hang, and the dump says who
// waits for what. (The goroutines stay blocked: the process is failing.)
func relWithin(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%s: still running after %v (lost wake-up?); goroutines:\n%s", what, d, buf)
	}
}

// stressQueue is what the stress test needs of a queue.
type stressQueue interface {
	Put(context.Context, int) error
	TryPut(int) error
	Get(context.Context) (int, error)
	TaskDone()
	Join(context.Context) error
	Len() int
	Shutdown(immediate bool)
}

// stressResult is what one stress run saw.
type stressResult struct {
	items    int
	duration time.Duration
}

// runQueueStress pushes producers*perProducer items through q from
// producers goroutines to consumers goroutines, each item marked done with
// TaskDone, and checks that every item came out exactly once, that Join
// returned, and, if fifo, that each consumer saw each producer's items in
// order.
func runQueueStress(t *testing.T, q stressQueue, producers, consumers, perProducer int, fifo bool) stressResult {
	t.Helper()
	total := producers * perProducer
	seen := make([][]int, consumers) // per consumer, the items it got
	start := time.Now()
	relWithin(t, 5*time.Minute, fmt.Sprintf("stress of %d items", total), func() {
		ctx := context.Background()
		var prod, cons sync.WaitGroup
		for p := range producers {
			prod.Add(1)
			go func() {
				defer prod.Done()
				for i := range perProducer {
					v := p*perProducer + i
					// Mostly Put; now and then TryPut, falling back to Put.
					if i%7 == 0 {
						if err := q.TryPut(v); err == nil {
							continue
						} else if !errors.Is(err, asyncio.ErrQueueFull) {
							panic(err)
						}
					}
					if err := q.Put(ctx, v); err != nil {
						panic(err)
					}
				}
			}()
		}
		for c := range consumers {
			cons.Add(1)
			go func() {
				defer cons.Done()
				got := make([]int, 0, 2*total/consumers)
				for {
					v, err := q.Get(ctx)
					if errors.Is(err, asyncio.ErrQueueShutdown) {
						break
					}
					if err != nil {
						panic(err)
					}
					got = append(got, v)
					q.TaskDone()
				}
				seen[c] = got
			}()
		}
		prod.Wait()
		if err := q.Join(ctx); err != nil {
			panic(err)
		}
		q.Shutdown(false)
		cons.Wait()
	})
	elapsed := time.Since(start)

	count := make([]uint8, total)
	n := 0
	for c, got := range seen {
		last := make([]int, producers)
		for i := range last {
			last[i] = -1
		}
		for _, v := range got {
			if v < 0 || v >= total {
				t.Fatalf("consumer %d got %d, which no producer put", c, v)
			}
			count[v]++
			n++
			if p, i := v/perProducer, v%perProducer; fifo {
				if i <= last[p] {
					t.Fatalf("consumer %d got producer %d's item %d after its item %d: FIFO order broken", c, p, i, last[p])
				}
				last[p] = i
			}
		}
	}
	if i := slices.IndexFunc(count, func(c uint8) bool { return c != 1 }); i >= 0 {
		t.Fatalf("item %d came out %d times (of %d items, %d got)", i, count[i], total, n)
	}
	if q.Len() != 0 {
		t.Fatalf("Len = %d after every item came out", q.Len())
	}
	return stressResult{total, elapsed}
}

func TestStressQueueProducersConsumers(t *testing.T) {
	perProducer := 50_000 / 16
	if longRun() {
		perProducer = 1_000_000 / 16
	}
	for _, maxsize := range []int{64, 0} {
		t.Run(fmt.Sprintf("maxsize=%d", maxsize), func(t *testing.T) {
			r := runQueueStress(t, asyncio.NewQueue[int](maxsize), 16, 16, perProducer, true)
			t.Logf("16 producers x 16 consumers: %d items in %v (GOMAXPROCS %d)", r.items, r.duration, runtime.GOMAXPROCS(0))
		})
	}
}

func TestStressLifoAndPriorityQueues(t *testing.T) {
	perProducer := 10_000 / 8
	if longRun() {
		perProducer = 200_000 / 8
	}
	kinds := []struct {
		name string
		q    stressQueue
	}{
		{"LifoQueue", asyncio.NewLifoQueue[int](32)},
		{"PriorityQueue", asyncio.NewPriorityQueue(32, func(a, b int) bool { return a < b })},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			r := runQueueStress(t, k.q, 8, 8, perProducer, false)
			t.Logf("8 producers x 8 consumers: %d items in %v", r.items, r.duration)
		})
	}
}

// randFor returns a generator seeded from seed and a stream number, so that
// each goroutine of a seeded test has its own reproducible stream.
func randFor(seed uint64, stream int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(stream)))
}
