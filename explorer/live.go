package explorer

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// tasksEvery is the least time between two "tasks" events of a live stream:
// a run whose tasks change state a thousand times a second does not send a
// thousand timelines.
const tasksEvery = 100 * time.Millisecond

// serveLive answers GET /api/examples/{name}/live?mode=M with a stream of
// server-sent events while the example runs for real (see the package
// documentation). A client that disconnects cancels the run; the handler
// returns once the run has.
func (s *Server) serveLive(w http.ResponseWriter, r *http.Request) {
	ex, ok := lookupExample(w, r)
	if !ok {
		return
	}
	mode, ok := lookupModeParam(w, r, ex)
	if !ok {
		return
	}
	select {
	case s.live <- struct{}{}:
		defer func() { <-s.live }()
	default:
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many live runs: at most "+strconv.Itoa(cap(s.live))+" at once", http.StatusTooManyRequests)
		return
	}
	if !s.startRun() {
		http.Error(w, errClosed.Error(), http.StatusServiceUnavailable)
		return
	}
	defer s.runs.Done()

	// The run ends when the client leaves or the server closes.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(s.ctx, cancel)()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	stream := &eventStream{w: w, rc: http.NewResponseController(w)}

	sink := newSink(ex.File)
	done := make(chan *Recording, 1)
	go func() { done <- runRecorded(ctx, ex, mode, sink) }()

	sent := 0               // lines sent
	var lastTasks time.Time // when the last "tasks" event went out
	var tasksDue <-chan time.Time
	sendTasks := func() {
		at := seconds(time.Since(sink.start))
		stream.send("tasks", struct {
			At    float64 `json:"at"`
			Tasks []Task  `json:"tasks"`
		}{at, sink.tasks()})
		lastTasks, tasksDue = time.Now(), nil
	}
	sendLines := func() {
		for _, l := range sink.linesFrom(sent) {
			stream.send("line", l)
			sent++
		}
	}
	stream.send("start", struct {
		Example string `json:"example"`
		Mode    Mode   `json:"mode"`
	}{ex.Name, mode.Mode})
	for stream.err == nil {
		select {
		case <-sink.changed:
			sendLines()
			if wait := tasksEvery - time.Since(lastTasks); wait <= 0 {
				sendTasks()
			} else if tasksDue == nil {
				tasksDue = time.After(wait)
			}
		case <-tasksDue:
			sendTasks()
		case rec := <-done:
			if ctx.Err() == nil {
				sendLines()
				stream.send("end", rec)
			}
			return
		case <-ctx.Done():
			<-done // examples return promptly once canceled
			return
		}
	}
	// Writing failed: the client is gone.
	cancel()
	<-done
}

// eventStream writes server-sent events, flushing each, and remembers the
// first error.
type eventStream struct {
	w   io.Writer
	rc  *http.ResponseController
	err error
}

// send writes one event whose data is v as JSON (one line: JSON escapes
// newlines in strings).
func (s *eventStream) send(event string, v any) {
	if s.err != nil {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	if _, err := fmt.Fprintf(s.w, "event: %s\ndata: %s\n\n", event, data); err != nil {
		s.err = err
		return
	}
	s.err = s.rc.Flush()
}
