package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"unicode/utf8"

	"github.com/rexasyncio/rexasyncio/examples"
)

func TestTimelineIsDrawnAfterTheOutput(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLIEnv(fakeEnv(false, "LANG", "en_US.UTF-8"), "--gather", "--timeline")
		r.check(t, exitOK)
		chart := section(t, r.stdout, "timeline of --gather")
		if chart == "" {
			t.Fatal("empty timeline")
		}
		if !strings.Contains(r.stdout, "\n── timeline of --gather\n"+chart+"\n── examples/") {
			t.Errorf("the timeline is not between the output and the source:\n%s", r.stdout)
		}
	})
}

// TestTimelineASCII checks that --ascii, or a locale that is not UTF-8, draws
// the chart in ASCII.
func TestTimelineASCII(t *testing.T) {
	tests := []struct {
		env       environment
		args      []string
		wantASCII bool
	}{
		{fakeEnv(false, "LANG", "en_US.UTF-8"), []string{"--ascii"}, true},
		{fakeEnv(false, "LANG", "C"), []string{"--timeline"}, true},
		{fakeEnv(false), []string{"--timeline"}, true},
		{fakeEnv(false, "LC_ALL", "POSIX", "LANG", "en_US.UTF-8"), []string{"--timeline"}, true},
		{fakeEnv(false, "LC_CTYPE", "de_DE.utf8"), []string{"--timeline"}, false},
		{fakeEnv(false, "LANG", "en_US.UTF-8"), []string{"--timeline"}, false},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			r := runCLIEnv(tt.env, append(tt.args, "--gather", "--no-source")...)
			r.check(t, exitOK)
			chart := section(t, r.stdout, "timeline of --gather")
			ascii := true
			for i := range len(chart) {
				ascii = ascii && chart[i] < utf8.RuneSelf
			}
			if ascii != tt.wantASCII {
				t.Errorf("env %+v, args %q: ASCII = %v, want %v:\n%s", tt.env, tt.args, ascii, tt.wantASCII, chart)
			}
		})
	}
}

func TestTimelineWidth(t *testing.T) {
	tests := []struct {
		env  environment
		want int
	}{
		{fakeEnv(false), 80},
		{fakeEnv(false, "COLUMNS", "120"), 120},
		{fakeEnv(false, "COLUMNS", "junk"), 80},
		{fakeEnv(false, "COLUMNS", "-3"), 80},
		{fakeEnv(false, "COLUMNS", "1000"), 1000},
		{fakeEnv(false, "COLUMNS", "1001"), 1000},
		{fakeEnv(false, "COLUMNS", "2000000000"), 1000},
		{fakeEnv(false, "COLUMNS", "99999999999999999999999"), 80}, // not an int
		{environment{getenv: fakeEnv(false).getenv, terminal: true, width: 5000}, 1000},
		{environment{getenv: fakeEnv(false).getenv, terminal: true, width: 100}, 100},
		{environment{getenv: fakeEnv(false, "COLUMNS", "90").getenv, terminal: true, width: 100}, 90},
	}
	for _, tt := range tests {
		if got := tt.env.chartWidth(); got != tt.want {
			t.Errorf("chartWidth() = %d, want %d (env %+v)", got, tt.want, tt.env)
		}
	}
}

func TestTimelineSVG(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		one := filepath.Join(dir, "one.svg")
		r := runCLI("--gather", "--no-source", "--timeline="+one)
		r.check(t, exitOK)
		checkSVG(t, one)
		if !strings.Contains(r.stdout, "── timeline written to "+one+"\n") {
			t.Errorf("does not say where the chart went:\n%s", r.stdout)
		}
		if strings.Contains(r.stdout, "── timeline of") {
			t.Errorf("--timeline=FILE also drew the chart in the terminal:\n%s", r.stdout)
		}

		// Several examples: one file each, named after them.
		several := filepath.Join(dir, "chart.svg")
		r = runCLI("--helloio", "--gather", "--no-source", "--timeline="+several, "--timeline")
		r.check(t, exitOK)
		for _, name := range []string{"chart-helloio.svg", "chart-gather.svg"} {
			checkSVG(t, filepath.Join(dir, name))
		}
		if _, err := os.Stat(several); err == nil {
			t.Errorf("wrote %s too", several)
		}
		if strings.Count(r.stdout, "── timeline of") != 2 {
			t.Errorf("--timeline with --timeline=FILE: want both charts in the terminal:\n%s", r.stdout)
		}
	})
}

// TestHugeColumns runs an example with COLUMNS at two billion: the chart is
// drawn at 1000 columns (it once took more than 20 s).
func TestHugeColumns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLIEnv(fakeEnv(false, "COLUMNS", "2000000000", "LANG", "en_US.UTF-8"), "--gather", "--timeline", "--no-source")
		r.check(t, exitOK)
		chart := section(t, r.stdout, "timeline of --gather")
		widest := 0
		for line := range strings.SplitSeq(chart, "\n") {
			widest = max(widest, columns(line))
		}
		if widest != 1000 {
			t.Errorf("the widest line of the chart has %d columns, want 1000", widest)
		}
	})
}

// TestTimelineSVGFiles checks which files --timeline=FILE.svg writes, and
// that it never overwrites a file it did not write.
func TestTimelineSVGFiles(t *testing.T) {
	const userText = "package main // the user's own file\n"
	tests := []struct {
		name     string
		existing map[string]string // files before the run; "ours" is a chart the command wrote
		args     []string          // FILE in an argument stands for the file in the test's directory
		status   int
		written  []string // the charts announced, in order, each then an SVG file
		left     []string // files that must be gone after a refusal
	}{
		{name: "one example", args: []string{"--gather", "--timeline=FILE.svg"},
			status: exitOK, written: []string{"FILE.svg"}},
		{name: "an example twice", args: []string{"--timeline=dup.svg", "--gather", "--gather"},
			status: exitOK, written: []string{"dup-gather.svg", "dup-gather-2.svg"}},
		{name: "three times, and another", args: []string{"--timeline=c.svg", "--gather", "--helloio", "--gather", "--gather"},
			status: exitOK, written: []string{"c-gather.svg", "c-helloio.svg", "c-gather-2.svg", "c-gather-3.svg"}},
		{name: "upper-case extension", args: []string{"--gather", "--timeline=UP.SVG"},
			status: exitOK, written: []string{"UP.SVG"}},
		{name: "our own chart is overwritten", existing: map[string]string{"old.svg": "ours"},
			args: []string{"--gather", "--timeline=old.svg"}, status: exitOK, written: []string{"old.svg"}},
		{name: "a user's SVG is not", existing: map[string]string{"mine.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"},
			args: []string{"--gather", "--timeline=mine.svg"}, status: exitUsage},
		{name: "an empty file is not", existing: map[string]string{"empty.svg": ""},
			args: []string{"--gather", "--timeline=empty.svg"}, status: exitUsage},
		{name: "a user's file among several", existing: map[string]string{"x-gather.svg": userText},
			args: []string{"--timeline=x.svg", "--helloio", "--gather"}, status: exitUsage, left: []string{"x-helloio.svg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := func(name string) string { return filepath.Join(dir, name) }
			ours := ""
			for name, text := range tt.existing {
				if text == "ours" {
					if ours == "" {
						synctest.Test(t, func(t *testing.T) {
							runCLI("--helloio", "--no-source", "--timeline="+path("seed.svg")).check(t, exitOK)
						})
						data, err := os.ReadFile(path("seed.svg"))
						if err != nil {
							t.Fatal(err)
						}
						ours = string(data)
					}
					text = ours
				}
				if err := os.WriteFile(path(name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				if rest, ok := strings.CutPrefix(a, "--timeline="); ok {
					a = "--timeline=" + path(rest)
				}
				args[i] = a
			}
			var r cliResult
			synctest.Test(t, func(t *testing.T) { r = runCLI(append(args, "--no-source")...) })
			if r.status != tt.status {
				t.Fatalf("status %d, want %d; stderr %q", r.status, tt.status, r.stderr)
			}
			var announced []string
			for line := range strings.SplitSeq(r.stdout, "\n") {
				if name, ok := strings.CutPrefix(line, "── timeline written to "); ok {
					announced = append(announced, name)
				}
			}
			var want []string
			for _, name := range tt.written {
				want = append(want, path(name))
				checkSVG(t, path(name))
				if data, _ := os.ReadFile(path(name)); !strings.HasPrefix(string(data), svgMarker) {
					t.Errorf("%s does not start with the marker %q", name, svgMarker)
				}
				if ours != "" && tt.existing[name] == "ours" {
					if data, _ := os.ReadFile(path(name)); string(data) == ours {
						t.Errorf("%s was not overwritten", name)
					}
				}
			}
			if !slices.Equal(announced, want) {
				t.Errorf("announced %q, want %q", announced, want)
			}
			if tt.status == exitUsage {
				if r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
					!strings.Contains(r.stderr, "is not a timeline rexasyncio wrote: not overwriting it") {
					t.Errorf("stdout %q, stderr %q: want nothing, and one line", r.stdout, r.stderr)
				}
				for name, text := range tt.existing {
					if data, err := os.ReadFile(path(name)); err != nil || string(data) != text {
						t.Errorf("%s changed: %q, %v", name, data, err)
					}
				}
				for _, name := range tt.left {
					if _, err := os.Stat(path(name)); err == nil {
						t.Errorf("%s was left behind", name)
					}
				}
			}
		})
	}
}

func checkSVG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ XMLName xml.Name }
	if err := xml.Unmarshal(data, &doc); err != nil || doc.XMLName.Local != "svg" {
		t.Errorf("%s: not an SVG document (%v):\n%s", path, err, data)
	}
}

// TestTimelineFileOfAFailedRunIsRemoved checks that an interrupted or failed
// run leaves no empty chart file behind.
func TestTimelineFileOfAFailedRunIsRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.svg")
	synctest.Test(t, func(t *testing.T) {
		ex := failing(os.ErrInvalid)
		opts, err := parseArgs([]string{"--timeline=" + path})
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		if status := runExamples(t.Context(), []examples.Example{ex}, opts, &stdout, &stderr, fakeEnv(false)); status != exitFailed {
			t.Errorf("status %d, want %d", status, exitFailed)
		}
	})
	if _, err := os.Stat(path); err == nil {
		t.Errorf("%s was left behind", path)
	}
}

// TestThreadTimelineHasARowPerWorker checks --thread's chart through the
// command: main and each worker on a row of its own.
func TestThreadTimelineHasARowPerWorker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runCLIEnv(fakeEnv(false, "LANG", "en_US.UTF-8"), "--thread", "--timeline", "--no-source")
		r.check(t, exitOK)
		var rows []string
		for line := range strings.SplitSeq(section(t, r.stdout, "timeline of --thread"), "\n") {
			if name, _, ok := strings.Cut(line, " │"); ok {
				rows = append(rows, strings.TrimSpace(name))
			}
		}
		if want := []string{"main", "worker 1", "worker 2", "worker 3"}; !slices.Equal(rows, want) {
			t.Errorf("rows %q, want %q:\n%s", rows, want, r.stdout)
		}
	})
}
