package sidebyside

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A Source is one of the two programs as it is printed: its lines (tabs
// expanded, perhaps coloured with ANSI escapes, one line each) and a
// title, its file name.
type Source struct {
	Title string
	Lines []string
}

// Layout says how to print: the width in columns, the rule character
// drawn under titles and between the columns ("─", or "-" and "|" where
// the terminal is not UTF-8).
type Layout struct {
	Width  int
	Rule   string // drawn under the titles: "─" or "-"
	Gutter string // between the columns, 3 columns wide: " │ " or " | "
}

// Columns prints the pairs in two columns, left beside right, each pair
// starting on the same row, with a blank row between pairs. A line too
// long for its column continues on the next row.
func Columns(pairs []Pair, left, right Source, lay Layout) string {
	maxLeft, maxRight := columns(left.Title), columns(right.Title)
	for _, p := range pairs {
		maxLeft = max(maxLeft, widest(left.Lines, p.Left))
		maxRight = max(maxRight, widest(right.Lines, p.Right))
	}
	room := lay.Width - columns(lay.Gutter)
	leftWidth := maxLeft
	if maxLeft+maxRight > room {
		leftWidth = min(maxLeft, max(room-maxRight, room/2))
	}
	rightWidth := max(room-leftWidth, 1)
	leftWidth = max(leftWidth, 1)

	var b strings.Builder
	row := func(l, r string) {
		b.WriteString(strings.TrimRight(pad(l, leftWidth)+lay.Gutter+r, " "))
		b.WriteString("\n")
	}
	row(left.Title, right.Title)
	row(strings.Repeat(lay.Rule, leftWidth),
		strings.Repeat(lay.Rule, min(rightWidth, maxRight)))
	for i, p := range pairs {
		if i > 0 {
			row("", "")
		}
		l, lHead := wrapBlock(left.Lines, p.Left, leftWidth)
		r, rHead := wrapBlock(right.Lines, p.Right, rightWidth)
		// Blank rows above the side whose comments are shorter put the
		// two declarations on the same row.
		if p.Left != nil && p.Right != nil {
			l = append(make([]string, max(rHead-lHead, 0)), l...)
			r = append(make([]string, max(lHead-rHead, 0)), r...)
		}
		for k := range max(len(l), len(r)) {
			row(at(l, k), at(r, k))
		}
	}
	return b.String()
}

// Sequence prints the pairs one after the other: each left block, then
// the right block beside which Columns would put it, each under a rule
// that names its source.
func Sequence(pairs []Pair, left, right Source, lay Layout) string {
	var b strings.Builder
	block := func(s Source, blk *Block) {
		if blk == nil {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		title := lay.Rule + lay.Rule + " " + s.Title + " "
		b.WriteString(title)
		b.WriteString(strings.Repeat(lay.Rule, max(lay.Width-columns(title), 2)))
		b.WriteString("\n")
		for _, l := range blockLines(s.Lines, blk) {
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
	for _, p := range pairs {
		block(left, p.Left)
		block(right, p.Right)
	}
	return b.String()
}

func blockLines(lines []string, b *Block) []string {
	if b == nil {
		return nil
	}
	return lines[min(b.From, len(lines)):min(b.To, len(lines))]
}

func widest(lines []string, b *Block) int {
	n := 0
	for _, l := range blockLines(lines, b) {
		n = max(n, columns(l))
	}
	return n
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// sgr matches an ANSI colour escape ("select graphic rendition").
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// columns is how many columns s takes on a terminal: its runes, less its
// colour escapes. Sources are ASCII or one column a rune.
func columns(s string) int {
	return utf8.RuneCountInString(sgr.ReplaceAllString(s, ""))
}

// pad fills s with spaces to width columns.
func pad(s string, width int) string {
	if n := columns(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// wrapBlock returns the block's lines wrapped to width columns, and the
// row its head is on.
func wrapBlock(lines []string, b *Block, width int) (rows []string, head int) {
	if b == nil {
		return nil, 0
	}
	for i, l := range blockLines(lines, b) {
		if b.From+i == b.Head {
			head = len(rows)
		}
		rows = append(rows, wrapLine(l, width)...)
	}
	return rows, head
}

// wrapLine cuts a line into pieces of at most width columns. The colour in
// force at a cut is reset at the end of the piece and set again at the
// start of the next, so each row can be printed on its own.
func wrapLine(line string, width int) []string {
	if columns(line) <= width {
		return []string{line}
	}
	var (
		pieces []string
		b      strings.Builder
		n      int    // columns in b
		active string // the last colour escape, "" if none is in force
	)
	for i := 0; i < len(line); {
		if loc := sgr.FindStringIndex(line[i:]); loc != nil && loc[0] == 0 {
			esc := line[i : i+loc[1]]
			b.WriteString(esc)
			active = esc
			if esc == "\x1b[0m" || esc == "\x1b[m" {
				active = ""
			}
			i += loc[1]
			continue
		}
		if n == width {
			if active != "" {
				b.WriteString("\x1b[0m")
			}
			pieces = append(pieces, b.String())
			b.Reset()
			b.WriteString(active)
			n = 0
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		b.WriteString(line[i : i+size])
		n++
		i += size
	}
	return append(pieces, b.String())
}
