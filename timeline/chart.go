package timeline

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Interval is a stretch of a task's life in one state: [Start, End), as
// offsets from the chart's start. Intervals are never empty.
type Interval struct {
	Start, End time.Duration
	State      State
}

// Row is one task's line in a chart.
type Row struct {
	Name    string        // the task's name ("main" for the task of asyncio.Run)
	ID      uint64        // the task's asyncio ID; rows are not ordered by it
	Parent  string        // the name of the task that created it; "" if none is in the chart
	Created time.Duration // when the chart first saw it: normally its TaskCreated event
	Ended   time.Duration // when it finished; the chart's duration if it had not
	Outcome State         // Done, Failed or Canceled; Running if it had not finished
	Err     error         // the error it finished with, if any

	// Intervals cover [Created, the chart's end) without gaps, in order:
	// the task's live states until Ended, then its outcome. Adjacent
	// intervals differ in state. States that lasted no time are left out, so
	// a task whose life took no time has only its outcome, or nothing if it
	// ended at the chart's end.
	Intervals []Interval
}

// Chart is the record of a set of tasks over time, ready to draw or inspect.
// Build one with NewChart or Recorder.Chart. A Chart is immutable and safe
// for concurrent use.
type Chart struct {
	start    time.Time
	duration time.Duration // of the time axis
	took     time.Duration // of the run: the duration, unless Spanning widened the axis
	rows     []builtRow    // in display order
}

// NewChart builds the chart of events: one row per task, over the time from
// the earliest event to the latest. Each task's events must be in the order
// they happened, as a Recorder stores them; how the events of different tasks
// interleave does not matter (see the package documentation on determinism).
//
// A task whose first event is not TaskCreated (because the recorder was
// installed while it ran) starts at its first event. A TaskResumed that
// matches no TaskBlocked is ignored, as are events after a task's end.
func NewChart(events []asyncio.TaskEvent) *Chart {
	if len(events) == 0 {
		return &Chart{}
	}
	start, end := events[0].Time, events[0].Time
	byTask := make(map[uint64][]asyncio.TaskEvent)
	var ids []uint64
	for _, e := range events {
		if e.Time.Before(start) {
			start = e.Time
		}
		if e.Time.After(end) {
			end = e.Time
		}
		if _, seen := byTask[e.Task.ID]; !seen {
			ids = append(ids, e.Task.ID)
		}
		byTask[e.Task.ID] = append(byTask[e.Task.ID], e)
	}
	c := &Chart{start: start, duration: end.Sub(start)}
	rows := make([]builtRow, 0, len(ids))
	for _, id := range ids {
		evs := byTask[id]
		// A no-op for events recorded in order; it keeps a task whose context
		// was used from several goroutines drawable.
		slices.SortStableFunc(evs, func(a, b asyncio.TaskEvent) int { return a.Time.Compare(b.Time) })
		rows = append(rows, c.buildRow(evs))
	}
	c.rows = orderRows(rows)
	return c
}

// builtRow is a row with what ordering needs.
type builtRow struct {
	Row
	parentID uint64
	depth    int
}

func (c *Chart) buildRow(evs []asyncio.TaskEvent) builtRow {
	first := evs[0]
	created := first.Time.Sub(c.start)
	// A task is pending from its creation until it starts: no time at all
	// for CreateTask, the time in the queue for an Executor's tasks.
	initial := Running
	if first.Kind == asyncio.TaskCreated {
		initial = Pending
	}
	b := rowBuilder{
		row:   Row{Name: first.Task.Name, ID: first.Task.ID, Created: created, Ended: c.duration, Outcome: Running},
		since: created,
		state: initial,
	}
	var blocks []asyncio.BlockKind // what the task is blocked on, innermost last
	for _, e := range evs {
		t := e.Time.Sub(c.start)
		switch e.Kind {
		case asyncio.TaskStarted:
			b.set(t, Running)
		case asyncio.TaskReady:
			// Woken on an event loop: ready until its turn comes, when
			// TaskResumed (or TaskStarted) says what it does next.
			b.set(t, Ready)
		case asyncio.TaskBlocked:
			blocks = append(blocks, e.Block)
			b.set(t, blockState(e.Block))
		case asyncio.TaskResumed:
			for j := len(blocks) - 1; j >= 0; j-- { // the innermost matching block
				if blocks[j] == e.Block {
					blocks = slices.Delete(blocks, j, j+1)
					break
				}
			}
			s := Running
			if n := len(blocks); n > 0 {
				s = blockState(blocks[n-1])
			}
			b.set(t, s)
		case asyncio.TaskFinished, asyncio.TaskCanceled:
			outcome := Done
			switch {
			case e.Kind == asyncio.TaskCanceled || errors.Is(e.Err, context.Canceled):
				outcome = Canceled
			case e.Err != nil:
				outcome = Failed
			}
			b.set(t, outcome)
			b.row.Ended, b.row.Outcome, b.row.Err = t, outcome, e.Err
			return b.finish(c.duration, first.Task.Parent)
		}
	}
	return b.finish(c.duration, first.Task.Parent)
}

// rowBuilder turns a task's state changes into intervals, dropping the states
// that last no time.
type rowBuilder struct {
	row   Row
	since time.Duration // when state began
	state State
}

func (b *rowBuilder) set(t time.Duration, s State) {
	if s == b.state {
		return
	}
	if t > b.since {
		b.add(b.since, t, b.state)
		b.since = t
	}
	b.state = s
}

func (b *rowBuilder) add(from, to time.Duration, s State) {
	if n := len(b.row.Intervals); n > 0 && b.row.Intervals[n-1].State == s {
		b.row.Intervals[n-1].End = to
		return
	}
	b.row.Intervals = append(b.row.Intervals, Interval{from, to, s})
}

func (b *rowBuilder) finish(end time.Duration, parent uint64) builtRow {
	if end > b.since {
		b.add(b.since, end, b.state)
	}
	return builtRow{Row: b.row, parentID: parent}
}

// orderRows sorts rows by creation time, then parent's row, then name (see
// the package documentation). A parent is created before its children or at
// the same instant with a smaller depth, so sorting by (Created, depth) first
// ranks every parent before the group of rows that may refer to it.
func orderRows(rows []builtRow) []builtRow {
	index := make(map[uint64]int, len(rows))
	for i := range rows {
		index[rows[i].ID] = i
		rows[i].Parent, rows[i].depth = "", 0
	}
	for i := range rows {
		for p, hops := rows[i].parentID, 0; hops < len(rows); hops++ {
			j, ok := index[p]
			if !ok {
				break
			}
			if hops == 0 {
				rows[i].Parent = rows[j].Name
			}
			rows[i].depth++
			p = rows[j].parentID
		}
	}
	slices.SortStableFunc(rows, func(a, b builtRow) int {
		return cmp.Or(cmp.Compare(a.Created, b.Created), cmp.Compare(a.depth, b.depth))
	})
	rank := make(map[uint64]int, len(rows))
	parentRank := func(r builtRow) int {
		if k, ok := rank[r.parentID]; ok {
			return k
		}
		return -1
	}
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Created == rows[i].Created && rows[j].depth == rows[i].depth {
			j++
		}
		slices.SortStableFunc(rows[i:j], func(a, b builtRow) int {
			return cmp.Or(
				cmp.Compare(parentRank(a), parentRank(b)),
				compareNames(a.Name, b.Name),
				cmp.Compare(a.Name, b.Name), // "x01" and "x1"
				compareLooks(a.Row, b.Row),
				cmp.Compare(a.ID, b.ID))
		})
		for k := i; k < j; k++ {
			rank[rows[k].ID] = k
		}
		i = j
	}
	return rows
}

// compareLooks orders rows by what they show, so that rows equal in every
// visible way may come in either order.
func compareLooks(a, b Row) int {
	if c := cmp.Or(cmp.Compare(a.Ended, b.Ended), cmp.Compare(a.Outcome, b.Outcome)); c != 0 {
		return c
	}
	return slices.CompareFunc(a.Intervals, b.Intervals, func(x, y Interval) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End), cmp.Compare(x.State, y.State))
	})
}

// Start returns the time of the chart's earliest event (the zero time for a
// chart without events).
func (c *Chart) Start() time.Time { return c.start }

// Duration returns the length of the chart's time axis: the time from its
// earliest event to its latest, unless Spanning made it longer.
func (c *Chart) Duration() time.Duration { return c.duration }

// Took returns the time from the chart's earliest event to its latest.
func (c *Chart) Took() time.Duration {
	if c.took != 0 {
		return c.took
	}
	return c.duration
}

// Spanning returns a copy of the chart whose time axis runs for at least d,
// so that charts of different runs can be drawn to the same scale (gather's
// 1 s beside helloio's 2 s). The time past the last event is drawn as after
// each task's end. A d shorter than the chart's duration changes nothing.
func (c *Chart) Spanning(d time.Duration) *Chart {
	cp := *c
	cp.took = c.Took()
	cp.duration = max(c.duration, d)
	return &cp
}

// Rows returns the chart's rows, one per task, in display order (see the
// package documentation). The result is a copy the caller may modify.
func (c *Chart) Rows() []Row {
	out := make([]Row, len(c.rows))
	for i, r := range c.rows {
		out[i] = r.Row
		out[i].Intervals = slices.Clone(r.Intervals)
	}
	return out
}

// Row returns a copy of the first row named name, and whether there is one.
func (c *Chart) Row(name string) (Row, bool) {
	for _, r := range c.rows {
		if r.Name == name {
			r.Intervals = slices.Clone(r.Intervals)
			return r.Row, true
		}
	}
	return Row{}, false
}

// StateAt returns the task's state at offset t: NotCreated before Created,
// the state of the last interval at or after the chart's end, and the outcome
// at the instant of a task whose life took no time.
func (r Row) StateAt(t time.Duration) State {
	if t < r.Created {
		return NotCreated
	}
	for _, iv := range r.Intervals {
		if t >= iv.Start && t < iv.End {
			return iv.State
		}
	}
	if n := len(r.Intervals); n > 0 && t >= r.Intervals[n-1].End {
		return r.Intervals[n-1].State
	}
	return r.Outcome
}

// TimeIn returns how long the task spent in the states for which in returns
// true, e.g. TimeIn(State.Alive) is how long it lived.
func (r Row) TimeIn(in func(State) bool) time.Duration {
	var total time.Duration
	for _, iv := range r.Intervals {
		if in(iv.State) {
			total += iv.End - iv.Start
		}
	}
	return total
}

// Is returns a predicate for Row.TimeIn, Overlap and MaxConcurrent that is
// true for the given states.
func Is(states ...State) func(State) bool {
	return func(s State) bool { return slices.Contains(states, s) }
}

// Overlap returns how long tasks a and b were both in states for which in
// returns true: Overlap(a, b, State.Alive) is how long they ran concurrently.
func Overlap(a, b Row, in func(State) bool) time.Duration {
	var total time.Duration
	for _, x := range a.Intervals {
		if !in(x.State) {
			continue
		}
		for _, y := range b.Intervals {
			if in(y.State) {
				total += max(0, min(x.End, y.End)-max(x.Start, y.Start))
			}
		}
	}
	return total
}

// MaxConcurrent returns the largest number of rows in states for which in
// returns true at one time, and the earliest offset at which that many were.
// Intervals are half-open, so a task that leaves a state at the instant
// another enters it is not counted with it. With no row ever in such a state
// it returns 0, 0.
func MaxConcurrent(rows []Row, in func(State) bool) (n int, at time.Duration) {
	type edge struct {
		t     time.Duration
		delta int
	}
	var edges []edge
	for _, r := range rows {
		for _, iv := range r.Intervals {
			if in(iv.State) {
				edges = append(edges, edge{iv.Start, +1}, edge{iv.End, -1})
			}
		}
	}
	// Leaving before entering at one instant: intervals are half-open.
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.delta, b.delta)) })
	cur := 0
	for _, e := range edges {
		cur += e.delta
		if cur > n {
			n, at = cur, e.t
		}
	}
	return n, at
}
