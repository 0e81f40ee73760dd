package explorer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/explorer"
)

// The browser test drives the page in a real headless Chromium (Debian's
// chromium package) with chromedp. It takes seconds, so go test ./... skips
// it unless REXASYNCIO_BROWSER is set: to 1 to run it where Chromium is
// installed, or to require (as .ci/run does), which also turns a missing
// Chromium into a failure. It waits for conditions
// with generous timeouts and asserts no durations, so a slow machine only
// makes it slower.

var (
	update      = flag.Bool("update", false, "rewrite testdata/explorer.png, the README's screenshot, from the browser test")
	screenshots = flag.String("screenshots", "", "also save the browser test's other screenshots (phone, dark, large text) in this directory")
)

// screenshotPath is the README's picture of the page.
const screenshotPath = "testdata/explorer.png"

// browserPatience bounds every wait for the page.
const browserPatience = 60 * time.Second

// findChromium returns the path of a Chromium to test with, or skips.
func findChromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("REXASYNCIO_BROWSER") == "" {
		t.Skip("skipping the browser test, which takes seconds: " +
			"REXASYNCIO_BROWSER=1 runs it (CI runs it with REXASYNCIO_BROWSER=require)")
	}
	for _, name := range []string{os.Getenv("REXASYNCIO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("REXASYNCIO_BROWSER") == "require" {
		t.Fatal("REXASYNCIO_BROWSER=require, but no Chromium is installed (apt-get install chromium)")
	}
	t.Skip("no Chromium installed: skipping the browser test (apt-get install chromium to run it; " +
		"REXASYNCIO_BROWSER=require makes this skip a failure)")
	return ""
}

// browser is a headless Chromium tab, and the console errors it has shown.
type browser struct {
	ctx context.Context

	mu     sync.Mutex
	errors []string
}

// newBrowser starts Chromium with a new, empty profile and opens a tab. The
// machine's network is closed: the flags keep Chromium from reaching out.
func newBrowser(t *testing.T, path string) *browser {
	t.Helper()
	profile := t.TempDir()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	b := &browser{ctx: ctx}
	listening := make(chan struct{})
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
		<-listening
	})
	// The first action starts the browser; Console must come after it, or
	// both would start one.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		close(listening)
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx) // subscribed from here on
	go func() {
		defer close(listening)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.errors = append(b.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression into v.
func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(t *testing.T, js string) {
	t.Helper()
	deadline := time.Now().Add(browserPatience)
	for !eval[bool](t, b, js) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; status: %q", browserPatience, js,
				eval[string](t, b, `document.getElementById("status").textContent`))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// consoleErrors returns the errors the page has logged so far.
func (b *browser) consoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.errors)
}

// open loads the page with a query and waits until it is ready.
func (b *browser) open(t *testing.T, base, query string) {
	t.Helper()
	b.do(t, chromedp.Navigate(base+query))
	b.waitFor(t, `document.body.dataset.status === "ready"`)
}

// view is what the page shows at one moment.
type view struct {
	At      float64  `json:"at"`
	Playing bool     `json:"playing"`
	Ended   bool     `json:"ended"`
	Lines   []string `json:"lines"`  // the output lines shown, in order
	Tasks   []string `json:"tasks"`  // the timeline's rows
	States  []string `json:"states"` // each row's state, "" before it exists
	Cursor  string   `json:"cursor"` // the first cursor's left
}

const viewJS = `(() => {
	const p = document.getElementById("player").dataset;
	const rows = [...document.querySelectorAll("#timeline .tl-row[data-task]")];
	const cursor = document.querySelector("#timeline .tl-cursor");
	return {
		at: Number(p.at), playing: p.playing === "true", ended: p.ended === "true",
		lines: [...document.querySelectorAll("#output li:not([hidden]) .text")].map((e) => e.textContent),
		tasks: rows.map((r) => r.dataset.task),
		states: rows.map((r) => r.dataset.state),
		cursor: cursor ? cursor.style.left : "",
	};
})()`

func (b *browser) view(t *testing.T) view {
	t.Helper()
	return eval[view](t, b, viewJS)
}

// fetchRecording gets the recording the page replays (the server's cache).
func fetchRecording(t *testing.T, base, name string) explorer.Recording {
	t.Helper()
	resp, body := get(t, base+"api/examples/"+name+"/recording")
	if resp.StatusCode != 200 {
		t.Fatalf("recording of %s: %d %s", name, resp.StatusCode, body)
	}
	var rec explorer.Recording
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// linesBy returns the texts of rec's lines printed by t.
func linesBy(rec explorer.Recording, t float64) []string {
	var texts []string
	for _, l := range rec.Lines {
		if l.At <= t+1e-9 {
			texts = append(texts, l.Text)
		}
	}
	return texts
}

// stateAt is a task's state at t as the recording gives it: "" before its
// creation, its outcome once it has ended.
func stateAt(task explorer.Task, t float64) string {
	if t < task.Created-1e-9 {
		return ""
	}
	if task.Outcome != "running" && t >= task.Ended-1e-9 {
		return task.Outcome
	}
	for _, iv := range task.Intervals {
		if t >= iv.Start-1e-9 && t < iv.End-1e-9 {
			return iv.State
		}
	}
	if n := len(task.Intervals); n > 0 {
		return task.Intervals[n-1].State
	}
	return task.Outcome
}

func texts(lines []explorer.Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Text)
	}
	return out
}

// waiting is a line of the Go source that the page highlights: its number,
// the tasks it names as waiting there, and its code.
type waiting struct {
	Line  int    `json:"line"`
	Tasks string `json:"tasks"`
	Code  string `json:"code"`
}

const waitingJS = `[...document.querySelectorAll('#sources .source[data-key="go"] pre.chroma .line')]
	.map((l, i) => l.classList.contains("waiting") ? { line: i + 1, tasks: l.dataset.waiting, code: l.querySelector(".cl").textContent } : null)
	.filter((w) => w !== null)`

func (b *browser) waiting(t *testing.T) []waiting {
	t.Helper()
	return eval[[]waiting](t, b, waitingJS)
}

// intervalAt is the interval a task is in at t, as the page finds it; false
// before its creation and once it has ended (its outcome has no position).
func intervalAt(task explorer.Task, t float64) (explorer.Interval, bool) {
	if t < task.Created-1e-9 || task.Outcome != "running" && t >= task.Ended-1e-9 {
		return explorer.Interval{}, false
	}
	for _, iv := range task.Intervals {
		if t >= iv.Start-1e-9 && t < iv.End-1e-9 {
			return iv, true
		}
	}
	if n := len(task.Intervals); n > 0 {
		return task.Intervals[n-1], true
	}
	return explorer.Interval{}, false
}

// waitingAt returns the lines where rec's tasks wait at t, by line, each
// with the names of the tasks there, in row order.
func waitingAt(rec explorer.Recording, t float64) []waiting {
	byLine := make(map[int][]string)
	for _, task := range rec.Tasks {
		if iv, ok := intervalAt(task, t); ok && iv.Line > 0 {
			byLine[iv.Line] = append(byLine[iv.Line], task.Name)
		}
	}
	var out []waiting
	for line, names := range byLine {
		out = append(out, waiting{Line: line, Tasks: strings.Join(names, ", ")})
	}
	slices.SortFunc(out, func(a, b waiting) int { return a.Line - b.Line })
	return out
}

// sameWaiting reports whether the page highlights the lines want names,
// with the same tasks.
func sameWaiting(got, want []waiting) bool {
	return slices.EqualFunc(got, want, func(g, w waiting) bool { return g.Line == w.Line && g.Tasks == w.Tasks })
}

func taskNames(rec explorer.Recording) []string {
	var out []string
	for _, task := range rec.Tasks {
		out = append(out, task.Name)
	}
	return out
}

func TestBrowser(t *testing.T) {
	chromium := findChromium(t)
	_, ts := newTestServer(t, explorer.Options{})
	base := ts.URL + "/"
	// The examples on goroutines record in real time: record them all now,
	// in parallel, while the other subtests run.
	var recording sync.WaitGroup
	defer recording.Wait()
	for _, ex := range examples.All() {
		recording.Go(func() {
			if resp, err := http.Get(base + "api/examples/" + ex.Name + "/recording"); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	b := newBrowser(t, chromium)

	// Replay gather and semaphore at 4×: the lines appear in order, never
	// taking one back, until all are shown; the timeline has a row per task.
	for _, name := range []string{"gather", "semaphore"} {
		t.Run("replay "+name, func(t *testing.T) {
			rec := fetchRecording(t, base, name)
			for _, p := range compareLines(readGolden(t, name).lines, rec.Lines, 0.5) {
				t.Errorf("the recording is not the golden transcript: %s", p)
			}
			b.open(t, base, "?example="+name+"&speed=4")
			if v := b.view(t); !slices.Equal(v.Tasks, taskNames(rec)) {
				t.Errorf("timeline rows %q, want a row per task: %q", v.Tasks, taskNames(rec))
			}
			b.do(t, chromedp.Click(chromedp.ID("play")))
			all := texts(rec.Lines)
			shown := 0
			deadline := time.Now().Add(browserPatience)
			for {
				v := b.view(t)
				if len(v.Lines) < shown || !slices.Equal(v.Lines, all[:len(v.Lines)]) {
					t.Fatalf("at %vs the page shows %q: not the first lines of %q, or fewer than before (%d)", v.At, v.Lines, all, shown)
				}
				if !slices.Equal(v.Lines, linesBy(rec, v.At)) {
					t.Fatalf("at %vs the page shows %q, want %q", v.At, v.Lines, linesBy(rec, v.At))
				}
				shown = len(v.Lines)
				if v.Ended && !v.Playing {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the replay did not end: %+v", v)
				}
				time.Sleep(10 * time.Millisecond)
			}
			if v := b.view(t); !slices.Equal(v.Lines, all) || v.At != rec.Duration || v.Cursor != "100%" {
				t.Errorf("at the end: lines %q at %vs, cursor at %s; want %q at %vs, cursor at 100%%", v.Lines, v.At, v.Cursor, all, rec.Duration)
			}
		})
	}

	// Step through semaphore from its start: each step moves to a later
	// moment, and shows exactly the lines printed by then and each task's
	// state then.
	t.Run("step", func(t *testing.T) {
		rec := fetchRecording(t, base, "semaphore")
		b.open(t, base, "?example=semaphore")
		b.do(t, chromedp.Click(chromedp.ID("restart")))
		last, steps := -1.0, 0
		for {
			b.do(t, chromedp.Click(chromedp.ID("step")))
			v := b.view(t)
			if v.At <= last {
				t.Fatalf("step %d went from %vs to %vs", steps, last, v.At)
			}
			if !slices.Equal(v.Lines, linesBy(rec, v.At)) {
				t.Errorf("step %d, at %vs: lines %q, want %q", steps, v.At, v.Lines, linesBy(rec, v.At))
			}
			for i, task := range rec.Tasks {
				if want := stateAt(task, v.At); v.States[i] != want {
					t.Errorf("step %d, at %vs: %s is %q, want %q", steps, v.At, task.Name, v.States[i], want)
				}
			}
			if got, want := b.waiting(t), waitingAt(rec, v.At); !sameWaiting(got, want) {
				t.Errorf("step %d, at %vs: the Go source highlights %+v, want %+v", steps, v.At, got, want)
			}
			last, steps = v.At, steps+1
			if v.Ended {
				break
			}
			if steps > 1000 {
				t.Fatal("stepping does not reach the end")
			}
		}
		// Lines come at three moments (0 s, 1 s, 2 s), so at least three steps.
		if steps < 3 {
			t.Errorf("%d steps through semaphore, want at least 3", steps)
		}
		if !strings.Contains(eval[string](t, b, "location.search"), "at=") {
			t.Errorf("the address does not name the moment: %s", eval[string](t, b, "location.href"))
		}
	})

	// Scrub: drag the slider half way.
	t.Run("scrub", func(t *testing.T) {
		rec := fetchRecording(t, base, "semaphore")
		mid := rec.Duration / 2
		eval[bool](t, b, fmt.Sprintf(`(() => { const s = document.getElementById("scrub");
			s.value = "%v"; s.dispatchEvent(new Event("input")); return true })()`, mid))
		v := b.view(t)
		if !slices.Equal(v.Lines, linesBy(rec, v.At)) || v.At < mid-0.01 || v.At > mid+0.01 {
			t.Errorf("scrubbed to %vs: page at %vs shows %q, want %q", mid, v.At, v.Lines, linesBy(rec, mid))
		}
	})

	// A shared address opens at its moment.
	t.Run("share", func(t *testing.T) {
		rec := fetchRecording(t, base, "semaphore")
		b.open(t, base, "?example=semaphore&at=1.5")
		v := b.view(t)
		if v.At != 1.5 || !slices.Equal(v.Lines, linesBy(rec, 1.5)) || v.Playing {
			t.Errorf("?at=1.5 opens at %vs, playing %v, showing %q", v.At, v.Playing, v.Lines)
		}
		for i, task := range rec.Tasks {
			if want := stateAt(task, 1.5); v.States[i] != want {
				t.Errorf("at 1.5 s %s is %q, want %q", task.Name, v.States[i], want)
			}
		}
	})

	// Modes: the post's examples replay on the event loop unless the page
	// asks for goroutines; the threads and processes only on goroutines.
	t.Run("modes", func(t *testing.T) {
		mode := `document.getElementById("mode").value`
		status := `document.getElementById("status").textContent`
		b.open(t, base, "?example=semaphore")
		if got := eval[string](t, b, mode); got != "loop" || !strings.Contains(eval[string](t, b, status), "(event loop)") {
			t.Errorf("semaphore opens in mode %q, status %q; want the loop", got, eval[string](t, b, status))
		}
		b.do(t, chromedp.SetValue(chromedp.ID("mode"), "goroutines"))
		eval[bool](t, b, `document.getElementById("mode").dispatchEvent(new Event("change"))`)
		b.waitFor(t, `document.body.dataset.status === "ready" && document.getElementById("status").textContent.includes("(free goroutines)")`)
		if q := eval[string](t, b, "location.search"); !strings.Contains(q, "mode=goroutines") {
			t.Errorf("after choosing goroutines the address is %s", q)
		}
		b.open(t, base, "?example=thread")
		if got := eval[string](t, b, mode); got != "goroutines" {
			t.Errorf("thread shows mode %q, want goroutines", got)
		}
		if !eval[bool](t, b, `document.querySelector('#mode option[value="loop"]').disabled`) {
			t.Error("thread offers the loop")
		}
		if q := eval[string](t, b, "location.search"); strings.Contains(q, "mode=") {
			t.Errorf("thread's address names its only mode: %s", q)
		}
	})

	// Sources in tabs, or side by side.
	t.Run("sources", func(t *testing.T) {
		b.open(t, base, "?example=gather")
		shown := `[...document.querySelectorAll("#sources .source")].filter((e) => e.offsetParent !== null).map((e) => e.dataset.key)`
		if got := eval[[]string](t, b, shown); !slices.Equal(got, []string{"go"}) {
			t.Errorf("sources shown at first: %q, want the Go on package asyncio only", got)
		}
		b.do(t, chromedp.Click(chromedp.CSS(`#source-tabs [data-key="python"]`)))
		if got := eval[[]string](t, b, shown); !slices.Equal(got, []string{"python"}) {
			t.Errorf("after the Python tab: %q", got)
		}
		b.do(t, chromedp.Click(chromedp.CSS(`#source-tabs [data-key="stdlib"]`)))
		if got := eval[[]string](t, b, shown); !slices.Equal(got, []string{"stdlib"}) {
			t.Errorf("after the standard library's tab: %q", got)
		}
		b.do(t, chromedp.Click(chromedp.ID("side-by-side")))
		if got := eval[[]string](t, b, shown); !slices.Equal(got, []string{"python", "go", "stdlib"}) {
			t.Errorf("side by side: %q", got)
		}
		tops := eval[[]float64](t, b, `[...document.querySelectorAll("#sources .source")].map((e) => e.getBoundingClientRect().top)`)
		if len(tops) != 3 || tops[0] != tops[1] || tops[1] != tops[2] {
			t.Errorf("side by side, the sources start at heights %v", tops)
		}
		b.do(t, chromedp.Click(chromedp.ID("side-by-side")))
	})

	// While gather's main awaits its tasks, the Go source highlights its
	// Gather call, and the lines where its tasks sleep.
	t.Run("source lines", func(t *testing.T) {
		rec := fetchRecording(t, base, "gather")
		var main explorer.Task
		for _, task := range rec.Tasks {
			if task.Name == "main" {
				main = task
			}
		}
		var at float64
		for _, iv := range main.Intervals {
			if iv.State == "awaiting tasks" {
				at = math.Round((iv.Start+iv.End)/2*1000) / 1000
			}
		}
		if at == 0 {
			t.Fatalf("main never awaits: %+v", main)
		}
		b.open(t, base, fmt.Sprintf("?example=gather&at=%v", at))
		got := b.waiting(t)
		if !sameWaiting(got, waitingAt(rec, at)) {
			t.Errorf("at %vs the Go source highlights %+v, want %+v", at, got, waitingAt(rec, at))
		}
		i := slices.IndexFunc(got, func(w waiting) bool { return w.Tasks == "main" })
		if i < 0 || !strings.Contains(got[i].Code, "Gather(") {
			t.Errorf("at %vs main awaits at %+v, want its Gather call", at, got)
		}
		// Back at the start nothing waits yet.
		b.do(t, chromedp.Click(chromedp.ID("restart")))
		if got := b.waiting(t); !sameWaiting(got, waitingAt(rec, 0)) {
			t.Errorf("at 0 s the Go source highlights %+v, want %+v", got, waitingAt(rec, 0))
		}
	})

	// Every example, in its default mode: scrub to the end, step back, play
	// to the end at 4×, step back and forth. The output pane ends with all
	// the recording's lines in order, the timeline has a row per task, the
	// page shows each task's state and where it waits, and logs no error.
	t.Run("every example", func(t *testing.T) {
		var list exampleList
		_, body := get(t, base+"api/examples")
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range list.Groups {
			for _, ex := range g.Examples {
				names = append(names, ex.Name)
			}
		}
		var registry []string
		for _, ex := range examples.All() {
			registry = append(registry, ex.Name)
		}
		if !slices.Equal(names, registry) {
			t.Errorf("the page lists %q, the registry holds %q", names, registry)
		}
		for _, name := range names {
			t.Run(name, func(t *testing.T) { replayToTheEnd(t, b, base, name) })
		}
	})

	// The README's screenshot: semaphore half way through its second round.
	t.Run("screenshot", func(t *testing.T) {
		b.open(t, base, "?example=semaphore&at=1.5")
		shot := b.screenshot(t)
		checkPNG(t, shot, 1280, 900)
		if *update {
			if err := os.WriteFile(screenshotPath, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", screenshotPath)
		}
		golden, err := os.ReadFile(screenshotPath)
		if err != nil {
			t.Fatalf("%v (go test ./explorer -run TestBrowser -update writes it)", err)
		}
		checkPNG(t, golden, 1280, 900)

		// A projector: the same in large text.
		b.do(t, chromedp.Click(chromedp.ID("large")))
		b.waitFor(t, `document.documentElement.classList.contains("large")`)
		if w := eval[float64](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
			t.Errorf("large text: the page is %vpx wider than the window", w)
		}
		b.save(t, "large.png")
		b.do(t, chromedp.Click(chromedp.ID("large")))
	})

	// Live: gather runs for real and its lines stream in.
	t.Run("live", func(t *testing.T) {
		b.open(t, base, "?example=gather")
		b.do(t, chromedp.Click(chromedp.ID("view-live")), chromedp.Click(chromedp.ID("run-live")))
		b.waitFor(t, `document.body.dataset.live === "ended"`)
		v := b.view(t)
		var got []explorer.Line
		for _, text := range v.Lines {
			got = append(got, explorer.Line{Text: text})
		}
		var want []explorer.Line
		for _, l := range readGolden(t, "gather").lines {
			want = append(want, explorer.Line{Text: l.Text})
		}
		p := append(compareLines(want, got, 0), compareOrder(want, got)...) // on the loop, one order
		if len(p) > 0 || len(v.Tasks) != 3 || !v.Ended {
			t.Errorf("after the live run: lines %q (%v), rows %q, ended %v", v.Lines, p, v.Tasks, v.Ended)
		}
	})

	// A phone-sized screen: nothing wider than the screen, in both text sizes.
	t.Run("phone", func(t *testing.T) {
		b.do(t, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		defer b.do(t, chromedp.EmulateViewport(1280, 900))
		b.open(t, base, "?example=semaphore&at=1.5")
		for _, large := range []bool{false, true} {
			if large {
				b.do(t, chromedp.Click(chromedp.ID("large")))
				b.waitFor(t, `document.documentElement.classList.contains("large")`)
			}
			// A mobile browser widens its layout viewport to fit content
			// that overflows: compare with the screen's width.
			if w := eval[float64](t, b, `document.documentElement.scrollWidth - screen.width`); w > 0 {
				t.Errorf("large text %v: the page is %vpx wider than the phone's screen", large, w)
			}
			b.save(t, fmt.Sprintf("phone-large-%v.png", large))
		}
		b.do(t, chromedp.Click(chromedp.ID("large"))) // back to normal, for what follows
	})

	// Dark theme, for a look (saved with -screenshots).
	t.Run("dark", func(t *testing.T) {
		if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			t.Fatal(err)
		}
		b.open(t, base, "?example=gather&at=0.5")
		if bg := eval[string](t, b, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(13, 17, 23)" {
			t.Errorf("dark theme: background %s", bg)
		}
		b.save(t, "dark.png")
	})

	if errs := b.consoleErrors(); len(errs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// replayToTheEnd opens the example name in its default mode at 4×, scrubs to
// the end, steps back, plays to the end, steps back and forth, and checks
// the page at each stop against the recording.
func replayToTheEnd(t *testing.T, b *browser, base, name string) {
	rec := fetchRecording(t, base, name)
	if rec.Error != "" || len(rec.Lines) == 0 {
		t.Fatalf("the recording failed (%q) or printed nothing: %+v", rec.Error, rec.Lines)
	}
	errs := len(b.consoleErrors())
	b.open(t, base, "?example="+name+"&speed=4")
	all := texts(rec.Lines)
	check := func(what string, end bool) {
		t.Helper()
		v := b.view(t)
		if !slices.Equal(v.Tasks, taskNames(rec)) {
			t.Errorf("%s: timeline rows %q, want a row per task: %q", what, v.Tasks, taskNames(rec))
		}
		if end && (!v.Ended || v.Playing || !slices.Equal(v.Lines, all)) {
			t.Errorf("%s: at %vs (ended %v, playing %v) the page shows %q, want all of %q", what, v.At, v.Ended, v.Playing, v.Lines, all)
		}
		if !end && (v.Ended || v.At >= rec.Duration) {
			t.Errorf("%s: at %vs, at the end", what, v.At)
		}
		if !slices.Equal(v.Lines, linesBy(rec, v.At)) {
			t.Errorf("%s: at %vs the page shows %q, want %q", what, v.At, v.Lines, linesBy(rec, v.At))
		}
		for i, task := range rec.Tasks {
			if want := stateAt(task, v.At); i < len(v.States) && v.States[i] != want {
				t.Errorf("%s: at %vs %s is %q, want %q", what, v.At, task.Name, v.States[i], want)
			}
		}
		if got, want := b.waiting(t), waitingAt(rec, v.At); !sameWaiting(got, want) {
			t.Errorf("%s: at %vs the Go source highlights %+v, want %+v", what, v.At, got, want)
		}
	}
	check("opened", false)
	eval[bool](t, b, `(() => { const s = document.getElementById("scrub");
		s.value = s.max; s.dispatchEvent(new Event("input")); return true })()`)
	check("scrubbed to the end", true)
	b.do(t, chromedp.Click(chromedp.ID("back")))
	check("a step back", false)
	b.do(t, chromedp.Click(chromedp.ID("play")))
	b.waitFor(t, `document.getElementById("player").dataset.ended === "true" && document.getElementById("player").dataset.playing === "false"`)
	check("played to the end", true)
	b.do(t, chromedp.Click(chromedp.ID("back")))
	check("a step back", false)
	b.do(t, chromedp.Click(chromedp.ID("step")))
	check("a step forth", true)
	if e := b.consoleErrors(); len(e) > errs {
		t.Errorf("the page logged errors:\n%s", strings.Join(e[errs:], "\n"))
	}
}

func (b *browser) screenshot(t *testing.T) []byte {
	t.Helper()
	shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	return shot
}

// save writes a screenshot into the -screenshots directory, if one is given.
func (b *browser) save(t *testing.T, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), b.screenshot(t), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkPNG decodes a screenshot and checks its size and that it shows
// something: a blank page is one colour.
func checkPNG(t *testing.T, data []byte, width, height int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), width, height)
	}
	colours := make(map[string]bool)
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[strconv.Itoa(int(r>>8))+","+strconv.Itoa(int(g>>8))+","+strconv.Itoa(int(bl>>8))] = true
		}
	}
	if len(colours) < 20 {
		t.Errorf("the screenshot has %d colours: a blank page?", len(colours))
	}
	return img
}
