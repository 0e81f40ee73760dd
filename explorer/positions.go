package explorer

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// The source positions of blocked tasks. Package asyncio tells, with each
// TaskBlocked event, the line of the user's code that blocked and what it
// waits for; timeline.Recorder keeps neither. positions keeps them, for the
// example's own Go file, so that a recording's intervals can say where each
// task waits: the page highlights those lines as the replay passes.

// blockMark is a TaskBlocked or TaskResumed event of one task.
type blockMark struct {
	at      time.Time
	resumed bool
	block   asyncio.BlockKind
	where   position // for TaskBlocked
}

// position is where a blocked task waits: a line of the example's Go file
// (0 if the call was elsewhere) and what it waits for ("" if nothing named).
type position struct {
	line int
	on   string
}

// positions collects the blockMarks of a run, by task ID. It is not safe
// for concurrent use: the sink guards it.
type positions struct {
	suffix string // of the example's Go file's path: "/examples/gather/gather.go"
	marks  map[uint64][]blockMark
}

// newPositions returns the positions of a run of the example whose Go file
// is file, from the examples directory ("gather/gather.go").
func newPositions(file string) positions {
	p := positions{marks: make(map[uint64][]blockMark)}
	if file != "" {
		p.suffix = "/examples/" + file
	}
	return p
}

// record keeps e if it is a TaskBlocked or TaskResumed event.
func (p *positions) record(e asyncio.TaskEvent) {
	m := blockMark{at: e.Time, block: e.Block}
	switch e.Kind {
	case asyncio.TaskBlocked:
		m.where.on = e.On
		if p.inExample(e.File) {
			m.where.line = e.Line
		}
	case asyncio.TaskResumed:
		m.resumed = true
	default:
		return
	}
	p.marks[e.Task.ID] = append(p.marks[e.Task.ID], m)
}

// inExample reports whether file, as runtime frames name it (an absolute
// path, or a module path with -trimpath), is the example's Go file.
func (p *positions) inExample(file string) bool {
	return p.suffix != "" && (strings.HasSuffix(file, p.suffix) || "/"+file == p.suffix)
}

// changes returns, for the task id, where it waits from each instant its
// innermost block changes, in time order: the position after every event of
// that instant, the zero position once it blocks on nothing. Times are
// offsets from start. The innermost block is the one timeline.Chart draws:
// a TaskResumed ends the innermost block of its kind.
func (p *positions) changes(id uint64, start time.Time) []positionChange {
	marks := slices.Clone(p.marks[id])
	slices.SortStableFunc(marks, func(a, b blockMark) int { return a.at.Compare(b.at) })
	var open []blockMark // innermost last
	var out []positionChange
	for i, m := range marks {
		if m.resumed {
			for j := len(open) - 1; j >= 0; j-- {
				if open[j].block == m.block {
					open = slices.Delete(open, j, j+1)
					break
				}
			}
		} else {
			open = append(open, m)
		}
		if i+1 < len(marks) && marks[i+1].at.Equal(m.at) {
			continue // the position after the instant's last event counts
		}
		var where position
		if n := len(open); n > 0 {
			where = open[n-1].where
		}
		if n := len(out); n == 0 || out[n-1].where != where {
			out = append(out, positionChange{at: m.at.Sub(start), where: where})
		}
	}
	return out
}

// positionChange is the moment a task's position changed.
type positionChange struct {
	at    time.Duration
	where position
}

// waits reports whether a task in state s waits at a position: it is
// blocked, or ready to go on from where it was blocked.
func waits(s timeline.State) bool {
	return s >= timeline.Ready && s <= timeline.Blocked
}

// placeIntervals splits the intervals of a task where, within one, its
// position changes (a task that sleeps at one line then, at once, at the
// next is one "sleeping" interval in the chart) and gives each the
// position it waits at, if it waits.
func placeIntervals(ivs []timeline.Interval, changes []positionChange) []placedInterval {
	out := make([]placedInterval, 0, len(ivs))
	at := func(t time.Duration) position { // the position from t on
		i, found := slices.BinarySearchFunc(changes, t, func(c positionChange, t time.Duration) int { return cmp.Compare(c.at, t) })
		if !found {
			i--
		}
		if i < 0 {
			return position{}
		}
		return changes[i].where
	}
	for _, iv := range ivs {
		if !waits(iv.State) || len(changes) == 0 {
			out = append(out, placedInterval{Interval: iv})
			continue
		}
		piece := placedInterval{Interval: iv, where: at(iv.Start)}
		for _, c := range changes {
			if c.at <= iv.Start || c.at >= iv.End || c.where == piece.where {
				continue
			}
			piece.End = c.at
			out = append(out, piece)
			piece = placedInterval{Interval: timeline.Interval{Start: c.at, End: iv.End, State: iv.State}, where: c.where}
		}
		out = append(out, piece)
	}
	return out
}

// placedInterval is a chart's interval, or part of one, with its position.
type placedInterval struct {
	timeline.Interval
	where position
}
