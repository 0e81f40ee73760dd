package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
)

// The examples take seconds of real time, so every test that runs one does it
// inside a synctest bubble, where time is virtual and they finish at once.

// timedWriter records what is written and the virtual time at which each line
// was completed, counted from its creation.
type timedWriter struct {
	mu    sync.Mutex
	start time.Time
	buf   bytes.Buffer
	times []time.Duration // one per "\n" written
}

func newTimedWriter() *timedWriter { return &timedWriter{start: time.Now()} }

func (w *timedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for range bytes.Count(b, []byte("\n")) {
		w.times = append(w.times, time.Since(w.start))
	}
	return w.buf.Write(b)
}

func (w *timedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// cliResult is what one run of the command did.
type cliResult struct {
	status         int
	stdout, stderr string
	elapsed        time.Duration // virtual time
	lineTimes      []time.Duration
}

// runCLI runs the command with args, as main does but with buffers for stdout
// and stderr. Call it inside a bubble when args run examples.
func runCLI(args ...string) cliResult {
	stdout, stderr := newTimedWriter(), &bytes.Buffer{}
	status := run(args, stdout, stderr)
	return cliResult{status, stdout.String(), stderr.String(), time.Since(stdout.start), stdout.times}
}

// runCLIEnv is runCLI with a fake environment.
func runCLIEnv(env environment, args ...string) cliResult {
	stdout, stderr := newTimedWriter(), &bytes.Buffer{}
	status := runIn(context.Background(), args, stdout, stderr, env)
	return cliResult{status, stdout.String(), stderr.String(), time.Since(stdout.start), stdout.times}
}

// runCLIQuick is runCLI, but the examples that do real work (RealTime:
// processpool counts primes for seconds) only print that they ran, for the
// tests that look at what the command prints around an example's output.
// TestExampleFlags, TestProcessFlags and TestWithin80Columns run them.
func runCLIQuick(args ...string) cliResult {
	stdout, stderr := newTimedWriter(), &bytes.Buffer{}
	status := runIn(context.Background(), args, stdout, stderr, quick(realEnvironment(stdout)))
	return cliResult{status, stdout.String(), stderr.String(), time.Since(stdout.start), stdout.times}
}

// quick is env with a stand-in for the examples that do real work.
func quick(env environment) environment {
	env.runMain = func(ex examples.Example, ctx context.Context, w io.Writer, mode examples.Mode) error {
		if ex.RealTime {
			_, err := fmt.Fprintf(w, "(--%s stood in for)\n", ex.Name)
			return err
		}
		return ex.RunMain(ctx, w, mode)
	}
	return env
}

// fakeEnv is an environment with the given variables.
func fakeEnv(terminal bool, vars ...string) environment {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return environment{getenv: func(k string) string { return m[k] }, terminal: terminal}
}

func (r cliResult) check(t *testing.T, wantStatus int) {
	t.Helper()
	if r.status != wantStatus || (wantStatus == exitOK && r.stderr != "") {
		t.Fatalf("status %d, want %d; stderr:\n%s", r.status, wantStatus, r.stderr)
	}
}

// headerLines is how many lines an example's header takes.
func headerLines(ex examples.Example) int {
	var b bytes.Buffer
	(&page{w: &b}).header(ex)
	return strings.Count(b.String(), "\n")
}

// TestExampleFlags runs every example flag with --no-source, in each of its
// modes (--goroutines for the post's examples), and checks that the output
// streams: its lines come out at the moments the example prints them, the
// same moments as when the example runs on its own in that mode, and the
// run takes as long. On the event loop the lines must come in exactly the
// same order too. The examples that do real work and print what they
// measured (RealTime) have no moments to compare: TestProcessFlags runs
// them.
func TestExampleFlags(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.RealTime {
			continue
		}
		for _, mode := range ex.Modes() {
			t.Run(ex.Name+"/"+string(mode), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) { testExampleFlag(t, ex, mode) })
			})
		}
	}
}

func testExampleFlag(t *testing.T, ex examples.Example, mode examples.Mode) {
	alone := newTimedWriter()
	if err := ex.RunMain(t.Context(), alone, mode); err != nil {
		t.Fatalf("the example alone: %v", err)
	}
	aloneTook := time.Since(alone.start)
	args := []string{"--" + ex.Name, "--no-source"}
	if mode != ex.Modes()[0] {
		args = append(args, "--"+string(mode))
	}
	r := runCLI(args...)
	r.check(t, exitOK)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "── "+ex.Name+" ──") {
		t.Errorf("first line %q, want the example's header", lines[0])
	}
	if strings.Contains(r.stdout, "── examples/") {
		t.Errorf("--no-source printed a source:\n%s", r.stdout)
	}
	n := headerLines(ex)
	outTimes := r.lineTimes[n:]
	if len(outTimes) != len(alone.times) {
		t.Fatalf("%d output lines, the example alone prints %d:\n%s", len(outTimes), len(alone.times), r.stdout)
	}
	if mode == examples.Loop {
		// One order, one moment for each line.
		aloneLines := strings.Split(strings.TrimSuffix(alone.String(), "\n"), "\n")
		if got := lines[n:]; !slices.Equal(got, aloneLines) || !slices.Equal(outTimes, alone.times) {
			t.Errorf("rexasyncio %q printed %q at %v; alone, %q at %v", args, got, outTimes, aloneLines, alone.times)
		}
		if r.elapsed != aloneTook {
			t.Errorf("took %v, alone %v", r.elapsed, aloneTook)
		}
	} else {
		// Same-instant lines come in any order, and lines may come up
		// to Jitter late, so compare sorted times with that slack.
		slices.Sort(outTimes)
		slices.Sort(alone.times)
		for i := range outTimes {
			if d := outTimes[i] - alone.times[i]; d > ex.Jitter || -d > ex.Jitter {
				t.Errorf("output line %d at %v, alone at %v (jitter %v)", i, outTimes[i], alone.times[i], ex.Jitter)
			}
		}
		if d := r.elapsed - aloneTook; d > ex.Jitter || -d > ex.Jitter {
			t.Errorf("took %v, alone %v (jitter %v)", r.elapsed, aloneTook, ex.Jitter)
		}
	}
	if mode == ex.Modes()[0] && (r.elapsed < ex.Duration || r.elapsed > ex.Duration+ex.Jitter) {
		t.Errorf("took %v, want %v (jitter %v)", r.elapsed, ex.Duration, ex.Jitter)
	}
}

// TestGoroutinesFlag checks that --goroutines is what changes sleep's
// second half: on the loop time.Sleep holds the ticker back, on goroutines
// it does not. It goes with --all too.
func TestGoroutinesFlag(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		loop := runCLI("--sleep", "--no-source")
		loop.check(t, exitOK)
		goroutines := runCLI("--sleep", "--no-source", "--goroutines")
		goroutines.check(t, exitOK)
		if n := strings.Count(loop.stdout, "1s tick 1\n"); n != 1 || !strings.Contains(loop.stdout, "3s tick 1\n") {
			t.Errorf("on the loop the ticker ticked on time while time.Sleep ran:\n%s", loop.stdout)
		}
		if n := strings.Count(goroutines.stdout, "1s tick 1\n"); n != 2 {
			t.Errorf("with --goroutines the ticker did not tick on time while time.Sleep ran:\n%s", goroutines.stdout)
		}
		r := runCLIQuick("--all", "--goroutines", "--no-source")
		r.check(t, exitOK)
		if got, want := exampleHeaders(r.stdout), exampleNames(examples.All()); !slices.Equal(got, want) {
			t.Errorf("--all --goroutines ran %q, want %q", got, want)
		}
	})
}

func TestNoFlagsRunsTheDefault(t *testing.T) {
	for _, args := range [][]string{nil, {"--run"}, {"--no-source"}} {
		synctest.Test(t, func(t *testing.T) {
			r := runCLI(args...)
			r.check(t, exitOK)
			if want := "── " + examples.Default().Name + " ──"; !strings.HasPrefix(r.stdout, want) {
				t.Errorf("rexasyncio %q printed %q..., want %q first", args, firstLine(r.stdout), want)
			}
		})
	}
}

// exampleHeaders returns the names of the examples whose headers out shows,
// in order.
func exampleHeaders(out string) []string {
	var names []string
	for line := range strings.SplitSeq(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "── "); ok {
			if name, _, ok := strings.Cut(rest, " ──"); ok {
				names = append(names, name)
			}
		}
	}
	return names
}

func exampleNames(exs []examples.Example) []string {
	var names []string
	for _, ex := range exs {
		names = append(names, ex.Name)
	}
	return names
}

func TestSeveralFlagsRunInTheOrderGiven(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLI("--lock", "--gather", "--no-source", "--run")
		r.check(t, exitOK)
		want := []string{"lock", "gather", examples.Default().Name}
		if got := exampleHeaders(r.stdout); !slices.Equal(got, want) {
			t.Errorf("ran %q, want %q", got, want)
		}
	})
}

func TestAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLIQuick("--all", "--no-source")
		r.check(t, exitOK)
		all := examples.All()
		if got, want := exampleHeaders(r.stdout), exampleNames(all); !slices.Equal(got, want) {
			t.Errorf("--all ran %q, want %q", got, want)
		}
		var total, jitter time.Duration
		for _, ex := range all {
			total += ex.Duration
			if ex.Modes()[0] == examples.Goroutines {
				jitter += ex.Jitter // none on the loop
			}
		}
		if r.elapsed < total || r.elapsed > total+jitter {
			t.Errorf("--all took %v, want %v (jitter %v)", r.elapsed, total, jitter)
		}
	})
}

// section returns the body of the section of out titled title: the lines
// after its "── title" line, up to the blank line before the next section or
// example.
func section(t *testing.T, out, title string) string {
	t.Helper()
	_, body, ok := strings.Cut(out, "\n── "+title+"\n")
	if !ok {
		t.Fatalf("no section %q in:\n%s", title, out)
	}
	if i := strings.Index(body, "\n── "); i >= 0 {
		body = body[:i]
	}
	return body
}

func TestSourceIsTheEmbeddedFile(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := runCLIQuick("--" + ex.Name)
				r.check(t, exitOK)
				if got, want := section(t, r.stdout, "examples/"+ex.File), expandTabs(ex.Source); got != want {
					t.Errorf("printed source differs from the embedded %s:\n%s", ex.File, got)
				}
				if strings.TrimSpace(ex.Source) == "" {
					t.Errorf("%s: no embedded source", ex.File)
				}
			})
		})
	}
}

func TestPythonAndNotes(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := runCLIQuick("--"+ex.Name, "--no-source", "--python", "--notes")
				r.check(t, exitOK)
				if got, want := section(t, r.stdout, "examples/"+ex.PythonFile), expandTabs(ex.Python); got != want {
					t.Errorf("--python printed:\n%s\nwant:\n%s", got, want)
				}
				// Notes are rendered: their letters must be the same
				// (TestNotesAreRendered checks the rest).
				got := section(t, r.stdout, "notes: how Go differs in --"+ex.Name)
				if letters(got) != letters(ex.Notes) {
					t.Errorf("--notes printed:\n%s\nwant the words of:\n%s", got, ex.Notes)
				}
				if strings.TrimSpace(ex.Python) == "" || strings.TrimSpace(ex.Notes) == "" {
					t.Errorf("missing Python counterpart or notes")
				}
			})
		})
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "-help"} {
		r := runCLI(arg)
		r.check(t, exitOK)
		if !strings.HasPrefix(r.stdout, "usage: rexasyncio [-h] [--run] ") {
			t.Errorf("%s: does not start with the usage line:\n%s", arg, r.stdout)
		}
		for _, s := range flagSpecs() {
			if name := displayName(&s); !strings.Contains(r.stdout, "\n  "+name) && !strings.Contains(r.stdout, ", "+name+" ") {
				t.Errorf("%s does not describe %s:\n%s", arg, name, r.stdout)
			}
		}
		for _, ex := range examples.All() {
			if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), "--"+ex.Name+" "+strings.Join(strings.Fields(ex.Summary), " ")) {
				t.Errorf("%s does not give --%s's summary %q", arg, ex.Name, ex.Summary)
			}
		}
	}
}

func TestList(t *testing.T) {
	r := runCLI("--list")
	r.check(t, exitOK)
	words := strings.Join(strings.Fields(r.stdout), " ")
	for _, ex := range examples.All() {
		want := ex.Name + " " + strings.Join(strings.Fields(ex.Summary), " ") +
			" " + strings.Join(strings.Fields(ex.Teaches), " ")
		if !strings.Contains(words, want) {
			t.Errorf("--list lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	r := runCLI("--version")
	r.check(t, exitOK)
	if f := strings.Fields(r.stdout); len(f) != 2 || f[0] != "rexasyncio" || f[1] != version() || !strings.HasSuffix(r.stdout, "\n") {
		t.Errorf("--version printed %q", r.stdout)
	}
	if v := version(); v == "" {
		t.Error("version() is empty")
	}
}

func TestColor(t *testing.T) {
	ex := examples.Default()
	tests := []struct {
		env      environment
		args     []string
		wantANSI bool
	}{
		{fakeEnv(false), []string{"--color=always"}, true},
		{fakeEnv(false), []string{"--color=never"}, false},
		{fakeEnv(false), nil, false}, // auto, not a terminal
		{fakeEnv(true), nil, true},   // auto, a terminal
		{fakeEnv(true, "NO_COLOR", "1"), nil, false},
		{fakeEnv(true, "NO_COLOR", ""), nil, true},
		{fakeEnv(true, "TERM", "dumb"), nil, false},
		{fakeEnv(true), []string{"--color=never"}, false},
		{fakeEnv(false, "NO_COLOR", "1"), []string{"--color=always"}, true},
		{fakeEnv(true, "COLORTERM", "truecolor"), nil, true},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			r := runCLIEnv(tt.env, append(tt.args, "--"+ex.Name, "--python")...)
			r.check(t, exitOK)
			if got := strings.Contains(r.stdout, "\x1b["); got != tt.wantANSI {
				t.Errorf("args %q, env %+v: ANSI escapes = %v, want %v", tt.args, tt.env, got, tt.wantANSI)
			}
		})
	}
	// run itself: a buffer is not a terminal.
	synctest.Test(t, func(t *testing.T) {
		if r := runCLI("--" + ex.Name); strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("colour on a buffer")
		}
	})
}

func TestColorTrueColor(t *testing.T) {
	if s := highlight("package main\n", "go", true); !strings.Contains(s, "\x1b[38;2;") {
		t.Errorf("24-bit highlight = %q", s)
	}
	if s := highlight("package main\n", "go", false); !strings.Contains(s, "\x1b[38;5;") {
		t.Errorf("256-colour highlight = %q", s)
	}
	if s := highlight("x", "no such language", false); s != "x" {
		t.Errorf("unknown language changed the text: %q", s)
	}
}

// TestWithin80Columns checks everything the command prints without colour.
func TestWithin80Columns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// processpool's and multiprocessing's own lines: TestProcessFlags.
		for _, args := range [][]string{{"--help"}, {"--list"}, {"--version"}, {"--all", "--python", "--notes", "--stdlib"}} {
			r := runCLIQuick(args...)
			r.check(t, exitOK)
			for i, line := range strings.Split(r.stdout, "\n") {
				if columns(line) > pageWidth {
					t.Errorf("rexasyncio %q: line %d has %d columns: %q", args, i+1, columns(line), line)
				}
				if strings.Contains(line, "\t") {
					t.Errorf("rexasyncio %q: line %d has a tab: %q", args, i+1, line)
				}
			}
		}
	})
}

// stackTrace matches the start of a Go stack trace: "goroutine 1 [running]".
var stackTrace = regexp.MustCompile(`goroutine \d+ \[`)

// TestBadInput gives the command what it must refuse: each one exits 2 with a
// one-line reason on stderr and prints nothing on stdout.
func TestBadInput(t *testing.T) {
	svgDir := filepath.Join(t.TempDir(), "dir.svg")
	if err := os.Mkdir(svgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	ejectDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(ejectDir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string // in the message
	}{
		{[]string{"--gathr"}, "did you mean --gather?"},
		{[]string{"--gahter"}, "did you mean --gather?"},
		{[]string{"--GATHER"}, "did you mean --gather?"},
		{[]string{"--colour=always"}, "did you mean --color?"},
		{[]string{"--nosource"}, "did you mean --no-source?"},
		{[]string{"--xyzzy"}, "unknown flag --xyzzy; see rexasyncio --help"},
		{[]string{"---gather"}, "did you mean --gather?"},
		{[]string{"--="}, "unknown flag --="},
		{[]string{"--gather", "--bogus"}, "unknown flag --bogus"},
		{[]string{"--color=bogus"}, `invalid --color value "bogus"`},
		{[]string{"--color="}, "--color= needs a value"},
		{[]string{"--color"}, "--color needs a value"},
		{[]string{"--color", "--gather"}, "--color needs a value"},
		{[]string{"--eject"}, "--eject needs a value: --eject=DIR"},
		{[]string{"--eject", "--gather"}, "--eject needs a value"},
		{[]string{"--eject="}, "--eject= needs a directory"},
		{[]string{"--eject=x", "--gather", "--lock"}, "--eject writes one example: name one, not 2"},
		{[]string{"--eject=x", "--all"}, "--eject and --all conflict: --eject writes one example and runs none"},
		{[]string{"--times", "--eject=x"}, "--times and --eject conflict: --eject writes one example and runs none"},
		{[]string{"--list", "--eject=x"}, "--list and --eject conflict: each prints something else and runs no example"},
		{[]string{"--eject=x", "--thread", "--goroutines"}, "--thread and --goroutines conflict"},
		{[]string{"--gather", "--eject", ejectDir}, "holds files rexasyncio did not write: notes.txt"},
		{[]string{"--thread", "--stdlib"}, "--thread and --stdlib conflict: --thread has no standard-library form"},
		{[]string{"--stdlib", "--gather", "--processpool"}, "--stdlib and --processpool conflict: --processpool has no standard-library form"},
		{[]string{"--compare", "--no-source"}, "--compare and --no-source conflict: --no-source prints no source to compare"},
		{[]string{"--python", "--compare"}, "--python and --compare conflict: --compare prints the Python already"},
		{[]string{"gather"}, `unexpected argument "gather" (did you mean --gather?)`},
		{[]string{"--gather", "extra"}, `unexpected argument "extra"`},
		{[]string{"-"}, `unexpected argument "-"`},
		{[]string{"--", "--gather"}, `unexpected argument "--gather"`},
		{[]string{""}, "empty argument"},
		{[]string{"--gather", ""}, "empty argument"},
		{[]string{"--gather=yes"}, `--gather takes no value (got "--gather=yes")`},
		{[]string{"--help=1"}, "--help takes no value"},
		{[]string{"--all=true"}, "--all takes no value"},
		{[]string{"-h=x"}, "-h takes no value"},
		{[]string{"--timeline="}, "--timeline= needs a file name"},
		{[]string{"--gather", "--timeline=" + t.TempDir() + "/no/such/dir/x.svg"}, "no such file or directory"},
		{[]string{"--gather", "--timeline=" + svgDir}, "cannot write the timeline to " + svgDir + ": it exists and is not a regular file"},
		{[]string{"--bad\nflag"}, `unknown flag "--bad\nflag"`},
		{[]string{"--help", "--nope"}, "unknown flag --nope"},
		{[]string{"--q"}, "ambiguous flag --q: it could mean --queue, --queuel or --queuec"},
		{[]string{"q"}, `unexpected argument "q" (did you mean --queue, --queuel or --queuec?)`},
		{[]string{"\u2013q"}, "ambiguous flag \u2013q: it could mean --queue, --queuel or --queuec"},
		{[]string{"\u2013gathr"}, "unknown flag \u2013gathr (did you mean --gather?)"},
		{[]string{"–"}, `unexpected argument "–"`},
		{[]string{"--", "--gather"}, `unexpected argument "--gather" after "--": arguments after "--" are not flags; to give --gather, put it before the "--"`},
		{[]string{"--", "gather"}, `unexpected argument "gather" after "--": arguments after "--" are not flags, and rexasyncio takes no others`},
		{[]string{"--gather", "--", "--"}, `unexpected argument "--" after "--"`},
		{[]string{"--list", "--gather"}, "--list and --gather conflict: --list runs no example"},
		{[]string{"--gather", "--list"}, "--gather and --list conflict: --list runs no example"},
		{[]string{"--list", "--notes"}, "--list and --notes conflict: --list runs no example"},
		{[]string{"--all", "--gather"}, "--all and --gather conflict: --all runs every example already"},
		{[]string{"--run", "--all"}, "--run and --all conflict: --all runs every example already"},
		{[]string{"--thread", "--goroutines"}, "--thread and --goroutines conflict: --thread always runs on goroutines"},
		{[]string{"--goroutines", "--gather", "--processpool"}, "--goroutines and --processpool conflict: --processpool always runs on goroutines"},
		{[]string{"--list", "--goroutines"}, "--list and --goroutines conflict: --list runs no example"},
		{[]string{"--goroutines=yes"}, "--goroutines takes no value"},
		{[]string{"--version", "--list"}, "--version and --list conflict: each prints something else and exits"},
		{[]string{"--version", "--timeline"}, "--version and --timeline conflict: --version runs no example"},
		{[]string{"--gather", "--timeline=chart.png"}, "--timeline=chart.png: the chart is SVG, so the file name must end in .svg"},
		{[]string{"--gather", "--timeline=main.go"}, "--timeline=main.go: the chart is SVG"},
		{[]string{"--gather", "--timeline=svg"}, "--timeline=svg: the chart is SVG"},
		{[]string{"--" + strings.Repeat("x", 100_000)}, "unknown flag --" + strings.Repeat("x", 77) + "…; see"},
		{[]string{strings.Repeat("y", 100_000)}, `unexpected argument "` + strings.Repeat("y", 79) + `…": rexasyncio takes only flags`},
		{[]string{"--gather=" + strings.Repeat("z", 100_000)}, `--gather takes no value (got "--gather=` + strings.Repeat("z", 70) + `…")`},
		{[]string{"--color=" + strings.Repeat("z", 100_000)}, `invalid --color value "` + strings.Repeat("z", 79) + `…"`},
		{[]string{"--timeline=" + strings.Repeat("z", 100_000)}, "--timeline=" + strings.Repeat("z", 79) + "…: the chart is SVG"},
		{[]string{"--", strings.Repeat("z", 100_000)}, `unexpected argument "` + strings.Repeat("z", 79) + `…" after "--"`},
	}
	for _, tt := range tests {
		r := runCLI(tt.args...)
		if r.status != exitUsage {
			t.Errorf("rexasyncio %q: status %d, want %d", tt.args, r.status, exitUsage)
		}
		if r.stdout != "" {
			t.Errorf("rexasyncio %q printed on stdout: %q", tt.args, r.stdout)
		}
		if !strings.HasPrefix(r.stderr, "rexasyncio: ") || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
			t.Errorf("rexasyncio %.200q: stderr %.200q, want one line", tt.args, r.stderr)
		}
		if columns(r.stderr) > 300 {
			t.Errorf("rexasyncio %.200q: stderr has %d columns: %.400q", tt.args, columns(r.stderr), r.stderr)
		}
		if !strings.Contains(r.stderr, tt.want) {
			t.Errorf("rexasyncio %.200q: stderr %.400q, want it to contain %.400q", tt.args, r.stderr, tt.want)
		}
		if strings.Contains(r.stderr, "panic") || stackTrace.MatchString(r.stderr) {
			t.Errorf("rexasyncio %q: stderr has a panic or a stack trace: %q", tt.args, r.stderr)
		}
	}
}

// TestTypographicDashes checks that a flag typed with an en or em dash, as
// web pages render "--", is obeyed, with a one-line notice on stderr.
func TestTypographicDashes(t *testing.T) {
	tests := []struct {
		args       []string
		wantHeader string // "" for none
		wantStderr string
	}{
		{[]string{"\u2013gather", "--no-source"}, "gather",
			"rexasyncio: read \"\u2013gather\" as \"--gather\": an en dash (U+2013) is not a hyphen\n"},
		{[]string{"\u2014gather", "\u2013\u2013no-source"}, "gather",
			"rexasyncio: read \"\u2014gather\" as \"--gather\": an em dash (U+2014) is not a hyphen\n" +
				"rexasyncio: read \"\u2013\u2013no-source\" as \"--no-source\": an en dash (U+2013) is not a hyphen\n"},
		{[]string{"\u2013help"}, "",
			"rexasyncio: read \"\u2013help\" as \"--help\": an en dash (U+2013) is not a hyphen\n"},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			r := runCLI(tt.args...)
			if r.status != exitOK || r.stderr != tt.wantStderr {
				t.Errorf("rexasyncio %q: status %d, stderr %q; want 0, %q", tt.args, r.status, r.stderr, tt.wantStderr)
			}
			if got := exampleHeaders(r.stdout); tt.wantHeader != "" && !slices.Equal(got, []string{tt.wantHeader}) {
				t.Errorf("rexasyncio %q ran %q, want %q", tt.args, got, tt.wantHeader)
			}
			if tt.wantHeader == "" && !strings.HasPrefix(r.stdout, "usage: rexasyncio") {
				t.Errorf("rexasyncio %q printed %q..., want the help", tt.args, firstLine(r.stdout))
			}
		})
	}
}

// failing is an example that fails after printing a line.
func failing(err error) examples.Example {
	ex := examples.Default()
	ex.Name = "failing"
	ex.Run = func(ctx context.Context, w io.Writer) error {
		fmt.Fprintln(w, "about to fail")
		return err
	}
	return ex
}

func TestExampleErrorExits1(t *testing.T) {
	tests := []struct {
		run  func(ctx context.Context, w io.Writer) error
		want string
	}{
		{func(context.Context, io.Writer) error { return fmt.Errorf("broken\nsecond line") },
			"rexasyncio: --failing failed: broken\n"},
		{func(context.Context, io.Writer) error { panic("boom") },
			"rexasyncio: --failing failed: asyncio: task panicked: boom\n"},
		{func(ctx context.Context, w io.Writer) error {
			_, err := asyncio.Go(ctx, func(context.Context) error { panic(fmt.Errorf("deep")) }).Await(ctx)
			return err
		}, "rexasyncio: --failing failed: asyncio: task panicked: deep\n"},
		{func(context.Context, io.Writer) error { panic("two\nlines") },
			"rexasyncio: --failing failed: asyncio: task panicked: two\n"},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			ex := failing(nil)
			ex.Run = tt.run
			var stdout, stderr bytes.Buffer
			status := runExamples(t.Context(), []examples.Example{ex, examples.Default()}, &options{color: colorAuto}, &stdout, &stderr, fakeEnv(false))
			if status != exitFailed || stderr.String() != tt.want {
				t.Errorf("status %d, stderr %q; want %d, %q", status, stderr.String(), exitFailed, tt.want)
			}
			if strings.Contains(stdout.String(), "── examples/") || len(exampleHeaders(stdout.String())) != 1 {
				t.Errorf("went on after the failure:\n%s", stdout.String())
			}
		})
	}
}

// panicWriter panics on every write, as a bug in the command could.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("writer exploded\nwith a second line") }

func TestPanicExits70WithoutATrace(t *testing.T) {
	var stderr bytes.Buffer
	status := run([]string{"--help"}, panicWriter{}, &stderr)
	if status != exitInternal {
		t.Errorf("status %d, want %d", status, exitInternal)
	}
	if got := stderr.String(); strings.Count(got, "\n") != 1 || strings.Contains(got, "goroutine") ||
		!strings.Contains(got, "internal error") {
		t.Errorf("stderr %q, want one line about an internal error", got)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestStdoutErrorExits1(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, args := range [][]string{{"--help"}, {"--list"}, {"--version"}, {"--gather", "--no-source"}} {
			var stderr bytes.Buffer
			if status := run(args, failWriter{}, &stderr); status != exitFailed ||
				stderr.String() != "rexasyncio: writing to stdout: disk full\n" {
				t.Errorf("rexasyncio %q: status %d, stderr %q", args, status, stderr.String())
			}
		}
	})
}

// TestThePostsFlags checks that the registry gives the command exactly the
// post's example flags, in the post's order, plus our taskgather after
// createtask, and then the threads and processes. (The command itself takes
// its flags from the registry.)
func TestThePostsFlags(t *testing.T) {
	want := []string{"helloio", "gather", "generator", "sleep", "tothread", "createtask", "taskgather",
		"wait", "ascomplete", "lock", "event", "condition", "semaphore", "queue", "queuel", "queuec"}
	threads := []string{"thread", "threadlock", "threadpool", "processpool", "multiprocessing"}
	all := examples.All()
	if got := exampleNames(all); !slices.Equal(got, slices.Concat(want, threads)) {
		t.Errorf("example flags %q, want %q then %q", got, want, threads)
	}
	post := slices.DeleteFunc(slices.Clone(all), func(ex examples.Example) bool { return ex.Group != examples.GroupAsyncio })
	if got := exampleNames(post); !slices.Equal(got, want) {
		t.Errorf("the post's example flags %q, want %q", got, want)
	}
	if got := examples.Default().Name; got != "helloio" {
		t.Errorf("the default example is %q, want helloio", got)
	}
}
