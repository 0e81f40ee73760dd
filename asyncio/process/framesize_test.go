//go:build unix

package process_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// An argument or result over the frame limit fails its call with both sizes
// named, before it is sent; the worker stays in the pool.
func TestFrameLimit(t *testing.T) {
	const limit = 1000
	p := newPool(t, 1, process.WithFrameLimit(limit))
	ctx := context.Background()

	// A string of n bytes encodes to n+2: its quotes.
	if n, err := call(ctx, p, length, strings.Repeat("x", limit-2)); n != limit-2 || err != nil {
		t.Errorf("an argument of exactly the limit: %d, %v", n, err)
	}
	worker, err := call(ctx, p, pid, struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = length.Submit(ctx, p, strings.Repeat("x", limit-1))
	want := "process: test.length: argument of 1001 bytes exceeds the 1000-byte frame limit"
	if !errors.Is(err, process.ErrFrameTooLarge) || err.Error() != want {
		t.Errorf("Submit(a 1001-byte argument) = %v; want %q", err, want)
	}
	_, err = length.Map(ctx, p, []string{"", strings.Repeat("x", limit-1)})
	if !errors.Is(err, process.ErrFrameTooLarge) || err.Error() != want {
		t.Errorf("Map(a 1001-byte argument) = %v; want %q", err, want)
	}

	if s, err := call(ctx, p, repeat, limit-2); len(s) != limit-2 || err != nil {
		t.Errorf("a result of exactly the limit: %d bytes, %v", len(s), err)
	}
	_, err = call(ctx, p, repeat, limit-1)
	want = "process: test.repeat: result of 1001 bytes exceeds the 1000-byte frame limit"
	if !errors.Is(err, process.ErrFrameTooLarge) || err.Error() != want {
		t.Errorf("a 1001-byte result: %v; want %q", err, want)
	}
	if again, err := call(ctx, p, pid, struct{}{}); again != worker || err != nil {
		t.Errorf("after the oversized messages the call ran in %d (%v), want the same worker %d", again, err, worker)
	}
}
