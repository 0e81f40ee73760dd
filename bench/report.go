package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// cell is the summary of one contender's samples on one row.
type cell struct {
	n           int
	med, lo, hi float64 // nanoseconds: wall time (workloads) or per operation (micro)
	cpu         float64 // median CPU time (workloads)
	spawn       float64 // median time to create every task (b, f), or 0
	peakLive    float64 // median of the most tasks alive at once (b, f), or 0
	rssKiB      float64 // median peak RSS (workloads)
	gatedRSSKiB float64 // median peak RSS of the gated runs (memory workload, Go), or 0
	perTaskB    float64 // median (peak RSS − RSS before) ÷ the most tasks alive at once, in bytes
	allocs      float64 // median allocs/op (micro)
}

// row is one workload or micro-benchmark with a cell per contender.
type row struct {
	key, title, peerName string
	n, k                 int // the workload's size
	cells                map[contender]cell
}

// med returns c's median time, NaN if c did not run.
func (r row) med(c contender) float64 {
	if x, ok := r.cells[c]; ok {
		return x.med
	}
	return math.NaN()
}

// perTask returns c's memory per task, NaN if unknown.
func (r row) perTask(c contender) float64 {
	if x, ok := r.cells[c]; ok && x.perTaskB > 0 {
		return x.perTaskB
	}
	return math.NaN()
}

// report is everything RESULTS.md shows.
type report struct {
	quick           bool
	reps, microReps int
	command         string // the command line that made it
	machine         string
	conditions      string // how long the run took, and how busy the machine was
	when            time.Time
	work, micro     []row
}

func buildReport(cfg config, reps int, machine string, res results) report {
	rep := report{quick: cfg.quick, reps: reps, microReps: microReps(cfg), command: cfg.command(), machine: machine,
		when: time.Now().UTC()}
	for _, w := range workloads {
		samples := res.work[w.key]
		if len(samples) == 0 {
			continue
		}
		n, k := w.size(cfg.quick)
		r := row{key: w.key, title: w.title(n, k), peerName: w.peerName, n: n, k: k, cells: map[contender]cell{}}
		for c, ss := range samples {
			var walls, cpus, spawns, lives, rss []float64
			for _, s := range ss {
				walls = append(walls, s.wallNS)
				cpus = append(cpus, s.cpuNS)
				spawns = append(spawns, s.spawnNS)
				lives = append(lives, s.peakLive)
				rss = append(rss, s.maxRSSKB)
			}
			x := summarize(walls)
			x.cpu, x.spawn, x.peakLive = median(cpus), median(spawns), median(lives)
			x.rssKiB = median(rss)
			if w.key == memoryKey {
				// Memory per task needs every task alive at once: the gated
				// run where there is one (Go), else these (CPython, whose
				// tasks all exist before any runs).
				if gated := res.gated[c]; len(gated) > 0 {
					ss = gated
					x.gatedRSSKiB = median(rssOf(gated))
				}
				x.perTaskB = median(memoryPerTask(ss, n))
			}
			r.cells[c] = x
		}
		rep.work = append(rep.work, r)
	}
	for _, m := range micros {
		samples := res.micro[m.key]
		if len(samples) == 0 {
			continue
		}
		r := row{key: m.key, title: m.title, peerName: m.peerName, cells: map[contender]cell{}}
		for c, ss := range samples {
			var ns, allocs []float64
			for _, s := range ss {
				ns = append(ns, s.nsPerOp)
				allocs = append(allocs, s.allocsPerOp)
			}
			x := summarize(ns)
			x.allocs = median(allocs)
			r.cells[c] = x
		}
		rep.micro = append(rep.micro, r)
	}
	return rep
}

func rssOf(ss []sample) []float64 {
	var out []float64
	for _, s := range ss {
		out = append(out, s.maxRSSKB)
	}
	return out
}

// memoryPerTask is, for each sample, the memory the workload added (peak RSS
// minus the RSS before it started) divided by the tasks alive at the peak
// (n when the sample does not say).
func memoryPerTask(ss []sample, n int) []float64 {
	var out []float64
	for _, s := range ss {
		live := s.peakLive
		if live <= 0 {
			live = float64(n)
		}
		out = append(out, (s.maxRSSKB-s.baseRSSKB)*1024/live)
	}
	return out
}

func summarize(xs []float64) cell {
	x := cell{n: len(xs), med: median(xs), lo: math.Inf(1), hi: math.Inf(-1)}
	for _, v := range xs {
		x.lo, x.hi = min(x.lo, v), max(x.hi, v)
	}
	return x
}

// The targets of issue 13, against the floor, and of issue 5, against
// CPython.
const (
	maxOpOverFloor     = 1.3  // every per-operation row with a target
	maxSwitchOverFloor = 2.0  // the loop's task switch against a channel ping-pong
	maxWorkOverFloor   = 1.5  // every workload, in wall time and in peak RSS
	maxGroupOverPeer   = 1.3  // TaskGroup against errgroup
	minSpeedup         = 20.0 // CPython/ours on a, c, d, e
	minSpeedupMemory   = 5.0  // CPython/ours on f
	maxMemoryPerTask   = 0.8  // ours/CPython memory per task on f
)

// loopSwitchKey is the row of the loop's task switch, with a target of its
// own; groupKey the TaskGroup row, held to errgroup.
const (
	loopSwitchKey = "loop-switch"
	groupKey      = "taskgroup"
)

// check is one target measured against one row.
type check struct {
	target string // e.g. "ours ≤ 1.5× floor"
	row    string // e.g. "a: gather 100k no-op tasks"
	key    string // looks up the explanation in limits
	value  float64
	met    bool
	ref    string // the same measure for the floor and the peer, when it tells whether the target is reachable
}

func (rep report) checks() []check {
	var out []check
	add := func(target, rowName, key string, value float64, met bool, ref string) {
		if !math.IsNaN(value) {
			out = append(out, check{target: target, row: rowName, key: key, value: value, met: met, ref: ref})
		}
	}
	// others gives measure for the floor and the peer.
	others := func(measure func(contender) float64) string {
		var parts []string
		for _, c := range []contender{floor, peer} {
			if v := measure(c); !math.IsNaN(v) {
				parts = append(parts, fmt.Sprintf("%s %s", c, formatRatio(v)))
			}
		}
		return strings.Join(parts, ", ")
	}
	for _, r := range rep.work {
		name := r.key + ": " + r.title
		f := ratio(r.med(ours), r.med(floor))
		add(fmt.Sprintf("ours ≤ %.1f× floor, time", maxWorkOverFloor), name, "floor/"+r.key, f, f <= maxWorkOverFloor, "")
		m := ratio(r.cells[ours].rssKiB, r.cells[floor].rssKiB)
		add(fmt.Sprintf("ours ≤ %.1f× floor, peak RSS", maxWorkOverFloor), name, "rss/"+r.key, m, m <= maxWorkOverFloor, "")
	}
	for _, r := range rep.micro {
		if microInfo(r.key) != "" {
			continue
		}
		name := r.key + ": " + r.title
		limit := maxOpOverFloor
		if r.key == loopSwitchKey {
			limit = maxSwitchOverFloor
		}
		f := ratio(r.med(ours), r.med(floor))
		add(fmt.Sprintf("ours ≤ %.1f× floor", limit), name, "floor/"+r.key, f, f <= limit, "")
		if r.key == groupKey {
			p := ratio(r.med(ours), r.med(peer))
			add(fmt.Sprintf("ours ≤ %.1f× peer (%s)", maxGroupOverPeer, r.peerName), name, "peer/"+r.key, p, p <= maxGroupOverPeer, "")
		}
	}
	for _, r := range rep.work {
		name := r.key + ": " + r.title
		speedup := ratio(r.med(cpython), r.med(ours))
		speedupRef := others(func(c contender) float64 { return ratio(r.med(cpython), r.med(c)) })
		switch r.key {
		case "a", "c", "d", "e":
			add(fmt.Sprintf("ours ≥ %.0f× faster than CPython (issue 5)", minSpeedup), name, "cpython/"+r.key,
				speedup, speedup >= minSpeedup, speedupRef)
		case memoryKey:
			add(fmt.Sprintf("ours ≥ %.0f× faster than CPython (issue 5)", minSpeedupMemory), name, "cpython/"+r.key,
				speedup, speedup >= minSpeedupMemory, speedupRef)
			mem := ratio(r.perTask(ours), r.perTask(cpython))
			add(fmt.Sprintf("ours ≤ %.1f× CPython's memory per task (issue 5)", maxMemoryPerTask), name, "memory/"+r.key,
				mem, mem <= maxMemoryPerTask, others(func(c contender) float64 { return ratio(r.perTask(c), r.perTask(cpython)) }))
		}
	}
	return out
}

// microInfo returns why a micro row is for information only, "" if it has
// a target.
func microInfo(key string) string {
	for _, m := range micros {
		if m.key == key {
			return m.info
		}
	}
	return ""
}

// markdown renders the report.
func (rep report) markdown() string {
	var b strings.Builder
	rep.writeHeader(&b)
	rep.writeHeadline(&b)
	rep.writeWorkloads(&b)
	rep.writeMicro(&b)
	rep.writeTargets(&b)
	rep.writeSpread(&b)
	b.WriteString(contendersText)
	return b.String()
}

func (rep report) writeHeader(b *strings.Builder) {
	mode := "Full run"
	if rep.quick {
		mode = "**Quick run** (counts ÷10, fewer repetitions; the full run is `cd bench && go run .`)"
	}
	fmt.Fprintf(b, "# Benchmark results\n\n%s: `%s`, %s.\n\n", mode, rep.command, rep.when.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(b, "**Machine:** %s\n\n", rep.machine)
	if rep.conditions != "" {
		fmt.Fprintf(b, "%s\n\n", rep.conditions)
	}
	fmt.Fprintf(b, "Each cell is the median of %d runs (fewer for the slowest workloads: see the spread below), each run "+
		"a fresh process per contender, the contenders alternating; the time is measured inside the process around the "+
		"workload alone, and peak RSS is the process's getrusage maximum. Per-operation rows are `testing.Benchmark` "+
		"medians of %d runs, in-process. Ratios above 1 in ours/floor and ours/peer mean ours is slower; CPython/ours "+
		"is how many times faster ours is.\n\n", rep.reps, rep.microReps)
}

// writeHeadline sums the run up in a few lines that a README can quote.
func (rep report) writeHeadline(b *strings.Builder) {
	var speedups, overFloor, opsOverFloor []string
	for _, r := range rep.work {
		if v := ratio(r.med(cpython), r.med(ours)); !math.IsNaN(v) {
			speedups = append(speedups, r.key+" "+formatRatio(v))
		}
		if v := ratio(r.med(ours), r.med(floor)); !math.IsNaN(v) {
			overFloor = append(overFloor, r.key+" "+formatRatio(v))
		}
	}
	for _, r := range rep.micro {
		if v := ratio(r.med(ours), r.med(floor)); !math.IsNaN(v) {
			opsOverFloor = append(opsOverFloor, r.key+" "+formatRatio(v))
		}
	}
	if len(speedups)+len(overFloor)+len(opsOverFloor) == 0 {
		return
	}
	b.WriteString("## Headline\n\n")
	if len(speedups) > 0 {
		fmt.Fprintf(b, "- **ours against CPython** (how many times faster): %s.\n", strings.Join(speedups, ", "))
	}
	for _, r := range rep.work {
		if mem := ratio(r.perTask(ours), r.perTask(cpython)); !math.IsNaN(mem) {
			fmt.Fprintf(b, "- **memory per task** in %s: %s CPython's (%s against %s).\n", r.key, formatRatio(mem),
				formatBytes(r.perTask(ours)), formatBytes(r.perTask(cpython)))
		}
	}
	if len(overFloor) > 0 {
		fmt.Fprintf(b, "- **ours against hand-written Go** (time ratio, workloads): %s.\n", strings.Join(overFloor, ", "))
	}
	if len(opsOverFloor) > 0 {
		fmt.Fprintf(b, "- **ours against hand-written Go** (time ratio, per operation): %s.\n", strings.Join(opsOverFloor, ", "))
	}
	if checks := rep.checks(); len(checks) > 0 {
		met := 0
		for _, c := range checks {
			if c.met {
				met++
			}
		}
		fmt.Fprintf(b, "- **targets** of issue 13 (against the floor) and issue 5 (against CPython): %d of %d met; what limits the others is below.\n", met, len(checks))
	}
	b.WriteString("\n")
}

func (rep report) writeWorkloads(b *strings.Builder) {
	if len(rep.work) == 0 {
		return
	}
	b.WriteString("## Workloads\n\n")
	b.WriteString("| workload | ours | floor | peer | CPython | ours/floor | ours/peer | CPython/ours | peak RSS ours | floor | peer | CPython |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.work {
		fmt.Fprintf(b, "| %s: %s | %s | %s | %s | %s | %s | %s | %s |", r.key, r.title,
			formatDuration(r.med(ours)), formatDuration(r.med(floor)), withPeer(formatDuration(r.med(peer)), r.peerName),
			formatDuration(r.med(cpython)),
			formatRatio(ratio(r.med(ours), r.med(floor))), formatRatio(ratio(r.med(ours), r.med(peer))),
			formatRatio(ratio(r.med(cpython), r.med(ours))))
		for _, c := range contenders {
			fmt.Fprintf(b, " %s |", formatKiB(r.cells[c].rssKiB))
		}
		b.WriteString("\n")
	}
	var notes []string
	for _, r := range rep.work {
		if r.key != memoryKey || math.IsNaN(r.perTask(ours)) && math.IsNaN(r.perTask(cpython)) {
			continue
		}
		fmt.Fprintf(b, "| %s: memory per task (peak RSS − RSS before, ÷ tasks, all alive at once) | %s | %s | %s | %s | %s | %s | %s | | | | |\n",
			r.key, formatBytes(r.perTask(ours)), formatBytes(r.perTask(floor)),
			withPeer(formatBytes(r.perTask(peer)), r.peerName), formatBytes(r.perTask(cpython)),
			formatRatio(ratio(r.perTask(ours), r.perTask(floor))), formatRatio(ratio(r.perTask(ours), r.perTask(peer))),
			formatRatio(ratio(r.perTask(cpython), r.perTask(ours))))
		perTaskTime := func(c contender) float64 {
			if t := (r.med(c) - float64(r.k)*1e6) / float64(r.n); t > 0 {
				return t
			}
			return math.NaN()
		}
		fmt.Fprintf(b, "| %s: time per task ((wall − the %s sleep) ÷ tasks) | %s | %s | %s | %s | %s | %s | %s | | | | |\n",
			r.key, formatDuration(float64(r.k)*1e6), formatNsOp(perTaskTime(ours)), formatNsOp(perTaskTime(floor)),
			withPeer(formatNsOp(perTaskTime(peer)), r.peerName), formatNsOp(perTaskTime(cpython)),
			formatRatio(ratio(perTaskTime(ours), perTaskTime(floor))), formatRatio(ratio(perTaskTime(ours), perTaskTime(peer))),
			formatRatio(ratio(perTaskTime(cpython), perTaskTime(ours))))
		if note := r.spawnNote(); note != "" {
			notes = append(notes, note)
		}
	}
	b.WriteString("\n")
	for _, note := range notes {
		fmt.Fprintf(b, "%s\n\n", note)
	}
}

func (rep report) writeMicro(b *strings.Builder) {
	if len(rep.micro) == 0 {
		return
	}
	b.WriteString("## Per operation\n\n")
	b.WriteString("Time per operation (allocations per operation). No CPython column: its per-operation costs are in the workloads. " +
		"Ours waits with a task's context, each goroutine its own, as code run by asyncio.Run does, except in the rows " +
		"marked *information*, which have no target. Rows ending in @1 ran at GOMAXPROCS 1.\n\n")
	b.WriteString("| operation | ours | floor | peer | ours/floor | ours/peer |\n|---|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.micro {
		op := func(c contender) string {
			x, ok := r.cells[c]
			if !ok {
				return "—"
			}
			return fmt.Sprintf("%s (%.1f)", formatNsOp(x.med), x.allocs)
		}
		title := r.title
		if info := microInfo(r.key); info != "" {
			title += " (*information*: " + info + ")"
		}
		fmt.Fprintf(b, "| %s: %s | %s | %s | %s | %s | %s |\n", r.key, title, op(ours), op(floor),
			withPeer(op(peer), r.peerName), formatRatio(ratio(r.med(ours), r.med(floor))), formatRatio(ratio(r.med(ours), r.med(peer))))
	}
	b.WriteString("\n")
}

func (rep report) writeTargets(b *strings.Builder) {
	checks := rep.checks()
	if len(checks) == 0 {
		return
	}
	b.WriteString("## Targets\n\n")
	if rep.quick {
		b.WriteString("Quick mode: the counts are ÷10, so the CPython ratios are indicative only; the targets apply to the full run.\n\n")
	}
	b.WriteString("The last column gives the same measure for the floor and the peer: whether hand-written Go could meet the target.\n\n")
	b.WriteString("| target | row | ours | | floor, peer |\n|---|---|--:|---|---|\n")
	met := 0
	for _, c := range checks {
		status := "**missed**"
		if c.met {
			status = "met"
			met++
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", c.target, c.row, formatRatio(c.value), status, c.ref)
	}
	fmt.Fprintf(b, "\n%d of %d targets met.\n\n", met, len(checks))
	b.WriteString(whyMissed(checks))
}

func (rep report) writeSpread(b *strings.Builder) {
	b.WriteString("## Spread\n\nMinimum – maximum over the runs (number of runs); for the workloads, then the median CPU " +
		"time (user + system, all threads) of the workload, which the other users of a shared machine disturb less than " +
		"the wall time.\n\n")
	b.WriteString("| row | ours | floor | peer | CPython |\n|---|--:|--:|--:|--:|\n")
	for _, rows := range [][]row{rep.work, rep.micro} {
		for _, r := range rows {
			fmt.Fprintf(b, "| %s |", r.key)
			for _, c := range contenders {
				x, ok := r.cells[c]
				switch {
				case !ok:
					b.WriteString(" — |")
				case isMicro(r.key):
					fmt.Fprintf(b, " %s – %s (%d) |", formatNsOp(x.lo), formatNsOp(x.hi), x.n)
				default:
					fmt.Fprintf(b, " %s – %s (%d); CPU %s |", formatDuration(x.lo), formatDuration(x.hi), x.n, formatDuration(x.cpu))
				}
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n")
}

func isMicro(key string) bool {
	for _, m := range micros {
		if m.key == key {
			return true
		}
	}
	return false
}

// withPeer names the peer next to its cell.
func withPeer(s, name string) string {
	if s == "—" || name == "" {
		return s
	}
	return s + " " + name
}

// spawnNote explains how memory per task was measured: a Go task starts
// sleeping as soon as it is created, so unless creating them all takes less
// than one sleep, the first have ended before the last exist; the gated runs
// hold every task until all exist, as CPython's are.
func (r row) spawnNote() string {
	var lives, spawns, gated []string
	for _, c := range contenders {
		x, ok := r.cells[c]
		if !ok || x.spawn <= 0 {
			continue
		}
		lives = append(lives, fmt.Sprintf("%s %.0f", c, x.peakLive))
		spawns = append(spawns, fmt.Sprintf("%s %s", c, formatDuration(x.spawn)))
		if x.gatedRSSKiB > 0 {
			gated = append(gated, fmt.Sprintf("%s %s", c, formatKiB(x.gatedRSSKiB)))
		}
	}
	if len(lives) == 0 {
		return ""
	}
	note := fmt.Sprintf("In the %s runs above, creating the %d tasks took %s (medians), against a sleep of %s per "+
		"task, and at most %s tasks were alive at once.", r.key, r.n, strings.Join(spawns, ", "),
		formatDuration(float64(r.k)*1e6), strings.Join(lives, ", "))
	if len(gated) > 0 {
		note += fmt.Sprintf(" Memory per task comes from one more run of each Go contender per repetition (the median), in "+
			"which every task waits until all exist before it sleeps (as a CPython task does not start before its "+
			"creator awaits), so that all %d are alive at once: peak RSS %s.", r.n, strings.Join(gated, ", "))
	}
	return note
}

// whyMissed lists the missed targets with what limits each, then explains
// each cause it named, once.
func whyMissed(checks []check) string {
	var b strings.Builder
	used := map[string]bool{}
	for _, c := range checks {
		if c.met {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("### What limits the missed targets\n\n")
		}
		fmt.Fprintf(&b, "- %s, %s (%s):", c.row, c.target, formatRatio(c.value))
		l, ok := limits[c.key]
		if !ok {
			b.WriteString(" not analysed.\n")
			continue
		}
		if len(l.causes) > 0 {
			var names []string
			for _, name := range l.causes {
				names = append(names, "*"+name+"*")
				used[name] = true
			}
			fmt.Fprintf(&b, " %s.", strings.Join(names, ", "))
		}
		if l.note != "" {
			fmt.Fprintf(&b, " %s", l.note)
		}
		b.WriteString("\n")
	}
	if len(used) == 0 {
		return b.String()
	}
	b.WriteString("\nThe causes, from CPU profiles of the library as it stands:\n\n")
	for _, c := range causes {
		if used[c.name] {
			fmt.Fprintf(&b, "- ***%s***: %s\n", capitalize(c.name), c.text)
		}
	}
	b.WriteString("\n")
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
