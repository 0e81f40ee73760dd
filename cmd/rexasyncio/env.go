package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// environment is what the command reads from the world besides its
// arguments: environment variables and whether stdout is a terminal. Tests
// fake it; run builds the real one.
type environment struct {
	getenv   func(string) string
	terminal bool // stdout is a terminal
	width    int  // the terminal's width in columns, 0 if unknown

	// runMain runs an example: examples.Example.RunMain, unless a test
	// stands in for the ones whose real work it does not look at.
	runMain func(ex examples.Example, ctx context.Context, w io.Writer, mode examples.Mode) error
}

// realEnvironment describes the process's environment and its stdout.
func realEnvironment(stdout io.Writer) environment {
	env := environment{getenv: os.Getenv, runMain: examples.Example.RunMain}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		env.terminal = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			env.width = w
		}
	}
	return env
}

// colorEnabled decides whether to print colour. --color=always and
// --color=never are obeyed as given (an explicit flag beats NO_COLOR, as
// no-color.org allows); auto colours only a terminal, and not when NO_COLOR is
// set to anything non-empty or TERM is "dumb".
func (env environment) colorEnabled(mode colorMode) bool {
	switch mode {
	case colorAlways:
		return true
	case colorNever:
		return false
	}
	return env.terminal && env.getenv("NO_COLOR") == "" && env.getenv("TERM") != "dumb"
}

// trueColor reports whether the terminal says it shows 24-bit colour.
func (env environment) trueColor() bool {
	ct := strings.ToLower(env.getenv("COLORTERM"))
	return ct == "truecolor" || ct == "24bit"
}

// chartWidth is the width to draw timelines at: $COLUMNS when it is a
// positive number, else the terminal's width, else 80; at most
// timeline.MaxWidth, since a chart is drawn cell by cell and COLUMNS may say
// anything.
func (env environment) chartWidth() int {
	if n, err := strconv.Atoi(strings.TrimSpace(env.getenv("COLUMNS"))); err == nil && n > 0 {
		return min(n, timeline.MaxWidth)
	}
	if env.width > 0 {
		return min(env.width, timeline.MaxWidth)
	}
	return 80
}

// utf8Locale reports whether the locale's character set is UTF-8, from the
// first of LC_ALL, LC_CTYPE and LANG that is set, as the C library decides it.
// No locale at all is the "C" locale, which is ASCII.
func (env environment) utf8Locale() bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := env.getenv(name); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}

// run runs ex as env says, as examples.Example.RunMain does by default.
func (env environment) run(ex examples.Example, ctx context.Context, w io.Writer, mode examples.Mode) error {
	if env.runMain == nil {
		return ex.RunMain(ctx, w, mode)
	}
	return env.runMain(ex, ctx, w, mode)
}
