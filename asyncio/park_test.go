package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// A task's context is a scope of the package: a call that blocks with it
// parks on one channel, which the scope's cancellation hook wakes. These
// tests pin down what that path must keep: a prompt, exact return on
// cancellation, the primitive left intact, the first of a grant and a
// cancellation winning, and the tasks' contexts under foreign parents.

// blockingCall is a call that blocks until free is called, made with a
// task's context, and what must hold once a cancelled call has returned.
type blockingCall struct {
	name string
	// setup makes the primitive and returns the blocking call and, for
	// after the cancellation, a check that the primitive still works.
	setup func(t *testing.T) (call func(ctx context.Context) error, intact func(t *testing.T))
}

var blockingCalls = []blockingCall{
	{"Lock.Lock", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		var l asyncio.Lock
		_ = l.Lock(t.Context())
		return l.Lock, func(t *testing.T) {
			l.Unlock()
			if !l.TryLock() {
				t.Fatal("the lock is not free after its only waiter was cancelled")
			}
		}
	}},
	{"Semaphore.Acquire", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		s := asyncio.NewSemaphore(0)
		return s.Acquire, func(t *testing.T) {
			s.Release()
			if !s.TryAcquire() || s.TryAcquire() {
				t.Fatal("want exactly one permit free")
			}
		}
	}},
	{"Condition.Wait", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		var c asyncio.Condition
		return func(ctx context.Context) error {
				_ = c.Lock(ctx)
				defer c.Unlock()
				return c.Wait(ctx)
			}, func(t *testing.T) {
				if !c.TryLock() {
					t.Fatal("the condition's lock is held")
				}
				c.Unlock()
			}
	}},
	{"Queue.Get", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		q := asyncio.NewQueue[int](1)
		return func(ctx context.Context) error { _, err := q.Get(ctx); return err }, func(t *testing.T) {
			_ = q.TryPut(7)
			if v, err := q.TryGet(); v != 7 || err != nil {
				t.Fatalf("TryGet = %v, %v: the item went to the cancelled getter", v, err)
			}
		}
	}},
	{"Queue.Put", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		q := asyncio.NewQueue[int](1)
		_ = q.TryPut(1)
		return func(ctx context.Context) error { return q.Put(ctx, 2) }, func(t *testing.T) {
			if q.Len() != 1 {
				t.Fatalf("Len = %d, want 1", q.Len())
			}
		}
	}},
	{"Queue.Join", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		q := asyncio.NewQueue[int](0)
		_ = q.TryPut(1)
		return q.Join, func(t *testing.T) {
			q.TaskDone()
			if err := q.Join(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"Event.Wait", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		var e asyncio.Event
		return e.Wait, func(t *testing.T) {
			e.Set()
			if err := e.Wait(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"Barrier.Wait", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		b := asyncio.NewBarrier(2)
		return func(ctx context.Context) error { _, err := b.Wait(ctx); return err }, func(t *testing.T) {
			if n := b.NWaiting(); n != 0 {
				t.Fatalf("NWaiting = %d after the only waiter left", n)
			}
		}
	}},
	{"Task.Await", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		release := make(chan struct{})
		awaited := asyncio.Go(context.Background(), func(context.Context) error { <-release; return nil })
		return func(ctx context.Context) error { _, err := awaited.Await(ctx); return err }, func(t *testing.T) {
			close(release)
			if _, err := awaited.Await(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}},
	{"Sleep", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		return func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) }, func(*testing.T) {}
	}},
	{"Gather", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		return func(ctx context.Context) error {
			sleeper := asyncio.Go(ctx, func(ctx context.Context) error { return asyncio.Sleep(ctx, time.Hour) })
			_, err := asyncio.Gather(ctx, sleeper)
			return err
		}, func(*testing.T) {}
	}},
	{"Wait", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		release := make(chan struct{})
		awaited := asyncio.Go(context.Background(), func(context.Context) error { <-release; return nil })
		return func(ctx context.Context) error {
				_, _, err := asyncio.Wait(ctx, []*asyncio.Task[struct{}]{awaited})
				return err
			}, func(t *testing.T) {
				close(release)
				_, _ = awaited.Await(t.Context())
			}
	}},
	{"AsCompleted", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		release := make(chan struct{})
		awaited := asyncio.Go(context.Background(), func(context.Context) error { <-release; return nil })
		return func(ctx context.Context) error {
				for _, err := range asyncio.AsCompleted(ctx, []*asyncio.Task[struct{}]{awaited}) {
					return err
				}
				return nil
			}, func(t *testing.T) {
				close(release)
				_, _ = awaited.Await(t.Context())
			}
	}},
	{"TaskGroup.Wait", func(t *testing.T) (func(context.Context) error, func(*testing.T)) {
		return func(ctx context.Context) error {
			g, gctx := asyncio.NewTaskGroup(ctx)
			g.Go(func(context.Context) error { return asyncio.Sleep(gctx, time.Hour) })
			return g.Wait(ctx)
		}, func(*testing.T) {}
	}},
}

func TestTaskContextCancelEndsEveryBlockingCallAtOnce(t *testing.T) {
	for _, bc := range blockingCalls {
		t.Run(bc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				call, intact := bc.setup(t)
				task := asyncio.Go(t.Context(), call)
				synctest.Wait()
				select {
				case <-task.Done():
					t.Fatalf("did not block: %v", task.Err())
				default:
				}
				start := time.Now()
				task.Cancel()
				synctest.Wait()
				select {
				case <-task.Done():
				default:
					t.Fatal("still blocked after Cancel")
				}
				if err := task.Err(); !errors.Is(err, context.Canceled) {
					t.Fatalf("err = %v, want context.Canceled", err)
				}
				if d := time.Since(start); d != 0 {
					t.Fatalf("returned %v after Cancel, want at once", d)
				}
				intact(t)
			})
		})
	}
}

// A task's context decides the race between a grant and a cancellation by
// their order: whichever came first wins, without a coin toss.
func TestTaskContextFirstOfGrantAndCancelWins(t *testing.T) {
	for _, cancelFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("cancelFirst=%v", cancelFirst), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var l asyncio.Lock
				_ = l.Lock(t.Context())
				b := asyncio.Go(t.Context(), l.Lock, asyncio.WithName("b"))
				synctest.Wait()
				c := asyncio.Go(t.Context(), l.Lock, asyncio.WithName("c"))
				synctest.Wait()
				if cancelFirst {
					b.Cancel()
					l.Unlock()
				} else {
					l.Unlock()
					b.Cancel()
				}
				synctest.Wait()
				if cancelFirst {
					if !errors.Is(b.Err(), context.Canceled) || c.Err() != nil {
						t.Fatalf("b: %v, c: %v; want b cancelled, c granted", b.Err(), c.Err())
					}
				} else {
					if b.Err() != nil {
						t.Fatalf("b: %v; want b granted, the Unlock came first", b.Err())
					}
					select {
					case <-c.Done():
						t.Fatal("c got the lock that b holds")
					default:
					}
					l.Unlock() // b's
					synctest.Wait()
					if c.Err() != nil {
						t.Fatalf("c: %v", c.Err())
					}
				}
				l.Unlock()
				if l.Locked() {
					t.Fatal("the lock is still held")
				}
			})
		})
	}
}

// A task waits many times, on one primitive after another, with one
// context: each wait must end for its own reason, never for one that
// belonged to an earlier wait.
func TestTaskContextManyWaitsInOneTask(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var (
			l     asyncio.Lock
			ev    asyncio.Event
			q     = asyncio.NewQueue[int](0)
			sem   = asyncio.NewSemaphore(0)
			steps = make(chan string, 1)
		)
		const rounds = 50
		worker := asyncio.CreateTask(t.Context(), func(ctx context.Context) (int, error) {
			sum := 0
			for i := range rounds {
				if err := l.Lock(ctx); err != nil {
					return sum, fmt.Errorf("round %d, Lock: %w", i, err)
				}
				l.Unlock()
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return sum, fmt.Errorf("round %d, Sleep: %w", i, err)
				}
				if err := ev.Wait(ctx); err != nil {
					return sum, fmt.Errorf("round %d, Event.Wait: %w", i, err)
				}
				v, err := q.Get(ctx)
				if err != nil {
					return sum, fmt.Errorf("round %d, Get: %w", i, err)
				}
				sum += v
				if err := sem.Acquire(ctx); err != nil {
					return sum, fmt.Errorf("round %d, Acquire: %w", i, err)
				}
				steps <- "round"
			}
			return sum, sem.Acquire(ctx) // blocks until cancelled
		})
		for i := range rounds {
			_ = l.Lock(t.Context())
			synctest.Wait() // the worker waits for the lock
			l.Unlock()
			time.Sleep(time.Second)
			synctest.Wait() // the worker waits for the event
			ev.Set()
			synctest.Wait()
			ev.Clear()
			_ = q.Put(t.Context(), i)
			synctest.Wait() // the worker waits for a permit
			sem.Release()
			<-steps
		}
		synctest.Wait()
		worker.Cancel()
		sum, err := worker.Await(t.Context())
		if want := rounds * (rounds - 1) / 2; sum != want || !errors.Is(err, context.Canceled) {
			t.Fatalf("worker = %d, %v; want %d, context.Canceled", sum, err, want)
		}
		if sem.TryAcquire() {
			t.Fatal("a permit appeared from nowhere")
		}
	})
}

// Several goroutines block with one task's context at once, and are all
// woken by its cancellation.
func TestTaskContextSharedByGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var l asyncio.Lock
		_ = l.Lock(t.Context())
		sem := asyncio.NewSemaphore(0)
		owner := asyncio.Go(t.Context(), func(ctx context.Context) error {
			errs := make(chan error, 3)
			go func() { errs <- l.Lock(ctx) }()
			go func() { errs <- sem.Acquire(ctx) }()
			go func() { errs <- asyncio.Sleep(ctx, time.Hour) }()
			for range 3 {
				if err := <-errs; !errors.Is(err, context.Canceled) {
					return fmt.Errorf("a blocked call returned %v, want context.Canceled", err)
				}
			}
			return nil
		})
		synctest.Wait()
		owner.Cancel()
		if _, err := owner.Await(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}

// foreignParents are contexts of the standard library that a task can be
// created under, each with the error and cause its cancellation gives.
var foreignParents = []struct {
	name      string
	make      func(context.Context) (context.Context, func())
	err       error
	cause     error
	deadline  bool
	cancelled bool // cancelled by make's func, not by a deadline
}{
	{"WithCancel", func(p context.Context) (context.Context, func()) {
		c, cancel := context.WithCancel(p)
		return c, cancel
	}, context.Canceled, context.Canceled, false, true},
	{"WithCancelCause", func(p context.Context) (context.Context, func()) {
		c, cancel := context.WithCancelCause(p)
		return c, func() { cancel(errParentCause) }
	}, context.Canceled, errParentCause, false, true},
	{"WithValue(WithCancel)", func(p context.Context) (context.Context, func()) {
		c, cancel := context.WithCancel(p)
		return context.WithValue(c, parentKey{}, "v"), cancel
	}, context.Canceled, context.Canceled, false, true},
	{"WithDeadline", func(p context.Context) (context.Context, func()) {
		c, cancel := context.WithDeadline(p, time.Now().Add(time.Minute))
		var once sync.Once
		return c, func() {
			once.Do(func() {
				time.Sleep(time.Minute + time.Nanosecond) // past the deadline
				cancel()
			})
		}
	}, context.DeadlineExceeded, context.DeadlineExceeded, true, false},
}

var errParentCause = errors.New("the parent's cause")

type parentKey struct{}

// A task under a foreign parent registers with it only when something needs
// to hear of its cancellation; whichever way, the task's context must look
// cancelled with the parent's error and cause as soon as the parent is.
func TestTaskContextUnderForeignParent(t *testing.T) {
	for _, p := range foreignParents {
		for _, linked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/doneAskedFirst=%v", p.name, linked), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					parent, cancel := p.make(t.Context())
					defer cancel()
					got := make(chan context.Context, 1)
					step := make(chan struct{})
					task := asyncio.Go(parent, func(ctx context.Context) error {
						if linked {
							_ = ctx.Done()
						}
						got <- ctx
						<-step
						return nil
					})
					ctx := <-got
					if err := ctx.Err(); err != nil {
						t.Fatalf("Err before the parent's cancellation = %v", err)
					}
					if d, ok := ctx.Deadline(); ok != p.deadline {
						t.Fatalf("Deadline = %v, %v", d, ok)
					}
					if v := ctx.Value(parentKey{}); p.name == "WithValue(WithCancel)" && v != "v" {
						t.Fatalf("Value = %v, want the parent's", v)
					}
					cancel()
					if err := ctx.Err(); !errors.Is(err, p.err) {
						t.Fatalf("Err = %v, want %v", err, p.err)
					}
					if c := context.Cause(ctx); !errors.Is(c, p.cause) {
						t.Fatalf("Cause = %v, want %v", c, p.cause)
					}
					task.Cancel() // too late: the parent's error stands
					if err := ctx.Err(); !errors.Is(err, p.err) {
						t.Fatalf("Err after Task.Cancel = %v, want still %v", err, p.err)
					}
					select {
					case <-ctx.Done():
					case <-time.After(time.Second):
						t.Fatal("Done is not closed")
					}
					close(step)
					_, _ = task.Await(t.Context())
				})
			})
		}
	}
}

// A task blocked under a foreign parent, with no Done channel asked for, is
// woken when the parent is cancelled.
func TestTaskContextUnderForeignParentWakesBlockedCall(t *testing.T) {
	for _, p := range foreignParents {
		t.Run(p.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				parent, cancel := p.make(t.Context())
				defer cancel()
				var l asyncio.Lock
				_ = l.Lock(t.Context())
				task := asyncio.Go(parent, l.Lock)
				synctest.Wait()
				cancel()
				synctest.Wait()
				if err := task.Err(); !errors.Is(err, p.err) {
					t.Fatalf("blocked Lock = %v, want %v", err, p.err)
				}
				l.Unlock()
				if !l.TryLock() {
					t.Fatal("the lock went to the cancelled task")
				}
			})
		})
	}
}

// A child of the standard library under a task's context, itself under a
// foreign parent, is cancelled with the parent, and its stack of contexts
// costs no goroutine.
func TestStdlibChildOfTaskContextUnderForeignParent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancelCause(t.Context())
		before := runtime.NumGoroutine()
		got := make(chan context.Context, 1)
		release := make(chan struct{})
		task := asyncio.Go(parent, func(ctx context.Context) error {
			child, stop := context.WithCancel(ctx)
			defer stop()
			got <- child
			<-release
			return nil
		})
		child := <-got
		if n := runtime.NumGoroutine() - before; n != 1 {
			t.Fatalf("%d goroutines besides the task's", n-1)
		}
		cancel(errParentCause)
		synctest.Wait()
		if err := child.Err(); !errors.Is(err, context.Canceled) || !errors.Is(context.Cause(child), errParentCause) {
			t.Fatalf("child: %v, cause %v", err, context.Cause(child))
		}
		close(release)
		_, _ = task.Await(t.Context())
	})
}

// A task parked in a primitive keeps the smallest goroutine stack: its path
// to the parking channel fits in it. Were it to outgrow it, every parked
// task would have its stack copied to one twice the size.
func TestParkedTaskKeepsSmallStack(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation makes every frame bigger")
	}
	synctest.Test(t, func(t *testing.T) {
		const n = 2000
		sem := asyncio.NewSemaphore(0)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		main := asyncio.Go(t.Context(), func(ctx context.Context) error {
			tasks := make([]*asyncio.Task[int], n)
			for i := range tasks {
				tasks[i] = asyncio.CreateTask(ctx, func(ctx context.Context) (int, error) {
					if err := sem.Acquire(ctx); err != nil {
						return 0, err
					}
					defer sem.Release()
					return i, asyncio.Sleep(ctx, 0)
				})
			}
			_, err := asyncio.Gather(ctx, tasks...)
			return err
		})
		synctest.Wait() // every task is parked in Acquire
		runtime.ReadMemStats(&after)
		sem.Release()
		if _, err := main.Await(t.Context()); err != nil {
			t.Fatal(err)
		}
		perTask := int64(after.StackInuse-before.StackInuse) / n
		t.Logf("%d B of stack per parked task", perTask)
		// Some tasks may grow their stack in a slow path of the allocator
		// (the runtime allocating the sudog they park with); the bound
		// catches the path itself outgrowing the stack, for every task.
		if perTask > 3584 {
			t.Fatalf("%d B of stack per parked task: the parking path outgrew the initial stack", perTask)
		}
	})
}

// Notify hands a waiter with a task's context straight to the lock's wait
// list; these are the orders in which a cancellation can meet that.
func TestTaskContextConditionNotifyAndCancel(t *testing.T) {
	cases := []struct {
		name string
		// between does what comes between the waiters' Wait and the
		// notifier's Unlock, holding the lock: a Notify and a
		// cancellation of waiter a, in some order.
		between func(c *asyncio.Condition, a *asyncio.Task[struct{}])
		// want is a's error, and which of a and b return from Wait.
		aErr   error
		bWoken bool
	}{
		{"notify, then cancel: a keeps the notification", func(c *asyncio.Condition, a *asyncio.Task[struct{}]) {
			c.Notify(1)
			a.Cancel()
		}, nil, false},
		{"cancel, then notify: b gets the notification", func(c *asyncio.Condition, a *asyncio.Task[struct{}]) {
			a.Cancel()
			synctest.Wait() // a has left the wait, and waits for the lock
			c.Notify(1)
		}, context.Canceled, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var c asyncio.Condition
				var order []string
				wait := func(name string) func(ctx context.Context) error {
					return func(ctx context.Context) error {
						_ = c.Lock(ctx)
						defer c.Unlock()
						err := c.Wait(ctx)
						if !c.Locked() {
							return errors.New("Wait returned without the lock")
						}
						order = append(order, name) // under the lock
						return err
					}
				}
				a := asyncio.Go(t.Context(), wait("a"))
				synctest.Wait()
				b := asyncio.Go(t.Context(), wait("b"))
				synctest.Wait()
				_ = c.Lock(t.Context())
				tc.between(&c, a)
				synctest.Wait() // nobody returns while the lock is held
				if len(order) != 0 {
					t.Fatalf("%v returned from Wait while the lock was held", order)
				}
				c.Unlock()
				synctest.Wait()
				if _, err := a.Await(t.Context()); !errors.Is(err, tc.aErr) || (tc.aErr == nil && err != nil) {
					t.Fatalf("a = %v, want %v", err, tc.aErr)
				}
				select {
				case <-b.Done():
					if !tc.bWoken {
						t.Fatalf("b returned (%v), but the notification was a's", b.Err())
					}
				default:
					if tc.bWoken {
						t.Fatal("b is still waiting: the notification was lost")
					}
					_ = c.Lock(t.Context())
					c.Notify(1)
					c.Unlock()
				}
				if _, err := b.Await(t.Context()); err != nil {
					t.Fatalf("b = %v", err)
				}
				if c.Locked() {
					t.Fatal("the lock is left held")
				}
			})
		})
	}
}
