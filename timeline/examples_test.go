package timeline_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// racing are the examples whose identical workers race for a lock or a
// permit at one instant: which worker wins is up to the scheduler, so their
// golden files hold the chart after Chart.Canonical.
var racing = map[string]bool{"lock": true, "semaphore": true}

// runExample runs ex as the CLI does, in its default mode (the post's
// examples on the event loop), with a Recorder installed, and returns what
// the recorder saw. Call it inside a synctest bubble.
func runExample(t *testing.T, ex examples.Example) *timeline.Recorder {
	t.Helper()
	return runExampleIn(t, ex, "")
}

// runExampleIn is runExample in mode.
func runExampleIn(t *testing.T, ex examples.Example, mode examples.Mode) *timeline.Recorder {
	t.Helper()
	rec := timeline.NewRecorder()
	ctx := asyncio.WithRecorder(context.Background(), rec)
	if err := ex.RunMain(ctx, io.Discard, mode); err != nil {
		t.Fatalf("%s: %v", ex.Name, err)
	}
	return rec
}

// TestExampleTimelines draws every example of the post and compares the
// chart with its golden file, Unicode and ASCII at 80 columns, and its SVG.
//
// The examples whose pollers race the producers (Jitter > 0) end up to
// Jitter later from run to run: their golden files show the run up to its
// nominal Duration only, so that the lateness the example allows does not
// show. The racing examples' charts go through Chart.Canonical.
func TestExampleTimelines(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.Group != examples.GroupAsyncio {
			// The threads and processes: their goroutines and child
			// processes are no tasks, and Map's tasks are numbered
			// across the whole test binary, so no two charts are alike.
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rec := runExample(t, ex)
				c := rec.Chart()
				if d := c.Duration(); d < ex.Duration || d > ex.Duration+ex.Jitter {
					t.Errorf("the chart lasts %v, want %v (+%v)", d, ex.Duration, ex.Jitter)
				}
				if r := c.Rows(); len(r) == 0 || r[0].Name != "main" {
					t.Errorf("first row is not main: %q", names(r))
				}
				if ex.Jitter > 0 {
					c = timeline.NewChart(slices.DeleteFunc(rec.Events(), func(e asyncio.TaskEvent) bool {
						return e.Time.Sub(c.Start()) > ex.Duration
					}))
				}
				if racing[ex.Name] {
					c = c.Canonical()
				}
				var buf bytes.Buffer
				for _, opt := range []timeline.Options{{Width: 80}, {Width: 80, ASCII: true}} {
					fmt.Fprintf(&buf, "=== width=%d ascii=%v\n", opt.Width, opt.ASCII)
					if err := c.Render(&buf, opt); err != nil {
						t.Fatal(err)
					}
				}
				golden(t, filepath.Join("examples", ex.Name+".txt"), buf.Bytes())
				buf.Reset()
				if err := c.SVG(&buf); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("examples", ex.Name+".svg"), buf.Bytes())
			})
		})
	}
}

func example(t *testing.T, name string) examples.Example {
	t.Helper()
	ex, ok := examples.Lookup(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	return ex
}

// workers returns the rows other than main.
func workers(c *timeline.Chart) []timeline.Row {
	var out []timeline.Row
	for _, r := range c.Rows() {
		if r.Name != "main" {
			out = append(out, r)
		}
	}
	return out
}

func TestGatherTasksOverlapForTheWholeSecond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := runExample(t, example(t, "gather")).Chart()
		w := workers(c)
		if len(w) != 2 {
			t.Fatalf("gather has tasks %q, want two besides main", names(w))
		}
		if c.Duration() != time.Second {
			t.Errorf("gather takes %v, want 1s", c.Duration())
		}
		if got := timeline.Overlap(w[0], w[1], timeline.State.Alive); got != time.Second {
			t.Errorf("%s and %s overlap for %v, want the whole 1s", w[0].Name, w[1].Name, got)
		}
	})
}

func TestHelloIORunsOneAfterTheOther(t *testing.T) {
	// helloio awaits its two coroutines in turn, as plain calls on main's
	// goroutine: main sleeps twice, the second sleep starting when the
	// first ends, and no other task runs.
	synctest.Test(t, func(t *testing.T) {
		rec := runExample(t, example(t, "helloio"))
		c := rec.Chart()
		if w := workers(c); len(w) != 0 {
			t.Errorf("helloio has tasks %q besides main, want none", names(w))
		}
		var sleeps [][2]time.Duration
		for _, e := range rec.Events() {
			at := e.Time.Sub(c.Start())
			switch {
			case e.Kind == asyncio.TaskBlocked && e.Block == asyncio.BlockSleep:
				sleeps = append(sleeps, [2]time.Duration{at, -1})
			case e.Kind == asyncio.TaskResumed && e.Block == asyncio.BlockSleep:
				sleeps[len(sleeps)-1][1] = at
			}
		}
		want := [][2]time.Duration{{0, time.Second}, {time.Second, 2 * time.Second}}
		if fmt.Sprint(sleeps) != fmt.Sprint(want) {
			t.Errorf("main slept %v, want %v: one after the other", sleeps, want)
		}
	})
}

func TestLockWorkersNeverHoldTheLockTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := runExample(t, example(t, "lock")).Chart()
		w := workers(c)
		if len(w) != 3 {
			t.Fatalf("lock has tasks %q, want three workers", names(w))
		}
		// A worker is inside from the moment it stops waiting for the lock
		// until it ends.
		inside := func(s timeline.State) bool { return s.Alive() && s != timeline.WaitingLock }
		if n, at := timeline.MaxConcurrent(w, inside); n != 1 {
			t.Errorf("%d workers hold the lock at %v, want 1 at a time", n, at)
		}
		for _, r := range w {
			if got := r.TimeIn(inside); got != 2*time.Second {
				t.Errorf("%s holds the lock for %v, want 2s", r.Name, got)
			}
		}
	})
}

func TestSemaphoreNeverAdmitsMoreThanThree(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := runExample(t, example(t, "semaphore")).Chart()
		w := workers(c)
		inside := func(s timeline.State) bool { return s.Alive() && s != timeline.WaitingSemaphore }
		if n, at := timeline.MaxConcurrent(w, inside); n != 3 {
			t.Errorf("%d workers inside at %v, want at most 3, and 3 at some time", n, at)
		}
		if n, _ := timeline.MaxConcurrent(w, timeline.Is(timeline.WaitingSemaphore)); n != len(w)-3 {
			t.Errorf("%d workers wait at once, want %d", n, len(w)-3)
		}
	})
}

// TestReadmeCharts draws gather and helloio on one 2 s axis, the pair the
// README shows: the same two sleeps take 1 s side by side and 2 s one after
// the other. The SVGs are golden files, so the README's pictures stay true.
func TestReadmeCharts(t *testing.T) {
	for _, name := range []string{"gather", "helloio"} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := runExample(t, example(t, name)).Chart()
				wide := c.Spanning(2 * time.Second)
				if wide.Duration() != 2*time.Second || wide.Took() != c.Took() {
					t.Fatalf("Spanning(2s): axis %v, took %v; want 2s and %v", wide.Duration(), wide.Took(), c.Took())
				}
				var buf bytes.Buffer
				if err := wide.SVG(&buf); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("readme", name+".svg"), buf.Bytes())
			})
		})
	}
}

func TestSpanningNeverShortens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := runExample(t, example(t, "helloio")).Chart()
		if got := c.Spanning(time.Second).Duration(); got != 2*time.Second {
			t.Fatalf("Spanning(1s) of a 2 s chart: axis %v, want 2s", got)
		}
	})
}

// TestThreadWorkersHaveRowsOfTheirOwn checks that --thread's workers are
// drawn on rows of their own, each sleeping its n seconds, while main awaits
// them: their sleeps were once charged to main, which shared its context
// with them.
func TestThreadWorkersHaveRowsOfTheirOwn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := runExample(t, example(t, "thread")).Chart()
		rows := c.Rows()
		if got, want := names(rows), []string{"main", "worker 1", "worker 2", "worker 3"}; !slices.Equal(got, want) {
			t.Fatalf("rows %q, want %q", got, want)
		}
		want := [][]timeline.Interval{
			{{Start: 0, End: 3 * time.Second, State: timeline.AwaitingTasks}},
			{{Start: 0, End: 1 * time.Second, State: timeline.Sleeping}, {Start: 1 * time.Second, End: 3 * time.Second, State: timeline.Done}},
			{{Start: 0, End: 2 * time.Second, State: timeline.Sleeping}, {Start: 2 * time.Second, End: 3 * time.Second, State: timeline.Done}},
			{{Start: 0, End: 3 * time.Second, State: timeline.Sleeping}},
		}
		for i, r := range rows {
			if !slices.Equal(r.Intervals, want[i]) {
				t.Errorf("%s: intervals %+v, want %+v", r.Name, r.Intervals, want[i])
			}
		}
	})
}
