package examples_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
)

// pythonHarness runs the Python program read from stdin as __main__ and
// stamps each line it prints with the seconds since it started, measured
// inside the interpreter so that start-up and pipe delays do not count:
// "L <seconds> <line>" for each line, then "E <seconds>" at the end.
const pythonHarness = `
import asyncio, sys, time

class Stamped:
    def __init__(self, out, start):
        self.out, self.start, self.pending = out, start, ""

    def write(self, text):
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            at = time.monotonic() - self.start
            self.out.write(f"L {at:.4f} {line}\n")
            self.out.flush()
        return len(text)

    def flush(self):
        pass

source = sys.stdin.read()
code = compile(source, sys.argv[1], "exec")
start = time.monotonic()
sys.stdout = Stamped(sys.__stdout__, start)
exec(code, {"__name__": "__main__", "__file__": sys.argv[1]})
sys.__stdout__.write(f"E {time.monotonic() - start:.4f}\n")
`

// pythonRun is one Python counterpart's run.
type pythonRun struct {
	tr     transcript
	err    error
	stderr string
}

func runPython(ctx context.Context, python string, ex examples.Example) pythonRun {
	name := "python/" + ex.Name + ".py"
	cmd := exec.CommandContext(ctx, python, "-u", "-c", pythonHarness, name)
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
		at := time.Duration(secs * float64(time.Second))
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

// TestPython runs every Python counterpart with CPython, all at once and in
// real time, and checks that each prints the same lines as the Go example's
// golden file, once Python's formatting is normalised, and none of them
// before its golden time: the golden times are never later than CPython's.
// The durations a program measures and prints (sleep, threadpool) must be no
// shorter than the golden ones. For the examples that run on the event loop
// by default, it also checks that CPython prints the lines of different
// golden instants in the golden order.
//
// Nothing here depends on how fast the machine is. It does not check how
// late CPython is: on a loaded machine its lines came seconds late, and the
// durations it measures grow with them. Nor does it check the order of lines
// of one golden instant: CPython's timers of one instant are set one after
// the other on a real clock, so which fires first after the same sleep
// depends on how long each step took (under load semaphore printed a
// "Worker started" before the last "Worker finished" of the same second).
// The loop's exact order is checked, in virtual time, by TestGolden.
func TestPython(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the CPython comparison, which takes 10 s of real time")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH: skipping the comparison with CPython")
	}
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
			return []string{fmt.Sprintf("python3 python/%s.py: %v\n%s",
				all[i].Name, run.err, run.stderr)}
		}
		want, wantMeasured := maskMeasured(golden[i])
		got, gotMeasured := maskMeasured(run.tr)
		problems := compareNotEarlier(want, got, pythonEarly)
		problems = append(problems, measuredNotLess(wantMeasured, gotMeasured)...)
		if all[i].Modes()[0] == examples.Loop {
			problems = append(problems, compareInstantOrder(want, got)...)
		}
		return problems
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
				runs[i] = runPython(ctx, python, ex)
				problems[i] = check(i, runs[i])
				attempts[i]++
			})
		}
		wg.Wait()
	}

	for i, ex := range all {
		t.Run(ex.Name, func(t *testing.T) {
			if len(problems[i]) > 0 {
				t.Errorf("CPython differs from %s in %d runs of %d; the last:\n%s\n"+
					"CPython printed:\n%v\nwant:\n%v",
					goldenPath(ex.Name), attempts[i], attempts[i],
					strings.Join(problems[i], "\n"), runs[i].tr, golden[i])
			} else {
				t.Logf("CPython ran for %v (golden %v), at attempt %d; its latest line was %v late",
					runs[i].tr.end, golden[i].end, attempts[i], maxLateness(golden[i], runs[i].tr))
			}
		})
	}
}
