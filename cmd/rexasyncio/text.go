package main

import (
	"slices"
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

// wrapMarkdown lays out a note written in Markdown within width columns. A
// paragraph or list item with a line too long is re-wrapped (list items with
// a hanging indent); everything else is kept as written: code (fenced with ```
// or indented by four spaces), headings, tables, and paragraphs that fit.
// Tabs are expanded.
func wrapMarkdown(md string, width int) string {
	lines := strings.Split(strings.TrimRight(expandTabs(md), "\n"), "\n")
	var out []string
	inFence := false
	for i := 0; i < len(lines); {
		line := lines[i]
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
		}
		if inFence || !isProse(line) || strings.HasPrefix(strings.TrimSpace(line), "```") {
			out = append(out, line)
			i++
			continue
		}
		j := i + 1 // the paragraph is lines[i:j]
		for j < len(lines) && isProse(lines[j]) && listMarker(strings.TrimSpace(lines[j])) == "" {
			j++
		}
		para := lines[i:j]
		i = j
		if !slices.ContainsFunc(para, func(l string) bool { return columns(l) > width }) {
			out = append(out, para...)
			continue
		}
		trimmed := strings.TrimSpace(para[0])
		lead := para[0][:len(para[0])-len(strings.TrimLeft(para[0], " "))]
		marker := listMarker(trimmed)
		text := trimmed[len(marker):]
		for _, l := range para[1:] {
			text += " " + strings.TrimSpace(l)
		}
		out = append(out, wrap(text, width, lead+marker, lead+strings.Repeat(" ", len(marker)))...)
	}
	return strings.Join(out, "\n") + "\n"
}

// isProse reports whether a Markdown line is part of a paragraph or list item,
// which may be re-wrapped, rather than blank, code, a heading or a table row.
func isProse(line string) bool {
	trimmed := strings.TrimSpace(line)
	return trimmed != "" && !strings.HasPrefix(line, "    ") && !strings.HasPrefix(trimmed, "```") &&
		!strings.HasPrefix(trimmed, "#") && !strings.HasPrefix(trimmed, "|")
}

// listMarker returns the Markdown list marker that starts s ("- ", "* ",
// "12. "), or "".
func listMarker(s string) string {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") {
		return s[:2]
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if digits > 0 && strings.HasPrefix(s[digits:], ". ") {
		return s[:digits+2]
	}
	return ""
}
