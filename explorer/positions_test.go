package explorer_test

import (
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/explorer"
)

// sourceLines returns the lines of src: sourceLines(src)[n-1] is line n.
func sourceLines(src string) []string {
	return strings.Split(strings.TrimSuffix(src, "\n"), "\n")
}

// lineOf returns the number of the only line of src that contains text.
func lineOf(t *testing.T, src, text string) int {
	t.Helper()
	found := 0
	for i, line := range sourceLines(src) {
		if strings.Contains(line, text) {
			if found != 0 {
				t.Fatalf("%q is on lines %d and %d", text, found, i+1)
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("%q is on no line of the source", text)
	}
	return found
}

func lookup(t *testing.T, name string) examples.Example {
	t.Helper()
	ex, ok := examples.Lookup(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	return ex
}

func taskNamed(t *testing.T, rec explorer.Recording, name string) explorer.Task {
	t.Helper()
	for _, task := range rec.Tasks {
		if task.Name == name {
			return task
		}
	}
	t.Fatalf("no task %q in %q", name, taskNames(rec))
	return explorer.Task{}
}

// intervalsIn returns a task's intervals in state.
func intervalsIn(task explorer.Task, state string) []explorer.Interval {
	var out []explorer.Interval
	for _, iv := range task.Intervals {
		if iv.State == state {
			out = append(out, iv)
		}
	}
	return out
}

// TestBlockedIntervalsPointAtTheSource checks that a recording says where
// each task waits: gather's main awaits its tasks at its Gather call, in
// both modes (and names them on the loop), and its tasks sleep at their
// Sleep calls.
func TestBlockedIntervalsPointAtTheSource(t *testing.T) {
	ex := lookup(t, "gather")
	gatherLine := lineOf(t, ex.Source, "asyncio.Gather(")
	for _, mode := range []explorer.Mode{explorer.Loop, explorer.Goroutines} {
		t.Run(string(mode), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := explorer.New(explorer.Options{})
				defer s.Close()
				rec := getRecording(t, s, "gather", mode)
				awaits := intervalsIn(taskNamed(t, rec, "main"), "awaiting tasks")
				if len(awaits) != 1 {
					t.Fatalf("main awaits %d times: %+v", len(awaits), awaits)
				}
				iv := awaits[0]
				if iv.Line != gatherLine {
					t.Errorf("main awaits at line %d; want line %d (%q)", iv.Line, gatherLine, sourceLines(ex.Source)[gatherLine-1])
				}
				// On goroutines, package asyncio does not name what Gather waits for.
				if mode == explorer.Loop && (!strings.Contains(iv.On, "hello_world1") || !strings.Contains(iv.On, "hello_world2")) {
					t.Errorf("main awaits on %q; want both tasks", iv.On)
				}
				for _, name := range []string{"hello_world1", "hello_world2"} {
					for _, iv := range intervalsIn(taskNamed(t, rec, name), "sleeping") {
						if text := sourceLines(ex.Source)[iv.Line-1]; iv.Line == 0 || !strings.Contains(text, "asyncio.Sleep(") {
							t.Errorf("%s sleeps at line %d: %q", name, iv.Line, text)
						}
					}
				}
			})
		})
	}
}

// TestIntervalsSplitWhereTheLineChanges checks lock: worker 1 sleeps twice
// in a row, at two lines, which the chart draws as one "sleeping"
// stretch; the recording gives each sleep its own interval and line. The
// workers after it wait for the lock at the line that takes it.
func TestIntervalsSplitWhereTheLineChanges(t *testing.T) {
	ex := lookup(t, "lock")
	lockLine := lineOf(t, ex.Source, "lock.Lock(ctx)")
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		defer s.Close()
		rec := getRecording(t, s, "lock", "")
		sleeps := intervalsIn(taskNamed(t, rec, "worker 1"), "sleeping")
		if len(sleeps) != 2 || sleeps[0].End != sleeps[1].Start || sleeps[0].Line == sleeps[1].Line {
			t.Fatalf("worker 1 sleeps %+v; want two sleeps, one after the other, at two lines", sleeps)
		}
		for _, iv := range sleeps {
			if text := sourceLines(ex.Source)[iv.Line-1]; !strings.Contains(text, "asyncio.Sleep(") {
				t.Errorf("worker 1 sleeps at line %d: %q", iv.Line, text)
			}
		}
		for _, name := range []string{"worker 2", "worker 3"} {
			waits := intervalsIn(taskNamed(t, rec, name), "lock")
			if len(waits) != 1 || waits[0].Line != lockLine || !strings.HasPrefix(waits[0].On, "Lock(") {
				t.Errorf("%s waits for the lock %+v; want once, at line %d, on a Lock", name, waits, lockLine)
			}
		}
	})
}

// waitingStates are the states of a task blocked in package asyncio, which
// always says where.
var waitingStates = []string{"sleeping", "awaiting tasks", "in a thread", "lock", "semaphore", "event",
	"condition", "barrier", "queue", "blocked"}

// checkPositions checks the positions of a recording of ex: every blocked
// interval has a line of the example's Go file, each a line with a call on
// it; only intervals of a task that waits (blocked, or ready to go on) have
// one; and adjacent intervals differ in state or position.
func checkPositions(t *testing.T, ex examples.Example, rec explorer.Recording) {
	t.Helper()
	lines := sourceLines(ex.Source)
	for _, task := range rec.Tasks {
		for i, iv := range task.Intervals {
			blocked := slices.Contains(waitingStates, iv.State)
			switch {
			case blocked && iv.Line == 0:
				t.Errorf("%s is %s at %v–%vs, at no line of %s", task.Name, iv.State, iv.Start, iv.End, ex.File)
			case !blocked && iv.State != "ready" && (iv.Line != 0 || iv.On != ""):
				t.Errorf("%s is %s at %v–%vs, at line %d, on %q", task.Name, iv.State, iv.Start, iv.End, iv.Line, iv.On)
			case iv.Line > len(lines):
				t.Errorf("%s waits at line %d of %s, which has %d", task.Name, iv.Line, ex.File, len(lines))
			case iv.Line > 0 && !strings.Contains(lines[iv.Line-1], "("):
				t.Errorf("%s waits at line %d of %s, which calls nothing: %q", task.Name, iv.Line, ex.File, lines[iv.Line-1])
			}
			if i > 0 {
				prev := task.Intervals[i-1]
				if prev.State == iv.State && prev.Line == iv.Line && prev.On == iv.On {
					t.Errorf("%s: intervals %+v and %+v do not differ", task.Name, prev, iv)
				}
			}
		}
	}
}

// TestPositionsOfEvents feeds a recording events by hand: a task that
// blocks at lines of the example's file, by any spelling of its path, and
// elsewhere; nested blocks; and a wake-up that leaves it ready.
func TestPositionsOfEvents(t *testing.T) {
	const file = "gather/gather.go"
	base := time.Unix(1000, 0)
	at := func(s int) time.Time { return base.Add(time.Duration(s) * time.Second) }
	task := asyncio.TaskInfo{ID: 1, Name: "main"}
	ev := func(s int, kind asyncio.EventKind, block asyncio.BlockKind, path string, line int, on string) asyncio.TaskEvent {
		return asyncio.TaskEvent{Time: at(s), Kind: kind, Task: task, Block: block, File: path, Line: line, On: on}
	}
	start := []asyncio.TaskEvent{
		ev(0, asyncio.TaskCreated, 0, "", 0, ""),
		ev(0, asyncio.TaskStarted, 0, "", 0, ""),
	}
	tests := []struct {
		name   string
		events []asyncio.TaskEvent
		want   []explorer.Interval
	}{{
		name: "two sleeps in a row, one interval of the chart",
		events: []asyncio.TaskEvent{
			ev(0, asyncio.TaskBlocked, asyncio.BlockSleep, "/home/me/rexasyncio/examples/gather/gather.go", 10, ""),
			ev(1, asyncio.TaskResumed, asyncio.BlockSleep, "", 0, ""),
			ev(1, asyncio.TaskBlocked, asyncio.BlockSleep, "/home/me/rexasyncio/examples/gather/gather.go", 12, ""),
			ev(3, asyncio.TaskResumed, asyncio.BlockSleep, "", 0, ""),
			ev(4, asyncio.TaskFinished, 0, "", 0, ""),
		},
		want: []explorer.Interval{
			{Start: 0, End: 1, State: "sleeping", Line: 10},
			{Start: 1, End: 3, State: "sleeping", Line: 12},
			{Start: 3, End: 4, State: "running"},
		},
	}, {
		name: "a -trimpath path; another file; a look-alike directory",
		events: []asyncio.TaskEvent{
			ev(0, asyncio.TaskBlocked, asyncio.BlockLock, "github.com/rexasyncio/rexasyncio/examples/gather/gather.go", 7, "Lock(0x1)"),
			ev(1, asyncio.TaskResumed, asyncio.BlockLock, "", 0, ""),
			ev(2, asyncio.TaskBlocked, asyncio.BlockLock, "/home/me/rexasyncio/examples/lock/lock.go", 7, "Lock(0x1)"),
			ev(3, asyncio.TaskResumed, asyncio.BlockLock, "", 0, ""),
			ev(4, asyncio.TaskBlocked, asyncio.BlockLock, "/home/me/myexamples/gather/gather.go", 8, "Lock(0x1)"),
			ev(5, asyncio.TaskResumed, asyncio.BlockLock, "", 0, ""),
			ev(5, asyncio.TaskFinished, 0, "", 0, ""),
		},
		want: []explorer.Interval{
			{Start: 0, End: 1, State: "lock", Line: 7, On: "Lock(0x1)"},
			{Start: 1, End: 2, State: "running"},
			{Start: 2, End: 3, State: "lock", On: "Lock(0x1)"},
			{Start: 3, End: 4, State: "running"},
			{Start: 4, End: 5, State: "lock", On: "Lock(0x1)"},
		},
	}, {
		name: "nested blocks: the innermost's line, then the outer's again",
		events: []asyncio.TaskEvent{
			ev(0, asyncio.TaskBlocked, asyncio.BlockTask, "/x/examples/gather/gather.go", 20, "worker"),
			ev(1, asyncio.TaskBlocked, asyncio.BlockSleep, "/x/examples/gather/gather.go", 21, ""),
			ev(2, asyncio.TaskResumed, asyncio.BlockSleep, "", 0, ""),
			ev(3, asyncio.TaskReady, 0, "", 0, ""),
			ev(4, asyncio.TaskResumed, asyncio.BlockTask, "", 0, ""),
			ev(4, asyncio.TaskFinished, 0, "", 0, ""),
		},
		want: []explorer.Interval{
			{Start: 0, End: 1, State: "awaiting tasks", Line: 20, On: "worker"},
			{Start: 1, End: 2, State: "sleeping", Line: 21},
			{Start: 2, End: 3, State: "awaiting tasks", Line: 20, On: "worker"},
			{Start: 3, End: 4, State: "ready", Line: 20, On: "worker"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasks := explorer.TasksOf(file, append(slices.Clone(start), tt.events...))
			if len(tasks) != 1 {
				t.Fatalf("%d tasks", len(tasks))
			}
			got := tasks[0].Intervals
			if n := len(got); n > 0 && got[n-1].State == "done" {
				got = got[:n-1] // the outcome: it lasts no time here
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("intervals\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
