package examples_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/internal/sidebyside"
)

func TestMain(m *testing.M) {
	process.ServeIfChild() // processpool and multiprocessing re-execute this binary
	flag.Parse()
	// The ejected programs run in real time, 12 s for the longest: start
	// them now, for TestEject to collect, so that they run alongside the
	// other tests rather than after them.
	ejected = startEjected()
	code := m.Run()
	ejected.stop() // none outlives the tests
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// jitterRuns is how often the golden test runs an example with Jitter on
// goroutines: each run races differently, and every one must stay within
// the jitter. With -update it runs it updateRuns times and keeps the
// earliest time of each line, which is the time the race-free timeline
// (CPython's, the loop's) has. loopRuns is how often it runs each example on
// the event loop, where every run must print exactly the same.
const (
	jitterRuns = 10
	updateRuns = 100
	loopRuns   = 3
)

// runGo runs ex in mode as rexasyncio does, in a synctest bubble, and
// returns what it printed, stamped with virtual time.
func runGo(t *testing.T, ex examples.Example, mode examples.Mode) transcript {
	var tr transcript
	synctest.Test(t, func(t *testing.T) {
		s := newStamper()
		if err := ex.RunMain(t.Context(), s, mode); err != nil {
			t.Errorf("RunMain: %v", err)
		}
		tr = s.finish(t)
	})
	return tr
}

// goldenFor is the name of ex's golden file in mode: its own file,
// testdata/<name>.<mode>.golden, for a mode other than the example's
// default that prints at other moments (sleep on goroutines), otherwise
// the default mode's, testdata/<name>.golden (see goldenName for -race).
func goldenFor(ex examples.Example, mode examples.Mode) string {
	if mode != ex.Modes()[0] {
		if _, err := os.Stat(goldenPath(ex.Name + "." + string(mode))); err == nil {
			return ex.Name + "." + string(mode)
		}
	}
	return goldenName(ex.Name)
}

// compareIn compares a run of ex in mode with its golden transcript: on the
// event loop exactly, line by line in order; on goroutines lines of one
// instant as a set, each up to ex.Jitter late.
func compareIn(ex examples.Example, mode examples.Mode, want, got transcript) []string {
	if mode == examples.Loop {
		return compareExact(want, got)
	}
	return compare(want, got, window{late: ex.Jitter})
}

// TestGolden checks each example's output in each of its modes, line by
// line, and its timing, in virtual time, against its golden file: on the
// event loop the exact sequence, on goroutines the same lines with those
// of one instant as a set. With -update it rewrites the golden files that
// no longer match: the default mode's file from its run; for another mode
// whose runs do not match that file, a file of its own,
// testdata/<name>.<mode>.golden.
func TestGolden(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.RealTime {
			continue // no golden file: see threads_test.go
		}
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			// In order, not in parallel: the default mode may rewrite
			// the file the others compare with.
			for _, mode := range ex.Modes() {
				t.Run(string(mode), func(t *testing.T) { testGolden(t, ex, mode) })
			}
		})
	}
}

func testGolden(t *testing.T, ex examples.Example, mode examples.Mode) {
	runs := loopRuns
	if mode != examples.Loop {
		runs = 1
		if ex.Jitter > 0 {
			runs = jitterRuns
			if *update {
				runs = updateRuns
			}
		}
	}
	var got []transcript
	for range runs {
		got = append(got, runGo(t, ex, mode))
	}
	name := goldenFor(ex, mode)
	if *update && !matchesGolden(ex, mode, name, got) {
		if mode != ex.Modes()[0] && name == goldenName(ex.Name) {
			name = ex.Name + "." + string(mode) // a file of its own
		}
		merged := got[0]
		if mode != examples.Loop && ex.Jitter > 0 {
			merged = earliest(got)
		}
		if err := writeGolden(name, goldenHeader(ex, mode), merged); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", goldenPath(name))
	}
	want, err := readGolden(name)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	for i, g := range got {
		if problems := compareIn(ex, mode, want, g); len(problems) > 0 {
			t.Errorf("run %d differs from %s:\n%s\ngot:\n%v\nwant:\n%v",
				i+1, goldenPath(name), strings.Join(problems, "\n"), g, want)
		}
	}
	if mode == ex.Modes()[0] && want.end != ex.Duration {
		t.Errorf("Duration is %v, but the golden run takes %v",
			ex.Duration, want.end)
	}
}

func matchesGolden(ex examples.Example, mode examples.Mode, name string, runs []transcript) bool {
	want, err := readGolden(name)
	if err != nil {
		return false
	}
	for _, r := range runs {
		if len(compareIn(ex, mode, want, r)) > 0 {
			return false
		}
	}
	return true
}

// TestCancel cancels each example half way through, in each of its modes,
// and checks that it returns context.Canceled at that very instant, having
// printed what the golden file says comes before it (on the event loop in
// that order). synctest.Test then fails if any of its tasks is left
// blocked.
func TestCancel(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.Duration == 0 || ex.RealTime {
			continue // nothing to interrupt, or no golden file
		}
		for _, mode := range ex.Modes() {
			t.Run(ex.Name+"/"+string(mode), func(t *testing.T) {
				t.Parallel()
				testCancel(t, ex, mode)
			})
		}
	}
}

func testCancel(t *testing.T, ex examples.Example, mode examples.Mode) {
	want, err := readGolden(goldenFor(ex, mode))
	if err != nil {
		t.Fatal(err)
	}
	// Cancel between instants: a quarter second past a whole one.
	at := (want.end / 2).Truncate(time.Second) + 250*time.Millisecond
	var before transcript
	for _, l := range want.lines {
		if l.at < at {
			before.lines = append(before.lines, l)
		}
	}
	before.end = at
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(at, cancel)
		s := newStamper()
		err := ex.RunMain(ctx, s, mode)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at %v: RunMain returned %v, want context.Canceled", at, err)
		}
		got := s.finish(t)
		if problems := compareIn(ex, mode, before, got); len(problems) > 0 {
			t.Errorf("cancelled at %v:\n%s\ngot:\n%v\nwant:\n%v",
				at, strings.Join(problems, "\n"), got, before)
		}
	})
}

// postOrder is the examples' order in the post, taskgather being the
// create_task listing that the post runs without a flag of its own.
var postOrder = []string{
	"helloio", "gather", "generator", "sleep", "tothread", "createtask",
	"taskgather", "wait", "ascomplete", "lock", "event", "condition",
	"semaphore", "queue", "queuel", "queuec",
}

// threadsOrder is the group that follows: the post's conclusion ranks
// threads for I/O-bound work and processes for CPU-bound work.
var threadsOrder = []string{
	"thread", "threadlock", "threadpool", "processpool", "multiprocessing",
}

func TestRegistry(t *testing.T) {
	all := examples.All()
	var names []string
	for _, ex := range all {
		names = append(names, ex.Name)
		want := examples.GroupAsyncio
		if len(names) > len(postOrder) {
			want = examples.GroupThreads
		}
		if ex.Group != want {
			t.Errorf("%s: Group %q, want %q", ex.Name, ex.Group, want)
		}
		if ex.RealTime && (ex.Duration != 0 || ex.Jitter != 0) {
			t.Errorf("%s: RealTime, with a Duration %v and Jitter %v", ex.Name, ex.Duration, ex.Jitter)
		}
	}
	if want := slices.Concat(postOrder, threadsOrder); !slices.Equal(names, want) {
		t.Errorf("All() names = %q,\nwant the post's order, then the threads and processes: %q", names, want)
	}
	seen := make(map[string]bool)
	for _, ex := range all {
		if seen[ex.Name] {
			t.Errorf("two examples named %q", ex.Name)
		}
		seen[ex.Name] = true
		got, ok := examples.Lookup(ex.Name)
		if !ok || got.Name != ex.Name || got.Source != ex.Source {
			t.Errorf("Lookup(%q) = %q, %v", ex.Name, got.Name, ok)
		}
		if ex.Run == nil {
			t.Errorf("%s: Run is nil", ex.Name)
		}
		if ex.Duration < 0 || ex.Jitter < 0 || ex.Jitter >= time.Second {
			t.Errorf("%s: Duration %v, Jitter %v", ex.Name, ex.Duration, ex.Jitter)
		}
	}
	if _, ok := examples.Lookup("nope"); ok {
		t.Error(`Lookup("nope") found an example`)
	}
	if _, ok := examples.Lookup("--gather"); ok {
		t.Error(`Lookup("--gather") found an example; names have no dashes`)
	}
	if got := examples.Default().Name; got != "helloio" {
		t.Errorf("Default() = %q, want helloio", got)
	}
	all[0].Name = "changed"
	if examples.All()[0].Name == "changed" {
		t.Error("All returns the registry itself, not a copy")
	}
}

// TestModes checks which modes each example runs in, and that RunMain
// refuses another with a panic that names the call and the mode.
func TestModes(t *testing.T) {
	for _, ex := range examples.All() {
		want := []examples.Mode{examples.Loop, examples.Goroutines}
		if ex.Group != examples.GroupAsyncio {
			want = []examples.Mode{examples.Goroutines}
		}
		if got := ex.Modes(); !slices.Equal(got, want) {
			t.Errorf("%s: Modes() = %q, want %q", ex.Name, got, want)
		}
	}
	ex := lookup(t, "thread")
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "Example.RunMain") || !strings.Contains(msg, `"loop"`) {
			t.Errorf("RunMain of thread on the loop: panic %q, want one naming RunMain and the mode", msg)
		}
	}()
	ex.RunMain(t.Context(), io.Discard, examples.Loop)
	t.Error("RunMain of thread on the loop did not panic")
}

// TestSources checks what the CLI prints: every field is filled in, each
// form's source is the very file its function lives in, a package with one
// exported function, Run; the embedded files are those on disk, and every
// line of code fits 80 columns.
func TestSources(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			fields := map[string]string{
				"Summary": ex.Summary, "Teaches": ex.Teaches,
				"File": ex.File, "Source": ex.Source,
				"PythonFile": ex.PythonFile, "Python": ex.Python, "Notes": ex.Notes,
			}
			if ex.Group == examples.GroupAsyncio {
				fields["StdlibFile"], fields["StdlibSource"] = ex.StdlibFile, ex.StdlibSource
				if ex.Stdlib == nil {
					t.Error("Stdlib is nil")
				}
			} else if ex.Stdlib != nil || ex.StdlibFile != "" || ex.StdlibSource != "" {
				t.Error("a standard-library form outside the post's examples")
			}
			for field, v := range fields {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s is empty", field)
				}
			}
			if strings.Contains(ex.Summary, "\n") || strings.Contains(ex.Teaches, "\n") {
				t.Error("Summary and Teaches must be one line each")
			}

			forms := map[string]any{ex.File: examples.FuncOf(ex.Name)}
			if ex.Stdlib != nil {
				forms[ex.StdlibFile] = examples.StdlibFuncOf(ex.Name)
			}
			for file, run := range forms {
				fn := runtime.FuncForPC(reflect.ValueOf(run).Pointer())
				if fn == nil {
					t.Fatalf("cannot find %s's function", file)
				}
				path, _ := fn.FileLine(fn.Entry())
				if !strings.HasSuffix(filepath.ToSlash(path), "/examples/"+file) {
					t.Errorf("the function %s is in %s, not %s", fn.Name(), path, file)
				}
			}
			for file, src := range map[string]string{ex.File: ex.Source, ex.StdlibFile: ex.StdlibSource} {
				if file == "" {
					continue
				}
				f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
				if err != nil {
					t.Fatal(err)
				}
				if f.Name.Name != ex.Name {
					t.Errorf("%s is package %s, want %s", file, f.Name.Name, ex.Name)
				}
				var exported []string
				for _, decl := range f.Decls {
					if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.IsExported() {
						exported = append(exported, fn.Name.Name)
					}
				}
				if !slices.Equal(exported, []string{"Run"}) {
					t.Errorf("%s exports the functions %q, want Run alone", file, exported)
				}
				if !strings.Contains(src, "\nfunc Run(ctx context.Context, w io.Writer) error {\n") {
					t.Errorf("%s does not declare func Run(ctx context.Context, w io.Writer) error", file)
				}
			}

			for path, embedded := range map[string]string{
				ex.File:                            ex.Source,
				ex.PythonFile:                      ex.Python,
				filepath.Join(ex.Name, "notes.md"): ex.Notes,
				ex.StdlibFile:                      ex.StdlibSource,
			} {
				if path == "" {
					continue
				}
				disk, err := os.ReadFile(path)
				if err != nil {
					t.Error(err)
				} else if string(disk) != embedded {
					t.Errorf("%s differs from its embedded copy", path)
				}
			}

			for what, text := range map[string]string{
				"Source": ex.Source, "Python": ex.Python, "Notes": ex.Notes,
				"StdlibSource": ex.StdlibSource,
			} {
				for i, l := range strings.Split(text, "\n") {
					shown := strings.ReplaceAll(l, "\t", "    ")
					if n := utf8.RuneCountInString(shown); n > 80 {
						t.Errorf("%s line %d is %d columns wide (tabs as 4):\n%s",
							what, i+1, n, shown)
					}
				}
			}
			if n := strings.Count(strings.TrimSpace(ex.Notes), "\n") + 1; n < 5 || n > 15 {
				t.Errorf("Notes are %d lines; keep them to 5-15", n)
			}
		})
	}
}

// TestFunctionForFunction checks that each of the post's examples and its
// Python counterpart read side by side: every top-level function of the Go
// has a Python function of the same name (helloWorld1, hello_world1; Run,
// main), and the other way round.
func TestFunctionForFunction(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.Group != examples.GroupAsyncio {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), ex.File, ex.Source, 0)
			if err != nil {
				t.Fatal(err)
			}
			var goFuncs, pyFuncs []string
			for _, decl := range f.Decls {
				if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil {
					goFuncs = append(goFuncs, fn.Name.Name)
				}
			}
			for _, l := range strings.Split(ex.Python, "\n") {
				if m := pyDef.FindStringSubmatch(l); m != nil {
					pyFuncs = append(pyFuncs, m[1])
				}
			}
			for _, g := range goFuncs {
				if !slices.ContainsFunc(pyFuncs, func(p string) bool { return sidebyside.SameName(p, g) }) {
					t.Errorf("%s has func %s, but %s has no function of that name", ex.File, g, ex.PythonFile)
				}
			}
			for _, p := range pyFuncs {
				if !slices.ContainsFunc(goFuncs, func(g string) bool { return sidebyside.SameName(p, g) }) {
					t.Errorf("%s has def %s, but %s has no func of that name", ex.PythonFile, p, ex.File)
				}
			}
		})
	}
}

// pyDef matches a top-level Python function definition.
var pyDef = regexp.MustCompile(`^(?:async )?def (\w+)\(`)
