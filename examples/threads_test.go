package examples_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
)

// The process examples' children are this test binary. Built with -race,
// each would sleep a second as it exits (GORACE's atexit_sleep_ms, 1000 by
// default), and the examples wait for their children to exit.
func init() {
	os.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
}

// goldenName is the name of ex's golden file in this build: the race
// detector makes threadlock skip its data race and say so instead, so a
// -race build compares it with testdata/threadlock.race.golden. (TestPython
// always compares CPython with the race-free file.)
func goldenName(name string) string {
	if raceEnabled {
		if _, err := os.Stat(goldenPath(name + ".race")); err == nil {
			return name + ".race"
		}
	}
	return name
}

// TestThreadLockRaceFiles checks that both of threadlock's golden files
// exist, say the same apart from the unlocked counter, and that the race-
// free one is the one that claims lost updates.
func TestThreadLockRaceFiles(t *testing.T) {
	plain, err := readGolden("threadlock")
	if err != nil {
		t.Fatal(err)
	}
	race, err := readGolden("threadlock.race")
	if err != nil {
		t.Fatal(err)
	}
	unlocked := func(tr transcript) (rest []string, noLock string) {
		for _, l := range tr.lines {
			if strings.HasPrefix(l.text, "without a lock:") || strings.HasPrefix(l.text, "  ") {
				noLock += l.text + "\n"
			} else {
				rest = append(rest, l.text)
			}
		}
		return rest, noLock
	}
	plainRest, plainNoLock := unlocked(plain)
	raceRest, raceNoLock := unlocked(race)
	if !slices.Equal(plainRest, raceRest) || plain.end != race.end {
		t.Errorf("the golden files differ beyond the unlocked counter:\n%v\n%v", plain, race)
	}
	if !strings.Contains(plainNoLock, "updates were lost") {
		t.Errorf("race-free threadlock.golden does not lose updates:\n%s", plainNoLock)
	}
	if !strings.Contains(raceNoLock, "-race") || !strings.Contains(raceNoLock, "DATA RACE") {
		t.Errorf("threadlock.race.golden does not point to the race detector:\n%s", raceNoLock)
	}
}

// TestThreadLockPrintsTheCount checks that threadlock says what its
// unlocked counter reached, a number its golden file leaves out since it
// varies, and that the number agrees with what the line says about it.
func TestThreadLockPrintsTheCount(t *testing.T) {
	if raceEnabled {
		t.Skip("a -race build skips the unlocked counter")
	}
	lost := regexp.MustCompile(`^without a lock: (\d+), short of 1000: updates were lost$`)
	lucky := regexp.MustCompile(`^without a lock: (\d+): none lost this time, by luck$`)
	lines, err := runRealTime(t.Context(), lookup(t, "threadlock"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 2 {
		t.Fatalf("printed %q", lines)
	}
	line := lines[1]
	switch m, l := lost.FindStringSubmatch(line), lucky.FindStringSubmatch(line); {
	case m != nil:
		if n, _ := strconv.Atoi(m[1]); n < 1 || n >= 1000 {
			t.Errorf("%q: the count, %d, is not between 1 and 999", line, n)
		}
	case l != nil:
		if l[1] != "1000" {
			t.Errorf("%q: none lost, but the count is not 1000", line)
		}
	default:
		t.Errorf("second line %q does not give the unlocked counter's count", line)
	}
}

// runRealTime runs ex as rexasyncio does, in its default mode, in real
// time, with ctx, and returns its output lines. onLine, if set, sees each
// line as it comes.
func runRealTime(ctx context.Context, ex examples.Example, onLine func(string)) ([]string, error) {
	w := &lineWriter{onLine: onLine}
	err := ex.RunMain(ctx, w, "")
	return w.lines, err
}

// lineWriter splits what it is written into lines. Example.Run serialises
// writes, so it needs no lock of its own.
type lineWriter struct {
	partial []byte
	lines   []string
	onLine  func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		l := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		w.lines = append(w.lines, l)
		if w.onLine != nil {
			w.onLine(l)
		}
	}
}

func lookup(t *testing.T, name string) examples.Example {
	t.Helper()
	ex, ok := examples.Lookup(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	return ex
}

// children returns the processes whose parent is this one, zombies
// included, from /proc, but for the go commands that TestEject runs in the
// background: the examples' children are this binary and sh. It skips the
// test where there is no /proc.
func children(t *testing.T) []string {
	t.Helper()
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to look for child processes in: %v", err)
	}
	me := strconv.Itoa(os.Getpid())
	var kids []string
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue // it has just exited
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == me && !strings.HasSuffix(s[:strings.IndexByte(s, ')')+1], " (go)") {
			kids = append(kids, d.Name()+" "+s[:strings.LastIndexByte(s, ')')+1]+" state "+fields[0])
		}
	}
	return kids
}

// noChildren fails the test if this process has any child left, running
// or unreaped.
func noChildren(t *testing.T) {
	t.Helper()
	if kids := children(t); len(kids) > 0 {
		t.Errorf("child processes left behind: %q", kids)
	}
}

// alive reports whether process pid exists and is not a zombie.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && fields[0] != "Z"
}

// matchLines checks that lines match the patterns one for one, and returns
// the submatches of each.
func matchLines(t *testing.T, lines []string, patterns ...string) [][]string {
	t.Helper()
	if len(lines) != len(patterns) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(patterns), strings.Join(lines, "\n"))
	}
	subs := make([][]string, len(lines))
	for i, p := range patterns {
		m := regexp.MustCompile("^" + p + "$").FindStringSubmatch(lines[i])
		if m == nil {
			t.Errorf("line %d = %q, want it to match %q", i+1, lines[i], p)
		}
		subs[i] = m
	}
	return subs
}

// processpool counts the primes below two million, for a second or more of
// work: the tests have it count below primesBelow, which holds
// primesCount.
const (
	primesBelowEnv = "REXASYNCIO_PRIMES_BELOW"
	primesBelow    = "200000"
	primesCount    = "17984"
)

// TestProcessPool runs processpool in real time and checks the shape of
// what it prints: the same count three times, medians within their ranges,
// speed-ups above 0, and the note on a busy machine when the load average
// says so. How large the figures are depends on the machine and its load
// (TestTimingLine checks the figures themselves, with injected times).
func TestProcessPool(t *testing.T) {
	t.Setenv(primesBelowEnv, primesBelow)
	noChildren(t)
	lines, err := runRealTime(t.Context(), lookup(t, "processpool"), nil)
	if err != nil {
		t.Fatal(err)
	}
	const count, dur, cpus = `(` + primesCount + `)`, `(\d+(?:\.\d+)?(?:ms|s))`, `(\d+)`
	const times = dur + ` \(` + dur + `–` + dur + `\)`
	patterns := []string{
		`counting the primes below ` + primesBelow + ` in 20 chunks, on ` + cpus + ` CPUs,`,
		`each way 3 times: median time \(fastest–slowest\), speed-up over sequential`,
		`sequential: +` + count + ` primes  ` + times,
		`Executor, ` + cpus + ` goroutines: +` + count + ` primes  ` + times + `  ([\d.]+)×`,
		`process.Pool, ` + cpus + ` processes: +` + count + ` primes  ` + times + `  ([\d.]+)×`,
	}
	if len(lines) == len(patterns)+1 {
		// A busy machine: the load average was above the CPUs.
		patterns = append(patterns, `the machine was busy \(load average (\d+\.\d\d) on `+cpus+` CPUs\): the times are noisy`)
	}
	subs := matchLines(t, lines, patterns...)
	if t.Failed() {
		return
	}
	for i, s := range subs[2:5] {
		// Submatches: [line, (workers,) count, median, fastest, slowest(, speed-up)].
		at := 2
		if i > 0 {
			at = 3
			if s[1] != subs[0][1] {
				t.Errorf("%q: %s workers, on %s CPUs", s[0], s[1], subs[0][1])
			}
			if x, err := strconv.ParseFloat(s[6], 64); err != nil || x <= 0 {
				t.Errorf("%q: speed-up %q is not a number above 0", s[0], s[6])
			}
		}
		var d [3]time.Duration
		for k := range d {
			var err error
			if d[k], err = time.ParseDuration(s[at+k]); err != nil || d[k] <= 0 {
				t.Errorf("%q: time %q: %v", s[0], s[at+k], err)
			}
		}
		if d[1] > d[0] || d[0] > d[2] {
			t.Errorf("%q: the median is not within the range", s[0])
		}
		t.Log(s[0])
	}
	if len(subs) == 6 {
		load, _ := strconv.ParseFloat(subs[5][1], 64)
		if cpus, _ := strconv.Atoi(subs[5][2]); load <= float64(cpus) {
			t.Errorf("%q: a load average of %v on %d CPUs is not busy", subs[5][0], load, cpus)
		}
	}
	noChildren(t)
}

// TestMultiprocessing runs multiprocessing in real time and checks what it
// prints, and that every child it names is gone.
func TestMultiprocessing(t *testing.T) {
	noChildren(t)
	lines, err := runRealTime(t.Context(), lookup(t, "multiprocessing"), nil)
	if err != nil {
		t.Fatal(err)
	}
	const pid = `(\d+)`
	subs := matchLines(t, lines,
		`parent: process `+pid+`, with up to 3 child processes`,
		`child `+pid+` says hello to (ada|grace|ken)`,
		`child `+pid+` says hello to (ada|grace|ken)`,
		`child `+pid+` says hello to (ada|grace|ken)`,
		`child `+pid+` died \(exit status 2\): panic: a goroutine gave up`,
		`parent: still here`,
		`pipe: to sh, process `+pid,
		`pipe: sent "hello", got "HELLO"`,
		`pipe: sent "from", got "FROM"`,
		`pipe: sent "go", got "GO"`,
		`pipe: sh ended: exit status 0`,
	)
	if t.Failed() {
		return
	}
	if got := subs[0][1]; got != strconv.Itoa(os.Getpid()) {
		t.Errorf("parent PID %s, want this process's, %d", got, os.Getpid())
	}
	var names []string
	for _, s := range subs[1:4] {
		names = append(names, s[2])
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"ada", "grace", "ken"}) {
		t.Errorf("greeted %q, want ada, grace and ken once each", names)
	}
	for _, s := range [][]string{subs[1], subs[2], subs[3], subs[4], subs[6]} {
		pid, _ := strconv.Atoi(s[1])
		if pid == os.Getpid() {
			t.Errorf("%q: that is the parent", s[0])
		}
		if alive(pid) {
			t.Errorf("%q: process %d is still running", s[0], pid)
		}
	}
	noChildren(t)
}

// TestRealTimeCancel cancels processpool and multiprocessing while their
// children work, and checks that each returns context.Canceled, within a
// generous minute, leaving no child process behind.
func TestRealTimeCancel(t *testing.T) {
	t.Setenv(primesBelowEnv, primesBelow)
	tests := []struct {
		name  string
		after string        // cancel once a line with this prefix is out...
		delay time.Duration // ...and this much later
	}{
		{"processpool", "Executor,", 0},
		{"processpool", "Executor,", 30 * time.Millisecond},
		{"multiprocessing", "parent:", 0},
		{"multiprocessing", "parent:", 5 * time.Millisecond},
		{"multiprocessing", "pipe: to sh", 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s+%v", tt.name, tt.after, tt.delay), func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var (
				mu          sync.Mutex
				timer       *time.Timer
				cancelled   time.Time
				cancelledAt = func() time.Time { mu.Lock(); defer mu.Unlock(); return cancelled }
			)
			onLine := func(l string) {
				mu.Lock()
				defer mu.Unlock()
				if timer == nil && strings.HasPrefix(l, tt.after) {
					timer = time.AfterFunc(tt.delay, func() {
						mu.Lock()
						cancelled = time.Now()
						mu.Unlock()
						cancel()
					})
				}
			}
			lines, err := runRealTime(ctx, lookup(t, tt.name), onLine)
			returned := time.Now()
			mu.Lock()
			if timer != nil {
				timer.Stop()
			}
			mu.Unlock()
			switch at := cancelledAt(); {
			case err == nil && at.IsZero():
				t.Log("it finished before the cancellation: nothing to check but its children")
			case !errors.Is(err, context.Canceled):
				t.Errorf("returned %v, want context.Canceled; printed:\n%s", err, strings.Join(lines, "\n"))
			case at.IsZero():
				t.Error("returned context.Canceled before it was cancelled")
			case returned.Sub(at) > time.Minute:
				// Killing and reaping a child takes milliseconds, and the
				// work left takes seconds; but a loaded machine can stretch
				// both by any factor, so the bound only catches a hang.
				// That the example stopped early is what the error says:
				// context.Canceled, not a finished run.
				t.Errorf("returned %v after the cancellation", returned.Sub(at))
			}
			noChildren(t)
		})
	}
}
