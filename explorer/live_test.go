package explorer_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/explorer"
)

// streamRecorder is an http.ResponseWriter for a server-sent event stream
// in a synctest bubble: each Flush passes on what was written since the
// last one, and the test receives it at the virtual moment it was flushed.
type streamRecorder struct {
	header  http.Header
	code    int
	mu      sync.Mutex
	pending strings.Builder
	flushes chan string
}

func newStreamRecorder() *streamRecorder {
	return &streamRecorder{header: make(http.Header), flushes: make(chan string, 10000)}
}

func (r *streamRecorder) Header() http.Header { return r.header }

func (r *streamRecorder) WriteHeader(code int) { r.code = code }

func (r *streamRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.code == 0 {
		r.code = 200
	}
	return r.pending.Write(p)
}

func (r *streamRecorder) Flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending.Len() > 0 {
		r.flushes <- r.pending.String()
		r.pending.Reset()
	}
}

// event is one server-sent event and when the test received it.
type event struct {
	at   time.Duration
	name string
	data string
}

// next returns the next event flushed, stamped with the time since start.
// The server flushes each event on its own.
func (r *streamRecorder) next(t *testing.T, start time.Time) event {
	t.Helper()
	chunk := <-r.flushes
	name, data, ok := strings.Cut(strings.TrimSuffix(chunk, "\n\n"), "\n")
	if !ok || !strings.HasPrefix(name, "event: ") || !strings.HasPrefix(data, "data: ") || strings.Count(chunk, "\n\n") != 1 {
		t.Fatalf("not one server-sent event: %q", chunk)
	}
	return event{time.Since(start), strings.TrimPrefix(name, "event: "), strings.TrimPrefix(data, "data: ")}
}

// startLive starts a live run of name on s, in the bubble, and returns the
// stream and a channel closed when the handler has returned.
func startLive(s *explorer.Server, ctx context.Context, name string) (*streamRecorder, chan struct{}) {
	w := newStreamRecorder()
	req := httptest.NewRequest("GET", "/api/examples/"+name+"/live", nil).WithContext(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(w, req)
	}()
	return w, done
}

// TestLiveStreamsAtTheMoments runs gather live in virtual time and checks
// that each line is sent at the moment it is printed, that the timeline
// follows at most every 100 ms, and that the stream ends with the whole
// recording.
func TestLiveStreamsAtTheMoments(t *testing.T) {
	want := readGolden(t, "gather")
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		defer s.Close()
		start := time.Now()
		w, done := startLive(s, t.Context(), "gather")

		var lines []explorer.Line
		var lastTasks time.Duration = -time.Hour
		var end explorer.Recording
		for ev := w.next(t, start); ; ev = w.next(t, start) {
			switch ev.name {
			case "start":
				if ev.data != `{"example":"gather","mode":"loop"}` || ev.at != 0 {
					t.Errorf("start event %q at %v", ev.data, ev.at)
				}
			case "line":
				var l explorer.Line
				if err := json.Unmarshal([]byte(ev.data), &l); err != nil {
					t.Fatal(err)
				}
				if l.At != ev.at.Seconds() {
					t.Errorf("line %q printed at %vs, sent at %v", l.Text, l.At, ev.at)
				}
				lines = append(lines, l)
			case "tasks":
				if ev.at-lastTasks < 100*time.Millisecond {
					t.Errorf("timeline sent at %v, only %v after the last", ev.at, ev.at-lastTasks)
				}
				lastTasks = ev.at
			case "end":
				if err := json.Unmarshal([]byte(ev.data), &end); err != nil {
					t.Fatal(err)
				}
			default:
				t.Errorf("unknown event %q", ev.name)
			}
			if ev.name == "end" {
				break
			}
		}
		<-done
		if w.code != 200 || w.header.Get("Content-Type") != "text/event-stream" {
			t.Errorf("status %d, Content-Type %q", w.code, w.header.Get("Content-Type"))
		}
		for _, p := range compareLines(want.lines, lines, 0) {
			t.Error(p)
		}
		if len(end.Lines) != len(lines) || end.Duration != want.end || len(end.Tasks) != 3 {
			t.Errorf("end: %d lines, %d tasks, %vs; want %d, 3, %vs", len(end.Lines), len(end.Tasks), end.Duration, len(lines), want.end)
		}
		if n := explorer.LiveRuns(s); n != 0 {
			t.Errorf("%d live runs still counted", n)
		}
	})
}

// TestLiveDisconnectCancelsTheRun leaves a 10 s run after its first line and
// checks that the handler returns at that very instant, its run canceled.
// synctest.Test fails if any goroutine of the run is left.
func TestLiveDisconnectCancelsTheRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		defer s.Close()
		ctx, disconnect := context.WithCancel(t.Context())
		start := time.Now()
		w, done := startLive(s, ctx, "queue")
		for ev := w.next(t, start); ev.name != "line"; ev = w.next(t, start) {
		}
		time.Sleep(1500 * time.Millisecond)
		left := time.Now()
		disconnect()
		<-done
		if time.Since(left) != 0 {
			t.Errorf("the handler returned %v after the client left", time.Since(left))
		}
		if n := explorer.LiveRuns(s); n != 0 {
			t.Errorf("%d live runs still counted", n)
		}
	})
}

// TestLiveLimit checks that a live run past Options.MaxLive is refused with
// 429, and that its slot is free again once a run ends.
func TestLiveLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{MaxLive: 1})
		defer s.Close()
		ctx, leave := context.WithCancel(t.Context())
		start := time.Now()
		w, done := startLive(s, ctx, "queue")
		w.next(t, start) // the stream has started

		refused := httptest.NewRecorder()
		s.ServeHTTP(refused, httptest.NewRequest("GET", "/api/examples/gather/live", nil))
		if refused.Code != http.StatusTooManyRequests || refused.Header().Get("Retry-After") == "" {
			t.Errorf("second live run: status %d, Retry-After %q; want 429 and a delay",
				refused.Code, refused.Header().Get("Retry-After"))
		}

		leave()
		<-done
		w, done = startLive(s, t.Context(), "tothread")
		if ev := w.next(t, start); ev.name != "start" {
			t.Errorf("after the first run ended, a new one got %q, want start", ev.name)
		}
		<-done
	})
}

// TestCloseEndsLiveRuns checks that Close cancels a streaming run and waits
// for it, and that the server then refuses new runs with 503.
func TestCloseEndsLiveRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		start := time.Now()
		w, done := startLive(s, t.Context(), "queue")
		w.next(t, start)
		s.Close()
		select {
		case <-done:
		default:
			t.Error("Close returned before the live run's handler")
		}
		if time.Since(start) != 0 {
			t.Errorf("Close took %v of virtual time", time.Since(start))
		}
		for _, path := range []string{"/api/examples/queue/live", "/api/examples/queue/recording"} {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != http.StatusServiceUnavailable {
				t.Errorf("GET %s after Close: status %d, want 503", path, rec.Code)
			}
		}
	})
}

// TestRecordingOutlivesItsClient checks that a client that stops waiting for
// a recording does not cancel it: the next request gets it.
func TestRecordingOutlivesItsClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		defer s.Close()
		ctx, leave := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer leave()
		w := httptest.NewRecorder()
		// On goroutines, where a recording takes the run's time.
		s.ServeHTTP(w, httptest.NewRequest("GET", "/api/examples/semaphore/recording?mode=goroutines", nil).WithContext(ctx))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("status %d for a client that left", w.Code)
		}
		start := time.Now()
		rec := getRecording(t, s, "semaphore", "goroutines")
		if waited := time.Since(start); waited != 1500*time.Millisecond || rec.Duration != 2 {
			t.Errorf("waited %v for a %vs recording begun 0.5 s earlier, want 1.5s", waited, rec.Duration)
		}
	})
}
