package asyncio_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func TestEventZeroValueIsUnset(t *testing.T) {
	var ev asyncio.Event
	if ev.IsSet() {
		t.Fatal("zero Event is set")
	}
	ev.Set()
	if !ev.IsSet() {
		t.Fatal("IsSet() = false after Set")
	}
}

func TestEventWaitReturnsAtOnceWhenSet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ev asyncio.Event
		ev.Set()
		if d := elapsed(func() {
			if err := ev.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
		}); d != 0 {
			t.Fatalf("Wait on a set Event took %v", d)
		}
	})
}

func TestEventSetWakesAllWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var ev asyncio.Event
		var woken trace
		var tasks []*asyncio.Task[struct{}]
		for i := range 4 {
			tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
				start := time.Now()
				if err := ev.Wait(ctx); err != nil {
					return err
				}
				woken.add("%d@%v", i, time.Since(start))
				return nil
			}))
		}
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if got := woken.String(); got != "[]" {
			t.Fatalf("woken before Set: %s", got)
		}
		ev.Set()
		awaitAll(t, tasks...)
		if n := len(woken.all); n != 4 {
			t.Fatalf("Set woke %d of 4 waiters", n)
		}
		for _, w := range woken.all {
			if w[1:] != "@3s" {
				t.Fatalf("waiter woken at %s, want after 3s", w)
			}
		}
	})
}

func TestEventClearThenWaitBlocks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ev asyncio.Event
		ev.Set()
		ev.Clear()
		if ev.IsSet() {
			t.Fatal("IsSet() = true after Clear")
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		var err error
		if d := elapsed(func() { err = ev.Wait(ctx) }); d != time.Second || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait after Clear = %v after %v, want to block until the 1s deadline", err, d)
		}
	})
}

func TestEventSetAgainAfterClearWakesNewWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var ev asyncio.Event
		for round := range 3 {
			waiter := asyncio.Go(ctx, ev.Wait)
			synctest.Wait()
			ev.Set()
			if _, err := waiter.Await(ctx); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			ev.Clear()
		}
	})
}

func TestEventSetThenClearStillWakesWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var ev asyncio.Event
		a := asyncio.Go(ctx, ev.Wait)
		b := asyncio.Go(ctx, ev.Wait)
		synctest.Wait()
		ev.Set()
		ev.Clear() // before a and b could run: they were woken all the same
		awaitAll(t, a, b)
	})
}

func TestEventSetIsIdempotent(t *testing.T) {
	var ev asyncio.Event
	ev.Set()
	ev.Set()
	ev.Clear()
	ev.Clear()
	if ev.IsSet() {
		t.Fatal("IsSet() = true after Set, Set, Clear, Clear")
	}
}

func TestEventCanceledWaiterLeavesOthersWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		var ev asyncio.Event
		a := asyncio.Go(ctx, ev.Wait)
		b := asyncio.Go(ctx, ev.Wait)
		synctest.Wait()
		a.Cancel()
		if _, err := a.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled waiter: %v", err)
		}
		if ev.IsSet() {
			t.Fatal("cancellation set the event")
		}
		ev.Set()
		awaitAll(t, b)
	})
}

func TestEventWaitWithDoneContextWhenUnset(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ev asyncio.Event
	if err := ev.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	ev.Set()
	if err := ev.Wait(ctx); err != nil {
		t.Fatalf("Wait on a set Event with a done ctx = %v, want nil", err)
	}
}

func TestEventReportsBlockEvent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &events{}
		start := time.Now()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		var ev asyncio.Event
		waiter := asyncio.Go(ctx, ev.Wait, asyncio.WithName("waiter"))
		time.Sleep(5 * time.Second)
		ev.Set()
		awaitAll(t, waiter)
		want := "[blocked:event@0s resumed:event@5s]"
		if got := fmt.Sprint(blockKinds(rec, "waiter", start)); got != want {
			t.Fatalf("recorded %s, want %s", got, want)
		}
	})
}

func ExampleEvent() {
	ctx := context.Background()
	var ready asyncio.Event
	results := make(chan string, 3)
	var tasks []*asyncio.Task[struct{}]
	for _, name := range []string{"a", "b", "c"} {
		tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
			if err := ready.Wait(ctx); err != nil {
				return err
			}
			results <- name + " started"
			return nil
		}))
	}
	fmt.Println("workers waiting:", len(results) == 0)
	ready.Set()
	for _, t := range tasks {
		if _, err := t.Await(ctx); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("workers started:", len(results))
	// Output:
	// workers waiting: true
	// workers started: 3
}

// BenchmarkEvent compares asyncio.Event with a closed channel: "set_wait" is
// one round of Clear, Set and a Wait that finds it set, against making,
// closing and receiving from a channel; "wake" starts a goroutine that waits
// and wakes it, against the same with a channel.
func BenchmarkEvent(b *testing.B) {
	ctx := context.Background()
	b.Run("set_wait/asyncio.Event", func(b *testing.B) {
		b.ReportAllocs()
		var ev asyncio.Event
		for b.Loop() {
			ev.Clear()
			ev.Set()
			_ = ev.Wait(ctx)
		}
	})
	b.Run("set_wait/chan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ch := make(chan struct{})
			close(ch)
			select {
			case <-ch:
			case <-ctx.Done():
			}
		}
	})
	b.Run("wake/asyncio.Event", func(b *testing.B) {
		b.ReportAllocs()
		done := make(chan struct{})
		for b.Loop() {
			var ev asyncio.Event
			go func() {
				_ = ev.Wait(ctx)
				done <- struct{}{}
			}()
			ev.Set()
			<-done
		}
	})
	b.Run("wake/chan", func(b *testing.B) {
		b.ReportAllocs()
		done := make(chan struct{})
		for b.Loop() {
			ch := make(chan struct{})
			go func() {
				select {
				case <-ch:
				case <-ctx.Done():
				}
				done <- struct{}{}
			}()
			close(ch)
			<-done
		}
	})
}
