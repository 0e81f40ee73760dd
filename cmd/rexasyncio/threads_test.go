package main

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
)

// The process examples' children are this test binary. Built with -race,
// each would sleep a second as it exits (GORACE's atexit_sleep_ms, 1000 by
// default), and the examples wait for their children to exit.
func init() {
	os.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
}

// groupSections splits out into the sections that start with a line
// "title:", and returns their titles in order and, by title, the first word
// of each entry in it: of each line indented by exactly two spaces.
func groupSections(out string) (titles []string, entries map[string][]string) {
	entries = make(map[string][]string)
	title := ""
	for line := range strings.SplitSeq(out, "\n") {
		if t, ok := strings.CutSuffix(line, ":"); ok && !strings.HasPrefix(line, " ") {
			title = t
			titles = append(titles, t)
			continue
		}
		if rest, ok := strings.CutPrefix(line, "  "); ok && rest != "" && rest[0] != ' ' {
			entries[title] = append(entries[title], strings.Fields(rest)[0])
		}
	}
	return titles, entries
}

// TestGroups checks that --help and --list show each group of examples under
// a heading of its own, in the registry's order, each example in its group.
func TestGroups(t *testing.T) {
	all := examples.All()
	groups := []string{examples.GroupAsyncio, examples.GroupThreads}
	for _, tt := range []struct {
		arg   string
		word  func(ex examples.Example) string // how the output names ex
		heads []string
	}{
		{"--help", func(ex examples.Example) string { return "--" + ex.Name },
			slices.Concat([]string{"options"}, groups, []string{"more options"})},
		{"--list", func(ex examples.Example) string { return ex.Name }, groups},
	} {
		r := runCLI(tt.arg)
		r.check(t, exitOK)
		titles, entries := groupSections(r.stdout)
		if !slices.Equal(titles, tt.heads) {
			t.Errorf("%s: headings %q, want %q:\n%s", tt.arg, titles, tt.heads, r.stdout)
		}
		for _, ex := range all {
			for _, title := range titles {
				if got, want := slices.Contains(entries[title], tt.word(ex)), title == ex.Group; got != want {
					t.Errorf("%s: %s under %q: %v, want %v", tt.arg, tt.word(ex), title, got, want)
				}
			}
		}
	}
}

// TestThreadFlags runs the deterministic examples of the threads and
// processes in a synctest bubble, one flag after the other, and checks that
// they run in order and take their virtual time.
func TestThreadFlags(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLI("--thread", "--threadlock", "--threadpool", "--no-source")
		r.check(t, exitOK)
		if got, want := exampleHeaders(r.stdout), []string{"thread", "threadlock", "threadpool"}; !slices.Equal(got, want) {
			t.Errorf("ran %q, want %q", got, want)
		}
		if want := 9 * time.Second; r.elapsed != want {
			t.Errorf("took %v, want %v", r.elapsed, want)
		}
		for _, want := range []string{
			"main: all done, results [1 4 9]",
			"with a lock:    1000\natomically:     1000",
			"submit: 5 downloads in 3.0s",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("no %q in:\n%s", want, r.stdout)
			}
		}
	})
}

// TestProcessFlags runs processpool and multiprocessing through the command
// in real time, where they measure and start child processes for real, and
// checks what they print and that no child is left.
func TestProcessFlags(t *testing.T) {
	// A fraction of the work: the 17984 primes below 200,000.
	t.Setenv("REXASYNCIO_PRIMES_BELOW", "200000")
	r := runCLI("--processpool", "--multiprocessing", "--no-source")
	r.check(t, exitOK)
	if got, want := exampleHeaders(r.stdout), []string{"processpool", "multiprocessing"}; !slices.Equal(got, want) {
		t.Errorf("ran %q, want %q", got, want)
	}
	for _, want := range []string{
		`(?m)^counting the primes below 200000 in 20 chunks, on \d+ CPUs,$`,
		`(?m)^sequential: +17984 primes  \S+ \(\S+–\S+\)$`,
		`(?m)^Executor, \d+ goroutines: +17984 primes  \S+ \(\S+–\S+\)  \d+\.\d×$`,
		`(?m)^process\.Pool, \d+ processes: +17984 primes  \S+ \(\S+–\S+\)  \d+\.\d×$`,
		`(?m)^parent: process ` + strconv.Itoa(os.Getpid()) + `, with up to 3 child processes$`,
		`(?m)^child \d+ died \(exit status 2\): panic: a goroutine gave up$`,
		`(?m)^pipe: sh ended: exit status 0$`,
	} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("no line matching %s in:\n%s", want, r.stdout)
		}
	}
	if kids := childProcesses(t); len(kids) > 0 {
		t.Errorf("child processes left behind: %q", kids)
	}
	for i, line := range strings.Split(r.stdout, "\n") {
		if columns(line) > pageWidth {
			t.Errorf("line %d has %d columns: %q", i+1, columns(line), line)
		}
	}
}

// childProcesses returns the PIDs of this process's children, zombies
// included, from /proc. It skips the test where there is no /proc.
func childProcesses(t *testing.T) []string {
	t.Helper()
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to look for child processes in: %v", err)
	}
	me := strconv.Itoa(os.Getpid())
	var kids []string
	for _, d := range dirs {
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue // not a process, or it has just exited
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		s := string(stat)
		if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 1 && f[1] == me {
			kids = append(kids, d.Name())
		}
	}
	return kids
}
