package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/internal/eject"
	"github.com/rexasyncio/rexasyncio/internal/linestamp"
	"github.com/rexasyncio/rexasyncio/internal/sidebyside"
)

// What --stdlib, --compare, --times and --eject add to running an example.

// compareColumns is the narrowest terminal --compare prints two columns on:
// two 80-column sources and the gutter between them, give or take.
const compareColumns = 160

// stamped runs run with the output writer w, through a line stamper if
// --times is given: every line then starts with the moment it was printed,
// from now. The clock is time.Now, which is virtual under testing/synctest.
func stamped(w io.Writer, ex examples.Example, opts *options, run func(io.Writer) error) error {
	if !opts.times {
		return run(w)
	}
	s := linestamp.NewWriter(w, time.Now, ex.Duration)
	err := run(s)
	if ferr := s.Flush(); err == nil {
		err = ferr
	}
	return err
}

// runStdlib runs ex's standard-library form as a program's main would:
// Ctrl-C cancels its context.
func runStdlib(ctx context.Context, ex examples.Example, w io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	return ex.Stdlib(ctx, w)
}

// source prints one Go form of ex from file: on its own, or, with
// --compare, beside the Python; nothing with --no-source.
func (p *page) source(ex examples.Example, file, src string, opts *options, env environment) {
	switch {
	case opts.noSource:
	case opts.compare:
		p.section("examples/" + ex.PythonFile + " beside examples/" + file)
		p.compare(ex.PythonFile, ex.Python, file, src, env)
	default:
		p.section("examples/" + file)
		p.code(src, "go")
	}
}

// compare prints a Python program and a Go one aligned declaration by
// declaration: in two columns if the terminal is compareColumns wide or
// more, otherwise one after the other.
func (p *page) compare(pyFile, py, goFile, goSrc string, env environment) {
	lines := func(src, language string) []string {
		src = strings.TrimRight(expandTabs(src), "\n") + "\n"
		if p.color {
			src = highlight(src, language, p.trueColor)
		}
		return strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	}
	left := sidebyside.Source{Title: pyFile, Lines: lines(py, "python")}
	right := sidebyside.Source{Title: goFile, Lines: lines(goSrc, "go")}
	pairs := sidebyside.Align(sidebyside.PythonBlocks(py), sidebyside.GoBlocks(goSrc), sidebyside.SameName)
	lay := sidebyside.Layout{Rule: "─", Gutter: " │ "}
	if !env.utf8Locale() {
		lay.Rule, lay.Gutter = "-", " | "
	}
	if w := env.compareWidth(); w >= compareColumns {
		lay.Width = w
		p.print(sidebyside.Columns(pairs, left, right, lay))
		return
	}
	lay.Width = pageWidth
	p.print(sidebyside.Sequence(pairs, left, right, lay))
}

// compareWidth is the width --compare lays out in: $COLUMNS when it is a
// positive number, else the terminal's width, else 0 (not a terminal).
func (env environment) compareWidth() int {
	if n, err := strconv.Atoi(strings.TrimSpace(env.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return env.width
}

// runEject writes ex as a program of its own into opts.eject, for
// --eject, in the mode --goroutines chooses, and says what it wrote.
func runEject(ex examples.Example, opts *options, stdout, stderr io.Writer) int {
	mod, err := eject.FindModule()
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: --eject: %s\n", firstLine(err.Error()))
		return exitFailed
	}
	files, err := ex.Eject(modeOf(ex, opts), mod)
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: --eject: %s\n", firstLine(err.Error()))
		return exitInternal
	}
	dir := opts.eject
	if err := eject.Write(dir, files); err != nil {
		fmt.Fprintf(stderr, "rexasyncio: --eject=%s: %s\n", quoteIfOdd(clip(dir)), firstLine(err.Error()))
		if errors.Is(err, eject.ErrNotOurs) {
			return exitUsage
		}
		return exitFailed
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, filepath.Join(dir, name))
	}
	slices.Sort(names)
	_, err = fmt.Fprintf(stdout, "wrote %s\nrun it: cd %s && go run .\n",
		strings.Join(names, ", "), shellQuote(dir))
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: writing to stdout: %s\n", firstLine(err.Error()))
		return exitFailed
	}
	return exitOK
}

// shellQuote quotes a path for a POSIX shell if it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
