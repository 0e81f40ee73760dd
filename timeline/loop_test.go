package timeline_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// TestLoopShowsReadyTasks runs two tasks on an event loop: the holder sets
// an event, which makes the waiter ready, then holds the loop for a second
// in time.Sleep. The chart shows the waiter ready, not running, for that
// second, and one task running at a time.
func TestLoopShowsReadyTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.NewRecorder()
		err := asyncio.RunLoop(asyncio.WithRecorder(context.Background(), rec), func(ctx context.Context) error {
			var ev asyncio.Event
			waiter := asyncio.Go(ctx, ev.Wait, asyncio.WithName("waiter"))
			holder := asyncio.Go(ctx, func(ctx context.Context) error {
				ev.Set()                // the waiter can run from now...
				time.Sleep(time.Second) // ...but this holds the loop
				return nil
			}, asyncio.WithName("holder"))
			_, err := asyncio.Gather(ctx, waiter, holder)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c := rec.Chart()
		r := rows(t, c, "main", "waiter", "holder")
		wantWaiter := []timeline.Interval{{Start: 0, End: time.Second, State: timeline.Ready}}
		if !slices.Equal(r[1].Intervals, wantWaiter) {
			t.Errorf("waiter: %+v, want ready for the second the holder held the loop: %+v", r[1].Intervals, wantWaiter)
		}
		wantHolder := []timeline.Interval{{Start: 0, End: time.Second, State: timeline.Running}}
		if !slices.Equal(r[2].Intervals, wantHolder) {
			t.Errorf("holder: %+v, want %+v", r[2].Intervals, wantHolder)
		}
		if n, at := timeline.MaxConcurrent(r, timeline.Is(timeline.Running)); n != 1 {
			t.Errorf("%d tasks running at once at %v on one loop", n, at)
		}
	})
}

// TestSleepHoldsTheTickerOnTheLoop checks what --sleep's second half shows
// in each mode: the ticker's first sleep of the time.Sleep part ends when
// it is due (9 s) on goroutines, but on the loop it resumes only once the
// napper's time.Sleep has returned (11 s).
func TestSleepHoldsTheTickerOnTheLoop(t *testing.T) {
	ex := example(t, "sleep")
	for _, tt := range []struct {
		mode    examples.Mode
		resumed []time.Duration // the ticker's sleeps, when it resumed from each
	}{
		{examples.Loop, []time.Duration{6 * time.Second, 7 * time.Second, 11 * time.Second, 12 * time.Second}},
		{examples.Goroutines, []time.Duration{6 * time.Second, 7 * time.Second, 9 * time.Second, 10 * time.Second}},
	} {
		t.Run(string(tt.mode), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec := runExampleIn(t, ex, tt.mode)
				start := rec.Chart().Start()
				var resumed []time.Duration
				for _, e := range rec.Events() {
					if e.Task.Name == "ticker" && e.Kind == asyncio.TaskResumed && e.Block == asyncio.BlockSleep {
						resumed = append(resumed, e.Time.Sub(start))
					}
				}
				slices.Sort(resumed)
				if !slices.Equal(resumed, tt.resumed) {
					t.Errorf("the ticker resumed from its sleeps at %v, want %v", resumed, tt.resumed)
				}
			})
		})
	}
}
