package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Cancellation storms: workers hammer one Lock, Semaphore, BoundedSemaphore,
// Condition or Queue for real (no synctest) while a canceller cancels the
// contexts of random workers at random moments, and some calls carry tiny
// deadlines. The invariants:
//
//   - no lost wake-up: every storm ends within its deadline, including a last
//     round of calls that nobody cancels; a hang fails with every goroutine's
//     stack;
//   - a call that fails returns its ctx's error, and its ctx is indeed done;
//   - the lock is never held twice, and a semaphore never grants more
//     permits than it has (an atomic counter inside the critical section);
//   - permits are conserved: afterwards the free permits equal the initial
//     value, and a Lock is free;
//   - no item is lost or duplicated by a cancelled Put or Get.
//
// Each storm is seeded (math/rand/v2); the seed is logged and
// REXASYNCIO_SEED replays it. go test runs a few storms of each kind;
// REXASYNCIO_LONG=1 runs hundreds.

// stormCanceller cancels the registered contexts of random workers.
type stormCanceller struct {
	mu      sync.Mutex
	cancels []context.CancelFunc // by worker; nil when the worker holds no ctx
	fired   atomic.Int64
	holders []*stormHolder // by worker: its current task context; touched by the worker only
}

func newStormCanceller(workers int) *stormCanceller {
	return &stormCanceller{cancels: make([]context.CancelFunc, workers), holders: make([]*stormHolder, workers)}
}

// stormHolder is a task that lends its context to a worker for as many
// calls as it lasts: the library keeps a waiter in a task's context for its
// next wait, and a cancellation reaches such a waiter through a hook of the
// context rather than its Done channel, so storms exercise both kinds.
type stormHolder struct {
	task    *asyncio.Task[struct{}]
	ctx     context.Context
	release chan struct{}
}

func newStormHolder() *stormHolder {
	got := make(chan context.Context, 1)
	h := &stormHolder{release: make(chan struct{})}
	h.task = asyncio.Go(context.Background(), func(ctx context.Context) error {
		got <- ctx
		<-h.release
		return nil
	})
	h.ctx = <-got
	return h
}

func (h *stormHolder) end() {
	close(h.release)
	_, _ = h.task.Await(context.Background())
}

// endHolders ends the workers' holder tasks, once the workers are done.
func (s *stormCanceller) endHolders() {
	for i, h := range s.holders {
		if h != nil {
			h.end()
			s.holders[i] = nil
		}
	}
}

// ctx returns a context for worker's next call, which the canceller may
// cancel at any moment: a task's context, kept for the worker's next calls
// until it is cancelled, or a context of the standard library, which
// sometimes carries a deadline of a few microseconds. Call done when the
// call has returned.
func (s *stormCanceller) ctx(worker int, r *rand.Rand) (ctx context.Context, done func()) {
	if r.IntN(2) == 0 {
		h := s.holders[worker]
		if h == nil || h.ctx.Err() != nil || r.IntN(20) == 0 {
			if h != nil {
				h.end()
			}
			h = newStormHolder()
			s.holders[worker] = h
		}
		s.mu.Lock()
		s.cancels[worker] = func() { h.task.Cancel() }
		s.mu.Unlock()
		return h.ctx, func() {
			s.mu.Lock()
			s.cancels[worker] = nil
			s.mu.Unlock()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	if r.IntN(8) == 0 {
		var c2 context.CancelFunc
		ctx, c2 = context.WithTimeout(ctx, time.Duration(r.IntN(30))*time.Microsecond)
		c1 := cancel
		cancel = func() { c2(); c1() }
	}
	s.mu.Lock()
	s.cancels[worker] = cancel
	s.mu.Unlock()
	return ctx, func() {
		s.mu.Lock()
		s.cancels[worker] = nil
		s.mu.Unlock()
		cancel()
	}
}

// run cancels a random worker's context every few scheduling rounds until
// stop is closed.
func (s *stormCanceller) run(r *rand.Rand, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		for range r.IntN(40) {
			runtime.Gosched()
		}
		s.mu.Lock()
		if c := s.cancels[r.IntN(len(s.cancels))]; c != nil {
			c()
			s.fired.Add(1)
		}
		s.mu.Unlock()
	}
}

// stormCallErr fails the storm unless err, the error of a call made with
// ctx, is nil or ctx's own error.
func stormCallErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() == nil || !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("call failed with %v while its ctx is %v", err, ctx.Err())
	}
	return nil
}

// stormSize is how many storms of each kind run, and how many calls each
// worker makes per storm.
func stormSize() (storms, calls int) {
	if longRun() {
		return 300, 400
	}
	return 20, 150
}

// stormStats counts what the storms went through, for RELIABILITY.md (logged
// with -v).
type stormStats struct {
	storms, grants, failed, cancels int64
}

func (s *stormStats) log(t *testing.T, what string) {
	t.Logf("%s: %d storms survived, %d grants, %d calls failed by cancellation (%d cancels fired)",
		what, s.storms, s.grants, s.failed, s.cancels)
}

// runStorm runs workers goroutines, each calling call(worker, r, canceller)
// calls times while the canceller fires, then once more each with nothing
// cancelled (the no-lost-wake-up round), all within a deadline. call returns
// whether it was granted, and an error if an invariant broke.
func runStorm(t *testing.T, seed uint64, workers, calls int, stats *stormStats,
	call func(worker int, r *rand.Rand, ctx context.Context) (granted bool, err error)) {
	t.Helper()
	canceller := newStormCanceller(workers)
	var (
		errMu    sync.Mutex
		firstErr error
		grants   atomic.Int64
		failed   atomic.Int64
	)
	report := func(err error) {
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		errMu.Unlock()
	}
	relWithin(t, time.Minute, fmt.Sprintf("storm with seed %d", seed), func() {
		stop := make(chan struct{})
		var cancellerDone sync.WaitGroup
		cancellerDone.Add(1)
		go func() {
			defer cancellerDone.Done()
			canceller.run(randFor(seed, -1), stop)
		}()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := randFor(seed, w)
				for range calls {
					ctx, done := canceller.ctx(w, r)
					granted, err := call(w, r, ctx)
					done()
					if err != nil {
						report(err)
						return
					}
					if granted {
						grants.Add(1)
					} else {
						failed.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		close(stop)
		cancellerDone.Wait()
		canceller.endHolders()
		// The last round: nothing is cancelled, so every call must be granted.
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				granted, err := call(w, randFor(seed, w+workers), context.Background())
				if err == nil && !granted {
					err = errors.New("an uncancelled call was not granted")
				}
				if err != nil {
					report(err)
				}
			}()
		}
		wg.Wait()
	})
	if firstErr != nil {
		t.Fatalf("storm with seed %d: %v", seed, firstErr)
	}
	stats.storms++
	stats.grants += grants.Load()
	stats.failed += failed.Load()
	stats.cancels += canceller.fired.Load()
}

// critical is a critical section guarded by something that admits at most
// limit holders at once: it fails if it ever sees more.
type critical struct {
	inside atomic.Int32
	limit  int32
}

func (c *critical) enter(r *rand.Rand) error {
	if n := c.inside.Add(1); n > c.limit {
		return fmt.Errorf("%d holders at once, limit %d", n, c.limit)
	}
	for range r.IntN(3) {
		runtime.Gosched()
	}
	c.inside.Add(-1)
	return nil
}

func TestStormLock(t *testing.T) {
	seed := relSeed(t)
	storms, calls := stormSize()
	var stats stormStats
	for i := range storms {
		var l asyncio.Lock
		cs := critical{limit: 1}
		runStorm(t, seed+uint64(i), 8, calls, &stats, func(w int, r *rand.Rand, ctx context.Context) (bool, error) {
			var err error
			if ctx.Done() != nil && r.IntN(6) == 0 { // not in the last round, which must be granted
				if !l.TryLock() {
					return false, nil
				}
			} else if err = l.Lock(ctx); err != nil {
				return false, stormCallErr(ctx, err)
			}
			err = cs.enter(r)
			l.Unlock()
			return true, err
		})
		if l.Locked() || !l.TryLock() {
			t.Fatalf("storm %d (seed %d): the Lock is not free at the end", i, seed+uint64(i))
		}
	}
	stats.log(t, "Lock")
}

// stormSem is what Semaphore and BoundedSemaphore share, for the storms.
type stormSem interface {
	Acquire(context.Context) error
	TryAcquire() bool
	Locked() bool
}

func TestStormSemaphores(t *testing.T) {
	seed := relSeed(t)
	storms, calls := stormSize()
	for _, bounded := range []bool{false, true} {
		name := "Semaphore"
		if bounded {
			name = "BoundedSemaphore"
		}
		t.Run(name, func(t *testing.T) {
			var stats stormStats
			for i := range storms {
				const permits = 3
				var (
					s       stormSem
					release func() error
				)
				if bounded {
					b := asyncio.NewBoundedSemaphore(permits)
					s, release = b, boundedRelease(b)
				} else {
					p := asyncio.NewSemaphore(permits)
					s, release = p, func() error { p.Release(); return nil }
				}
				cs := critical{limit: permits}
				runStorm(t, seed+uint64(i), 8, calls, &stats, func(w int, r *rand.Rand, ctx context.Context) (bool, error) {
					if ctx.Done() != nil && r.IntN(6) == 0 { // not in the last round, which must be granted
						if !s.TryAcquire() {
							return false, nil
						}
					} else if err := s.Acquire(ctx); err != nil {
						return false, stormCallErr(ctx, err)
					}
					err := cs.enter(r)
					if rerr := release(); rerr != nil {
						return true, fmt.Errorf("Release after a granted Acquire: %v", rerr)
					}
					return true, err
				})
				free := 0
				for s.TryAcquire() {
					free++
				}
				if free != permits {
					t.Fatalf("storm %d (seed %d): %d permits free at the end, want %d", i, seed+uint64(i), free, permits)
				}
			}
			stats.log(t, name)
		})
	}
}

// TestStormCondition: producers add tokens and Notify(1) each; consumers
// WaitFor a token with contexts the canceller cancels, and take one. A
// notification lost by a waiter cancelled as it was notified leaves a token
// that nobody is woken for; the last, uncancelled round then hangs.
func TestStormCondition(t *testing.T) {
	seed := relSeed(t)
	storms, calls := stormSize()
	var stats stormStats
	for i := range storms {
		var (
			c                  asyncio.Condition
			tokens             int // guarded by c's lock
			cs                 = critical{limit: 1}
			produced, consumed atomic.Int64
		)
		const workers, producers = 8, 3
		runStorm(t, seed+uint64(i), workers, calls, &stats, func(w int, r *rand.Rand, ctx context.Context) (bool, error) {
			if w < producers { // producers ignore the canceller: their tokens must all be taken
				n := 1
				if ctx.Done() == nil { // the last round: one token per consumer, shared out
					n = (workers - 1 - w) / producers
				}
				for range n {
					if err := c.Lock(context.Background()); err != nil {
						return false, err
					}
					err := cs.enter(r)
					tokens++
					produced.Add(1)
					c.Notify(1)
					c.Unlock()
					if err != nil {
						return false, err
					}
				}
				return true, nil
			}
			if err := c.Lock(ctx); err != nil {
				return false, stormCallErr(ctx, err)
			}
			err := c.WaitFor(ctx, func() bool { return tokens > 0 })
			defer c.Unlock() // WaitFor holds the lock on return, whatever it returns
			if cerr := cs.enter(r); cerr != nil {
				return false, cerr
			}
			if err != nil {
				return false, stormCallErr(ctx, err)
			}
			tokens--
			consumed.Add(1)
			return true, nil
		})
		if err := c.Lock(context.Background()); err != nil {
			t.Fatal(err)
		}
		left := tokens
		c.Unlock()
		if left < 0 || int64(left) != produced.Load()-consumed.Load() {
			t.Fatalf("storm %d (seed %d): %d tokens left, %d produced, %d consumed",
				i, seed+uint64(i), left, produced.Load(), consumed.Load())
		}
	}
	stats.log(t, "Condition")
}

// TestStormQueue: producers Put distinct items with contexts the canceller
// cancels (retrying an item until its Put succeeds), consumers Get with such
// contexts; afterwards every item was got exactly once.
func TestStormQueue(t *testing.T) {
	seed := relSeed(t)
	storms, calls := stormSize()
	var stats stormStats
	for i := range storms {
		const producers, workers = 4, 8 // as many consumers as producers
		q := asyncio.NewQueue[int](2)
		var (
			next   [producers]int // the next item of each producer (each touches only its own)
			gotMu  sync.Mutex
			got    = map[int]int{}
			dupErr error
		)
		runStorm(t, seed+uint64(i), workers, calls, &stats, func(w int, r *rand.Rand, ctx context.Context) (bool, error) {
			if w < producers {
				v := w*1_000_000 + next[w]
				if err := q.Put(ctx, v); err != nil {
					return false, stormCallErr(ctx, err)
				}
				next[w]++
				return true, nil
			}
			// In the last round, each consumer's Get is matched by one
			// producer's Put, and what the storm left is at most maxsize, so
			// nobody waits for ever unless a wake-up is lost.
			v, err := q.Get(ctx)
			if err != nil {
				return false, stormCallErr(ctx, err)
			}
			gotMu.Lock()
			got[v]++
			gotMu.Unlock()
			return true, nil
		})
		for {
			v, err := q.TryGet()
			if err != nil {
				break
			}
			got[v]++
		}
		put := 0
		for p := range producers {
			for k := range next[p] {
				v := p*1_000_000 + k
				switch got[v] {
				case 1:
				case 0:
					dupErr = fmt.Errorf("item %d was put but never got", v)
				default:
					dupErr = fmt.Errorf("item %d was got %d times", v, got[v])
				}
				delete(got, v)
				put++
			}
		}
		for v, n := range got {
			dupErr = fmt.Errorf("item %d was got %d times but never put", v, n)
		}
		if dupErr != nil {
			t.Fatalf("storm %d (seed %d): %v", i, seed+uint64(i), dupErr)
		}
	}
	stats.log(t, "Queue")
}
