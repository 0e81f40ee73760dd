package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
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
