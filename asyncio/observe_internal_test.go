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

// Without WithRecorder a task's context carries no observer, so nothing is
// reported and the task pays only the lookup; with one, it carries the task's
// own identity.
func TestTaskContextCarriesObserverOnlyWithRecorder(t *testing.T) {
	observerIn := func(ctx context.Context) *observer {
		ch := make(chan *observer, 1)
		_, _ = Go(ctx, func(ctx context.Context) error { ch <- observerFrom(ctx); return nil }, WithName("probe")).Await(ctx)
		return <-ch
	}
	if o := observerIn(context.Background()); o != nil {
		t.Fatalf("without a recorder the task's context carries %+v", o)
	}
	ctx := WithRecorder(context.Background(), RecorderFunc(func(TaskEvent) {}))
	if o := observerIn(ctx); o == nil || o.task.Name != "probe" || o.task.ID == 0 {
		t.Fatalf("with a recorder the task's context carries %+v, want the probe task", o)
	}
}
