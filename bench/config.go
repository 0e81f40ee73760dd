package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// defaultOut is where the report goes without -out: bench/RESULTS.md, since
// bench is a module of its own and runs from its directory.
const defaultOut = "RESULTS.md"

// config is what the command line asks for.
type config struct {
	quick bool
	out   string          // where the Markdown report goes; "" writes none
	only  map[string]bool // selected workload keys and/or "micro"; nil = all
	reps  int             // repetitions; 0 = the mode's default
}

// command is the command line that asks for c, for the report.
func (c config) command() string {
	args := []string{"cd bench && go run ."}
	if c.quick {
		args = append(args, "-quick")
	}
	if c.only != nil {
		var keys []string
		for _, k := range selectable() {
			if c.only[k] {
				keys = append(keys, k)
			}
		}
		args = append(args, "-only "+strings.Join(keys, ","))
	}
	if c.reps > 0 {
		args = append(args, "-reps "+strconv.Itoa(c.reps))
	}
	if c.out != defaultOut {
		args = append(args, "-out "+strconv.Quote(c.out))
	}
	return strings.Join(args, " ")
}

// selectable lists what -only accepts: the workload keys and "micro".
func selectable() []string {
	keys := make([]string, 0, len(workloads)+1)
	for _, w := range workloads {
		keys = append(keys, w.key)
	}
	return append(keys, microKey)
}

// parseFlags parses the parent's command line. Usage goes to stderr; an
// error means exit status 2 (flag.ErrHelp for -h).
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var only string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&cfg.quick, "quick", false, "scale counts down ÷10 and repeat less: finishes in under a minute")
	fs.StringVar(&cfg.out, "out", defaultOut, `write the Markdown report to this file ("" for none)`)
	fs.StringVar(&only, "only", "", "comma-separated subset to run, among "+strings.Join(selectable(), ","))
	fs.IntVar(&cfg.reps, "reps", 0, "repetitions of each measurement (default 5, or 3 with -quick; e and f run at most 3 times, f once with -quick)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage (in bench/): go run . [-quick] [-out FILE] [-only a,c,...] [-reps N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	if cfg.reps < 0 {
		return cfg, fmt.Errorf("-reps must be >= 1, got %d", cfg.reps)
	}
	if only != "" {
		cfg.only = map[string]bool{}
		for _, k := range strings.Split(only, ",") {
			k = strings.TrimSpace(k)
			if !slices.Contains(selectable(), k) {
				return cfg, fmt.Errorf("-only: unknown %q, want some of %s", k, strings.Join(selectable(), ","))
			}
			cfg.only[k] = true
		}
	}
	return cfg, nil
}

// selected reports whether key (a workload or microKey) is to be run.
func (c config) selected(key string) bool { return c.only == nil || c.only[key] }

// repetitions is how many times each measurement runs.
func (c config) repetitions() int {
	switch {
	case c.reps > 0:
		return c.reps
	case c.quick:
		return 3
	default:
		return 5
	}
}
