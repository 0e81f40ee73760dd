package timeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// record runs main under asyncio.Run with a Recorder installed and returns
// the chart. Call it inside a synctest bubble.
func record(t *testing.T, main func(context.Context) error) *timeline.Chart {
	t.Helper()
	rec := timeline.NewRecorder()
	if err := asyncio.Run(asyncio.WithRecorder(context.Background(), rec), main); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rec.Chart()
}

func sleeper(d time.Duration) func(context.Context) error {
	return func(ctx context.Context) error { return asyncio.Sleep(ctx, d) }
}

func rows(t *testing.T, c *timeline.Chart, names ...string) []timeline.Row {
	t.Helper()
	var out []timeline.Row
	for _, n := range names {
		r, ok := c.Row(n)
		if !ok {
			t.Fatalf("no row %q in the chart", n)
		}
		out = append(out, r)
	}
	return out
}

// concurrentProgram is the gather pattern: two tasks that sleep 1s, started
// together and awaited together.
func concurrentProgram(ctx context.Context) error {
	first := asyncio.Go(ctx, sleeper(time.Second), asyncio.WithName("first"))
	second := asyncio.Go(ctx, sleeper(time.Second), asyncio.WithName("second"))
	_, err1 := first.Await(ctx)
	_, err2 := second.Await(ctx)
	return errors.Join(err1, err2)
}

// sequentialProgram awaits one task before starting the next.
func sequentialProgram(ctx context.Context) error {
	if _, err := asyncio.Go(ctx, sleeper(time.Second), asyncio.WithName("say-hello")).Await(ctx); err != nil {
		return err
	}
	_, err := asyncio.Go(ctx, sleeper(time.Second), asyncio.WithName("say-world")).Await(ctx)
	return err
}

// gatherProgram is the same with asyncio.Gather.
func gatherProgram(ctx context.Context) error {
	_, err := asyncio.Gather(ctx,
		asyncio.Go(ctx, sleeper(time.Second), asyncio.WithName("first")),
		asyncio.Go(ctx, sleeper(time.Second), asyncio.WithName("second")))
	return err
}

func TestConcurrentTasksOverlapForTheWholeSecond(t *testing.T) {
	for name, program := range map[string]func(context.Context) error{"await": concurrentProgram, "gather": gatherProgram} {
		t.Run(name, func(t *testing.T) { testConcurrent(t, program) })
	}
}

func testConcurrent(t *testing.T, program func(context.Context) error) {
	synctest.Test(t, func(t *testing.T) {
		c := record(t, program)
		r := rows(t, c, "first", "second")
		if c.Duration() != time.Second {
			t.Errorf("chart lasts %v, want 1s", c.Duration())
		}
		if got := timeline.Overlap(r[0], r[1], timeline.State.Alive); got != time.Second {
			t.Errorf("first and second overlap for %v, want 1s", got)
		}
		if got := timeline.Overlap(r[0], r[1], timeline.Is(timeline.Sleeping)); got != time.Second {
			t.Errorf("first and second sleep together for %v, want 1s", got)
		}
		if n, _ := timeline.MaxConcurrent(c.Rows(), timeline.Is(timeline.Sleeping)); n != 2 {
			t.Errorf("at most %d tasks sleep at once, want 2", n)
		}
		// The real program draws exactly what the synthetic script does.
		golden(t, "concurrent.txt", renderAll(t, c))
	})
}

func TestSequentialTasksDoNotOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := record(t, sequentialProgram)
		r := rows(t, c, "say-hello", "say-world")
		if c.Duration() != 2*time.Second {
			t.Errorf("chart lasts %v, want 2s", c.Duration())
		}
		if got := timeline.Overlap(r[0], r[1], timeline.State.Alive); got != 0 {
			t.Errorf("say-hello and say-world overlap for %v, want 0", got)
		}
		for _, row := range r {
			if got := row.TimeIn(timeline.State.Alive); got != time.Second {
				t.Errorf("%s lives %v, want 1s", row.Name, got)
			}
		}
		if n, at := timeline.MaxConcurrent(r, timeline.State.Alive); n != 1 {
			t.Errorf("%d tasks alive at once at %v, want 1", n, at)
		}
		golden(t, "sequential.txt", renderAll(t, c))
	})
}

// TestZeroSecondProgram charts a program that takes no virtual time, as
// ToThread does under synctest: one column, "took 0s".
func TestZeroSecondProgram(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := record(t, func(ctx context.Context) error {
			_, err := asyncio.ToThread(ctx, func() (int, error) { return 42, nil })
			return err
		})
		if c.Duration() != 0 || len(c.Rows()) != 1 {
			t.Fatalf("chart of %v with %d rows, want 0s and main alone", c.Duration(), len(c.Rows()))
		}
		var buf bytes.Buffer
		if err := c.Render(&buf, timeline.Options{ASCII: true}); err != nil {
			t.Fatal(err)
		}
		want := "main |#|\n     +-+\n     0s\ntook 0s  # running\n"
		if buf.String() != want {
			t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
		}
	})
}

func TestOutcomesOfRealTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := record(t, func(ctx context.Context) error {
			failing := asyncio.Go(ctx, func(ctx context.Context) error {
				if err := asyncio.Sleep(ctx, time.Second); err != nil {
					return err
				}
				panic("oops")
			}, asyncio.WithName("panicker"))
			endless := asyncio.Go(ctx, sleeper(time.Hour), asyncio.WithName("endless"))
			var pe *asyncio.PanicError
			if _, err := failing.Await(ctx); !errors.As(err, &pe) {
				return fmt.Errorf("panicker: got %v, want a *PanicError", err)
			}
			if err := asyncio.Sleep(ctx, time.Second); err != nil {
				return err
			}
			endless.Cancel()
			_, _ = endless.Await(ctx)
			return nil
		})
		r := rows(t, c, "main", "panicker", "endless")
		want := []struct {
			outcome timeline.State
			ended   time.Duration
		}{{timeline.Done, 2 * time.Second}, {timeline.Failed, time.Second}, {timeline.Canceled, 2 * time.Second}}
		for i, w := range want {
			if r[i].Outcome != w.outcome || r[i].Ended != w.ended {
				t.Errorf("%s: %v at %v, want %v at %v", r[i].Name, r[i].Outcome, r[i].Ended, w.outcome, w.ended)
			}
		}
		if got := r[1].StateAt(1500 * time.Millisecond); got != timeline.Failed {
			t.Errorf("panicker at 1.5s: %v, want failed", got)
		}
		if got := r[0].StateAt(1500 * time.Millisecond); got != timeline.Sleeping {
			t.Errorf("main at 1.5s: %v, want sleeping", got)
		}
	})
}

// spawnTree starts, from several tasks at the same instants, tasks that
// create tasks: IDs are handed out in a racy order and events of one instant
// arrive in any order, yet the chart must come out the same every run.
func spawnTree(ctx context.Context) error {
	var tasks []*asyncio.Task[struct{}]
	for i := range 4 {
		tasks = append(tasks, asyncio.Go(ctx, func(ctx context.Context) error {
			var kids []*asyncio.Task[struct{}]
			for j := range 3 {
				d := time.Duration(i+j) * 100 * time.Millisecond
				kids = append(kids, asyncio.Go(ctx, sleeper(d), asyncio.WithName(fmt.Sprintf("kid-%d.%d", i, j))))
			}
			if err := asyncio.Sleep(ctx, time.Duration(i)*200*time.Millisecond); err != nil {
				return err
			}
			for _, k := range kids {
				if _, err := k.Await(ctx); err != nil {
					return err
				}
			}
			return nil
		}, asyncio.WithName(fmt.Sprintf("parent-%d", i))))
	}
	for _, tk := range tasks {
		if _, err := tk.Await(ctx); err != nil {
			return err
		}
	}
	return nil
}

func TestRealChartsAreDeterministic(t *testing.T) {
	var first []byte
	for run := range 10 {
		synctest.Test(t, func(t *testing.T) {
			c := record(t, spawnTree)
			got := renderAll(t, c)
			var svg bytes.Buffer
			if err := c.SVG(&svg); err != nil {
				t.Fatal(err)
			}
			got = append(got, svg.Bytes()...)
			if run == 0 {
				first = got
				golden(t, "spawn-tree.txt", renderAll(t, c))
				return
			}
			if !bytes.Equal(got, first) {
				t.Fatalf("run %d drew a different chart:\n%s\nfirst run:\n%s", run, got, first)
			}
		})
	}
}

func TestRecorderChartWhileRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.NewRecorder()
		ctx := asyncio.WithRecorder(context.Background(), rec)
		task := asyncio.Go(ctx, sleeper(2*time.Second), asyncio.WithName("busy"))
		time.Sleep(time.Second)
		// Nothing has happened since the start: the chart lasts 0s.
		c := rec.Chart()
		if r, ok := c.Row("busy"); !ok || r.Outcome != timeline.Running {
			t.Errorf("busy: %+v, want a running row", r)
		}
		if _, err := task.Await(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := len(rec.Events()); got != 5 {
			t.Errorf("%d events, want 5 (created, started, blocked, resumed, finished)", got)
		}
	})
}

// TestGoldenFilesExist makes sure -update was run for every golden file a
// test reads.
func TestGoldenFilesExist(t *testing.T) {
	matches, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, m := range matches {
		if fi, err := os.Stat(m); err != nil || fi.Size() == 0 {
			t.Errorf("%s is empty", m)
		}
	}
}
