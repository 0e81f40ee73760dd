package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/internal/linestamp"
)

// outputLines returns the lines of an example's output in out: after its
// header (headerLines long), up to the next section or the end.
func outputLines(ex examples.Example, out string) []string {
	body := strings.Join(strings.Split(out, "\n")[headerLines(ex):], "\n")
	if i := strings.Index(body, "\n── "); i >= 0 {
		body = body[:i] // its blank line before the section stays
	}
	if body = strings.TrimSuffix(body, "\n"); body == "" {
		return nil
	}
	return strings.Split(body, "\n")
}

// TestTimes runs each of the post's examples with --times, on the loop, in
// virtual time: every line must start with the moment the example printed
// it, from its start, which is when the loop, a fixed order, prints it.
func TestTimes(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.Group != examples.GroupAsyncio {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				plain := runCLI("--"+ex.Name, "--no-source")
				plain.check(t, exitOK)
				stamped := runCLI("--"+ex.Name, "--no-source", "--times")
				stamped.check(t, exitOK)
				want := outputLines(ex, plain.stdout)
				got := outputLines(ex, stamped.stdout)
				if len(got) != len(want) {
					t.Fatalf("--times printed %d lines, without it %d:\n%s", len(got), len(want), stamped.stdout)
				}
				width := len(linestamp.Stamp(ex.Duration))
				for i, l := range got {
					at := plain.lineTimes[headerLines(ex)+i]
					stamp := fmt.Sprintf("%-*s ", width, linestamp.Stamp(at))
					if l != stamp+want[i] {
						t.Errorf("line %d: %q, want %q", i+1, l, stamp+want[i])
					}
				}
			})
		})
	}
}

// TestTimesGather spells one out.
func TestTimesGather(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLI("--gather", "--no-source", "--times", "--stdlib")
		r.check(t, exitOK)
		want := "" +
			"── gather ── asyncio.gather → asyncio.CreateTask + asyncio.Gather\n" +
			"+0.000s Hello World 1!\n" +
			"+0.000s Hello World 2!\n" +
			"+1.000s true\n" +
			"+1.000s true\n" +
			"\n── --gather on the standard library alone\n"
		if !strings.HasPrefix(r.stdout, want) {
			t.Errorf("printed:\n%s\nwant it to start:\n%s", r.stdout, want)
		}
		rest := strings.Split(strings.TrimSuffix(strings.TrimPrefix(r.stdout, want), "\n"), "\n")
		slices.Sort(rest[:2]) // free goroutines: either greeting first
		if w := []string{"+0.000s Hello World 1!", "+0.000s Hello World 2!", "+1.000s true", "+1.000s true"}; !slices.Equal(rest, w) {
			t.Errorf("the standard library's form printed %q, want %q", rest, w)
		}
	})
}

// TestStdlib runs every example that has a standard-library form with
// --stdlib (and --goroutines): after the asyncio form's output and source
// come the standard-library form's output, the same lines (in some order:
// on goroutines), and its source; --all runs it for those examples only.
func TestStdlib(t *testing.T) {
	for _, ex := range examples.All() {
		if ex.Stdlib == nil {
			continue
		}
		t.Run(ex.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				// On goroutines, as the standard-library form runs.
				r := runCLI("--"+ex.Name, "--stdlib", "--goroutines")
				r.check(t, exitOK)
				if got, want := section(t, r.stdout, "examples/"+ex.File), expandTabs(ex.Source); !strings.HasPrefix(got, want) {
					t.Errorf("the asyncio form's source is not %s", ex.File)
				}
				got := section(t, r.stdout, "--"+ex.Name+" on the standard library alone")
				if src := section(t, r.stdout, "examples/"+ex.StdlibFile); src != expandTabs(ex.StdlibSource) {
					t.Errorf("printed source differs from %s:\n%s", ex.StdlibFile, src)
				}
				want := outputLines(ex, r.stdout)
				var gotLines []string
				if got != "" {
					gotLines = strings.Split(strings.TrimSuffix(got, "\n"), "\n")
				}
				slices.Sort(want)
				slices.Sort(gotLines)
				if !slices.Equal(gotLines, want) {
					t.Errorf("the standard library's form printed %q, the asyncio form %q", gotLines, want)
				}
			})
		})
	}
	t.Run("all", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := runCLIQuick("--all", "--stdlib", "--no-source")
			r.check(t, exitOK)
			for _, ex := range examples.All() {
				has := strings.Contains(r.stdout, "\n── --"+ex.Name+" on the standard library alone\n")
				if has != (ex.Stdlib != nil) {
					t.Errorf("--all --stdlib: %s's standard-library form ran: %v", ex.Name, has)
				}
			}
		})
	})
}

// TestCompare checks --compare's two layouts: on a terminal 160 columns
// wide or more, Python on the left, Go on the right, each function's
// first line on the same row; narrower, one block after the other.
func TestCompare(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		utf8 := []string{"LANG", "en_US.UTF-8"}
		wide := runCLIEnv(fakeEnv(false, append(utf8, "COLUMNS", "170")...), "--gather", "--compare", "--stdlib")
		wide.check(t, exitOK)
		for _, file := range []string{"gather/gather.go", "gather/stdlib/gather.go"} {
			body := section(t, wide.stdout, "examples/gather/gather.py beside examples/"+file)
			rows := strings.Split(body, "\n")
			if !strings.HasPrefix(rows[0], "gather/gather.py ") || !strings.HasSuffix(rows[0], " │ "+file) {
				t.Errorf("title row %q", rows[0])
			}
			gutterAt := func(r string) int {
				i := strings.Index(r, " │")
				if i < 0 {
					return -1
				}
				return columns(r[:i])
			}
			gutter := gutterAt(rows[0])
			for _, pair := range [][2]string{
				{"async def hello_world1():", "func helloWorld1("},
				{"async def hello_world2():", "func helloWorld2("},
				{"async def main():", "func Run(ctx context.Context, w io.Writer) error {"},
			} {
				i := slices.IndexFunc(rows, func(r string) bool { return strings.HasPrefix(r, pair[0]) })
				if i < 0 || !strings.Contains(rows[i], " │ "+pair[1]) {
					t.Errorf("%s: no row with %q beside %q", file, pair[0], pair[1])
				}
			}
			for i, r := range rows {
				if r == "" || strings.HasPrefix(r, "\n── ") {
					break
				}
				if gutterAt(r) != gutter || columns(r) > 170 {
					t.Errorf("%s: row %d is out of line (gutter at %d, want %d; %d columns):\n%s",
						file, i, gutterAt(r), gutter, columns(r), r)
				}
			}
		}

		narrow := runCLIEnv(fakeEnv(false, "COLUMNS", "100"), "--gather", "--compare")
		narrow.check(t, exitOK)
		body := section(t, narrow.stdout, "examples/gather/gather.py beside examples/gather/gather.go")
		for _, want := range []string{
			"-- gather/gather.py ---", "async def hello_world1():",
			"-- gather/gather.go ---", "func helloWorld1(",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("one after the other, with ASCII rules: no %q in\n%s", want, body)
			}
		}
		if py, golang := strings.Index(body, "async def hello_world2"), strings.Index(body, "func helloWorld1("); py < golang {
			t.Errorf("one after the other: helloWorld1's Go comes after hello_world2's Python")
		}
		for _, l := range strings.Split(body, "\n") {
			if columns(l) > pageWidth {
				t.Errorf("one after the other, a line is wider than %d columns: %q", pageWidth, l)
			}
		}
	})
}

// TestEject writes an example out with --eject: main.go and go.mod, which
// the examples' tests build and run. Again is fine; over an edited file,
// or a file of someone else's, it refuses, with exit 2, and writes nothing.
func TestEject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gather")
	r := runCLI("--gather", "--eject", dir)
	r.check(t, exitOK)
	if want := "wrote " + filepath.Join(dir, "go.mod") + ", " + filepath.Join(dir, "main.go") + "\nrun it: cd " + dir + " && go run .\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	mainGo, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\npackage main\n", "func helloWorld1(", "asyncio.RunLoop(", "Run(ctx, os.Stdout)"} {
		if !strings.Contains(string(mainGo), want) {
			t.Errorf("main.go lacks %q", want)
		}
	}
	again := runCLI("--eject="+dir, "--gather", "--goroutines")
	again.check(t, exitOK)
	if b, _ := os.ReadFile(filepath.Join(dir, "main.go")); !strings.Contains(string(b), "asyncio.Run(context.Background()") {
		t.Error("--goroutines: main.go does not call asyncio.Run")
	}

	edited := append(mainGo, "// mine\n"...)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), edited, 0o644); err != nil {
		t.Fatal(err)
	}
	refused := runCLI("--gather", "--eject", dir)
	if refused.status != exitUsage || refused.stdout != "" || strings.Count(refused.stderr, "\n") != 1 ||
		!strings.Contains(refused.stderr, "did not write, or edited since: main.go") {
		t.Errorf("over an edited main.go: status %d, stdout %q, stderr %q", refused.status, refused.stdout, refused.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "main.go")); string(b) != string(edited) {
		t.Error("--eject changed an edited main.go")
	}

	def := filepath.Join(t.TempDir(), "default")
	runCLI("--eject="+def).check(t, exitOK)
	if b, _ := os.ReadFile(filepath.Join(def, "main.go")); !strings.Contains(string(b), "Hello World 1!") {
		t.Errorf("--eject alone does not write the default example, --%s", examples.Default().Name)
	}
}
