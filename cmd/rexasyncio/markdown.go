package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The notes are Markdown, which the command prints as terminal text rather
// than raw: the subset the notes use (headings, paragraphs, lists, code
// blocks, inline code, emphasis, links) is small enough for the few dozen
// lines below, where a CommonMark library and a terminal renderer (glamour)
// would bring a dozen modules.

// ANSI escapes for the notes.
const (
	ansiHeading  = "\x1b[1;4m" // bold, underlined
	ansiCode     = "\x1b[36m"  // cyan: inline code
	ansiCodeBox  = "\x1b[2m"   // faint: code blocks in a language chroma does not know
	ansiEmphasis = "\x1b[3m"   // italic
	ansiStrong   = "\x1b[1m"   // bold
	ansiLink     = "\x1b[4m"   // underlined
)

// codeIndent is how far code blocks are indented in the rendered notes.
const codeIndent = "    "

// renderNotes lays out a note written in Markdown as terminal text within
// width columns: headings, paragraphs and list items (bulleted with "•")
// re-wrapped, code blocks indented by four spaces, and inline code,
// emphasis and links without their marks. With color it styles headings,
// inline code, emphasis and links with ANSI escapes and highlights code
// blocks in Go or Python; without, it writes no escape at all. A blank line
// separates blocks. Tabs are expanded.
func renderNotes(md string, width int, color, trueColor bool) string {
	r := notesRenderer{width: width, color: color, trueColor: trueColor}
	lines := strings.Split(strings.TrimRight(expandTabs(md), "\n"), "\n")
	for i := 0; i < len(lines); {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		inList := r.inList
		r.inList = false
		switch {
		case trimmed == "":
			i++
		case strings.HasPrefix(trimmed, "```"):
			lang := strings.TrimSpace(strings.TrimLeft(trimmed, "`"))
			j := i + 1
			for j < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[j]), "```") {
				j++
			}
			r.code(lines[i+1:min(j, len(lines))], lang)
			i = j + 1
		case strings.HasPrefix(line, codeIndent):
			j := i
			for j < len(lines) && (strings.HasPrefix(lines[j], codeIndent) || strings.TrimSpace(lines[j]) == "") {
				j++
			}
			for j > i && strings.TrimSpace(lines[j-1]) == "" {
				j--
			}
			block := make([]string, j-i)
			for k, l := range lines[i:j] {
				block[k] = strings.TrimPrefix(l, codeIndent)
			}
			r.code(block, "")
			i = j
		case headingLevel(trimmed) > 0:
			r.heading(strings.TrimSpace(strings.TrimLeft(trimmed, "#")))
			i++
		case strings.HasPrefix(trimmed, "|"):
			j := i
			for j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "|") {
				j++
			}
			r.block(lines[i:j])
			i = j
		default:
			// A paragraph or list item: its first line and the lines that
			// continue it, up to a blank line, a new item or another block.
			j := i + 1
			for j < len(lines) && continuesProse(lines[j]) {
				j++
			}
			text := trimmed
			for _, l := range lines[i+1 : j] {
				text += " " + strings.TrimSpace(l)
			}
			lead := line[:len(line)-len(strings.TrimLeft(line, " "))]
			marker := listMarker(text)
			bullet := marker
			if marker == "- " || marker == "* " || marker == "+ " {
				bullet = "• "
			}
			// Items of a list written without blank lines stay together.
			r.tight = inList && marker != "" && i > 0 && strings.TrimSpace(lines[i-1]) != ""
			r.prose(text[len(marker):], lead+bullet, lead+strings.Repeat(" ", columns(bullet)))
			r.inList = marker != ""
			i = j
		}
	}
	return r.b.String()
}

// continuesProse reports whether line continues the paragraph or list item
// above it.
func continuesProse(line string) bool {
	trimmed := strings.TrimSpace(line)
	return trimmed != "" && listMarker(trimmed) == "" && headingLevel(trimmed) == 0 &&
		!strings.HasPrefix(trimmed, "```") && !strings.HasPrefix(trimmed, "|")
}

// headingLevel returns n for an ATX heading ("## text"), else 0.
func headingLevel(s string) int {
	n := len(s) - len(strings.TrimLeft(s, "#"))
	if n == 0 || n > 6 || (len(s) > n && s[n] != ' ') {
		return 0
	}
	return n
}

// listMarker returns the Markdown list marker that starts s ("- ", "* ",
// "12. "), or "".
func listMarker(s string) string {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "+ ") {
		return s[:2]
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if digits > 0 && strings.HasPrefix(s[digits:], ". ") {
		return s[:digits+2]
	}
	return ""
}

type notesRenderer struct {
	b                strings.Builder
	width            int
	color, trueColor bool
	begun            bool // a block has been written
	inList           bool // the last block was a list item
	tight            bool // the next block is a list item right after another
}

// block writes lines as a block, after a blank line unless it is the first
// or an item of a tight list.
func (r *notesRenderer) block(lines []string) {
	if r.begun && !r.tight {
		r.b.WriteString("\n")
	}
	r.begun, r.tight = true, false
	for _, l := range lines {
		r.b.WriteString(l + "\n")
	}
}

func (r *notesRenderer) heading(text string) {
	words := inlineWords(text, ansiHeading)
	r.block(r.layout(words, "", ""))
}

func (r *notesRenderer) prose(text, first, indent string) {
	r.block(r.layout(inlineWords(text, ""), first, indent))
}

// code writes a code block indented, highlighted with colour if lang is one
// chroma knows.
func (r *notesRenderer) code(lines []string, lang string) {
	src := strings.Join(lines, "\n") + "\n"
	if r.color {
		if lang != "" {
			src = highlight(src, lang, r.trueColor)
		} else {
			src = paintLines(src, ansiCodeBox)
		}
	}
	out := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	for i, l := range out {
		if l != "" {
			out[i] = codeIndent + l
		}
	}
	r.block(out)
}

// paintLines wraps every non-empty line of s in escape and a reset, so that
// each line can be read or paged on its own.
func paintLines(s, escape string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = escape + l + ansiReset
		}
	}
	return strings.Join(lines, "\n")
}

// layout wraps words into lines of at most width columns, the first line
// starting with first, the others with indent; a word longer than a line
// stays whole on its own line.
func (r *notesRenderer) layout(words []word, first, indent string) []string {
	var lines []string
	line := []segment{{first, ""}}
	col, empty := columns(first), true
	for _, w := range words {
		n := w.columns()
		switch {
		case empty:
		case col+1+n <= r.width:
			// A space between two words of one style takes that style, so
			// that an underline runs on under it.
			style := ""
			if prev := line[len(line)-1].style; prev == w[0].style {
				style = prev
			}
			line = append(line, segment{" ", style})
			col++
		default:
			lines = append(lines, r.paintLine(line))
			line = []segment{{indent, ""}}
			col = columns(indent)
		}
		line = append(line, w...)
		col += n
		empty = false
	}
	return append(lines, r.paintLine(line))
}

// paintLine writes a line's segments, each run of one style painted once.
func (r *notesRenderer) paintLine(segs []segment) string {
	var b strings.Builder
	for i := 0; i < len(segs); {
		j, text := i+1, segs[i].text
		for j < len(segs) && segs[j].style == segs[i].style {
			text += segs[j].text
			j++
		}
		b.WriteString(r.paint(segs[i].style, text))
		i = j
	}
	return b.String()
}

func (r *notesRenderer) paint(style, s string) string {
	if !r.color || style == "" {
		return s
	}
	return style + s + ansiReset
}

// segment is text in one style ("" for none).
type segment struct{ text, style string }

// word is what wrapping keeps together: the segments between two spaces,
// such as a code span and the "s" after it.
type word []segment

func (w word) columns() int {
	n := 0
	for _, s := range w {
		n += columns(s.text)
	}
	return n
}

// inlineWords splits Markdown text into words, reading code spans (`x`),
// strong (**x**) and emphasis (*x*, _x_) and links ([x](url)), in style
// base when nothing else applies. Marks that open nothing stay as text.
func inlineWords(text, base string) []word {
	var words []word
	var cur word
	add := func(s, style string) {
		for i, part := range strings.Split(s, " ") {
			if i > 0 && len(cur) > 0 {
				words = append(words, cur)
				cur = nil
			}
			if part != "" {
				cur = append(cur, segment{part, style})
			}
		}
	}
	plain := 0 // start of the text not yet added
	for i := 0; i < len(text); {
		style, inner, end := inlineSpan(text, i, base)
		if end == 0 {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		add(text[plain:i], base)
		add(inner, style)
		i, plain = end, end
	}
	add(text[plain:], base)
	if len(cur) > 0 {
		words = append(words, cur)
	}
	return words
}

// inlineSpan reads the inline element at text[i:], if one starts there, and
// returns its style, its text without marks, and where it ends (0 if none).
func inlineSpan(text string, i int, base string) (style, inner string, end int) {
	rest := text[i:]
	switch {
	case rest[0] == '`':
		ticks := rest[:len(rest)-len(strings.TrimLeft(rest, "`"))]
		if j := strings.Index(rest[len(ticks):], ticks); j >= 0 {
			code := rest[len(ticks) : len(ticks)+j]
			if strings.HasPrefix(code, " ") && strings.HasSuffix(code, " ") && strings.TrimSpace(code) != "" {
				code = code[1 : len(code)-1]
			}
			return ansiCode, code, i + 2*len(ticks) + j
		}
	case strings.HasPrefix(rest, "**"):
		if inner, n, ok := delimited(text, i, "**"); ok {
			return ansiStrong, inner, n
		}
	case rest[0] == '*' || rest[0] == '_':
		if inner, n, ok := delimited(text, i, rest[:1]); ok {
			return ansiEmphasis, inner, n
		}
	case rest[0] == '[':
		if j := strings.Index(rest, "]("); j > 0 {
			if k := strings.IndexByte(rest[j+2:], ')'); k >= 0 {
				label, url := rest[1:j], rest[j+2:j+2+k]
				if url != label {
					label += " (" + url + ")"
				}
				return ansiLink, label, i + j + 3 + k
			}
		}
	}
	return base, "", 0
}

// delimited reads an emphasis that opens at text[i] with mark: the mark must
// touch the text it encloses, and must not sit inside a word, so that
// 2*3*4 and snake_case_names stay as they are.
func delimited(text string, i int, mark string) (inner string, end int, ok bool) {
	if i > 0 {
		if prev, _ := utf8.DecodeLastRuneInString(text[:i]); isWordRune(prev) {
			return "", 0, false
		}
	}
	open := i + len(mark)
	if open >= len(text) || text[open] == ' ' {
		return "", 0, false
	}
	for j := open + 1; j+len(mark) <= len(text); j++ {
		if text[j:j+len(mark)] != mark || text[j-1] == ' ' {
			continue
		}
		after := j + len(mark)
		if after < len(text) {
			if next, _ := utf8.DecodeRuneInString(text[after:]); isWordRune(next) || string(next) == mark[:1] {
				continue
			}
		}
		return text[open:j], after, true
	}
	return "", 0, false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
