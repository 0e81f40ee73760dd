package asyncio

import (
	"context"
	"testing"
)

var sinkObserver *observer

// BenchmarkObserverLookup is what the recorder hook costs when no Recorder
// is installed: one context lookup when a task is created and one when a
// call blocks. Compare it with BenchmarkTask's spawn+await (two lookups per
// task: CreateTask's and Await's) to get the hook's share when it is off.
func BenchmarkObserverLookup(b *testing.B) {
	for _, tc := range []struct {
		name string
		ctx  context.Context
	}{
		{"background", context.Background()},
		{"task context", taskContextForBench()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				sinkObserver = observerFrom(tc.ctx)
			}
		})
	}
}

// taskContextForBench returns the context a task's function receives when
// the task was created from context.Background: the common case.
func taskContextForBench() context.Context {
	ch := make(chan context.Context, 1)
	_, _ = Go(context.Background(), func(ctx context.Context) error { ch <- ctx; return nil }).Await(context.Background())
	return <-ch
}
