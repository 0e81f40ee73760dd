package examples_test

import (
	"bufio"
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
)

var update = flag.Bool("update", false,
	"rewrite testdata/*.golden from the Go examples' output")

// line is one output line and when it was completed, measured from the
// start of the run (virtual time under synctest, real time for Python).
type line struct {
	at   time.Duration
	text string
}

// transcript is everything one run printed, and when it ended.
type transcript struct {
	lines []line
	end   time.Duration
}

// stamper is an io.Writer that records each line with its time since start.
// A line is complete at its '\n'. It is deliberately not safe for concurrent
// use: Example.Run promises to serialise writes, and stamper checks it.
type stamper struct {
	start time.Time

	busy       atomic.Bool
	concurrent atomic.Bool // two Writes overlapped
	partial    []byte
	lines      []line
}

func newStamper() *stamper { return &stamper{start: time.Now()} }

func (s *stamper) Write(p []byte) (int, error) {
	at := time.Since(s.start)
	if !s.busy.CompareAndSwap(false, true) {
		s.concurrent.Store(true)
		return len(p), nil
	}
	defer s.busy.Store(false)
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.lines = append(s.lines, line{at, maskCount(string(s.partial[:i]))})
		s.partial = s.partial[i+1:]
	}
	return len(p), nil
}

// finish returns the transcript, ended now. Call it after the run.
func (s *stamper) finish(t *testing.T) transcript {
	t.Helper()
	if s.concurrent.Load() {
		t.Error("the example wrote to w from two goroutines at once")
	}
	if len(s.partial) > 0 {
		t.Errorf("output ends with an unterminated line %q", s.partial)
	}
	return transcript{lines: s.lines, end: time.Since(s.start)}
}

// lostUpdates is threadlock's line about its unlocked counter, whose count
// varies from run to run.
var lostUpdates = regexp.MustCompile(`^without a lock: \d+,`)

// maskCount replaces the count in threadlock's line about lost updates by
// "<count>", as its golden file has it: the words stay checked, not the
// number (threads_test.go checks that).
func maskCount(text string) string {
	return lostUpdates.ReplaceAllLiteralString(text, "without a lock: <count>,")
}

// The golden file format: comments start with '#'; "<seconds>s <text>" is a
// line (the text may be empty); "end <seconds>s" is when the run returned.

func goldenPath(name string) string {
	return filepath.Join("testdata", name+".golden")
}

func readGolden(name string) (transcript, error) {
	f, err := os.Open(goldenPath(name))
	if err != nil {
		return transcript{}, err
	}
	defer f.Close()
	var tr transcript
	ended := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		switch {
		case strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#"):
		case strings.HasPrefix(text, "end "):
			d, err := time.ParseDuration(strings.TrimSpace(text[len("end "):]))
			if err != nil {
				return tr, fmt.Errorf("%s:%d: %v", f.Name(), n, err)
			}
			tr.end, ended = d, true
		default:
			stamp, rest, _ := strings.Cut(strings.TrimLeft(text, " "), " ")
			d, err := time.ParseDuration(stamp)
			if err != nil {
				return tr, fmt.Errorf("%s:%d: %v", f.Name(), n, err)
			}
			tr.lines = append(tr.lines, line{d, rest})
		}
	}
	if err := sc.Err(); err != nil {
		return tr, err
	}
	if !ended {
		return tr, fmt.Errorf("%s: no end line", f.Name())
	}
	return tr, nil
}

// goldenHeader says how to read a golden file of the example name: what
// its times are, and in what order lines of one instant come in mode.
func goldenHeader(ex examples.Example, mode examples.Mode) string {
	var b strings.Builder
	flags := "--" + ex.Name
	if mode != ex.Modes()[0] {
		flags += " --" + string(mode)
	}
	fmt.Fprintf(&b, "# rexasyncio %s: each output line, after its time in\n", flags)
	b.WriteString("# seconds since the start (virtual time); \"end\" is when main\n")
	b.WriteString("# returned.")
	switch {
	case mode == examples.Loop:
		b.WriteString(" On the event loop lines come in exactly this\n")
		b.WriteString("# order, CPython's.")
		if len(ex.Modes()) > 1 && goldenFor(ex, examples.Goroutines) == goldenFor(ex, examples.Loop) {
			b.WriteString(" With --goroutines, lines of one instant\n")
			b.WriteString("# may come in any order.")
		}
	default:
		b.WriteString(" On goroutines lines of one instant may come\n")
		b.WriteString("# in any order.")
	}
	b.WriteString("\n")
	if ex.Jitter > 0 {
		fmt.Fprintf(&b, "# On goroutines, lines and the end may come up to %v later\n", ex.Jitter)
		b.WriteString("# (Jitter); the times here are the race-free ones that CPython\n")
		b.WriteString("# and the event loop show.\n")
	}
	return b.String()
}

func writeGolden(name, header string, tr transcript) error {
	var b strings.Builder
	b.WriteString(header)
	for _, l := range tr.lines {
		if l.text == "" {
			fmt.Fprintf(&b, "%s\n", seconds(l.at))
		} else {
			fmt.Fprintf(&b, "%s %s\n", seconds(l.at), l.text)
		}
	}
	fmt.Fprintf(&b, "end %s\n", seconds(tr.end))
	return os.WriteFile(goldenPath(name), []byte(b.String()), 0o644)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%6.3fs", d.Seconds()) }

func (tr transcript) String() string {
	var b strings.Builder
	for _, l := range tr.lines {
		fmt.Fprintf(&b, "\t%s %s\n", seconds(l.at), l.text)
	}
	fmt.Fprintf(&b, "\tend %s", seconds(tr.end))
	return b.String()
}

// window says how far from its golden time g a line may appear, in virtual
// time: from g to g+late.
type window struct {
	late time.Duration
}

// compare returns what differs between the golden transcript want and the
// transcript got, nothing if they agree. Lines are matched by text: the i-th
// occurrence of a text in got, in time order, with the i-th in want. That
// compares lines at the same instant as a multiset, whatever their order,
// and, since every occurrence may be late by the same amount, it is the best
// matching when lines may come late.
func compare(want, got transcript, win window) []string {
	var problems []string
	inWindow := func(g, a time.Duration) bool { return a >= g && a <= g+win.late }
	wantAt, gotAt := byText(want.lines), byText(got.lines)
	texts := make([]string, 0, len(wantAt))
	for text := range wantAt {
		texts = append(texts, text)
	}
	for text := range gotAt {
		if _, ok := wantAt[text]; !ok {
			texts = append(texts, text)
		}
	}
	slices.Sort(texts)
	for _, text := range texts {
		w, g := wantAt[text], gotAt[text]
		if len(w) != len(g) {
			problems = append(problems, fmt.Sprintf(
				"line %q: want %d at %v, got %d at %v", text, len(w), w, len(g), g))
			continue
		}
		for i := range w {
			if !inWindow(w[i], g[i]) {
				problems = append(problems, fmt.Sprintf(
					"line %q: want at %v, got at %v", text, w[i], g[i]))
			}
		}
	}
	if !inWindow(want.end, got.end) {
		problems = append(problems, fmt.Sprintf(
			"end: want %v, got %v", want.end, got.end))
	}
	return problems
}

// compareExact is compare for the event loop, where the order of lines is
// fixed: got must print want's lines in want's order, each at its golden
// time exactly, and end at want's end.
func compareExact(want, got transcript) []string {
	var problems []string
	for i := range max(len(want.lines), len(got.lines)) {
		switch {
		case i >= len(got.lines):
			w := want.lines[i]
			problems = append(problems, fmt.Sprintf("line %d: want %q at %v, got no more lines", i+1, w.text, w.at))
		case i >= len(want.lines):
			g := got.lines[i]
			problems = append(problems, fmt.Sprintf("line %d: want no more lines, got %q at %v", i+1, g.text, g.at))
		case want.lines[i] != got.lines[i]:
			w, g := want.lines[i], got.lines[i]
			problems = append(problems, fmt.Sprintf("line %d: want %q at %v, got %q at %v", i+1, w.text, w.at, g.text, g.at))
		}
	}
	if want.end != got.end {
		problems = append(problems, fmt.Sprintf("end: want %v, got %v", want.end, got.end))
	}
	return problems
}

// compareNotEarlier is compare for real-time runs, which a loaded machine
// makes late by any amount: got must print the same lines as want (as a
// multiset), each occurrence of a text no earlier than the same occurrence
// in want, less early, and must end no earlier than want.
func compareNotEarlier(want, got transcript, early time.Duration) []string {
	var problems []string
	wantAt, gotAt := byText(want.lines), byText(got.lines)
	texts := slices.Sorted(maps.Keys(wantAt))
	for text := range gotAt {
		if _, ok := wantAt[text]; !ok {
			texts = append(texts, text)
		}
	}
	for _, text := range texts {
		w, g := wantAt[text], gotAt[text]
		if len(w) != len(g) {
			problems = append(problems, fmt.Sprintf(
				"line %q: want %d, got %d (at %v)", text, len(w), len(g), g))
			continue
		}
		for i := range w {
			if g[i] < w[i]-early {
				problems = append(problems, fmt.Sprintf(
					"line %q: want it at %v or later, got it at %v", text, w[i], g[i]))
			}
		}
	}
	if got.end < want.end-early {
		problems = append(problems, fmt.Sprintf("end: want %v or later, got %v", want.end, got.end))
	}
	return problems
}

// maxLateness is how much later than in want got's latest line or end came,
// for lines matched as compareNotEarlier matches them.
func maxLateness(want, got transcript) time.Duration {
	late := got.end - want.end
	wantAt := byText(want.lines)
	for text, g := range byText(got.lines) {
		for i := range min(len(g), len(wantAt[text])) {
			late = max(late, g[i]-wantAt[text][i])
		}
	}
	return late
}

// byText maps each text to the sorted times it was printed at.
func byText(lines []line) map[string][]time.Duration {
	m := make(map[string][]time.Duration)
	for _, l := range lines {
		m[l.text] = append(m[l.text], l.at)
	}
	for _, ts := range m {
		slices.Sort(ts)
	}
	return m
}

// earliest merges transcripts of the same example into one whose every
// line, and end, is at the earliest time any run printed it: the golden
// transcript of an example with jitter. All must print the same lines.
func earliest(runs []transcript) transcript {
	first := runs[0]
	best := byText(first.lines)
	end := first.end
	for _, r := range runs[1:] {
		for text, ts := range byText(r.lines) {
			for i := range min(len(ts), len(best[text])) {
				best[text][i] = min(best[text][i], ts[i])
			}
		}
		end = min(end, r.end)
	}
	// Keep first's order of texts, at their earliest times.
	used := make(map[string]int)
	var out transcript
	for _, l := range first.lines {
		out.lines = append(out.lines, line{best[l.text][used[l.text]], l.text})
		used[l.text]++
	}
	slices.SortStableFunc(out.lines, func(a, b line) int { return cmp.Compare(a.at, b.at) })
	out.end = end
	return out
}
