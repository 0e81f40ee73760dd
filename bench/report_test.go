package main

import (
	"errors"
	"flag"
	"io"
	"math"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{2, 2, 9, 2, 9}, 2},
	}
	for _, tt := range tests {
		in := append([]float64(nil), tt.in...)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Fatalf("median modified its input: %v, was %v", tt.in, in)
			}
		}
	}
	if got := median(nil); !math.IsNaN(got) {
		t.Errorf("median(nil) = %v, want NaN", got)
	}
}

func TestRatio(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		a, b float64
		want string
	}{
		{3, 2, "1.50×"},
		{1, 3, "0.33×"},
		{25, 1, "25.0×"},
		{350, 1, "350×"},
		{nan, 1, "—"},
		{1, nan, "—"},
		{1, 0, "—"},
	}
	for _, tt := range tests {
		if got := formatRatio(ratio(tt.a, tt.b)); got != tt.want {
			t.Errorf("formatRatio(ratio(%v, %v)) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{formatDuration(2.5e9), "2.50 s"},
		{formatDuration(52.34e6), "52.3 ms"},
		{formatDuration(1500), "1.5 µs"},
		{formatDuration(math.NaN()), "—"},
		{formatNsOp(12.34), "12.3 ns"},
		{formatNsOp(25_000), "25.0 µs"},
		{formatKiB(2 << 20), "2.00 GiB"},
		{formatKiB(200 << 10), "200 MiB"},
		{formatKiB(3 << 9), "1.5 MiB"},
		{formatKiB(0), "—"},
		{formatBytes(1700), "1700 B"},
		{formatBytes(20 << 10), "20.0 KiB"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestRotate(t *testing.T) {
	cs := []contender{ours, floor, peer}
	for n, want := range []string{"ours floor peer", "floor peer ours", "peer ours floor", "ours floor peer"} {
		var got []string
		for _, c := range rotate(cs, n) {
			got = append(got, string(c))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("rotate(%v, %d) = %v, want %s", cs, n, got, want)
		}
	}
}

// fakeResults has every contender on workloads a and f and on one micro
// row, with ours 2× the floor and CPython 30× ours.
func fakeResults() results {
	var res results
	walls := map[contender]float64{ours: 2e6, floor: 1e6, peer: 2e6, cpython: 60e6}
	for _, key := range []string{"a", "f"} {
		for c, wall := range walls {
			for _, jitter := range []float64{1.1, 0.9, 1} {
				s := sample{wallNS: wall * jitter, maxRSSKB: 1 << 20, baseRSSKB: 0}
				if key == "f" && c != cpython {
					s.spawnNS, s.peakLive = 2e9, 50_000 // half the tasks had ended before the last began
				}
				res.addWork(key, c, s)
			}
		}
	}
	res.gated = map[contender][]sample{
		ours:  {{wallNS: 3e9, maxRSSKB: 2 << 20, peakLive: 100_000}},
		floor: {{wallNS: 3e9, maxRSSKB: 2 << 20, peakLive: 100_000}},
	}
	for _, c := range []contender{ours, floor} {
		res.addMicro("lock", c, microSample{nsPerOp: walls[c] / 1e5, allocsPerOp: 0})
	}
	return res
}

func TestReport(t *testing.T) {
	rep := buildReport(config{quick: true}, 3, "test machine", fakeResults())
	if len(rep.work) != 2 || len(rep.micro) != 1 {
		t.Fatalf("report has %d workload rows and %d micro rows, want 2 and 1", len(rep.work), len(rep.micro))
	}
	a := rep.work[0]
	if got := a.med(ours); got != 2e6 {
		t.Errorf("median of ours on a = %v, want 2e6", got)
	}
	// f, quick, 100,000 tasks: ours and the floor from their gated runs, 2 GiB
	// for all 100,000; the peer, with no gated run, 1 GiB for the 50,000 alive
	// at its peak; CPython reports no census, so all its tasks count.
	f := rep.work[1]
	for c, want := range map[contender]float64{
		ours: float64(2<<30) / 100_000, floor: float64(2<<30) / 100_000,
		peer: float64(1<<30) / 50_000, cpython: float64(1<<30) / 100_000,
	} {
		if got := f.perTask(c); got != want {
			t.Errorf("memory per task of %s = %v, want %v", c, got, want)
		}
	}
	met := map[string]bool{}
	for _, c := range rep.checks() {
		met[c.key] = c.met
	}
	want := map[string]bool{
		"floor/a": false, "rss/a": true, "cpython/a": true,
		"floor/f": false, "rss/f": true, "cpython/f": true, "memory/f": false,
		"floor/lock": false,
	}
	for k, w := range want {
		if got, ok := met[k]; !ok || got != w {
			t.Errorf("target %s: met = %v (present %v), want %v", k, got, ok, w)
		}
	}
	if len(met) != len(want) {
		t.Errorf("targets %v, want exactly %v", met, want)
	}
	md := rep.markdown()
	for _, s := range []string{
		"**Machine:** test machine",
		"| a: gather 10k no-op tasks | 2.0 ms | 1.0 ms | 2.0 ms errgroup | 60.0 ms | 2.00× | 1.00× | 30.0× |",
		"| lock: Lock + Unlock | 20.0 ns (0.0) | 10.0 ns (0.0) | — | 2.00× | — |",
		"| ours ≥ 20× faster than CPython (issue 5) | a: gather 10k no-op tasks | 30.0× | met | floor 60.0×, peer 30.0× |",
		"| ours ≤ 1.3× floor | lock: Lock + Unlock | 2.00× | **missed** |",
		"| ours ≤ 1.5× floor, peak RSS | a: gather 10k no-op tasks | 1.00× | met |",
		"| f: time per task ((wall − the 1.00 s sleep) ÷ tasks) | — | — | — | — | — | — | — |",
		"creating the 100000 tasks took ours 2.00 s, floor 2.00 s, peer 2.00 s (medians), against a sleep of 1.00 s per task, " +
			"and at most ours 50000, floor 50000, peer 50000 tasks were alive at once.",
		"so that all 100000 are alive at once: peak RSS ours 2.00 GiB, floor 2.00 GiB.",
		"- **ours against CPython** (how many times faster): a 30.0×, f 30.0×.",
		"- **ours against hand-written Go** (time ratio, per operation): lock 2.00×.",
		"- **targets** of issue 13 (against the floor) and issue 5 (against CPython): 4 of 8 met;",
		"**missed**",
		"What limits the missed targets",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("report lacks %q:\n%s", s, md)
		}
	}
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-quick", "-only", "a,micro", "-reps", "2", "-out", ""}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.quick || cfg.out != "" || cfg.repetitions() != 2 || !cfg.selected("a") || !cfg.selected(microKey) || cfg.selected("b") {
		t.Errorf("parseFlags gave %+v", cfg)
	}
	if got, want := cfg.command(), `cd bench && go run . -quick -only a,micro -reps 2 -out ""`; got != want {
		t.Errorf("command() = %s, want %s", got, want)
	}
	if cfg, _ := parseFlags(nil, io.Discard); cfg.repetitions() != 5 || cfg.out != "RESULTS.md" || !cfg.selected("f") ||
		cfg.command() != "cd bench && go run ." {
		t.Errorf("defaults: %+v", cfg)
	}
	for _, args := range [][]string{
		{"-reps", "-1"},
		{"-only", "a,z"},
		{"-bogus"},
		{"extra"},
		{"-reps", "x"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil || errors.Is(err, flag.ErrHelp) {
			t.Errorf("parseFlags(%q) = %v, want an error", args, err)
		}
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("parseFlags(-h) = %v, want flag.ErrHelp", err)
	}
}

// TestLimits checks that every explanation names causes that exist and is
// keyed by a target that report.checks can produce.
func TestLimits(t *testing.T) {
	known := map[string]bool{}
	for _, c := range causes {
		known[c.name] = true
	}
	rows := map[string]bool{}
	for _, w := range workloads {
		rows[w.key] = true
	}
	for _, m := range micros {
		rows[m.key] = true
	}
	for key, l := range limits {
		kind, rowKey, _ := strings.Cut(key, "/")
		switch {
		case !rows[rowKey]:
			t.Errorf("limits[%q]: no row %q", key, rowKey)
		case kind != "floor" && kind != "rss" && kind != "peer" && kind != "cpython" && kind != "memory":
			t.Errorf("limits[%q]: no target kind %q", key, kind)
		}
		if len(l.causes) == 0 && l.note == "" {
			t.Errorf("limits[%q] explains nothing", key)
		}
		for _, name := range l.causes {
			if !known[name] {
				t.Errorf("limits[%q] names unknown cause %q", key, name)
			}
		}
	}
}

func TestWhyMissed(t *testing.T) {
	got := whyMissed([]check{
		{target: "ours ≤ 1.3× floor", row: "gather: x", key: "floor/gather", value: 2, met: false},
		{target: "ours ≤ 1.3× peer (errgroup)", row: "taskgroup: x", key: "peer/taskgroup", value: 3, met: false},
		{target: "ours ≤ 1.3× floor", row: "lock: y", key: "floor/lock", value: 1, met: true},
		{target: "t", row: "z: w", key: "nowhere/z", value: 9, met: false},
	})
	for _, want := range []string{
		"- gather: x, ours ≤ 1.3× floor (2.00×): *task creation*.\n",
		"- taskgroup: x, ours ≤ 1.3× peer (errgroup) (3.00×): *task creation*. errgroup.Group.Go",
		"- z: w, t (9.00×): not analysed.\n",
		"- ***Task creation***: A task is one allocation",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("whyMissed lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "lock: y") || strings.Count(got, "***Task creation***") != 1 {
		t.Errorf("whyMissed lists a met target or a cause twice:\n%s", got)
	}
}
