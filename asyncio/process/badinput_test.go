//go:build unix

package process_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// Programming errors panic with an *asyncio.ArgError naming the call and
// the argument.
func TestMisusePanics(t *testing.T) {
	ctx := context.Background()
	var nilCtx context.Context
	noop := func(context.Context, int) (int, error) { return 0, nil }
	tests := []struct {
		name, fn, arg string
		call          func()
	}{
		{"NewPool(0)", "process.NewPool", "n", func() { process.NewPool(0) }},
		{"NewPool(-1)", "process.NewPool", "n", func() { process.NewPool(-1) }},
		{"WithTimeout(-1s)", "process.WithTimeout", "d", func() { process.WithTimeout(-time.Second) }},
		{"WithHandshakeTimeout(0)", "process.WithHandshakeTimeout", "d", func() { process.WithHandshakeTimeout(0) }},
		{"Register(nil)", "process.Register", "fn", func() { process.Register[int, int]("test.nil", nil) }},
		{`Register("")`, "process.Register", "name", func() { process.Register("", noop) }},
		{"Register(a long name)", "process.Register", "name", func() { process.Register(strings.Repeat("x", 1025), noop) }},
		{"Register twice", "process.Register", "name", func() { process.Register("test.square", noop) }},
		{"Register after NewPool", "process.Register", "name", func() {
			process.NewPool(1) // starts nothing: no Shutdown needed
			process.Register("test.late", noop)
		}},
		{"zero Func Submit", "Func.Submit", "f", func() {
			var f process.Func[int, int]
			f.Submit(ctx, newPool(t, 1), 1)
		}},
		{"zero Func Map", "Func.Map", "f", func() {
			var f process.Func[int, int]
			f.Map(ctx, newPool(t, 1), []int{1})
		}},
		{"Submit to nil", "Func.Submit", "p", func() { square.Submit(ctx, nil, 1) }},
		{"Submit to a zero Pool", "Func.Submit", "p", func() { square.Submit(ctx, &process.Pool{}, 1) }},
		{"Map on a zero Pool", "Func.Map", "p", func() { square.Map(ctx, &process.Pool{}, []int{1}) }},
		{"Submit(nil ctx)", "Func.Submit", "ctx", func() { square.Submit(nilCtx, newPool(t, 1), 1) }},
		{"Map(nil ctx)", "Func.Map", "ctx", func() { square.Map(nilCtx, newPool(t, 1), []int{1}) }},
		{"Shutdown(nil ctx)", "Pool.Shutdown", "ctx", func() { newPool(t, 1).Shutdown(nilCtx) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				ae, ok := r.(*asyncio.ArgError)
				if !ok || ae.Func != tt.fn || ae.Arg != tt.arg {
					t.Errorf("panicked with %v; want an *asyncio.ArgError for %s's %s", r, tt.fn, tt.arg)
				}
			}()
			tt.call()
		})
	}
}

func TestZeroPoolShutdownDoesNothing(t *testing.T) {
	var p process.Pool
	if err := p.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown of a zero Pool = %v", err)
	}
	p.ShutdownNow()
}

// An argument that cannot be encoded fails Submit, and nothing is queued.
func TestUnencodableArgument(t *testing.T) {
	p := newPool(t, 1)
	_, err := chanArg.Submit(context.Background(), p, make(chan int))
	if err == nil || !strings.Contains(err.Error(), "test.chan: encoding the argument") {
		t.Errorf("Submit(a channel) = %v; want an encoding error", err)
	}
	if kids := childProcesses(); len(kids) > 0 {
		t.Errorf("a worker started for nothing: %v", kids)
	}
}

var chanArg = process.Register("test.chan", func(context.Context, chan int) (int, error) { return 0, nil })
