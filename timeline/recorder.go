package timeline

import (
	"sync"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Recorder collects the events package asyncio reports, for Chart. It
// implements asyncio.Recorder; install it with asyncio.WithRecorder.
//
// Record is safe for concurrent use and cheap: under a mutex held for no more
// than a copy, it appends a compact copy of the event (48 bytes) to a chunk of
// storage, never moving what it stored before. A task costs five or so
// events; memory is kept until the Recorder is dropped.
//
// The zero Recorder is ready to use.
type Recorder struct {
	mu     sync.Mutex
	base   time.Time     // the first event's time; records hold offsets from it
	chunks [][]record    // full chunks, of chunkSize records each
	cur    []record      // the chunk being filled, of length chunkSize
	n      int           // records stored, in chunks and cur
	errs   map[int]error // the Err of the few events that have one, by record index
}

// record is an asyncio.TaskEvent without its rarely set Err, and with its time as
// an offset, so that it takes 48 bytes rather than 88.
type record struct {
	at         time.Duration
	id, parent uint64
	name       string
	kind       asyncio.EventKind
	block      asyncio.BlockKind
}

const chunkSize = 256

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Record stores e. It is called by package asyncio on the goroutine of the
// task e is about.
func (r *Recorder) Record(e asyncio.TaskEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == 0 {
		r.base = e.Time
	}
	i := r.n % chunkSize
	if i == 0 {
		if r.cur != nil {
			r.chunks = append(r.chunks, r.cur)
		}
		r.cur = make([]record, chunkSize)
	}
	r.cur[i] = record{
		at: e.Time.Sub(r.base), id: e.Task.ID, parent: e.Task.Parent, name: e.Task.Name,
		kind: e.Kind, block: e.Block,
	}
	if e.Err != nil {
		if r.errs == nil {
			r.errs = make(map[int]error)
		}
		r.errs[r.n] = e.Err
	}
	r.n++
}

// Events returns a copy of the events recorded so far, in the order they were
// recorded: each task's own events in the order they happened, the events of
// different tasks interleaved in no fixed order. Their times are the recorded
// ones, as offsets from the first event's time.
func (r *Recorder) Events() []asyncio.TaskEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]asyncio.TaskEvent, 0, r.n)
	add := func(recs []record) {
		for _, rec := range recs {
			out = append(out, asyncio.TaskEvent{
				Time:  r.base.Add(rec.at),
				Kind:  rec.kind,
				Task:  asyncio.TaskInfo{ID: rec.id, Name: rec.name, Parent: rec.parent},
				Block: rec.block,
				Err:   r.errs[len(out)],
			})
		}
	}
	for _, chunk := range r.chunks {
		add(chunk)
	}
	add(r.cur[:r.n-len(r.chunks)*chunkSize])
	return out
}

// Chart builds the chart of the events recorded so far (see NewChart). It can
// be called while tasks still run: tasks that have not finished are drawn up
// to the latest event.
func (r *Recorder) Chart() *Chart { return NewChart(r.Events()) }
