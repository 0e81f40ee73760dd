package asyncio

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
)

// See lock_internal_test.go for how these tests make a notification and a
// cancellation coincide.

func TestConditionNotifiedThenCanceledPassesNotificationOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bg := context.Background()
		var c Condition
		wait := func(ctx context.Context) func() error {
			return func() error {
				_ = c.Lock(bg)
				defer c.Unlock()
				return c.Wait(ctx)
			}
		}
		actx, cancelA := context.WithCancel(bg)
		a := startWaiter(wait(actx))
		b := startWaiter(wait(bg))
		cw := startWaiter(wait(bg))

		_ = c.Lock(bg)
		c.mu.Lock()
		cancelA()           // a's select now returns ctx.Done
		c.notifyOneLocked() // ...but a is notified first: Notify(1)
		c.mu.Unlock()
		c.Unlock()

		if err := <-a; !errors.Is(err, context.Canceled) {
			t.Fatalf("a: %v, want context.Canceled", err)
		}
		if err := <-b; err != nil {
			t.Fatalf("b did not get the notification a passed on: %v", err)
		}
		synctest.Wait()
		select {
		case err := <-cw:
			t.Fatalf("c woke up (%v): one Notify(1) woke two waiters", err)
		default:
		}
		_ = c.Lock(bg)
		c.Notify(1)
		c.Unlock()
		if err := <-cw; err != nil {
			t.Fatal(err)
		}
	})
}
