package main

import (
	"io"
	"strings"

	"github.com/rexasyncio/rexasyncio/examples"
)

// ANSI escapes for the command's own text (sources are coloured by chroma).
const (
	ansiRule  = "\x1b[1;36m" // bold cyan: the ── rules of headers
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// page lays out what the command prints around the examples' own output:
// headers, sections, sources and notes, within pageWidth columns, coloured
// when color is set. Write errors are remembered by the syncWriter.
type page struct {
	w         io.Writer
	color     bool
	trueColor bool
}

func (p *page) print(s string) { io.WriteString(p.w, s) }

func (p *page) blank() { p.print("\n") }

// header introduces an example: "── gather ── asyncio.gather → asyncio.Gather".
// A mapping too long for the line continues on the next ones, indented.
func (p *page) header(ex examples.Example) {
	rule := "── " + ex.Name + " ──"
	if ex.Teaches == "" {
		p.print(p.paint(ansiRule, rule) + "\n")
		return
	}
	indent := strings.Repeat(" ", columns(rule)+1)
	lines := wrap(ex.Teaches, pageWidth, indent, indent)
	for i, l := range lines {
		if i == 0 {
			l = p.paint(ansiRule, rule) + " " + p.paint(ansiBold, strings.TrimPrefix(l, indent))
		} else {
			l = indent + p.paint(ansiBold, strings.TrimPrefix(l, indent))
		}
		p.print(l + "\n")
	}
}

// section starts a part of an example's page: "── examples/gather.go",
// after a blank line.
func (p *page) section(title string) {
	p.print("\n" + p.paint(ansiRule, "──") + " " + p.paint(ansiBold, title) + "\n")
}

// code prints a source file with its tabs expanded, highlighted when colour
// is on. A missing file is said so, rather than printed as nothing.
func (p *page) code(src, language string) {
	if strings.TrimSpace(src) == "" {
		p.print("(none)\n")
		return
	}
	src = expandTabs(src)
	if !strings.HasSuffix(src, "\n") {
		src += "\n"
	}
	if p.color {
		src = highlight(src, language, p.trueColor)
	}
	p.print(src)
}

// prose prints Markdown notes as terminal text laid out on the page.
func (p *page) prose(md string) {
	if strings.TrimSpace(md) == "" {
		p.print("(none)\n")
		return
	}
	p.print(renderNotes(md, pageWidth, p.color, p.trueColor))
}

func (p *page) paint(escape, s string) string {
	if !p.color {
		return s
	}
	return escape + s + ansiReset
}
