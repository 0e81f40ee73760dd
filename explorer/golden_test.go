package explorer_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/explorer"
)

// goldenDir holds the golden transcripts that the examples' own tests check
// their output against.
const goldenDir = "../examples/testdata"

// golden is a golden transcript: each line's text at its time, and the end.
type golden struct {
	lines []explorer.Line
	end   float64
}

// readGolden parses the golden file of the example name in its default
// mode: "#" comments, "<seconds>s <text>" lines (the text may be empty), and
// "end <seconds>s".
func readGolden(t *testing.T, name string) golden {
	t.Helper()
	return readGoldenIn(t, name, "")
}

// readGoldenIn is readGolden for a mode other than the default ("" for it):
// the example's own file for that mode, <name>.<mode>.golden, if it has one
// (sleep on goroutines), otherwise the default's.
func readGoldenIn(t *testing.T, name string, mode explorer.Mode) golden {
	t.Helper()
	file := filepath.Join(goldenDir, name+".golden")
	if mode != "" {
		if own := filepath.Join(goldenDir, name+"."+string(mode)+".golden"); fileExists(own) {
			file = own
		}
	}
	if raceEnabled {
		if _, err := os.Stat(filepath.Join(goldenDir, name+".race.golden")); err == nil {
			file = filepath.Join(goldenDir, name+".race.golden")
		}
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var g golden
	ended := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text := sc.Text()
		switch {
		case strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#"):
		case strings.HasPrefix(text, "end "):
			g.end, ended = parseSeconds(t, strings.TrimSpace(text[len("end "):])), true
		default:
			stamp, rest, _ := strings.Cut(strings.TrimLeft(text, " "), " ")
			g.lines = append(g.lines, explorer.Line{At: parseSeconds(t, stamp), Text: rest})
		}
	}
	if err := sc.Err(); err != nil || !ended {
		t.Fatalf("%s: unreadable (%v) or no end line", file, err)
	}
	return g
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func parseSeconds(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "s"), 64)
	if err != nil {
		t.Fatalf("bad time %q in a golden file", s)
	}
	return v
}

// lostUpdates is threadlock's line about its unlocked counter, whose count
// varies from run to run; its golden file says "<count>".
var lostUpdates = regexp.MustCompile(`^without a lock: \d+,`)

// compareLines reports how got differs from want. Lines are matched by text,
// the i'th occurrence with the i'th, so that lines of one instant compare as
// a set (goroutines wake in no fixed order); each may be up to jitter late.
func compareLines(want, got []explorer.Line, jitter float64) []string {
	byText := func(lines []explorer.Line) map[string][]float64 {
		m := make(map[string][]float64)
		for _, l := range lines {
			text := lostUpdates.ReplaceAllLiteralString(l.Text, "without a lock: <count>,")
			m[text] = append(m[text], l.At)
		}
		for _, ts := range m {
			slices.Sort(ts)
		}
		return m
	}
	w, g := byText(want), byText(got)
	var problems []string
	for text, ws := range w {
		gs := g[text]
		if len(gs) != len(ws) {
			problems = append(problems, fmt.Sprintf("%q: %d times at %v, want %d at %v", text, len(gs), gs, len(ws), ws))
			continue
		}
		for i := range ws {
			if !within(gs[i], ws[i], jitter) {
				problems = append(problems, fmt.Sprintf("%q: at %vs, want %vs", text, gs[i], ws[i]))
			}
		}
	}
	for text, gs := range g {
		if _, ok := w[text]; !ok {
			problems = append(problems, fmt.Sprintf("%q: printed %d times, not in the golden file", text, len(gs)))
		}
	}
	slices.Sort(problems)
	return problems
}

// compareOrder reports where got's lines differ from want's in order: on
// the event loop lines of one instant come in a fixed order, the golden
// file's.
func compareOrder(want, got []explorer.Line) []string {
	for i := range max(len(want), len(got)) {
		switch {
		case i >= len(got):
			return []string{fmt.Sprintf("line %d: want %q, got no more lines", i+1, want[i].Text)}
		case i >= len(want):
			return []string{fmt.Sprintf("line %d: want no more lines, got %q", i+1, got[i].Text)}
		case want[i].Text != got[i].Text:
			return []string{fmt.Sprintf("line %d: want %q, got %q", i+1, want[i].Text, got[i].Text)}
		}
	}
	return nil
}

// within reports whether got is at want, or up to jitter later (times are
// rounded to the microsecond).
func within(got, want, jitter float64) bool {
	return got >= want-1e-6 && got <= want+jitter+1e-6
}

// getRecording asks s for a recording in mode ("" for the example's
// default), calling the handler directly: in a synctest bubble there is no
// network.
func getRecording(t *testing.T, s http.Handler, name string, mode explorer.Mode) explorer.Recording {
	t.Helper()
	w := httptest.NewRecorder()
	path := "/api/examples/" + name + "/recording"
	if mode != "" {
		path += "?mode=" + string(mode)
	}
	s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
	if w.Code != 200 {
		t.Fatalf("recording of %s: status %d: %s", name, w.Code, w.Body)
	}
	var rec explorer.Recording
	if err := json.Unmarshal(w.Body.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestRecordingMatchesGolden records every example that has a golden
// transcript, in each of its modes, in virtual time, through the API, and
// checks the JSON against the transcript: the same lines at the same
// moments (on the event loop in the same order too), the same duration,
// and a timeline whose every task's intervals are consistent. Without a
// mode the API records the example's default one.
func TestRecordingMatchesGolden(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.RealTime {
			continue // no golden transcript: its output depends on the machine
		}
		for i, m := range ex.Modes() {
			mode := explorer.Mode(m)
			t.Run(ex.Name+"/"+string(mode), func(t *testing.T) {
				t.Parallel()
				asked := mode
				if i == 0 {
					asked = "" // the default
				}
				testRecording(t, ex, mode, asked)
			})
		}
	}
}

func testRecording(t *testing.T, ex examples.Example, mode, asked explorer.Mode) {
	want := readGoldenIn(t, ex.Name, mode)
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		defer s.Close()
		start := time.Now()
		rec := getRecording(t, s, ex.Name, asked)
		// On goroutines a recording takes as long as the run; on the loop it
		// runs on the loop's own clock, which skips the waits, so it takes
		// at most that long (time.Sleep in a task still takes its time).
		took := time.Since(start).Seconds()
		if mode == explorer.Loop && took > rec.Duration || mode != explorer.Loop && !within(took, rec.Duration, 0) {
			t.Errorf("recording took %vs of virtual time, but says %vs", took, rec.Duration)
		}
		jitter := ex.Jitter.Seconds()
		if mode == explorer.Loop {
			jitter = 0
			for _, p := range compareOrder(want.lines, rec.Lines) {
				t.Error(p)
			}
		}
		for _, p := range compareLines(want.lines, rec.Lines, jitter) {
			t.Error(p)
		}
		if !within(rec.Duration, want.end, jitter) {
			t.Errorf("duration %vs, want %vs", rec.Duration, want.end)
		}
		if rec.Example != ex.Name || rec.Mode != mode || rec.Error != "" {
			t.Errorf("example %q, mode %q, error %q; want mode %q", rec.Example, rec.Mode, rec.Error, mode)
		}
		checkTimeline(t, rec)
		checkPositions(t, ex, rec)

		// Asked again, the server answers from its cache, at once.
		again := time.Now()
		if second := getRecording(t, s, ex.Name, mode); time.Since(again) != 0 || !slices.Equal(second.Lines, rec.Lines) {
			t.Errorf("a second request took %v and got other lines", time.Since(again))
		}
	})
}

// checkTimeline checks that each task's intervals cover its life without gaps
// and that the events list every change of state, in time order.
func checkTimeline(t *testing.T, rec explorer.Recording) {
	t.Helper()
	if len(rec.Tasks) == 0 || rec.Tasks[0].Name != "main" {
		t.Fatalf("tasks %+v: want main first", rec.Tasks)
	}
	var changes int
	for _, task := range rec.Tasks {
		at := task.Created
		for _, iv := range task.Intervals {
			if iv.Start != at || iv.End <= iv.Start || iv.End > rec.Duration+1e-6 || iv.State == "" {
				t.Errorf("task %s: interval %+v after %v, in a run of %vs", task.Name, iv, at, rec.Duration)
			}
			at = iv.End
		}
		changes += max(1, len(task.Intervals))
	}
	if len(rec.Events) != changes {
		t.Errorf("%d events for %d changes of state", len(rec.Events), changes)
	}
	for i, e := range rec.Events {
		if i > 0 && e.At < rec.Events[i-1].At {
			t.Errorf("event %d at %v before event %d at %v", i, e.At, i-1, rec.Events[i-1].At)
		}
		if e.Task < 0 || e.Task >= len(rec.Tasks) {
			t.Errorf("event %+v names no task", e)
		}
	}
}

// TestGatherTimeline checks what the replay draws for gather: both workers
// sleep together from 0 s to 1 s while main awaits them.
func TestGatherTimeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := explorer.New(explorer.Options{})
		defer s.Close()
		rec := getRecording(t, s, "gather", "")
		var names []string
		for _, task := range rec.Tasks {
			names = append(names, task.Name)
			if task.Name == "main" {
				continue
			}
			var slept float64
			for _, iv := range task.Intervals {
				if iv.State == "sleeping" {
					slept += iv.End - iv.Start
					if iv.Start != 0 || iv.End != 1 {
						t.Errorf("%s sleeps %v–%v s, want 0–1 s", task.Name, iv.Start, iv.End)
					}
				}
			}
			if math.Abs(slept-1) > 1e-9 {
				t.Errorf("%s sleeps %vs, want 1s", task.Name, slept)
			}
		}
		if !slices.Equal(names, []string{"main", "hello_world1", "hello_world2"}) {
			t.Errorf("tasks %q", names)
		}
	})
}

// TestLoopRecordingOutsideABubble records examples on the loop's own
// virtual clock, which reads real time between its skips, outside any
// synctest bubble: lines and task events are counted from one start, so no
// task outlives the run. A few runs each, since how far apart the clocks
// could drift depends on the machine.
func TestLoopRecordingOutsideABubble(t *testing.T) {
	for _, name := range []string{"helloio", "gather", "semaphore"} {
		for range 5 {
			s := explorer.New(explorer.Options{})
			rec := getRecording(t, s, name, explorer.Loop)
			s.Close()
			for _, task := range rec.Tasks {
				if task.Created < 0 || task.Ended > rec.Duration {
					t.Errorf("%s: task %s lives %v–%vs, in a run of %vs", name, task.Name, task.Created, task.Ended, rec.Duration)
				}
				for _, iv := range task.Intervals {
					if iv.Start < 0 || iv.End > rec.Duration {
						t.Errorf("%s: task %s is %s %v–%vs, in a run of %vs", name, task.Name, iv.State, iv.Start, iv.End, rec.Duration)
					}
				}
			}
			if last := rec.Lines[len(rec.Lines)-1]; last.At > rec.Duration {
				t.Errorf("%s: the last line is at %vs, in a run of %vs", name, last.At, rec.Duration)
			}
		}
	}
}
