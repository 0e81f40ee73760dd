package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// childTimeout bounds one child process: CPython's f, the slowest, takes
// about 25 s.
const childTimeout = 5 * time.Minute

// sample is one run of one contender on one workload.
type sample struct {
	wallNS    float64
	cpuNS     float64 // user+system CPU time of the workload
	spawnNS   float64 // how long creating every task took (b, f); 0 if not reported
	peakLive  float64 // the most tasks alive at once (b, f); 0 if not reported
	maxRSSKB  float64 // the child's peak RSS
	baseRSSKB float64 // its peak RSS before the workload started
}

// results holds every sample, by workload or micro key, then contender.
type results struct {
	work  map[string]map[contender][]sample
	gated map[contender][]sample // the memory workload, gated (Go contenders)
	micro map[string]map[contender][]microSample
}

func (r *results) addWork(key string, c contender, s sample) {
	if r.work == nil {
		r.work = map[string]map[contender][]sample{}
	}
	if r.work[key] == nil {
		r.work[key] = map[contender][]sample{}
	}
	r.work[key][c] = append(r.work[key][c], s)
}

// rotate returns cs turned left by n, so that no contender always runs
// first (right after another contender's process has just exited).
func rotate(cs []contender, n int) []contender {
	if len(cs) == 0 {
		return nil
	}
	n %= len(cs)
	return append(append([]contender{}, cs[n:]...), cs[:n]...)
}

// run is the parent: it measures what cfg selects, prints the report to
// stdout and writes it to cfg.out. Progress goes to stderr.
func run(cfg config, stdout, stderr io.Writer) error {
	started, loadBefore := time.Now(), loadAverage()
	if cfg.out != "" {
		// Fail now rather than after minutes of measuring.
		if fi, err := os.Stat(filepath.Dir(cfg.out)); err != nil || !fi.IsDir() {
			return fmt.Errorf("-out %s: no directory %s (run from the module root, or give -out)", cfg.out, filepath.Dir(cfg.out))
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	py, cleanup, err := preparePython()
	defer cleanup()
	if err != nil {
		return err
	}
	if py.exe == "" {
		fmt.Fprintln(stderr, "bench: python3 not found: the CPython column stays empty")
	}
	// An interrupt stops the child that is running (exec.CommandContext
	// kills it) and then the run, and the deferred cleanup still runs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var res results
	if err := runWorkloads(ctx, &res, cfg, exe, py, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "bench: workloads took %s\n", time.Since(started).Round(time.Second))
	if cfg.selected(microKey) {
		microStarted := time.Now()
		if err := runMicro(ctx, &res, cfg, stderr); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "bench: micro-benchmarks took %s\n", time.Since(microStarted).Round(time.Second))
	}
	rep := buildReport(cfg, cfg.repetitions(), describeMachine(py.version), res)
	rep.conditions = fmt.Sprintf("The run took %s; the 1-minute load average was %s at its start and %s at its end.",
		time.Since(started).Round(time.Second), loadBefore, loadAverage())
	md := rep.markdown()
	fmt.Fprint(stdout, md)
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(md), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "bench: wrote %s in %s\n", cfg.out, time.Since(started).Round(time.Second))
	}
	return nil
}

// runWorkloads measures the selected workloads: each repetition runs every
// workload once per contender, in an order that rotates from one repetition
// to the next. The first repetition of the memory workload also makes its
// gated runs.
func runWorkloads(ctx context.Context, res *results, cfg config, exe string, py pythonEnv, stderr io.Writer) error {
	reps := cfg.repetitions()
	for rep := range reps {
		for _, w := range workloads {
			if !cfg.selected(w.key) || rep >= w.reps(cfg.quick, reps) {
				continue
			}
			var cs []contender
			for _, c := range contenders {
				if w.has(c) && (c != cpython || py.exe != "") {
					cs = append(cs, c)
				}
			}
			for _, c := range rotate(cs, rep) {
				s, err := measure(ctx, w, c, cfg.quick, false, exe, py)
				if err != nil {
					return err
				}
				res.addWork(w.key, c, s)
				fmt.Fprintf(stderr, "rep %d/%d  %s %-7s %10s  CPU %10s  peak RSS %s\n", rep+1, reps, w.key, c,
					formatDuration(s.wallNS), formatDuration(s.cpuNS), formatKiB(s.maxRSSKB))
			}
			if w.key == memoryKey { // once per repetition: with 1M goroutines, one run varies by a third
				if err := runGated(ctx, res, w, cs, cfg.quick, exe, stderr); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// runGated measures each Go contender of w once more with every task alive
// at once, for memory per task (see census); the report takes the median
// over the repetitions.
func runGated(ctx context.Context, res *results, w workload, cs []contender, quick bool, exe string, stderr io.Writer) error {
	for _, c := range cs {
		if c == cpython {
			continue
		}
		s, err := measure(ctx, w, c, quick, true, exe, pythonEnv{})
		if err != nil {
			return err
		}
		if res.gated == nil {
			res.gated = map[contender][]sample{}
		}
		res.gated[c] = append(res.gated[c], s)
		fmt.Fprintf(stderr, "gated    %s %-7s %10s  CPU %10s  peak RSS %s, %.0f tasks alive\n", w.key, c,
			formatDuration(s.wallNS), formatDuration(s.cpuNS), formatKiB(s.maxRSSKB), s.peakLive)
	}
	return nil
}

// measure runs contender c on w in a child process of its own; gated asks a
// Go contender to hold every task until all exist (see census).
func measure(ctx context.Context, w workload, c contender, quick, gated bool, exe string, py pythonEnv) (sample, error) {
	n, k := w.size(quick)
	var cmd []string
	if c == cpython {
		cmd = []string{py.exe, py.dir + "/" + w.python, strconv.Itoa(n), strconv.Itoa(k)}
	} else {
		cmd = []string{exe, workerCommand, "-workload", w.key, "-impl", string(c),
			"-n", strconv.Itoa(n), "-k", strconv.Itoa(k), "-gated=" + strconv.FormatBool(gated)}
	}
	out, maxRSS, err := runChild(ctx, cmd)
	if err != nil {
		return sample{}, fmt.Errorf("workload %s, %s: %w", w.key, c, err)
	}
	if want := w.want(n, k); out.Check != want {
		return sample{}, fmt.Errorf("workload %s, %s: check value %d, want %d", w.key, c, out.Check, want)
	}
	return sample{
		wallNS:    float64(out.WallNS),
		cpuNS:     float64(out.CPUNS),
		spawnNS:   float64(out.SpawnNS),
		peakLive:  float64(out.PeakLive),
		maxRSSKB:  float64(maxRSS),
		baseRSSKB: float64(out.BaseRSSKB),
	}, nil
}

// runChild runs cmd, decodes the JSON line it prints and reads its peak RSS.
// The child is killed when ctx is done, after childTimeout, or when this
// process dies (see dieWithParent).
func runChild(ctx context.Context, cmd []string) (childResult, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, childTimeout)
	defer cancel()
	c := exec.CommandContext(ctx, cmd[0], cmd[1:]...)
	dieWithParent(c)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		return childResult{}, 0, fmt.Errorf("%s: %w\n%s", strings.Join(cmd, " "), err, stderr.Bytes())
	}
	var out childResult
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &out); err != nil {
		return childResult{}, 0, fmt.Errorf("%s: bad output %q: %w", strings.Join(cmd, " "), stdout.Bytes(), err)
	}
	return out, maxRSSKB(c.ProcessState), nil
}
