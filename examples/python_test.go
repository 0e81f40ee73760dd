package examples_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
)

// pythonHarness is the program that runs a Python counterpart and stamps
// its lines: testdata/pyharness.py, which says how.
func pythonHarness(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pyharness.py"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pythonClock is how the harness times a Python counterpart: "virtual" for
// the post's examples, which run on asyncio's event loop, so their sleeps
// take no real time; "real" for the threads, which block threads in
// time.sleep, where no event loop sees them.
func pythonClock(ex examples.Example) string {
	if ex.Group == examples.GroupAsyncio {
		return "virtual"
	}
	return "real"
}

// pythonRun is one Python counterpart's run.
type pythonRun struct {
	tr     transcript
	err    error
	stderr string
}

func runPython(ctx context.Context, python, harness string, ex examples.Example) pythonRun {
	cmd := exec.CommandContext(ctx, python, "-u", "-c", harness, pythonClock(ex), ex.PythonFile)
	cmd.Stdin = strings.NewReader(ex.Python)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return pythonRun{err: err, stderr: stderr.String()}
	}
	var (
		tr    transcript
		ended bool
	)
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		kind, rest, _ := strings.Cut(sc.Text(), " ")
		stamp, text, _ := strings.Cut(rest, " ")
		secs, err := strconv.ParseFloat(stamp, 64)
		if err != nil {
			return pythonRun{err: fmt.Errorf("bad harness line %q", sc.Text())}
		}
		at := time.Duration(math.Round(secs*1e6)) * time.Microsecond
		switch kind {
		case "L":
			tr.lines = append(tr.lines, line{at, maskCount(normalise(text))})
		case "E":
			tr.end, ended = at, true
		}
	}
	if !ended {
		return pythonRun{err: fmt.Errorf("no end line"), stderr: stderr.String()}
	}
	return pythonRun{tr: tr, stderr: stderr.String()}
}

var (
	pyWord  = regexp.MustCompile(`\b(True|False|None)\b`)
	pyList  = regexp.MustCompile(`\[[^\[\]]*\]`)
	pyNames = strings.NewReplacer("asyncio.sleep", "asyncio.Sleep", "time.sleep", "time.Sleep")
)

// normalise turns Python's formatting of values into Go's: True → true,
// False → false, None → <nil>, [1, 2] → [1 2]; and the names of the sleeps
// that sleep's lines name into Go's: asyncio.sleep → asyncio.Sleep,
// time.sleep → time.Sleep.
func normalise(s string) string {
	s = pyNames.Replace(s)
	s = pyWord.ReplaceAllStringFunc(s, func(w string) string {
		return map[string]string{"True": "true", "False": "false", "None": "<nil>"}[w]
	})
	return pyList.ReplaceAllStringFunc(s, func(l string) string {
		return strings.ReplaceAll(l, ", ", " ")
	})
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"True":                         "true",
		"Task completed: False":        "Task completed: false",
		"None":                         "<nil>",
		"[1, 2, 3, 1, 2, 3]":           "[1 2 3 1 2 3]",
		"[]":                           "[]",
		"Truest":                       "Truest",
		"Hello World 1!":               "Hello World 1!",
		"a, b [1, 2] c, d [3, True]":   "a, b [1 2] c, d [3 true]",
		"generator ex1: 0":             "generator ex1: 0",
		"Async function finished ...":  "Async function finished ...",
		"naps in asyncio.sleep for 3s": "naps in asyncio.Sleep for 3s",
		"naps in time.sleep for 3s":    "naps in time.Sleep for 3s",
	} {
		if got := normalise(in); got != want {
			t.Errorf("normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

// pythonEarly is how much earlier than its golden time CPython may print a
// line, or how much shorter a duration it prints may be: the rounding of its
// time stamps and of the duration, nothing more, since timers never fire
// early.
const pythonEarly = 50 * time.Millisecond

// measuredDuration matches the lines that print a duration the program
// measured, with the duration, in seconds, as the first submatch that
// matched: sleep's whole seconds since its start, threadpool's run times.
var measuredDuration = regexp.MustCompile(`^(\d+)s (?:tick \d|napper: )|downloads in (\d+\.\d)s$`)

// maskMeasured returns tr with every measured duration replaced by "<d>",
// and the durations, by masked text, in the order printed.
func maskMeasured(tr transcript) (transcript, map[string][]time.Duration) {
	measured := map[string][]time.Duration{}
	out := transcript{end: tr.end}
	for _, l := range tr.lines {
		text := l.text
		if loc := measuredDuration.FindStringSubmatchIndex(text); loc != nil {
			for g := 2; g+1 < len(loc); g += 2 {
				if loc[g] < 0 {
					continue
				}
				secs, _ := strconv.ParseFloat(text[loc[g]:loc[g+1]], 64)
				text = text[:loc[g]] + "<d>" + text[loc[g+1]:]
				measured[text] = append(measured[text], time.Duration(secs*float64(time.Second)))
				break
			}
		}
		out.lines = append(out.lines, line{l.at, text})
	}
	return out, measured
}

// measuredNotLess reports each measured duration in got shorter than the
// same occurrence in want, less pythonEarly.
func measuredNotLess(want, got map[string][]time.Duration) []string {
	var problems []string
	for text, w := range want {
		for i, g := range got[text] {
			if i < len(w) && g < w[i]-pythonEarly {
				problems = append(problems, fmt.Sprintf("line %q: measured %v, want at least %v", text, g, w[i]))
			}
		}
	}
	return problems
}

// pythonAttempts is how often TestPython runs a Python counterpart before
// it gives up: threadlock's unlocked counter may, by luck, lose no update
// and print another line; a wrong program fails every time.
const pythonAttempts = 3

// TestPython runs every Python counterpart with CPython, all at once, and
// checks that each prints the lines of the Go example's golden file, once
// Python's formatting is normalised.
//
// The post's examples run on a virtual clock (testdata/pyharness.py), as
// the Go ones do in TestGolden, so their sleeps take no real time and the
// comparison is exact: the golden file's lines, in its order, each at its
// golden time, and the same end. The golden file is the Go event loop's
// sequence, so this checks that the loop runs tasks in CPython's order.
//
// The threads examples run in real time: their threads sleep in
// time.sleep. Nothing checked for them depends on how fast the machine is:
// each line must come no earlier than its golden time, and a duration the
// program measures (threadpool's) must be no shorter than the golden one.
// How late they come is logged, not checked: on a loaded machine CPython's
// lines came seconds late.
func TestPython(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the CPython comparison")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH: skipping the comparison with CPython")
	}
	t.Parallel() // the threads examples sleep: overlap them with other tests
	harness := pythonHarness(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	// The RealTime examples print measurements and process IDs: nothing to
	// compare (threads_test.go checks the shape of their Go output).
	all := slices.DeleteFunc(examples.All(), func(ex examples.Example) bool { return ex.RealTime })
	golden := make([]transcript, len(all))
	for i, ex := range all {
		if golden[i], err = readGolden(ex.Name); err != nil {
			t.Fatal(err)
		}
	}
	// check returns what is wrong with a run, nothing if it matches.
	check := func(i int, run pythonRun) []string {
		if run.err != nil {
			return []string{fmt.Sprintf("python3 %s: %v\n%s",
				all[i].PythonFile, run.err, run.stderr)}
		}
		if pythonClock(all[i]) == "virtual" {
			return compareExact(golden[i], run.tr)
		}
		want, wantMeasured := maskMeasured(golden[i])
		got, gotMeasured := maskMeasured(run.tr)
		problems := compareNotEarlier(want, got, pythonEarly)
		return append(problems, measuredNotLess(wantMeasured, gotMeasured)...)
	}

	runs := make([]pythonRun, len(all))
	problems := make([][]string, len(all))
	attempts := make([]int, len(all))
	for range pythonAttempts {
		var wg sync.WaitGroup
		for i, ex := range all {
			if attempts[i] > 0 && len(problems[i]) == 0 {
				continue // passed already
			}
			wg.Go(func() {
				runs[i] = runPython(ctx, python, harness, ex)
				problems[i] = check(i, runs[i])
				attempts[i]++
			})
		}
		wg.Wait()
	}

	for i, ex := range all {
		t.Run(ex.Name, func(t *testing.T) {
			if len(problems[i]) > 0 {
				t.Errorf("CPython (%s clock) differs from %s in %d runs of %d; the last:\n%s\n"+
					"CPython printed:\n%v\nwant:\n%v",
					pythonClock(ex), goldenPath(ex.Name), attempts[i], attempts[i],
					strings.Join(problems[i], "\n"), runs[i].tr, golden[i])
			} else if pythonClock(ex) == "real" {
				t.Logf("CPython ran for %v (golden %v), at attempt %d; its latest line was %v late",
					runs[i].tr.end, golden[i].end, attempts[i], maxLateness(golden[i], runs[i].tr))
			}
		})
	}
}
