package explorer

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// Recording is one run of an example: what it printed and what its tasks did,
// each at its moment. Times are in seconds from the start of the run, to the
// microsecond. It is the JSON of GET /api/examples/{name}/recording and of
// the live stream's final "end" event.
type Recording struct {
	Example  string  `json:"example"`
	Mode     Mode    `json:"mode"`
	Duration float64 `json:"duration"` // until the example returned
	Lines    []Line  `json:"lines"`    // in the order they were printed
	Tasks    []Task  `json:"tasks"`    // one per task, in the timeline's row order
	Events   []Event `json:"events"`   // every change of a task's state, by time
	Error    string  `json:"error,omitempty"`
}

// Line is one line of output, without its newline.
type Line struct {
	At   float64 `json:"at"`
	Text string  `json:"text"`
}

// Task is one row of the timeline: a task's life as intervals of its states.
type Task struct {
	Name      string     `json:"name"`
	Parent    string     `json:"parent,omitempty"`
	Created   float64    `json:"created"`
	Ended     float64    `json:"ended"`
	Outcome   string     `json:"outcome"`
	Intervals []Interval `json:"intervals"`
}

// Interval is [Start, End) of a task in one state. States are named as the
// timeline's legend names them (timeline.State.String): "running",
// "sleeping", "awaiting tasks", "lock", "done", "canceled"...
//
// A task that waits (blocked, or ready to go on) says where, when package
// asyncio told: Line is the line of the example's Go file (Example.File)
// whose call blocked, 0 if the call was elsewhere; On is what it waits for,
// as asyncio.TaskEvent.On names it ("Lock(0xc000012345)", "task worker 1"),
// "" if nothing named. Adjacent intervals differ in state or in position.
type Interval struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	State string  `json:"state"`
	Line  int     `json:"line,omitempty"`
	On    string  `json:"on,omitempty"`
}

// Event is the moment a task entered a state. Task is its index in Tasks
// (names need not be unique).
type Event struct {
	At    float64 `json:"at"`
	Task  int     `json:"task"`
	State string  `json:"state"`
}

// recordForReplay records ex in mode for replay. It is the one place that
// decides how. On the event loop the run uses the loop's virtual clock
// (asyncio.WithVirtualTime), so its sleeps take no real time and a
// recording is ready at once; blocking that really takes time (time.Sleep in
// a task, work off the loop) still does, and shows. On goroutines there is
// no such clock: the run takes as long as the example.
func recordForReplay(ctx context.Context, ex examples.Example, mode modeSpec) *Recording {
	sink := newSink(ex.File)
	if mode.Mode != Loop {
		return runRecorded(ctx, ex, mode, sink)
	}
	sink.start = time.Now()
	err := asyncio.RunLoop(asyncio.WithRecorder(ctx, sink), func(ctx context.Context) error {
		sink.useClock(func() time.Time { return asyncio.Now(ctx) })
		return ex.Run(ctx, sink)
	}, asyncio.WithVirtualTime())
	return sink.finish(ex, mode, err)
}

// runRecorded runs ex in mode, reporting its output lines and task events to
// sink as they happen, and returns the whole recording. Times are measured
// with time.Now from just before the run, so they are virtual under
// testing/synctest. A run that fails is a recording with an Error.
func runRecorded(ctx context.Context, ex examples.Example, mode modeSpec, sink *sink) *Recording {
	sink.start = time.Now()
	err := ex.RunMain(asyncio.WithRecorder(ctx, sink), sink, examples.Mode(mode.Mode))
	return sink.finish(ex, mode, err)
}

// finish returns the recording of a run of ex in mode that returned err.
func (s *sink) finish(ex examples.Example, mode modeSpec, err error) *Recording {
	rec := s.recording(s.since())
	rec.Example, rec.Mode = ex.Name, mode.Mode
	if err != nil {
		rec.Error = describe(err)
	}
	return rec
}

// describe says in one line why a run failed.
func describe(err error) string {
	if pe, ok := errors.AsType[*asyncio.PanicError](err); ok {
		return "panic: " + fmt.Sprint(pe.Value)
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// sink collects one run: it is the io.Writer the example prints to and the
// asyncio.Recorder its tasks report to. It is safe for concurrent use, and
// tells whoever watches changed that something new arrived.
type sink struct {
	start  time.Time
	events timeline.Recorder

	mu        sync.Mutex
	now       func() time.Time // the run's clock; nil: time.Now
	lines     []Line
	partial   []byte
	positions positions // where blocked tasks wait

	changed chan struct{} // capacity 1: a signal, not a count
}

// newSink returns the sink of a run of the example whose Go file is file
// (Example.File).
func newSink(file string) *sink {
	return &sink{positions: newPositions(file), changed: make(chan struct{}, 1)}
}

func (s *sink) notify() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// useClock makes now the run's clock: a loop's virtual clock, which the
// task events are stamped with too. The start stays: that clock reads real
// time until the loop first skips a wait, which it cannot have done before
// its main task runs (where useClock is called), and main's first events
// come before that. Starting at now() would put them before the start.
func (s *sink) useClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

// since returns the time since the start on the run's clock.
func (s *sink) since() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sinceLocked()
}

func (s *sink) sinceLocked() time.Duration {
	if s.now == nil {
		return time.Since(s.start)
	}
	return s.now().Sub(s.start)
}

// Write stamps each complete line of p with the time since the start.
func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	at := seconds(s.sinceLocked())
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.lines = append(s.lines, Line{At: at, Text: string(s.partial[:i])})
		s.partial = s.partial[i+1:]
	}
	s.mu.Unlock()
	s.notify()
	return len(p), nil
}

// Record stores a task event (asyncio.Recorder).
func (s *sink) Record(e asyncio.TaskEvent) {
	s.events.Record(e)
	s.mu.Lock()
	s.positions.record(e)
	s.mu.Unlock()
	s.notify()
}

// linesFrom returns the complete lines from the i'th on.
func (s *sink) linesFrom(i int) []Line {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lines[min(i, len(s.lines)):])
}

// recording returns everything recorded, for a run that took took. An
// unterminated last line counts as a line.
func (s *sink) recording(took time.Duration) *Recording {
	s.mu.Lock()
	lines := slices.Clone(s.lines)
	if len(s.partial) > 0 {
		lines = append(lines, Line{At: seconds(took), Text: string(s.partial)})
	}
	s.mu.Unlock()
	tasks := s.tasks()
	return &Recording{
		Duration: seconds(took),
		Lines:    lines,
		Tasks:    tasks,
		Events:   eventsOf(tasks),
	}
}

// tasks returns the timeline of the events so far, shifted to the run's
// start: the chart counts from its first event.
func (s *sink) tasks() []Task {
	chart := s.events.Chart()
	shift := time.Duration(0)
	if !chart.Start().IsZero() {
		s.mu.Lock()
		start := s.start
		s.mu.Unlock()
		shift = max(0, chart.Start().Sub(start))
	}
	at := func(d time.Duration) float64 { return seconds(d + shift) }
	rows := chart.Rows()
	changes := make([][]positionChange, len(rows))
	s.mu.Lock()
	for i, r := range rows {
		changes[i] = s.positions.changes(r.ID, chart.Start())
	}
	s.mu.Unlock()
	tasks := make([]Task, len(rows))
	for i, r := range rows {
		ivs := placeIntervals(r.Intervals, changes[i])
		t := Task{
			Name: r.Name, Parent: r.Parent,
			Created: at(r.Created), Ended: at(r.Ended), Outcome: r.Outcome.String(),
			Intervals: make([]Interval, len(ivs)),
		}
		for j, iv := range ivs {
			t.Intervals[j] = Interval{
				Start: at(iv.Start), End: at(iv.End), State: iv.State.String(),
				Line: iv.where.line, On: iv.where.on,
			}
		}
		tasks[i] = t
	}
	return tasks
}

// eventsOf lists the moments tasks change state, by time, then by row. A
// task whose life took no time enters its outcome at its creation.
func eventsOf(tasks []Task) []Event {
	var evs []Event
	for i, t := range tasks {
		if len(t.Intervals) == 0 {
			evs = append(evs, Event{At: t.Created, Task: i, State: t.Outcome})
		}
		for _, iv := range t.Intervals {
			evs = append(evs, Event{At: iv.Start, Task: i, State: iv.State})
		}
	}
	slices.SortStableFunc(evs, func(a, b Event) int { return cmp.Compare(a.At, b.At) })
	return evs
}

// seconds is d in seconds, rounded to the microsecond.
func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*1e6) / 1e6
}
