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

func TestShieldSurvivesCallerCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		task := asyncio.Shield(ctx, after(3*time.Second, "saved", nil))
		var err error
		d := elapsed(func() { _, err = task.Await(ctx) })
		if !errors.Is(err, context.Canceled) || d != time.Second {
			t.Fatalf("Await = %v after %v; want context.Canceled after 1s", err, d)
		}
		var v string
		d = elapsed(func() { v, err = task.Await(context.Background()) })
		if v != "saved" || err != nil || d != 2*time.Second {
			t.Fatalf("shielded task = %q, %v after %v more; want saved, nil after 2s", v, err, d)
		}
	})
}

func TestShieldIgnoresCallerDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		task := asyncio.Shield(ctx, func(ctx context.Context) (bool, error) {
			_, has := ctx.Deadline()
			return has, asyncio.Sleep(ctx, 2*time.Second)
		})
		if hasDeadline, err := task.Await(context.Background()); hasDeadline || err != nil {
			t.Fatalf("shielded task saw deadline %v, err %v", hasDeadline, err)
		}
	})
}

type keyType struct{}

func TestShieldKeepsContextValues(t *testing.T) {
	ctx := context.WithValue(context.Background(), keyType{}, "v")
	task := asyncio.Shield(ctx, func(ctx context.Context) (any, error) { return ctx.Value(keyType{}), nil })
	if v, _ := task.Await(ctx); v != "v" {
		t.Fatalf("value in the shielded task: %v", v)
	}
}

func TestShieldTaskCanStillBeCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		task := asyncio.Shield(context.Background(), after(time.Hour, 0, nil), asyncio.WithName("shielded"))
		task.Cancel()
		if _, err := task.Await(context.Background()); !errors.Is(err, context.Canceled) || task.Name() != "shielded" {
			t.Fatalf("Await after Cancel = %v (%v)", err, task)
		}
	})
}

func ExampleShield() {
	ctx, cancel := context.WithCancel(context.Background())
	save := asyncio.Shield(ctx, func(ctx context.Context) (string, error) {
		if err := asyncio.Sleep(ctx, 20*time.Millisecond); err != nil {
			return "", err
		}
		return "saved", nil
	})
	cancel() // the caller gives up waiting...
	_, err := save.Await(ctx)
	fmt.Println(err)
	// ...but the shielded work is not cancelled and completes.
	fmt.Println(save.Await(context.Background()))
	// Output:
	// context canceled
	// saved <nil>
}
