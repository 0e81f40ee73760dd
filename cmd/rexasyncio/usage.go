package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"rexasyncio/examples"
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
	for _, l := range wrap("Run the asyncio examples of the post, ported to Go: each prints its output "+
		"as it happens, then its Go source. With no example flag, run the default (--"+def+").",
		pageWidth, "", "") {
		b.WriteString(l + "\n")
	}

	b.WriteString("\noptions:\n")
	for _, s := range specs {
		switch {
		case s.name == "h":
		case s.name == "help":
			writeHelpEntry(&b, "-h, --help", s.help)
		case s.name == "run" || s.example:
			writeHelpEntry(&b, s.usage, s.help)
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
		"Flags start with - or --, and take a value only after \"=\". "+
		"Ctrl-C cancels the running example.", pageWidth, "", "") {
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

// writeList prints --list: each example's name and summary, and the asyncio
// to Go mapping it teaches.
func writeList(w io.Writer) error {
	all := examples.All()
	nameWidth := 0
	for _, ex := range all {
		nameWidth = max(nameWidth, len(ex.Name))
	}
	col := 2 + nameWidth + 2
	indent := strings.Repeat(" ", col)
	var b strings.Builder
	fmt.Fprintf(&b, "The %d examples, in the post's order, each with the asyncio → Go mapping it\n"+
		"teaches. Run one with rexasyncio --NAME.\n\n", len(all))
	for _, ex := range all {
		first := "  " + ex.Name + strings.Repeat(" ", col-2-len(ex.Name))
		for _, l := range wrap(ex.Summary, pageWidth, first, indent) {
			b.WriteString(l + "\n")
		}
		for _, l := range wrap(ex.Teaches, pageWidth, indent, indent+"  ") {
			b.WriteString(l + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// version is the module's version as the go command recorded it in the
// binary: a tag for "go install rexasyncio/cmd/rexasyncio@v1.2.3", and
// "(devel)" for a build from a working tree (or when there is no build info).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
