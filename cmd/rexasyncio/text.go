package main

import (
	"strings"
	"unicode/utf8"
)

// pageWidth is the width the command lays its text out in: sources, notes,
// help and headers all fit in 80 columns.
const pageWidth = 80

// tabWidth is how many columns a tab stop spans when sources are printed: 4
// keeps gofmt-ed code (tab-indented) within 80 columns and reads like an
// editor's default.
const tabWidth = 4

// expandTabs replaces each tab with spaces up to the next tab stop, so that
// the layout does not depend on the terminal's tab setting.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// columns is how many columns s takes on a terminal. Everything the command
// prints is ASCII, box drawing or arrows, one column each.
func columns(s string) int { return utf8.RuneCountInString(s) }

// wrap breaks text into lines of at most width columns at spaces. The first
// line starts with first, the others with indent (hanging indentation); a word
// longer than a line is left whole on its own line.
func wrap(text string, width int, first, indent string) []string {
	var lines []string
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		switch {
		case empty:
			line += word
			empty = false
		case columns(line)+1+columns(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = indent + word
		}
	}
	return append(lines, line)
}
