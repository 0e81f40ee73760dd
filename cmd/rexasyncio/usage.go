package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/rexasyncio/rexasyncio/examples"
)

// helpColumn is where the descriptions start in --help, as in argparse
// (its max_help_position); a flag too long for it gets a line of its own.
const helpColumn = 24

// writeHelp prints the --help text in the style of Python's argparse, as the
// post shows it: a usage line, a description, then one line per flag.
func writeHelp(w io.Writer) error {
	specs := flagSpecs()
	var b strings.Builder

	const prog = "usage: rexasyncio "
	var items []string
	for _, s := range specs {
		if s.name != "help" { // -h stands for both
			items = append(items, "["+s.usage+"]")
		}
	}
	b.WriteString(strings.Join(wrap(strings.Join(items, " "), pageWidth, prog, strings.Repeat(" ", len(prog))), "\n"))
	b.WriteString("\n\n")

	def := examples.Default().Name
	for _, l := range wrap("Run the asyncio examples of the post, and others on threads and processes, "+
		"ported to Go: each prints its output as it happens, then its Go source. "+
		"The post's examples run on an event loop, one task at a time, as asyncio does, "+
		"so every run prints their lines in CPython's order; --goroutines runs them "+
		"on free goroutines instead, to show what changes in Go. "+
		"With no example flag, run the default (--"+def+").",
		pageWidth, "", "") {
		b.WriteString(l + "\n")
	}

	b.WriteString("\noptions:\n")
	for _, s := range specs {
		switch s.name {
		case "help":
			writeHelpEntry(&b, "-h, --help", s.help)
		case "run":
			writeHelpEntry(&b, s.usage, s.help)
		}
	}
	for _, group := range groups() {
		b.WriteString("\n" + group + ":\n")
		for _, s := range specs {
			if s.example && s.group == group {
				writeHelpEntry(&b, s.usage, s.help)
			}
		}
	}
	b.WriteString("\nmore options:\n")
	for _, s := range specs {
		if s.name != "h" && s.name != "help" && s.name != "run" && !s.example {
			writeHelpEntry(&b, s.usage, s.help)
		}
	}
	b.WriteString("\n")
	for _, l := range wrap("Several example flags run their examples in the order given. "+
		"Flags start with - or --; a value follows \"=\", or, for --color and --eject, "+
		"comes as the next argument. "+
		"--list and --version run no example, so they go with no other flag but --color; "+
		"--goroutines goes with no flag of the threads and processes, which always run on goroutines, "+
		"and neither does --stdlib; --eject goes with one example flag, --goroutines and --color; "+
		"--help goes with any. Ctrl-C cancels the running example. "+
		"rexasyncio serve starts a web explorer of the examples on "+explorerAddr+
		" (this machine only; see rexasyncio serve --help).", pageWidth, "", "") {
		b.WriteString(l + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeHelpEntry writes one flag and its description, argparse style.
func writeHelpEntry(b *strings.Builder, flag, help string) {
	indent := strings.Repeat(" ", helpColumn)
	first := "  " + flag
	if columns(first)+2 > helpColumn {
		b.WriteString(first + "\n")
		first = indent
	} else {
		first += strings.Repeat(" ", helpColumn-columns(first))
	}
	for _, l := range wrap(help, pageWidth, first, indent) {
		b.WriteString(l + "\n")
	}
}

// writeList prints --list: each example's name and summary, and the Python
// to Go mapping it teaches, under a heading for each group of examples.
func writeList(w io.Writer) error {
	all := examples.All()
	var b strings.Builder
	fmt.Fprintf(&b, "The %d examples, group by group, each with the Python → Go mapping it\n"+
		"teaches. Run one with rexasyncio --NAME.\n", len(all))
	for _, group := range groups() {
		inGroup := slices.DeleteFunc(slices.Clone(all), func(ex examples.Example) bool { return ex.Group != group })
		nameWidth := 0
		for _, ex := range inGroup {
			nameWidth = max(nameWidth, len(ex.Name))
		}
		col := 2 + nameWidth + 2
		indent := strings.Repeat(" ", col)
		b.WriteString("\n" + group + ":\n")
		for _, ex := range inGroup {
			first := "  " + ex.Name + strings.Repeat(" ", col-2-len(ex.Name))
			for _, l := range wrap(ex.Summary, pageWidth, first, indent) {
				b.WriteString(l + "\n")
			}
			for _, l := range wrap(ex.Teaches, pageWidth, indent, indent+"  ") {
				b.WriteString(l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// groups returns the groups of examples, in the order of examples.All: the
// headings of --help and --list.
func groups() []string {
	var gs []string
	for _, ex := range examples.All() {
		if !slices.Contains(gs, ex.Group) {
			gs = append(gs, ex.Group)
		}
	}
	return gs
}

// version is the module's version as the go command recorded it in the
// binary: a tag for "go install github.com/rexasyncio/rexasyncio/cmd/rexasyncio@v1.2.3", and
// "(devel)" for a build from a working tree (or when there is no build info).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
