package timeline_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rexasyncio/rexasyncio/timeline"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// scripts are the synthetic charts of the golden tests.
var scripts = []struct {
	name  string
	tasks []task
}{
	{"sequential", []task{
		{"main", "", "created@0s started@0s blocked:task@0s resumed:task@1s blocked:task@1s resumed:task@2s finished@2s"},
		{"say-hello", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@1s finished@1s"},
		{"say-world", "main", "created@1s started@1s blocked:sleep@1s resumed:sleep@2s finished@2s"},
	}},
	{"concurrent", []task{
		{"main", "", "created@0s started@0s blocked:task@0s resumed:task@1s finished@1s"},
		{"first", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@1s finished@1s"},
		{"second", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@1s finished@1s"},
	}},
	{"every-state", []task{
		{"main", "", "created@0s started@0s blocked:task@0.5s resumed:task@10s finished@10s"},
		{"runner", "main", "created@0s started@0s finished@3s"},
		{"sleeper", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@4s finished@4s"},
		{"threader", "main", "created@0s started@0s blocked:thread@1s resumed:thread@5s finished@5s"},
		{"locker", "main", "created@0s started@0s blocked:lock@0s resumed:lock@2s blocked:sleep@2s resumed:sleep@4s finished@4s"},
		{"acquirer", "main", "created@0s started@0s blocked:semaphore@0s resumed:semaphore@6s finished@7s"},
		{"setter", "main", "created@1s started@1s blocked:event@1s resumed:event@5s finished@5s"},
		{"notified", "main", "created@1s started@1s blocked:condition@1s resumed:condition@3s blocked:lock@3s resumed:lock@4s finished@4s"},
		{"party", "main", "created@2s started@2s blocked:barrier@2s resumed:barrier@8s finished@8s"},
		{"consumer", "main", "created@2s started@2s blocked:queue@2s resumed:queue@9s finished@9s"},
		{"mystery", "main", "created@2s started@2s blocked:none@3s resumed:none@4s finished@4s"},
		{"crasher", "main", "created@3s started@3s blocked:sleep@3s resumed:sleep@5s failed@5s"},
		{"quitter", "main", "created@3s started@3s blocked:sleep@3s resumed:sleep@6s canceled@6s"},
		{"grandchild", "runner", "created@0s started@0s blocked:sleep@0s resumed:sleep@2s finished@2s"},
		{"woken", "main", "created@4s started@4s blocked:sleep@4s ready@6s resumed:sleep@7s finished@8s"},
	}},
	{"zero-duration", []task{
		{"main", "", "created@0s started@0s blocked:thread@0s resumed:thread@0s finished@0s"},
		{"helper", "main", "created@0s started@0s finished@0s"},
		{"doomed", "main", "created@0s started@0s canceled@0s"},
	}},
	{"long-names", []task{
		{"main", "", "created@0s started@0s blocked:task@0s resumed:task@3s finished@3s"},
		{"a-task-with-a-very-long-descriptive-name", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@3s finished@3s"},
		{"another-task-with-a-very-long-name", "main", "created@1s started@1s blocked:sleep@1s resumed:sleep@2s finished@2s"},
	}},
	{"sub-cell", []task{
		{"main", "", "created@0s started@0s blocked:task@0s resumed:task@10s finished@10s"},
		{"blip", "main", "created@5s started@5s finished@5.001s"},
		{"stutter", "main", "created@0s started@0s blocked:lock@1s resumed:lock@1.01s blocked:sleep@1.01s resumed:sleep@1.3s blocked:lock@6s resumed:lock@6.02s finished@7s"},
		{"instant", "main", "created@3s started@3s finished@3s"},
		{"instant-fail", "main", "created@4s started@4s failed@4s"},
		{"late-cancel", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@9.999s canceled@9.999s"},
		{"same-instant", "main", "created@2s started@2s blocked:task@2s resumed:task@2s blocked:lock@2s resumed:lock@2s blocked:sleep@2s resumed:sleep@8s finished@8s"},
	}},
	{"fractional", []task{
		{"main", "", "created@0s started@0s blocked:task@0s resumed:task@0.35s finished@0.35s"},
		{"quick", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@0.1s finished@0.1s"},
		{"slower", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@0.35s finished@0.35s"},
	}},
	{"sub-millisecond", []task{ // tothread in real time
		{"main", "", "created@0s started@5us blocked:thread@20us resumed:thread@300us finished@322us"},
	}},
	{"event-loop", []task{ // sleep's second part on the loop: a nap in time.Sleep holds the loop
		{"main", "", "created@0s started@0s blocked:task@0s ready@4s resumed:task@4s finished@4s"},
		{"ticker", "main", "created@0s started@0s blocked:sleep@0s ready@1s resumed:sleep@3s blocked:sleep@3s ready@4s resumed:sleep@4s finished@4s"},
		{"napper", "main", "created@0s started@0s finished@3s"},
	}},
	{"empty", nil},
}

// variants are the renderings each golden file holds.
var variants = []timeline.Options{
	{Width: 40}, {Width: 80}, {Width: 120},
	{Width: 40, ASCII: true}, {Width: 80, ASCII: true}, {Width: 120, ASCII: true},
	{Width: 80, Color: true}, {Width: 80, ASCII: true, Color: true},
	{}, // the default width
}

func renderAll(t *testing.T, c *timeline.Chart) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, opt := range variants {
		fmt.Fprintf(&buf, "=== width=%d ascii=%v color=%v\n", opt.Width, opt.ASCII, opt.Color)
		if err := c.Render(&buf, opt); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./timeline -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./timeline -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestRenderGolden(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			golden(t, sc.name+".txt", renderAll(t, timeline.NewChart(events(t, sc.tasks, nil))))
		})
	}
}

// TestRenderIgnoresArrivalOrder draws each script from many interleavings of
// its tasks' events, with task IDs handed out in shuffled orders: the output
// never changes.
func TestRenderIgnoresArrivalOrder(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			want := renderAll(t, timeline.NewChart(events(t, sc.tasks, nil)))
			var wantSVG bytes.Buffer
			if err := timeline.NewChart(events(t, sc.tasks, nil)).SVG(&wantSVG); err != nil {
				t.Fatal(err)
			}
			for seed := range uint64(25) {
				rng := rand.New(rand.NewPCG(seed, 4))
				c := timeline.NewChart(events(t, sc.tasks, rng))
				if got := renderAll(t, c); !bytes.Equal(got, want) {
					t.Fatalf("seed %d: rendering depends on event order:\n%s\nwant\n%s", seed, got, want)
				}
				var svg bytes.Buffer
				if err := c.SVG(&svg); err != nil {
					t.Fatal(err)
				}
				// Only the rows' data-task order matters; IDs appear nowhere.
				if svg.String() != wantSVG.String() {
					t.Fatalf("seed %d: SVG depends on event order", seed)
				}
			}
		})
	}
}

func TestRenderWidth(t *testing.T) {
	for _, sc := range scripts {
		c := timeline.NewChart(events(t, sc.tasks, nil))
		for _, opt := range variants {
			var buf bytes.Buffer
			if err := c.Render(&buf, opt); err != nil {
				t.Fatal(err)
			}
			width := opt.Width
			if width == 0 {
				width = 80
			}
			for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if n := visibleWidth(line); n > width {
					t.Errorf("%s %+v: line is %d columns wide, more than %d: %q", sc.name, opt, n, width, line)
				}
			}
			if opt.ASCII {
				for _, r := range stripSGR(buf.String()) {
					if r > 127 {
						t.Errorf("%s %+v: non-ASCII %q in ASCII output", sc.name, opt, r)
						break
					}
				}
			}
			if !opt.Color && strings.Contains(buf.String(), "\x1b") {
				t.Errorf("%s %+v: escape sequences without Color", sc.name, opt)
			}
			if opt.Color && len(sc.tasks) > 0 && !strings.Contains(buf.String(), "\x1b[") {
				t.Errorf("%s %+v: no colour with Color", sc.name, opt)
			}
		}
	}
}

func TestRenderSanitisesNames(t *testing.T) {
	c := timeline.NewChart(events(t, []task{
		{"main", "", "created@0s started@0s finished@1s"},
		{"evil\x1b[31m\nname", "main", "created@0s started@0s finished@1s"},
		{"café", "main", "created@0s started@0s finished@1s"},
	}, nil))
	var buf bytes.Buffer
	if err := c.Render(&buf, timeline.Options{Width: 80, ASCII: true}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"evil?[31m?name |", "caf?           |"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Count(out, "\n") != 6 {
		t.Errorf("a name garbles the chart:\n%s", out)
	}
}

// TestGlyphsAreDistinct reads the legend of a chart that shows every state:
// no two states share a glyph, in either mode, so charts read without colour.
func TestGlyphsAreDistinct(t *testing.T) {
	c := timeline.NewChart(events(t, scripts[2].tasks, nil)) // every-state
	for _, ascii := range []bool{false, true} {
		var buf bytes.Buffer
		if err := c.Render(&buf, timeline.Options{Width: 1000, ASCII: ascii}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		legend := strings.Split(lines[len(lines)-1], "  ")[1:] // after "took 10s"
		if len(legend) != 14 {
			t.Fatalf("ascii=%v: legend %q, want 14 states", ascii, legend)
		}
		seen := make(map[rune]string)
		for _, entry := range legend {
			g := []rune(entry)[0]
			if other, dup := seen[g]; dup || g == ' ' {
				t.Errorf("ascii=%v: %q and %q share the glyph %q", ascii, entry, other, g)
			}
			seen[g] = entry
		}
	}
}

func stripSGR(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return b.String() + s
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], 'm')
		s = s[i+j+1:]
	}
}

func visibleWidth(s string) int { return len([]rune(stripSGR(s))) }

type failingWriter struct{}

var errWrite = fmt.Errorf("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestRenderReturnsWriteError(t *testing.T) {
	c := timeline.NewChart(events(t, scripts[0].tasks, nil))
	if err := c.Render(failingWriter{}, timeline.Options{}); err != errWrite {
		t.Errorf("Render: got %v, want %v", err, errWrite)
	}
	if err := c.SVG(failingWriter{}); err != errWrite {
		t.Errorf("SVG: got %v, want %v", err, errWrite)
	}
}

// TestWidthIsBounded checks that a huge Width (from $COLUMNS, say) draws
// at MaxWidth columns instead of allocating cells by the billion.
func TestWidthIsBounded(t *testing.T) {
	c := timeline.NewChart(events(t, []task{{"main", "", "created@0s started@0s blocked:sleep@0s resumed:sleep@3s finished@3s"}}, nil))
	for _, width := range []int{timeline.MaxWidth, timeline.MaxWidth + 1, 2_000_000_000} {
		var b strings.Builder
		if err := c.Render(&b, timeline.Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		bar := strings.Split(b.String(), "\n")[0]
		if got := utf8.RuneCountInString(bar); got != timeline.MaxWidth {
			t.Errorf("Width %d: the row is %d columns, want %d", width, got, timeline.MaxWidth)
		}
	}
}
