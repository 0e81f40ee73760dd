package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1   // an example returned an error, or stdout failed
	exitUsage       = 2   // a bad command line
	exitInternal    = 70  // a bug in rexasyncio (EX_SOFTWARE of sysexits.h)
	exitInterrupted = 130 // Ctrl-C, as shells report death by SIGINT
)

// run is the whole command: it obeys args, prints to stdout and stderr, and
// returns the exit status. It never lets a panic escape with a stack trace.
func run(args []string, stdout, stderr io.Writer) int {
	return runIn(context.Background(), args, stdout, stderr, realEnvironment(stdout))
}

// runIn is run with the context that examples run in and the environment made
// explicit, for tests.
func runIn(ctx context.Context, args []string, stdout, stderr io.Writer, env environment) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "rexasyncio: internal error (please report it): %s\n", firstLine(fmt.Sprint(r)))
			status = exitInternal
		}
	}()
	if len(args) > 0 && args[0] == "serve" {
		return runServe(ctx, args[1:], stdout, stderr)
	}
	opts, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: %v\n", err)
		return exitUsage
	}
	for _, n := range opts.notices {
		fmt.Fprintf(stderr, "rexasyncio: %s\n", n)
	}

	switch {
	case opts.help:
		err = writeHelp(stdout)
	case opts.version:
		_, err = fmt.Fprintf(stdout, "rexasyncio %s\n", version())
	case opts.list:
		err = writeList(stdout)
	case opts.eject != "":
		return runEject(selected(opts)[0], opts, stdout, stderr)
	default:
		return runExamples(ctx, selected(opts), opts, stdout, stderr, env)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: writing to stdout: %s\n", firstLine(err.Error()))
		return exitFailed
	}
	return exitOK
}

// selected returns the examples to run, in order: all of them for --all, those
// named on the command line, or the default.
func selected(opts *options) []examples.Example {
	if opts.all {
		return examples.All()
	}
	if len(opts.examples) == 0 {
		return []examples.Example{examples.Default()}
	}
	var exs []examples.Example
	for _, name := range opts.examples {
		ex, ok := examples.Lookup(name)
		if !ok { // the flags come from the registry, so it has them all
			panic(fmt.Sprintf("example %q is in examples.All but not found by examples.Lookup", name))
		}
		exs = append(exs, ex)
	}
	return exs
}

// runExamples runs each example in its mode (see modeOf), printing its
// header, its output as it happens, then what the options ask for. It stops
// at the first example that fails.
func runExamples(ctx context.Context, exs []examples.Example, opts *options, stdout, stderr io.Writer, env environment) int {
	svgs, err := createSVGFiles(opts.timelineSVG, exs)
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: %v\n", err)
		return exitUsage
	}
	defer svgs.discardUnwritten()

	out := &syncWriter{w: stdout}
	p := &page{w: out, color: env.colorEnabled(opts.color), trueColor: env.trueColor()}
	for i, ex := range exs {
		if i > 0 {
			p.blank()
		}
		p.header(ex)

		var rec *recording
		runCtx := ctx
		if opts.timeline || svgs != nil {
			rec = newRecording()
			runCtx = asyncio.WithRecorder(ctx, rec.recorder())
		}
		// RunLoop and Run both cancel the example on Ctrl-C.
		err := stamped(out, ex, opts, func(w io.Writer) error {
			return env.run(ex, runCtx, w, modeOf(ex, opts))
		})
		if status, failed := failure(ctx, ex, err, stderr); failed {
			return status
		}

		if opts.timeline {
			p.section("timeline of --" + ex.Name)
			err := rec.render(out, chartOptions{
				width: env.chartWidth(),
				ascii: opts.ascii || !env.utf8Locale(),
				color: p.color,
			})
			if err != nil {
				fmt.Fprintf(stderr, "rexasyncio: drawing the timeline: %s\n", firstLine(err.Error()))
				return exitFailed
			}
		}
		if f := svgs.fileFor(i); f != nil {
			if err := svgs.write(i, rec); err != nil {
				fmt.Fprintf(stderr, "rexasyncio: %s\n", firstLine(err.Error()))
				return exitFailed
			}
			p.section("timeline written to " + f.name)
		}
		p.source(ex, ex.File, ex.Source, opts, env)
		if opts.stdlib && ex.Stdlib != nil {
			p.section("--" + ex.Name + " on the standard library alone")
			err := stamped(out, ex, opts, func(w io.Writer) error {
				return runStdlib(ctx, ex, w)
			})
			if status, failed := failure(ctx, ex, err, stderr); failed {
				return status
			}
			p.source(ex, ex.StdlibFile, ex.StdlibSource, opts, env)
		}
		if opts.python {
			p.section("examples/" + ex.PythonFile)
			p.code(ex.Python, "python")
		}
		if opts.notes {
			p.section("notes: how Go differs in --" + ex.Name)
			p.prose(ex.Notes)
		}
	}
	if err := out.err(); err != nil {
		fmt.Fprintf(stderr, "rexasyncio: writing to stdout: %s\n", firstLine(err.Error()))
		return exitFailed
	}
	return exitOK
}

// failure reports how the command ends if an example's run returned err:
// interrupted (Ctrl-C cancelled ctx's child, not ctx), or failed. It
// returns false if err is nil.
func failure(ctx context.Context, ex examples.Example, err error, stderr io.Writer) (status int, failed bool) {
	switch {
	case err == nil:
		return exitOK, false
	case errors.Is(err, context.Canceled) && ctx.Err() == nil:
		fmt.Fprintln(stderr, "rexasyncio: interrupted")
		return exitInterrupted, true
	}
	fmt.Fprintf(stderr, "rexasyncio: --%s failed: %s\n", ex.Name, firstLine(err.Error()))
	return exitFailed, true
}

// modeOf returns the mode ex runs in: on goroutines for --goroutines if it
// can, otherwise its default, the event loop for the post's examples.
func modeOf(ex examples.Example, opts *options) examples.Mode {
	if opts.goroutines && slices.Contains(ex.Modes(), examples.Goroutines) {
		return examples.Goroutines
	}
	return ex.Modes()[0]
}

// firstLine returns s up to its first line break, so that every message the
// command prints is one line.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// syncWriter serialises writes to the command's stdout: an example's tasks
// write from several goroutines at once, and each line must come out whole.
// It remembers the first write error, since examples do not check theirs.
type syncWriter struct {
	mu       sync.Mutex // held only for one Write
	w        io.Writer
	firstErr error
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.w.Write(b)
	if err != nil && s.firstErr == nil {
		s.firstErr = err
	}
	return n, err
}

func (s *syncWriter) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.firstErr
}
