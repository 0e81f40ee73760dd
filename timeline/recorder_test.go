package timeline_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// TestRecorderKeepsEvents records events across several storage chunks, from
// several goroutines, and gets every one back intact, each goroutine's in
// order.
func TestRecorderKeepsEvents(t *testing.T) {
	const goroutines, perGoroutine = 4, 700
	var rec timeline.Recorder // the zero Recorder is ready
	want := make(map[uint64][]asyncio.TaskEvent)
	for g := range goroutines {
		id := uint64(g + 1)
		for i := range perGoroutine {
			e := asyncio.TaskEvent{
				Time: epoch.Add(time.Duration(i) * time.Millisecond), Kind: asyncio.TaskBlocked,
				Task: asyncio.TaskInfo{ID: id, Name: fmt.Sprint("task ", id), Parent: 1}, Block: asyncio.BlockSleep,
			}
			if i%97 == 0 {
				e.Kind, e.Err = asyncio.TaskFinished, fmt.Errorf("error %d of %d", i, id)
			}
			want[id] = append(want[id], e)
		}
	}
	var wg sync.WaitGroup
	for _, evs := range want {
		wg.Go(func() {
			for _, e := range evs {
				rec.Record(e)
			}
		})
	}
	wg.Wait()
	got := make(map[uint64][]asyncio.TaskEvent)
	for _, e := range rec.Events() {
		got[e.Task.ID] = append(got[e.Task.ID], e)
	}
	for id, w := range want {
		g := got[id]
		if len(g) != len(w) {
			t.Fatalf("task %d: %d events back, want %d", id, len(g), len(w))
		}
		for i := range w {
			if !g[i].Time.Equal(w[i].Time) || g[i].Kind != w[i].Kind || g[i].Task != w[i].Task ||
				g[i].Block != w[i].Block || g[i].Err != w[i].Err {
				t.Fatalf("task %d event %d: got %+v, want %+v", id, i, g[i], w[i])
			}
		}
	}
}

func TestEmptyRecorder(t *testing.T) {
	rec := timeline.NewRecorder()
	if n := len(rec.Events()); n != 0 {
		t.Errorf("%d events in a new Recorder", n)
	}
	c := rec.Chart()
	if len(c.Rows()) != 0 || c.Duration() != 0 {
		t.Errorf("chart of nothing: %d rows, %v", len(c.Rows()), c.Duration())
	}
}
