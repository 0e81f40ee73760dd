package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// startConditionWaiters starts n tasks that each lock c, Wait once, record
// "<i>" (or "<i>:<err>") in tr, and unlock. They queue in the order 0..n-1.
func startConditionWaiters(ctx context.Context, c *asyncio.Condition, n int, tr *trace) []*asyncio.Task[struct{}] {
	var tasks []*asyncio.Task[struct{}]
	for i := range n {
		tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
			if err := c.Lock(ctx); err != nil {
				return err
			}
			defer c.Unlock()
			if err := c.Wait(ctx); err != nil {
				tr.add("%d:%v", i, err)
				return nil
			}
			tr.add("%d", i)
			return nil
		}))
		synctest.Wait()
	}
	return tasks
}

// locked runs f with c's lock held.
func locked(t *testing.T, c *asyncio.Condition, f func()) {
	t.Helper()
	if err := c.Lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Unlock()
	f()
}

func TestConditionZeroValueOwnsLock(t *testing.T) {
	var c asyncio.Condition
	if c.Locked() || !c.TryLock() || !c.Locked() {
		t.Fatal("zero Condition's own lock does not work")
	}
	c.Unlock()
	if c.Locked() {
		t.Fatal("still locked after Unlock")
	}
}

func TestNewConditionSharesLock(t *testing.T) {
	var l asyncio.Lock
	c := asyncio.NewCondition(&l)
	if !c.TryLock() || !l.Locked() {
		t.Fatal("the Condition does not use the Lock it was given")
	}
	l.Unlock()
	if c.Locked() {
		t.Fatal("Condition sees its lock held after the Lock was unlocked")
	}
	if asyncio.NewCondition(nil).Locked() {
		t.Fatal("NewCondition(nil) starts locked")
	}
}

func TestConditionWaitWithoutLockPanics(t *testing.T) {
	var c asyncio.Condition
	wantArgPanic(t, "Condition.Wait", "lock", func() { _ = c.Wait(context.Background()) })
	wantArgPanic(t, "Condition.WaitFor", "lock", func() {
		_ = c.WaitFor(context.Background(), func() bool { return true })
	})
	if c.Locked() {
		t.Fatal("a Wait that panicked left the lock held")
	}
}

func TestConditionNotifyWithoutLockPanics(t *testing.T) {
	var c asyncio.Condition
	wantArgPanic(t, "Condition.Notify", "lock", func() { c.Notify(1) })
	wantArgPanic(t, "Condition.NotifyAll", "lock", c.NotifyAll)
}

func TestConditionUnlockUnlockedPanics(t *testing.T) {
	var c asyncio.Condition
	wantArgPanic(t, "Condition.Unlock", "lock", c.Unlock)
}

func TestConditionWaitReleasesLockWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 1, &tr)
		if c.Locked() {
			t.Fatal("the lock is held while its holder waits on the condition")
		}
		locked(t, &c, func() { c.Notify(1) })
		awaitAll(t, tasks...)
	})
}

func TestConditionNotifyWakesFIFO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 4, &tr)
		for range 4 {
			locked(t, &c, func() { c.Notify(1) })
			synctest.Wait() // the woken waiter has recorded itself
		}
		awaitAll(t, tasks...)
		if got := tr.String(); got != "[0 1 2 3]" {
			t.Fatalf("notified in order %s, want arrival order", got)
		}
	})
}

func TestConditionNotifyNWakesAtMostN(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 3, &tr)
		locked(t, &c, func() { c.Notify(2) })
		synctest.Wait()
		if got := tr.String(); got != "[0 1]" && got != "[1 0]" {
			t.Fatalf("Notify(2) woke %s, want the first two waiters", got)
		}
		locked(t, &c, func() { c.Notify(5) }) // more than are waiting
		awaitAll(t, tasks...)
	})
}

func TestConditionNotifyZeroOrNegativeWakesNone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 2, &tr)
		locked(t, &c, func() { c.Notify(0); c.Notify(-3) })
		synctest.Wait()
		if got := tr.String(); got != "[]" {
			t.Fatalf("Notify(0) and Notify(-3) woke %s", got)
		}
		locked(t, &c, c.NotifyAll)
		awaitAll(t, tasks...)
	})
}

func TestConditionNotifyAllWakesEveryWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 5, &tr)
		locked(t, &c, c.NotifyAll)
		awaitAll(t, tasks...)
		if n := len(tr.all); n != 5 {
			t.Fatalf("NotifyAll woke %d of 5", n)
		}
	})
}

func TestConditionWaitReacquiresLockBeforeReturning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 1, &tr)
		_ = c.Lock(ctx)
		c.Notify(1)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := tr.String(); got != "[]" {
			t.Fatalf("Wait returned %s while the notifier still held the lock", got)
		}
		c.Unlock()
		awaitAll(t, tasks...)
		if got := tr.String(); got != "[0]" {
			t.Fatalf("got %s", got)
		}
	})
}

func TestConditionWaitReacquiresLockWhenCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var heldOnReturn bool
		waiter := asyncio.Go(ctx, func(ctx context.Context) error {
			_ = c.Lock(ctx)
			defer c.Unlock()
			err := c.Wait(ctx)
			heldOnReturn = c.Locked()
			return err
		})
		synctest.Wait()
		_ = c.Lock(ctx) // hold the lock while the waiter is cancelled
		waiter.Cancel()
		time.Sleep(time.Second)
		synctest.Wait()
		select {
		case <-waiter.Done():
			t.Fatal("a cancelled Wait returned without re-acquiring the lock")
		default:
		}
		c.Unlock()
		if _, err := waiter.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled Wait = %v, want context.Canceled", err)
		}
		if !heldOnReturn {
			t.Fatal("the lock was not held when the cancelled Wait returned")
		}
		if c.Locked() {
			t.Fatal("lock left held")
		}
	})
}

func TestConditionWaitDeadlineExceeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
		defer cancel()
		_ = c.Lock(ctx)
		var err error
		d := elapsed(func() { err = c.Wait(ctx) })
		if !errors.Is(err, context.DeadlineExceeded) || d != 4*time.Second {
			t.Fatalf("Wait = %v after %v, want DeadlineExceeded after 4s", err, d)
		}
		if !c.Locked() {
			t.Fatal("lock not held after the timed-out Wait")
		}
		c.Unlock()
	})
}

func TestConditionWaitWithDoneContextKeepsLock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var c asyncio.Condition
	_ = c.Lock(ctx)
	if err := c.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v", err)
	}
	if !c.Locked() {
		t.Fatal("lock not held after Wait with a done ctx")
	}
	c.Unlock()
}

// CPython notifies another waiter whenever a wait fails; here a waiter that
// was not notified leaves quietly, so nobody is woken spuriously.
func TestConditionCanceledUnnotifiedWaiterWakesNobody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		var tr trace
		tasks := startConditionWaiters(ctx, &c, 3, &tr)
		tasks[0].Cancel()
		synctest.Wait()
		if got := tr.String(); got != "[0:context canceled]" {
			t.Fatalf("after cancelling waiter 0: %s", got)
		}
		locked(t, &c, func() { c.Notify(1) })
		synctest.Wait()
		if got := tr.String(); got != "[0:context canceled 1]" {
			t.Fatalf("Notify(1) after the cancellation woke %s, want just waiter 1", got)
		}
		locked(t, &c, c.NotifyAll)
		awaitAll(t, tasks...)
	})
}

func TestConditionWaitForPredicate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var c asyncio.Condition
		stock, calls := 0, 0
		consumer := asyncio.Go(ctx, func(ctx context.Context) error {
			_ = c.Lock(ctx)
			defer c.Unlock()
			if err := c.WaitFor(ctx, func() bool { calls++; return stock >= 3 }); err != nil {
				return err
			}
			stock -= 3
			return nil
		})
		for range 3 {
			time.Sleep(time.Second)
			locked(t, &c, func() { stock++; c.NotifyAll() })
		}
		awaitAll(t, consumer)
		if stock != 0 || calls != 4 {
			t.Fatalf("stock %d, predicate called %d times; want 0 and 4 (once, then after each notify)", stock, calls)
		}
	})
}

func TestConditionWaitForTrueAtOnceDoesNotWait(t *testing.T) {
	var c asyncio.Condition
	ctx := context.Background()
	_ = c.Lock(ctx)
	defer c.Unlock()
	if err := c.WaitFor(ctx, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
}

func TestConditionWaitForCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c asyncio.Condition
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = c.Lock(ctx)
		err := c.WaitFor(ctx, func() bool { return false })
		if !errors.Is(err, context.DeadlineExceeded) || !c.Locked() {
			t.Fatalf("WaitFor = %v, locked %v; want DeadlineExceeded with the lock held", err, c.Locked())
		}
		c.Unlock()
	})
}

func TestConditionWaitForNilPredicatePanics(t *testing.T) {
	var c asyncio.Condition
	defer func() {
		ae, ok := recover().(*asyncio.ArgError)
		if !ok || ae.Arg != "pred" || !strings.Contains(ae.Func, "WaitFor") {
			t.Fatalf("recovered %#v, want *ArgError naming pred", ae)
		}
	}()
	_ = c.WaitFor(context.Background(), nil)
}

func TestConditionReportsBlockConditionThenBlockLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		var c asyncio.Condition
		waiter := asyncio.Go(ctx, func(ctx context.Context) error {
			_ = c.Lock(ctx)
			defer c.Unlock()
			return c.Wait(ctx)
		}, asyncio.WithName("waiter"))
		time.Sleep(time.Second)
		_ = c.Lock(ctx)
		c.Notify(1)
		time.Sleep(time.Second) // the notified waiter now waits for the lock
		c.Unlock()
		awaitAll(t, waiter)
		want := "[blocked:condition@0s resumed:condition@1s blocked:lock@1s resumed:lock@2s]"
		if got := fmt.Sprint(blockKinds(rec, "waiter", start)); got != want {
			t.Fatalf("recorded %s, want %s", got, want)
		}
	})
}

// Property: producers and consumers coordinating through a Condition never
// lose an item nor a wake-up, whatever the interleaving.
func TestConditionProducerConsumerUnderHammer(t *testing.T) {
	const producers, consumers, items = 4, 4, 200
	ctx := context.Background()
	var (
		c        asyncio.Condition
		queue    []int
		consumed int
		wg       sync.WaitGroup
	)
	for range producers {
		wg.Go(func() {
			for i := range items {
				_ = c.Lock(ctx)
				queue = append(queue, i)
				c.Notify(1)
				c.Unlock()
			}
		})
	}
	for range consumers {
		wg.Go(func() {
			for range items * producers / consumers {
				_ = c.Lock(ctx)
				if err := c.WaitFor(ctx, func() bool { return len(queue) > 0 }); err != nil {
					t.Error(err)
				}
				queue = queue[1:]
				consumed++
				c.Unlock()
			}
		})
	}
	wg.Wait()
	if consumed != producers*items || len(queue) != 0 {
		t.Fatalf("consumed %d, %d left; want %d, 0", consumed, len(queue), producers*items)
	}
}

func ExampleCondition() {
	ctx := context.Background()
	var (
		cond  asyncio.Condition
		ready []string
	)
	consumer := asyncio.CreateTask(ctx, func(ctx context.Context) (string, error) {
		if err := cond.Lock(ctx); err != nil {
			return "", err
		}
		defer cond.Unlock()
		// Wait until the producer has made two items.
		if err := cond.WaitFor(ctx, func() bool { return len(ready) >= 2 }); err != nil {
			return "", err
		}
		return strings.Join(ready, " and "), nil
	})
	for _, item := range []string{"bread", "butter"} {
		if err := cond.Lock(ctx); err != nil {
			fmt.Println(err)
			return
		}
		ready = append(ready, item)
		cond.NotifyAll()
		cond.Unlock()
	}
	got, err := consumer.Await(ctx)
	fmt.Println(got, err)
	// Output: bread and butter <nil>
}

// chanCond is the hand-written channel equivalent of a condition variable:
// a mutex and a FIFO of channels, one per Wait, closed by Signal. It is the
// design the package's rules ask for (no sync.Cond across a wait), so it is
// the baseline BenchmarkCondition/ping_pong compares against, besides
// sync.Cond.
type chanCond struct {
	mu      sync.Mutex
	waiters []chan struct{}
}

func (c *chanCond) Wait() {
	ch := make(chan struct{})
	c.waiters = append(c.waiters, ch)
	c.mu.Unlock()
	<-ch
	c.mu.Lock()
}

func (c *chanCond) Signal() {
	if len(c.waiters) > 0 {
		close(c.waiters[0])
		c.waiters = c.waiters[1:]
	}
}

// BenchmarkCondition compares asyncio.Condition with sync.Cond and a
// hand-written channel-based condition: "notify" is Lock, Notify(1) (nobody
// waits) and Unlock; "ping_pong" is two goroutines taking turns through Wait
// and Notify, one turn per op.
func BenchmarkCondition(b *testing.B) {
	ctx := context.Background()
	b.Run("notify/asyncio.Condition", func(b *testing.B) {
		b.ReportAllocs()
		var c asyncio.Condition
		for b.Loop() {
			_ = c.Lock(ctx)
			c.Notify(1)
			c.Unlock()
		}
	})
	b.Run("notify/sync.Cond", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		c := sync.NewCond(&mu)
		for b.Loop() {
			mu.Lock()
			c.Signal()
			mu.Unlock()
		}
	})
	b.Run("ping_pong/asyncio.Condition", func(b *testing.B) {
		b.ReportAllocs()
		var c asyncio.Condition
		turn := 0
		play := func(me, n int) {
			_ = c.Lock(ctx)
			for range n {
				for turn != me {
					_ = c.Wait(ctx)
				}
				turn = 1 - me
				c.Notify(1)
			}
			c.Unlock()
		}
		var wg sync.WaitGroup
		wg.Go(func() { play(1, b.N/2) })
		play(0, b.N/2)
		wg.Wait()
	})
	b.Run("ping_pong/sync.Cond", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		c := sync.NewCond(&mu)
		turn := 0
		play := func(me, n int) {
			mu.Lock()
			for range n {
				for turn != me {
					c.Wait()
				}
				turn = 1 - me
				c.Signal()
			}
			mu.Unlock()
		}
		var wg sync.WaitGroup
		wg.Go(func() { play(1, b.N/2) })
		play(0, b.N/2)
		wg.Wait()
	})
	b.Run("ping_pong/chan", func(b *testing.B) {
		b.ReportAllocs()
		var c chanCond
		turn := 0
		play := func(me, n int) {
			c.mu.Lock()
			for range n {
				for turn != me {
					c.Wait()
				}
				turn = 1 - me
				c.Signal()
			}
			c.mu.Unlock()
		}
		var wg sync.WaitGroup
		wg.Go(func() { play(1, b.N/2) })
		play(0, b.N/2)
		wg.Wait()
	})
}
